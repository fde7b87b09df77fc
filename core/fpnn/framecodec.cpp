#include "framecodec.h"

#include <QtEndian>

namespace fpnn {

namespace {

constexpr qsizetype kInitialReserve = 64 * 1024;

void appendU32(QByteArray &out, quint32 v)
{
    char le[4];
    qToLittleEndian(v, le);
    out.append(le, 4);
}

} // namespace

QString frameErrorName(FrameError error)
{
    switch (error) {
    case FrameError::None: return QStringLiteral("none");
    case FrameError::BadMagic: return QStringLiteral("bad magic");
    case FrameError::BadFlag: return QStringLiteral("bad flag");
    case FrameError::UnknownMtype: return QStringLiteral("unknown message type");
    case FrameError::EmptyMethod: return QStringLiteral("empty method name");
    case FrameError::Oversized: return QStringLiteral("frame too large");
    }
    return QStringLiteral("unknown");
}

QByteArray encodeFrame(const Frame &frame, quint32 maxFrameSize)
{
    if (frame.payload.isEmpty())
        return {};
    const bool quest = frame.isQuest();
    if (quest && (frame.method.isEmpty() || frame.method.size() > 255))
        return {};
    const qint64 total = kHeaderSize + (frame.kind == FrameKind::OnewayQuest ? 0 : 4)
        + (quest ? frame.method.size() : 0) + frame.payload.size();
    if (total > static_cast<qint64>(maxFrameSize))
        return {};

    QByteArray out;
    out.reserve(static_cast<qsizetype>(total));
    out.append(kMagic, 4);
    out.append(static_cast<char>(frame.version));
    out.append(static_cast<char>(kFlagMsgpack));
    out.append(static_cast<char>(frame.kind));
    out.append(static_cast<char>(quest ? frame.method.size() : frame.status));
    appendU32(out, static_cast<quint32>(frame.payload.size()));
    if (frame.kind != FrameKind::OnewayQuest)
        appendU32(out, frame.seq);
    if (quest)
        out.append(frame.method);
    out.append(frame.payload);
    return out;
}

FrameDecoder::FrameDecoder(quint32 maxFrameSize)
    : m_maxFrameSize(maxFrameSize)
{
}

void FrameDecoder::reset()
{
    m_buffer.clear();
    m_needed = 0;
    m_ready.clear();
    m_error = FrameError::None;
    m_errorMessage.clear();
}

void FrameDecoder::fail(FrameError error, QString message)
{
    m_error = error;
    m_errorMessage = std::move(message);
    m_buffer.clear();
    m_needed = 0;
}

Frame FrameDecoder::takeFrame()
{
    if (m_ready.empty())
        return Frame{};
    Frame f = std::move(m_ready.front());
    m_ready.pop_front();
    return f;
}

bool FrameDecoder::parseHeader()
{
    const char *h = m_buffer.constData();
    if (memcmp(h, kMagic, 4) != 0) {
        fail(FrameError::BadMagic, QStringLiteral("frame does not start with FPNN"));
        return false;
    }
    const quint8 flag = static_cast<quint8>(h[5]);
    const bool msgpack = flag & kFlagMsgpack;
    const bool json = flag & kFlagJson;
    if (flag & (kFlagZip | kFlagEncrypt)) {
        fail(FrameError::BadFlag, QStringLiteral("compressed or encrypted frames are not supported (flag 0x%1)").arg(flag, 2, 16, QLatin1Char('0')));
        return false;
    }
    if (json && !msgpack) {
        fail(FrameError::BadFlag, QStringLiteral("JSON payloads are not supported (flag 0x%1)").arg(flag, 2, 16, QLatin1Char('0')));
        return false;
    }
    if (msgpack == json) {
        fail(FrameError::BadFlag, QStringLiteral("flag 0x%1 names no single payload encoding").arg(flag, 2, 16, QLatin1Char('0')));
        return false;
    }
    const quint8 mtype = static_cast<quint8>(h[6]);
    if (mtype > 2) {
        fail(FrameError::UnknownMtype, QStringLiteral("unknown message type %1").arg(mtype));
        return false;
    }
    const quint8 ss = static_cast<quint8>(h[7]);
    if (mtype != 2 && ss == 0) {
        fail(FrameError::EmptyMethod, QStringLiteral("quest with an empty method name"));
        return false;
    }
    const quint32 psize = qFromLittleEndian<quint32>(h + 8);
    const quint64 total = quint64(kHeaderSize) + (mtype == 0 ? 0 : 4) + (mtype == 2 ? 0 : ss) + psize;
    if (total > m_maxFrameSize) {
        fail(FrameError::Oversized, QStringLiteral("frame of %1 bytes exceeds the limit of %2").arg(total).arg(m_maxFrameSize));
        return false;
    }
    m_needed = static_cast<qsizetype>(total);
    return true;
}

void FrameDecoder::feed(QByteArrayView bytes)
{
    if (m_error != FrameError::None)
        return;
    qsizetype pos = 0;
    while (pos < bytes.size()) {
        // Take only what the current frame still needs, so one read holding many frames
        // never grows the buffer beyond a single frame.
        const qsizetype want = (m_needed == 0 ? kHeaderSize : m_needed) - m_buffer.size();
        const qsizetype take = qMin(want, bytes.size() - pos);
        m_buffer.append(bytes.data() + pos, take);
        pos += take;
        if (m_needed == 0) {
            if (m_buffer.size() < kHeaderSize)
                continue;
            if (!parseHeader())
                return;
            // Reserve only a bounded amount up front: the announced size is the peer's
            // word, and the buffer should grow with bytes that actually arrived.
            m_buffer.reserve(qMin<qsizetype>(m_needed, kInitialReserve));
        }
        if (m_buffer.size() < m_needed)
            continue;

        const char *p = m_buffer.constData();
        Frame f;
        f.version = static_cast<quint8>(p[4]);
        f.kind = static_cast<FrameKind>(p[6]);
        const quint8 ss = static_cast<quint8>(p[7]);
        qsizetype off = kHeaderSize;
        if (f.kind != FrameKind::OnewayQuest) {
            f.seq = qFromLittleEndian<quint32>(p + off);
            off += 4;
        }
        if (f.kind == FrameKind::Answer) {
            f.status = ss;
        } else {
            f.method = m_buffer.mid(off, ss);
            off += ss;
        }
        f.payload = m_buffer.mid(off);
        m_ready.push_back(std::move(f));
        m_buffer.clear();
        m_needed = 0;
    }
}

} // namespace fpnn
