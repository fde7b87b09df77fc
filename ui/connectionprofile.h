#pragma once

// A saved connection: where, which project, how fast, how dangerous. Saved in QSettings
// WITHOUT the secret (that lives in a SecretStore under the profile name).

#include <QList>
#include <QSettings>
#include <QString>

#include "service/rtmsession.h"

namespace ui {

struct ConnectionProfile {
    enum class Environment { Production, Test, Sandbox };

    QString name;
    QString host = QStringLiteral("127.0.0.1");
    quint16 port = 13315;
    qint64 pid = 0;
    int timeoutMs = 30000;
    int rateLimitPerSecond = 50;   // 0 = unlimited
    Environment environment = Environment::Test;
    QString label;                 // free text shown next to the name, e.g. "EU"
    bool readOnly = false;         // no send, no delete
    // Transport encryption: the server's EC public key file (a public key, so its path may
    // be saved and shown), AES key size and package/stream mode. No key file = plain.
    service::SessionEncryption encryption;

    QString endpoint() const;   // "host:port", "[v6]:port" (rtm::Endpoint reads it back)
    // "production", "test" or "sandbox", plus the label.
    QString environmentText() const;
    bool isProduction() const { return environment == Environment::Production; }
    service::SessionConfig sessionConfig(const QByteArray &secret) const;

    static QString environmentName(Environment e);
};

// The list of profiles in QSettings under "profiles/". Secrets are never written here.
class ProfileStore {
public:
    explicit ProfileStore(QSettings *settings);
    QList<ConnectionProfile> load() const;
    void save(const QList<ConnectionProfile> &profiles);
    QString lastUsed() const;
    void setLastUsed(const QString &name);

private:
    QSettings *m_settings;
};

} // namespace ui
