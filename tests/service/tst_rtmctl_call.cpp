// `rtmctl call`, the real binary, against an in-process sandbox (and a recording FPNN
// server) on loopback: any method, signed or not, params and answers as exact JSON.

#include <limits>

#include <QFile>
#include <QtEndian>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "fpnn/fpnnerrorcodes.h"
#include "fpnn/fpnnserver.h"
#include "rtm/rtmwire.h"
#include "servicetestutil.h"
#include "service/jsonvalue.h"

namespace {

const QByteArray kSecret = "call-secret-7c41d2";

struct Result {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QJsonObject error() const { return QJsonDocument::fromJson(out).object().value("error").toObject(); }
    // The answer read exactly (QJsonDocument would round ids above 2^53).
    fpnn::Value answer() const
    {
        QString why;
        return service::valueFromJson(out.trimmed(), &why).value_or(fpnn::Value());
    }
};

// Signatures are 32 uppercase hex digits: none may show up in any output.
bool containsSign(const QByteArray &text)
{
    static const QRegularExpression sign(QStringLiteral("[0-9A-F]{32}"));
    return sign.match(QString::fromUtf8(text)).hasMatch();
}

const fpnn::Value &field(const fpnn::Value &map, const char *key)
{
    static const fpnn::Value missing(QStringLiteral("<missing>"));
    const fpnn::Value *v = map.find(key);
    return v ? *v : missing;
}

} // namespace

