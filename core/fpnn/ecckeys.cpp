#include "ecckeys.h"

#include <QFile>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

namespace fpnn {

namespace {

struct CtxDeleter { void operator()(EVP_PKEY_CTX *c) const { EVP_PKEY_CTX_free(c); } };
struct BnDeleter { void operator()(BIGNUM *b) const { BN_clear_free(b); } };
struct BioDeleter { void operator()(BIO *b) const { BIO_free(b); } };
struct GroupDeleter { void operator()(EC_GROUP *g) const { EC_GROUP_free(g); } };
struct PointDeleter { void operator()(EC_POINT *p) const { EC_POINT_free(p); } };
struct ParamBldDeleter { void operator()(OSSL_PARAM_BLD *b) const { OSSL_PARAM_BLD_free(b); } };
struct ParamDeleter { void operator()(OSSL_PARAM *p) const { OSSL_PARAM_free(p); } };
using CtxPtr = std::unique_ptr<EVP_PKEY_CTX, CtxDeleter>;
using BnPtr = std::unique_ptr<BIGNUM, BnDeleter>;
using BioPtr = std::unique_ptr<BIO, BioDeleter>;
using GroupPtr = std::unique_ptr<EC_GROUP, GroupDeleter>;
using PointPtr = std::unique_ptr<EC_POINT, PointDeleter>;
using ParamBldPtr = std::unique_ptr<OSSL_PARAM_BLD, ParamBldDeleter>;
using ParamPtr = std::unique_ptr<OSSL_PARAM, ParamDeleter>;

// OpenSSL's own group names (what EVP_PKEY_get_group_name returns).
const char *opensslGroupName(EccCurve curve)
{
    switch (curve) {
    case EccCurve::Secp256k1: return SN_secp256k1;
    case EccCurve::Secp256r1: return SN_X9_62_prime256v1;
    case EccCurve::Secp224r1: return SN_secp224r1;
    case EccCurve::Secp192r1: return SN_X9_62_prime192v1;
    }
    return SN_secp256k1;
}

int curveNid(EccCurve curve)
{
    switch (curve) {
    case EccCurve::Secp256k1: return NID_secp256k1;
    case EccCurve::Secp256r1: return NID_X9_62_prime256v1;
    case EccCurve::Secp224r1: return NID_secp224r1;
    case EccCurve::Secp192r1: return NID_X9_62_prime192v1;
    }
    return NID_undef;
}

EccKeyError setError(EccKeyError *out, EccKeyError error)
{
    if (out)
        *out = error;
    // Leave no stale entries for the next OpenSSL user on this thread.
    if (error != EccKeyError::None)
        ERR_clear_error();
    return error;
}

// Never let OpenSSL prompt on the terminal for a passphrase.
int noPassphrase(char *, int, int, void *)
{
    return 0;
}

// Which of our curves an OpenSSL key is on.
std::optional<EccCurve> curveOf(EVP_PKEY *key, EccKeyError *error)
{
    if (EVP_PKEY_get_base_id(key) != EVP_PKEY_EC) {
        setError(error, EccKeyError::NotAnEcKey);
        return std::nullopt;
    }
    char name[80] = {};
    size_t len = 0;
    if (EVP_PKEY_get_group_name(key, name, sizeof name, &len) != 1) {
        // Explicit curve parameters instead of a named curve.
        setError(error, EccKeyError::UnsupportedCurve);
        return std::nullopt;
    }
    const auto curve = eccCurveFromName(QString::fromLatin1(name, static_cast<qsizetype>(len)));
    if (!curve)
        setError(error, EccKeyError::UnsupportedCurve);
    return curve;
}

// Key files are a few hundred bytes; anything far larger is not one (and OpenSSL's
// memory BIOs take an int length).
constexpr qint64 kMaxKeyBytes = 64 * 1024;

QByteArray readSmallFile(const QString &path, EccKeyError *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly) || f.size() > kMaxKeyBytes) {
        setError(error, EccKeyError::FileUnreadable);
        return {};
    }
    QByteArray bytes = f.readAll();
    if (bytes.isEmpty())
        setError(error, EccKeyError::FileUnreadable);
    return bytes;
}

