#include "connectioncodec.h"

#include <utility>

#include "encryptedframing.h"
#include "keyexchange.h"

namespace fpnn {

ConnectionCodec::ConnectionCodec(Role role, quint32 maxFrameSize)
    : m_role(role)
    , m_maxFrameSize(maxFrameSize)
    , m_state(role == Role::Server ? State::FirstFrame : State::Plain)
    , m_frames(maxFrameSize)
{
}

QByteArray ConnectionCodec::encode(const Frame &frame)
{
    const QByteArray plain = encodeFrame(frame, m_maxFrameSize);
    if (plain.isEmpty() || !m_channel)
        return plain;
    return m_channel->encode(plain);
}

qsizetype ConnectionCodec::bufferedBytes() const
{
    // A failed connection keeps nothing worth counting (what the decoders still hold
    // depends on how the bytes were cut).
    if (hasError())
        return 0;
    return m_held.size() + m_frames.bufferedBytes() + (m_channel ? m_channel->bufferedBytes() : 0);
}

Frame ConnectionCodec::takeFrame()
{
    if (m_ready.empty())
        return Frame{};
    Frame f = std::move(m_ready.front());
    m_ready.pop_front();
    return f;
}

void ConnectionCodec::feed(QByteArrayView bytes)
{
    if (hasError() || bytes.isEmpty())
        return;
    switch (m_state) {
    case State::FirstFrame:
        feedFirstFrame(bytes);
        break;
    case State::AwaitingKeys:
        // The server answers `*key` as soon as it has read it, so only what arrived in
        // the same read can pile up here; more than a frame's worth is not a client.
        if (m_held.size() + bytes.size() > qsizetype(m_maxFrameSize) + 4) {
            m_errorMessage = QStringLiteral("too much data before the key exchange finished");
            m_held.clear();
            return;
        }
        m_held.append(bytes);
        break;
    case State::Plain:
        feedPlain(bytes);
        break;
    case State::Encrypted:
        feedEncrypted(bytes);
        break;
    }
    checkErrors();
}

void ConnectionCodec::feedPlain(QByteArrayView bytes)
{
    m_frames.feed(bytes);
    while (m_frames.hasFrame())
        m_ready.push_back(m_frames.takeFrame());
}

void ConnectionCodec::feedFirstFrame(QByteArrayView bytes)
{
    m_held.append(bytes);
    if (m_held.size() < kHeaderSize)
        return;
    const auto length = frameLengthFromHeader(m_held.constData());
    if (!length || *length > m_maxFrameSize) {
        // Not a frame, or too big: the frame decoder names the error.
        m_state = State::Plain;
        feedPlain(std::exchange(m_held, QByteArray()));
        return;
    }
    const qsizetype firstLength = static_cast<qsizetype>(*length);
    if (m_held.size() < firstLength)
        return;
    const QByteArray held = std::exchange(m_held, QByteArray());
    feedPlain(QByteArrayView(held).first(firstLength));
    const bool keyQuest = !m_ready.empty() && m_ready.back().kind == FrameKind::TwowayQuest
        && m_ready.back().method == kKeyExchangeMethod;
    if (keyQuest) {
        // What follows is already encrypted: keep it raw until the keys are known.
        m_state = State::AwaitingKeys;
        m_held = held.sliced(firstLength);
        return;
    }
    m_state = State::Plain;
    feedPlain(QByteArrayView(held).sliced(firstLength));
}

void ConnectionCodec::feedEncrypted(QByteArrayView bytes)
{
    m_channel->feed(bytes);
    while (m_channel->hasFrame()) {
        feedPlain(m_channel->takeFrame());
        if (m_frames.error() != FrameError::None)
            return;
    }
}

bool ConnectionCodec::startEncryption(const SessionKeys &keys, bool streamMode)
{
    if (m_channel)
        return false;
    m_channel.emplace(keys, streamMode, m_maxFrameSize);
    m_state = State::Encrypted;
    if (!m_held.isEmpty())
        feedEncrypted(std::exchange(m_held, QByteArray()));
    checkErrors();
    return true;
}

void ConnectionCodec::checkErrors()
{
    if (!m_errorMessage.isEmpty())
        return;
    if (m_frames.error() != FrameError::None)
        m_errorMessage = QStringLiteral("framing error: %1").arg(m_frames.errorMessage());
    else if (m_channel && m_channel->error() != EncryptedFramingError::None)
        m_errorMessage = QStringLiteral("encrypted framing error: %1").arg(m_channel->errorMessage());
    if (!m_errorMessage.isEmpty())
        m_held.clear();
}

} // namespace fpnn