class TestRtmctlCall : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::unique_ptr<sandbox::SandboxServer> m_sandbox;
    QString m_auditPath;

    QProcessEnvironment baseEnv() const { return testutil::rtmctlEnvironment(kSecret, m_auditPath); }

    QStringList global(quint16 port) const
    {
        return {QStringLiteral("--endpoint"), QStringLiteral("127.0.0.1:%1").arg(port), QStringLiteral("--pid"),
                QString::number(sandbox::kDemoPid)};
    }

    Result run(const QStringList &args, const QProcessEnvironment &env, const QByteArray &input = {})
    {
        Result r;
        QProcess p;
        p.setProcessEnvironment(env);
        QSignalSpy done(&p, &QProcess::finished);
        p.start(QStringLiteral(RTMCTL_PATH), args);
        p.write(input);
        p.closeWriteChannel();
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

    // rtmctl call against the sandbox; every output is checked for the secret and signs.
    Result call(const QStringList &args, const QByteArray &input = {}, QProcessEnvironment env = {})
    {
        if (env.isEmpty())
            env = baseEnv();
        Result r = run(global(m_sandbox->port()) + QStringList{QStringLiteral("call")} + args, env, input);
        [&] {
            QVERIFY(!r.out.contains(kSecret) && !r.err.contains(kSecret));
            QVERIFY2(!containsSign(r.out) && !containsSign(r.err), QByteArray(r.out + r.err).constData());
        }();
        return r;
    }

    // Exit 0 and one JSON line: the answer.
    fpnn::Value ok(const QStringList &args, const QByteArray &input = {}, QByteArray *raw = nullptr)
    {
        const Result r = call(args, input);
        [&] {
            QVERIFY2(r.exitCode == 0, qPrintable(args.join(QLatin1Char(' ')) + QStringLiteral(" → ")
                                                 + QString::number(r.exitCode) + QLatin1Char(' ')
                                                 + QString::fromUtf8(r.out + r.err)));
            QCOMPARE(r.out.count('\n'), 1);
            QVERIFY(r.out.startsWith('{'));
        }();
        if (raw)
            *raw = r.out;
        return r.answer();
    }

    qint64 auditSize() const
    {
        const QFileInfo info(m_auditPath);
        return info.exists() ? info.size() : 0;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_auditPath = m_dir.filePath(QStringLiteral("audit.jsonl"));
        sandbox::SandboxOptions o;
        o.secret = kSecret;
        o.demoData = false;
        m_sandbox = testutil::startSandbox(o);
        QVERIFY(m_sandbox);
    }

    void helpTexts()
    {
        Result r = run({QStringLiteral("--help")}, baseEnv());
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("call METHOD"));
        r = run({QStringLiteral("call"), QStringLiteral("--help")}, baseEnv());
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("--sign"));
        QVERIFY(r.out.contains("{\"$bin\":\"<base64>\"}"));
        QVERIFY(r.out.contains("--allow-internal"));
    }

    // sendmsg signed through `call`; the typed history command then shows the message,
    // with the int64-max mid exact.
    void signedSendThenHistoryShowsIt()
    {
        QByteArray raw;
        const fpnn::Value sent = ok({"sendmsg", "--sign", "--params",
                                     "{\"mtype\":51,\"from\":301,\"to\":302,\"mid\":9223372036854775807,"
                                     "\"msg\":\"sent via call\",\"attrs\":\"{}\"}"},
                                    {}, &raw);
        QVERIFY2(field(sent, "mtime").toInt64().value_or(0) > 1600000000000LL, raw.constData());

        const Result r = run(global(m_sandbox->port()) + QStringList{"get-p2p-message", "--uid", "301", "--ouid", "302", "--num", "5"},
                             baseEnv());
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("\"messageId\":9223372036854775807"), r.out.constData());
        QVERIFY(r.out.contains("\"message\":\"sent via call\""));
    }

    // getp2pmsg through `call`: the answer's int64 fields are printed exactly.
    void historyAnswerIsExact()
    {
        QByteArray raw;
        ok({"sendmsg", "--sign", "--params",
            "{\"mtype\":51,\"from\":311,\"to\":312,\"mid\":9007199254740993,\"msg\":\"a\",\"attrs\":\"\"}"});
        const fpnn::Value answer = ok({"getp2pmsg", "--sign", "--params",
                                       "{\"uid\":311,\"ouid\":312,\"desc\":true,\"num\":10}"},
                                      {}, &raw);
        QCOMPARE(field(answer, "num").toInt64(), std::optional<std::int64_t>(1));
        const fpnn::ValueArray *rows = field(answer, "msgs").asArray();
        QVERIFY2(rows && rows->size() == 1, raw.constData());
        const fpnn::ValueArray &row = *rows->front().asArray();
        QCOMPARE(row.at(3).toInt64(), std::optional<std::int64_t>(9007199254740993LL));   // mid, above 2^53
        QCOMPARE(row.at(5).toDebugString(), fpnn::Value::str(std::string("a")).toDebugString());
        QVERIFY(raw.contains(",9007199254740993,"));
    }

    // A binary body goes in as {"$bin": base64} and comes back the same way from getmsg.
    void binaryRoundTrip()
    {
        const QByteArray body("\x00\xff\xfe\x80 bin", 8);
        const QString b64 = QString::fromLatin1(body.toBase64());
        ok({"sendmsg", "--sign", "--params",
            QStringLiteral("{\"mtype\":51,\"from\":321,\"to\":322,\"mid\":777000111,\"msg\":{\"$bin\":\"%1\"},\"attrs\":\"\"}").arg(b64)});
        QByteArray raw;
        const fpnn::Value info = ok({"getmsg", "--sign", "--params", "{\"mid\":777000111,\"from\":321,\"xid\":322,\"type\":1}"},
                                    {}, &raw);
        QVERIFY2(raw.contains(QStringLiteral("\"msg\":{\"$bin\":\"%1\"}").arg(b64).toUtf8()), raw.constData());
        QVERIFY(field(info, "msg").isBin());
        QCOMPARE(QByteArray::fromStdString(*field(info, "msg").bytes()), body);
    }

    // Without --sign nothing is added: the sandbox refuses the quest for its missing auth
    // keys, the code is shown, exit 1, nothing stored.
    void unsignedCallToSignedMethodFails()
    {
        const qint64 rows = m_sandbox->store().size();
        const QString params = "{\"mtype\":51,\"from\":331,\"to\":332,\"mid\":331001,\"msg\":\"x\",\"attrs\":\"\"}";
        Result r = call({"sendmsg", "--params", params});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.error().value("code").toInt(), int(fpnn::ProtoKeyNotFound));
        QVERIFY2(r.error().value("message").toString().contains(QStringLiteral("pid")), r.out.constData());
        // --with-pid adds the pid only: now the sign is what is missing.
        r = call({"sendmsg", "--with-pid", "--params", params});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.error().value("code").toInt(), int(fpnn::ProtoKeyNotFound));
        QVERIFY2(r.error().value("message").toString().contains(QStringLiteral("sign")), r.out.constData());
        QCOMPARE(m_sandbox->store().size(), rows);
    }

    void wrongSecretShowsAuthError()
    {
        QProcessEnvironment env = baseEnv();
        env.insert(QStringLiteral("RTM_SECRET"), QStringLiteral("wrong-secret-1111"));
        const Result r = call({"getmsg", "--sign", "--params", "{\"mid\":1,\"from\":1,\"xid\":2,\"type\":1}"}, {}, env);
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.error().value("code").toInt(), int(rtm::InvalidPidOrSign));
        QVERIFY(!r.out.contains("wrong-secret-1111") && !r.err.contains("wrong-secret-1111"));
    }

    void unknownMethodShowsFpnnError()
    {
        Result r = call({"nosuchmethod"});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.error().value("code").toInt(), int(fpnn::CoreUnknownMethod));
        QCOMPARE(r.error().value("name").toString(), QStringLiteral("FPNN_EC_CORE_UNKNOWN_METHOD"));
        r = call({"nosuchmethod", "--sign"});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.error().value("code").toInt(), int(fpnn::CoreUnknownMethod));
    }

    void internalMethodWithAllowInternal()
    {
        const fpnn::Value answer = ok({"*ping", "--allow-internal"});
        QVERIFY(field(answer, "ts").toInt64().value_or(0) > 1600000000000LL);
    }

    void usageErrorsSendNothing_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        const QString send = "{\"mtype\":51,\"from\":341,\"to\":342,\"mid\":341001,\"msg\":\"no\",\"attrs\":\"\"";
        auto row = [](const char *name, const QStringList &args, const char *message) {
            QTest::newRow(name) << args << QString::fromUtf8(message);
        };
        row("no method", {}, "call needs METHOD");
        row("empty method", {""}, "METHOD is empty");
        row("method with space", {"send msg"}, "METHOD may only hold");
        row("method with slash", {"a/b"}, "METHOD may only hold");
        row("method too long", {QString(256, QLatin1Char('m'))}, "longer than 255 bytes");
        row("internal without flag", {"*ping"}, "add --allow-internal");
        row("key exchange", {"*key", "--allow-internal"}, "*key is never sent");
        row("sign and with-pid", {"sendmsg", "--sign", "--with-pid"}, "--sign already adds pid");
        row("second positional", {"sendmsg", "extra"}, "unexpected argument");
        row("option of another command", {"sendmsg", "--uid", "1"}, "call does not take --uid");
        row("malformed json", {"sendmsg", "--sign", "--params", send}, "--params: expected ',' or '}' in the object");
        row("trailing comma", {"sendmsg", "--sign", "--params", send + ",}"}, "--params: expected a string key at line 1");
        row("array params", {"sendmsg", "--sign", "--params", "[1,2]"}, "--params must be a JSON object, not an array");
        row("string params", {"sendmsg", "--sign", "--params", "\"x\""}, "--params must be a JSON object, not a string");
        row("empty params", {"sendmsg", "--sign", "--params", ""}, "--params: no JSON value");
        row("bad base64", {"sendmsg", "--sign", "--params", "{\"mtype\":51,\"from\":341,\"to\":342,\"msg\":{\"$bin\":\"@@\"},\"attrs\":\"\"}"},
            "\"$bin\" expects standard base64");
        row("beyond uint64", {"sendmsg", "--sign", "--params", send + ",\"big\":18446744073709551616}"},
            "integer above the uint64 range");
        row("below int64", {"sendmsg", "--sign", "--params", send + ",\"big\":-9223372036854775809}"},
            "integer below the int64 range");
        row("duplicate key", {"sendmsg", "--sign", "--params", send + ",\"to\":343}"}, "duplicate key \"to\"");
        row("pid with sign", {"sendmsg", "--sign", "--params", send + ",\"pid\":1}"}, "already has \"pid\"");
        row("salt with sign", {"sendmsg", "--sign", "--params", send + ",\"salt\":1}"}, "already has \"salt\"");
        row("sign with sign", {"sendmsg", "--sign", "--params", send + ",\"sign\":\"x\"}"}, "already has \"sign\"");
        row("ts with sign", {"sendmsg", "--sign", "--params", send + ",\"ts\":1}"}, "already has \"ts\"");
        row("pid with with-pid", {"sendmsg", "--with-pid", "--params", send + ",\"pid\":1}"}, "--with-pid adds it");
        row("missing params file", {"sendmsg", "--sign", "--params", "@/nonexistent/params.json"},
            "cannot read the --params file");
    }

    void usageErrorsSendNothing()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const qint64 rows = m_sandbox->store().size();
        const qint64 audit = auditSize();
        const Result r = call(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.out.isEmpty(), r.out.constData());
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY(r.err.startsWith("rtmctl: "));
        QVERIFY2(r.err.contains(message.toUtf8()), r.err.constData());
        QCOMPARE(m_sandbox->store().size(), rows);
        QCOMPARE(auditSize(), audit);
    }

    // Nothing is sent at all on a usage error: a listener sees no connection.
    void usageErrorMakesNoConnection()
    {
        testutil::SilentServer listener;
        const Result r = run(global(listener.serverPort()) + QStringList{"call", "sendmsg", "--sign", "--params", "{\"pid\":1}"},
                             baseEnv());
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(listener.connections, 0);
    }

    void paramsFromFileAndStdin()
    {
        QFile f(m_dir.filePath(QStringLiteral("params.json")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\n  \"mtype\": 51, \"from\": 351, \"to\": 352, \"mid\": 351001,\n  \"msg\": \"from a file ✓\", \"attrs\": \"\"\n}\n");
        f.close();
        ok({"sendmsg", "--sign", "--params", "@" + f.fileName()});
        ok({"sendmsg", "--sign", "--params", "-"},
           "{\"mtype\":51,\"from\":351,\"to\":352,\"mid\":351002,\"msg\":\"from stdin\",\"attrs\":\"\"}");
        const fpnn::Value history = ok({"getp2pmsg", "--sign", "--params", "{\"uid\":351,\"ouid\":352,\"desc\":false,\"num\":5}"});
        QVERIFY(field(history, "msgs").asArray());
        const fpnn::ValueArray &rows = *field(history, "msgs").asArray();
        QCOMPARE(rows.size(), size_t(2));
        QCOMPARE(QByteArray::fromStdString(*rows[0].asArray()->at(5).bytes()), QByteArray("from a file ✓"));
        QCOMPARE(QByteArray::fromStdString(*rows[1].asArray()->at(5).bytes()), QByteArray("from stdin"));

        // Malformed JSON on stdin: position in the message, exit 2.
        const Result r = call({"sendmsg", "--sign", "--params", "-"}, "{\n\"a\": tru }");
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("at line 2, column 6"), r.err.constData());
    }

    // What goes on the wire: pid, sign, salt, ts first (signed), then the params in the
    // order written and with their exact msgpack types.
    void wireKeysTypesAndOrder()
    {
        fpnn::FpnnServer server;
        QList<fpnn::Value> seen;
        server.addMethod("probe", [&seen](const fpnn::IncomingQuest &q) {
            seen << q.payload;
            fpnn::ValueMap echo = *q.payload.asMap();   // echoed back without the auth keys
            std::erase_if(echo, [](const auto &kv) {
                return kv.first == "pid" || kv.first == "sign" || kv.first == "salt" || kv.first == "ts";
            });
            return fpnn::Answer::success(fpnn::Value(std::move(echo)));
        });
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        const QString params = "{\"zz\":18446744073709551615,\"min\":-9223372036854775808,\"f\":1.0,"
                               "\"b\":{\"$bin\":\"AAE=\"},\"s\":\"日本\",\"n\":null,\"a\":[{},[]]}";

        Result r = run(global(server.serverPort()) + QStringList{"call", "probe", "--sign", "--params", params}, baseEnv());
        QCOMPARE(r.exitCode, 0);
        QTRY_COMPARE(seen.size(), 1);
        const fpnn::ValueMap &signedMap = *seen[0].asMap();
        QStringList keys;
        for (const auto &kv : signedMap)
            keys << QString::fromStdString(kv.first);
        QCOMPARE(keys, QStringList({"pid", "sign", "salt", "ts", "zz", "min", "f", "b", "s", "n", "a"}));
        QCOMPARE(signedMap[0].second.toInt64(), std::optional<std::int64_t>(sandbox::kDemoPid));
        QCOMPARE(signedMap[4].second.toUInt64(), std::optional<std::uint64_t>(18446744073709551615ULL));
        QCOMPARE(signedMap[5].second.toInt64(), std::optional<std::int64_t>(std::numeric_limits<std::int64_t>::min()));
        QCOMPARE(signedMap[6].second.type(), fpnn::Value::Type::Float);
        QVERIFY(signedMap[7].second.isBin());
        QCOMPARE(signedMap[8].second.type(), fpnn::Value::Type::Str);
        // The sign is right for this method (the sandbox's check, made here by hand).
        const QByteArray sign = QByteArray::fromStdString(*signedMap[1].second.bytes());
        QCOMPARE(sign, rtm::computeSign(sandbox::kDemoPid, kSecret, *signedMap[2].second.toInt64(), "probe",
                                        *signedMap[3].second.toInt64()));
        // The echo prints every field back exactly, without the secret or the sign.
        QVERIFY2(r.out.contains("\"zz\":18446744073709551615,\"min\":-9223372036854775808,\"f\":1.0,"
                                "\"b\":{\"$bin\":\"AAE=\"},\"s\":\"日本\",\"n\":null,\"a\":[{},[]]}"),
                 r.out.constData());
        QVERIFY(!r.out.contains(sign) && !r.err.contains(sign));

        // Unsigned: exactly the params; --with-pid: pid first.
        r = run(global(server.serverPort()) + QStringList{"call", "probe", "--params", params}, baseEnv());
        QCOMPARE(r.exitCode, 0);
        QTRY_COMPARE(seen.size(), 2);
        QCOMPARE(seen[1].asMap()->size(), size_t(7));
        QCOMPARE(seen[1].asMap()->front().first, std::string("zz"));
        r = run(global(server.serverPort()) + QStringList{"call", "probe", "--with-pid", "--params", "{\"x\":1}"}, baseEnv());
        QCOMPARE(r.exitCode, 0);
        QTRY_COMPARE(seen.size(), 3);
        QCOMPARE(seen[2].toDebugString(), fpnn::Value(fpnn::ValueMap{{"pid", fpnn::Value(sandbox::kDemoPid)}, {"x", fpnn::Value(1)}})
                                              .toDebugString());
    }

    // FPNN maps have string keys only (protocol.md 1.3): an answer with an integer key is
    // refused as an invalid package (20009), not printed in some made-up form.
    void nonStringKeyAnswerIsRefused()
    {
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        QByteArray received;
        connect(&server, &QTcpServer::newConnection, this, [&] {
            QTcpSocket *s = server.nextPendingConnection();
            connect(s, &QTcpSocket::readyRead, s, [s, &received] {
                received += s->readAll();
                if (received.size() < 16)
                    return;
                const quint32 psize = qFromLittleEndian<quint32>(received.constData() + 8);
                if (received.size() < 16 + quint8(received.at(7)) + qsizetype(psize))
                    return;
                // Answer header: magic, version 1, msgpack, answer, status 0, psize 3, the seq;
                // payload {1: 1}.
                QByteArray answer("FPNN\x01\x80\x02\x00\x03\x00\x00\x00", 12);
                answer += received.mid(12, 4);
                answer += QByteArray("\x81\x01\x01", 3);
                s->write(answer);
            });
        });
        const Result r = run(global(server.serverPort()) + QStringList{"call", "probe"}, baseEnv());
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.error().value("code").toInt(), int(fpnn::CoreInvalidPackage));
        QVERIFY2(r.error().value("message").toString().contains(QStringLiteral("key")), r.out.constData());
    }

    // An unsigned call needs no secret (and no pid); the secret is not even read.
    void unsignedCallNeedsNoSecret()
    {
        QProcessEnvironment env = baseEnv();
        env.remove(QStringLiteral("RTM_SECRET"));
        const Result r = run({"--endpoint", QStringLiteral("127.0.0.1:%1").arg(m_sandbox->port()), "call", "nosuchmethod"}, env);
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.error().value("code").toInt(), int(fpnn::CoreUnknownMethod));
        const Result s = run({"--endpoint", QStringLiteral("127.0.0.1:%1").arg(m_sandbox->port()), "--pid", "11000001", "call",
                              "getmsg", "--sign"},
                             env);
        QCOMPARE(s.exitCode, 2);
        QVERIFY(s.err.contains("no secret"));
    }

    void connectionFailureShowsCode()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close();
        const Result r = run(global(port) + QStringList{"call", "getmsg", "--sign"}, baseEnv());
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.error().value("code").toInt(), int(fpnn::CoreInvalidConnection));
    }

    // Debug logging on: still neither the secret nor a sign in any output.
    void verboseOutputHidesSecretAndSign()
    {
        QProcessEnvironment env = baseEnv();
        env.insert(QStringLiteral("RTM_VERBOSE"), QStringLiteral("1"));
        env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("*.debug=true"));
        const Result r = call({"getmsg", "--sign", "--params", "{\"mid\":5,\"from\":1,\"xid\":2,\"type\":1}"}, {}, env);
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.error().value("code").toInt(), int(rtm::MessageNotFound));
        QVERIFY2(r.err.contains("getmsg"), r.err.constData());   // the debug log did run
    }

    // Every call leaves an attempt and an outcome line (the method may change data).
    void callsAreAudited()
    {
        const QString path = m_dir.filePath(QStringLiteral("call-audit.jsonl"));
        QProcessEnvironment env = baseEnv();
        env.insert(QStringLiteral("RTM_AUDIT_LOG"), path);
        Result r = call({"delmsg", "--sign", "--params", "{\"mid\":9223372036854775001,\"from\":1,\"xid\":2,\"type\":1}"}, {}, env);
        QCOMPARE(r.exitCode, 1);   // no such message
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = f.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        const QJsonObject attempt = QJsonDocument::fromJson(lines[0]).object();
        const QJsonObject outcome = QJsonDocument::fromJson(lines[1]).object();
        QCOMPARE(attempt.value("event").toString(), QStringLiteral("attempt"));
        QCOMPARE(attempt.value("action").toString(), QStringLiteral("delmsg"));
        QVERIFY(lines[0].contains("\"mid\":9223372036854775001"));
        QCOMPARE(outcome.value("outcome").toString(), QStringLiteral("RTM_EC_MESSAGE_NOT_FOUND"));
        QCOMPARE(outcome.value("attemptId"), attempt.value("attemptId"));

        // An audit log that cannot be written: nothing is sent.
        env.insert(QStringLiteral("RTM_AUDIT_LOG"), QStringLiteral("/dev/full"));
        const qint64 rows = m_sandbox->store().size();
        r = call({"sendmsg", "--sign", "--params", "{\"mtype\":51,\"from\":361,\"to\":362,\"mid\":361001,\"msg\":\"x\",\"attrs\":\"\"}"}, {}, env);
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.error().value("code").toInt(), int(rtm::AuditLogUnavailable));
        QCOMPARE(m_sandbox->store().size(), rows);
    }
};

QTEST_GUILESS_MAIN(TestRtmctlCall)
#include "tst_rtmctl_call.moc"
