// The audit log: attempt + outcome lines, written through, thread-safe, exact mids,
// outcome "unknown — check by mid" when a send/delete may or may not have happened.

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include "servicetestutil.h"
#include "service/auditlog.h"
#include "service/blockingcall.h"
#include "service/rtmsession.h"

using service::AuditLog;
using service::AuditRecord;
using service::RtmSession;

namespace {

QList<QByteArray> readLines(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QList<QByteArray> lines = f.readAll().split('\n');
    if (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    return lines;
}

QJsonObject parse(const QByteArray &line)
{
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(line, &err);
    if (err.error != QJsonParseError::NoError)
        qWarning() << "bad JSON line" << line;
    return doc.object();
}

} // namespace

class TestAuditLog : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString path(const char *name) const { return m_dir.filePath(QString::fromLatin1(name)); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QStandardPaths::setTestModeEnabled(true);
    }

    void attemptAndOutcomeLines()
    {
        AuditLog log(path("direct.jsonl"));
        const qint64 mid = 914086719940272129LL;   // > 2^53: must be written exactly
        const AuditRecord rec{QStringLiteral("prod"), QStringLiteral("rtm.example:13321"), 11000001,
                              QStringLiteral("sendgroupmsg"), QStringLiteral("group 42"), mid};
        const QString id = log.writeAttempt(rec);
        QVERIFY(!id.isEmpty());
        // Written through: visible to a reader right away, with the writer still open.
        QList<QByteArray> lines = readLines(log.path());
        QCOMPARE(lines.size(), 1);
        QVERIFY(log.writeOutcome(id, rec, rtm::RtmError()));
        lines = readLines(log.path());
        QCOMPARE(lines.size(), 2);

        const QJsonObject a = parse(lines[0]);
        const QJsonObject o = parse(lines[1]);
        QCOMPARE(a.value(QStringLiteral("event")).toString(), QStringLiteral("attempt"));
        QCOMPARE(o.value(QStringLiteral("event")).toString(), QStringLiteral("outcome"));
        QCOMPARE(a.value(QStringLiteral("attemptId")).toString(), id);
        QCOMPARE(o.value(QStringLiteral("attemptId")).toString(), id);
        for (const QJsonObject &x : {a, o}) {
            QCOMPARE(x.value(QStringLiteral("profile")).toString(), QStringLiteral("prod"));
            QCOMPARE(x.value(QStringLiteral("endpoint")).toString(), QStringLiteral("rtm.example:13321"));
            QCOMPARE(x.value(QStringLiteral("pid")).toInteger(), 11000001);
            QCOMPARE(x.value(QStringLiteral("action")).toString(), QStringLiteral("sendgroupmsg"));
            QCOMPARE(x.value(QStringLiteral("target")).toString(), QStringLiteral("group 42"));
            QCOMPARE(x.value(QStringLiteral("user")).toString(), AuditLog::operatingSystemUser());
            const QString time = x.value(QStringLiteral("time")).toString();
            QVERIFY2(QRegularExpression(QStringLiteral("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z$"))
                         .match(time).hasMatch(), qPrintable(time));
        }
        QVERIFY(lines[0].contains("\"mid\":914086719940272129"));
        QVERIFY(lines[1].contains("\"mid\":914086719940272129"));
        QCOMPARE(o.value(QStringLiteral("outcome")).toString(), QStringLiteral("ok"));
        QCOMPARE(o.value(QStringLiteral("code")).toInt(), 0);
    }

    void outcomeTexts()
    {
        QCOMPARE(AuditLog::outcomeText(rtm::RtmError()), QStringLiteral("ok"));
        QCOMPARE(AuditLog::outcomeText(rtm::RtmError::fromCode(20003)), QStringLiteral("unknown — check by mid"));
        QCOMPARE(AuditLog::outcomeText(rtm::RtmError::fromCode(20002)), QStringLiteral("unknown — check by mid"));
        QCOMPARE(AuditLog::outcomeText(rtm::RtmError::fromCode(200053)), QStringLiteral("RTM_EC_DUPLCATED_MID"));
    }

    void pathFromEnvironment()
    {
        qputenv("RTM_AUDIT_LOG", path("env.jsonl").toUtf8());
        QCOMPARE(AuditLog::defaultPath(), path("env.jsonl"));
        AuditLog log;
        QCOMPARE(log.path(), path("env.jsonl"));
        log.setPath(path("set.jsonl"));
        QCOMPARE(log.path(), path("set.jsonl"));
        qunsetenv("RTM_AUDIT_LOG");
        QVERIFY(AuditLog::defaultPath().endsWith(QStringLiteral("/rtm-console/audit.jsonl")));
    }

