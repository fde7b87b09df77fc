// rtmctl, the real binary, against an in-process sandbox on a free port.

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "common/testkeys.h"
#include "servicetestutil.h"
#include "service/blockingcall.h"
#include "service/rtmsession.h"

namespace {

const QByteArray kSecret = "ctl-secret-5f3a9e";

struct Result {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
};

QSet<QString> keysOf(const QJsonObject &o)
{
    const QStringList keys = o.keys();
    return QSet<QString>(keys.begin(), keys.end());
}

QSet<QString> keys(std::initializer_list<const char *> names)
{
    QSet<QString> s;
    for (const char *n : names)
        s.insert(QString::fromLatin1(n));
    return s;
}

// The raw digits of "key":N in the output (QJsonValue would round ids above 2^53).
QByteArray rawNumber(const QByteArray &json, const char *key)
{
    const QRegularExpression re(QStringLiteral("\"%1\":(-?\\d+)").arg(QLatin1String(key)));
    return re.match(QString::fromUtf8(json)).captured(1).toLatin1();
}

} // namespace

class TestRtmctl : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::unique_ptr<sandbox::SandboxServer> m_sandbox;
    QString m_auditPath;

    QProcessEnvironment baseEnv() const { return testutil::rtmctlEnvironment(kSecret, m_auditPath); }

    QString endpoint() const { return QStringLiteral("127.0.0.1:%1").arg(m_sandbox->port()); }

    // rtm-devserver --ecc-key secp256r1-private.pem --force-encrypt, started once.
    std::unique_ptr<QProcess> m_encrypted;
    quint16 m_encryptedPort = 0;
    bool startEncryptedDevServer()
    {
        if (m_encrypted && m_encrypted->state() == QProcess::Running)
            return true;
        m_encrypted = std::make_unique<QProcess>();
        QProcessEnvironment env = baseEnv();
        env.insert(QStringLiteral("RTM_SECRET"), QString::fromLatin1(kSecret));
        m_encrypted->setProcessEnvironment(env);
        m_encrypted->start(QStringLiteral(RTM_DEVSERVER_PATH),
                           {"--listen", "127.0.0.1:0", "--ecc-key", rtmtest::testKeyPath(QStringLiteral("secp256r1-private.pem")),
                            "--force-encrypt"});
        if (!QTest::qWaitFor([&] { return m_encrypted->canReadLine() || m_encrypted->state() == QProcess::NotRunning; }, 30000))
            return false;
        static const QRegularExpression re(QStringLiteral("^listening on \\S+:(\\d+)$"));
        const auto m = re.match(QString::fromUtf8(m_encrypted->readLine().trimmed()));
        m_encryptedPort = m.hasMatch() ? quint16(m.captured(1).toUInt()) : 0;
        if (!m_encryptedPort)
            qWarning("rtm-devserver did not start: %s", m_encrypted->readAllStandardError().constData());
        return m_encryptedPort != 0;
    }
    // Global options for the encrypted server, then `args`.
    QStringList encryptedCtl(const QStringList &args) const
    {
        return QStringList{"--endpoint", QStringLiteral("127.0.0.1:%1").arg(m_encryptedPort), "--pid",
                           QString::number(sandbox::kDemoPid)} + args;
    }
    // As ok(), against the encrypted server.
    QJsonObject encryptedOk(const QStringList &args, QByteArray *raw = nullptr, QByteArray *log = nullptr)
    {
        QProcessEnvironment env = baseEnv();
        if (log)
            env.insert(QStringLiteral("RTM_VERBOSE"), QStringLiteral("1"));
        const Result r = run(encryptedCtl(args), env);
        if (log)
            *log = r.err;
        [&] {
            QVERIFY2(r.exitCode == 0, qPrintable(args.join(QLatin1Char(' ')) + QStringLiteral(" → ")
                                                 + QString::number(r.exitCode) + QLatin1Char(' ')
                                                 + QString::fromUtf8(r.out + r.err)));
            QCOMPARE(r.out.count('\n'), 1);
            QVERIFY(!r.out.contains(kSecret) && !r.err.contains(kSecret));
        }();
        if (raw)
            *raw = r.out;
        return r.json();
    }

    Result run(const QStringList &args, const QProcessEnvironment &env)
    {
        Result r;
        QProcess p;
        p.setProcessEnvironment(env);
        QSignalSpy done(&p, &QProcess::finished);
        p.start(QStringLiteral(RTMCTL_PATH), args);
        if (!done.wait(60000)) {
            p.kill();
            p.waitForFinished(5000);
            qWarning() << "rtmctl did not finish:" << args;
            return r;
        }
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = p.readAllStandardOutput();
        r.err = p.readAllStandardError();
        return r;
    }

    Result ctl(const QStringList &args)
    {
        return run(QStringList{QStringLiteral("--endpoint"), endpoint(), QStringLiteral("--pid"),
                               QString::number(sandbox::kDemoPid)} + args,
                   baseEnv());
    }

    // Exit 0, one JSON object on one line, no secret anywhere.
    QJsonObject ok(const QStringList &args, QByteArray *raw = nullptr)
    {
        const Result r = ctl(args);
        [&] {
            QVERIFY2(r.exitCode == 0, qPrintable(args.join(QLatin1Char(' ')) + QStringLiteral(" → ")
                                                 + QString::number(r.exitCode) + QLatin1Char(' ')
                                                 + QString::fromUtf8(r.out + r.err)));
            QVERIFY(r.out.endsWith('\n'));
            QCOMPARE(r.out.count('\n'), 1);
            QVERIFY(r.out.startsWith('{'));
            QVERIFY(!r.out.contains(kSecret) && !r.err.contains(kSecret));
        }();
        if (raw)
            *raw = r.out;
        return r.json();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_auditPath = m_dir.filePath(QStringLiteral("audit.jsonl"));
        sandbox::SandboxOptions o;
        o.secret = kSecret;
        o.demoData = true;
        m_sandbox = testutil::startSandbox(o);
        QVERIFY(m_sandbox);
        QVERIFY(QFile::exists(QStringLiteral(RTMCTL_PATH)));
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<bool>("withSecret");
        const QString ep = QStringLiteral("%EP%");
        const QStringList g = {QStringLiteral("--endpoint"), ep, QStringLiteral("--pid"), QStringLiteral("11000001")};
        auto row = [](const char *name, const QStringList &args, bool withSecret = true) {
            QTest::newRow(name) << args << withSecret;
        };
        row("no command", g);
        row("unknown command", g + QStringList{"frobnicate"});
        row("missing option", g + QStringList{"send-message", "--mtype", "51", "--from", "1", "--to", "2", "--message", "x"});
        row("non-numeric uid", g + QStringList{"get-group-message", "--uid", "abc", "--gid", "1", "--num", "5"});
        row("negative gid", g + QStringList{"get-group-message", "--uid", "1", "--gid", "-4", "--num", "5"});
        row("uid with letters", g + QStringList{"get-group-message", "--uid", "12abc", "--gid", "1", "--num", "5"});
        row("uid above int64", g + QStringList{"get-group-message", "--uid", "9223372036854775808", "--gid", "1", "--num", "5"});
        row("uid with plus", g + QStringList{"get-group-message", "--uid", "+12", "--gid", "1", "--num", "5"});
        row("uid with spaces", g + QStringList{"get-group-message", "--uid", " 12 ", "--gid", "1", "--num", "5"});
        row("mtype above 127", g + QStringList{"broadcast-message", "--mtype", "200", "--from", "1", "--message", "m", "--attrs", ""});
        row("mtype zero", g + QStringList{"broadcast-message", "--mtype", "0", "--from", "1", "--message", "m", "--attrs", ""});
        row("mtypes above 127", g + QStringList{"get-message-num", "--type", "2", "--xid", "1", "--mtypes", "51,128"});
        row("begin after end", g + QStringList{"get-room-message", "--uid", "1", "--rid", "1", "--num", "5", "--begin", "2000", "--end", "1000"});
        row("count begin after end", g + QStringList{"get-message-num", "--type", "2", "--xid", "1", "--begin", "2000", "--end", "1000"});
        row("num above 20", g + QStringList{"get-group-message", "--uid", "1", "--gid", "1", "--num", "21"});
        row("num zero", g + QStringList{"get-room-message", "--uid", "1", "--rid", "1", "--num", "0"});
        row("secret argument", g + QStringList{"--secret", "topsecret-arg-value", "check"});
        row("secret inline", QStringList{"--secret=topsecret-arg-value"} + g + QStringList{"check"});
        row("unknown option", g + QStringList{"check", "--bogus", "1"});
        row("option of another command", g + QStringList{"check", "--uid", "1"});
        row("count type 4", g + QStringList{"get-message-num", "--type", "4", "--xid", "1"});
        row("bad mtypes", g + QStringList{"get-message-num", "--type", "2", "--xid", "1", "--mtypes", "30,x"});
        row("bad to list", g + QStringList{"send-messages", "--mtype", "51", "--from", "1", "--to", "2,,3", "--message", "m", "--attrs", ""});
        row("missing value", g + QStringList{"delete-p2p-message", "--mid", "5", "--from", "1", "--to"});
        row("flag with value", g + QStringList{"get-broadcast-message", "--uid", "1", "--num", "3", "--desc=yes"});
        row("sequential without all", g + QStringList{"get-group-message", "--uid", "1", "--gid", "1", "--num", "3", "--sequential"});
        row("bad endpoint", QStringList{"--endpoint", "nohost", "--pid", "1", "check"});
        row("bad timeout", g + QStringList{"--timeout", "soon", "check"});
        row("no endpoint", QStringList{"--pid", "11000001", "check"});
        row("no pid", QStringList{"--endpoint", ep, "check"});
        row("no secret", g + QStringList{"check"}, false);
        row("unreadable secret file", g + QStringList{"--secret-file", "/nonexistent/secret", "check"});
    }

    void usageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(bool, withSecret);
        testutil::SilentServer listener;   // counts connections: nothing may be sent
        for (QString &a : args)
            a.replace(QStringLiteral("%EP%"), QStringLiteral("127.0.0.1:%1").arg(listener.serverPort()));
        QProcessEnvironment env = baseEnv();
        if (!withSecret)
            env.remove(QStringLiteral("RTM_SECRET"));
        const QFileInfo auditBefore(m_auditPath);
        const qint64 auditSize = auditBefore.exists() ? auditBefore.size() : 0;
        const Result r = run(args, env);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.out.isEmpty(), r.out.constData());
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY(r.err.startsWith("rtmctl: "));
        QVERIFY(!r.err.contains("topsecret-arg-value"));
        QVERIFY(!r.err.contains(kSecret));
        QCOMPARE(listener.connections, 0);
        QCOMPARE(QFileInfo(m_auditPath).exists() ? QFileInfo(m_auditPath).size() : 0, auditSize);
    }

    void helpGoesToStdout()
    {
        const Result r = run({QStringLiteral("--help")}, baseEnv());
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("get-broadcast-message-info"));
    }

    void allCommandsJsonShapes()
    {
        QByteArray raw;
        // check
        QJsonObject o = ok({"check"});
        QCOMPARE(keysOf(o), keys({"ok", "latencyMs"}));
        QCOMPARE(o.value("ok").toBool(), true);
        QVERIFY(o.value("latencyMs").toInt() >= 0);

        // sends
        const QSet<QString> sendKeys = keys({"mid", "mtime"});
        o = ok({"send-message", "--mtype", "51", "--from", "71", "--to", "72", "--message", "p2p hello", "--attrs", "{}"}, &raw);
        QCOMPARE(keysOf(o), sendKeys);
        const QByteArray p2pMid = rawNumber(raw, "mid");
        QVERIFY(p2pMid.toLongLong() > 0);
        QVERIFY(o.value("mtime").toDouble() > 1.6e12);
        o = ok({"send-messages", "--mtype", "51", "--from", "71", "--to", "73,74", "--message", "many", "--attrs", ""});
        QCOMPARE(keysOf(o), sendKeys);
        // A mid above 2^53 comes back exactly.
        o = ok({"send-group-message", "--mtype", "51", "--from", "71", "--gid", "77", "--message", "grp", "--attrs",
                "{\"k\":\"v\"}", "--mid", "9007199254740993"}, &raw);
        QCOMPARE(rawNumber(raw, "mid"), QByteArray("9007199254740993"));
        o = ok({"send-room-message", "--mtype", "51", "--from", "71", "--rid", "78", "--message", "room", "--attrs", "{}"}, &raw);
        const QByteArray roomMid = rawNumber(raw, "mid");
        o = ok({"broadcast-message", "--mtype", "51", "--from", "71", "--message", "all", "--attrs", "{}"}, &raw);
        const QByteArray bcMid = rawNumber(raw, "mid");

        // history
        const QSet<QString> historyKeys = keys({"count", "lastCursorId", "beginMsec", "endMsec", "messages"});
        const QSet<QString> rowKeys = keys({"cursorId", "fromUid", "toId", "messageType", "messageId", "message", "attrs", "modifiedTime"});
        o = ok({"get-p2p-message", "--uid", "71", "--ouid", "72", "--num", "10"});
        QCOMPARE(keysOf(o), historyKeys);
        QCOMPARE(o.value("count").toInt(), 1);
        QCOMPARE(keysOf(o.value("messages").toArray().at(0).toObject()), rowKeys);
        QCOMPARE(o.value("messages").toArray().at(0).toObject().value("message").toString(), QStringLiteral("p2p hello"));
        o = ok({"get-group-message", "--uid", "71", "--gid", "77", "--num", "10", "--desc"}, &raw);
        QCOMPARE(keysOf(o), historyKeys);
        QCOMPARE(rawNumber(raw, "messageId"), QByteArray("9007199254740993"));
        QCOMPARE(o.value("messages").toArray().at(0).toObject().value("attrs").toString(), QStringLiteral("{\"k\":\"v\"}"));
        o = ok({"get-room-message", "--uid", "71", "--rid", "78", "--num", "10", "--begin", "1", "--end", "0"});
        QCOMPARE(keysOf(o), historyKeys);
        QCOMPARE(o.value("count").toInt(), 1);
        o = ok({"get-broadcast-message", "--uid", "71", "--num", "1", "--desc", "--mtypes", "51"});
        QCOMPARE(keysOf(o), historyKeys);
        QCOMPARE(o.value("count").toInt(), 1);
        QCOMPARE(o.value("messages").toArray().at(0).toObject().value("messageType").toInt(), 51);

        // info
        const QSet<QString> infoKeys = keys({"cursorId", "messageType", "message", "attrs", "modifiedTime"});
        o = ok({"get-p2p-message-info", "--mid", p2pMid, "--from", "71", "--to", "72"});
        QCOMPARE(keysOf(o), infoKeys);
        QCOMPARE(o.value("message").toString(), QStringLiteral("p2p hello"));
        o = ok({"get-group-message-info", "--mid", "9007199254740993", "--from", "71", "--gid", "77"});
        QCOMPARE(keysOf(o), infoKeys);
        o = ok({"get-room-message-info", "--mid", roomMid, "--from", "71", "--rid", "78"});
        QCOMPARE(keysOf(o), infoKeys);
        o = ok({"get-broadcast-message-info", "--mid", bcMid, "--from", "71"});
        QCOMPARE(keysOf(o), infoKeys);
        QCOMPARE(o.value("message").toString(), QStringLiteral("all"));

        // count
        o = ok({"get-message-num", "--type", "2", "--xid", "77"});
        QCOMPARE(keysOf(o), keys({"sender", "num"}));
        QCOMPARE(o.value("num").toInt(), 1);
        QCOMPARE(o.value("sender").toInt(), 1);
        o = ok({"get-message-num", "--type", "3", "--xid", "78", "--mtypes", "51,52", "--begin", "1", "--end", "0"});
        QCOMPARE(o.value("num").toInt(), 1);

        // deletes
        const QJsonObject deleted = QJsonObject{{"ok", true}};
        QCOMPARE(ok({"delete-p2p-message", "--mid", p2pMid, "--from", "71", "--to", "72"}), deleted);
        QCOMPARE(ok({"delete-group-message", "--mid", "9007199254740993", "--from", "71", "--gid", "77"}), deleted);
        QCOMPARE(ok({"delete-room-message", "--mid", roomMid, "--from", "71", "--rid", "78"}), deleted);
        QCOMPARE(ok({"delete-broadcast-message", "--mid", bcMid, "--from", "71"}), deleted);

        // Deleted rows: counted, left out unless --include-deleted.
        o = ok({"get-group-message", "--uid", "71", "--gid", "77", "--num", "10"});
        QCOMPARE(o.value("count").toInt(), 1);
        QCOMPARE(o.value("messages").toArray().size(), 0);
        o = ok({"get-group-message", "--uid", "71", "--gid", "77", "--num", "10", "--include-deleted"});
        QCOMPARE(o.value("messages").toArray().size(), 1);
        QCOMPARE(o.value("messages").toArray().at(0).toObject().value("deleted").toBool(), true);

        // A request failure: exit 1 and the error object.
        const Result r = ctl({"get-group-message-info", "--mid", "9007199254740993", "--from", "71", "--gid", "77"});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.out.count('\n'), 1);
        const QJsonObject err = r.json().value("error").toObject();
        QCOMPARE(keysOf(r.json()), keys({"error"}));
        QCOMPARE(keysOf(err), keys({"code", "name", "message"}));
        QCOMPARE(err.value("code").toInt(), 200070);
        QCOMPARE(err.value("name").toString(), QStringLiteral("RTM_EC_MESSAGE_NOT_FOUND"));
        QVERIFY(!r.out.contains(kSecret) && !r.err.contains(kSecret));
    }

    void wrongSecretFailsWithoutLeaking()
    {
        QProcessEnvironment env = baseEnv();
        env.insert(QStringLiteral("RTM_SECRET"), QStringLiteral("wrong-secret-0000"));
        const Result r = run({"--endpoint", endpoint(), "--pid", "11000001", "check"}, env);
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.json().value("error").toObject().value("code").toInt(), 200002);
        QVERIFY(!r.out.contains("wrong-secret-0000") && !r.err.contains("wrong-secret-0000"));
    }

    // A bad --endpoint or RTM_ENDPOINT is a usage error that names the problem (rtm::Endpoint).
    void badEndpointsNameTheProblem_data()
    {
        QTest::addColumn<QString>("option");   // empty: given as RTM_ENDPOINT
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("problem");
        QTest::newRow("unbracketed IPv6") << QStringLiteral("--endpoint") << QStringLiteral("::1:13321") << QStringLiteral("write an IPv6 address in brackets");
        QTest::newRow("port 0") << QStringLiteral("--endpoint") << QStringLiteral("127.0.0.1:0") << QStringLiteral("Port 0 is out of range: it must be in 1..65535");
        QTest::newRow("named port") << QStringLiteral("--endpoint") << QStringLiteral("127.0.0.1:rtm") << QStringLiteral("Port \u201crtm\u201d is not a number");
        QTest::newRow("env without port") << QString() << QStringLiteral("rtm.example.com") << QStringLiteral("RTM_ENDPOINT expects HOST:PORT: Endpoint must be host:port");
        QTest::newRow("env port 65536") << QString() << QStringLiteral("[::1]:65536") << QStringLiteral("Port 65536 is out of range");
    }
    void badEndpointsNameTheProblem()
    {
        QFETCH(QString, option);
        QFETCH(QString, text);
        QFETCH(QString, problem);
        QProcessEnvironment env = baseEnv();
        QStringList args{QStringLiteral("--pid"), QStringLiteral("11000001"), QStringLiteral("check")};
        if (option.isEmpty())
            env.insert(QStringLiteral("RTM_ENDPOINT"), text);
        else
            args = QStringList{option, text} + args;
        const Result r = run(args, env);
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY2(QString::fromUtf8(r.err).contains(problem), r.err.constData());
    }

    void connectionFailuresNameTheCause_data()
    {
        QTest::addColumn<QStringList>("command");
        QTest::newRow("check") << QStringList{"check"};
        QTest::newRow("history read") << QStringList{"get-group-message", "--uid", "1", "--gid", "2", "--num", "5"};
        QTest::newRow("info read") << QStringList{"get-p2p-message-info", "--mid", "5", "--from", "1", "--to", "2"};
        QTest::newRow("send") << QStringList{"send-message", "--mtype", "51", "--from", "1", "--to", "2",
                                             "--message", "x", "--attrs", "{}"};
    }

    // A refused or unresolvable endpoint is reported as such, for reads (which retry once
    // when the connection reconnects) exactly as for sends.
    void connectionFailuresNameTheCause()
    {
        QFETCH(QStringList, command);
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const QString closed = QStringLiteral("127.0.0.1:%1").arg(probe.serverPort());
        probe.close();   // nothing listens there now: connect() is refused

        Result r = run(QStringList{"--endpoint", closed, "--pid", "11000001"} + command, baseEnv());
        QCOMPARE(r.exitCode, 1);
        QJsonObject e = r.json().value("error").toObject();
        QCOMPARE(e.value("code").toInt(), 20012);
        QVERIFY2(e.value("message").toString().contains(QStringLiteral("Connection refused")), r.out.constData());
        QVERIFY2(!e.value("message").toString().contains(QStringLiteral("auto-reconnect")), r.out.constData());

        r = run(QStringList{"--endpoint", "no-such-host.invalid:13321", "--pid", "11000001"} + command, baseEnv());
        QCOMPARE(r.exitCode, 1);
        e = r.json().value("error").toObject();
        QCOMPARE(e.value("code").toInt(), 20012);
        QVERIFY2(e.value("message").toString().contains(QStringLiteral("Host not found"), Qt::CaseInsensitive),
                 r.out.constData());
    }

    void binaryTextGoesBase64()
    {
        service::RtmSession session(testutil::configFor(m_sandbox->port(), kSecret));
        session.setAuditLog(nullptr);
        const QByteArray body("\xff\xfe\x00\x01", 4);
        const auto sent = service::waitForReply(
            session.sendMessage(51, 81, 82, rtm::MessageBody::binary(body), "{}", 555000111));
        QVERIFY2(sent.ok(), qPrintable(sent.error.message));
        QJsonObject o = ok({"get-p2p-message", "--uid", "81", "--ouid", "82", "--num", "1"});
        const QJsonObject row = o.value("messages").toArray().at(0).toObject();
        QVERIFY(!row.contains("message"));
        QCOMPARE(row.value("messageBase64").toString(), QString::fromLatin1(body.toBase64()));
        QCOMPARE(row.value("attrs").toString(), QStringLiteral("{}"));
        o = ok({"get-p2p-message-info", "--mid", "555000111", "--from", "81", "--to", "82"});
        QCOMPARE(o.value("messageBase64").toString(), QString::fromLatin1(body.toBase64()));
    }

    void allPaging()
    {
        const QStringList base = {"get-p2p-message", "--uid", "1001", "--ouid", "1002", "--all"};
        const QJsonObject asc20 = ok(base + QStringList{"--num", "20", "--include-deleted"});
        const QJsonObject asc7 = ok(base + QStringList{"--num", "7", "--include-deleted"});
        const QJsonObject desc20 = ok(base + QStringList{"--num", "20", "--desc", "--include-deleted"});
        const QJsonObject visible = ok(base + QStringList{"--num", "20"});
        const QJsonObject firstPage = ok(QStringList{"get-p2p-message", "--uid", "1001", "--ouid", "1002", "--num", "20"});

        const int total = asc20.value("count").toInt();
        QVERIFY(total > 100);   // the busiest demo pair, many pages
        QCOMPARE(firstPage.value("count").toInt(), 20);
        QCOMPARE(asc20.value("messages").toArray().size(), total);
        QCOMPARE(asc7.value("count").toInt(), total);
        QCOMPARE(desc20.value("count").toInt(), total);

        // Server order, no row twice; desc is the reverse of asc.
        const QJsonArray a = asc20.value("messages").toArray();
        const QJsonArray d = desc20.value("messages").toArray();
        for (int i = 1; i < a.size(); ++i)
            QVERIFY(a.at(i).toObject().value("cursorId").toInteger() > a.at(i - 1).toObject().value("cursorId").toInteger());
        for (int i = 0; i < a.size(); ++i)
            QCOMPARE(d.at(a.size() - 1 - i).toObject().value("cursorId").toInteger(),
                     a.at(i).toObject().value("cursorId").toInteger());
        QCOMPARE(asc7.value("messages").toArray(), a);

        // Deleted rows are counted but left out without --include-deleted.
        int deleted = 0;
        for (const QJsonValue &v : a)
            deleted += v.toObject().value("deleted").toBool() ? 1 : 0;
        QCOMPARE(visible.value("count").toInt(), total);
        QCOMPARE(visible.value("messages").toArray().size(), total - deleted);

        // Cursor fields are those of the last page.
        QCOMPARE(asc20.value("lastCursorId").toInteger(), a.last().toObject().value("cursorId").toInteger());
    }

    // --all --sequential against a server whose lastid cycles 10, 20, 10, …: exit 1 with the
    // cursor error after the third page instead of paging forever.
    void allStopsOnACyclingCursor()
    {
        testutil::CyclingHistoryServer server({10, 20});
        QVERIFY(server.port() != 0);
        const Result r = run({"--endpoint", QStringLiteral("127.0.0.1:%1").arg(server.port()), "--pid", "11000001",
                              "get-group-message", "--uid", "1", "--gid", "2", "--num", "4", "--all", "--sequential"},
                             baseEnv());
        QCOMPARE(r.exitCode, 1);
        const QJsonObject e = r.json().value("error").toObject();
        QCOMPARE(e.value("code").toInt(), int(rtm::CursorNotAdvancing));
        QVERIFY2(e.value("message").toString().contains(QStringLiteral("server cursor did not advance: lastid 10 after 20")),
                 r.out.constData());
        QCOMPARE(server.quests, 3);
        QVERIFY(!r.out.contains("\"messages\""));   // no partial result passed off as complete
    }

    // Parallel --all (the default) prints byte for byte what --all --sequential prints, in
    // both orders, with page sizes, ranges, filters and deleted rows.
    void allParallelEqualsSequential_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("p2p asc num 7") << QStringList{"get-p2p-message", "--uid", "1001", "--ouid", "1002", "--num", "7"};
        QTest::newRow("p2p desc deleted") << QStringList{"get-p2p-message", "--uid", "1001", "--ouid", "1002", "--num",
                                                         "20", "--desc", "--include-deleted"};
        QTest::newRow("group desc num 3") << QStringList{"get-group-message", "--uid", "1001", "--gid", "2001", "--num",
                                                         "3", "--desc"};
        QTest::newRow("group mtypes") << QStringList{"get-group-message", "--uid", "1001", "--gid", "2001", "--num", "20",
                                                     "--mtypes", "51,30", "--include-deleted"};
        QTest::newRow("room num 1") << QStringList{"get-room-message", "--uid", "1001", "--rid", "3001", "--num", "1"};
        QTest::newRow("broadcast desc") << QStringList{"get-broadcast-message", "--uid", "1000", "--num", "5", "--desc"};
        QTest::newRow("nothing there") << QStringList{"get-group-message", "--uid", "1", "--gid", "424242", "--num", "5"};
    }

    void allParallelEqualsSequential()
    {
        QFETCH(QStringList, args);
        QByteArray parallel;
        QByteArray sequential;
        ok(args + QStringList{"--all"}, &parallel);
        ok(args + QStringList{"--all", "--sequential"}, &sequential);
        QCOMPARE(parallel, sequential);

        // With a time range whose edges fall inside the history.
        const QJsonArray rows = QJsonDocument::fromJson(parallel).object().value("messages").toArray();
        if (rows.size() < 10)
            return;
        const QByteArray first = QByteArray::number(rows.at(rows.size() / 4).toObject().value("modifiedTime").toInteger());
        const QByteArray last = QByteArray::number(rows.at(rows.size() * 3 / 4).toObject().value("modifiedTime").toInteger());
        const QByteArray begin = std::min(first, last, [](const QByteArray &a, const QByteArray &b) { return a.toLongLong() < b.toLongLong(); });
        const QByteArray end = std::max(first, last, [](const QByteArray &a, const QByteArray &b) { return a.toLongLong() < b.toLongLong(); });
        const QStringList ranged = args + QStringList{"--begin", QString::fromLatin1(begin), "--end", QString::fromLatin1(end), "--all"};
        ok(ranged, &parallel);
        ok(ranged + QStringList{"--sequential"}, &sequential);
        QCOMPARE(parallel, sequential);
        QVERIFY(QJsonDocument::fromJson(parallel).object().value("count").toInt() > 0);
    }

    // --all has several history pages on the wire at once; --all --sequential one at a time.
    // Read from the client's debug log (RTM_VERBOSE=1): "quest getp2pmsg" lines minus
    // "answer getp2pmsg" lines so far.
    void allRunsPagesConcurrently()
    {
        auto maxOutstanding = [this](const QStringList &extra) {
            QProcessEnvironment env = baseEnv();
            env.insert(QStringLiteral("RTM_VERBOSE"), QStringLiteral("1"));
            // Unpaced: at the default 50 calls/s each loopback answer is back before the next token.
            const Result r = run(QStringList{"--endpoint", endpoint(), "--pid", QString::number(sandbox::kDemoPid),
                                             "--rate-limit", "0", "get-p2p-message", "--uid", "1001", "--ouid", "1002", "--num", "5", "--all"}
                                     + extra,
                                 env);
            int outstanding = 0;
            int most = 0;
            for (const QByteArray &line : r.err.split('\n')) {
                if (line.contains("rtm.client: quest getp2pmsg"))
                    most = std::max(most, ++outstanding);
                else if (line.contains("rtm.client: answer getp2pmsg"))
                    --outstanding;
            }
            return r.exitCode == 0 ? most : -1;
        };
        QVERIFY(maxOutstanding({}) > 2);
        QCOMPARE(maxOutstanding({"--sequential"}), 1);
    }

    // Parallel --all against the cycling cursor: exit 1 with the cursor error, no messages.
    void allParallelStopsOnACyclingCursor()
    {
        testutil::CyclingHistoryServer server({10, 20});
        QVERIFY(server.port() != 0);
        const Result r = run({"--endpoint", QStringLiteral("127.0.0.1:%1").arg(server.port()), "--pid", "11000001",
                              "get-group-message", "--uid", "1", "--gid", "2", "--num", "4", "--all"},
                             baseEnv());
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.json().value("error").toObject().value("code").toInt(), int(rtm::CursorNotAdvancing));
        QVERIFY(server.quests < 10);
        QVERIFY(!r.out.contains("\"messages\""));
    }

    void environmentAndSecretFile()
    {
        QFile f(m_dir.filePath(QStringLiteral("secret.txt")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(kSecret + "\n");
        f.close();
        QProcessEnvironment env = baseEnv();
        env.remove(QStringLiteral("RTM_SECRET"));
        env.insert(QStringLiteral("RTM_ENDPOINT"), endpoint());
        env.insert(QStringLiteral("RTM_PID"), QString::number(sandbox::kDemoPid));
        const Result r = run({"--secret-file", f.fileName(), "check"}, env);
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.json().value("ok").toBool(), true);
    }

    void auditLinesFromRtmctl()
    {
        const QString path = m_dir.filePath(QStringLiteral("ctl-audit.jsonl"));
        QProcessEnvironment env = baseEnv();
        env.insert(QStringLiteral("RTM_AUDIT_LOG"), path);
        const QStringList g = {"--endpoint", endpoint(), "--pid", "11000001"};
        Result r = run(g + QStringList{"send-group-message", "--mtype", "51", "--from", "91", "--gid", "92", "--message",
                                       "audited", "--attrs", "{}", "--mid", "9223372036854775000"}, env);
        QCOMPARE(r.exitCode, 0);
        env.insert(QStringLiteral("RTM_PROFILE"), QStringLiteral("ops"));
        r = run(g + QStringList{"delete-group-message", "--mid", "9223372036854775000", "--from", "91", "--gid", "92"}, env);
        QCOMPARE(r.exitCode, 0);
        r = run(g + QStringList{"get-group-message", "--uid", "91", "--gid", "92", "--num", "5"}, env);   // not audited
        QCOMPARE(r.exitCode, 0);

        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = f.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 4);
        const QStringList expected = {"sendgroupmsg/attempt/rtmctl", "sendgroupmsg/outcome/rtmctl", "delmsg/attempt/ops",
                                      "delmsg/outcome/ops"};
        for (int i = 0; i < 4; ++i) {
            const QJsonObject o = QJsonDocument::fromJson(lines[i]).object();
            QCOMPARE(o.value("action").toString() + "/" + o.value("event").toString() + "/" + o.value("profile").toString(),
                     expected[i]);
            QVERIFY(lines[i].contains("\"mid\":9223372036854775000"));
            QVERIFY(!lines[i].contains(kSecret));
            QCOMPARE(o.value("endpoint").toString(), endpoint());
        }
        QCOMPARE(QJsonDocument::fromJson(lines[1]).object().value("outcome").toString(), QStringLiteral("ok"));
    }

    // `delete-*` reads the message first: its audit line holds the exact text (non-ASCII
    // included) or the binary body (base64), written before the outcome line. When the read
    // fails the delete still goes out and says why the content is missing; with
    // --require-content nothing is deleted (exit 1) and nothing is audited.
    void deleteRecordsTheContent()
    {
        const QString path = m_dir.filePath(QStringLiteral("ctl-content.jsonl"));
        QProcessEnvironment env = baseEnv();
        env.insert(QStringLiteral("RTM_AUDIT_LOG"), path);
        const QStringList g = {"--endpoint", endpoint(), "--pid", "11000001"};
        const QString text = QStringLiteral("Grüße 你好 🚀 \"x\"");
        Result r = run(g + QStringList{"send-group-message", "--mtype", "51", "--from", "93", "--gid", "94", "--message",
                                       text, "--attrs", "{\"a\":1}", "--mid", "9007199254740993"}, env);
        QCOMPARE(r.exitCode, 0);
        service::RtmSession session(testutil::configFor(m_sandbox->port(), kSecret));
        session.setAuditLog(nullptr);
        const QByteArray body("\x00\xffz", 3);
        QVERIFY(service::waitForReply(session.sendGroupMessage(52, 93, 94, rtm::MessageBody::binary(body), "{}", 555000222)).ok());

        const auto deleteLines = [&](const QStringList &args, int exitCode) {
            const qint64 before = QFileInfo(path).size();
            const Result d = run(g + args, env);
            [&] { QVERIFY2(d.exitCode == exitCode, d.out.constData()); }();
            QFile f(path);
            if (!f.open(QIODevice::ReadOnly))
                return QList<QJsonObject>();
            f.seek(before);
            QList<QJsonObject> lines;
            for (const QByteArray &l : f.readAll().trimmed().split('\n'))
                if (!l.isEmpty()) {
                    [&] { QVERIFY(!l.contains(kSecret)); }();
                    lines << QJsonDocument::fromJson(l).object();
                }
            return lines;
        };

        QList<QJsonObject> lines = deleteLines({"delete-group-message", "--mid", "9007199254740993", "--from", "93", "--gid", "94"}, 0);
        QCOMPARE(lines.size(), 2);
        QCOMPARE(lines[0].value("event").toString(), QStringLiteral("attempt"));
        QCOMPARE(lines[0].value("action").toString(), QStringLiteral("delmsg"));
        QJsonObject content = lines[0].value("content").toObject();
        QCOMPARE(content.value("message").toString(), text);
        QCOMPARE(content.value("attrs").toString(), QStringLiteral("{\"a\":1}"));
        QCOMPARE(content.value("mtype").toInt(), 51);
        QCOMPARE(lines[1].value("outcome").toString(), QStringLiteral("ok"));

        lines = deleteLines({"delete-group-message", "--mid", "555000222", "--from", "93", "--gid", "94", "--require-content"}, 0);
        QCOMPARE(lines.size(), 2);
        content = lines[0].value("content").toObject();
        QCOMPARE(content.value("messageEncoding").toString(), QStringLiteral("base64"));
        QCOMPARE(QByteArray::fromBase64(content.value("message").toString().toLatin1()), body);

        // Already deleted: getmsg answers 200070. --require-content: not deleted, not audited.
        const qint64 sizeBefore = QFileInfo(path).size();
        r = run(g + QStringList{"delete-group-message", "--mid", "555000222", "--from", "93", "--gid", "94", "--require-content"}, env);
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.json().value("error").toObject().value("code").toInt(), int(rtm::MessageNotFound));
        QVERIFY2(r.json().value("error").toObject().value("message").toString().contains(QStringLiteral("--require-content")),
                 r.out.constData());
        QCOMPARE(QFileInfo(path).size(), sizeBefore);
        // Default: the delete still goes out, the attempt line says why the content is missing.
        // (A second delmsg of a deleted message succeeds, protocol.md 7.7.)
        lines = deleteLines({"delete-group-message", "--mid", "555000222", "--from", "93", "--gid", "94"}, 0);
        QCOMPARE(lines.size(), 2);
        QCOMPARE(lines[0].value("event").toString(), QStringLiteral("attempt"));
        const QString reason = lines[0].value("content").toObject().value("notCaptured").toString();
        QVERIFY2(reason.startsWith(QStringLiteral("getmsg failed: 200070")), qPrintable(reason));
        QVERIFY(!lines[0].value("content").toObject().contains("message"));
        QCOMPARE(lines[1].value("outcome").toString(), QStringLiteral("ok"));
    }

    // An audit log that cannot be written stops the send before it goes out: exit 1 with
    // the audit error, and the server never stored the message.
    void unwritableAuditLogSendsNothing()
    {
        QProcessEnvironment env = baseEnv();
        env.insert(QStringLiteral("RTM_AUDIT_LOG"), QStringLiteral("/dev/full"));
        const Result r = run({"--endpoint", endpoint(), "--pid", "11000001", "send-group-message", "--mtype", "51",
                              "--from", "97", "--gid", "98", "--message", "blocked", "--attrs", "{}"},
                             env);
        QCOMPARE(r.exitCode, 1);
        const QJsonObject e = r.json().value("error").toObject();
        QCOMPARE(e.value("code").toInt(), int(rtm::AuditLogUnavailable));
        QVERIFY2(e.value("message").toString().startsWith(QStringLiteral("audit log unavailable")), r.out.constData());
        const QJsonObject history = ok({"get-group-message", "--uid", "97", "--gid", "98", "--num", "5"});
        QCOMPARE(history.value("count").toInt(), 0);
    }

    void pacedAllRespectsRateLimit()
    {
        // 12 one-row pages plus the empty last one = 13 calls at 10 calls/s (burst 2): at
        // least ~1.1 s. No upper bound asserted.
        service::RtmSession session(testutil::configFor(m_sandbox->port(), kSecret));
        session.setAuditLog(nullptr);
        for (int i = 0; i < 12; ++i)
            QVERIFY(service::waitForReply(session.sendGroupMessage(51, 95, 96, rtm::MessageBody::text(QStringLiteral("p")), "{}")).ok());
        QElapsedTimer t;
        t.start();
        const QJsonObject o = ok({"--rate-limit", "10", "get-group-message", "--uid", "95", "--gid", "96", "--num", "1", "--all"});
        QCOMPARE(o.value("count").toInt(), 12);
        QCOMPARE(o.value("messages").toArray().size(), 12);
        QVERIFY2(t.elapsed() >= 1000, qPrintable(QString::number(t.elapsed())));
    }

    // --- encryption options (--ecc-key/--ecc-bits/--ecc-mode) ---

    void eccOptionsAreDocumented()
    {
        const Result r = run({QStringLiteral("--help")}, baseEnv());
        QCOMPARE(r.exitCode, 0);
        for (const char *text : {"--ecc-key FILE", "--ecc-bits 128|256", "--ecc-mode package|stream"})
            QVERIFY2(r.out.contains(text), text);
    }

    void eccOptionUsageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("expected");
        const QString goodKey = rtmtest::makeEcPublicKey(m_dir.path(), QStringLiteral("ctl-good"));
        const QString edKey = rtmtest::makePublicKey(m_dir.path(), QStringLiteral("ctl-ed"),
                                                     {QStringLiteral("-algorithm"), QStringLiteral("ED25519")});
        QVERIFY(!goodKey.isEmpty() && !edKey.isEmpty());
        auto row = [](const char *name, const QStringList &options, const QString &expected) {
            QTest::newRow(name) << options + QStringList{QStringLiteral("check")} << expected;
        };
        row("bits 192", {"--ecc-key", goodKey, "--ecc-bits", "192"}, QStringLiteral("--ecc-bits expects 128 or 256"));
        row("bits text", {"--ecc-key", goodKey, "--ecc-bits=strong"}, QStringLiteral("--ecc-bits expects 128 or 256"));
        row("unknown mode", {"--ecc-key", goodKey, "--ecc-mode", "cbc"}, QStringLiteral("--ecc-mode expects package or stream"));
        row("bits without key", {"--ecc-bits", "256"}, QStringLiteral("--ecc-bits needs --ecc-key FILE"));
        row("mode without key", {"--ecc-mode", "stream"}, QStringLiteral("--ecc-mode needs --ecc-key FILE"));
        row("empty key name", {"--ecc-key="}, QStringLiteral("--ecc-key needs a file name"));
        row("unreadable key", {"--ecc-key", "/nonexistent/server-public.pem"},
            QStringLiteral("“/nonexistent/server-public.pem”: key file unreadable"));
        row("not an EC key", {"--ecc-key", edKey}, QStringLiteral("not an EC key"));
        row("private key", {"--ecc-key", m_dir.filePath(QStringLiteral("ctl-good-private.pem"))},
            QStringLiteral("this is a private key"));
    }

    // Exit 2 with one line naming the problem; nothing is sent, nothing audited.
    void eccOptionUsageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, expected);
        testutil::SilentServer listener;
        const Result r = run(QStringList{"--endpoint", QStringLiteral("127.0.0.1:%1").arg(listener.serverPort()),
                                         "--pid", "11000001"} + args,
                             baseEnv());
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.out.isEmpty(), r.out.constData());
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY2(r.err.startsWith("rtmctl: ") && QString::fromUtf8(r.err).contains(expected), r.err.constData());
        QVERIFY(!r.err.contains(kSecret));
        QCOMPARE(listener.connections, 0);
    }

    // A real rtm-devserver that only takes encrypted connections (secp256r1 test key).
    void encryptedSendAndHistory_data()
    {
        QTest::addColumn<QString>("mode");
        QTest::addColumn<QString>("bits");
        QTest::newRow("package 128") << QStringLiteral("package") << QStringLiteral("128");
        QTest::newRow("package 256") << QStringLiteral("package") << QStringLiteral("256");
        QTest::newRow("stream 128") << QStringLiteral("stream") << QStringLiteral("128");
        QTest::newRow("stream 256") << QStringLiteral("stream") << QStringLiteral("256");
    }

    void encryptedSendAndHistory()
    {
        QFETCH(QString, mode);
        QFETCH(QString, bits);
        QVERIFY(startEncryptedDevServer());
        const QStringList enc = {"--ecc-key", rtmtest::testKeyPath(QStringLiteral("secp256r1-public.pem")),
                                 "--ecc-bits", bits, "--ecc-mode", mode};
        const qint64 from = (mode == QLatin1String("stream") ? 8200 : 8100) + bits.toInt();   // one conversation per row
        const QString text = QStringLiteral("encrypted %1 %2 ✓").arg(mode, bits);
        QByteArray raw, log;
        encryptedOk(enc + QStringList{"send-message", "--mtype", "51", "--from", QString::number(from), "--to", "8999",
                                      "--message", text, "--attrs", "{\"enc\":true}"},
                    &raw, &log);
        // The client's own account of the connection (RTM_VERBOSE=1 logs to stderr).
        const QString expected = QStringLiteral("(secp256r1, AES-%1, %2 mode)").arg(bits, mode);
        QVERIFY2(QString::fromUtf8(log).contains(expected), log.constData());
        const QByteArray mid = rawNumber(raw, "mid");
        QVERIFY(mid.toLongLong() > 0);
        const QJsonObject history = encryptedOk(
            enc + QStringList{"get-p2p-message", "--uid", QString::number(from), "--ouid", "8999", "--num", "5"});
        QCOMPARE(history.value("count").toInt(), 1);
        const QJsonObject row = history.value("messages").toArray().at(0).toObject();
        QCOMPARE(row.value("message").toString(), text);
        QCOMPARE(row.value("attrs").toString(), QStringLiteral("{\"enc\":true}"));
        QCOMPARE(QByteArray::number(row.value("messageId").toInteger()), mid);
    }

    // The same server refuses a plain rtmctl: what passed above really was encrypted.
    void plainRtmctlIsRefusedByAnEncryptOnlyServer()
    {
        QVERIFY(startEncryptedDevServer());
        const Result r = run(encryptedCtl({"check"}), baseEnv());
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.json().value("error").toObject().value("code").toInt(), 20013);
    }

    void wrongKeyFailsTheHandshake_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<bool>("plainServer");
        QTest::newRow("another secp256r1 key") << QStringLiteral("secp256r1-other-public.pem") << false;
        QTest::newRow("a key on another curve") << QStringLiteral("secp256k1-public.pem") << false;
        QTest::newRow("server without encryption") << QStringLiteral("secp256r1-public.pem") << true;
    }

    // Exit 1 with 20012 naming the handshake, well before the 60 s the runner waits.
    void wrongKeyFailsTheHandshake()
    {
        QFETCH(QString, key);
        QFETCH(bool, plainServer);
        QVERIFY(startEncryptedDevServer());
        const QStringList args = {"--timeout", "10", "--ecc-key", rtmtest::testKeyPath(key), "check"};
        const Result r = plainServer ? ctl(args) : run(encryptedCtl(args), baseEnv());
        QCOMPARE(r.exitCode, 1);
        const QJsonObject e = r.json().value("error").toObject();
        QCOMPARE(e.value("code").toInt(), 20012);
        QVERIFY2(e.value("message").toString().contains(QStringLiteral("encryption handshake failed")), r.out.constData());
        QVERIFY(!r.out.contains(kSecret) && !r.err.contains(kSecret));
    }

    void cleanupTestCase()
    {
        if (m_encrypted && m_encrypted->state() == QProcess::Running) {
            m_encrypted->terminate();   // SIGTERM: the server shuts down cleanly
            QVERIFY(m_encrypted->waitForFinished(15000));
        }
    }
};

QTEST_GUILESS_MAIN(TestRtmctl)
#include "tst_rtmctl.moc"
