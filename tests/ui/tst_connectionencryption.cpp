// Encrypted connections in the console (protocol.md 2): the profile's encryption fields in
// QSettings, the connection dialog's key file field, Browse…, mode and key size, and its
// checks before saving; the main window connected to a sandbox that takes encrypted
// connections only (padlock and mode in the status bar), and failed handshakes named.

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include "common/mainwindowparts.h"
#include "common/testkeys.h"
#include "connectiondialog.h"
#include "connectionprofile.h"
#include "connectionstatus.h"
#include "mainwindow.h"
#include "secretstore.h"
#include "uitesthelpers.h"

using namespace ui;
using uitest::child;

class TestConnectionEncryption : public QObject {
    Q_OBJECT
public:
    static void initMain() { uitest::isolateUserFiles(); }

private:
    QTemporaryDir m_dir;
    QString m_goodKey;        // secp256r1 public key, PEM
    QString m_goodKeyDer;     // secp256k1 public key, DER
    QString m_edKey;          // Ed25519: not an EC key

    QString settingsPath(const QString &name) const { return m_dir.filePath(name); }

    // A dialog over its own settings file, with the form filled in except for encryption.
    struct Form {
        std::unique_ptr<QSettings> settings;
        std::unique_ptr<ProfileStore> store;
        std::unique_ptr<MemorySecretStore> secrets;
        std::unique_ptr<ConnectionDialog> dialog;
        std::unique_ptr<QAbstractItemModelTester> listTester;
    };
    Form openForm(const QString &settingsFile)
    {
        Form f;
        f.settings = std::make_unique<QSettings>(settingsPath(settingsFile), QSettings::IniFormat);
        f.store = std::make_unique<ProfileStore>(f.settings.get());
        f.secrets = std::make_unique<MemorySecretStore>();
        f.dialog = std::make_unique<ConnectionDialog>(f.store.get(), f.secrets.get());
        f.listTester = std::make_unique<QAbstractItemModelTester>(
            child<QListWidget>(f.dialog.get(), "profileList")->model(),
            QAbstractItemModelTester::FailureReportingMode::QtTest);
        f.dialog->show();
        f.dialog->startNewProfile();
        child<QLineEdit>(f.dialog.get(), "profileName")->setText(QStringLiteral("Encrypted EU"));
        child<QLineEdit>(f.dialog.get(), "profileEndpoint")->setText(QStringLiteral("rtm.example.com:13315"));
        child<QLineEdit>(f.dialog.get(), "profilePid")->setText(QStringLiteral("11000001"));
        child<QLineEdit>(f.dialog.get(), "profileSecret")->setText(QStringLiteral("form-secret-31337"));
        return f;
    }

    uitest::Sandbox m_encryptedSandbox;   // secp256r1 test key, encrypted connections only

    ConnectionProfile encryptedProfile(const QString &publicKey, int bits = 128, bool stream = false) const
    {
        ConnectionProfile p;
        p.name = QStringLiteral("Encrypted sandbox");
        p.port = m_encryptedSandbox.port;
        p.pid = sandbox::kDemoPid;
        p.environment = ConnectionProfile::Environment::Sandbox;
        p.rateLimitPerSecond = 0;
        p.timeoutMs = 10000;
        p.encryption = {rtmtest::testKeyPath(publicKey), bits, stream};
        return p;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_goodKey = rtmtest::makeEcPublicKey(m_dir.path(), QStringLiteral("p256"));
        m_goodKeyDer = rtmtest::makeEcPublicKey(m_dir.path(), QStringLiteral("k256"), "secp256k1", true);
        m_edKey = rtmtest::makePublicKey(m_dir.path(), QStringLiteral("ed"), {QStringLiteral("-algorithm"), QStringLiteral("ED25519")});
        QVERIFY(!m_goodKey.isEmpty() && !m_goodKeyDer.isEmpty() && !m_edKey.isEmpty());
        sandbox::SandboxOptions o;
        o.eccKeyFile = rtmtest::testKeyPath(QStringLiteral("secp256r1-private.pem"));
        o.forceEncrypt = true;
        QVERIFY(m_encryptedSandbox.start(o));
    }

