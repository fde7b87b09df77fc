#include "msgpackreader.h"

#include <bit>
#include <cstring>

namespace fpnn {

namespace {

template <typename T>
T loadBigEndian(const char *p)
{
    T v = 0;
    for (std::size_t i = 0; i < sizeof(T); ++i)
        v = T(v << 8) | T(static_cast<unsigned char>(p[i]));
    return v;
}

} // namespace

MsgpackReader::MsgpackReader(QByteArrayView bytes, const MsgpackLimits &limits)
    : m_pos(bytes.data())
    , m_end(bytes.data() + bytes.size())
    , m_limits(limits)
{
    if (bytes.isEmpty())
        m_failed = true;   // decodeMsgpack: "empty payload"
}

bool MsgpackReader::fail()
{
    m_failed = true;
    return false;
}

// The one-byte forms (most of a history page) first, inline in next().
inline bool MsgpackReader::readHeader(MsgpackItem *item)
{
    using Kind = MsgpackItem::Kind;
    const char *p = nullptr;
    if (!take(1, &p))
        return false;
    const auto b = static_cast<unsigned char>(*p);
    if (b <= 0x7f) {
        item->kind = Kind::UInt;
        item->uinteger = b;
        return true;
    }
    if (b >= 0xa0 && b <= 0xbf) {
        const std::size_t n = b & 0x1f;
        const char *data = nullptr;
        if (!take(n, &data))
            return false;
        item->kind = Kind::Str;
        item->bytes = std::string_view(data, n);
        return true;
    }
    if (b >= 0x90 && b <= 0x9f) {
        item->kind = Kind::Array;
        item->count = b & 0x0f;
        return true;
    }
    if (b == 0xc2 || b == 0xc3) {
        item->kind = Kind::Bool;
        item->boolean = b == 0xc3;
        return true;
    }
    return readOtherHeader(b, item);
}

bool MsgpackReader::readOtherHeader(unsigned char b, MsgpackItem *item)
{
    using Kind = MsgpackItem::Kind;

    auto sized = [&](Kind kind, std::size_t lengthBytes) {
        const char *l = nullptr;
        if (!take(lengthBytes, &l))
            return false;
        const std::uint32_t n = lengthBytes == 1 ? loadBigEndian<std::uint8_t>(l)
            : lengthBytes == 2 ? loadBigEndian<std::uint16_t>(l) : loadBigEndian<std::uint32_t>(l);
        item->kind = kind;
        if (kind == Kind::Array || kind == Kind::Map) {
            item->count = n;
            return true;
        }
        const char *data = nullptr;
        if (!take(n, &data))
            return false;
        item->bytes = std::string_view(data, n);
        return true;
    };
    auto unsignedInt = [&](auto type) {
        using T = decltype(type);
        const char *v = nullptr;
        if (!take(sizeof(T), &v))
            return false;
        item->kind = Kind::UInt;
        item->uinteger = loadBigEndian<T>(v);
        return true;
    };
    auto signedInt = [&](auto type) {
        using T = decltype(type);
        using U = std::make_unsigned_t<T>;
        const char *v = nullptr;
        if (!take(sizeof(T), &v))
            return false;
        const auto n = static_cast<std::int64_t>(static_cast<T>(loadBigEndian<U>(v)));
        // Values are normalised as in Value: non-negative integers are UInt.
        if (n < 0) {
            item->kind = Kind::Int;
            item->integer = n;
        } else {
            item->kind = Kind::UInt;
            item->uinteger = static_cast<std::uint64_t>(n);
        }
        return true;
    };

    if (b <= 0x7f) {
        item->kind = Kind::UInt;
        item->uinteger = b;
        return true;
    }
    if (b <= 0x8f) {
        item->kind = Kind::Map;
        item->count = b & 0x0f;
        return true;
    }
    if (b <= 0x9f) {
        item->kind = Kind::Array;
        item->count = b & 0x0f;
        return true;
    }
    if (b <= 0xbf) {
        const std::size_t n = b & 0x1f;
        const char *data = nullptr;
        if (!take(n, &data))
            return false;
        item->kind = Kind::Str;
        item->bytes = std::string_view(data, n);
        return true;
    }
    if (b >= 0xe0) {
        item->kind = Kind::Int;
        item->integer = static_cast<std::int8_t>(b);
        return true;
    }
    switch (b) {
    case 0xc0: item->kind = Kind::Nil; return true;
    case 0xc2: item->kind = Kind::Bool; item->boolean = false; return true;
    case 0xc3: item->kind = Kind::Bool; item->boolean = true; return true;
    case 0xc4: return sized(Kind::Bin, 1);
    case 0xc5: return sized(Kind::Bin, 2);
    case 0xc6: return sized(Kind::Bin, 4);
    case 0xca: {
        const char *v = nullptr;
        if (!take(4, &v))
            return false;
        item->kind = Kind::Float;
        item->real = static_cast<double>(std::bit_cast<float>(loadBigEndian<std::uint32_t>(v)));
        return true;
    }
    case 0xcb: {
        const char *v = nullptr;
        if (!take(8, &v))
            return false;
        item->kind = Kind::Float;
        item->real = std::bit_cast<double>(loadBigEndian<std::uint64_t>(v));
        return true;
    }
    case 0xcc: return unsignedInt(std::uint8_t{});
    case 0xcd: return unsignedInt(std::uint16_t{});
    case 0xce: return unsignedInt(std::uint32_t{});
    case 0xcf: return unsignedInt(std::uint64_t{});
    case 0xd0: return signedInt(std::int8_t{});
    case 0xd1: return signedInt(std::int16_t{});
    case 0xd2: return signedInt(std::int32_t{});
    case 0xd3: return signedInt(std::int64_t{});
    case 0xd9: return sized(Kind::Str, 1);
    case 0xda: return sized(Kind::Str, 2);
    case 0xdb: return sized(Kind::Str, 4);
    case 0xdc: return sized(Kind::Array, 2);
    case 0xdd: return sized(Kind::Array, 4);
    case 0xde: return sized(Kind::Map, 2);
    case 0xdf: return sized(Kind::Map, 4);
    default:
        // 0xc1 (never used) and the ext types (0xc7-0xc9, 0xd4-0xd8), which the generic
        // decoder refuses as well.
        return fail();
    }
}

inline void MsgpackReader::completeItem(const MsgpackItem &item)
{
    if (m_depth > 0)
        --m_stack[m_depth - 1].remaining;
    if (item.isContainer() && item.count > 0) {
        const bool map = item.kind == MsgpackItem::Kind::Map;
        m_stack[m_depth++] = Level{map ? 2 * std::uint64_t(item.count) : item.count, map};
        return;
    }
    while (m_depth > 0 && m_stack[m_depth - 1].remaining == 0)
        --m_depth;
    if (m_depth == 0)
        m_rootDone = true;
}

bool MsgpackReader::next(MsgpackItem *item)
{
    if (m_failed || m_rootDone)
        return false;
    const bool key = atMapKey();
    if (!readHeader(item))
        return false;
    using Kind = MsgpackItem::Kind;
    if (item->isBytes() && item->bytes.size() > m_limits.maxStringBytes)
        return fail();
    if (key) {
        if (item->kind != Kind::Str)
            return fail();   // FPNN map keys are strings (keys are not counted as elements)
    } else {
        if (++m_elements > m_limits.maxTotalElements)
            return fail();
        if (item->kind == Kind::Array && item->count > m_limits.maxArrayElements)
            return fail();
        if (item->kind == Kind::Map && item->count > m_limits.maxMapPairs)
            return fail();
        if (item->isContainer()) {
            // The generic decoder refuses a container inside maxDepth others (empty ones too).
            if (m_depth >= static_cast<int>(qMin<quint32>(m_limits.maxDepth, kMaxInlineDepth)))
                return fail();
        }
    }
    completeItem(*item);
    return true;
}

bool MsgpackReader::skipContents(const MsgpackItem &item)
{
    if (m_failed)
        return false;
    if (!item.isContainer() || item.count == 0)
        return true;
    // The container is the innermost open level; read until it (and maybe its parents) closed.
    const int outside = m_depth - 1;
    MsgpackItem inner;
    while (m_depth > outside) {
        if (!next(&inner))
            return false;
    }
    return true;
}

bool MsgpackReader::skipValue()
{
    MsgpackItem item;
    if (!next(&item))
        return false;
    return skipContents(item);
}

} // namespace fpnn
