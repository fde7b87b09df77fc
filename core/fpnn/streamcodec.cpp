#include "streamcodec.h"

namespace fpnn {

namespace {
constexpr qsizetype kInitialReserve = 64 * 1024;
} // namespace

StreamEncoder::StreamEncoder(const SessionKeys &keys)
    : m_cipher(keys, CfbCipher::Direction::Encrypt)
{
}

StreamDecoder::StreamDecoder(const SessionKeys &keys, quint32 maxFrameSize)
    : m_cipher(keys, CfbCipher::Direction::Decrypt)
    , m_maxFrameSize(maxFrameSize)
{
    if (!m_cipher.isValid())
        fail(EncryptedFramingError::CipherFailure, QStringLiteral("invalid session key"));
}

QByteArray StreamDecoder::takeFrame()
{
    if (m_ready.empty())
        return {};
    QByteArray f = std::move(m_ready.front());
    m_ready.pop_front();
    return f;
}

void StreamDecoder::fail(EncryptedFramingError error, QString message)
{
    m_error = error;
    m_errorMessage = std::move(message);
    m_frame.clear();
    m_needed = 0;
}

void StreamDecoder::feed(QByteArrayView bytes)
{
    qsizetype pos = 0;
    while (m_error == EncryptedFramingError::None && pos < bytes.size()) {
        // Decrypt only what the current frame still needs, so the state never runs past
        // a frame boundary before that frame's length is known.
        const qsizetype want = (m_needed == 0 ? kHeaderSize : m_needed) - m_frame.size();
        const qsizetype take = qMin(want, bytes.size() - pos);
        const QByteArray plain = m_cipher.process(bytes.sliced(pos, take));
        if (plain.size() != take) {
            fail(EncryptedFramingError::CipherFailure, QStringLiteral("decryption failed"));
            return;
        }
        m_frame.append(plain);
        pos += take;
        if (m_needed == 0) {
            if (m_frame.size() < kHeaderSize)
                continue;
            const auto length = frameLengthFromHeader(m_frame.constData());
            if (!length) {
                fail(EncryptedFramingError::NotAFrame, QStringLiteral("decrypted stream does not start a frame with FPNN (wrong key?)"));
                return;
            }
            if (*length > m_maxFrameSize) {
                fail(EncryptedFramingError::Oversized,
                     QStringLiteral("encrypted frame of %1 bytes exceeds the limit of %2").arg(*length).arg(m_maxFrameSize));
                return;
            }
            m_needed = static_cast<qsizetype>(*length);
            m_frame.reserve(qMin(m_needed, kInitialReserve));
        }
        if (m_frame.size() < m_needed)
            continue;
        m_ready.push_back(std::move(m_frame));
        m_frame = QByteArray();
        m_needed = 0;
    }
}

} // namespace fpnn
