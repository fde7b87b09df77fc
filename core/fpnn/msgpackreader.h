#pragma once

// A pull reader over msgpack bytes, for hot answers that are read straight into typed
// results without building a Value tree (history pages). It enforces the same rules as
// decodeMsgpack/decodePayload — every MsgpackLimits field counted the same way, string
// map keys, no ext types, one value that fills the bytes — but it only says *that*
// something is wrong, not what: a caller that meets failed() hands the bytes to the
// generic decoder, which gives the detailed error. It never allocates.
//
//   MsgpackReader r(bytes, limits);
//   MsgpackItem item;
//   while (r.next(&item)) { ... }   // items in document order; containers give their count
//   if (r.failed()) ...              // malformed, over a limit, or a non-string key
//   r.finished()                     // the one root value is complete and fills the bytes

#include <cstdint>
#include <string_view>

#include <QByteArrayView>

#include "msgpackcodec.h"

namespace fpnn {

struct MsgpackItem {
    enum class Kind { Nil, Bool, UInt, Int, Float, Str, Bin, Array, Map };
    Kind kind = Kind::Nil;
    bool boolean = false;
    std::uint64_t uinteger = 0;   // UInt: the value (non-negative integers are always UInt)
    std::int64_t integer = 0;     // Int: the value (always negative, as msgpack writes it)
    double real = 0;              // Float (float32 widened)
    std::string_view bytes;       // Str, Bin: points into the reader's input
    std::uint32_t count = 0;      // Array: elements; Map: pairs

    bool isContainer() const { return kind == Kind::Array || kind == Kind::Map; }
    bool isNil() const { return kind == Kind::Nil; }
    bool isBytes() const { return kind == Kind::Str || kind == Kind::Bin; }
};

class MsgpackReader {
public:
    explicit MsgpackReader(QByteArrayView bytes, const MsgpackLimits &limits = {});

    // Reads the next item in document order: scalars whole, containers by their header
    // (their elements follow). False at the end of the root value or on an error.
    bool next(MsgpackItem *item);
    // Skips the rest of a container just returned by next() (nothing for a scalar).
    bool skipContents(const MsgpackItem &item);
    // Reads one whole value and discards it.
    bool skipValue();

    bool failed() const { return m_failed; }
    // The root value is complete and no byte is left over.
    bool finished() const { return !m_failed && m_rootDone && m_pos == m_end; }
    // Input not read yet (a bound for reserving storage: every item takes at least a byte).
    qsizetype bytesLeft() const { return m_end - m_pos; }
    // Whether the item next() returns now is a map key.
    bool atMapKey() const
    {
        return m_depth > 0 && m_stack[m_depth - 1].map && m_stack[m_depth - 1].remaining % 2 == 0;
    }

private:
    struct Level {
        std::uint64_t remaining;   // items still to come: 2 per pair in a map
        bool map;
    };
    // Open containers are kept inline; msgpack deeper than this is left to the generic
    // decoder (the default limit is 8).
    static constexpr int kMaxInlineDepth = 32;

    bool fail();
    bool take(std::size_t n, const char **at)
    {
        if (static_cast<std::size_t>(m_end - m_pos) < n)
            return fail();   // truncated
        *at = m_pos;
        m_pos += n;
        return true;
    }
    bool readHeader(MsgpackItem *item);
    bool readOtherHeader(unsigned char type, MsgpackItem *item);
    void completeItem(const MsgpackItem &item);

    const char *m_pos;
    const char *m_end;
    MsgpackLimits m_limits;
    Level m_stack[kMaxInlineDepth];
    int m_depth = 0;
    std::uint32_t m_elements = 0;
    bool m_failed = false;
    bool m_rootDone = false;
};

} // namespace fpnn
