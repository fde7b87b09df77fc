#include "historywindow.h"

#include <algorithm>

namespace service {

rtm::HistoryQuery HistoryWindow::query(bool desc, int num, const QList<int> &mtypes) const
{
    rtm::HistoryQuery q;
    q.desc = desc;
    q.num = num;
    q.begin = begin;
    q.end = end;
    q.lastId = lastId;
    q.mtypes = mtypes;
    return q;
}

bool canSplitAt(const HistoryWindow &window, bool desc, qint64 at)
{
    if (!window.splittable)
        return false;
    // A started window's cursor row sits on its front edge; an open front hides where.
    if (window.lastId != 0 && window.frontEdge(desc) <= 0)
        return false;
    // The lower part ends at at - 1: not before its begin, and not at 0 ("open").
    if (at < std::max<qint64>(window.begin + 1, 2))
        return false;
    // The upper part starts at `at`: not after its end.
    return window.end == 0 || at <= window.end;
}

HistoryWindow splitAt(HistoryWindow &window, bool desc, qint64 at)
{
    Q_ASSERT(canSplitAt(window, desc, at));
    HistoryWindow back;
    if (desc) {
        back.begin = window.begin;
        back.end = at - 1;
        window.begin = at;
    } else {
        back.begin = at;
        back.end = window.end;
        window.end = at - 1;
    }
    return back;
}

rtm::RtmError checkPageInWindow(const HistoryWindow &window, bool desc, const rtm::HistoryPage &page)
{
    qint64 previousId = window.lastId;
    for (const rtm::HistoryMessage &m : page.messages) {
        const bool inRange = (window.begin <= 0 || m.modifiedTime >= window.begin)
                             && (window.end <= 0 || m.modifiedTime <= window.end);
        const bool inOrder = previousId == 0 || (desc ? m.cursorId < previousId : m.cursorId > previousId);
        if (!inRange || !inOrder) {
            return rtm::RtmError::fromCode(
                rtm::CursorNotAdvancing,
                QStringLiteral("row %1 (mtime %2) is not %3 within [%4, %5] after lastid %6")
                    .arg(m.cursorId)
                    .arg(m.modifiedTime)
                    .arg(desc ? QStringLiteral("below the previous id") : QStringLiteral("above the previous id"))
                    .arg(window.begin)
                    .arg(window.end)
                    .arg(window.lastId));
        }
        previousId = m.cursorId;
    }
    return {};
}

} // namespace service
