#include "packagecodec.h"

#include <QtEndian>

namespace fpnn {

namespace {
constexpr qsizetype kLengthPrefix = 4;
constexpr qsizetype kInitialReserve = 64 * 1024;
} // namespace

PackageEncoder::PackageEncoder(const SessionKeys &keys)
    : m_cipher(keys, CfbCipher::Direction::Encrypt)
{
}

QByteArray PackageEncoder::encode(QByteArrayView plainFrame)
{
    if (plainFrame.isEmpty() || !m_cipher.isValid())
        return {};
    m_cipher.restart();
    const QByteArray cipherText = m_cipher.process(plainFrame);
    if (cipherText.size() != plainFrame.size())
        return {};
    QByteArray out(kLengthPrefix, Qt::Uninitialized);
    qToLittleEndian(static_cast<quint32>(plainFrame.size()), out.data());
    out.append(cipherText);
    return out;
}

PackageDecoder::PackageDecoder(const SessionKeys &keys, quint32 maxFrameSize)
    : m_cipher(keys, CfbCipher::Direction::Decrypt)
    , m_maxFrameSize(maxFrameSize)
{
    if (!m_cipher.isValid())
        fail(EncryptedFramingError::CipherFailure, QStringLiteral("invalid session key"));
}

QByteArray PackageDecoder::takeFrame()
{
    if (m_ready.empty())
        return {};
    QByteArray f = std::move(m_ready.front());
    m_ready.pop_front();
    return f;
}

void PackageDecoder::fail(EncryptedFramingError error, QString message)
{
    m_error = error;
    m_errorMessage = std::move(message);
    m_prefix.clear();
    m_body.clear();
    m_length = -1;
}

void PackageDecoder::feed(QByteArrayView bytes)
{
    qsizetype pos = 0;
    while (m_error == EncryptedFramingError::None && pos < bytes.size()) {
        if (m_length < 0) {
            const qsizetype take = qMin(kLengthPrefix - m_prefix.size(), bytes.size() - pos);
            m_prefix.append(bytes.data() + pos, take);
            pos += take;
            if (m_prefix.size() < kLengthPrefix)
                continue;
            const quint32 length = qFromLittleEndian<quint32>(m_prefix.constData());
            m_prefix.clear();
            if (length > m_maxFrameSize) {
                fail(EncryptedFramingError::Oversized,
                     QStringLiteral("encrypted package of %1 bytes exceeds the limit of %2").arg(length).arg(m_maxFrameSize));
                return;
            }
            if (length < kHeaderSize) {
                fail(EncryptedFramingError::TooShort, QStringLiteral("encrypted package of %1 bytes cannot hold a frame").arg(length));
                return;
            }
            m_length = static_cast<qsizetype>(length);
            // Grow with bytes that actually arrive, not with the peer's announcement.
            m_body.reserve(qMin(m_length, kInitialReserve));
        }
        const qsizetype take = qMin(m_length - m_body.size(), bytes.size() - pos);
        m_body.append(bytes.data() + pos, take);
        pos += take;
        if (m_body.size() == m_length)
            finishPackage();
    }
}

void PackageDecoder::finishPackage()
{
    m_cipher.restart();
    QByteArray plain = m_cipher.process(m_body);
    if (plain.size() != m_body.size()) {
        fail(EncryptedFramingError::CipherFailure, QStringLiteral("decryption failed"));
        return;
    }
    const auto frameLength = frameLengthFromHeader(plain.constData());
    if (!frameLength) {
        fail(EncryptedFramingError::NotAFrame, QStringLiteral("decrypted package does not start with FPNN (wrong key?)"));
        return;
    }
    if (*frameLength != static_cast<quint64>(m_length)) {
        fail(EncryptedFramingError::LengthMismatch,
             QStringLiteral("package of %1 bytes holds a frame announcing %2 bytes").arg(m_length).arg(*frameLength));
        return;
    }
    m_ready.push_back(std::move(plain));
    m_body.clear();
    m_length = -1;
}

} // namespace fpnn