bool looksLikePem(QByteArrayView bytes)
{
    return bytes.contains(QByteArrayView("-----BEGIN "));
}

QByteArray bnParam(EVP_PKEY *key, const char *name, int size)
{
    BIGNUM *raw = nullptr;
    if (EVP_PKEY_get_bn_param(key, name, &raw) != 1)
        return {};
    BnPtr bn(raw);
    QByteArray out(size, '\0');
    if (BN_bn2binpad(bn.get(), reinterpret_cast<unsigned char *>(out.data()), size) != size)
        return {};
    return out;
}

QByteArray keyXY(EVP_PKEY *key, EccCurve curve)
{
    const int size = eccFieldSize(curve);
    const QByteArray x = bnParam(key, OSSL_PKEY_PARAM_EC_PUB_X, size);
    const QByteArray y = bnParam(key, OSSL_PKEY_PARAM_EC_PUB_Y, size);
    if (x.isEmpty() || y.isEmpty()) {
        ERR_clear_error();
        return {};
    }
    return x + y;
}

EvpPkeyPtr adopt(EVP_PKEY *key)
{
    return EvpPkeyPtr(key, EVP_PKEY_free);
}

EvpPkeyPtr keyFromParams(const OSSL_PARAM *params, int selection)
{
    CtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
    EVP_PKEY *key = nullptr;
    if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 || EVP_PKEY_fromdata(ctx.get(), &key, selection, const_cast<OSSL_PARAM *>(params)) != 1)
        return {};
    return adopt(key);
}

bool publicPointUsable(EVP_PKEY *key)
{
    CtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr));
    return ctx && EVP_PKEY_public_check(ctx.get()) == 1;
}

} // namespace

QString eccCurveName(EccCurve curve)
{
    switch (curve) {
    case EccCurve::Secp256k1: return QStringLiteral("secp256k1");
    case EccCurve::Secp256r1: return QStringLiteral("secp256r1");
    case EccCurve::Secp224r1: return QStringLiteral("secp224r1");
    case EccCurve::Secp192r1: return QStringLiteral("secp192r1");
    }
    return QString();
}

std::optional<EccCurve> eccCurveFromName(QStringView name)
{
    const QString n = name.toString().toLower();
    if (n == QLatin1String("secp256k1"))
        return EccCurve::Secp256k1;
    if (n == QLatin1String("secp256r1") || n == QLatin1String("prime256v1") || n == QLatin1String("p-256"))
        return EccCurve::Secp256r1;
    if (n == QLatin1String("secp224r1") || n == QLatin1String("p-224"))
        return EccCurve::Secp224r1;
    if (n == QLatin1String("secp192r1") || n == QLatin1String("prime192v1") || n == QLatin1String("p-192"))
        return EccCurve::Secp192r1;
    return std::nullopt;
}

int eccFieldSize(EccCurve curve)
{
    switch (curve) {
    case EccCurve::Secp256k1:
    case EccCurve::Secp256r1: return 32;
    case EccCurve::Secp224r1: return 28;
    case EccCurve::Secp192r1: return 24;
    }
    return 32;
}

QString eccKeyErrorName(EccKeyError error)
{
    switch (error) {
    case EccKeyError::None: return QStringLiteral("none");
    case EccKeyError::FileUnreadable: return QStringLiteral("key file unreadable");
    case EccKeyError::NotAKey: return QStringLiteral("not a PEM or DER key");
    case EccKeyError::NotAnEcKey: return QStringLiteral("not an EC key");
    case EccKeyError::UnsupportedCurve: return QStringLiteral("unsupported curve (FPNN speaks secp256k1, secp256r1, secp224r1, secp192r1)");
    case EccKeyError::BadPoint: return QStringLiteral("public key is not a point on the curve");
    case EccKeyError::BadScalar: return QStringLiteral("private key scalar out of range");
    case EccKeyError::Internal: return QStringLiteral("OpenSSL failure");
    }
    return QStringLiteral("unknown");
}

