#pragma once

// Answer payload -> typed result, as pure functions (protocol.md 4.2-4.7).
//
// Rules, shared by all mappers:
// - Integers of any msgpack width and sign are accepted; bytes as str or bin.
// - A missing key (or nil) gives the default, as the SDKs do.
// - A present key of the wrong type (e.g. mtime as a string, msgs not an array) fails the
//   whole answer with 20009 FPNN_EC_CORE_INVALID_PACKAGE naming the field, rather than
//   handing garbage to the caller.
// - History rows that are not arrays of exactly 8 elements are skipped (like every SDK);
//   within an 8-element row, wrong element types fail the answer as above.
//
// Deliberate differences from the Python SDK (asserted by tests/rtm/tst_resultmapper):
// - file messages (mtype 40..50) keep their raw message and attrs; FileInfo is added
//   beside them (Python clears the text and replaces attrs by the JSON of attrs.custom);
// - getmsg also gets FileInfo (Python/C++ do not, Go does);
// - group/room history rows get toId = gid/rid (Python leaves 0; C++ fills it);
// - deleted rows are kept and flagged deleted = true (Python keeps them unflagged).

#include <optional>

#include <QByteArray>

#include "fpnn/answer.h"
#include "fpnn/value.h"
#include "rtmerror.h"
#include "rtmtypes.h"
#include "rtmwire.h"

namespace rtm::result {

// What the caller asked for, needed to fill from/to of history rows.
struct HistoryContext {
    MessageCategory category = MessageCategory::Group;
    qint64 uid = 0;
    qint64 target = 0;   // ouid (P2P), gid, rid; ignored for broadcast
};

// Server error answer (or local FPNN failure) -> RtmError with name and meaning; the
// server's `ex` is kept as detail. none() for an OK answer.
RtmError errorFromAnswer(const fpnn::Answer &answer);

RtmError toSendResult(const fpnn::Value &payload, qint64 sentMid, SendResult *out);
RtmError toHistoryPage(const fpnn::Value &payload, const HistoryContext &context, HistoryPage *out);
// A history answer as RtmClient receives it (fpnn::AnswerPayload::Packed): read by the fast
// reader (historypagereader.h) when it can, else decoded into a Value tree and mapped as
// above, so results and errors are exactly those of the generic path. An error answer
// gives errorFromAnswer(); an unpacked OK answer goes straight to the generic mapper.
RtmError toHistoryPage(const fpnn::Answer &answer, const HistoryContext &context,
                       const fpnn::MsgpackLimits &limits, HistoryPage *out);
RtmError toMessageInfo(const fpnn::Value &payload, MessageInfo *out);
RtmError toMessageCount(const fpnn::Value &payload, MessageCount *out);

// The last step of both history readers: from/to of a row from its `from` field and the
// request (P2P direction codes), and its FileInfo.
void finishHistoryMessage(qint64 from, const HistoryContext &context, HistoryMessage *m);

// FileInfo of a file message (protocol.md 4.7): nullopt unless 40 <= mtype <= 50 and the
// body is a JSON object. attrs problems only leave the audio fields at their defaults.
std::optional<FileInfo> parseFileInfo(int mtype, const QByteArray &message, const QByteArray &attrs);

} // namespace rtm::result
