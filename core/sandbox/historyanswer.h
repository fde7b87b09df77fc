#pragma once

// The answer of the four history methods (protocol.md 4.3):
//   {num, lastid, begin, end, msgs: [[id, from, mtype, mid, deleted, msg, attrs, mtime], ...]}
// getp2pmsg rows carry a direction code in `from` (1 = sent by uid, 2 = sent to uid).
//
// packHistoryAnswer writes the msgpack bytes directly (issue #10: building the generic
// Value tree first cost most of a page's CPU time); historyAnswerTree builds that tree, as
// the sandbox did before. Both give the same bytes (tests/sandbox/tst_sandboxwire
// historyAnswerFastPathBytes): the tree is the readable reference, the packer what runs.

#include <QByteArray>

#include "fpnn/value.h"
#include "messagestore.h"

namespace sandbox {

QByteArray packHistoryAnswer(const HistoryResult &result, Category category, qint64 uid);
fpnn::Value historyAnswerTree(const HistoryResult &result, Category category, qint64 uid);

} // namespace sandbox
