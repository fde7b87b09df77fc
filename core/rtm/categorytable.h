#pragma once

// The four message categories as one table (issue #11): everything that differs between
// P2P, group, room and broadcast and can be said as data — wire methods and keys
// (protocol.md 4.1-4.6), the `type` code, rtmctl's command word, the English word for logs
// and audit, and the user-visible name. Code that needs a per-category value reads the row
// instead of switching on the category.

#include <QString>
#include <QStringView>
#include <QtGlobal>

#include <array>
#include <optional>
#include <string_view>

#include "rtmwire.h"

namespace rtm {

// Translation context of CategoryRow::displayName (translations/rtm-console_*.ts).
inline constexpr char CategoryTrContext[] = "rtm::MessageCategory";

struct CategoryRow {
    MessageCategory category;
    int type;                       // `type` of delmsg/getmsg/getmsgnum (protocol.md 4.4)
    const char *sendMethod;         // sendmsg, sendgroupmsg, sendroommsg, broadcastmsg
    const char *historyMethod;      // getp2pmsg, getgroupmsg, getroommsg, getbroadcastmsg
    const char *deleteMethod;       // delmsg for all four: the category travels in `type`
    const char *infoMethod;         // getmsg, likewise
    const char *sendTargetKey;      // to / gid / rid; nullptr: a broadcast has no target
    const char *historyTargetKey;   // ouid / gid / rid; nullptr for broadcast
    bool hasTarget;                 // false: xid goes as 0 and history rows have no to id
    bool historyFromIsDirection;    // getp2pmsg rows carry a direction code in `from` (4.3)
    const char *cliWord;            // rtmctl: get-<word>-message, delete-<word>-message, ...
    const char *logName;            // English, never translated: logs, audit, settings keys, file names
    const char *displayName;        // user-visible: translate with categoryDisplayName()
};

// Indexed by type - 1, in the order of MessageCategory.
inline constexpr std::array<CategoryRow, 4> Categories{{
    {MessageCategory::P2P, 1, method::SendMsg, method::GetP2PMsg, method::DelMsg, method::GetMsg,
     "to", "ouid", true, true, "p2p", "p2p", QT_TRANSLATE_NOOP("rtm::MessageCategory", "P2P")},
    {MessageCategory::Group, 2, method::SendGroupMsg, method::GetGroupMsg, method::DelMsg, method::GetMsg,
     "gid", "gid", true, false, "group", "group", QT_TRANSLATE_NOOP("rtm::MessageCategory", "group")},
    {MessageCategory::Room, 3, method::SendRoomMsg, method::GetRoomMsg, method::DelMsg, method::GetMsg,
     "rid", "rid", true, false, "room", "room", QT_TRANSLATE_NOOP("rtm::MessageCategory", "room")},
    {MessageCategory::Broadcast, 4, method::BroadcastMsg, method::GetBroadcastMsg, method::DelMsg, method::GetMsg,
     nullptr, nullptr, false, false, "broadcast", "broadcast",
     QT_TRANSLATE_NOOP("rtm::MessageCategory", "broadcast")},
}};

// The row of a `type` code, or nullptr for a code outside 1..4 (e.g. a caller's getmsgnum type).
constexpr const CategoryRow *findCategory(int type)
{
    return type >= 1 && type <= int(Categories.size()) ? &Categories[size_t(type - 1)] : nullptr;
}

// The row of one of the four enumerators. Any other value is a bug (an unchecked cast):
// asserted, and answered with the P2P row rather than reading outside the table.
constexpr const CategoryRow &categoryRow(MessageCategory category)
{
    const CategoryRow *row = findCategory(int(category));
    Q_ASSERT(row);
    return row ? *row : Categories[0];
}

// The category whose send or history method is `method`; nullopt for any other method.
constexpr std::optional<MessageCategory> categoryFromMethod(std::string_view method)
{
    for (const CategoryRow &row : Categories) {
        if (method == row.sendMethod || method == row.historyMethod)
            return row.category;
    }
    return std::nullopt;
}

// The category of rtmctl's command word ("p2p", "group", ...); nullopt for any other word.
std::optional<MessageCategory> categoryFromCliWord(QStringView word);

// The user-visible name ("P2P", "group", ...) in the application's language.
QString categoryDisplayName(MessageCategory category);

// The English word for logs and audit ("p2p", "group", ...); "type N" outside 1..4.
QString categoryLogName(int type);

} // namespace rtm
