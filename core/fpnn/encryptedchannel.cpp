#include "encryptedchannel.h"

namespace fpnn {

namespace {

std::variant<PackageEncoder, StreamEncoder> makeEncoder(const SessionKeys &keys, bool streamMode)
{
    if (streamMode)
        return StreamEncoder(keys);
    return PackageEncoder(keys);
}

std::variant<PackageDecoder, StreamDecoder> makeDecoder(const SessionKeys &keys, bool streamMode, quint32 maxFrameSize)
{
    if (streamMode)
        return StreamDecoder(keys, maxFrameSize);
    return PackageDecoder(keys, maxFrameSize);
}

} // namespace

EncryptedChannel::EncryptedChannel(const SessionKeys &keys, bool streamMode, quint32 maxFrameSize)
    : m_encoder(makeEncoder(keys, streamMode))
    , m_decoder(makeDecoder(keys, streamMode, maxFrameSize))
{
}

QByteArray EncryptedChannel::encode(QByteArrayView plainFrame)
{
    return std::visit([&](auto &e) { return e.encode(plainFrame); }, m_encoder);
}

void EncryptedChannel::feed(QByteArrayView wireBytes)
{
    std::visit([&](auto &d) { d.feed(wireBytes); }, m_decoder);
}

bool EncryptedChannel::hasFrame() const
{
    return std::visit([](const auto &d) { return d.hasFrame(); }, m_decoder);
}

QByteArray EncryptedChannel::takeFrame()
{
    return std::visit([](auto &d) { return d.takeFrame(); }, m_decoder);
}

EncryptedFramingError EncryptedChannel::error() const
{
    return std::visit([](const auto &d) { return d.error(); }, m_decoder);
}

QString EncryptedChannel::errorMessage() const
{
    return std::visit([](const auto &d) { return d.errorMessage(); }, m_decoder);
}

qsizetype EncryptedChannel::announcedSize() const
{
    return std::visit([](const auto &d) { return d.announcedSize(); }, m_decoder);
}

qsizetype EncryptedChannel::bufferedBytes() const
{
    return std::visit([](const auto &d) { return d.bufferedBytes(); }, m_decoder);
}

} // namespace fpnn
