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

using namespace Qt::StringLiterals;

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
                           {u"--listen"_s, u"127.0.0.1:0"_s, u"--ecc-key"_s, rtmtest::testKeyPath(QStringLiteral("secp256r1-private.pem")),
                            u"--force-encrypt"_s});
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
        return QStringList{u"--endpoint"_s, QStringLiteral("127.0.0.1:%1").arg(m_encryptedPort), u"--pid"_s,
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
        row("unknown command", g + QStringList{u"frobnicate"_s});
        row("missing option", g + QStringList{u"send-message"_s, u"--mtype"_s, u"51"_s, u"--from"_s, u"1"_s, u"--to"_s, u"2"_s, u"--message"_s, u"x"_s});
        row("non-numeric uid", g + QStringList{u"get-group-message"_s, u"--uid"_s, u"abc"_s, u"--gid"_s, u"1"_s, u"--num"_s, u"5"_s});
        row("negative gid", g + QStringList{u"get-group-message"_s, u"--uid"_s, u"1"_s, u"--gid"_s, u"-4"_s, u"--num"_s, u"5"_s});
        row("uid with letters", g + QStringList{u"get-group-message"_s, u"--uid"_s, u"12abc"_s, u"--gid"_s, u"1"_s, u"--num"_s, u"5"_s});
        row("uid above int64", g + QStringList{u"get-group-message"_s, u"--uid"_s, u"9223372036854775808"_s, u"--gid"_s, u"1"_s, u"--num"_s, u"5"_s});
        row("uid with plus", g + QStringList{u"get-group-message"_s, u"--uid"_s, u"+12"_s, u"--gid"_s, u"1"_s, u"--num"_s, u"5"_s});
        row("uid with spaces", g + QStringList{u"get-group-message"_s, u"--uid"_s, u" 12 "_s, u"--gid"_s, u"1"_s, u"--num"_s, u"5"_s});
        row("mtype above 127", g + QStringList{u"broadcast-message"_s, u"--mtype"_s, u"200"_s, u"--from"_s, u"1"_s, u"--message"_s, u"m"_s, u"--attrs"_s, u""_s});
        row("mtype zero", g + QStringList{u"broadcast-message"_s, u"--mtype"_s, u"0"_s, u"--from"_s, u"1"_s, u"--message"_s, u"m"_s, u"--attrs"_s, u""_s});
        row("mtypes above 127", g + QStringList{u"get-message-num"_s, u"--type"_s, u"2"_s, u"--xid"_s, u"1"_s, u"--mtypes"_s, u"51,128"_s});
        row("begin after end", g + QStringList{u"get-room-message"_s, u"--uid"_s, u"1"_s, u"--rid"_s, u"1"_s, u"--num"_s, u"5"_s, u"--begin"_s, u"2000"_s, u"--end"_s, u"1000"_s});
        row("count begin after end", g + QStringList{u"get-message-num"_s, u"--type"_s, u"2"_s, u"--xid"_s, u"1"_s, u"--begin"_s, u"2000"_s, u"--end"_s, u"1000"_s});
        row("num above 20", g + QStringList{u"get-group-message"_s, u"--uid"_s, u"1"_s, u"--gid"_s, u"1"_s, u"--num"_s, u"21"_s});
        row("num zero", g + QStringList{u"get-room-message"_s, u"--uid"_s, u"1"_s, u"--rid"_s, u"1"_s, u"--num"_s, u"0"_s});
        row("secret argument", g + QStringList{u"--secret"_s, u"topsecret-arg-value"_s, u"check"_s});
        row("secret inline", QStringList{u"--secret=topsecret-arg-value"_s} + g + QStringList{u"check"_s});
        row("unknown option", g + QStringList{u"check"_s, u"--bogus"_s, u"1"_s});
        row("option of another command", g + QStringList{u"check"_s, u"--uid"_s, u"1"_s});
        row("count type 4", g + QStringList{u"get-message-num"_s, u"--type"_s, u"4"_s, u"--xid"_s, u"1"_s});
        row("bad mtypes", g + QStringList{u"get-message-num"_s, u"--type"_s, u"2"_s, u"--xid"_s, u"1"_s, u"--mtypes"_s, u"30,x"_s});
        row("bad to list", g + QStringList{u"send-messages"_s, u"--mtype"_s, u"51"_s, u"--from"_s, u"1"_s, u"--to"_s, u"2,,3"_s, u"--message"_s, u"m"_s, u"--attrs"_s, u""_s});
        row("missing value", g + QStringList{u"delete-p2p-message"_s, u"--mid"_s, u"5"_s, u"--from"_s, u"1"_s, u"--to"_s});
        row("flag with value", g + QStringList{u"get-broadcast-message"_s, u"--uid"_s, u"1"_s, u"--num"_s, u"3"_s, u"--desc=yes"_s});
        row("sequential without all", g + QStringList{u"get-group-message"_s, u"--uid"_s, u"1"_s, u"--gid"_s, u"1"_s, u"--num"_s, u"3"_s, u"--sequential"_s});
        row("bad endpoint", QStringList{u"--endpoint"_s, u"nohost"_s, u"--pid"_s, u"1"_s, u"check"_s});
        row("bad timeout", g + QStringList{u"--timeout"_s, u"soon"_s, u"check"_s});
        row("no endpoint", QStringList{u"--pid"_s, u"11000001"_s, u"check"_s});
        row("no pid", QStringList{u"--endpoint"_s, ep, u"check"_s});
        row("no secret", g + QStringList{u"check"_s}, false);
        row("unreadable secret file", g + QStringList{u"--secret-file"_s, u"/nonexistent/secret"_s, u"check"_s});
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
        QJsonObject o = ok({u"check"_s});
        QCOMPARE(keysOf(o), keys({u"ok"_s, u"latencyMs"_s}));
        QCOMPARE(o.value(u"ok"_s).toBool(), true);
        QVERIFY(o.value(u"latencyMs"_s).toInt() >= 0);

        // sends
        const QSet<QString> sendKeys = keys({u"mid"_s, u"mtime"_s});
        o = ok({"send-message", "--mtype", "51", "--from", "71", "--to", "72", "--message", "p2p hello", "--attrs", "{}"}, &raw);
        QCOMPARE(keysOf(o), sendKeys);
        const QByteArray p2pMid = rawNumber(raw, "mid");
        QVERIFY(p2pMid.toLongLong() > 0);
        QVERIFY(o.value(u"mtime"_s).toDouble() > 1.6e12);
        o = ok({u"send-messages"_s, u"--mtype"_s, u"51"_s, u"--from"_s, u"71"_s, u"--to"_s, u"73,74"_s, u"--message"_s, u"many"_s, u"--attrs"_s, u""_s});
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
        const QSet<QString> historyKeys = keys({u"count"_s, u"lastCursorId"_s, u"beginMsec"_s, u"endMsec"_s, u"messages"_s});
        const QSet<QString> rowKeys = keys({u"cursorId"_s, u"fromUid"_s, u"toId"_s, u"messageType"_s, u"messageId"_s, u"message"_s, u"attrs"_s, u"modifiedTime"_s});
        o = ok({u"get-p2p-message"_s, u"--uid"_s, u"71"_s, u"--ouid"_s, u"72"_s, u"--num"_s, u"10"_s});
        QCOMPARE(keysOf(o), historyKeys);
        QCOMPARE(o.value(u"count"_s).toInt(), 1);
        QCOMPARE(keysOf(o.value(u"messages"_s).toArray().at(0).toObject()), rowKeys);
        QCOMPARE(o.value(u"messages"_s).toArray().at(0).toObject().value(u"message"_s).toString(), QStringLiteral("p2p hello"));
        o = ok({u"get-group-message"_s, u"--uid"_s, u"71"_s, u"--gid"_s, u"77"_s, u"--num"_s, u"10"_s, u"--desc"_s}, &raw);
        QCOMPARE(keysOf(o), historyKeys);
        QCOMPARE(rawNumber(raw, "messageId"), QByteArray("9007199254740993"));
        QCOMPARE(o.value(u"messages"_s).toArray().at(0).toObject().value(u"attrs"_s).toString(), QStringLiteral("{\"k\":\"v\"}"));
        o = ok({u"get-room-message"_s, u"--uid"_s, u"71"_s, u"--rid"_s, u"78"_s, u"--num"_s, u"10"_s, u"--begin"_s, u"1"_s, u"--end"_s, u"0"_s});
        QCOMPARE(keysOf(o), historyKeys);
        QCOMPARE(o.value(u"count"_s).toInt(), 1);
        o = ok({u"get-broadcast-message"_s, u"--uid"_s, u"71"_s, u"--num"_s, u"1"_s, u"--desc"_s, u"--mtypes"_s, u"51"_s});
        QCOMPARE(keysOf(o), historyKeys);
        QCOMPARE(o.value(u"count"_s).toInt(), 1);
        QCOMPARE(o.value(u"messages"_s).toArray().at(0).toObject().value(u"messageType"_s).toInt(), 51);

        // info
        const QSet<QString> infoKeys = keys({u"cursorId"_s, u"messageType"_s, u"message"_s, u"attrs"_s, u"modifiedTime"_s});
        o = ok({u"get-p2p-message-info"_s, u"--mid"_s, QString::fromLatin1(p2pMid), u"--from"_s, u"71"_s, u"--to"_s, u"72"_s});
        QCOMPARE(keysOf(o), infoKeys);
        QCOMPARE(o.value(u"message"_s).toString(), QStringLiteral("p2p hello"));
        o = ok({u"get-group-message-info"_s, u"--mid"_s, u"9007199254740993"_s, u"--from"_s, u"71"_s, u"--gid"_s, u"77"_s});
        QCOMPARE(keysOf(o), infoKeys);
        o = ok({u"get-room-message-info"_s, u"--mid"_s, QString::fromLatin1(roomMid), u"--from"_s, u"71"_s, u"--rid"_s, u"78"_s});
        QCOMPARE(keysOf(o), infoKeys);
        o = ok({u"get-broadcast-message-info"_s, u"--mid"_s, QString::fromLatin1(bcMid), u"--from"_s, u"71"_s});
        QCOMPARE(keysOf(o), infoKeys);
        QCOMPARE(o.value(u"message"_s).toString(), QStringLiteral("all"));

        // count
        o = ok({u"get-message-num"_s, u"--type"_s, u"2"_s, u"--xid"_s, u"77"_s});
        QCOMPARE(keysOf(o), keys({u"sender"_s, u"num"_s}));
        QCOMPARE(o.value(u"num"_s).toInt(), 1);
        QCOMPARE(o.value(u"sender"_s).toInt(), 1);
        o = ok({u"get-message-num"_s, u"--type"_s, u"3"_s, u"--xid"_s, u"78"_s, u"--mtypes"_s, u"51,52"_s, u"--begin"_s, u"1"_s, u"--end"_s, u"0"_s});
        QCOMPARE(o.value(u"num"_s).toInt(), 1);

        // deletes
        const QJsonObject deleted = QJsonObject{{u"ok"_s, true}};
        QCOMPARE(ok({u"delete-p2p-message"_s, u"--mid"_s, QString::fromLatin1(p2pMid), u"--from"_s, u"71"_s, u"--to"_s, u"72"_s}), deleted);
        QCOMPARE(ok({u"delete-group-message"_s, u"--mid"_s, u"9007199254740993"_s, u"--from"_s, u"71"_s, u"--gid"_s, u"77"_s}), deleted);
        QCOMPARE(ok({u"delete-room-message"_s, u"--mid"_s, QString::fromLatin1(roomMid), u"--from"_s, u"71"_s, u"--rid"_s, u"78"_s}), deleted);
        QCOMPARE(ok({u"delete-broadcast-message"_s, u"--mid"_s, QString::fromLatin1(bcMid), u"--from"_s, u"71"_s}), deleted);

        // Deleted rows: counted, left out unless --include-deleted.
        o = ok({u"get-group-message"_s, u"--uid"_s, u"71"_s, u"--gid"_s, u"77"_s, u"--num"_s, u"10"_s});
        QCOMPARE(o.value(u"count"_s).toInt(), 1);
        QCOMPARE(o.value(u"messages"_s).toArray().size(), 0);
        o = ok({u"get-group-message"_s, u"--uid"_s, u"71"_s, u"--gid"_s, u"77"_s, u"--num"_s, u"10"_s, u"--include-deleted"_s});
        QCOMPARE(o.value(u"messages"_s).toArray().size(), 1);
        QCOMPARE(o.value(u"messages"_s).toArray().at(0).toObject().value(u"deleted"_s).toBool(), true);

        // A request failure: exit 1 and the error object.
        const Result r = ctl({u"get-group-message-info"_s, u"--mid"_s, u"9007199254740993"_s, u"--from"_s, u"71"_s, u"--gid"_s, u"77"_s});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.out.count('\n'), 1);
        const QJsonObject err = r.json().value(u"error"_s).toObject();
        QCOMPARE(keysOf(r.json()), keys({u"error"_s}));
        QCOMPARE(keysOf(err), keys({u"code"_s, u"name"_s, u"message"_s}));
        QCOMPARE(err.value(u"code"_s).toInt(), 200070);
        QCOMPARE(err.value(u"name"_s).toString(), QStringLiteral("RTM_EC_MESSAGE_NOT_FOUND"));
        QVERIFY(!r.out.contains(kSecret) && !r.err.contains(kSecret));
    }

    void wrongSecretFailsWithoutLeaking()
    {
        QProcessEnvironment env = baseEnv();
        env.insert(QStringLiteral("RTM_SECRET"), QStringLiteral("wrong-secret-0000"));
        const Result r = run({u"--endpoint"_s, endpoint(), u"--pid"_s, u"11000001"_s, u"check"_s}, env);
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.json().value(u"error"_s).toObject().value(u"code"_s).toInt(), 200002);
        QVERIFY(!r.out.contains("wrong-secret-0000") && !r.err.contains("wrong-secret-0000"));
    }

    void connectionFailuresNameTheCause_data()
    {
        QTest::addColumn<QStringList>("command");
        QTest::newRow("check") << QStringList{u"check"_s};
        QTest::newRow("history read") << QStringList{u"get-group-message"_s, u"--uid"_s, u"1"_s, u"--gid"_s, u"2"_s, u"--num"_s, u"5"_s};
        QTest::newRow("info read") << QStringList{u"get-p2p-message-info"_s, u"--mid"_s, u"5"_s, u"--from"_s, u"1"_s, u"--to"_s, u"2"_s};
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

        Result r = run(QStringList{u"--endpoint"_s, closed, u"--pid"_s, u"11000001"_s} + command, baseEnv());
        QCOMPARE(r.exitCode, 1);
        QJsonObject e = r.json().value(u"error"_s).toObject();
        QCOMPARE(e.value(u"code"_s).toInt(), 20012);
        QVERIFY2(e.value(u"message"_s).toString().contains(QStringLiteral("Connection refused")), r.out.constData());
        QVERIFY2(!e.value(u"message"_s).toString().contains(QStringLiteral("auto-reconnect")), r.out.constData());

        r = run(QStringList{u"--endpoint"_s, u"no-such-host.invalid:13321"_s, u"--pid"_s, u"11000001"_s} + command, baseEnv());
        QCOMPARE(r.exitCode, 1);
        e = r.json().value(u"error"_s).toObject();
        QCOMPARE(e.value(u"code"_s).toInt(), 20012);
        QVERIFY2(e.value(u"message"_s).toString().contains(QStringLiteral("Host not found"), Qt::CaseInsensitive),
                 r.out.constData());
    }

    void binaryTextGoesBase64()
    {
        service::RtmSession session(testutil::configFor(m_sandbox->port(), kSecret));
        session.setAuditLog(nullptr);
        const QByteArray body("\xff\xfe\x00\x01", 4);
        const auto sent = service::waitForReply(
            session.sendMessage(51, 81, 82, rtm::MessageBody(body, true), "{}", 555000111));
        QVERIFY2(sent.ok(), qPrintable(sent.error.message));
        QJsonObject o = ok({u"get-p2p-message"_s, u"--uid"_s, u"81"_s, u"--ouid"_s, u"82"_s, u"--num"_s, u"1"_s});
        const QJsonObject row = o.value(u"messages"_s).toArray().at(0).toObject();
        QVERIFY(!row.contains(u"message"_s));
        QCOMPARE(row.value(u"messageBase64"_s).toString(), QString::fromLatin1(body.toBase64()));
        QCOMPARE(row.value(u"attrs"_s).toString(), QStringLiteral("{}"));
        o = ok({u"get-p2p-message-info"_s, u"--mid"_s, u"555000111"_s, u"--from"_s, u"81"_s, u"--to"_s, u"82"_s});
        QCOMPARE(o.value(u"messageBase64"_s).toString(), QString::fromLatin1(body.toBase64()));
    }

    void allPaging()
    {
        const QStringList base = {u"get-p2p-message"_s, u"--uid"_s, u"1001"_s, u"--ouid"_s, u"1002"_s, u"--all"_s};
        const QJsonObject asc20 = ok(base + QStringList{u"--num"_s, u"20"_s, u"--include-deleted"_s});
        const QJsonObject asc7 = ok(base + QStringList{u"--num"_s, u"7"_s, u"--include-deleted"_s});
        const QJsonObject desc20 = ok(base + QStringList{u"--num"_s, u"20"_s, u"--desc"_s, u"--include-deleted"_s});
        const QJsonObject visible = ok(base + QStringList{u"--num"_s, u"20"_s});
        const QJsonObject firstPage = ok(QStringList{u"get-p2p-message"_s, u"--uid"_s, u"1001"_s, u"--ouid"_s, u"1002"_s, u"--num"_s, u"20"_s});

        const int total = asc20.value(u"count"_s).toInt();
        QVERIFY(total > 100);   // the busiest demo pair, many pages
        QCOMPARE(firstPage.value(u"count"_s).toInt(), 20);
        QCOMPARE(asc20.value(u"messages"_s).toArray().size(), total);
        QCOMPARE(asc7.value(u"count"_s).toInt(), total);
        QCOMPARE(desc20.value(u"count"_s).toInt(), total);

        // Server order, no row twice; desc is the reverse of asc.
        const QJsonArray a = asc20.value(u"messages"_s).toArray();
        const QJsonArray d = desc20.value(u"messages"_s).toArray();
        for (int i = 1; i < a.size(); ++i)
            QVERIFY(a.at(i).toObject().value(u"cursorId"_s).toInteger() > a.at(i - 1).toObject().value(u"cursorId"_s).toInteger());
        for (int i = 0; i < a.size(); ++i)
            QCOMPARE(d.at(a.size() - 1 - i).toObject().value(u"cursorId"_s).toInteger(),
                     a.at(i).toObject().value(u"cursorId"_s).toInteger());
        QCOMPARE(asc7.value(u"messages"_s).toArray(), a);

        // Deleted rows are counted but left out without --include-deleted.
        int deleted = 0;
        for (const QJsonValue &v : a)
            deleted += v.toObject().value(u"deleted"_s).toBool() ? 1 : 0;
        QCOMPARE(visible.value(u"count"_s).toInt(), total);
        QCOMPARE(visible.value(u"messages"_s).toArray().size(), total - deleted);

        // Cursor fields are those of the last page.
        QCOMPARE(asc20.value(u"lastCursorId"_s).toInteger(), a.last().toObject().value(u"cursorId"_s).toInteger());
    }

    // --all --sequential against a server whose lastid cycles 10, 20, 10, …: exit 1 with the
    // cursor error after the third page instead of paging forever.
    void allStopsOnACyclingCursor()
    {
        testutil::CyclingHistoryServer server({10, 20});
        QVERIFY(server.port() != 0);
        const Result r = run({u"--endpoint"_s, QStringLiteral("127.0.0.1:%1").arg(server.port()), u"--pid"_s, u"11000001"_s,
                              u"get-group-message"_s, u"--uid"_s, u"1"_s, u"--gid"_s, u"2"_s, u"--num"_s, u"4"_s, u"--all"_s, u"--sequential"_s},
                             baseEnv());
        QCOMPARE(r.exitCode, 1);
        const QJsonObject e = r.json().value(u"error"_s).toObject();
        QCOMPARE(e.value(u"code"_s).toInt(), int(rtm::CursorNotAdvancing));
        QVERIFY2(e.value(u"message"_s).toString().contains(QStringLiteral("server cursor did not advance: lastid 10 after 20")),
                 r.out.constData());
        QCOMPARE(server.quests, 3);
        QVERIFY(!r.out.contains("\"messages\""));   // no partial result passed off as complete
    }

    // Parallel --all (the default) prints byte for byte what --all --sequential prints, in
    // both orders, with page sizes, ranges, filters and deleted rows.
    void allParallelEqualsSequential_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("p2p asc num 7") << QStringList{u"get-p2p-message"_s, u"--uid"_s, u"1001"_s, u"--ouid"_s, u"1002"_s, u"--num"_s, u"7"_s};
        QTest::newRow("p2p desc deleted") << QStringList{u"get-p2p-message"_s, u"--uid"_s, u"1001"_s, u"--ouid"_s, u"1002"_s, u"--num"_s,
                                                         u"20"_s, u"--desc"_s, u"--include-deleted"_s};
        QTest::newRow("group desc num 3") << QStringList{u"get-group-message"_s, u"--uid"_s, u"1001"_s, u"--gid"_s, u"2001"_s, u"--num"_s,
                                                         u"3"_s, u"--desc"_s};
        QTest::newRow("group mtypes") << QStringList{u"get-group-message"_s, u"--uid"_s, u"1001"_s, u"--gid"_s, u"2001"_s, u"--num"_s, u"20"_s,
                                                     u"--mtypes"_s, u"51,30"_s, u"--include-deleted"_s};
        QTest::newRow("room num 1") << QStringList{u"get-room-message"_s, u"--uid"_s, u"1001"_s, u"--rid"_s, u"3001"_s, u"--num"_s, u"1"_s};
        QTest::newRow("broadcast desc") << QStringList{u"get-broadcast-message"_s, u"--uid"_s, u"1000"_s, u"--num"_s, u"5"_s, u"--desc"_s};
        QTest::newRow("nothing there") << QStringList{u"get-group-message"_s, u"--uid"_s, u"1"_s, u"--gid"_s, u"424242"_s, u"--num"_s, u"5"_s};
    }

    void allParallelEqualsSequential()
    {
        QFETCH(QStringList, args);
        QByteArray parallel;
        QByteArray sequential;
        ok(args + QStringList{u"--all"_s}, &parallel);
        ok(args + QStringList{u"--all"_s, u"--sequential"_s}, &sequential);
        QCOMPARE(parallel, sequential);

        // With a time range whose edges fall inside the history.
        const QJsonArray rows = QJsonDocument::fromJson(parallel).object().value(u"messages"_s).toArray();
        if (rows.size() < 10)
            return;
        const QByteArray first = QByteArray::number(rows.at(rows.size() / 4).toObject().value(u"modifiedTime"_s).toInteger());
        const QByteArray last = QByteArray::number(rows.at(rows.size() * 3 / 4).toObject().value(u"modifiedTime"_s).toInteger());
        const QByteArray begin = std::min(first, last, [](const QByteArray &a, const QByteArray &b) { return a.toLongLong() < b.toLongLong(); });
        const QByteArray end = std::max(first, last, [](const QByteArray &a, const QByteArray &b) { return a.toLongLong() < b.toLongLong(); });
        const QStringList ranged = args + QStringList{u"--begin"_s, QString::fromLatin1(begin), u"--end"_s, QString::fromLatin1(end), u"--all"_s};
        ok(ranged, &parallel);
        ok(ranged + QStringList{u"--sequential"_s}, &sequential);
        QCOMPARE(parallel, sequential);
        QVERIFY(QJsonDocument::fromJson(parallel).object().value(u"count"_s).toInt() > 0);
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
            const Result r = run(QStringList{u"--endpoint"_s, endpoint(), u"--pid"_s, QString::number(sandbox::kDemoPid),
                                             u"--rate-limit"_s, u"0"_s, u"get-p2p-message"_s, u"--uid"_s, u"1001"_s, u"--ouid"_s, u"1002"_s, u"--num"_s, u"5"_s, u"--all"_s}
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
        QCOMPARE(maxOutstanding({u"--sequential"_s}), 1);
    }

    // Parallel --all against the cycling cursor: exit 1 with the cursor error, no messages.
    void allParallelStopsOnACyclingCursor()
    {
        testutil::CyclingHistoryServer server({10, 20});
        QVERIFY(server.port() != 0);
        const Result r = run({u"--endpoint"_s, QStringLiteral("127.0.0.1:%1").arg(server.port()), u"--pid"_s, u"11000001"_s,
                              u"get-group-message"_s, u"--uid"_s, u"1"_s, u"--gid"_s, u"2"_s, u"--num"_s, u"4"_s, u"--all"_s},
                             baseEnv());
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.json().value(u"error"_s).toObject().value(u"code"_s).toInt(), int(rtm::CursorNotAdvancing));
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
        const Result r = run({u"--secret-file"_s, f.fileName(), u"check"_s}, env);
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.json().value(u"ok"_s).toBool(), true);
    }

    void auditLinesFromRtmctl()
    {
        const QString path = m_dir.filePath(QStringLiteral("ctl-audit.jsonl"));
        QProcessEnvironment env = baseEnv();
        env.insert(QStringLiteral("RTM_AUDIT_LOG"), path);
        const QStringList g = {u"--endpoint"_s, endpoint(), u"--pid"_s, u"11000001"_s};
        Result r = run(g + QStringList{"send-group-message", "--mtype", "51", "--from", "91", "--gid", "92", "--message",
                                       "audited", "--attrs", "{}", "--mid", "9223372036854775000"}, env);
        QCOMPARE(r.exitCode, 0);
        env.insert(QStringLiteral("RTM_PROFILE"), QStringLiteral("ops"));
        r = run(g + QStringList{u"delete-group-message"_s, u"--mid"_s, u"9223372036854775000"_s, u"--from"_s, u"91"_s, u"--gid"_s, u"92"_s}, env);
        QCOMPARE(r.exitCode, 0);
        r = run(g + QStringList{u"get-group-message"_s, u"--uid"_s, u"91"_s, u"--gid"_s, u"92"_s, u"--num"_s, u"5"_s}, env);   // not audited
        QCOMPARE(r.exitCode, 0);

        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = f.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 4);
        const QStringList expected = {u"sendgroupmsg/attempt/rtmctl"_s, u"sendgroupmsg/outcome/rtmctl"_s, u"delmsg/attempt/ops"_s,
                                      u"delmsg/outcome/ops"_s};
        for (int i = 0; i < 4; ++i) {
            const QJsonObject o = QJsonDocument::fromJson(lines[i]).object();
            QCOMPARE(o.value(u"action"_s).toString() + "/" + o.value(u"event"_s).toString() + "/" + o.value(u"profile"_s).toString(),
                     expected[i]);
            QVERIFY(lines[i].contains("\"mid\":9223372036854775000"));
            QVERIFY(!lines[i].contains(kSecret));
            QCOMPARE(o.value(u"endpoint"_s).toString(), endpoint());
        }
        QCOMPARE(QJsonDocument::fromJson(lines[1]).object().value(u"outcome"_s).toString(), QStringLiteral("ok"));
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
        const QJsonObject e = r.json().value(u"error"_s).toObject();
        QCOMPARE(e.value(u"code"_s).toInt(), int(rtm::AuditLogUnavailable));
        QVERIFY2(e.value(u"message"_s).toString().startsWith(QStringLiteral("audit log unavailable")), r.out.constData());
        const QJsonObject history = ok({u"get-group-message"_s, u"--uid"_s, u"97"_s, u"--gid"_s, u"98"_s, u"--num"_s, u"5"_s});
        QCOMPARE(history.value(u"count"_s).toInt(), 0);
    }

    void pacedAllRespectsRateLimit()
    {
        // 12 one-row pages plus the empty last one = 13 calls at 10 calls/s (burst 2): at
        // least ~1.1 s. No upper bound asserted.
        service::RtmSession session(testutil::configFor(m_sandbox->port(), kSecret));
        session.setAuditLog(nullptr);
        for (int i = 0; i < 12; ++i)
            QVERIFY(service::waitForReply(session.sendGroupMessage(51, 95, 96, rtm::MessageBody("p"), "{}")).ok());
        QElapsedTimer t;
        t.start();
        const QJsonObject o = ok({u"--rate-limit"_s, u"10"_s, u"get-group-message"_s, u"--uid"_s, u"95"_s, u"--gid"_s, u"96"_s, u"--num"_s, u"1"_s, u"--all"_s});
        QCOMPARE(o.value(u"count"_s).toInt(), 12);
        QCOMPARE(o.value(u"messages"_s).toArray().size(), 12);
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
        row(u"bits 192"_s, {u"--ecc-key"_s, goodKey, u"--ecc-bits"_s, u"192"_s}, QStringLiteral("--ecc-bits expects 128 or 256"));
        row(u"bits text"_s, {u"--ecc-key"_s, goodKey, u"--ecc-bits=strong"_s}, QStringLiteral("--ecc-bits expects 128 or 256"));
        row(u"unknown mode"_s, {u"--ecc-key"_s, goodKey, u"--ecc-mode"_s, u"cbc"_s}, QStringLiteral("--ecc-mode expects package or stream"));
        row(u"bits without key"_s, {u"--ecc-bits"_s, u"256"_s}, QStringLiteral("--ecc-bits needs --ecc-key FILE"));
        row(u"mode without key"_s, {u"--ecc-mode"_s, u"stream"_s}, QStringLiteral("--ecc-mode needs --ecc-key FILE"));
        row(u"empty key name"_s, {u"--ecc-key="_s}, QStringLiteral("--ecc-key needs a file name"));
        row(u"unreadable key"_s, {u"--ecc-key"_s, u"/nonexistent/server-public.pem"_s},
            QStringLiteral("“/nonexistent/server-public.pem”: key file unreadable"));
        row(u"not an EC key"_s, {u"--ecc-key"_s, edKey}, QStringLiteral("not an EC key"));
        row(u"private key"_s, {u"--ecc-key"_s, m_dir.filePath(QStringLiteral("ctl-good-private.pem"))},
            QStringLiteral("this is a private key"));
    }

    // Exit 2 with one line naming the problem; nothing is sent, nothing audited.
    void eccOptionUsageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, expected);
        testutil::SilentServer listener;
        const Result r = run(QStringList{u"--endpoint"_s, QStringLiteral("127.0.0.1:%1").arg(listener.serverPort()),
                                         u"--pid"_s, u"11000001"_s} + args,
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
        const QStringList enc = {u"--ecc-key"_s, rtmtest::testKeyPath(QStringLiteral("secp256r1-public.pem")),
                                 u"--ecc-bits"_s, bits, u"--ecc-mode"_s, mode};
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
            enc + QStringList{u"get-p2p-message"_s, u"--uid"_s, QString::number(from), u"--ouid"_s, u"8999"_s, u"--num"_s, u"5"_s});
        QCOMPARE(history.value(u"count"_s).toInt(), 1);
        const QJsonObject row = history.value(u"messages"_s).toArray().at(0).toObject();
        QCOMPARE(row.value(u"message"_s).toString(), text);
        QCOMPARE(row.value(u"attrs"_s).toString(), QStringLiteral("{\"enc\":true}"));
        QCOMPARE(QByteArray::number(row.value(u"messageId"_s).toInteger()), mid);
    }

    // The same server refuses a plain rtmctl: what passed above really was encrypted.
    void plainRtmctlIsRefusedByAnEncryptOnlyServer()
    {
        QVERIFY(startEncryptedDevServer());
        const Result r = run(encryptedCtl({u"check"_s}), baseEnv());
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.json().value(u"error"_s).toObject().value(u"code"_s).toInt(), 20013);
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
        const QStringList args = {u"--timeout"_s, u"10"_s, u"--ecc-key"_s, rtmtest::testKeyPath(key), u"check"_s};
        const Result r = plainServer ? ctl(args) : run(encryptedCtl(args), baseEnv());
        QCOMPARE(r.exitCode, 1);
        const QJsonObject e = r.json().value(u"error"_s).toObject();
        QCOMPARE(e.value(u"code"_s).toInt(), 20012);
        QVERIFY2(e.value(u"message"_s).toString().contains(QStringLiteral("encryption handshake failed")), r.out.constData());
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
