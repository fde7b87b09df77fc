#include "connectionprofile.h"

#include <QCoreApplication>
#include <QUrl>

#include "rtm/endpoint.h"

namespace ui {

QString ConnectionProfile::environmentName(Environment e)
{
    switch (e) {
    case Environment::Production: return QCoreApplication::translate("ui::ConnectionProfile", "production");
    case Environment::Test: return QCoreApplication::translate("ui::ConnectionProfile", "test");
    case Environment::Sandbox: return QCoreApplication::translate("ui::ConnectionProfile", "sandbox");
    }
    return {};
}

QString ConnectionProfile::environmentText() const
{
    QString text = environmentName(environment);
    if (!label.trimmed().isEmpty())
        text += QStringLiteral(" · ") + label.trimmed();
    return text;
}

service::SessionConfig ConnectionProfile::sessionConfig(const QByteArray &secret) const
{
    service::SessionConfig c;
    c.profileName = name;
    c.host = host;
    c.port = port;
    c.pid = pid;
    c.secret = secret;
    c.defaultTimeoutMs = timeoutMs;
    c.rateLimitPerSecond = rateLimitPerSecond;
    c.encryption = encryption;
    return c;
}

QString ConnectionProfile::endpoint() const
{
    return rtm::Endpoint{host, port}.toString();
}

ProfileStore::ProfileStore(QSettings *settings) : m_settings(settings) {}

QList<ConnectionProfile> ProfileStore::load() const
{
    QList<ConnectionProfile> list;
    const int n = m_settings->beginReadArray(QStringLiteral("profiles"));
    for (int i = 0; i < n; ++i) {
        m_settings->setArrayIndex(i);
        ConnectionProfile p;
        p.name = m_settings->value(QStringLiteral("name")).toString();
        p.host = m_settings->value(QStringLiteral("host"), p.host).toString();
        p.port = quint16(m_settings->value(QStringLiteral("port"), p.port).toUInt());
        p.pid = m_settings->value(QStringLiteral("pid")).toLongLong();
        p.timeoutMs = m_settings->value(QStringLiteral("timeoutMs"), p.timeoutMs).toInt();
        p.rateLimitPerSecond = m_settings->value(QStringLiteral("rateLimit"), p.rateLimitPerSecond).toInt();
        const QString env = m_settings->value(QStringLiteral("environment")).toString();
        p.environment = env == QLatin1String("production") ? ConnectionProfile::Environment::Production
                      : env == QLatin1String("sandbox")    ? ConnectionProfile::Environment::Sandbox
                                                            : ConnectionProfile::Environment::Test;
        p.label = m_settings->value(QStringLiteral("label")).toString();
        p.readOnly = m_settings->value(QStringLiteral("readOnly"), false).toBool();
        // Kept as written, even when not usable: the session names the problem instead of
        // quietly connecting plain or with other settings.
        p.encryption.serverKeyFile = m_settings->value(QStringLiteral("serverKeyFile")).toString();
        p.encryption.bits = m_settings->value(QStringLiteral("encryptionBits"), p.encryption.bits).toInt();
        p.encryption.streamMode = m_settings->value(QStringLiteral("encryptionMode")).toString() == QLatin1String("stream");
        if (!p.name.isEmpty())
            list << p;
    }
    m_settings->endArray();
    return list;
}

void ProfileStore::save(const QList<ConnectionProfile> &profiles)
{
    m_settings->remove(QStringLiteral("profiles"));
    m_settings->beginWriteArray(QStringLiteral("profiles"), int(profiles.size()));
    for (int i = 0; i < profiles.size(); ++i) {
        const ConnectionProfile &p = profiles[i];
        m_settings->setArrayIndex(i);
        m_settings->setValue(QStringLiteral("name"), p.name);
        m_settings->setValue(QStringLiteral("host"), p.host);
        m_settings->setValue(QStringLiteral("port"), p.port);
        m_settings->setValue(QStringLiteral("pid"), p.pid);
        m_settings->setValue(QStringLiteral("timeoutMs"), p.timeoutMs);
        m_settings->setValue(QStringLiteral("rateLimit"), p.rateLimitPerSecond);
        const char *env = p.environment == ConnectionProfile::Environment::Production ? "production"
                        : p.environment == ConnectionProfile::Environment::Sandbox    ? "sandbox"
                                                                                       : "test";
        m_settings->setValue(QStringLiteral("environment"), QString::fromLatin1(env));
        m_settings->setValue(QStringLiteral("label"), p.label);
        m_settings->setValue(QStringLiteral("readOnly"), p.readOnly);
        m_settings->setValue(QStringLiteral("serverKeyFile"), p.encryption.serverKeyFile);
        m_settings->setValue(QStringLiteral("encryptionBits"), p.encryption.bits);
        m_settings->setValue(QStringLiteral("encryptionMode"), service::encryptionModeName(p.encryption.streamMode));
        // No secret here, ever.
    }
    m_settings->endArray();
    m_settings->sync();
}

QString ProfileStore::lastUsed() const
{
    return m_settings->value(QStringLiteral("lastProfile")).toString();
}

void ProfileStore::setLastUsed(const QString &name)
{
    m_settings->setValue(QStringLiteral("lastProfile"), name);
}

} // namespace ui
