#include "auditlog.h"

#include <utility>

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>
#include <QUuid>

#include "fpnn/fpnnerrorcodes.h"
#include "jsonwriter.h"
#include "servicelog.h"

#ifdef Q_OS_UNIX
#include <cerrno>
#include <pwd.h>
#include <unistd.h>
#endif

namespace service {

namespace {

QString nowIsoUtc()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

JsonObject baseLine(const char *event, const QString &attemptId, const AuditRecord &r)
{
    JsonObject o;
    o.add("time", nowIsoUtc())
        .add("event", event)
        .add("attemptId", attemptId)
        .add("profile", r.profile)
        .add("endpoint", r.endpoint)
        .add("pid", r.pid)
        .add("user", AuditLog::operatingSystemUser())
        .add("action", r.action)
        .add("target", r.target)
        .add("mid", r.mid);
    return o;
}

} // namespace

AuditLog::AuditLog() = default;

AuditLog::AuditLog(const QString &path) : m_fixedPath(path) {}

AuditLog::~AuditLog()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_writer.joinable())
        m_writer.join();   // the writer drains the queue before it ends
    if (m_file.isOpen())
        m_file.close();
}

AuditLog *AuditLog::defaultLog()
{
    static AuditLog log;
    return &log;
}

QString AuditLog::defaultPath()
{
    const QString env = qEnvironmentVariable("RTM_AUDIT_LOG");
    if (!env.isEmpty())
        return env;
    QString base = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    if (base.isEmpty())
        base = QDir::homePath() + QStringLiteral("/.local/share");
    return base + QStringLiteral("/rtm-console/audit.jsonl");
}

QString AuditLog::operatingSystemUser()
{
#ifdef Q_OS_UNIX
    if (const passwd *pw = ::getpwuid(::geteuid()); pw && pw->pw_name)
        return QString::fromLocal8Bit(pw->pw_name);
#endif
    QString user = qEnvironmentVariable("USER");
    if (user.isEmpty())
        user = qEnvironmentVariable("USERNAME");
    return user;
}

bool AuditLog::outcomeIsUnknown(int code)
{
    return code == fpnn::CoreTimeout || code == fpnn::CoreConnectionClosed
        || code == fpnn::CoreCancelled;
}

QString AuditLog::outcomeText(const rtm::RtmError &error)
{
    if (!error.isError())
        return QStringLiteral("ok");
    if (outcomeIsUnknown(error.code))
        return QStringLiteral("unknown — check by mid");
    return error.name.isEmpty() ? rtm::errorName(error.code) : error.name;
}

QString AuditLog::path() const
{
    std::lock_guard lock(m_mutex);
    return m_fixedPath.isEmpty() ? defaultPath() : m_fixedPath;
}

void AuditLog::setPath(const QString &path)
{
    std::lock_guard lock(m_mutex);
    m_fixedPath = path;
}

QString AuditLog::lastError() const
{
    std::lock_guard lock(m_mutex);
    return m_lastError;
}

AuditLog::PendingLine AuditLog::writeAttempt(const AuditRecord &record)
{
    const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    return PendingLine{id, enqueue(baseLine("attempt", id, record).toJson())};
}

QFuture<AuditWriteResult> AuditLog::writeOutcome(const QString &attemptId, const AuditRecord &record,
                                                 const rtm::RtmError &error, int retries)
{
    JsonObject o = baseLine("outcome", attemptId, record);
    o.add("outcome", outcomeText(error)).add("code", error.code);
    if (error.isError())
        o.add("message", error.message);
    o.add("retries", retries);
    return enqueue(o.toJson());
}

QFuture<AuditWriteResult> AuditLog::enqueue(const QByteArray &line)
{
    const QString target = path();   // resolved on the caller's thread (environment, test mode)
    Job job;
    job.path = target;
    job.line = line;
    job.promise.start();
    QFuture<AuditWriteResult> future = job.promise.future();
    {
        std::lock_guard lock(m_mutex);
        job.number = ++m_queued;
        m_queue.push_back(std::move(job));
        if (!m_writer.joinable())
            m_writer = std::thread([this] { writerLoop(); });
    }
    m_wake.notify_one();
    return future;
}

bool AuditLog::flush()
{
    std::unique_lock lock(m_mutex);
    const quint64 target = m_queued;
    m_progress.wait(lock, [&] { return m_done >= target; });
    return !std::exchange(m_failedSinceFlush, false);
}

void AuditLog::writerLoop()
{
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [&] { return m_stopping || !m_queue.empty(); });
        if (m_queue.empty())
            return;   // stopping, and everything is written
        Job job = std::move(m_queue.front());
        m_queue.pop_front();
        lock.unlock();
        const AuditWriteResult result = writeLine(job.path, job.line);
        if (!result.ok)
            qCWarning(lcService).noquote() << result.error;
        lock.lock();
        m_lastError = result.error;
        if (!result.ok)
            m_failedSinceFlush = true;
        m_done = job.number;
        // Publish the result with the counters, so flush() and the future agree.
        job.promise.addResult(result);
        job.promise.finish();
        m_progress.notify_all();
    }
}

AuditWriteResult AuditLog::writeLine(const QString &path, const QByteArray &line)
{
    if (m_file.isOpen() && m_file.fileName() != path)
        m_file.close();
    if (!m_file.isOpen()) {
        QDir().mkpath(QFileInfo(path).absolutePath());
        m_file.setFileName(path);
        // Append to a regular file; a device (e.g. /dev/null to discard) cannot seek.
        const QFileInfo info(path);
        const bool device = info.exists() && !info.isFile();
        if (!m_file.open(device ? QIODevice::WriteOnly : (QIODevice::WriteOnly | QIODevice::Append)))
            return {false, QStringLiteral("cannot open the audit log %1: %2").arg(path, m_file.errorString())};
#ifdef Q_OS_UNIX
        if (!device)
            m_file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
#endif
    }
    const QByteArray data = line + '\n';
    bool ok = m_file.write(data) == data.size() && m_file.flush();
    QString reason = m_file.errorString();
#ifdef Q_OS_UNIX
    if (ok && ::fdatasync(m_file.handle()) != 0 && errno != EINVAL) {   // EINVAL: not syncable (device)
        ok = false;
        reason = qt_error_string(errno);
    }
#endif
    if (!ok) {
        m_file.close();   // reopen on the next line
        return {false, QStringLiteral("cannot write the audit log %1: %2").arg(path, reason)};
    }
    return {true, {}};
}

} // namespace service