    void profileEncryptionRoundTrip()
    {
        QSettings settings(settingsPath(QStringLiteral("roundtrip.ini")), QSettings::IniFormat);
        ProfileStore store(&settings);
        ConnectionProfile encrypted;
        encrypted.name = QStringLiteral("Encrypted");
        encrypted.encryption = {m_goodKeyDer, 256, true};
        ConnectionProfile plain;
        plain.name = QStringLiteral("Plain");
        ConnectionProfile oddBits;   // as a hand-edited file could have it: kept, not "fixed"
        oddBits.name = QStringLiteral("Odd");
        oddBits.encryption = {m_goodKey, 192, false};
        store.save({encrypted, plain, oddBits});

        QSettings reread(settingsPath(QStringLiteral("roundtrip.ini")), QSettings::IniFormat);
        const QList<ConnectionProfile> loaded = ProfileStore(&reread).load();
        QCOMPARE(loaded.size(), 3);
        QCOMPARE(loaded[0].encryption, encrypted.encryption);
        QCOMPARE(loaded[1].encryption, service::SessionEncryption{});
        QVERIFY(!loaded[1].encryption.enabled());
        QCOMPARE(loaded[2].encryption, oddBits.encryption);
        // Readable settings: the mode by name.
        reread.beginReadArray(QStringLiteral("profiles"));
        reread.setArrayIndex(0);
        QCOMPARE(reread.value(QStringLiteral("encryptionMode")).toString(), QStringLiteral("stream"));
        QCOMPARE(reread.value(QStringLiteral("serverKeyFile")).toString(), m_goodKeyDer);
        reread.endArray();
        // And into the session.
        QCOMPARE(loaded[0].sessionConfig("s").encryption, encrypted.encryption);
    }

    void modeAndSizeFollowTheKeyField()
    {
        Form f = openForm(QStringLiteral("follow.ini"));
        auto *key = child<QLineEdit>(f.dialog.get(), "profileServerKey");
        auto *mode = child<QComboBox>(f.dialog.get(), "profileEncryptionMode");
        auto *bits = child<QComboBox>(f.dialog.get(), "profileEncryptionBits");
        auto *status = child<QLabel>(f.dialog.get(), "profileKeyStatus");
        QVERIFY(key->text().isEmpty());
        QVERIFY(!mode->isEnabled() && !bits->isEnabled());
        QVERIFY2(status->text().startsWith(QStringLiteral("Plain connection")), qPrintable(status->text()));
        key->setText(m_goodKey);
        QVERIFY(mode->isEnabled() && bits->isEnabled());
        bits->setCurrentIndex(bits->findData(256));   // re-checks
        QVERIFY2(status->text().startsWith(QStringLiteral("✔ secp256r1 public key")) && status->text().contains(QStringLiteral("AES-256")),
                 qPrintable(status->text()));
    }

    void unusableKeysAreNamedBeforeSaving_data()
    {
        QTest::addColumn<QString>("keyFile");
        QTest::addColumn<QString>("problem");
        QTest::newRow("missing") << m_dir.filePath(QStringLiteral("nothing-here.pem")) << QStringLiteral("key file unreadable");
        QTest::newRow("Ed25519") << m_edKey << QStringLiteral("not an EC key");
        QTest::newRow("private key") << m_dir.filePath(QStringLiteral("p256-private.pem"))
                                     << QStringLiteral("this is a private key");
        QTest::newRow("relative path") << QStringLiteral("keys/server.pem") << QStringLiteral("Give the full path");
    }

