#include "auditlog.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QMutexLocker>
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
    QMutexLocker lock(&m_mutex);
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
    QMutexLocker lock(&m_mutex);
    return currentPathLocked();
}

void AuditLog::setPath(const QString &path)
{
    QMutexLocker lock(&m_mutex);
    m_fixedPath = path;
}

QString AuditLog::currentPathLocked() const
{
    return m_fixedPath.isEmpty() ? defaultPath() : m_fixedPath;
}

QString AuditLog::lastError() const
{
    QMutexLocker lock(&m_mutex);
    return m_lastError;
}

QString AuditLog::writeAttempt(const AuditRecord &record)
{
    const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    writeLine(baseLine("attempt", id, record).toJson());
    return id;
}

bool AuditLog::writeOutcome(const QString &attemptId, const AuditRecord &record,
                            const rtm::RtmError &error, int retries)
{
    JsonObject o = baseLine("outcome", attemptId, record);
    o.add("outcome", outcomeText(error)).add("code", error.code);
    if (error.isError())
        o.add("message", error.message);
    o.add("retries", retries);
    return writeLine(o.toJson());
}

bool AuditLog::writeLine(const QByteArray &line)
{
    QMutexLocker lock(&m_mutex);
    const QString path = currentPathLocked();
    if (m_file.isOpen() && m_file.fileName() != path)
        m_file.close();
    if (!m_file.isOpen()) {
        QDir().mkpath(QFileInfo(path).absolutePath());
        m_file.setFileName(path);
        // Append to a regular file; a device (e.g. /dev/null to discard) cannot seek.
        const QFileInfo info(path);
        const bool device = info.exists() && !info.isFile();
        if (!m_file.open(device ? QIODevice::WriteOnly : (QIODevice::WriteOnly | QIODevice::Append))) {
            m_lastError = QStringLiteral("cannot open the audit log %1: %2").arg(path, m_file.errorString());
            qCWarning(lcService).noquote() << m_lastError;
            return false;
        }
#ifdef Q_OS_UNIX
        if (!device)
            m_file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
#endif
    }
    const QByteArray data = line + '\n';
    bool ok = m_file.write(data) == data.size() && m_file.flush();
#ifdef Q_OS_UNIX
    if (ok && ::fdatasync(m_file.handle()) != 0 && errno != EINVAL)   // EINVAL: not syncable (device)
        ok = false;
#endif
    if (!ok) {
        m_lastError = QStringLiteral("cannot write the audit log %1: %2").arg(path, m_file.errorString());
        qCWarning(lcService).noquote() << m_lastError;
        m_file.close();   // reopen on the next line
        return false;
    }
    m_lastError.clear();
    return true;
}

} // namespace service
