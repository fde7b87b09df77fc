#pragma once

// rtmctl get-*-message --follow: after the usual answer, prints every new message of the
// conversation as one JSON line (oldest first, like tail -f) through service::HistoryFollower
// (a check every 2 s, one request at a time, paging back over bursts). Failed checks are
// reported on stderr and retried with a doubling wait; errors waiting cannot fix end it.
// SIGINT/SIGTERM (Ctrl-C) end it cleanly.

#include "service/historymodel.h"

namespace service {
class RtmSession;
}

namespace rtmctl {

// `newestSeenId`: the newest cursor id the first answer held (0: none). Returns the exit
// code: 0 after Ctrl-C, 1 when following had to stop (the error JSON on stdout).
int runFollow(service::RtmSession &session, const service::HistoryTarget &target, qint64 newestSeenId,
              bool includeDeleted);

} // namespace rtmctl
