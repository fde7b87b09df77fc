#pragma once

// Dates for people: server times (ms since the epoch) in local time or UTC.

#include <QDateTime>
#include <QString>

namespace ui {

struct TimeText {
    // "2026-11-27 10:15:03.120 local (09:15:03 UTC)"
    static QString full(qint64 msec);
    static QString local(qint64 msec);
    static QString utc(qint64 msec);
    static QString of(qint64 msec, bool utc) { return utc ? TimeText::utc(msec) : local(msec); }
};

} // namespace ui