// ---- EccPublicKey ---------------------------------------------------------------------

EccPublicKey EccPublicKey::fromSubjectPublicKeyInfo(QByteArrayView pemOrDer, EccKeyError *error)
{
    setError(error, EccKeyError::None);
    if (pemOrDer.isEmpty() || pemOrDer.size() > kMaxKeyBytes) {
        setError(error, EccKeyError::NotAKey);
        return {};
    }
    EVP_PKEY *raw = nullptr;
    if (looksLikePem(pemOrDer)) {
        BioPtr bio(BIO_new_mem_buf(pemOrDer.data(), static_cast<int>(pemOrDer.size())));
        if (bio)
            raw = PEM_read_bio_PUBKEY(bio.get(), nullptr, noPassphrase, nullptr);
    } else {
        const auto *p = reinterpret_cast<const unsigned char *>(pemOrDer.data());
        const auto *end = p + pemOrDer.size();
        raw = d2i_PUBKEY(nullptr, &p, static_cast<long>(pemOrDer.size()));
        if (raw && p != end) {   // trailing garbage after the DER structure
            EVP_PKEY_free(raw);
            raw = nullptr;
        }
    }
    if (!raw) {
        setError(error, EccKeyError::NotAKey);
        return {};
    }
    EvpPkeyPtr key = adopt(raw);
    const auto curve = curveOf(key.get(), error);
    if (!curve)
        return {};
    if (!publicPointUsable(key.get())) {
        setError(error, EccKeyError::BadPoint);
        return {};
    }
    return EccPublicKey(*curve, std::move(key));
}

EccPublicKey EccPublicKey::fromFile(const QString &path, EccKeyError *error)
{
    const QByteArray bytes = readSmallFile(path, error);
    if (bytes.isEmpty())
        return {};
    return fromSubjectPublicKeyInfo(bytes, error);
}

EccPublicKey EccPublicKey::fromXY(EccCurve curve, QByteArrayView xy, EccKeyError *error)
{
    setError(error, EccKeyError::None);
    if (xy.size() != 2 * eccFieldSize(curve)) {
        setError(error, EccKeyError::BadPoint);
        return {};
    }
    QByteArray point;
    point.reserve(xy.size() + 1);
    point.append('\x04');   // uncompressed point
    point.append(xy);
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, const_cast<char *>(opensslGroupName(curve)), 0),
        OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, point.data(), static_cast<size_t>(point.size())),
        OSSL_PARAM_construct_end(),
    };
    EvpPkeyPtr key = keyFromParams(params, EVP_PKEY_PUBLIC_KEY);
    if (!key || !publicPointUsable(key.get())) {
        setError(error, EccKeyError::BadPoint);
        return {};
    }
    return EccPublicKey(curve, std::move(key));
}

QByteArray EccPublicKey::xy() const
{
    return m_key ? keyXY(m_key.get(), m_curve) : QByteArray();
}

// ---- EccPrivateKey --------------------------------------------------------------------

EccPrivateKey EccPrivateKey::generate(EccCurve curve, EccKeyError *error)
{
    setError(error, EccKeyError::None);
    CtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
    EVP_PKEY *raw = nullptr;
    if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1
        || EVP_PKEY_CTX_set_group_name(ctx.get(), opensslGroupName(curve)) != 1
        || EVP_PKEY_keygen(ctx.get(), &raw) != 1) {
        setError(error, EccKeyError::Internal);
        return {};
    }
    return EccPrivateKey(curve, adopt(raw));
}

EccPrivateKey EccPrivateKey::fromPem(QByteArrayView pem, EccKeyError *error)
{
    setError(error, EccKeyError::None);
    if (pem.size() > kMaxKeyBytes || !looksLikePem(pem)) {
        setError(error, EccKeyError::NotAKey);
        return {};
    }
    BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    EVP_PKEY *raw = bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, noPassphrase, nullptr) : nullptr;
    if (!raw) {
        setError(error, EccKeyError::NotAKey);
        return {};
    }
    EvpPkeyPtr key = adopt(raw);
    const auto curve = curveOf(key.get(), error);
    if (!curve)
        return {};
    if (keyXY(key.get(), *curve).isEmpty()) {   // a private key file without its public half
        setError(error, EccKeyError::BadScalar);
        return {};
    }
    return EccPrivateKey(*curve, std::move(key));
}

