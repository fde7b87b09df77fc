#pragma once

// The fast path of result::toHistoryPage: a history answer's msgpack bytes read straight
// into a HistoryPage, without the generic Value tree (issue #10: the tree cost most of a
// page's decode time). It takes only what it reads exactly as decodePayload followed by
// toHistoryPage(Value) would on success — same values, same skipped rows, same limits —
// and says no to anything else (malformed or over-limit msgpack, a field of the wrong
// type, a repeated key), leaving *out untouched; the caller then takes the generic path,
// which reports the error in its usual words. tests/rtm/tst_historypagereader and the
// fuzz_history harness hold both paths to the same results.

#include <QByteArrayView>

#include "fpnn/msgpackcodec.h"
#include "resultmapper.h"
#include "rtmtypes.h"

namespace rtm::result {

bool readHistoryPage(QByteArrayView payload, const HistoryContext &context, const fpnn::MsgpackLimits &limits,
                     HistoryPage *out);

} // namespace rtm::result
