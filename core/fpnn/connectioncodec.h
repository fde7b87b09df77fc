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
// after, before any answer can arrive; everything received from then on is decrypted —
// unless the reply starts with the plaintext magic "FPNN" (a server without encryption
// answering `*key` with an error): then the codec stays plain (peerRepliedPlain()) so that
// the client can read why. Ciphertext starts so only by a 2^-32 chance, and in package
// mode "FPNN" as a length is far over any frame limit.
// Plain role: a server without a key; `*key` is an ordinary quest.

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
    enum class Role { Client, Server, Plain };

    explicit ConnectionCodec(Role role, quint32 maxFrameSize = kDefaultMaxFrameSize);

    // Wire bytes for one frame (encrypted once encryption started); empty when the
    // frame cannot be encoded.
    QByteArray encode(const Frame &frame);
    // Wire bytes for an already encoded plaintext frame (encodeFrame()): encrypted once
    // encryption started. Frames must be wrapped in the order they are written.
    QByteArray wrap(QByteArrayView plainFrame);

    void feed(QByteArrayView bytes);
    bool hasFrame() const { return !m_ready.empty(); }
    Frame takeFrame();   // oldest decoded frame; a default Frame when none

    // Server role: the first frame was `*key` and the codec waits for startEncryption().
    bool awaitingKeys() const { return m_state == State::AwaitingKeys; }
    bool isEncrypted() const { return m_channel.has_value() && !m_peerRepliedPlain; }
    bool isStreamMode() const { return m_channel && m_channel->streamMode(); }
    // Client role: the server answered `*key` in plaintext; the codec reads plain frames.
    bool peerRepliedPlain() const { return m_peerRepliedPlain; }
    // Server role: the first frame was something else; `*key` can no longer come (always
    // true in the Plain role).
    bool isPlainForGood() const { return m_state == State::Plain && m_role != Role::Client; }

    // Switches both directions to encrypted. Bytes held after `*key` are decrypted now.
    // Returns false (and changes nothing) when already encrypted, in the Plain role, and in
    // the Server role unless awaitingKeys().
    bool startEncryption(const SessionKeys &keys, bool streamMode);

    // A framing or decryption error; the connection must be closed.
    bool hasError() const { return !m_errorMessage.isEmpty(); }
    QString errorMessage() const { return m_errorMessage; }
    // Bytes received but not yet part of a handed-out frame (0 after an error).
    qsizetype bufferedBytes() const;
    // Wire size the frame being received announces (0 until its header is known), so that
    // size limits apply before the frame is buffered.
    qsizetype announcedFrameSize() const;

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
    bool m_checkPlainReply = false;   // client: the first 4 bytes after `*key` are not seen yet
    bool m_peerRepliedPlain = false;
    QString m_errorMessage;
};

} // namespace fpnn
