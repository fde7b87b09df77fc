// The rtm-devserver program: options, the single "listening on" line, refusals around
// --allow-remote (demo or short secrets), RTM_SECRET, clean shutdown on SIGTERM/SIGINT with
// the journal kept, another project's journal refused, journal writes failing for real
// (file size limit) answered as errors and logged, and no secret or sign in its logs.

#include <csignal>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include <sys/resource.h>

#include <QFileInfo>
#include <QProcess>
#include <QTcpSocket>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include "fpnn/fpnnclient.h"
#include "fpnn/fpnnerrorcodes.h"
#include "rtm/rtmwire.h"
#include "sandbox/sandboxoptions.h"
#include "common/testvectors.h"
#include "sandboxtestutil.h"

using namespace Qt::StringLiterals;

using namespace fpnn;
using sandboxtest::intField;
using sandboxtest::mapOf;

namespace {

struct Server {
    std::unique_ptr<QProcess> process = std::make_unique<QProcess>();
    quint16 port = 0;
    QByteArray firstLine;
};

// Starts the program and waits for its "listening on" line (or its exit). childSetup runs
// in the child between fork and exec (async-signal-safe calls only).
Server start(const QStringList &args, const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment(),
             const std::function<void()> &childSetup = {})
{
    Server s;
    s.process->setProcessEnvironment(env);
    if (childSetup)
        s.process->setChildProcessModifier(childSetup);
    s.process->start(QStringLiteral(RTM_DEVSERVER_PATH), args);
    (void)QTest::qWaitFor([&] { return s.process->canReadLine() || s.process->state() == QProcess::NotRunning; }, 20000);
    if (s.process->canReadLine()) {
        s.firstLine = s.process->readLine().trimmed();
        static const QRegularExpression re(QStringLiteral("^listening on (\\S+):(\\d+)$"));
        const auto m = re.match(QString::fromUtf8(s.firstLine));
        if (m.hasMatch())
            s.port = quint16(m.captured(2).toUInt());
    }
    return s;
}

int stop(Server &s, int signo = SIGTERM)
{
    ::kill(pid_t(s.process->processId()), signo);
    if (!s.process->waitForFinished(15000))
        return -1;
    return s.process->exitStatus() == QProcess::NormalExit ? s.process->exitCode() : -2;
}

Answer ask(quint16 port, const QByteArray &method, const Value &params, qint64 pid = sandbox::kDemoPid,
           const QByteArray &secret = sandbox::kDemoSecret, const ClientEncryption &encryption = {},
           bool *wasEncrypted = nullptr)
{
    FpnnClient client(QStringLiteral("127.0.0.1"), port);
    ClientOptions options;
    options.encryption = encryption;
    options.autoReconnect = false;
    client.setOptions(options);
    const qint64 ts = QDateTime::currentMSecsSinceEpoch() / 1000, salt = 4242;
    Value p = Value::map();
    p.insert("pid", pid);
    p.insert("sign", Value::str(rtm::computeSign(pid, secret, salt, method, ts)));
    p.insert("salt", salt);
    p.insert("ts", ts);
    for (const auto &[k, v] : *params.asMap())
        p.insert(k, v);
    auto out = std::make_shared<std::optional<Answer>>();
    client.sendQuest(method, p, [out](const Answer &a) { *out = a; });
    if (!QTest::qWaitFor([&] { return out->has_value(); }, 15000))
        return Answer::failure(-1, QStringLiteral("no answer"));
    if (wasEncrypted)
        *wasEncrypted = client.isEncrypted();
    return **out;
}

QString keyFile(const char *name)
{
    return testdata::dataDir() + QStringLiteral("/keys/") + QString::fromLatin1(name);
}

ClientEncryption encryptionWith(const char *publicKeyFile, bool streamMode = false)
{
    ClientEncryption e;
    e.serverKey = EccPublicKey::fromFile(keyFile(publicKeyFile));
    e.options.streamMode = streamMode;
    return e;
}

Value sendParams(qint64 mid)
{
    return mapOf({{"mtype", 30}, {"from", 1001}, {"to", 1002}, {"mid", mid}, {"msg", "from the test"}, {"attrs", ""}});
}

} // namespace

