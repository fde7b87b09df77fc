#pragma once

// Deterministic demo data for the sandbox: the same seed gives the same messages, with
// times relative to the moment of loading (the last 7 days). Loaded only into an empty
// store (with a journal: only when the journal is new), and journaled like any send.
//
// Ids (see also sandboxoptions.h `demo::` and README.md):
//   admin uid 1000 (sender of broadcasts and of a few multi-receiver notices)
//   users     1001..1040
//   groups    2001..2006 (each with 6..15 members of the users)
//   rooms     3001..3004
//   P2P       1001<->1002 is the busiest pair; about 30 pairs in all, most involving 1001..1010
// Content: text (mtype 30) in English and Chinese, emoji, long and multi-line texts; custom
// mtypes 51..58 with JSON bodies; files 40 (image), 41 (audio, some RTM voice messages with
// rtm.type "audiomsg"), 42 (video), 50 (file) with {"url","size","surl"} bodies and
// {"rtm":{...},"custom":{...}} attrs; about 1% deleted (history shows them as deleted).

#include <vector>

#include "messagestore.h"

namespace sandbox {

inline constexpr quint64 kDemoSeed = 0x52544D2D53414E44ULL;   // "RTM-SAND"

// About 5,000 messages in store order (mtime increasing; the copies of a multi-receiver
// notice share one), ids left 0 for the store to set.
// All mtimes lie in (nowMs - 7 days, nowMs).
std::vector<StoredMessage> generateDemoMessages(qint64 nowMs, quint64 seed = kDemoSeed);

} // namespace sandbox
