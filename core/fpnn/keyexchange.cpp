#include "keyexchange.h"

namespace fpnn {

namespace {

template <typename T>
std::optional<T> failWith(KeyExchangeError *out, KeyExchangeError error)
{
    if (out)
        *out = error;
    return std::nullopt;
}

} // namespace

QString keyExchangeErrorName(KeyExchangeError error)
{
    switch (error) {
    case KeyExchangeError::None: return QStringLiteral("none");
    case KeyExchangeError::BadBits: return QStringLiteral("AES key size must be 128 or 256 bits");
    case KeyExchangeError::BadServerKey: return QStringLiteral("no valid server public key");
    case KeyExchangeError::KeyGeneration: return QStringLiteral("ephemeral key generation failed");
    case KeyExchangeError::BadPublicKey: return QStringLiteral("bad client public key");
    case KeyExchangeError::BadStreamMode: return QStringLiteral("streamMode is not a bool");
    case KeyExchangeError::DeriveFailed: return QStringLiteral("key agreement failed");
    }
    return QStringLiteral("unknown");
}

Value buildKeyQuestPayload(QByteArrayView clientPublicXY, const EncryptionOptions &options)
{
    const std::string xy(clientPublicXY.data(), static_cast<size_t>(clientPublicXY.size()));
    Value payload = Value::map();
    payload.insert("publicKey", options.publicKeyEncoding == PublicKeyEncoding::Str ? Value::str(xy) : Value::bin(xy));
    payload.insert("streamMode", options.streamMode);
    payload.insert("bits", options.bits);
    return payload;
}

std::optional<ClientKeyExchange> startClientKeyExchange(const EccPublicKey &serverKey, const EncryptionOptions &options,
                                                        KeyExchangeError *error, const EccPrivateKey *fixedClientKey)
{
    if (error)
        *error = KeyExchangeError::None;
    if (options.bits != 128 && options.bits != 256)
        return failWith<ClientKeyExchange>(error, KeyExchangeError::BadBits);
    if (!serverKey.isValid())
        return failWith<ClientKeyExchange>(error, KeyExchangeError::BadServerKey);
    EccPrivateKey generated;
    const EccPrivateKey *clientKey = fixedClientKey;
    if (!clientKey) {
        generated = EccPrivateKey::generate(serverKey.curve());
        clientKey = &generated;
    }
    if (!clientKey->isValid() || clientKey->curve() != serverKey.curve())
        return failWith<ClientKeyExchange>(error, KeyExchangeError::KeyGeneration);
    const QByteArray secret = clientKey->deriveSharedSecret(serverKey);
    const QByteArray publicXY = clientKey->publicXY();
    if (secret.isEmpty() || publicXY.isEmpty())
        return failWith<ClientKeyExchange>(error, KeyExchangeError::DeriveFailed);
    auto keys = deriveSessionKeys(secret, options.bits);
    if (!keys)
        return failWith<ClientKeyExchange>(error, KeyExchangeError::DeriveFailed);
    return ClientKeyExchange{buildKeyQuestPayload(publicXY, options), std::move(*keys), options.streamMode};
}

std::optional<ServerKeyExchange> acceptKeyQuest(const EccPrivateKey &serverKey, const Value &payload, KeyExchangeError *error)
{
    if (error)
        *error = KeyExchangeError::None;
    if (!serverKey.isValid())
        return failWith<ServerKeyExchange>(error, KeyExchangeError::BadServerKey);
    const Value *publicKey = payload.find("publicKey");
    if (!publicKey || !publicKey->isBytes())
        return failWith<ServerKeyExchange>(error, KeyExchangeError::BadPublicKey);
    bool streamMode = false;
    if (const Value *mode = payload.find("streamMode")) {
        const auto b = mode->toBool();
        if (!b)
            return failWith<ServerKeyExchange>(error, KeyExchangeError::BadStreamMode);
        streamMode = *b;
    }
    int bits = 128;
    if (const Value *b = payload.find("bits")) {
        const auto n = b->toInt64();
        if (!n || (*n != 128 && *n != 256))
            return failWith<ServerKeyExchange>(error, KeyExchangeError::BadBits);
        bits = static_cast<int>(*n);
    }
    const std::string &xy = *publicKey->bytes();
    const EccPublicKey clientKey = EccPublicKey::fromXY(serverKey.curve(), QByteArrayView(xy.data(), static_cast<qsizetype>(xy.size())));
    if (!clientKey.isValid())
        return failWith<ServerKeyExchange>(error, KeyExchangeError::BadPublicKey);
    const QByteArray secret = serverKey.deriveSharedSecret(clientKey);
    auto keys = secret.isEmpty() ? std::nullopt : deriveSessionKeys(secret, bits);
    if (!keys)
        return failWith<ServerKeyExchange>(error, KeyExchangeError::DeriveFailed);
    return ServerKeyExchange{std::move(*keys), streamMode};
}

} // namespace fpnn