    // Save refuses with the problem named; nothing reaches the settings.
    void unusableKeysAreNamedBeforeSaving()
    {
        QFETCH(QString, keyFile);
        QFETCH(QString, problem);
        Form f = openForm(QStringLiteral("refused-%1.ini").arg(QString::fromLatin1(QTest::currentDataTag())));
        child<QLineEdit>(f.dialog.get(), "profileServerKey")->setText(keyFile);
        QVERIFY(!f.dialog->saveProfile());
        auto *problems = child<QLabel>(f.dialog.get(), "profileProblems");
        QVERIFY(!problems->isHidden());
        QVERIFY2(problems->text().contains(problem), qPrintable(problems->text()));
        QVERIFY2(child<QLabel>(f.dialog.get(), "profileKeyStatus")->text().startsWith(QStringLiteral("✖")),
                 qPrintable(child<QLabel>(f.dialog.get(), "profileKeyStatus")->text()));
        QVERIFY(f.store->load().isEmpty());
        QVERIFY(f.dialog->profiles().isEmpty());
    }

    // The endpoint field reads HOST:PORT through rtm::Endpoint: an IPv6 address is saved
    // without brackets and shown again with them; without brackets it is refused by name.
    void ipv6EndpointIsSavedAndShownInBrackets()
    {
        Form f = openForm(QStringLiteral("ipv6.ini"));
        child<QLineEdit>(f.dialog.get(), "profileEndpoint")->setText(QStringLiteral("::1:13315"));
        QVERIFY(!f.dialog->saveProfile());
        auto *problems = child<QLabel>(f.dialog.get(), "profileProblems");
        QVERIFY2(problems->text().contains(QStringLiteral("in brackets")), qPrintable(problems->text()));
        QVERIFY(f.store->load().isEmpty());

        child<QLineEdit>(f.dialog.get(), "profileEndpoint")->setText(QStringLiteral(" [::1]:13315 "));
        QVERIFY(f.dialog->saveProfile());
        QVERIFY(problems->isHidden());
        const QList<ConnectionProfile> saved = f.store->load();
        QCOMPARE(saved.size(), 1);
        QCOMPARE(saved[0].host, QStringLiteral("::1"));
        QCOMPARE(saved[0].port, quint16(13315));

        ConnectionDialog again(f.store.get(), f.secrets.get());
        again.selectProfile(QStringLiteral("Encrypted EU"));
        QCOMPARE(child<QLineEdit>(&again, "profileEndpoint")->text(), QStringLiteral("[::1]:13315"));
    }

    void usableKeyIsSavedWithTheProfile()
    {
        Form f = openForm(QStringLiteral("saved.ini"));
        child<QLineEdit>(f.dialog.get(), "profileServerKey")->setText(m_goodKeyDer);
        auto *mode = child<QComboBox>(f.dialog.get(), "profileEncryptionMode");
        mode->setCurrentIndex(mode->findData(true));
        auto *bits = child<QComboBox>(f.dialog.get(), "profileEncryptionBits");
        bits->setCurrentIndex(bits->findData(256));
        QVERIFY(f.dialog->saveProfile());
        QVERIFY(child<QLabel>(f.dialog.get(), "profileProblems")->isHidden());
        const QList<ConnectionProfile> saved = f.store->load();
        QCOMPARE(saved.size(), 1);
        QCOMPARE(saved[0].encryption, (service::SessionEncryption{m_goodKeyDer, 256, true}));

        // Reopened, the form shows what was saved.
        ConnectionDialog again(f.store.get(), f.secrets.get());
        again.selectProfile(QStringLiteral("Encrypted EU"));
        QCOMPARE(child<QLineEdit>(&again, "profileServerKey")->text(), m_goodKeyDer);
        QCOMPARE(child<QComboBox>(&again, "profileEncryptionMode")->currentData().toBool(), true);
        QCOMPARE(child<QComboBox>(&again, "profileEncryptionBits")->currentData().toInt(), 256);
        QVERIFY(child<QLabel>(&again, "profileKeyStatus")->text().startsWith(QStringLiteral("✔ secp256k1 public key")));

        // Cleared again: a plain profile.
        QTRY_VERIFY(!child<QLineEdit>(&again, "profileSecret")->text().isEmpty());   // read from the store
        child<QLineEdit>(&again, "profileServerKey")->clear();
        QVERIFY(again.saveProfile());
        QVERIFY(!f.store->load().at(0).encryption.enabled());
    }