class TestDevServer : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void helpDocumentsEveryOption()
    {
        QProcess p;
        p.start(QStringLiteral(RTM_DEVSERVER_PATH), {QStringLiteral("--help")});
        QVERIFY(p.waitForFinished(10000));
        const QByteArray help = p.readAllStandardOutput();
        for (const char *option : {"--listen", "--pid", "--secret", "RTM_SECRET", "--demo-data", "--data", "--rate-limit",
                                   "--latency-ms", "--idle-timeout", "--reject-replayed-sign", "--retention-days",
                                   "--allow-remote", "--ts-window", "--max-connections-per-peer", "13321", "--ecc-key",
                                   "--ecc-curve", "--force-encrypt", "PKCS#8", "SEC1"})
            QVERIFY2(help.contains(option), option);
    }

    void servesPersistsAndStopsCleanly()
    {
        QTemporaryDir dir;
        const QString data = dir.filePath(u"dev.journal"_s);
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("rtm.*.debug=true"));   // loudest logs
        Server s = start({u"--listen"_s, u"127.0.0.1:0"_s, u"--demo-data"_s, u"--data"_s, data}, env);
        QVERIFY2(s.port != 0, s.firstLine.constData());
        const Answer sent = ask(s.port, "sendmsg", sendParams(555));
        QCOMPARE(sent.code, 0);
        QVERIFY(ask(s.port, "getmsgnum", mapOf({{"type", 2}, {"xid", sandbox::demo::kFirstGid}})).payload.find("num"));
        QCOMPARE(stop(s, SIGTERM), 0);
        QCOMPARE(s.process->readAllStandardOutput(), QByteArray());   // exactly one stdout line
        const QByteArray log = s.process->readAllStandardError();
        QVERIFY(!log.contains(sandbox::kDemoSecret));
        QVERIFY(!QString::fromUtf8(log).contains(QRegularExpression(QStringLiteral("[0-9A-F]{32}"))));   // no sign value

        // Restart: the message is replayed from the journal; no second demo load.
        Server again = start({u"--listen"_s, u"127.0.0.1:0"_s, u"--demo-data"_s, u"--data"_s, data});
        QVERIFY(again.port != 0);
        const Answer info = ask(again.port, "getmsg", mapOf({{"mid", 555}, {"from", 1001}, {"xid", 1002}, {"type", 1}}));
        QCOMPARE(info.code, 0);
        QCOMPARE(intField(info.payload, "mtime"), intField(sent.payload, "mtime"));
        QCOMPARE(stop(again, SIGINT), 0);
        QVERIFY(again.process->readAllStandardError().contains("demo data skipped"));
    }

    void secretFromEnvironment()
    {
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("RTM_SECRET"), QStringLiteral("env-secret"));
        Server s = start({u"--listen"_s, u"127.0.0.1:0"_s, u"--pid"_s, u"77"_s}, env);
        QVERIFY(s.port != 0);
        QCOMPARE(ask(s.port, "sendmsg", sendParams(1), 77, "env-secret").code, 0);
        QCOMPARE(ask(s.port, "sendmsg", sendParams(2)).code, int(rtm::InvalidPidOrSign));
        QCOMPARE(stop(s), 0);
    }

    void refusals_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("reason");
        QTest::newRow("remote with demo credentials") << QStringList{u"--listen"_s, u"127.0.0.1:0"_s, u"--allow-remote"_s} << "--allow-remote needs";
        QTest::newRow("remote without secret") << QStringList{u"--listen"_s, u"0.0.0.0:0"_s, u"--allow-remote"_s, u"--pid"_s, u"5"_s} << "--allow-remote needs";
        QTest::newRow("remote with the demo secret")
            << QStringList{u"--listen"_s, u"0.0.0.0:0"_s, u"--allow-remote"_s, u"--pid"_s, u"5"_s, u"--secret"_s, QString::fromLatin1(sandbox::kDemoSecret)}
            << "--allow-remote refuses the demo secret";
        QTest::newRow("remote with a 15-character secret")
            << QStringList{u"--listen"_s, u"0.0.0.0:0"_s, u"--allow-remote"_s, u"--pid"_s, u"5"_s, u"--secret"_s, u"fifteen-chars!!"_s}
            << "--allow-remote needs a secret of at least 16 characters";
        QTest::newRow("non-loopback without allow-remote") << QStringList{u"--listen"_s, u"0.0.0.0:0"_s} << "not a loopback address";
        QTest::newRow("bad port") << QStringList{u"--listen"_s, u"127.0.0.1:99999"_s} << "Port 99999 is out of range: it must be in 0..65535";
        QTest::newRow("unbracketed IPv6") << QStringList{u"--listen"_s, u"::1:0"_s} << "write an IPv6 address in brackets";
        QTest::newRow("no port") << QStringList{u"--listen"_s, u"127.0.0.1"_s} << "must be host:port";
        QTest::newRow("bad rate limit") << QStringList{u"--listen"_s, u"127.0.0.1:0"_s, u"--rate-limit"_s, u"-1"_s} << "--rate-limit";
        QTest::newRow("bad per-peer cap") << QStringList{u"--listen"_s, u"127.0.0.1:0"_s, u"--max-connections-per-peer"_s, u"-1"_s}
                                          << "--max-connections-per-peer";
        QTest::newRow("stray argument") << QStringList{u"--listen"_s, u"127.0.0.1:0"_s, u"extra"_s} << "unexpected argument";
        QTest::newRow("force-encrypt without a key") << QStringList{u"--listen"_s, u"127.0.0.1:0"_s, u"--force-encrypt"_s}
                                                     << "--force-encrypt needs --ecc-key";
        QTest::newRow("ecc-curve without a key") << QStringList{u"--listen"_s, u"127.0.0.1:0"_s, u"--ecc-curve"_s, u"secp256k1"_s}
                                                 << "--ecc-curve needs --ecc-key";
    }

    // A bad key file: exit 2 with the file and the reason; no key bytes in the message.
    void badKeyFile_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("reason");
        const QString missing = keyFile("no-such-key.pem");
        QTest::newRow("missing file") << QStringList{u"--ecc-key"_s, missing} << missing + QStringLiteral("\" as the encryption key: No such file");
        QTest::newRow("public key") << QStringList{u"--ecc-key"_s, keyFile("secp256k1-public.pem")} << QStringLiteral("not an unencrypted PEM private key");
        QTest::newRow("raw without curve") << QStringList{u"--ecc-key"_s, keyFile("secp256k1-private.raw")} << QStringLiteral("--ecc-curve");
        QTest::newRow("raw on the wrong curve") << QStringList{u"--ecc-key"_s, keyFile("secp256k1-private.raw"), u"--ecc-curve"_s, u"secp224r1"_s}
                                                << QStringLiteral("a raw secp224r1 key has 28 bytes, the file has 32");
        QTest::newRow("unknown curve") << QStringList{u"--ecc-key"_s, keyFile("secp256k1-private.raw"), u"--ecc-curve"_s, u"ed25519"_s}
                                       << QStringLiteral("unknown curve \"ed25519\"");
        QTest::newRow("PEM on another curve") << QStringList{u"--ecc-key"_s, keyFile("secp224r1-private-sec1.pem"), u"--ecc-curve"_s, u"secp256r1"_s}
                                              << QStringLiteral("the key is on secp224r1, not on secp256r1");
        QTest::newRow("not a key") << QStringList{u"--ecc-key"_s, keyFile("README.md")} << QStringLiteral("not a PEM private key");
    }
    void badKeyFile()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, reason);
        Server s = start(QStringList{u"--listen"_s, u"127.0.0.1:0"_s} + args);
        QCOMPARE(s.port, quint16(0));
        if (s.process->state() != QProcess::NotRunning)
            QVERIFY(s.process->waitForFinished(10000));
        QCOMPARE(s.process->exitCode(), 2);
        const QByteArray err = s.process->readAllStandardError();
        QVERIFY2(err.contains(reason.toUtf8()), err.constData());
        QVERIFY2(err.contains(QFileInfo(args.at(1)).fileName().toUtf8()), err.constData());   // names the file
        QVERIFY(!err.contains("BEGIN"));
    }

    // --ecc-key: encrypted clients (both modes) and plain ones; --force-encrypt refuses plain
    // ones with 20013. The log says which curve, never the key.
    void encryptedConnections_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("publicKey");
        QTest::addColumn<bool>("force");
        QTest::addColumn<QString>("curve");
        QTest::newRow("PEM key") << QStringList{u"--ecc-key"_s, keyFile("secp256r1-private.pem")} << "secp256r1-public.der" << false << "secp256r1";
        QTest::newRow("SEC1 key, forced") << QStringList{u"--ecc-key"_s, keyFile("secp224r1-private-sec1.pem"), u"--force-encrypt"_s}
                                          << "secp224r1-public.pem" << true << "secp224r1";
        QTest::newRow("FPNN raw key") << QStringList{u"--ecc-key"_s, keyFile("secp256k1-private.raw"), u"--ecc-curve"_s, u"secp256k1"_s}
                                      << "secp256k1-public.pem" << false << "secp256k1";
    }
    void encryptedConnections()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, publicKey);
        QFETCH(bool, force);
        QFETCH(QString, curve);
        Server s = start(QStringList{u"--listen"_s, u"127.0.0.1:0"_s} + args);
        QVERIFY2(s.port != 0, s.firstLine.constData());
        for (bool stream : {false, true}) {
            bool encrypted = false;
            const Answer sent = ask(s.port, "sendmsg", sendParams(stream ? 2 : 1), sandbox::kDemoPid, sandbox::kDemoSecret,
                                    encryptionWith(qPrintable(publicKey), stream), &encrypted);
            QCOMPARE(sent.code, 0);
            QVERIFY(encrypted);
        }
        const Answer plain = ask(s.port, "sendmsg", sendParams(3));
        QCOMPARE(plain.code, force ? int(CoreForbidden) : 0);
        // A client holding another key fails with the named error.
        const Answer wrong = ask(s.port, "sendmsg", sendParams(4), sandbox::kDemoPid, sandbox::kDemoSecret,
                                 encryptionWith(qPrintable(curve + QStringLiteral("-other-public.pem"))));
        QCOMPARE(wrong.code, int(CoreInvalidConnection));
        QVERIFY2(wrong.errorText.contains(QLatin1String("encryption handshake failed")), qPrintable(wrong.errorText));
        QCOMPARE(stop(s), 0);
        const QByteArray err = s.process->readAllStandardError();
        QVERIFY2(err.contains(QStringLiteral("encryption on: %1").arg(curve).toUtf8()), err.constData());
        QVERIFY2(err.contains(force ? "plain connections refused" : "plain connections accepted too"), err.constData());
        QVERIFY(!err.contains("BEGIN"));
    }

    void plainByDefault()
    {
        Server s = start({u"--listen"_s, u"127.0.0.1:0"_s});
        QVERIFY2(s.port != 0, s.firstLine.constData());
        const Answer encrypted = ask(s.port, "sendmsg", sendParams(1), sandbox::kDemoPid, sandbox::kDemoSecret,
                                     encryptionWith("secp256k1-public.pem"));
        QCOMPARE(encrypted.code, int(CoreInvalidConnection));
        QVERIFY2(encrypted.errorText.contains(QLatin1String("does not have encryption enabled")), qPrintable(encrypted.errorText));
        QCOMPARE(ask(s.port, "sendmsg", sendParams(2)).code, 0);
        QCOMPARE(stop(s), 0);
        QVERIFY(s.process->readAllStandardError().contains("encryption off"));
    }
    void refusals()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, reason);
        auto env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("RTM_SECRET"));
        Server s = start(args, env);
        QCOMPARE(s.port, quint16(0));
        if (s.process->state() != QProcess::NotRunning)
            QVERIFY(s.process->waitForFinished(10000));
        QCOMPARE(s.process->exitCode(), 2);
        const QByteArray err = s.process->readAllStandardError();
        QVERIFY2(err.contains(reason.toUtf8()), err.constData());
        QVERIFY(!err.contains("WARNING"));   // refused before it would listen
        const qsizetype secretAt = args.indexOf(QStringLiteral("--secret"));
        if (secretAt >= 0)
            QVERIFY2(!err.contains(args.at(secretAt + 1).toUtf8()), err.constData());   // never echoed
    }

    void remoteSecretFromEnvironmentIsCheckedToo()
    {
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("RTM_SECRET"), QStringLiteral("short-env-key"));
        Server s = start({u"--listen"_s, u"0.0.0.0:0"_s, u"--allow-remote"_s, u"--pid"_s, u"5"_s}, env);
        QCOMPARE(s.port, quint16(0));
        if (s.process->state() != QProcess::NotRunning)
            QVERIFY(s.process->waitForFinished(10000));
        QCOMPARE(s.process->exitCode(), 2);
        const QByteArray err = s.process->readAllStandardError();
        QVERIFY2(err.contains("at least 16 characters"), err.constData());
        QVERIFY(!err.contains("short-env-key"));
    }

    // The journal names its project: a server for another pid refuses to start on it.
    void anotherProjectsJournalIsRefused()
    {
        QTemporaryDir dir;
        const QString data = dir.filePath(u"p77.journal"_s);
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("RTM_SECRET"), QStringLiteral("project-77-secret"));
        Server first = start({u"--listen"_s, u"127.0.0.1:0"_s, u"--pid"_s, u"77"_s, u"--data"_s, data}, env);
        QVERIFY2(first.port != 0, first.firstLine.constData());
        QCOMPARE(ask(first.port, "sendmsg", sendParams(1), 77, "project-77-secret").code, 0);
        QCOMPARE(stop(first), 0);
        QFile file(data);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray before = file.readAll();
        file.close();

        Server other = start({u"--listen"_s, u"127.0.0.1:0"_s, u"--data"_s, data});   // the demo pid
        QCOMPARE(other.port, quint16(0));
        if (other.process->state() != QProcess::NotRunning)
            QVERIFY(other.process->waitForFinished(10000));
        QCOMPARE(other.process->exitStatus(), QProcess::NormalExit);
        QVERIFY(other.process->exitCode() != 0);
        const QByteArray err = other.process->readAllStandardError();
        QVERIFY2(err.contains("is the journal of project 77, not of project 11000001"), err.constData());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), before);   // untouched

        Server again = start({u"--listen"_s, u"127.0.0.1:0"_s, u"--pid"_s, u"77"_s, u"--data"_s, data}, env);
        QVERIFY(again.port != 0);
        QCOMPARE(ask(again.port, "getmsg", mapOf({{"mid", 1}, {"from", 1001}, {"xid", 1002}, {"type", 1}}), 77,
                     "project-77-secret").code, 0);
        QCOMPARE(stop(again), 0);
    }

    // Under a real file size limit (RLIMIT_FSIZE; the server ignores SIGXFSZ) a send or
    // delete whose journal record does not fit is answered 200999 and changes nothing; each
    // failure is logged once; a restart finds exactly what was answered OK, and once the
    // limit is gone the refused calls go through.
    void journalWriteFailureIsAnsweredAndLogged()
    {
        QTemporaryDir dir;
        const QString data = dir.filePath(u"limited.journal"_s);
        const auto limitFileSize = [] {
            rlimit limit{};
            ::getrlimit(RLIMIT_FSIZE, &limit);
            limit.rlim_cur = 4096;
            ::setrlimit(RLIMIT_FSIZE, &limit);
        };
        Server s = start({u"--listen"_s, u"127.0.0.1:0"_s, u"--data"_s, data}, QProcessEnvironment::systemEnvironment(),
                         limitFileSize);
        QVERIFY2(s.port != 0, s.firstLine.constData());
        const auto info = [](quint16 port, qint64 mid) {
            return ask(port, "getmsg", mapOf({{"mid", mid}, {"from", 1001}, {"xid", 1002}, {"type", 1}}));
        };

        QList<qint64> stored;
        int failures = 0;
        qint64 mid = 1;
        for (; mid <= 200 && failures == 0; ++mid) {
            const Answer a = ask(s.port, "sendmsg", sendParams(mid));
            if (a.code == 0) {
                stored.append(mid);
                continue;
            }
            QCOMPARE(a.code, int(rtm::UnknownError));
            QVERIFY2(a.errorText.startsWith(u"journal write failed: "_s), qPrintable(a.errorText));
            QVERIFY(!a.errorText.contains(data));
            ++failures;
        }
        QCOMPARE(failures, 1);
        QVERIFY(stored.size() > 10);
        const qint64 refusedMid = mid - 1;
        QCOMPARE(info(s.port, refusedMid).code, int(rtm::MessageNotFound));   // not stored
        const fpnn::Value fanOut = mapOf({{"mtype", 30}, {"from", 1001}, {"tos", ValueArray{Value(1002), Value(1003)}},
                                          {"mid", 9999}, {"msg", "to both"}, {"attrs", ""}});
        QCOMPARE(ask(s.port, "sendmsgs", fanOut).code, int(rtm::UnknownError));
        ++failures;

        // Deletes (17-byte records) fit a few more times, then fail too: the row stays.
        QList<qint64> deleted;
        qint64 undeletable = 0;
        for (qint64 m : stored) {
            const Answer a = ask(s.port, "delmsg", mapOf({{"mid", m}, {"from", 1001}, {"xid", 1002}, {"type", 1}}));
            if (a.code == 0) {
                deleted.append(m);
                continue;
            }
            QCOMPARE(a.code, int(rtm::UnknownError));
            QVERIFY2(a.errorText.startsWith(u"journal write failed: "_s), qPrintable(a.errorText));
            undeletable = m;
            ++failures;
            break;
        }
        QVERIFY(undeletable != 0);
        QCOMPARE(info(s.port, undeletable).code, 0);   // not marked deleted
        QCOMPARE(stop(s), 0);
        const QByteArray log = s.process->readAllStandardError();
        QCOMPARE(int(log.count("journal write failed")), failures);   // once per failure
        QVERIFY(!log.contains(sandbox::kDemoSecret));

        // Restart without the limit: exactly what was answered OK, nothing torn.
        Server again = start({u"--listen"_s, u"127.0.0.1:0"_s, u"--data"_s, data});
        QVERIFY(again.port != 0);
        for (qint64 m : stored)
            QCOMPARE(info(again.port, m).code, deleted.contains(m) ? int(rtm::MessageNotFound) : 0);
        QCOMPARE(info(again.port, refusedMid).code, int(rtm::MessageNotFound));
        QCOMPARE(ask(again.port, "sendmsg", sendParams(refusedMid)).code, 0);
        QCOMPARE(ask(again.port, "sendmsgs", fanOut).code, 0);
        QCOMPARE(ask(again.port, "delmsg", mapOf({{"mid", undeletable}, {"from", 1001}, {"xid", 1002}, {"type", 1}})).code, 0);
        QCOMPARE(stop(again), 0);
        QVERIFY(!again.process->readAllStandardError().contains("torn"));

        Server third = start({u"--listen"_s, u"127.0.0.1:0"_s, u"--data"_s, data});
        QVERIFY(third.port != 0);
        QCOMPARE(info(third.port, refusedMid).code, 0);
        QCOMPARE(info(third.port, undeletable).code, int(rtm::MessageNotFound));
        QCOMPARE(stop(third), 0);
        QVERIFY(!third.process->readAllStandardError().contains("torn"));
    }

    void remoteWithExplicitCredentialsWarns()
    {
        const QByteArray key = "explicit-remote-key-16";   // 16 characters and more
        Server s = start({u"--listen"_s, u"0.0.0.0:0"_s, u"--allow-remote"_s, u"--pid"_s, u"9"_s, u"--secret"_s, QString::fromLatin1(key)});
        QVERIFY2(s.port != 0, s.firstLine.constData());
        QVERIFY(s.firstLine.startsWith("listening on 0.0.0.0:"));
        QCOMPARE(ask(s.port, "sendmsg", sendParams(1), 9, key).code, 0);
        QCOMPARE(stop(s), 0);
        const QByteArray err = s.process->readAllStandardError();
        QVERIFY(err.contains("WARNING"));
        QVERIFY(!err.contains(key));
    }

    // Loopback is a peer like any other: the cap applies to local tools too.
    void perPeerConnectionCap()
    {
        Server s = start({u"--listen"_s, u"127.0.0.1:0"_s, u"--max-connections-per-peer"_s, u"2"_s});
        QVERIFY2(s.port != 0, s.firstLine.constData());
        std::vector<std::unique_ptr<QTcpSocket>> sockets;
        for (int i = 0; i < 3; ++i) {
            sockets.push_back(std::make_unique<QTcpSocket>());
            sockets.back()->connectToHost(QHostAddress::LocalHost, s.port);
            QVERIFY(sockets.back()->waitForConnected(10000));
        }
        QTRY_COMPARE(sockets[2]->state(), QAbstractSocket::UnconnectedState);   // the third is closed at once
        QCOMPARE(sockets[0]->state(), QAbstractSocket::ConnectedState);
        QCOMPARE(sockets[1]->state(), QAbstractSocket::ConnectedState);
        sockets[0]->abort();
        // A freed slot serves again (once the server has seen the abort: a quest that
        // races it is refused like the third connection, and a later one is served).
        qint64 mid = 0;
        Answer served;
        QVERIFY(QTest::qWaitFor([&] {
            served = ask(s.port, "sendmsg", sendParams(++mid));
            return served.code == 0;
        }, 10000));
        QCOMPARE(stop(s), 0);
    }
};

QTEST_GUILESS_MAIN(TestDevServer)
#include "tst_devserver.moc"
