#pragma once

// One time window of a parallel history load (parallelhistoryloader.h) and the two rules
// that make windows safe: how a window is split, and what a page answered for it may hold.
//
// A window stands for the rows of the conversation with begin ≤ mtime ≤ end (both
// inclusive, as the server reads them, protocol.md 4.3; 0 = open on that side) that lie
// beyond lastId in the paging direction. Its "front" is the side the pages start from
// (end for desc, begin for asc); after a page the front moves to the mtime of the page's
// last row and lastId to that row, so rows at that same mtime not read yet stay inside.
//
// Exactly once: ids grow in store order and mtimes never go down along it, so every row
// beyond the cursor has an mtime on the back side of (or equal to) the front edge. A split
// at mtime `at` cuts the integer range into two adjacent, disjoint inclusive ranges —
// desc: front [at, end], back [begin, at - 1]; asc: front [begin, at - 1], back [at, end] —
// and the cursor stays with the front part, whose edge is the cursor row's mtime. A row
// whose mtime equals `at` therefore belongs to exactly one part, whatever ids share it.
// An inclusive bound of 0 would read as "open", so no part may end (desc: back, asc:
// front) at 0: splits need at ≥ 2.

#include <vector>

#include "rtm/rtmerror.h"
#include "rtm/rtmtypes.h"

namespace service {

struct HistoryWindow {
    qint64 begin = 0;        // ms, inclusive, 0 = open
    qint64 end = 0;          // ms, inclusive, 0 = open
    qint64 lastId = 0;       // cursor within the window, 0 = not started
    // False once the front edge is not known to be the cursor row's mtime (a page whose
    // lastid is not its last row): the window is then read to its end without splits.
    bool splittable = true;

    // The query for the next page of this window.
    rtm::HistoryQuery query(bool desc, int num, const QList<int> &mtypes) const;
    qint64 frontEdge(bool desc) const { return desc ? end : begin; }
    qint64 backEdge(bool desc) const { return desc ? begin : end; }
};

// Whether `window` can be split at `at` (see above): both parts keep at least one
// millisecond, neither gets an inclusive bound of 0, and a started window knows its front.
bool canSplitAt(const HistoryWindow &window, bool desc, qint64 at);

// Splits at `at` (canSplitAt() must hold): `window` keeps the front part with its cursor,
// the back part is returned, not started.
HistoryWindow splitAt(HistoryWindow &window, bool desc, qint64 at);

// Checks that an answered page keeps to the window it was asked for: each row within
// [begin, end], beyond lastId, ids strictly in paging order. A server that broke this could
// hand the same row to two windows. Error: CursorNotAdvancing with what went wrong.
rtm::RtmError checkPageInWindow(const HistoryWindow &window, bool desc, const rtm::HistoryPage &page);

} // namespace service
