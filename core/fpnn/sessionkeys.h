#pragma once

// AES key and IV of an encrypted FPNN connection, derived from the ECDH secret
// (protocol.md 2.4): iv = MD5(secret); 128 bits: key = secret[0..15]; 256 bits: key =
// secret when it is 32 bytes long, else SHA-256(secret).

#include <optional>

#include <QByteArray>
#include <QByteArrayView>

namespace fpnn {

struct SessionKeys {
    QByteArray key;   // 16 or 32 bytes
    QByteArray iv;    // 16 bytes
    int bits = 128;
};

// nullopt when bits is not 128/256 or the secret is shorter than 16 bytes.
std::optional<SessionKeys> deriveSessionKeys(QByteArrayView sharedSecret, int bits);

} // namespace fpnn
