#pragma once

// Stream mode (protocol.md 2.7, `streamMode = true`): the plain frames, back to back, run
// through one continuous AES-CFB state per direction; no length prefix.

#include <deque>

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include "cfbcipher.h"
#include "encryptedframing.h"
#include "frame.h"
#include "sessionkeys.h"

namespace fpnn {

class StreamEncoder {
public:
    explicit StreamEncoder(const SessionKeys &keys);
    bool isValid() const { return m_cipher.isValid(); }
    // Ciphertext of one whole plaintext frame, continuing the stream.
    QByteArray encode(QByteArrayView plainFrame) { return m_cipher.process(plainFrame); }

private:
    CfbCipher m_cipher;
};

// Decrypts the 12-byte header first, learns the frame length from it (checked against
// the limit), then decrypts the rest, always continuing the same state. Incremental over
// any fragmentation; hands out whole plaintext frames for FrameDecoder.
class StreamDecoder {
public:
    explicit StreamDecoder(const SessionKeys &keys, quint32 maxFrameSize = kDefaultMaxFrameSize);

    // Once an error is found the decoder stays failed (the connection must be closed).
    void feed(QByteArrayView bytes);

    bool hasFrame() const { return !m_ready.empty(); }
    QByteArray takeFrame();   // oldest whole plaintext frame; empty when none

    EncryptedFramingError error() const { return m_error; }
    QString errorMessage() const { return m_errorMessage; }
    qsizetype bufferedBytes() const { return m_frame.size(); }
    // Size of the frame being read; 0 until its header is decrypted.
    qsizetype announcedSize() const { return m_needed; }

private:
    void fail(EncryptedFramingError error, QString message);

    CfbCipher m_cipher;
    quint32 m_maxFrameSize;
    QByteArray m_frame;          // decrypted bytes of the current frame
    qsizetype m_needed = 0;      // its total length, 0 = header not complete yet
    std::deque<QByteArray> m_ready;
    EncryptedFramingError m_error = EncryptedFramingError::None;
    QString m_errorMessage;
};

} // namespace fpnn
