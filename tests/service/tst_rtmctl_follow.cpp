// rtmctl get-group-message --follow against the real rtm-devserver: the first answer, then
// every message sent afterwards by another client as one JSON line, oldest first, once each
// (a burst larger than a page included); Ctrl-C (SIGINT) ends it with exit 0; misuse is a
// usage error that sends nothing.

#include <csignal>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include "servicetestutil.h"
#include "service/blockingcall.h"
#include "service/rtmsession.h"

namespace {
constexpr qint64 kGid = 8801;
const QByteArray kSecret = QByteArrayLiteral("follow-test-secret-1234");
} // namespace

class TestRtmctlFollow : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QProcess m_server;
    quint16 m_port = 0;
    std::unique_ptr<service::RtmSession> m_sender;

    QProcessEnvironment env() const
    {
        return testutil::rtmctlEnvironment(kSecret, m_dir.filePath(QStringLiteral("audit.jsonl")));
    }

    QStringList ctl(const QStringList &args) const
    {
        return QStringList{QStringLiteral("--endpoint"), QStringLiteral("127.0.0.1:%1").arg(m_port),
                           QStringLiteral("--pid"), QString::number(sandbox::kDemoPid)} + args;
    }

    QList<qint64> send(int count, const QString &prefix)
    {
        QList<qint64> mids;
        for (int i = 0; i < count; ++i) {
            const service::ReplyResult r = service::waitForReply(m_sender->sendGroupMessage(
                51, 7001, kGid, rtm::MessageBody::text(QStringLiteral("%1 %2").arg(prefix).arg(i)), QByteArrayLiteral("{}")));
            if (!r.ok())
                return {};
            mids << r.send.mid;
        }
        return mids;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QProcessEnvironment serverEnv = env();
        m_server.setProcessEnvironment(serverEnv);
        m_server.start(QStringLiteral(RTM_DEVSERVER_PATH), {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")});
        QVERIFY(QTest::qWaitFor([&] { return m_server.canReadLine() || m_server.state() == QProcess::NotRunning; }, 30000));
        static const QRegularExpression re(QStringLiteral("^listening on \\S+:(\\d+)$"));
        const auto m = re.match(QString::fromUtf8(m_server.readLine().trimmed()));
        m_port = m.hasMatch() ? quint16(m.captured(1).toUInt()) : 0;
        QVERIFY2(m_port, m_server.readAllStandardError().constData());
        service::SessionConfig c = testutil::configFor(m_port, kSecret);
        m_sender = std::make_unique<service::RtmSession>(c);
        m_sender->setAuditLog(nullptr);
    }

    void cleanupTestCase()
    {
        m_sender.reset();
        m_server.terminate();
        m_server.waitForFinished(10000);
    }

    void followPrintsNewMessagesOnceUntilCtrlC()
    {
        const QList<qint64> before = send(2, QStringLiteral("before"));
        QCOMPARE(before.size(), 2);

        QProcess follow;
        follow.setProcessEnvironment(env());
        follow.start(QStringLiteral(RTMCTL_PATH),
                     ctl({QStringLiteral("get-group-message"), QStringLiteral("--uid"), QStringLiteral("1001"),
                          QStringLiteral("--gid"), QString::number(kGid), QStringLiteral("--num"), QStringLiteral("20"),
                          QStringLiteral("--desc"), QStringLiteral("--follow")}));
        QVERIFY(follow.waitForStarted(10000));
        QVERIFY(QTest::qWaitFor([&] { return follow.canReadLine() || follow.state() == QProcess::NotRunning; }, 30000));
        const QJsonObject first = QJsonDocument::fromJson(follow.readLine()).object();
        QCOMPARE(first.value(QStringLiteral("messages")).toArray().size(), 2);

        // More than a page between two checks: all of them, in order, once.
        const QList<qint64> sent = send(25, QStringLiteral("live"));
        QCOMPARE(sent.size(), 25);
        QList<qint64> printed;
        QVERIFY2(QTest::qWaitFor([&] {
                     // Ids as written (19 digits: a JSON double would round them).
                     static const QRegularExpression mid(QStringLiteral("\"messageId\":\\s*(\\d+)"));
                     while (follow.canReadLine())
                         printed << mid.match(QString::fromUtf8(follow.readLine())).captured(1).toLongLong();
                     return printed.size() >= sent.size() || follow.state() == QProcess::NotRunning;
                 }, 60000),
                 follow.readAllStandardError().constData());
        QCOMPARE(printed, sent);

        // Ctrl-C ends it cleanly.
        ::kill(pid_t(follow.processId()), SIGINT);
        QVERIFY(follow.waitForFinished(20000));
        QCOMPARE(follow.exitStatus(), QProcess::NormalExit);
        QCOMPARE(follow.exitCode(), 0);
        const QByteArray rest = follow.readAll() + follow.readAllStandardError();
        QVERIFY2(rest.trimmed().isEmpty(), rest.constData());   // nothing printed twice, no error
        QVERIFY(!rest.contains(kSecret));
    }

    // The server goes away and comes back (same port, same journal): the failed checks are
    // reported on stderr, following goes on, and what was sent meanwhile is printed once.
    void serverRestartIsReportedAndSurvived()
    {
        const QString journal = m_dir.filePath(QStringLiteral("restart.journal"));
        const auto startServer = [&](QProcess &server, quint16 port) -> quint16 {
            server.setProcessEnvironment(env());
            server.start(QStringLiteral(RTM_DEVSERVER_PATH),
                         {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(port), QStringLiteral("--data"), journal});
            if (!QTest::qWaitFor([&] { return server.canReadLine() || server.state() == QProcess::NotRunning; }, 30000))
                return 0;
            static const QRegularExpression re(QStringLiteral("^listening on \\S+:(\\d+)$"));
            const auto m = re.match(QString::fromUtf8(server.readLine().trimmed()));
            return m.hasMatch() ? quint16(m.captured(1).toUInt()) : 0;
        };
        QProcess server;
        const quint16 port = startServer(server, 0);
        QVERIFY(port);
        service::RtmSession sender(testutil::configFor(port, kSecret));
        sender.setAuditLog(nullptr);
        QVERIFY(service::waitForReply(sender.sendGroupMessage(51, 7001, kGid, rtm::MessageBody::text(QStringLiteral("first")), QByteArrayLiteral("{}"))).ok());

        QProcess follow;
        follow.setProcessEnvironment(env());
        follow.start(QStringLiteral(RTMCTL_PATH),
                     QStringList{QStringLiteral("--endpoint"), QStringLiteral("127.0.0.1:%1").arg(port), QStringLiteral("--pid"),
                                 QString::number(sandbox::kDemoPid), QStringLiteral("get-group-message"), QStringLiteral("--uid"),
                                 QStringLiteral("1001"), QStringLiteral("--gid"), QString::number(kGid), QStringLiteral("--num"),
                                 QStringLiteral("20"), QStringLiteral("--desc"), QStringLiteral("--follow")});
        QVERIFY(QTest::qWaitFor([&] { return follow.canReadLine() || follow.state() == QProcess::NotRunning; }, 30000));
        QCOMPARE(QJsonDocument::fromJson(follow.readLine()).object().value(QStringLiteral("messages")).toArray().size(), 1);

        server.terminate();
        QVERIFY(server.waitForFinished(20000));
        QByteArray err;
        QVERIFY2(QTest::qWaitFor([&] {
                     err += follow.readAllStandardError();
                     return err.contains("next try in") || follow.state() == QProcess::NotRunning;
                 }, 60000),
                 err.constData());
        QCOMPARE(follow.state(), QProcess::Running);

        QProcess again;
        QCOMPARE(startServer(again, port), port);
        const service::ReplyResult r = service::waitForReply(
            sender.sendGroupMessage(51, 7001, kGid, rtm::MessageBody::text(QStringLiteral("after restart")), QByteArrayLiteral("{}")));
        QVERIFY(r.ok());
        QByteArray line;
        QVERIFY2(QTest::qWaitFor([&] {
                     if (follow.canReadLine())
                         line = follow.readLine();
                     return !line.isEmpty() || follow.state() == QProcess::NotRunning;
                 }, 90000),
                 follow.readAllStandardError().constData());
        QVERIFY2(line.contains("after restart") && line.contains(QByteArray::number(r.send.mid)), line.constData());

        ::kill(pid_t(follow.processId()), SIGINT);
        QVERIFY(follow.waitForFinished(20000));
        QCOMPARE(follow.exitCode(), 0);
        QVERIFY(follow.readAllStandardOutput().trimmed().isEmpty());   // printed once
        again.terminate();
        QVERIFY(again.waitForFinished(20000));
    }

    void misuseIsAUsageError_data()
    {
        QTest::addColumn<QStringList>("extra");
        QTest::newRow("oldest first") << QStringList{};
        QTest::newRow("pinned end") << QStringList{QStringLiteral("--desc"), QStringLiteral("--end"), QStringLiteral("1700000000000")};
        QTest::newRow("from a cursor") << QStringList{QStringLiteral("--desc"), QStringLiteral("--lastid"), QStringLiteral("5")};
    }
    void misuseIsAUsageError()
    {
        QFETCH(QStringList, extra);
        QProcess p;
        p.setProcessEnvironment(env());
        p.start(QStringLiteral(RTMCTL_PATH),
                ctl(QStringList{QStringLiteral("get-group-message"), QStringLiteral("--uid"), QStringLiteral("1001"),
                                QStringLiteral("--gid"), QString::number(kGid), QStringLiteral("--num"), QStringLiteral("5"),
                                QStringLiteral("--follow")} + extra));
        QVERIFY(p.waitForFinished(20000));
        QCOMPARE(p.exitCode(), 2);
        QVERIFY(p.readAllStandardOutput().isEmpty());
        QVERIFY(p.readAllStandardError().contains("--follow"));
    }
};

QTEST_GUILESS_MAIN(TestRtmctlFollow)
#include "tst_rtmctl_follow.moc"
