#pragma once

// Package mode (protocol.md 2.6, `streamMode = false`): every frame travels as a u32 LE
// plaintext length followed by the frame encrypted with AES-CFB from a fresh state (the
// session IV, position 0) — in both directions, for every frame.

#include <deque>

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include "cfbcipher.h"
#include "encryptedframing.h"
#include "frame.h"
#include "sessionkeys.h"

namespace fpnn {

class PackageEncoder {
public:
    explicit PackageEncoder(const SessionKeys &keys);
    bool isValid() const { return m_cipher.isValid(); }
    // Length prefix + ciphertext of one whole plaintext frame; empty for an empty frame.
    QByteArray encode(QByteArrayView plainFrame);

private:
    CfbCipher m_cipher;
};

// Incremental: accepts any fragmentation, checks the announced length against the limit
// before buffering a byte of it, and hands out whole plaintext frames for FrameDecoder.
class PackageDecoder {
public:
    explicit PackageDecoder(const SessionKeys &keys, quint32 maxFrameSize = kDefaultMaxFrameSize);

    // Once an error is found the decoder stays failed (the connection must be closed).
    void feed(QByteArrayView bytes);

    bool hasFrame() const { return !m_ready.empty(); }
    QByteArray takeFrame();   // oldest whole plaintext frame; empty when none

    EncryptedFramingError error() const { return m_error; }
    QString errorMessage() const { return m_errorMessage; }
    // Bytes of an incomplete package (a stream that ends here was truncated).
    qsizetype bufferedBytes() const { return m_length < 0 ? m_prefix.size() : 4 + m_body.size(); }
    // Wire size of the package being read (prefix included); 0 until its prefix is complete.
    qsizetype announcedSize() const { return m_length < 0 ? 0 : 4 + m_length; }

private:
    void fail(EncryptedFramingError error, QString message);
    void finishPackage();

    CfbCipher m_cipher;
    quint32 m_maxFrameSize;
    QByteArray m_prefix;          // up to 4 bytes of the length
    QByteArray m_body;            // ciphertext of the current package
    qsizetype m_length = -1;      // current package length, -1 = prefix incomplete
    std::deque<QByteArray> m_ready;
    EncryptedFramingError m_error = EncryptedFramingError::None;
    QString m_errorMessage;
};

} // namespace fpnn