EccPrivateKey EccPrivateKey::fromPemFile(const QString &path, EccKeyError *error)
{
    const QByteArray bytes = readSmallFile(path, error);
    if (bytes.isEmpty())
        return {};
    return fromPem(bytes, error);
}

EccPrivateKey EccPrivateKey::fromRawScalar(EccCurve curve, QByteArrayView scalar, EccKeyError *error)
{
    setError(error, EccKeyError::None);
    if (scalar.size() != eccFieldSize(curve)) {
        setError(error, EccKeyError::BadScalar);
        return {};
    }
    GroupPtr group(EC_GROUP_new_by_curve_name(curveNid(curve)));
    BnPtr d(BN_bin2bn(reinterpret_cast<const unsigned char *>(scalar.data()), static_cast<int>(scalar.size()), nullptr));
    if (!group || !d) {
        setError(error, EccKeyError::Internal);
        return {};
    }
    // A usable scalar is in [1, order - 1].
    if (BN_is_zero(d.get()) || BN_cmp(d.get(), EC_GROUP_get0_order(group.get())) >= 0) {
        setError(error, EccKeyError::BadScalar);
        return {};
    }
    // The public point d·G, computed with the (non-deprecated) EC_POINT API so the key
    // is complete: EVP_PKEY_fromdata does not derive it in OpenSSL 3.0.
    PointPtr pub(EC_POINT_new(group.get()));
    QByteArray point(1 + 2 * eccFieldSize(curve), '\0');
    if (!pub || EC_POINT_mul(group.get(), pub.get(), d.get(), nullptr, nullptr, nullptr) != 1
        || EC_POINT_point2oct(group.get(), pub.get(), POINT_CONVERSION_UNCOMPRESSED,
                              reinterpret_cast<unsigned char *>(point.data()), static_cast<size_t>(point.size()), nullptr)
            != static_cast<size_t>(point.size())) {
        setError(error, EccKeyError::Internal);
        return {};
    }
    ParamBldPtr bld(OSSL_PARAM_BLD_new());
    if (!bld || OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, opensslGroupName(curve), 0) != 1
        || OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PRIV_KEY, d.get()) != 1
        || OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.constData(), static_cast<size_t>(point.size())) != 1) {
        setError(error, EccKeyError::Internal);
        return {};
    }
    ParamPtr params(OSSL_PARAM_BLD_to_param(bld.get()));
    EvpPkeyPtr key = params ? keyFromParams(params.get(), EVP_PKEY_KEYPAIR) : EvpPkeyPtr();
    if (!key) {
        setError(error, EccKeyError::Internal);
        return {};
    }
    return EccPrivateKey(curve, std::move(key));
}

QByteArray EccPrivateKey::publicXY() const
{
    return m_key ? keyXY(m_key.get(), m_curve) : QByteArray();
}

QByteArray EccPrivateKey::deriveSharedSecret(const EccPublicKey &peer) const
{
    if (!m_key || !peer.isValid() || peer.curve() != m_curve)
        return {};
    CtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, m_key.get(), nullptr));
    size_t len = 0;
    if (!ctx || EVP_PKEY_derive_init(ctx.get()) != 1 || EVP_PKEY_derive_set_peer(ctx.get(), peer.evpKey()) != 1
        || EVP_PKEY_derive(ctx.get(), nullptr, &len) != 1) {
        ERR_clear_error();
        return {};
    }
    QByteArray secret(static_cast<qsizetype>(len), '\0');
    if (EVP_PKEY_derive(ctx.get(), reinterpret_cast<unsigned char *>(secret.data()), &len) != 1
        || len != static_cast<size_t>(eccFieldSize(m_curve))) {
        ERR_clear_error();
        return {};
    }
    return secret;
}

} // namespace fpnn
