#include "messageref.h"

#include <QCoreApplication>

#include "rtm/categorytable.h"

namespace ui {

static QString t(const char *s)
{
    return QCoreApplication::translate("ui::MessageRef", s);
}

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
        return t("P2P message %1 from %2 to %3").arg(mid).arg(from).arg(target);
    case rtm::MessageCategory::Group:
        return t("group message %1 from %2 in group %3").arg(mid).arg(from).arg(target);
    case rtm::MessageCategory::Room:
        return t("room message %1 from %2 in room %3").arg(mid).arg(from).arg(target);
    case rtm::MessageCategory::Broadcast:
        return t("broadcast message %1 from %2").arg(mid).arg(from);
    }
    return {};
}

} // namespace ui
