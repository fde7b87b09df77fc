#include "rtmerror.h"

#include <algorithm>
#include <iterator>

#include <QCoreApplication>

#include "rtmwire.h"

namespace rtm {

namespace {

struct ErrorEntry {
    int code;
    const char *name;
    const char *meaning;
};

// The meanings are translated where shown (errorMeaning(); the console installs a
// translator, rtmctl does not and stays English).
// Every code of protocol.md 5.1 and 5.2 (and our own, last), sorted by code for binary search. Names keep the
// SDKs' spellings (DUPLCATED, TOEKN, TRASNCRIBE) so that they match what people search for.
constexpr ErrorEntry kErrors[] = {
    {0, "FPNN_EC_OK", QT_TRANSLATE_NOOP("rtm::errors", "success")},
    {10001, "FPNN_EC_PROTO_UNKNOWN_ERROR", QT_TRANSLATE_NOOP("rtm::errors", "unspecified encode/decode failure")},
    {10002, "FPNN_EC_PROTO_NOT_SUPPORTED", QT_TRANSLATE_NOOP("rtm::errors", "protocol, format or encoding not supported")},
    {10003, "FPNN_EC_PROTO_INVALID_PACKAGE", QT_TRANSLATE_NOOP("rtm::errors", "malformed package")},
    {10004, "FPNN_EC_PROTO_JSON_CONVERT", QT_TRANSLATE_NOOP("rtm::errors", "JSON ↔ msgpack conversion failed")},
    {10005, "FPNN_EC_PROTO_STRING_KEY", QT_TRANSLATE_NOOP("rtm::errors", "a map key is not a string")},
    {10006, "FPNN_EC_PROTO_MAP_VALUE", QT_TRANSLATE_NOOP("rtm::errors", "payload root is not a map")},
    {10007, "FPNN_EC_PROTO_METHOD_TYPE", QT_TRANSLATE_NOOP("rtm::errors", "wrong message type for the operation (e.g. bad mtype)")},
    {10008, "FPNN_EC_PROTO_PROTO_TYPE", QT_TRANSLATE_NOOP("rtm::errors", "unsupported encoding type")},
    {10009, "FPNN_EC_PROTO_KEY_NOT_FOUND", QT_TRANSLATE_NOOP("rtm::errors", "a required param is missing")},
    {10010, "FPNN_EC_PROTO_TYPE_CONVERT", QT_TRANSLATE_NOOP("rtm::errors", "a param has a type that cannot be converted")},
    {10011, "FPNN_EC_PROTO_FILE_SIGN", QT_TRANSLATE_NOOP("rtm::errors", "bad file signature")},
    {10012, "FPNN_EC_PROTO_FILE_NOT_EXIST", QT_TRANSLATE_NOOP("rtm::errors", "file does not exist")},
    {20001, "FPNN_EC_CORE_UNKNOWN_ERROR", QT_TRANSLATE_NOOP("rtm::errors", "unspecified failure")},
    {20002, "FPNN_EC_CORE_CONNECTION_CLOSED", QT_TRANSLATE_NOOP("rtm::errors", "connection closed (pending quests fail with it)")},
    {20003, "FPNN_EC_CORE_TIMEOUT", QT_TRANSLATE_NOOP("rtm::errors", "no answer in time")},
    {20004, "FPNN_EC_CORE_UNKNOWN_METHOD", QT_TRANSLATE_NOOP("rtm::errors", "the peer has no such method")},
    {20005, "FPNN_EC_CORE_ENCODING", QT_TRANSLATE_NOOP("rtm::errors", "encoding failed")},
    {20006, "FPNN_EC_CORE_DECODING", QT_TRANSLATE_NOOP("rtm::errors", "decoding failed")},
    {20007, "FPNN_EC_CORE_SEND_ERROR", QT_TRANSLATE_NOOP("rtm::errors", "send failed")},
    {20008, "FPNN_EC_CORE_RECV_ERROR", QT_TRANSLATE_NOOP("rtm::errors", "receive failed")},
    {20009, "FPNN_EC_CORE_INVALID_PACKAGE", QT_TRANSLATE_NOOP("rtm::errors", "invalid package")},
    {20010, "FPNN_EC_CORE_HTTP_ERROR", QT_TRANSLATE_NOOP("rtm::errors", "HTTP error")},
    {20011, "FPNN_EC_CORE_WORK_QUEUE_FULL", QT_TRANSLATE_NOOP("rtm::errors", "server work queue full (retry later)")},
    {20012, "FPNN_EC_CORE_INVALID_CONNECTION", QT_TRANSLATE_NOOP("rtm::errors", "no usable connection (connect failed)")},
    {20013, "FPNN_EC_CORE_FORBIDDEN", QT_TRANSLATE_NOOP("rtm::errors", "operation not allowed (e.g. intranet-only method)")},
    {20014, "FPNN_EC_CORE_SERVER_STOPPING", QT_TRANSLATE_NOOP("rtm::errors", "server is shutting down")},
    {20015, "FPNN_EC_CORE_CANCELLED", QT_TRANSLATE_NOOP("rtm::errors", "operation cancelled")},
    {30001, "FPNN_EC_ZIP_COMPRESS", QT_TRANSLATE_NOOP("rtm::errors", "compression failed")},
    {30002, "FPNN_EC_ZIP_DECOMPRESS", QT_TRANSLATE_NOOP("rtm::errors", "decompression failed")},
    {200001, "RTM_EC_INVALID_PID_OR_UID", QT_TRANSLATE_NOOP("rtm::errors", "invalid project id or user id")},
    {200002, "RTM_EC_INVALID_PID_OR_SIGN", QT_TRANSLATE_NOOP("rtm::errors", "invalid project id or bad signature")},
    {200003, "RTM_EC_INVALID_FILE_OR_SIGN_OR_TOKEN", QT_TRANSLATE_NOOP("rtm::errors", "bad file signature or file token")},
    {200004, "RTM_EC_ATTRS_WITHOUT_SIGN_OR_EXT", QT_TRANSLATE_NOOP("rtm::errors", "file attrs lack sign or ext")},
    {200005, "RTM_EC_INVALID_MTYPE", QT_TRANSLATE_NOOP("rtm::errors", "mtype outside 1..127 (or reserved)")},
    {200006, "RTM_EC_SAME_SIGN", QT_TRANSLATE_NOOP("rtm::errors", "signature already used")},
    {200007, "RTM_EC_INVALID_FILE_MTYPE", QT_TRANSLATE_NOOP("rtm::errors", "mtype not valid for a file")},
    {200008, "RTM_EC_INVALID_SERVER_TIME", QT_TRANSLATE_NOOP("rtm::errors", "server time check failed (check the local clock)")},
    {200010, "RTM_EC_FREQUENCY_LIMITED", QT_TRANSLATE_NOOP("rtm::errors", "call-rate limit hit")},
    {200011, "RTM_EC_REFRESH_SCREEN_LIMITED", QT_TRANSLATE_NOOP("rtm::errors", "message flood limit hit")},
    {200012, "RTM_EC_KICKOUT_SELF", QT_TRANSLATE_NOOP("rtm::errors", "cannot kick out oneself")},
    {200020, "RTM_EC_FORBIDDEN_METHOD", QT_TRANSLATE_NOOP("rtm::errors", "method forbidden")},
    {200021, "RTM_EC_PERMISSION_DENIED", QT_TRANSLATE_NOOP("rtm::errors", "access not allowed")},
    {200022, "RTM_EC_UNAUTHORIZED", QT_TRANSLATE_NOOP("rtm::errors", "not logged in (client API)")},
    {200023, "RTM_EC_DUPLCATED_AUTH", QT_TRANSLATE_NOOP("rtm::errors", "already authenticated (client API)")},
    {200024, "RTM_EC_AUTH_DENIED", QT_TRANSLATE_NOOP("rtm::errors", "login refused, user blacklisted")},
    {200025, "RTM_EC_ADMIN_LOGIN", QT_TRANSLATE_NOOP("rtm::errors", "admin uid may not log in as a client")},
    {200026, "RTM_EC_ADMIN_ONLY", QT_TRANSLATE_NOOP("rtm::errors", "operation needs the admin uid")},
    {200027, "RTM_EC_INVALID_AUTH_TOEKN", QT_TRANSLATE_NOOP("rtm::errors", "invalid auth token")},
    {200030, "RTM_EC_LARGE_MESSAGE_OR_ATTRS", QT_TRANSLATE_NOOP("rtm::errors", "message or attrs too long")},
    {200031, "RTM_EC_LARGE_FILE_OR_ATTRS", QT_TRANSLATE_NOOP("rtm::errors", "file or attrs too large")},
    {200032, "RTM_EC_TOO_MANY_ITEMS_IN_PARAMETERS", QT_TRANSLATE_NOOP("rtm::errors", "a list param has too many members")},
    {200033, "RTM_EC_EMPTY_PARAMETER", QT_TRANSLATE_NOOP("rtm::errors", "a list param is empty")},
    {200034, "RTM_EC_INVALID_PARAMETER", QT_TRANSLATE_NOOP("rtm::errors", "invalid parameter")},
    {200040, "RTM_EC_NOT_IN_ROOM", QT_TRANSLATE_NOOP("rtm::errors", "not in the room")},
    {200041, "RTM_EC_NOT_GROUP_MEMBER", QT_TRANSLATE_NOOP("rtm::errors", "not a group member")},
    {200042, "RTM_EC_MAX_GROUP_MEMBER_COUNT", QT_TRANSLATE_NOOP("rtm::errors", "group member limit exceeded")},
    {200043, "RTM_EC_NOT_FRIEND", QT_TRANSLATE_NOOP("rtm::errors", "not friends, may not send")},
    {200044, "RTM_EC_BANNED_IN_GROUP", QT_TRANSLATE_NOOP("rtm::errors", "muted in the group")},
    {200045, "RTM_EC_BANNED_IN_ROOM", QT_TRANSLATE_NOOP("rtm::errors", "muted in the room")},
    {200046, "RTM_EC_EMPTY_GROUP", QT_TRANSLATE_NOOP("rtm::errors", "group has no members")},
    {200047, "RTM_EC_MAX_ROOM_COUNT", QT_TRANSLATE_NOOP("rtm::errors", "user is in too many rooms")},
    {200048, "RTM_EC_MAX_FRIEND_COUNT", QT_TRANSLATE_NOOP("rtm::errors", "friend limit exceeded")},
    {200049, "RTM_EC_BLOCKED_USER", QT_TRANSLATE_NOOP("rtm::errors", "user blocked")},
    {200050, "RTM_EC_UNSUPPORTED_LANGUAGE", QT_TRANSLATE_NOOP("rtm::errors", "translation language not supported")},
    {200051, "RTM_EC_EMPTY_TRANSLATION", QT_TRANSLATE_NOOP("rtm::errors", "text to translate is empty")},
    {200052, "RTM_EC_SEND_TO_SELF", QT_TRANSLATE_NOOP("rtm::errors", "may not send to oneself")},
    {200053, "RTM_EC_DUPLCATED_MID", QT_TRANSLATE_NOOP("rtm::errors", "duplicate mid")},
    {200054, "RTM_EC_SENSITIVE_WORDS", QT_TRANSLATE_NOOP("rtm::errors", "blocked by the sensitive-word filter")},
    {200055, "RTM_EC_NOT_ONLINE", QT_TRANSLATE_NOOP("rtm::errors", "user not online")},
    {200056, "RTM_EC_TRANSLATION_ERROR", QT_TRANSLATE_NOOP("rtm::errors", "translation failed")},
    {200057, "RTM_EC_PROFANITY_STOP", QT_TRANSLATE_NOOP("rtm::errors", "stopped by the profanity filter")},
    {200060, "RTM_EC_NO_CONFIG_IN_CONSOLE", QT_TRANSLATE_NOOP("rtm::errors", "feature must be enabled in the console")},
    {200061, "RTM_EC_UNSUPPORTED_TRASNCRIBE_TYPE", QT_TRANSLATE_NOOP("rtm::errors", "transcription type not supported")},
    {200070, "RTM_EC_MESSAGE_NOT_FOUND", QT_TRANSLATE_NOOP("rtm::errors", "message not found")},
    {200099, "RTM_EC_UNKNOWN_ERROR", QT_TRANSLATE_NOOP("rtm::errors", "unknown error")},   // rtm-doc's number for it
    {200999, "RTM_EC_UNKNOWN_ERROR", QT_TRANSLATE_NOOP("rtm::errors", "unknown error")},
    // This client's own codes (rtmerror.h ConsoleErrorCode).
    {900001, "CONSOLE_EC_AUDIT_LOG_UNAVAILABLE", QT_TRANSLATE_NOOP("rtm::errors", "audit log unavailable, the request was not sent")},
    {900002, "CONSOLE_EC_CURSOR_NOT_ADVANCING", QT_TRANSLATE_NOOP("rtm::errors", "server cursor did not advance")},
    {900003, "CONSOLE_EC_ENCRYPTION_KEY_UNUSABLE", QT_TRANSLATE_NOOP("rtm::errors", "the server key for encryption cannot be used")},
};

const ErrorEntry *findEntry(int code)
{
    const auto *end = std::end(kErrors);
    const auto *it = std::lower_bound(std::begin(kErrors), end, code,
                                      [](const ErrorEntry &e, int c) { return e.code < c; });
    return (it != end && it->code == code) ? it : nullptr;
}

} // namespace

QString errorName(int code)
{
    if (const ErrorEntry *e = findEntry(code))
        return QString::fromLatin1(e->name);
    return QStringLiteral("UNKNOWN_ERROR_%1").arg(code);
}

QString errorMeaning(int code)
{
    if (const ErrorEntry *e = findEntry(code))
        return QCoreApplication::translate("rtm::errors", e->meaning);
    return QCoreApplication::translate("rtm::errors", "unknown error %1").arg(code);
}

bool isKnownErrorCode(int code)
{
    return findEntry(code) != nullptr;
}

bool isClockError(int code)
{
    return code == InvalidServerTime;
}

RtmError RtmError::fromCode(int code, const QString &detail)
{
    if (code == 0)
        return none();
    RtmError error;
    error.code = code;
    error.name = errorName(code);
    error.message = errorMeaning(code);
    // The server's `ex` often repeats the meaning; add it only when it says something more.
    const QString extra = detail.trimmed();
    const ErrorEntry *entry = findEntry(code);
    const QString englishMeaning = entry ? QString::fromUtf8(entry->meaning) : error.message;
    if (!extra.isEmpty() && extra.compare(error.message, Qt::CaseInsensitive) != 0
        && extra.compare(englishMeaning, Qt::CaseInsensitive) != 0)
        error.message += QStringLiteral(": ") + extra;
    return error;
}

} // namespace rtm
