#pragma once

// One line of the audit trail (auditlog.h) as the audit viewer reads it back: an attempt,
// an outcome, or a line that is not a valid audit line (junk, a line cut short by a crash)
// — which is kept, with the reason, so a bad line never hides the ones after it. Numbers
// are read exactly (mids above 2^53), so the JSON is parsed with valueFromJson, not
// QJsonDocument.

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace service {

struct AuditTrailLine {
    enum class Kind { Attempt, Outcome, Malformed };
    Kind kind = Kind::Malformed;
    qint64 lineNumber = 0;   // 1-based
    QByteArray raw;          // the line as written (no line end); junk is cut at 64 KiB
    QString error;           // Malformed: what is wrong

    QString time;            // as written, ISO 8601 UTC
    qint64 timeMs = 0;       // ms since the epoch; 0 when the time could not be read
    QString attemptId;
    QString profile;
    QString endpoint;
    QString user;
    qint64 pid = 0;
    QString action;          // wire method
    QString target;
    QString mid;             // digits exactly as written ("" when absent)
    QStringList ids;         // the mid and every number in the target (uids, gid, rid)

    // outcome lines
    QString outcome;         // "ok", the error name, or "unknown — check by mid"
    qint64 code = 0;
    QString message;
    qint64 retries = 0;

    // attempt lines: the "content" object (auditcontent.h)
    bool hasContent = false;
    QString contentText;     // the text; binary as "base64:…"; "" when not captured
    QString contentNote;     // "binary, 7 bytes", "truncated, 90000 bytes", "not captured: …"
};

// Reads one line (without its line end). Never fails: what cannot be read is Malformed.
AuditTrailLine parseAuditTrailLine(const QByteArray &line, qint64 lineNumber);

} // namespace service

Q_DECLARE_TYPEINFO(service::AuditTrailLine, Q_RELOCATABLE_TYPE);   // Qt strings only
Q_DECLARE_METATYPE(service::AuditTrailLine)
