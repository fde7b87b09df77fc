#pragma once

// One message as delmsg/getmsg name it: category, sender, target (peer uid / gid / rid,
// 0 for broadcast) and mid.

#include <QList>
#include <QMetaType>
#include <QString>

#include "rtm/rtmwire.h"
#include "service/auditcontent.h"

namespace ui {

struct MessageRef {
    rtm::MessageCategory category = rtm::MessageCategory::Group;
    qint64 from = 0;
    qint64 target = 0;
    qint64 mid = 0;
    qint64 cursorId = 0;    // when known (from a history row)
    // The message as the console last read it (history row, Find message result), for the
    // delete's audit line; not part of the identity.
    service::AuditContent content = {};

    bool operator==(const MessageRef &o) const
    {
        return category == o.category && from == o.from && target == o.target && mid == o.mid;
    }
    // "group message 123 from 1001 in group 2001"
    QString describe() const;
    // "group", "room", "P2P", "broadcast" — plural forms for dialogs.
    static QString kindName(rtm::MessageCategory c);
    static QString kindNamePlural(rtm::MessageCategory c);
};

} // namespace ui

Q_DECLARE_METATYPE(ui::MessageRef)
