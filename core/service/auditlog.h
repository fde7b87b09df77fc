#pragma once

// The audit trail of sends and deletes, shared by the console and rtmctl: a JSON-lines
// file in the user's data folder (default <GenericDataLocation>/rtm-console/audit.jsonl,
// e.g. ~/.local/share/rtm-console/audit.jsonl; the environment variable RTM_AUDIT_LOG or
// setPath() overrides it). Every send and delete writes an "attempt" line before the
// request goes out and an "outcome" line after it ends; both carry the same attemptId.
//
// Line fields: time (ISO 8601 UTC with ms), event ("attempt" | "outcome"), attemptId,
// profile, endpoint, pid, user (operating-system user), action (wire method, e.g.
// "sendgroupmsg", "delmsg"), target (text), mid; outcome lines add outcome ("ok", the
// error name, or "unknown — check by mid" when the request may or may not have reached
// the server: timeout 20003, connection closed 20002, aborted after sending), code,
// message (the error's meaning) and retries. Numbers are written exactly (mids exceed
// 2^53). The secret and the sign never appear.
//
// Each line is written through to disk (write, flush, fdatasync) before the call returns.
// All functions are thread-safe.

#include <QFile>
#include <QMutex>
#include <QString>

#include "rtm/rtmerror.h"

namespace service {

struct AuditRecord {
    QString profile;
    QString endpoint;     // "host:port"
    qint64 pid = 0;
    QString action;       // wire method
    QString target;       // e.g. "group 42"
    qint64 mid = 0;
};

class AuditLog {
public:
    AuditLog();                              // path: defaultPath(), resolved at each write
    explicit AuditLog(const QString &path);  // fixed path
    ~AuditLog();

    AuditLog(const AuditLog &) = delete;
    AuditLog &operator=(const AuditLog &) = delete;

    // The process-wide log used by RtmSession unless it is given another one.
    static AuditLog *defaultLog();
    // RTM_AUDIT_LOG when set, else <GenericDataLocation>/rtm-console/audit.jsonl.
    static QString defaultPath();
    static QString operatingSystemUser();
    // "ok", the error name, or "unknown — check by mid" for 20002/20003/20015.
    static QString outcomeText(const rtm::RtmError &error);
    static bool outcomeIsUnknown(int code);

    QString path() const;
    void setPath(const QString &path);   // empty = back to defaultPath()

    // Writes the attempt line; returns its attempt id (also when writing failed, which is
    // reported through lastError() and the log category).
    QString writeAttempt(const AuditRecord &record);
    // Writes the outcome line for an earlier attempt.
    bool writeOutcome(const QString &attemptId, const AuditRecord &record,
                      const rtm::RtmError &error, int retries = 0);

    QString lastError() const;

private:
    bool writeLine(const QByteArray &line);
    QString currentPathLocked() const;

    mutable QMutex m_mutex;
    QString m_fixedPath;
    QFile m_file;
    QString m_lastError;
};

} // namespace service
