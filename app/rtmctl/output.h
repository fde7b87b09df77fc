#pragma once

// rtmctl's JSON output (one object per run), built with exact 64-bit integers.

#include <QByteArray>

#include "rtm/rtmerror.h"
#include "rtm/rtmtypes.h"

namespace rtmctl {

QByteArray sendJson(const rtm::SendResult &result);
// `page` holds the cursor fields to report; `rows` every row of all pages read, `count`
// the raw row count over those pages.
QByteArray historyJson(const rtm::HistoryPage &lastPage, const std::vector<rtm::HistoryMessage> &rows, qint64 count,
                       bool includeDeleted);
// One history row, as in historyJson()'s "messages" (rtmctl --follow prints one per line).
QByteArray messageJson(const rtm::HistoryMessage &message);
QByteArray deleteJson();
QByteArray infoJson(const rtm::MessageInfo &info);
QByteArray countJson(const rtm::MessageCount &count);
QByteArray checkJson(int latencyMs);
QByteArray errorJson(const rtm::RtmError &error);

} // namespace rtmctl
