#include "messageref.h"

#include <QCoreApplication>

#include "rtm/categorytable.h"

namespace ui {

QString MessageRef::kindName(rtm::MessageCategory c)
{
    return rtm::categoryDisplayName(c);
}

QString MessageRef::kindNamePlural(rtm::MessageCategory c)
{
    return kindName(c);
}

QString MessageRef::describe() const
{
    switch (category) {
    case rtm::MessageCategory::P2P:
        return QCoreApplication::translate("ui::MessageRef", "P2P message %1 from %2 to %3").arg(mid).arg(from).arg(target);
    case rtm::MessageCategory::Group:
        return QCoreApplication::translate("ui::MessageRef", "group message %1 from %2 in group %3").arg(mid).arg(from).arg(target);
    case rtm::MessageCategory::Room:
        return QCoreApplication::translate("ui::MessageRef", "room message %1 from %2 in room %3").arg(mid).arg(from).arg(target);
    case rtm::MessageCategory::Broadcast:
        return QCoreApplication::translate("ui::MessageRef", "broadcast message %1 from %2").arg(mid).arg(from);
    }
    return {};
}

} // namespace ui
