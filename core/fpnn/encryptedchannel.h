#pragma once

// Both directions of an encrypted connection after `*key`, in package or stream mode:
// what a client or server connection holds once the handshake succeeded. Plain frames
// in, wire bytes out; wire bytes in, whole plain frames out (for FrameDecoder).

#include <variant>

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include "encryptedframing.h"
#include "packagecodec.h"
#include "sessionkeys.h"
#include "streamcodec.h"

namespace fpnn {

class EncryptedChannel {
public:
    EncryptedChannel(const SessionKeys &keys, bool streamMode, quint32 maxFrameSize = kDefaultMaxFrameSize);

    bool streamMode() const { return std::holds_alternative<StreamEncoder>(m_encoder); }

    // Wire bytes of one whole plain frame (empty on failure).
    QByteArray encode(QByteArrayView plainFrame);

    void feed(QByteArrayView wireBytes);
    bool hasFrame() const;
    QByteArray takeFrame();
    EncryptedFramingError error() const;
    QString errorMessage() const;
    qsizetype bufferedBytes() const;
    // Wire size the frame being read announces; 0 until known.
    qsizetype announcedSize() const;

private:
    std::variant<PackageEncoder, StreamEncoder> m_encoder;
    std::variant<PackageDecoder, StreamDecoder> m_decoder;
};

} // namespace fpnn
