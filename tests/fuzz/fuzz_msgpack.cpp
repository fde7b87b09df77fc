// libFuzzer harness for the msgpack reader alone (no frame header to get past).
// The first byte picks limits so both the default and tight limits are exercised; the
// rest is decoded with decodeMsgpack and decodePayload. Anything that decodes must
// round-trip, and the tight limits must never accept what the limits forbid.

#include <cstddef>
#include <cstdint>
#include <functional>

#include <QByteArray>
#include <QByteArrayView>

#include "fpnn/msgpackcodec.h"
#include "fpnn/value.h"
#include "fuzz_common.h"

using namespace fpnn;

namespace {

struct Shape {
    quint32 depth = 0;
    quint32 maxArray = 0;
    quint32 maxMap = 0;
    quint32 maxString = 0;
    quint32 total = 0;
};

void measure(const Value &v, quint32 level, Shape &s)
{
    ++s.total;
    if (const std::string *b = v.bytes())
        s.maxString = qMax<quint32>(s.maxString, static_cast<quint32>(b->size()));
    if (const ValueArray *a = v.asArray()) {
        s.depth = qMax(s.depth, level + 1);
        s.maxArray = qMax<quint32>(s.maxArray, static_cast<quint32>(a->size()));
        for (const Value &item : *a)
            measure(item, level + 1, s);
    } else if (const ValueMap *m = v.asMap()) {
        s.depth = qMax(s.depth, level + 1);
        s.maxMap = qMax<quint32>(s.maxMap, static_cast<quint32>(m->size()));
        for (const auto &[k, item] : *m) {
            s.maxString = qMax<quint32>(s.maxString, static_cast<quint32>(k.size()));
            measure(item, level + 1, s);
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size < 1 || size > 1 << 20)
        return 0;
    MsgpackLimits limits;
    const quint8 mode = data[0];
    if (mode & 1) {
        limits.maxDepth = 1 + (mode >> 1) % 4;
        limits.maxArrayElements = (mode >> 3) % 5;
        limits.maxMapPairs = (mode >> 4) % 4;
        limits.maxStringBytes = (mode >> 5) * 3;
        limits.maxTotalElements = 3 + mode % 17;
    }
    const QByteArrayView bytes(reinterpret_cast<const char *>(data + 1), static_cast<qsizetype>(size - 1));

    PayloadDecodeResult any = decodeMsgpack(bytes, limits);
    PayloadDecodeResult payload = decodePayload(bytes, limits);
    if (!any.ok()) {
        FUZZ_CHECK(!payload.ok());
        FUZZ_CHECK(payload.error == any.error);
        FUZZ_CHECK(!any.message.isEmpty());
        return 0;
    }
    FUZZ_CHECK(payload.ok() == any.value.isMap());
    if (payload.ok())
        FUZZ_CHECK(payload.value == any.value);
    else
        FUZZ_CHECK(payload.error == PayloadError::NotAMap);

    Shape s;
    measure(any.value, 0, s);
    FUZZ_CHECK(s.depth <= limits.maxDepth);
    FUZZ_CHECK(s.maxArray <= limits.maxArrayElements);
    FUZZ_CHECK(s.maxMap <= limits.maxMapPairs);
    FUZZ_CHECK(s.maxString <= limits.maxStringBytes);

    const QByteArray again = encodeMsgpack(any.value);
    FUZZ_CHECK(!again.isEmpty());
    PayloadDecodeResult r2 = decodeMsgpack(again, limits);
    FUZZ_CHECK(r2.ok());
    FUZZ_CHECK(r2.value == any.value);
    (void)any.value.toDebugString();
    return 0;
}
