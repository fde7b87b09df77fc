#include "sessionencryption.h"

#include <QCoreApplication>
#include <QFile>

#include "sessionencryption_p.h"

namespace service {

namespace {

rtm::RtmError unusable(const QString &detail)
{
    return rtm::RtmError::fromCode(rtm::EncryptionKeyUnusable, detail);
}

// People pick the server's private key file by mistake; say so instead of "not a key".
// Only the PEM label is looked at; nothing of the file is ever repeated.
bool looksLikePrivateKey(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return false;
    return f.read(64 * 1024).contains("PRIVATE KEY-----");
}

} // namespace

fpnn::ClientEncryption loadClientEncryption(const SessionEncryption &encryption, EncryptionCheck *check)
{
    EncryptionCheck result;
    fpnn::ClientEncryption client;
    if (encryption.enabled()) {
        fpnn::EccKeyError keyError = fpnn::EccKeyError::None;
        fpnn::EccPublicKey key;
        const bool bitsOk = encryption.bits == 128 || encryption.bits == 256;
        if (bitsOk)
            key = fpnn::EccPublicKey::fromFile(encryption.serverKeyFile, &keyError);
        if (!bitsOk) {
            result.problem = QStringLiteral("the AES key size must be 128 or 256 bits, not %1").arg(encryption.bits);
            result.error = unusable(result.problem);
        } else if (!key.isValid()) {
            result.problem = fpnn::eccKeyErrorName(keyError);
            if (keyError == fpnn::EccKeyError::NotAKey && looksLikePrivateKey(encryption.serverKeyFile))
                result.problem = QStringLiteral("this is a private key; use the server's public key (keep the private key on the server)");
            result.error = unusable(QStringLiteral("“%1”: %2").arg(encryption.serverKeyFile, result.problem));
        } else {
            result.curveName = fpnn::eccCurveName(key.curve());
            client.serverKey = key;
            client.options.bits = encryption.bits;
            client.options.streamMode = encryption.streamMode;
        }
    }
    if (check)
        *check = result;
    return client;
}

EncryptionCheck checkEncryption(const SessionEncryption &encryption)
{
    EncryptionCheck check;
    loadClientEncryption(encryption, &check);
    return check;
}

QString encryptionModeName(bool streamMode)
{
    return streamMode ? QStringLiteral("stream") : QStringLiteral("package");
}

QString describeEncryption(const SessionEncryption &encryption, const QString &curveName)
{
    if (!encryption.enabled())
        return {};
    // Shown in the console (translated there); encryptionModeName() is the settings value.
    const QString mode = encryption.streamMode ? QCoreApplication::translate("service::SessionEncryption", "stream")
                                               : QCoreApplication::translate("service::SessionEncryption", "package");
    QString text = QStringLiteral("AES-%1 %2").arg(encryption.bits).arg(mode);
    if (!curveName.isEmpty())
        text += QStringLiteral(", ") + curveName;
    return text;
}

} // namespace service
