#pragma once

// EC keys for the FPNN `*key` exchange (protocol.md 2.2-2.3): the server's public key as
// clients get it (PEM or DER SubjectPublicKeyInfo, curve read from the OID), the server's
// private key for the sandbox (PEM, or the raw scalar FPNN servers load), and the
// client's ephemeral key on the same curve. Built on OpenSSL 3 EVP_PKEY only; OpenSSL
// types stay out of this header.

#include <memory>
#include <optional>

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

struct evp_pkey_st;   // OpenSSL's EVP_PKEY

namespace fpnn {

// The four curves FPNN supports.
enum class EccCurve { Secp256k1, Secp256r1, Secp224r1, Secp192r1 };

// "secp256k1", "secp256r1", "secp224r1", "secp192r1".
QString eccCurveName(EccCurve curve);
std::optional<EccCurve> eccCurveFromName(QStringView name);   // also accepts prime256v1/prime192v1
// Bytes of one coordinate and of the shared secret: 32, 32, 28, 24.
int eccFieldSize(EccCurve curve);

enum class EccKeyError {
    None,
    FileUnreadable,     // the key file cannot be opened or read
    NotAKey,            // neither PEM nor DER of the expected kind
    NotAnEcKey,         // a valid key, but RSA/Ed25519/...
    UnsupportedCurve,   // an EC key on a curve FPNN does not speak
    BadPoint,           // peer public key of the wrong length or not on the curve
    BadScalar,          // raw private scalar of the wrong length or out of range
    Internal,           // OpenSSL failed where it should not (out of memory, missing provider)
};

QString eccKeyErrorName(EccKeyError error);

// Keys are immutable once made, so copies share one OpenSSL key (cheap to pass around
// in options structs and across threads).
using EvpPkeyPtr = std::shared_ptr<evp_pkey_st>;

// A public key on one of the four curves. Default-constructed = invalid. Copyable.
class EccPublicKey {
public:
    EccPublicKey() = default;

    // SubjectPublicKeyInfo as PEM ("-----BEGIN PUBLIC KEY-----") or DER; the format is
    // recognised from the bytes.
    static EccPublicKey fromSubjectPublicKeyInfo(QByteArrayView pemOrDer, EccKeyError *error = nullptr);
    static EccPublicKey fromFile(const QString &path, EccKeyError *error = nullptr);
    // X‖Y, big-endian, field-size coordinates (the `*key` quest's publicKey).
    static EccPublicKey fromXY(EccCurve curve, QByteArrayView xy, EccKeyError *error = nullptr);

    bool isValid() const { return m_key != nullptr; }
    EccCurve curve() const { return m_curve; }
    // X‖Y, each coordinate padded to the field size (48, 56 or 64 bytes in all).
    QByteArray xy() const;

    evp_pkey_st *evpKey() const { return m_key.get(); }

private:
    EccPublicKey(EccCurve curve, EvpPkeyPtr key) : m_curve(curve), m_key(std::move(key)) {}
    friend class EccPrivateKey;

    EccCurve m_curve = EccCurve::Secp256k1;
    EvpPkeyPtr m_key;
};

// A private key (with its public half) on one of the four curves. Default = invalid.
// Copyable.
class EccPrivateKey {
public:
    EccPrivateKey() = default;

    // A fresh random key (EVP_PKEY_keygen).
    static EccPrivateKey generate(EccCurve curve, EccKeyError *error = nullptr);
    // PEM, PKCS#8 ("PRIVATE KEY") or SEC1 ("EC PRIVATE KEY"), unencrypted.
    static EccPrivateKey fromPem(QByteArrayView pem, EccKeyError *error = nullptr);
    static EccPrivateKey fromPemFile(const QString &path, EccKeyError *error = nullptr);
    // The big-endian scalar, field-size bytes: FPNN's server key file format, and the
    // way tests inject a fixed client key.
    static EccPrivateKey fromRawScalar(EccCurve curve, QByteArrayView scalar, EccKeyError *error = nullptr);

    bool isValid() const { return m_key != nullptr; }
    EccCurve curve() const { return m_curve; }
    // The public half as X‖Y (field-size coordinates).
    QByteArray publicXY() const;

    // ECDH: the X coordinate of the shared point, field-size bytes. Empty when the peer
    // key is invalid or on another curve.
    QByteArray deriveSharedSecret(const EccPublicKey &peer) const;

private:
    EccPrivateKey(EccCurve curve, EvpPkeyPtr key) : m_curve(curve), m_key(std::move(key)) {}

    EccCurve m_curve = EccCurve::Secp256k1;
    EvpPkeyPtr m_key;
};

} // namespace fpnn
