#pragma once

// What a send carried, or what a delete removed, as the audit trail records it on the
// attempt line (auditlog.h): the message type, the message and the attrs. A delete's
// content is captured before the delete goes out — from the history row or the Find
// message result in the console, by a getmsg in `rtmctl delete-*` — or, when it could not
// be read, the reason why it was not captured.
//
// On the line it is the object "content":
//   {"mtype": 30, "message": "hello", "attrs": "{...}"}
//   {"mtype": 30, "message": "AAEC", "messageEncoding": "base64", "attrs": ""}
//   {"notCaptured": "getmsg failed: 200070 MESSAGE_NOT_FOUND ..."}
// Binary messages (msgpack bin) and bytes that are not valid UTF-8 are written as base64
// with the "…Encoding": "base64" marker. Each of message and attrs is cut at maxBytes (at
// a character boundary for text) and then says "…Truncated": true and "…Bytes": the full
// size, so one line stays a sane size.

#include <QByteArray>
#include <QString>

namespace service {

class JsonObject;

struct AuditContent {
    enum class State { None, Captured, NotCaptured };
    static constexpr qsizetype maxBytes = 64 * 1024;   // per field

    State state = State::None;   // None: no "content" on the line (reads, probes)
    int mtype = 0;
    QByteArray message;
    bool binary = false;         // the message is msgpack bin
    QByteArray attrs;
    QString reason;              // NotCaptured: why

    static AuditContent captured(int mtype, const QByteArray &message, bool binary, const QByteArray &attrs)
    {
        return AuditContent{State::Captured, mtype, message, binary, attrs, {}};
    }
    static AuditContent notCaptured(const QString &reason)
    {
        AuditContent c;
        c.state = State::NotCaptured;
        c.reason = reason;
        return c;
    }
    bool isCaptured() const { return state == State::Captured; }

    // The "content" object as described above (state None: an empty object).
    JsonObject toJson() const;
};

} // namespace service
