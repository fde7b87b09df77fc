#pragma once

// Keys for the encrypted-connection tests (protocol.md 2): the throwaway pairs in
// tests/data/keys, and keys the client must refuse (other algorithms, other curves), made
// on the spot with the openssl CLI in a test-owned folder.

#include <QFile>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace rtmtest {

// tests/data/keys/<name>, e.g. "secp256r1-public.pem".
inline QString testKeyPath(const QString &name)
{
    return QString::fromUtf8(RTM_TEST_DATA_DIR) + QStringLiteral("/keys/") + name;
}

// Runs `openssl args…`; false (with a warning naming the step) when it fails.
inline bool runOpenssl(const QStringList &args)
{
    QProcess p;
    p.start(QStringLiteral("openssl"), args);
    if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        qWarning("openssl %s failed: %s", qPrintable(args.join(QLatin1Char(' '))),
                 p.readAllStandardError().constData());
        return false;
    }
    return true;
}

// A fresh key pair in `dir`: genpkey `algorithmArgs`, then the public half as PEM (or DER).
// Returns the public key's path ("" on failure); the private key is <stem>-private.pem.
// e.g. {"-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384"} or {"-algorithm", "ED25519"}.
inline QString makePublicKey(const QString &dir, const QString &stem, const QStringList &algorithmArgs,
                             bool der = false)
{
    const QString privatePath = dir + QLatin1Char('/') + stem + QStringLiteral("-private.pem");
    const QString publicPath = dir + QLatin1Char('/') + stem + (der ? QStringLiteral("-public.der") : QStringLiteral("-public.pem"));
    if (!runOpenssl(QStringList{QStringLiteral("genpkey")} + algorithmArgs + QStringList{QStringLiteral("-out"), privatePath}))
        return {};
    QStringList pub = {QStringLiteral("pkey"), QStringLiteral("-in"), privatePath, QStringLiteral("-pubout"),
                       QStringLiteral("-out"), publicPath};
    if (der)
        pub << QStringLiteral("-outform") << QStringLiteral("DER");
    if (!runOpenssl(pub))
        return {};
    return publicPath;
}

inline QString makeEcPublicKey(const QString &dir, const QString &stem, const char *curve = "P-256", bool der = false)
{
    return makePublicKey(dir, stem,
                         {QStringLiteral("-algorithm"), QStringLiteral("EC"), QStringLiteral("-pkeyopt"),
                          QStringLiteral("ec_paramgen_curve:") + QLatin1String(curve)},
                         der);
}

} // namespace rtmtest
