#pragma once

// The RTM wire vocabulary shared by the client and the sandbox: method names, message
// categories, error codes and the request signature (protocol.md 3 and 4). Nothing here
// depends on RtmClient.

#include <QByteArray>
#include <QtGlobal>

namespace rtm {

namespace method {
inline constexpr char SendMsg[] = "sendmsg";
inline constexpr char SendMsgs[] = "sendmsgs";
inline constexpr char SendGroupMsg[] = "sendgroupmsg";
inline constexpr char SendRoomMsg[] = "sendroommsg";
inline constexpr char BroadcastMsg[] = "broadcastmsg";
inline constexpr char GetP2PMsg[] = "getp2pmsg";
inline constexpr char GetGroupMsg[] = "getgroupmsg";
inline constexpr char GetRoomMsg[] = "getroommsg";
inline constexpr char GetBroadcastMsg[] = "getbroadcastmsg";
inline constexpr char DelMsg[] = "delmsg";
inline constexpr char GetMsg[] = "getmsg";
inline constexpr char GetMsgNum[] = "getmsgnum";
} // namespace method

// Message category codes used by delmsg/getmsg/getmsgnum's `type`.
enum class MessageCategory : int { P2P = 1, Group = 2, Room = 3, Broadcast = 4 };

// History rows of getp2pmsg carry a direction code instead of the sender (protocol.md 4.3).
enum class P2PDirection : int { FromUidToOuid = 1, FromOuidToUid = 2 };

// RTM error codes (protocol.md 5.2).
enum RtmErrorCode : int {
    InvalidPidOrUid = 200001,
    InvalidPidOrSign = 200002,
    InvalidFileOrSignOrToken = 200003,
    AttrsWithoutSignOrExt = 200004,
    InvalidMtype = 200005,
    SameSign = 200006,
    InvalidFileMtype = 200007,
    InvalidServerTime = 200008,
    FrequencyLimited = 200010,
    RefreshScreenLimited = 200011,
    KickoutSelf = 200012,
    ForbiddenMethod = 200020,
    PermissionDenied = 200021,
    Unauthorized = 200022,
    DuplicatedAuth = 200023,
    AuthDenied = 200024,
    AdminLogin = 200025,
    AdminOnly = 200026,
    InvalidAuthToken = 200027,
    LargeMessageOrAttrs = 200030,
    LargeFileOrAttrs = 200031,
    TooManyItemsInParameters = 200032,
    EmptyParameter = 200033,
    InvalidParameter = 200034,
    NotInRoom = 200040,
    NotGroupMember = 200041,
    MaxGroupMemberCount = 200042,
    NotFriend = 200043,
    BannedInGroup = 200044,
    BannedInRoom = 200045,
    EmptyGroup = 200046,
    MaxRoomCount = 200047,
    MaxFriendCount = 200048,
    BlockedUser = 200049,
    UnsupportedLanguage = 200050,
    EmptyTranslation = 200051,
    SendToSelf = 200052,
    DuplicatedMid = 200053,
    SensitiveWords = 200054,
    NotOnline = 200055,
    TranslationError = 200056,
    ProfanityStop = 200057,
    NoConfigInConsole = 200060,
    UnsupportedTranscribeType = 200061,
    MessageNotFound = 200070,
    UnknownErrorOld = 200099,   // rtm-doc's spelling of the unknown error
    UnknownError = 200999,
};

// Service limits (protocol.md 1.9, 4.8, 4.9).
namespace limits {
inline constexpr int MinMtype = 1;
inline constexpr int MaxMtype = 127;
inline constexpr int MaxMessageBytes = 20480;
inline constexpr int MaxAttrsBytes = 2048;
inline constexpr int MaxReceivers = 2000;
inline constexpr int MaxHistoryRows = 20;
inline constexpr bool isFileMtype(int mtype) { return mtype >= 40 && mtype <= 50; }
} // namespace limits

// sign = UPPER_HEX(MD5("<pid>:<secret>:<salt>:<method>:<ts>")) — protocol.md 3.2.
QByteArray computeSign(qint64 pid, const QByteArray &secret, qint64 salt, const QByteArray &method, qint64 ts);

} // namespace rtm