    void browsePicksTheKeyFile()
    {
        Form f = openForm(QStringLiteral("browse.ini"));
        child<QPushButton>(f.dialog.get(), "profileServerKeyBrowse")->click();
        QFileDialog *picker = nullptr;
        QTRY_VERIFY((picker = f.dialog->findChild<QFileDialog *>(QStringLiteral("serverKeyFileDialog"))) && picker->isVisible());
        QCOMPARE(picker->fileMode(), QFileDialog::ExistingFile);
        picker->selectFile(m_goodKey);
        static_cast<QDialog *>(picker)->accept();   // as the Open button does
        QCOMPARE(child<QLineEdit>(f.dialog.get(), "profileServerKey")->text(), m_goodKey);
        QVERIFY(child<QLabel>(f.dialog.get(), "profileKeyStatus")->text().startsWith(QStringLiteral("✔ secp256r1")));
    }

    void mainWindowShowsTheLockAndMode()
    {
        MemorySecretStore secrets;
        MainWindow window(&secrets);
        window.show();
        ConnectionStatus *status = rtmtest::connectionStatus(window);
        window.connectToProfile(encryptedProfile(QStringLiteral("secp256r1-public.pem"), 256, true), sandbox::kDemoSecret);
        QTRY_COMPARE_WITH_TIMEOUT(status->stateText(), QStringLiteral("Connected"), 20000);
        QVERIFY(window.session()->isEncrypted());
        QVERIFY(status->showsLock());
        QVERIFY(child<QLabel>(status, "statusLock")->isVisible());
        QCOMPARE(status->encryptionText(), QStringLiteral("AES-256 stream · secp256r1"));
        QVERIFY2(status->text().contains(QStringLiteral("Connected | AES-256 stream · secp256r1 | 127.0.0.1:")), qPrintable(status->text()));
        QVERIFY(child<QLabel>(status, "statusLock")->toolTip().contains(QStringLiteral("secp256r1-public.pem")));
        QTRY_VERIFY2(rtmtest::notice(window).endsWith(QStringLiteral("encrypted: AES-256 stream, secp256r1.")), qPrintable(rtmtest::notice(window)));

        // Gone with the connection.
        window.disconnectSession();
        QVERIFY(!status->showsLock());
        QCOMPARE(status->encryptionText(), QString());
    }

    void plainConnectionShowsNoLock()
    {
        uitest::Sandbox plain;
        QVERIFY(plain.start());
        MemorySecretStore secrets;
        MainWindow window(&secrets);
        window.show();
        ConnectionProfile p = encryptedProfile(QStringLiteral("secp256r1-public.pem"));
        p.port = plain.port;
        p.encryption = {};
        window.connectToProfile(p, sandbox::kDemoSecret);
        QTRY_COMPARE_WITH_TIMEOUT(rtmtest::connectionStatus(window)->stateText(), QStringLiteral("Connected"), 20000);
        QVERIFY(!rtmtest::connectionStatus(window)->showsLock());
        QVERIFY(child<QLabel>(rtmtest::connectionStatus(window), "statusLock")->isHidden());
        QCOMPARE(rtmtest::connectionStatus(window)->encryptionText(), QString());
    }

