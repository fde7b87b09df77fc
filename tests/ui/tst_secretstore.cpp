// Secrets and profiles: the memory store answers asynchronously, profiles round-trip
// through QSettings, and the secret never reaches the settings file.

#include <QFile>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>

#include "connectionprofile.h"
#include "rtm/endpoint.h"
#include "secretstore.h"
#include "uitesthelpers.h"

using namespace ui;

class TestSecretStore : public QObject {
    Q_OBJECT
public:
    static void initMain() { uitest::isolateUserFiles(); }

private Q_SLOTS:
    void memoryStoreRoundTrip()
    {
        MemorySecretStore store;
        QVERIFY(!store.isPersistent());
        bool done = false, found = true;
        QByteArray secret;
        store.readSecret(QStringLiteral("p"), this, [&](bool ok, const QByteArray &s, const QString &) {
            done = true;
            found = ok;
            secret = s;
        });
        QVERIFY(!done);                 // asynchronous, like a keychain
        QTRY_VERIFY(done);
        QVERIFY(!found);

        done = false;
        store.writeSecret(QStringLiteral("p"), "s3cr3t", this, [&](bool ok, const QString &) { done = ok; });
        QTRY_VERIFY(done);
        done = false;
        store.readSecret(QStringLiteral("p"), this, [&](bool ok, const QByteArray &s, const QString &) {
            done = true;
            found = ok;
            secret = s;
        });
        QTRY_VERIFY(done);
        QVERIFY(found);
        QCOMPARE(secret, QByteArray("s3cr3t"));
        store.removeSecret(QStringLiteral("p"));
        QVERIFY(!store.contains(QStringLiteral("p")));
    }

    void callbackDroppedWithItsContext()
    {
        MemorySecretStore store;
        bool called = false;
        {
            QObject context;
            store.readSecret(QStringLiteral("p"), &context, [&](bool, const QByteArray &, const QString &) { called = true; });
        }
        // Answers come in order: once a later read has answered, the dropped one had its turn.
        bool later = false;
        store.readSecret(QStringLiteral("p"), this, [&](bool, const QByteArray &, const QString &) { later = true; });
        QTRY_VERIFY(later);
        QVERIFY(!called);
    }

    void defaultStoreNeverFallsBackToPlainText()
    {
        // Tests never reach the user's keychain: under QStandardPaths' test mode the default
        // store is memory only. The secret is readable in this process and absent from every
        // settings file.
        QObject owner;
        SecretStore *store = createDefaultSecretStore(&owner);
        QVERIFY(qobject_cast<MemorySecretStore *>(store));
        QSignalSpy degraded(store, &SecretStore::degraded);
        bool written = false;
        store->writeSecret(QStringLiteral("ci"), "keychain-or-memory", this, [&](bool ok, const QString &) { written = ok; });
        QTRY_VERIFY_WITH_TIMEOUT(written, 30000);
        bool read = false;
        QByteArray secret;
        store->readSecret(QStringLiteral("ci"), this, [&](bool ok, const QByteArray &s, const QString &) {
            read = ok;
            secret = s;
        });
        QTRY_VERIFY_WITH_TIMEOUT(read, 30000);
        QCOMPARE(secret, QByteArray("keychain-or-memory"));
        if (!store->isPersistent())
            QVERIFY(!store->backendName().isEmpty());
        store->removeSecret(QStringLiteral("ci"));
        QSettings settings;
        settings.sync();
        QFile f(settings.fileName());
        if (f.open(QIODevice::ReadOnly))
            QVERIFY(!f.readAll().contains("keychain-or-memory"));
    }

    void profilesRoundTripWithoutSecrets()
    {
        QSettings settings;
        ProfileStore store(&settings);
        ConnectionProfile a;
        a.name = QStringLiteral("EU production");
        a.host = QStringLiteral("rtm-eu.example.com");
        a.port = 13315;
        a.pid = 80000001;
        a.timeoutMs = 15000;
        a.rateLimitPerSecond = 20;
        a.environment = ConnectionProfile::Environment::Production;
        a.label = QStringLiteral("EU");
        a.readOnly = true;
        ConnectionProfile b;
        b.name = QStringLiteral("测试 test");
        b.pid = 5;
        store.save({a, b});
        store.setLastUsed(a.name);

        const QList<ConnectionProfile> loaded = store.load();
        QCOMPARE(loaded.size(), 2);
        QCOMPARE(loaded[0].name, a.name);
        QCOMPARE(loaded[0].endpoint(), QStringLiteral("rtm-eu.example.com:13315"));
        QCOMPARE(loaded[0].pid, a.pid);
        QCOMPARE(loaded[0].timeoutMs, 15000);
        QCOMPARE(loaded[0].rateLimitPerSecond, 20);
        QVERIFY(loaded[0].isProduction());
        QVERIFY(loaded[0].readOnly);
        QCOMPARE(loaded[0].environmentText(), QStringLiteral("production · EU"));
        QCOMPARE(loaded[1].name, b.name);
        QCOMPARE(store.lastUsed(), a.name);

        const service::SessionConfig c = loaded[0].sessionConfig("top-secret");
        QCOMPARE(c.secret, QByteArray("top-secret"));
        settings.sync();
        QFile f(settings.fileName());
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray text = f.readAll();
        QVERIFY(text.contains("rtm-eu.example.com"));
        QVERIFY(!text.contains("top-secret"));
        QVERIFY(!text.toLower().contains("secret"));
    }

    // A profile shows its endpoint the way the form reads it back: IPv6 in brackets
    // (rtm::Endpoint's own cases are in tst_endpoint).
    void endpoints()
    {
        ConnectionProfile p;
        p.host = QStringLiteral("rtm.example.com");
        p.port = 13315;
        QCOMPARE(p.endpoint(), QStringLiteral("rtm.example.com:13315"));
        p.host = QStringLiteral("::1");
        p.port = 80;
        QCOMPARE(p.endpoint(), QStringLiteral("[::1]:80"));
        const std::optional<rtm::Endpoint> back = rtm::Endpoint::parse(p.endpoint(), nullptr);
        QVERIFY(back.has_value());
        QCOMPARE(back->host, p.host);
        QCOMPARE(back->port, p.port);
    }
};

QTEST_MAIN(TestSecretStore)
#include "tst_secretstore.moc"
