#pragma once

// The `*key` quest (protocol.md 2.3): what the client sends and what both sides derive
// from it. The client half makes an ephemeral key on the server key's curve (or takes a
// fixed one, for tests), builds the quest params and derives the session keys; the
// server half reads those params and derives the same keys with its private key.

#include <optional>

#include <QString>

#include "ecckeys.h"
#include "sessionkeys.h"
#include "value.h"

namespace fpnn {

inline constexpr char kKeyExchangeMethod[] = "*key";

// How the client's publicKey goes on the wire: Python and Go send bin, the FPNN C++ SDK
// sends str. Servers accept both.
enum class PublicKeyEncoding { Bin, Str };

struct EncryptionOptions {
    int bits = 128;              // AES-128 or AES-256
    bool streamMode = false;     // false = package mode (the FPNN default)
    PublicKeyEncoding publicKeyEncoding = PublicKeyEncoding::Bin;
};

enum class KeyExchangeError {
    None,
    BadBits,          // not 128 or 256
    BadServerKey,     // no valid server public key
    KeyGeneration,    // OpenSSL could not make the ephemeral key
    BadPublicKey,     // publicKey missing, not str/bin, wrong length, or not on the curve
    BadStreamMode,    // streamMode present but not a bool
    DeriveFailed,     // ECDH failed
};

QString keyExchangeErrorName(KeyExchangeError error);

// The `*key` payload in the SDKs' key order: publicKey (X‖Y, field-size coordinates,
// bin or str), streamMode, bits.
Value buildKeyQuestPayload(QByteArrayView clientPublicXY, const EncryptionOptions &options);

struct ClientKeyExchange {
    Value questPayload;   // params of the plaintext `*key` quest
    SessionKeys keys;
    bool streamMode = false;
};

// `fixedClientKey` replaces the fresh ephemeral key (tests reproduce the vectors with it);
// it must be on the server key's curve.
std::optional<ClientKeyExchange> startClientKeyExchange(const EccPublicKey &serverKey, const EncryptionOptions &options,
                                                        KeyExchangeError *error = nullptr,
                                                        const EccPrivateKey *fixedClientKey = nullptr);

struct ServerKeyExchange {
    SessionKeys keys;
    bool streamMode = false;
};

// Reads a `*key` payload (publicKey as str or bin; streamMode default false; bits default
// 128) and derives the session keys with the server's private key.
std::optional<ServerKeyExchange> acceptKeyQuest(const EccPrivateKey &serverKey, const Value &payload,
                                                KeyExchangeError *error = nullptr);

} // namespace fpnn
