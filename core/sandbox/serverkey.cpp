#include "serverkey.h"

#include <QFile>

namespace sandbox {

namespace {

constexpr qint64 kMaxKeyFileBytes = 64 * 1024;   // a key file is a few hundred bytes

fpnn::EccPrivateKey fail(const QString &path, const QString &reason, QString *error)
{
    if (error)
        *error = QStringLiteral("cannot use \"%1\" as the encryption key: %2").arg(path, reason);
    return {};
}

} // namespace

fpnn::EccPrivateKey loadServerKey(const QString &path, const QString &curveName, QString *error)
{
    if (error)
        error->clear();
    std::optional<fpnn::EccCurve> curve;
    if (!curveName.isEmpty()) {
        curve = fpnn::eccCurveFromName(curveName);
        if (!curve)
            return fail(path, QStringLiteral("unknown curve \"%1\" (FPNN speaks secp256k1, secp256r1, secp224r1, secp192r1)")
                                  .arg(curveName), error);
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(path, file.errorString(), error);
    const QByteArray bytes = file.read(kMaxKeyFileBytes + 1);
    if (bytes.size() > kMaxKeyFileBytes)
        return fail(path, QStringLiteral("too large for a key file"), error);
    if (bytes.isEmpty())
        return fail(path, QStringLiteral("the file is empty"), error);

    fpnn::EccKeyError keyError = fpnn::EccKeyError::None;
    if (bytes.contains("-----BEGIN")) {
        fpnn::EccPrivateKey key = fpnn::EccPrivateKey::fromPem(bytes, &keyError);
        if (!key.isValid()) {
            const QString reason = keyError == fpnn::EccKeyError::NotAKey
                ? QStringLiteral("not an unencrypted PEM private key (PKCS#8 or SEC1)")
                : fpnn::eccKeyErrorName(keyError);
            return fail(path, reason, error);
        }
        if (curve && key.curve() != *curve)
            return fail(path, QStringLiteral("the key is on %1, not on %2").arg(fpnn::eccCurveName(key.curve()), fpnn::eccCurveName(*curve)),
                        error);
        return key;
    }
    if (!curve)
        return fail(path, QStringLiteral("not a PEM private key (FPNN's raw key file needs its curve named, rtm-devserver --ecc-curve)"), error);
    const int fieldSize = fpnn::eccFieldSize(*curve);
    if (bytes.size() != fieldSize)
        return fail(path, QStringLiteral("a raw %1 key has %2 bytes, the file has %3")
                              .arg(fpnn::eccCurveName(*curve)).arg(fieldSize).arg(bytes.size()), error);
    fpnn::EccPrivateKey key = fpnn::EccPrivateKey::fromRawScalar(*curve, bytes, &keyError);
    if (!key.isValid())
        return fail(path, fpnn::eccKeyErrorName(keyError), error);
    return key;
}

} // namespace sandbox
