#include "connectioncodec.h"

#include <limits>
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
    return wrap(encodeFrame(frame, m_maxFrameSize));
}

QByteArray ConnectionCodec::wrap(QByteArrayView plainFrame)
{
    if (plainFrame.isEmpty())
        return QByteArray();
    if (!m_channel || m_peerRepliedPlain)
        return plainFrame.toByteArray();
    return m_channel->encode(plainFrame);
}

qsizetype ConnectionCodec::announcedFrameSize() const
{
    if (hasError())
        return 0;
    switch (m_state) {
    case State::FirstFrame:
        if (m_held.size() >= kHeaderSize) {
            const auto length = frameLengthFromHeader(m_held.constData());
            return length ? qsizetype(qMin<quint64>(*length, quint64(std::numeric_limits<qsizetype>::max()))) : 0;
        }
        return 0;
    case State::AwaitingKeys:
        return 0;
    case State::Plain:
        return m_frames.announcedFrameSize();
    case State::Encrypted:
        return m_peerRepliedPlain ? m_frames.announcedFrameSize() : m_channel->announcedSize();
    }
    return 0;
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
    if (m_checkPlainReply) {
        m_held.append(bytes);
        if (m_held.size() < qsizetype(sizeof kMagic))
            return;
        m_checkPlainReply = false;
        const QByteArray held = std::exchange(m_held, QByteArray());
        m_peerRepliedPlain = QByteArrayView(held).first(sizeof kMagic) == QByteArrayView(kMagic, sizeof kMagic);
        if (m_peerRepliedPlain) {
            feedPlain(held);
            return;
        }
        m_channel->feed(held);
    } else if (m_peerRepliedPlain) {
        feedPlain(bytes);
        return;
    } else {
        m_channel->feed(bytes);
    }
    while (m_channel->hasFrame()) {
        feedPlain(m_channel->takeFrame());
        if (m_frames.error() != FrameError::None)
            return;
    }
}

bool ConnectionCodec::startEncryption(const SessionKeys &keys, bool streamMode)
{
    if (m_channel || m_role == Role::Plain || (m_role == Role::Server && m_state != State::AwaitingKeys))
        return false;
    m_channel.emplace(keys, streamMode, m_maxFrameSize);
    m_state = State::Encrypted;
    m_checkPlainReply = m_role == Role::Client;
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
