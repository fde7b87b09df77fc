#include "timetext.h"

#include <QCoreApplication>

namespace ui {

QString TimeText::local(qint64 msec)
{
    if (msec <= 0)
        return QCoreApplication::translate("ui::TimeText", "(none)");
    return QDateTime::fromMSecsSinceEpoch(msec, Qt::LocalTime).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
}

QString TimeText::utc(qint64 msec)
{
    if (msec <= 0)
        return QCoreApplication::translate("ui::TimeText", "(none)");
    return QDateTime::fromMSecsSinceEpoch(msec, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")) + QStringLiteral(" UTC");
}

QString TimeText::full(qint64 msec)
{
    if (msec <= 0)
        return QCoreApplication::translate("ui::TimeText", "(none)");
    return QCoreApplication::translate("ui::TimeText", "%1 local (%2)").arg(local(msec), utc(msec));
}

} // namespace ui