    // The wrong server key: the connect probe says the handshake failed; no lock.
    void wrongKeyOnConnectNamesTheHandshake()
    {
        MemorySecretStore secrets;
        MainWindow window(&secrets);
        window.show();
        window.connectToProfile(encryptedProfile(QStringLiteral("secp256r1-other-public.pem")), sandbox::kDemoSecret);
        QMessageBox *box = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((box = window.findChild<QMessageBox *>(QStringLiteral("connectionProblemBox"))) && box->isVisible(), 20000);
        QVERIFY2(box->text().startsWith(QStringLiteral("“Encrypted sandbox”: encryption handshake failed: FPNN_EC_CORE_INVALID_CONNECTION")),
                 qPrintable(box->text()));
        QVERIFY(!rtmtest::connectionStatus(window)->showsLock());
        box->accept();
    }

    // A saved profile whose key file has gone since: named on connect, never a plain connection.
    void vanishedKeyFileIsNamedOnConnect()
    {
        MemorySecretStore secrets;
        MainWindow window(&secrets);
        window.show();
        ConnectionProfile p = encryptedProfile(QStringLiteral("secp256r1-public.pem"));
        p.encryption.serverKeyFile = m_dir.filePath(QStringLiteral("moved-away.pem"));
        window.connectToProfile(p, sandbox::kDemoSecret);
        QVERIFY(window.session()->configurationError());
        QMessageBox *box = nullptr;
        QTRY_VERIFY((box = window.findChild<QMessageBox *>(QStringLiteral("connectionProblemBox"))) && box->isVisible());
        QVERIFY2(box->text().contains(QStringLiteral("CONSOLE_EC_ENCRYPTION_KEY_UNUSABLE"))
                     && box->text().contains(QStringLiteral("moved-away.pem")) && box->text().contains(QStringLiteral("key file unreadable")),
                 qPrintable(box->text()));
        QCOMPARE(rtmtest::connectionStatus(window)->stateText(), QStringLiteral("Disconnected"));
        box->accept();
    }

    void testConnectionNamesAHandshakeFailure()
    {
        Form f = openForm(QStringLiteral("test-connection.ini"));
        child<QLineEdit>(f.dialog.get(), "profileEndpoint")->setText(QStringLiteral("127.0.0.1:%1").arg(m_encryptedSandbox.port));
        child<QLineEdit>(f.dialog.get(), "profileSecret")->setText(QString::fromLatin1(sandbox::kDemoSecret));
        auto *key = child<QLineEdit>(f.dialog.get(), "profileServerKey");
        auto *test = child<QPushButton>(f.dialog.get(), "profileTest");

        key->setText(rtmtest::testKeyPath(QStringLiteral("secp256r1-other-public.pem")));
        test->click();
        QTRY_VERIFY_WITH_TIMEOUT(f.dialog->testResultText().startsWith(QStringLiteral("✖")), 20000);
        QVERIFY2(f.dialog->testResultText().startsWith(QStringLiteral("✖ Encryption handshake failed: FPNN_EC_CORE_INVALID_CONNECTION")),
                 qPrintable(f.dialog->testResultText()));

        key->setText(rtmtest::testKeyPath(QStringLiteral("secp256r1-public.pem")));
        QTRY_VERIFY(test->isEnabled());
        test->click();
        QTRY_VERIFY_WITH_TIMEOUT(f.dialog->testResultText().startsWith(QStringLiteral("✔ Connected")), 20000);
        QVERIFY2(f.dialog->testResultText().contains(QStringLiteral("encrypted (AES-128 package, secp256r1)")),
                 qPrintable(f.dialog->testResultText()));

        // Plain against this server: refused, and not called a handshake failure.
        key->clear();
        test->click();
        QTRY_VERIFY_WITH_TIMEOUT(f.dialog->testResultText().startsWith(QStringLiteral("✖")), 20000);
        QVERIFY2(f.dialog->testResultText().contains(QStringLiteral("FPNN_EC_CORE_FORBIDDEN"))
                     && !f.dialog->testResultText().contains(QStringLiteral("handshake")),
                 qPrintable(f.dialog->testResultText()));
    }
};

QTEST_MAIN(TestConnectionEncryption)
#include "tst_connectionencryption.moc"
