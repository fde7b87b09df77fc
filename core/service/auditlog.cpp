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
    JsonObject line = baseLine("attempt", id, record);
    if (record.content.state != AuditContent::State::None)
        line.add("content", record.content.toJson());
    return PendingLine{id, enqueue(line.toJson())};
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

quint64 AuditLog::syncCount() const
{
    std::lock_guard lock(m_mutex);
    return m_syncs;
}

void AuditLog::setSyncFunction(SyncFunction sync)
{
    std::lock_guard lock(m_mutex);
    m_sync = std::move(sync);
}

void AuditLog::writerLoop()
{
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [&] { return m_stopping || !m_queue.empty(); });
        if (m_queue.empty())
            return;   // stopping, and everything is written
        // Group commit: every line queued now, in queue order, then one sync per file.
        std::deque<Job> batch;
        batch.swap(m_queue);
        const SyncFunction sync = m_sync;
        lock.unlock();
        while (!batch.empty()) {
            // A group is the run of lines for the same path (setPath() may change it).
            const QString groupPath = batch.front().path;
            std::size_t size = 0;
            QByteArray lines;
            for (; size < batch.size() && batch[size].path == groupPath; ++size) {
                lines += batch[size].line;
                lines += '\n';
            }
            const AuditWriteResult result = writeGroup(groupPath, lines, sync);
            if (!result.ok)
                qCWarning(lcService).noquote() << result.error;
            lock.lock();
            m_lastError = result.error;
            if (!result.ok)
                m_failedSinceFlush = true;
            // Publish the results with the counters, so flush() and the futures agree.
            for (std::size_t i = 0; i < size; ++i) {
                m_done = batch.front().number;
                batch.front().promise.addResult(result);
                batch.front().promise.finish();
                batch.pop_front();
            }
            m_progress.notify_all();
            lock.unlock();
        }
        lock.lock();
    }
}

AuditWriteResult AuditLog::writeGroup(const QString &path, const QByteArray &lines, const SyncFunction &sync)
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
    bool ok = m_file.write(lines) == lines.size() && m_file.flush();
    QString reason = m_file.errorString();
#ifdef Q_OS_UNIX
    if (ok) {
        const int synced = sync ? sync(m_file.handle()) : ::fdatasync(m_file.handle());
        const int syncError = errno;
        {
            std::lock_guard lock(m_mutex);
            ++m_syncs;
        }
        if (synced != 0 && syncError != EINVAL) {   // EINVAL: not syncable (device)
            ok = false;
            reason = qt_error_string(syncError);
        }
    }
#else
    Q_UNUSED(sync)
#endif
    if (!ok) {
        m_file.close();   // reopen on the next group
        return {false, QStringLiteral("cannot write the audit log %1: %2").arg(path, reason)};
    }
    return {true, {}};
}

} // namespace service
