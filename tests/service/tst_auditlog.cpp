// The audit log: attempt + outcome lines, written through by the writer thread in order,
// thread-safe, exact mids, outcome "unknown — check by mid" when a send/delete may or may
// not have happened, and fail closed: no attempt line on disk, no request on the wire.

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSemaphore>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>
#include <cerrno>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fpnn/fpnnserver.h"

#include "servicetestutil.h"
#include "service/auditlog.h"
#include "service/blockingcall.h"
#include "service/rtmsession.h"

using namespace Qt::StringLiterals;

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
        const AuditLog::PendingLine attempt = log.writeAttempt(rec);
        const QString id = attempt.attemptId;
        QVERIFY(!id.isEmpty());
        // Written through: visible to a reader once the future says so, with the file still open.
        QVERIFY(attempt.written.result().ok);
        QList<QByteArray> lines = readLines(log.path());
        QCOMPARE(lines.size(), 1);
        QVERIFY(log.writeOutcome(id, rec, rtm::RtmError()).result().ok);
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
                    log.writeOutcome(log.writeAttempt(rec).attemptId, rec, rtm::RtmError());
                }
            });
            threads.last()->start();
        }
        for (QThread *t : threads) {
            QVERIFY(t->wait(30000));
            delete t;
        }
        QVERIFY(log.flush());
        const QList<QByteArray> lines = readLines(log.path());
        QCOMPARE(lines.size(), 200);
        // Queue order is file order: each attempt line comes before its outcome line.
        QSet<QString> attempted;
        for (const QByteArray &l : lines) {
            const QJsonObject o = parse(l);
            QVERIFY(!o.isEmpty());
            const QString id = o.value(QStringLiteral("attemptId")).toString();
            if (o.value(QStringLiteral("event")).toString() == QLatin1String("attempt"))
                attempted.insert(id);
            else
                QVERIFY2(attempted.contains(id), "outcome before its attempt");
        }
        QCOMPARE(attempted.size(), 100);
    }

    // Group commit: while the writer syncs one line, lines queued from several threads pile
    // up; the writer then writes them all and syncs once. Each future finishes ok only after
    // that sync returned, and the file keeps each thread's submission order.
    void linesQueuedMeanwhileShareOneSync()
    {
        // What the sync function uses outlives the log (its writer thread calls it).
        QSemaphore entered, gate;
        QList<QFuture<service::AuditWriteResult>> group;
        std::atomic<int> calls = 0;
        std::atomic<int> linesOnDiskAtGroupSync = -1;
        std::atomic<bool> groupFinishedBeforeSync = false;
        AuditLog log(path("group.jsonl"));
        log.setSyncFunction([&](int fd) {
            if (++calls == 1) {
                entered.release();
                gate.acquire();   // hold the writer until the other lines are queued
            } else {
                linesOnDiskAtGroupSync = int(readLines(log.path()).size());
                for (const auto &f : group)
                    if (f.isFinished())
                        groupFinishedBeforeSync = true;
            }
            return ::fdatasync(fd);
        });
        const auto releaseWriter = qScopeGuard([&] { gate.release(1000); });   // also when a check fails

        const AuditRecord first{QStringLiteral("p"), QStringLiteral("h:1"), 1, QStringLiteral("delmsg"),
                                QStringLiteral("first"), 1};
        const AuditLog::PendingLine firstLine = log.writeAttempt(first);
        QVERIFY(entered.tryAcquire(1, 30000));
        QVERIFY(!firstLine.written.isFinished());   // its sync has not returned yet

        constexpr int threadCount = 4, pairsPerThread = 25;
        QList<QList<QFuture<service::AuditWriteResult>>> perThread(threadCount);
        QList<QThread *> threads;
        for (int t = 0; t < threadCount; ++t) {
            threads << QThread::create([&log, &perThread, t] {
                for (int i = 0; i < pairsPerThread; ++i) {
                    const AuditRecord rec{QStringLiteral("p"), QStringLiteral("h:1"), 1, QStringLiteral("delmsg"),
                                          QStringLiteral("t%1").arg(t), qint64(t * 1000 + i)};
                    const AuditLog::PendingLine attempt = log.writeAttempt(rec);
                    perThread[t] << attempt.written << log.writeOutcome(attempt.attemptId, rec, rtm::RtmError());
                }
            });
            threads.last()->start();
        }
        for (QThread *t : threads) {
            QVERIFY(t->wait(30000));
            delete t;
        }
        for (const auto &futures : perThread)
            group << futures;
        QCOMPARE(group.size(), threadCount * pairsPerThread * 2);
        gate.release();

        QVERIFY(firstLine.written.result().ok);
        for (const auto &f : group)
            QVERIFY(f.result().ok);
        QVERIFY(log.flush());
        QCOMPARE(log.syncCount(), quint64(2));   // one for the first line, one for all the others
        QCOMPARE(calls.load(), 2);
        QCOMPARE(linesOnDiskAtGroupSync.load(), 1 + int(group.size()));   // written before the sync
        QVERIFY2(!groupFinishedBeforeSync, "a line was acknowledged before its sync returned");

        const QList<QByteArray> lines = readLines(log.path());
        QCOMPARE(lines.size(), 1 + int(group.size()));
        QCOMPARE(parse(lines[0]).value(QStringLiteral("target")).toString(), QStringLiteral("first"));
        QList<QStringList> seen(threadCount);   // "attempt 3", "outcome 3", ... per thread
        for (int n = 1; n < lines.size(); ++n) {
            const QJsonObject o = parse(lines[n]);
            const int t = o.value(QStringLiteral("target")).toString().mid(1).toInt();
            QVERIFY(t >= 0 && t < threadCount);
            seen[t] << QStringLiteral("%1 %2").arg(o.value(QStringLiteral("event")).toString())
                           .arg(o.value(QStringLiteral("mid")).toInteger() - t * 1000);
        }
        for (int t = 0; t < threadCount; ++t) {
            QStringList expected;
            for (int i = 0; i < pairsPerThread; ++i)
                expected << QStringLiteral("attempt %1").arg(i) << QStringLiteral("outcome %1").arg(i);
            QCOMPARE(seen[t], expected);
        }
    }

    // A failed sync fails every line of its group (fail closed): none of them is reported
    // ok, flush() says so, and the next line is written and synced again.
    void failedSyncFailsTheWholeGroup()
    {
        QSemaphore entered, gate;
        std::atomic<int> calls = 0;
        AuditLog log(path("groupfail.jsonl"));
        log.setSyncFunction([&](int fd) {
            const int call = ++calls;
            if (call == 1) {
                entered.release();
                gate.acquire();
            } else if (call == 2) {
                errno = EIO;   // the group's sync fails
                return -1;
            }
            return ::fdatasync(fd);
        });
        const auto releaseWriter = qScopeGuard([&] { gate.release(1000); });

        const AuditRecord rec{QStringLiteral("p"), QStringLiteral("h:1"), 1, QStringLiteral("delmsg"),
                              QStringLiteral("g"), 7};
        const AuditLog::PendingLine first = log.writeAttempt(rec);
        QVERIFY(entered.tryAcquire(1, 30000));
        QList<QFuture<service::AuditWriteResult>> group;
        for (int i = 0; i < 10; ++i) {
            const AuditLog::PendingLine attempt = log.writeAttempt(rec);
            group << attempt.written << log.writeOutcome(attempt.attemptId, rec, rtm::RtmError());
        }
        gate.release();

        QVERIFY(first.written.result().ok);
        for (const auto &f : group) {
            const service::AuditWriteResult r = f.result();
            QVERIFY(!r.ok);
            QVERIFY2(r.error.startsWith(QStringLiteral("cannot write the audit log")), qPrintable(r.error));
            QVERIFY2(r.error.contains(qt_error_string(EIO)), qPrintable(r.error));
        }
        QVERIFY(!log.flush());
        QVERIFY(!log.lastError().isEmpty());
        QCOMPARE(log.syncCount(), quint64(2));

        QVERIFY(log.writeAttempt(rec).written.result().ok);   // reopened, synced again
        QVERIFY(log.flush());
        QVERIFY(log.lastError().isEmpty());
        QCOMPARE(log.syncCount(), quint64(3));
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

        const auto sent = service::waitForReply(session.sendMessage(51, 7, 8, rtm::MessageBody::text(QStringLiteral("hi")), "{}"));
        QVERIFY(sent.ok());
        const auto read = service::waitForReply(session.getP2PMessageInfo(sent.send.mid, 7, 8));   // not audited
        QVERIFY(read.ok());
        const auto del = service::waitForReply(session.deleteP2PMessage(sent.send.mid, 7, 8));
        QVERIFY(del.ok());
        const auto dup = service::waitForReply(session.sendMessage(51, 7, 8, rtm::MessageBody::text(QStringLiteral("hi")), "{}", sent.send.mid));
        QCOMPARE(dup.error.code, int(rtm::DuplicatedMid));

        QVERIFY(log.flush());   // the last outcome line may still be with the writer thread
        const QList<QByteArray> lines = readLines(log.path());
        QCOMPARE(lines.size(), 6);
        const QByteArray midText = QByteArray::number(sent.send.mid);
        QStringList actions;
        for (const QByteArray &l : lines) {
            QVERIFY(!l.contains(secret));
            QVERIFY(l.contains(QByteArray(QByteArray("\"mid\":") + midText)));
            actions << parse(l).value(QStringLiteral("action")).toString();
        }
        QCOMPARE(actions, QStringList({u"sendmsg"_s, u"sendmsg"_s, u"delmsg"_s, u"delmsg"_s, u"sendmsg"_s, u"sendmsg"_s}));
        QCOMPARE(parse(lines[1]).value(QStringLiteral("outcome")).toString(), QStringLiteral("ok"));
        QCOMPARE(parse(lines[3]).value(QStringLiteral("outcome")).toString(), QStringLiteral("ok"));
        QCOMPARE(parse(lines[5]).value(QStringLiteral("outcome")).toString(), QStringLiteral("RTM_EC_DUPLCATED_MID"));
        QCOMPARE(parse(lines[0]).value(QStringLiteral("profile")).toString(), QStringLiteral("test-profile"));
        QCOMPARE(parse(lines[0]).value(QStringLiteral("attemptId")), parse(lines[1]).value(QStringLiteral("attemptId")));
        QVERIFY(parse(lines[0]).value(QStringLiteral("attemptId")) != parse(lines[2]).value(QStringLiteral("attemptId")));
    }

    // The attempt line of a send holds what was sent, that of a delete what the caller read
    // before deleting (text exactly, non-ASCII included; binary as base64 with a marker),
    // and both come before their outcome lines. The secret never appears.
    void attemptLinesHoldTheContent()
    {
        const QByteArray secret = "content-secret-value-5678";
        sandbox::SandboxOptions o;
        o.secret = secret;
        auto sb = testutil::startSandbox(o);
        QVERIFY(sb);
        AuditLog log(path("content.jsonl"));
        RtmSession session(testutil::configFor(sb->port(), secret));
        session.setAuditLog(&log);

        const QString text = QStringLiteral("héllo 世界 🚀 \"quoted\"\nline two\t\\");
        const QByteArray binary("\x00\x01\xff\xfe" "bin", 7);
        const auto sentText = service::waitForReply(
            session.sendGroupMessage(51, 7, 42, rtm::MessageBody::text(text), R"({"k":"värde"})"));
        QVERIFY(sentText.ok());
        const auto sentBin = service::waitForReply(session.sendGroupMessage(52, 7, 42, rtm::MessageBody::binary(binary), "{}"));
        QVERIFY(sentBin.ok());
        const auto info = service::waitForReply(session.getGroupMessageInfo(sentBin.send.mid, 7, 42));
        QVERIFY(info.ok());
        const auto delText = service::waitForReply(session.deleteGroupMessage(
            sentText.send.mid, 7, 42, 0,
            service::AuditContent::captured(51, text.toUtf8(), false, QByteArrayLiteral(R"({"k":"värde"})"))));
        QVERIFY(delText.ok());
        const auto delBin = service::waitForReply(session.deleteMessage(
            rtm::MessageCategory::Group, sentBin.send.mid, 7, 42, 0,
            service::AuditContent::captured(info.info.messageType, info.info.message, info.info.messageIsBinary, info.info.attrs)));
        QVERIFY(delBin.ok());
        const auto delUnread = service::waitForReply(session.deleteGroupMessage(
            123456, 7, 42, 0, service::AuditContent::notCaptured(QStringLiteral("getmsg failed: 200070"))));
        Q_UNUSED(delUnread)

        QVERIFY(log.flush());
        const QList<QByteArray> lines = readLines(log.path());
        QCOMPARE(lines.size(), 10);
        for (const QByteArray &l : lines)
            QVERIFY(!l.contains(secret));
        // send text, send binary, delete text, delete binary, delete unread: attempt then outcome.
        for (int i = 0; i < 10; i += 2) {
            QCOMPARE(parse(lines[i]).value(QStringLiteral("event")).toString(), QStringLiteral("attempt"));
            QCOMPARE(parse(lines[i + 1]).value(QStringLiteral("event")).toString(), QStringLiteral("outcome"));
            QVERIFY(!parse(lines[i + 1]).contains(QStringLiteral("content")));
        }
        const auto content = [&](int i) { return parse(lines[i]).value(QStringLiteral("content")).toObject(); };
        for (int i : {0, 4}) {
            QCOMPARE(content(i).value(QStringLiteral("message")).toString(), text);
            QCOMPARE(content(i).value(QStringLiteral("mtype")).toInt(), 51);
            QCOMPARE(content(i).value(QStringLiteral("attrs")).toString(), QStringLiteral(R"({"k":"värde"})"));
            QVERIFY(!content(i).contains(QStringLiteral("messageEncoding")));
        }
        QVERIFY(lines[0].contains(QStringLiteral("héllo 世界 🚀").toUtf8()));   // UTF-8 as it is, readable
        for (int i : {2, 6}) {
            QCOMPARE(content(i).value(QStringLiteral("messageEncoding")).toString(), QStringLiteral("base64"));
            QCOMPARE(QByteArray::fromBase64(content(i).value(QStringLiteral("message")).toString().toLatin1()), binary);
            QCOMPARE(content(i).value(QStringLiteral("mtype")).toInt(), 52);
        }
        QCOMPARE(content(8).value(QStringLiteral("notCaptured")).toString(), QStringLiteral("getmsg failed: 200070"));
        QCOMPARE(parse(lines[8]).value(QStringLiteral("action")).toString(), QStringLiteral("delmsg"));
    }

    // One line stays a sane size: each field is cut at 64 KiB (text at a character
    // boundary) and marked; text that is not UTF-8 goes base64.
    void contentIsBoundedAndMarked()
    {
        AuditLog log(path("bounded.jsonl"));
        const QString big = QString(30000, QChar(0x4E16));   // 3 bytes each: 90000 bytes
        AuditRecord rec{QStringLiteral("p"), QStringLiteral("h:1"), 1, QStringLiteral("sendmsg"), QStringLiteral("user 2"), 5};
        rec.content = service::AuditContent::captured(30, big.toUtf8(), false, QByteArray("\xff\xfe", 2));
        QVERIFY(log.writeAttempt(rec).written.result().ok);
        const QList<QByteArray> lines = readLines(log.path());
        QCOMPARE(lines.size(), 1);
        QVERIFY(lines[0].size() < 70 * 1024);
        const QJsonObject c = parse(lines[0]).value(QStringLiteral("content")).toObject();
        const QString kept = c.value(QStringLiteral("message")).toString();
        QCOMPARE(kept.size(), qsizetype(65536 / 3));   // whole characters only
        QVERIFY(big.startsWith(kept));
        QCOMPARE(c.value(QStringLiteral("messageTruncated")).toBool(), true);
        QCOMPARE(c.value(QStringLiteral("messageBytes")).toInteger(), qint64(90000));
        QCOMPARE(c.value(QStringLiteral("attrsEncoding")).toString(), QStringLiteral("base64"));
        QCOMPARE(QByteArray::fromBase64(c.value(QStringLiteral("attrs")).toString().toLatin1()), QByteArray("\xff\xfe", 2));
        QVERIFY(!c.contains(QStringLiteral("attrsTruncated")));
    }

    void timeoutIsUnknownCheckByMid()
    {
        testutil::SilentServer silent;
        AuditLog log(path("timeout.jsonl"));
        RtmSession session(testutil::configFor(silent.serverPort()));
        session.setAuditLog(&log);
        const auto r = service::waitForReply(
            session.sendGroupMessage(51, 1, 2, rtm::MessageBody::text(QStringLiteral("lost?")), "{}", 123456789012345678LL, 300));
        QCOMPARE(r.error.code, 20003);
        QVERIFY(log.flush());
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
        QVERIFY(log.flush());
        QVERIFY(readLines(log.path()).isEmpty());
    }

    // The request reaches the server only after its attempt line is on disk.
    void attemptLineIsOnDiskBeforeTheRequestArrives()
    {
        AuditLog log(path("before.jsonl"));
        fpnn::FpnnServer server;
        QList<QByteArray> seenByServer;
        server.addMethod("sendgroupmsg", [&](const fpnn::IncomingQuest &) {
            seenByServer = readLines(log.path());
            fpnn::Value answer = fpnn::Value::map();
            answer.insert("mtime", fpnn::Value(1700000000000LL));
            return fpnn::Answer::success(std::move(answer));
        });
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        RtmSession session(testutil::configFor(server.serverPort()));
        session.setAuditLog(&log);
        const auto r = service::waitForReply(session.sendGroupMessage(51, 1, 2, rtm::MessageBody::text(QStringLiteral("x")), "{}", 4242));
        QVERIFY2(r.ok(), qPrintable(r.error.message));
        QCOMPARE(seenByServer.size(), 1);
        QCOMPARE(parse(seenByServer[0]).value(QStringLiteral("event")).toString(), QStringLiteral("attempt"));
        QVERIFY(seenByServer[0].contains("\"mid\":4242"));
        QVERIFY(log.flush());
        QCOMPARE(readLines(log.path()).size(), 2);
    }

    // The disk work happens on the log's writer thread: while that thread is stuck (a FIFO
    // nobody reads blocks open()), the calling thread keeps running its event loop, and
    // the audited send — and the read queued behind it — wait. Once a reader appears the
    // attempt line is written first, then the send goes out.
    void writerThreadWaitsNotTheCaller()
    {
        const QString fifo = path("stuck.fifo");
        QVERIFY(::mkfifo(QFile::encodeName(fifo).constData(), 0600) == 0);
        auto sb = testutil::startSandbox();
        QVERIFY(sb);
        AuditLog log(fifo);
        int fd = -1;
        // Should a check fail early, a reader still frees the writer so ~AuditLog can join it
        // (the descriptor then stays open: a writer without a reader would get SIGPIPE).
        const auto unblockWriter = qScopeGuard([&] {
            if (fd == -1)
                fd = ::open(QFile::encodeName(fifo).constData(), O_RDONLY | O_NONBLOCK);
        });
        RtmSession session(testutil::configFor(sb->port()));
        session.setAuditLog(&log);
        QList<QString> finished;
        service::RtmReply *send = session.sendGroupMessage(51, 1, 2, rtm::MessageBody::text(QStringLiteral("waits")), "{}", 777001);
        service::RtmReply *read = session.getGroupMessageInfo(777001, 1, 2);
        for (service::RtmReply *r : {send, read})
            connect(r, &service::RtmReply::finished, this, [&finished, r] { finished << r->method(); });

        // A full round trip on another session shows the loop and the network ran meanwhile.
        RtmSession other(testutil::configFor(sb->port()));
        other.setAuditLog(nullptr);
        QVERIFY(service::waitForReply(other.getMessageNum(rtm::MessageCategory::Group, 2, {}, 0, 0)).ok());
        QVERIFY(finished.isEmpty());
        QCOMPARE(sb->store().size(), qint64(0));

        fd = ::open(QFile::encodeName(fifo).constData(), O_RDONLY | O_NONBLOCK);
        QVERIFY(fd >= 0);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 20000);
        QCOMPARE(finished, QList<QString>({u"sendgroupmsg"_s, u"getmsg"_s}));
        QCOMPARE(sb->store().size(), qint64(1));
        QVERIFY(log.flush());   // both lines are in the pipe before the reader goes away
        QByteArray data;
        char buffer[4096];
        for (ssize_t n; (n = ::read(fd, buffer, sizeof buffer)) > 0;)
            data.append(buffer, n);
        ::close(fd);
        fd = -2;
        const QList<QByteArray> lines = data.trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        QCOMPARE(parse(lines[0]).value(QStringLiteral("event")).toString(), QStringLiteral("attempt"));
        QCOMPARE(parse(lines[1]).value(QStringLiteral("outcome")).toString(), QStringLiteral("ok"));
    }

    void unwritableLogSendsNothing_data()
    {
        QTest::addColumn<QString>("logPath");
        QTest::addColumn<QString>("reason");
        // A full disk (works for root too, unlike a read-only folder) ...
        QTest::newRow("disk full") << QStringLiteral("/dev/full") << QStringLiteral("cannot write the audit log");
        // ... and a folder that cannot exist (its parent is a regular file).
        QTest::newRow("no such folder") << path("plain-file/audit.jsonl") << QStringLiteral("cannot open the audit log");
    }

    // Fail closed: when the attempt line cannot be written, neither the send nor the delete
    // goes out, the reply says why, and requests behind them are not held up.
    void unwritableLogSendsNothing()
    {
        QFETCH(QString, logPath);
        QFETCH(QString, reason);
        QFile plain(path("plain-file"));
        QVERIFY(plain.open(QIODevice::WriteOnly));
        plain.close();

        auto sb = testutil::startSandbox();
        QVERIFY(sb);
        RtmSession unaudited(testutil::configFor(sb->port()));
        unaudited.setAuditLog(nullptr);
        const auto stored = service::waitForReply(unaudited.sendGroupMessage(51, 1, 2, rtm::MessageBody::text(QStringLiteral("keep")), "{}"));
        QVERIFY(stored.ok());
        QCOMPARE(sb->store().size(), qint64(1));

        AuditLog log(logPath);
        RtmSession session(testutil::configFor(sb->port()));
        session.setAuditLog(&log);
        service::RtmReply *send = session.sendGroupMessage(51, 1, 2, rtm::MessageBody::text(QStringLiteral("must not go out")), "{}");
        service::RtmReply *del = session.deleteGroupMessage(
            stored.send.mid, 1, 2, 0, service::AuditContent::captured(51, QByteArrayLiteral("keep"), false, "{}"));
        service::RtmReply *read = session.getGroupMessageInfo(stored.send.mid, 1, 2);   // not audited
        QList<QString> order;
        QList<bool> dispatched;
        for (service::RtmReply *r : {send, del, read})
            connect(r, &service::RtmReply::finished, this, [&order, &dispatched, r] {
                order << r->method();
                dispatched << r->wasDispatched();
            });
        QTRY_COMPARE_WITH_TIMEOUT(order.size(), 3, 20000);
        QCOMPARE(order, QList<QString>({u"sendgroupmsg"_s, u"delmsg"_s, u"getmsg"_s}));
        QCOMPARE(dispatched, QList<bool>({false, false, true}));

        for (const auto &result : {service::waitForReply(session.sendGroupMessage(51, 1, 2, rtm::MessageBody::text(QStringLiteral("no")), "{}")),
                                   service::waitForReply(session.deleteGroupMessage(stored.send.mid, 1, 2))}) {
            QCOMPARE(result.error.code, int(rtm::AuditLogUnavailable));
            QCOMPARE(result.error.name, QStringLiteral("CONSOLE_EC_AUDIT_LOG_UNAVAILABLE"));
            QVERIFY2(result.error.message.startsWith(QStringLiteral("audit log unavailable")), qPrintable(result.error.message));
            QVERIFY2(result.error.message.contains(reason), qPrintable(result.error.message));
            QVERIFY2(result.error.message.contains(QStringLiteral("not sent")), qPrintable(result.error.message));
        }
        // Nothing reached the server: one stored message, and it is not deleted.
        QCOMPARE(sb->store().size(), qint64(1));
        const auto info = service::waitForReply(unaudited.getGroupMessageInfo(stored.send.mid, 1, 2));
        QVERIFY2(info.ok(), qPrintable(info.error.message));
        QCOMPARE(info.info.message, QByteArray("keep"));
        QVERIFY(!log.flush());
    }
};

QTEST_GUILESS_MAIN(TestAuditLog)
#include "tst_auditlog.moc"
