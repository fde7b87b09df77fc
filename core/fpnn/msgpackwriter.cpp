#include "msgpackwriter.h"

#include <cstring>

namespace fpnn {

MsgpackWriter::MsgpackWriter(QByteArray &out)
    : m_out(out)
    , m_used(out.size())
    , m_capacity(out.size())
{
}

void MsgpackWriter::grow(qsizetype n)
{
    m_capacity = qMax(m_used + n, 2 * m_capacity + 64);
    m_out.resize(m_capacity);   // new bytes are not initialised; finish() cuts them off
    m_data = m_out.data();
}

void MsgpackWriter::reserve(qsizetype bytes)
{
    if (m_used + bytes > m_capacity) {
        m_capacity = m_used + bytes;
        m_out.resize(m_capacity);
        m_data = m_out.data();
    }
}

void MsgpackWriter::finish()
{
    if (m_out.size() != m_used)
        m_out.resize(m_used);
    m_capacity = m_used;
    m_data = nullptr;   // the next write resizes again
}

void MsgpackWriter::putHeader(unsigned char type, std::uint64_t value, int bytes)
{
    char *p = room(1 + bytes);
    p[0] = static_cast<char>(type);
    for (int i = 0; i < bytes; ++i)
        p[1 + i] = static_cast<char>(value >> (8 * (bytes - 1 - i)));   // big-endian
}

// fix form for sizes below 2^fixLimitBits (fix = 0: no fix form), then 8/16/32-bit lengths
// (t8 = 0: no 8-bit form).
void MsgpackWriter::putSized(unsigned char fix, unsigned char fixLimitBits, unsigned char t8, unsigned char t16,
                             unsigned char t32, std::uint32_t size)
{
    if (fix && size < (1u << fixLimitBits))
        putHeader(static_cast<unsigned char>(fix | size), 0, 0);
    else if (t8 && size < 0x100)
        putHeader(t8, size, 1);
    else if (size < 0x10000)
        putHeader(t16, size, 2);
    else
        putHeader(t32, size, 4);
}

void MsgpackWriter::packNil()
{
    putHeader(0xc0, 0, 0);
}

void MsgpackWriter::packBool(bool value)
{
    putHeader(value ? 0xc3 : 0xc2, 0, 0);
}

void MsgpackWriter::packUInt(std::uint64_t value)
{
    if (value < 0x80)
        putHeader(static_cast<unsigned char>(value), 0, 0);
    else if (value < 0x100)
        putHeader(0xcc, value, 1);
    else if (value < 0x10000)
        putHeader(0xcd, value, 2);
    else if (value < 0x100000000ull)
        putHeader(0xce, value, 4);
    else
        putHeader(0xcf, value, 8);
}

void MsgpackWriter::packInt(std::int64_t value)
{
    if (value >= 0) {
        packUInt(static_cast<std::uint64_t>(value));
        return;
    }
    const auto bits = static_cast<std::uint64_t>(value);   // two's complement, truncated below
    if (value >= -32)
        putHeader(static_cast<unsigned char>(value), 0, 0);   // negative fixint 0xe0..0xff
    else if (value >= -0x80)
        putHeader(0xd0, bits, 1);
    else if (value >= -0x8000)
        putHeader(0xd1, bits, 2);
    else if (value >= -0x80000000ll)
        putHeader(0xd2, bits, 4);
    else
        putHeader(0xd3, bits, 8);
}

void MsgpackWriter::packStr(QByteArrayView bytes)
{
    putSized(0xa0, 5, 0xd9, 0xda, 0xdb, static_cast<std::uint32_t>(bytes.size()));
    if (!bytes.isEmpty())
        std::memcpy(room(bytes.size()), bytes.data(), size_t(bytes.size()));
}

void MsgpackWriter::packBin(QByteArrayView bytes)
{
    putSized(0, 0, 0xc4, 0xc5, 0xc6, static_cast<std::uint32_t>(bytes.size()));
    if (!bytes.isEmpty())
        std::memcpy(room(bytes.size()), bytes.data(), size_t(bytes.size()));
}

void MsgpackWriter::packArray(std::uint32_t count)
{
    putSized(0x90, 4, 0, 0xdc, 0xdd, count);
}

void MsgpackWriter::packMap(std::uint32_t pairs)
{
    putSized(0x80, 4, 0, 0xde, 0xdf, pairs);
}

} // namespace fpnn
