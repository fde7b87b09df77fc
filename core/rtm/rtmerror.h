#pragma once

// Errors as values: {code, name, message} for every FPNN and RTM code of protocol.md 5.
// Unknown codes keep their number ("unknown error N").

#include <QMetaType>
#include <QString>

namespace rtm {

// Errors this client finds on its own, numbered outside every range of protocol.md 5 so they
// never collide with a server's code.
enum ConsoleErrorCode : int {
    AuditLogUnavailable = 900001,   // the attempt line could not be written: nothing was sent
    CursorNotAdvancing = 900002,    // a history page's lastid repeated or went back
    EncryptionKeyUnusable = 900003, // the server key file for encryption cannot be used: nothing was sent
};

struct RtmError {
    int code = 0;          // 0 = no error
    QString name;          // e.g. "RTM_EC_MESSAGE_NOT_FOUND"
    QString message;       // one-line meaning, plus detail from the server when there is one

    bool isError() const { return code != 0; }
    explicit operator bool() const { return isError(); }

    static RtmError none() { return {}; }
    // Name and meaning from the table; detail (e.g. the server's `ex`) is appended.
    static RtmError fromCode(int code, const QString &detail = {});
};

QString errorName(int code);      // "unknown error N" style name for unknown codes
QString errorMeaning(int code);   // one-line meaning
bool isKnownErrorCode(int code);
// True for codes that say the local clock may be wrong (200008; 200002 right after connecting
// is decided by the caller).
bool isClockError(int code);

} // namespace rtm

Q_DECLARE_METATYPE(rtm::RtmError)
