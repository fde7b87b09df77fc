#include "secretstore.h"

#include <QPointer>
#include <QStandardPaths>
#include <QTimer>

#ifdef RTM_HAVE_QTKEYCHAIN
#include "keychainsecretstore.h"
#endif

namespace ui {

MemorySecretStore::MemorySecretStore(QObject *parent) : SecretStore(parent) {}

void MemorySecretStore::readSecret(const QString &profile, QObject *context, ReadCallback callback)
{
    const bool found = m_secrets.contains(profile);
    const QByteArray secret = m_secrets.value(profile);
    QPointer<QObject> guard(context);
    QTimer::singleShot(0, this, [guard, callback, found, secret] {
        if (guard)
            callback(found, secret, QString());
    });
}

void MemorySecretStore::writeSecret(const QString &profile, const QByteArray &secret, QObject *context,
                                    WriteCallback callback)
{
    m_secrets.insert(profile, secret);
    QPointer<QObject> guard(context);
    QTimer::singleShot(0, this, [guard, callback] {
        if (guard && callback)
            callback(true, QString());
    });
}

void MemorySecretStore::removeSecret(const QString &profile)
{
    m_secrets.remove(profile);
}

QString MemorySecretStore::backendName() const
{
    return tr("memory only (forgotten when the console closes)");
}

SecretStore *createDefaultSecretStore(QObject *parent)
{
    // Tests (QStandardPaths' test mode) and RTM_SECRET_STORE=memory never touch the keychain.
    if (QStandardPaths::isTestModeEnabled() || qEnvironmentVariable("RTM_SECRET_STORE") == QLatin1String("memory"))
        return new MemorySecretStore(parent);
#ifdef RTM_HAVE_QTKEYCHAIN
    return new KeychainSecretStore(parent);
#else
    return new MemorySecretStore(parent);
#endif
}

} // namespace ui
