// libFuzzer harness for the fast history reader (core/rtm/historypagereader.h), which reads
// a server's getp2pmsg/getgroupmsg/getroommsg/getbroadcastmsg answer straight from the
// network bytes. The first byte picks the request's category (bits 0-1) and, with bit 2,
// tight limits (from bits 3-7); the rest is the answer's msgpack payload. The fast path
// (packed answer, fast reader, generic fallback) must give exactly the page or the error
// of the generic path (Value tree, then the mapper), and the fast reader alone may only
// accept what the generic path reads without an error.

#include <cstddef>
#include <cstdint>

#include <QByteArray>

#include "../rtm/historytestdata.h"
#include "fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size < 1 || size > 1 << 20)
        return 0;
    const std::uint8_t mode = data[0];
    const rtm::result::HistoryContext contexts[] = {
        {rtm::MessageCategory::P2P, 1001, 1002},
        {rtm::MessageCategory::Group, 1001, 2001},
        {rtm::MessageCategory::Room, 1001, 3001},
        {rtm::MessageCategory::Broadcast, 1001, 0},
    };
    const rtm::result::HistoryContext &context = contexts[mode & 3];
    fpnn::MsgpackLimits limits;
    if (mode & 4) {
        limits.maxDepth = 1 + (mode >> 3) % 4;
        limits.maxArrayElements = (mode >> 4) % 9;
        limits.maxMapPairs = 2 + (mode >> 5) % 5;
        limits.maxStringBytes = 8u << ((mode >> 3) % 4);
        limits.maxTotalElements = 16u << ((mode >> 6) % 4);
    }
    const QByteArray payload(reinterpret_cast<const char *>(data + 1), static_cast<qsizetype>(size - 1));

    const historytest::Outcome generic = historytest::genericPath(payload, context, limits);
    const historytest::Outcome fast = historytest::fastPath(payload, context, limits);
    FUZZ_CHECK(fast == generic);

    rtm::HistoryPage page;
    if (rtm::result::readHistoryPage(payload, context, limits, &page)) {
        FUZZ_CHECK(generic.code == 0);
        FUZZ_CHECK(historytest::describePage(page) == generic.page);
    }
    return 0;
}
