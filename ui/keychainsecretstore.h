#pragma once

// Secrets in the system keychain through QtKeychain (Secret Service / KWallet on Linux).
// Never uses QtKeychain's insecure plain-text fallback: when no keychain answers (a headless
// machine without a keyring) the store switches to memory only and emits degraded().

#include "secretstore.h"

namespace ui {

class MemorySecretStore;

class KeychainSecretStore : public SecretStore {
    Q_OBJECT
public:
    explicit KeychainSecretStore(QObject *parent = nullptr);
    void readSecret(const QString &profile, QObject *context, ReadCallback callback) override;
    void writeSecret(const QString &profile, const QByteArray &secret, QObject *context,
                     WriteCallback callback) override;
    void removeSecret(const QString &profile) override;
    QString backendName() const override;
    bool isPersistent() const override { return !m_degraded; }

private:
    void degrade(const QString &why);

    MemorySecretStore *m_memory;
    bool m_degraded = false;
};

} // namespace ui
