#pragma once

// Frames in and out of one FPNN connection that may turn encrypted after `*key`
// (protocol.md 2.1). Plain until startEncryption(); from then on both directions go
// through an EncryptedChannel (package or stream mode).
//
// Server role: only the connection's first frame may be `*key`. The codec parses that
// frame alone; when it is `*key`, the bytes after it (the client already encrypts them)
// are held raw until the server calls startEncryption() with the agreed keys — or drops
// the connection. Any other first frame makes the connection plain for good, so plain
// and encrypted clients can share one port.
// Client role: the client sends `*key` in plaintext and calls startEncryption() right
// after, before any answer can arrive; everything received from then on is decrypted.

#include <deque>
#include <optional>

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include "encryptedchannel.h"
#include "framecodec.h"
#include "sessionkeys.h"

namespace fpnn {

class ConnectionCodec {
public:
    enum class Role { Client, Server };

    explicit ConnectionCodec(Role role, quint32 maxFrameSize = kDefaultMaxFrameSize);

    // Wire bytes for one frame (encrypted once encryption started); empty when the
    // frame cannot be encoded.
    QByteArray encode(const Frame &frame);

    void feed(QByteArrayView bytes);
    bool hasFrame() const { return !m_ready.empty(); }
    Frame takeFrame();   // oldest decoded frame; a default Frame when none

    // Server role: the first frame was `*key` and the codec waits for startEncryption().
    bool awaitingKeys() const { return m_state == State::AwaitingKeys; }
    bool isEncrypted() const { return m_channel.has_value(); }
    // Server role: the first frame was something else; `*key` can no longer come.
    bool isPlainForGood() const { return m_state == State::Plain && m_role == Role::Server; }

    // Switches both directions to encrypted. Bytes held after `*key` are decrypted now.
    // Returns false (and changes nothing) when already encrypted.
    bool startEncryption(const SessionKeys &keys, bool streamMode);

    // A framing or decryption error; the connection must be closed.
    bool hasError() const { return !m_errorMessage.isEmpty(); }
    QString errorMessage() const { return m_errorMessage; }
    // Bytes received but not yet part of a handed-out frame (0 after an error).
    qsizetype bufferedBytes() const;

private:
    enum class State { FirstFrame, AwaitingKeys, Plain, Encrypted };

    void feedFirstFrame(QByteArrayView bytes);
    void feedEncrypted(QByteArrayView bytes);
    void feedPlain(QByteArrayView bytes);
    void checkErrors();

    Role m_role;
    quint32 m_maxFrameSize;
    State m_state;
    QByteArray m_held;            // server: bytes before the first frame is whole / after `*key`
    FrameDecoder m_frames;        // always parses plaintext
    std::deque<Frame> m_ready;
    std::optional<EncryptedChannel> m_channel;
    QString m_errorMessage;
};

} // namespace fpnn