    void threadSafe()
    {
        AuditLog log(path("threads.jsonl"));
        QList<QThread *> threads;
        for (int t = 0; t < 4; ++t) {
            threads << QThread::create([&log, t] {
                for (int i = 0; i < 25; ++i) {
                    const AuditRecord rec{QStringLiteral("p"), QStringLiteral("h:1"), 1, QStringLiteral("delmsg"),
                                          QStringLiteral("t%1").arg(t), qint64(t * 1000 + i)};
                    log.writeOutcome(log.writeAttempt(rec), rec, rtm::RtmError());
                }
            });
            threads.last()->start();
        }
        for (QThread *t : threads) {
            QVERIFY(t->wait(30000));
            delete t;
        }
        const QList<QByteArray> lines = readLines(log.path());
        QCOMPARE(lines.size(), 200);
        for (const QByteArray &l : lines)
            QVERIFY(!parse(l).isEmpty());
    }

    void sessionWritesSendsAndDeletes()
    {
        const QByteArray secret = "audit-secret-value-1234";
        sandbox::SandboxOptions o;
        o.secret = secret;
        auto sb = testutil::startSandbox(o);
        QVERIFY(sb);
        AuditLog log(path("session.jsonl"));
        RtmSession session(testutil::configFor(sb->port(), secret));
        session.setAuditLog(&log);

        const auto sent = service::waitForReply(session.sendMessage(51, 7, 8, rtm::MessageBody("hi"), "{}"));
        QVERIFY(sent.ok());
        const auto read = service::waitForReply(session.getP2PMessageInfo(sent.send.mid, 7, 8));   // not audited
        QVERIFY(read.ok());
        const auto del = service::waitForReply(session.deleteP2PMessage(sent.send.mid, 7, 8));
        QVERIFY(del.ok());
        const auto dup = service::waitForReply(session.sendMessage(51, 7, 8, rtm::MessageBody("hi"), "{}", sent.send.mid));
        QCOMPARE(dup.error.code, int(rtm::DuplicatedMid));

        const QList<QByteArray> lines = readLines(log.path());
        QCOMPARE(lines.size(), 6);
        const QByteArray midText = QByteArray::number(sent.send.mid);
        QStringList actions;
        for (const QByteArray &l : lines) {
            QVERIFY(!l.contains(secret));
            QVERIFY(l.contains(QByteArray(QByteArray("\"mid\":") + midText)));
            actions << parse(l).value(QStringLiteral("action")).toString();
        }
        QCOMPARE(actions, QStringList({"sendmsg", "sendmsg", "delmsg", "delmsg", "sendmsg", "sendmsg"}));
        QCOMPARE(parse(lines[1]).value(QStringLiteral("outcome")).toString(), QStringLiteral("ok"));
        QCOMPARE(parse(lines[3]).value(QStringLiteral("outcome")).toString(), QStringLiteral("ok"));
        QCOMPARE(parse(lines[5]).value(QStringLiteral("outcome")).toString(), QStringLiteral("RTM_EC_DUPLCATED_MID"));
        QCOMPARE(parse(lines[0]).value(QStringLiteral("profile")).toString(), QStringLiteral("test-profile"));
        QCOMPARE(parse(lines[0]).value(QStringLiteral("attemptId")), parse(lines[1]).value(QStringLiteral("attemptId")));
        QVERIFY(parse(lines[0]).value(QStringLiteral("attemptId")) != parse(lines[2]).value(QStringLiteral("attemptId")));
    }

    void timeoutIsUnknownCheckByMid()
    {
        testutil::SilentServer silent;
        AuditLog log(path("timeout.jsonl"));
        RtmSession session(testutil::configFor(silent.serverPort()));
        session.setAuditLog(&log);
        const auto r = service::waitForReply(
            session.sendGroupMessage(51, 1, 2, rtm::MessageBody("lost?"), "{}", 123456789012345678LL, 300));
        QCOMPARE(r.error.code, 20003);
        const QList<QByteArray> lines = readLines(log.path());
        QCOMPARE(lines.size(), 2);
        const QJsonObject outcome = parse(lines[1]);
        QCOMPARE(outcome.value(QStringLiteral("outcome")).toString(), QStringLiteral("unknown — check by mid"));
        QCOMPARE(outcome.value(QStringLiteral("code")).toInt(), 20003);
        QVERIFY(lines[1].contains("\"mid\":123456789012345678"));
    }

    void abortedBeforeSendingWritesNothing()
    {
        testutil::SilentServer silent;
        AuditLog log(path("aborted.jsonl"));
        RtmSession session(testutil::configFor(silent.serverPort()));
        session.setAuditLog(&log);
        service::RtmReply *r = session.deleteGroupMessage(5, 1, 2);
        r->abort();   // still queued: never sent
        // A later request passing through the queue shows the pump ran past the aborted one.
        const auto later = service::waitForReply(session.getMessageNum(rtm::MessageCategory::Group, 2, {}, 0, 0, 200));
        QCOMPARE(later.error.code, 20003);
        QVERIFY(readLines(log.path()).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestAuditLog)
#include "tst_auditlog.moc"
