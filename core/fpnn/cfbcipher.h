#pragma once

// AES-128/256 in CFB mode with 128-bit feedback (protocol.md 2.5), byte-granular and
// incremental: the feedback register and the position inside it carry over between
// calls (OpenSSL's `num`), so encrypting "ab" then "c" equals encrypting "abc".

#include <memory>

#include <QByteArray>
#include <QByteArrayView>

#include "sessionkeys.h"

struct evp_cipher_ctx_st;   // OpenSSL's EVP_CIPHER_CTX

namespace fpnn {

class CfbCipher {
public:
    enum class Direction { Encrypt, Decrypt };

    // Invalid (isValid() false) when the key is not 16/32 bytes or the IV not 16.
    CfbCipher(const SessionKeys &keys, Direction direction);
    ~CfbCipher();
    CfbCipher(CfbCipher &&) noexcept;
    CfbCipher &operator=(CfbCipher &&) noexcept;

    bool isValid() const { return m_ctx != nullptr; }
    Direction direction() const { return m_direction; }

    // Continues the stream. Returns exactly in.size() bytes (empty on an OpenSSL failure,
    // which leaves the cipher invalid).
    QByteArray process(QByteArrayView in);
    // Back to the starting state (the IV, position 0): package mode restarts each package.
    void restart();

private:
    void wipeKey();

    struct CtxDeleter { void operator()(evp_cipher_ctx_st *ctx) const; };

    SessionKeys m_keys;
    Direction m_direction;
    std::unique_ptr<evp_cipher_ctx_st, CtxDeleter> m_ctx;
    bool m_keyed = false;   // the key schedule is set up: restart() only resets the IV
};

} // namespace fpnn
