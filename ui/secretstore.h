#pragma once

// Where project secrets live. Never in QSettings: profiles are saved without them and the
// secret is fetched from a SecretStore by profile name. All calls answer asynchronously
// (keychains do), through a callback that is dropped when `context` is destroyed first.

#include <functional>

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QString>

namespace ui {

class SecretStore : public QObject {
    Q_OBJECT
public:
    using ReadCallback = std::function<void(bool ok, const QByteArray &secret, const QString &error)>;
    using WriteCallback = std::function<void(bool ok, const QString &error)>;

    explicit SecretStore(QObject *parent = nullptr) : QObject(parent) {}

    // ok = false with an empty error means "no secret stored for this profile".
    virtual void readSecret(const QString &profile, QObject *context, ReadCallback callback) = 0;
    virtual void writeSecret(const QString &profile, const QByteArray &secret, QObject *context,
                             WriteCallback callback) = 0;
    virtual void removeSecret(const QString &profile) = 0;

    // Shown in the profile dialog: "system keychain" or "memory only (not saved)".
    virtual QString backendName() const = 0;
    // False when secrets are forgotten at exit.
    virtual bool isPersistent() const = 0;

Q_SIGNALS:
    // The store gave up on its backend and keeps secrets in memory from now on.
    void degraded(const QString &notice);
};

// Keeps secrets for the life of the process: tests, and the fallback without a keyring.
class MemorySecretStore : public SecretStore {
    Q_OBJECT
public:
    explicit MemorySecretStore(QObject *parent = nullptr);
    void readSecret(const QString &profile, QObject *context, ReadCallback callback) override;
    void writeSecret(const QString &profile, const QByteArray &secret, QObject *context,
                     WriteCallback callback) override;
    void removeSecret(const QString &profile) override;
    QString backendName() const override;
    bool isPersistent() const override { return false; }

    bool contains(const QString &profile) const { return m_secrets.contains(profile); }

private:
    QHash<QString, QByteArray> m_secrets;
};

// The best store this build and machine offer: the system keychain when compiled in and
// reachable, else memory only (and `degraded` tells why). Memory only, without asking the
// keychain, under QStandardPaths' test mode (tests) or with RTM_SECRET_STORE=memory.
SecretStore *createDefaultSecretStore(QObject *parent);

} // namespace ui
