#pragma once

// Packs msgpack straight into a QByteArray, for hot answers that are written without
// building a Value tree first (history pages in the sandbox). Every value gets the
// encoding encodeMsgpack(Value) gives it — the smallest one, non-negative integers as
// unsigned — so both produce the same bytes (tests/fpnn/tst_msgpackwriter). The caller
// writes exactly as many items as each header announces.

#include <cstdint>
#include <string_view>

#include <QByteArray>
#include <QByteArrayView>

namespace fpnn {

class MsgpackWriter {
public:
    // Appends to out. While writing, out may hold spare bytes at its end; finish() (or the
    // destructor) trims them, so read out only after that.
    explicit MsgpackWriter(QByteArray &out);
    ~MsgpackWriter() { finish(); }
    MsgpackWriter(const MsgpackWriter &) = delete;
    MsgpackWriter &operator=(const MsgpackWriter &) = delete;

    // Room for this many more bytes in one allocation, when the size is roughly known.
    void reserve(qsizetype bytes);
    void finish();

    void packNil();
    void packBool(bool value);
    void packInt(std::int64_t value);     // as Value(qint64): negative -> int, else uint
    void packUInt(std::uint64_t value);
    void packStr(QByteArrayView bytes);
    void packBin(QByteArrayView bytes);
    void packArray(std::uint32_t count);  // then count values
    void packMap(std::uint32_t pairs);    // then pairs x (packStr key, value)

private:
    // n writable bytes at the end (written straight into out's buffer: QByteArray::append
    // per item cost more than the rest of a history page together).
    char *room(qsizetype n)
    {
        if (m_used + n > m_capacity)
            grow(n);
        char *p = m_data + m_used;
        m_used += n;
        return p;
    }
    void grow(qsizetype n);
    void putHeader(unsigned char type, std::uint64_t value, int bytes);
    void putSized(unsigned char fix, unsigned char fixLimitBits, unsigned char t8, unsigned char t16,
                  unsigned char t32, std::uint32_t size);

    QByteArray &m_out;
    char *m_data = nullptr;
    qsizetype m_used = 0;       // bytes of out that hold msgpack
    qsizetype m_capacity = 0;   // out.size() while writing
};

} // namespace fpnn
