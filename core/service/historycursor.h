#pragma once

// The guard against a history cursor that does not move (protocol.md 4.3). Rows qualify by
// id > lastid (ascending) or id < lastid (descending), and the next page repeats the query
// with the lastid of the answer. A server whose lastid repeats or goes back would make
// "Load all" and `rtmctl --all` fetch the same pages forever, so every full page (one that
// is followed by another request) must carry a lastid strictly beyond the previous one.

#include "rtm/rtmerror.h"

namespace service {

// No error when `pageLastId` moves strictly in the paging direction from `previousLastId`
// (0 = first page, any non-zero lastid moves); otherwise CursorNotAdvancing with the message
// "server cursor did not advance: lastid X after Y".
rtm::RtmError checkCursorAdvanced(bool desc, qint64 previousLastId, qint64 pageLastId);

} // namespace service
