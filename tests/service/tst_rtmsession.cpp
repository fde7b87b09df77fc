// RtmSession over loopback against the in-process sandbox.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <QElapsedTimer>
#include <QPointer>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include "common/closethenslowserver.h"
#include "common/testkeys.h"
#include "fpnn/answer.h"
#include "fpnn/framecodec.h"
#include "fpnn/fpnnclient.h"
#include "fpnn/fpnnserver.h"
#include "rtm/rtmclient.h"
#include "servicetestutil.h"
#include "service/auditlog.h"
#include "service/blockingcall.h"
#include "service/rtmsession.h"

using namespace Qt::StringLiterals;

using service::ActivityEntry;
using service::RtmReply;
using service::RtmSession;

namespace {
constexpr qint64 kFrom = 501;
constexpr qint64 kTo = 502;
constexpr qint64 kGid = 601;
constexpr qint64 kRid = 701;
} // namespace

using rtmtest::CloseThenSlowServer;

class TestRtmSession : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;

    // Each reply is watched from the moment it is returned.
    struct Watch {
        QPointer<RtmReply> reply;
        std::shared_ptr<int> finishedCount = std::make_shared<int>(0);
        std::shared_ptr<rtm::RtmError> error = std::make_shared<rtm::RtmError>();
        std::shared_ptr<bool> ok = std::make_shared<bool>(false);
    };
    static Watch watch(RtmReply *reply)
    {
        Watch w;
        w.reply = reply;
        QObject::connect(reply, &RtmReply::finished, reply, [w, reply] {
            ++*w.finishedCount;
            *w.error = reply->error();
            *w.ok = reply->ok();
        });
        return w;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        qputenv("RTM_AUDIT_LOG", m_dir.filePath(QStringLiteral("audit.jsonl")).toUtf8());
        qRegisterMetaType<service::ActivityEntry>();
        qRegisterMetaType<service::RtmSession::State>();
    }

    void eachKindFinishesOnce()
    {
        auto sb = testutil::startSandbox();
        QVERIFY(sb);
        RtmSession session(testutil::configFor(sb->port()));

        // Sends first (so the reads find something), each checked right after the call.
        RtmReply *s1 = session.sendMessage(51, kFrom, kTo, rtm::MessageBody::text(QStringLiteral("p2p text")), "{}");
        QVERIFY(!s1->isFinished());
        QCOMPARE(s1->kind(), RtmReply::Kind::Send);
        QVERIFY(s1->mid() > 0);   // generated before sending
        const qint64 p2pMid = s1->mid();
        QList<Watch> sends = {
            watch(s1),
            watch(session.sendMessages(51, kFrom, {kTo, 503}, rtm::MessageBody::text(QStringLiteral("multi")), "{}")),
            watch(session.sendGroupMessage(51, kFrom, kGid, rtm::MessageBody::text(QStringLiteral("group text")), "{\"a\":1}", 4242)),
            watch(session.sendRoomMessage(51, kFrom, kRid, rtm::MessageBody::text(QStringLiteral("room text")), "{}")),
            watch(session.broadcastMessage(51, kFrom, rtm::MessageBody::text(QStringLiteral("hello all")), "{}")),
        };
        for (const Watch &w : sends)
            QCOMPARE(*w.finishedCount, 0);   // never synchronously
        for (const Watch &w : sends)
            QTRY_COMPARE(*w.finishedCount, 1);
        for (const Watch &w : sends)
            QVERIFY2(*w.ok, qPrintable(w.error->name + QLatin1Char(' ') + w.error->message));

        rtm::HistoryQuery q;
        q.num = 10;
        q.desc = true;
        rtm::HistoryPage page;
        RtmReply *h = session.getGroupMessage(kFrom, kGid, q);
        connect(h, &RtmReply::finished, this, [&] { page = h->historyPage(); });
        rtm::MessageInfo info;
        RtmReply *i = session.getGroupMessageInfo(4242, kFrom, kGid);
        connect(i, &RtmReply::finished, this, [&] { info = i->messageInfo(); });
        rtm::MessageCount count;
        RtmReply *c = session.getMessageNum(rtm::MessageCategory::Group, kGid, {}, 0, 0);
        connect(c, &RtmReply::finished, this, [&] { count = c->messageCount(); });

        QList<Watch> reads = {
            watch(h),
            watch(i),
            watch(c),
            watch(session.getP2PMessage(kFrom, kTo, q)),
            watch(session.getRoomMessage(kFrom, kRid, q)),
            watch(session.getBroadcastMessage(kFrom, q)),
            watch(session.getP2PMessageInfo(p2pMid, kFrom, kTo)),
            watch(session.getRoomMessageInfo(1, kFrom, kRid)),          // 200070
            watch(session.getBroadcastMessageInfo(1, kFrom)),           // 200070
            watch(session.checkConnection()),
        };
        for (const Watch &w : reads)
            QCOMPARE(*w.finishedCount, 0);
        for (const Watch &w : reads)
            QTRY_COMPARE(*w.finishedCount, 1);
        QVERIFY(*reads[0].ok && *reads[1].ok && *reads[2].ok && *reads[3].ok && *reads[4].ok);
        QVERIFY(*reads[5].ok && *reads[6].ok && *reads[9].ok);
        QCOMPARE(reads[7].error->code, int(rtm::MessageNotFound));
        QCOMPARE(reads[8].error->code, int(rtm::MessageNotFound));
        QCOMPARE(page.count, 1);
        QCOMPARE(page.messages.at(0).messageId, qint64(4242));
        QCOMPARE(info.message, QByteArray("group text"));
        QCOMPARE(info.attrs, QByteArray("{\"a\":1}"));
        QCOMPARE(count.num, qint64(1));

        QList<Watch> deletes = {
            watch(session.deleteP2PMessage(p2pMid, kFrom, kTo)),
            watch(session.deleteGroupMessage(4242, kFrom, kGid)),
            watch(session.deleteRoomMessage(777, kFrom, kRid)),                    // unknown: 200070
            watch(session.deleteBroadcastMessage(99, kFrom)),                      // unknown: 200070
        };
        for (const Watch &w : deletes)
            QTRY_COMPARE(*w.finishedCount, 1);
        QVERIFY(*deletes[0].ok);
        QVERIFY(*deletes[1].ok);
        QCOMPARE(deletes[2].error->code, int(rtm::MessageNotFound));
        QCOMPARE(deletes[3].error->code, int(rtm::MessageNotFound));

        // Replies delete themselves after finished().
        for (const Watch &w : sends + reads + deletes)
            QTRY_VERIFY(w.reply.isNull());
        QCOMPARE(session.queuedCount(), 0);
        QCOMPARE(session.inFlightCount(), 0);
        for (const Watch &w : sends + reads + deletes)
            QCOMPARE(*w.finishedCount, 1);
    }

    void historyNumOutOfRangeFailsAsynchronously()
    {
        auto sb = testutil::startSandbox();
        QVERIFY(sb);
        RtmSession session(testutil::configFor(sb->port()));
        rtm::HistoryQuery q;
        q.num = 21;
        Watch w = watch(session.getGroupMessage(1, 2, q));
        QCOMPARE(*w.finishedCount, 0);
        QTRY_COMPARE(*w.finishedCount, 1);
        QCOMPARE(w.error->code, int(rtm::InvalidParameter));
        QCOMPARE(sb->connectionCount(), 0);
    }

    void abortQueuedAndInFlight()
    {
        sandbox::SandboxOptions o;
        o.latencyMs = 300;
        auto sb = testutil::startSandbox(o);
        QVERIFY(sb);
        RtmSession session(testutil::configFor(sb->port()));
        session.setRateLimitPerSecond(1);   // one at a time: the second waits a second in the queue

        Watch first = watch(session.sendGroupMessage(51, kFrom, kGid, rtm::MessageBody::text(QStringLiteral("a")), "{}"));
        Watch second = watch(session.sendGroupMessage(51, kFrom, kGid, rtm::MessageBody::text(QStringLiteral("b")), "{}"));
        QTRY_VERIFY(first.reply && first.reply->wasDispatched());
        QVERIFY(second.reply && !second.reply->wasDispatched());
        QCOMPARE(session.queuedCount(), 1);

        second.reply->abort();                       // queued: never sent
        QCOMPARE(*second.finishedCount, 1);          // synchronously inside abort()
        QCOMPARE(second.error->code, 20015);
        QCOMPARE(session.queuedCount(), 0);

        first.reply->abort();                        // in flight: the answer is dropped
        QCOMPARE(*first.finishedCount, 1);
        QCOMPARE(first.error->code, 20015);
        QTRY_COMPARE(session.inFlightCount(), 0);    // the late answer arrived and was dropped
        QCOMPARE(*first.finishedCount, 1);
        QCOMPARE(*second.finishedCount, 1);
        QCOMPARE(sb->store().size(), qint64(1));     // the aborted in-flight send did reach the server
    }

    void stateProperty()
    {
        auto sb = testutil::startSandbox();
        QVERIFY(sb);
        RtmSession session(testutil::configFor(sb->port()));
        QCOMPARE(session.state(), RtmSession::State::Disconnected);
        QCOMPARE(session.property("state").value<RtmSession::State>(), RtmSession::State::Disconnected);
        QSignalSpy spy(&session, &RtmSession::stateChanged);
        session.connectToServer();
        QTRY_COMPARE(session.state(), RtmSession::State::Connected);
        QVERIFY(spy.count() >= 2);
        QCOMPARE(spy.first().at(0).value<RtmSession::State>(), RtmSession::State::Connecting);
        QCOMPARE(spy.last().at(0).value<RtmSession::State>(), RtmSession::State::Connected);
        QCOMPARE(session.property("state").value<RtmSession::State>(), RtmSession::State::Connected);
        session.disconnectFromServer();
        QTRY_COMPARE(session.state(), RtmSession::State::Disconnected);
        QCOMPARE(spy.last().at(0).value<RtmSession::State>(), RtmSession::State::Disconnected);
        QCOMPARE(session.endpoint(), QStringLiteral("127.0.0.1:%1").arg(sb->port()));
        QCOMPARE(session.pid(), sandbox::kDemoPid);
    }

    void pacingKeepsOrderAndDrains()
    {
        auto sb = testutil::startSandbox();
        QVERIFY(sb);
        RtmSession session(testutil::configFor(sb->port()));
        session.setRateLimitPerSecond(10);   // one every 100.5 ms, no burst
        constexpr int N = 12;
        QList<int> order;
        QElapsedTimer clock;
        clock.start();
        for (int k = 0; k < N; ++k) {
            RtmReply *r = session.getMessageNum(rtm::MessageCategory::Group, 9000 + k, {}, 0, 0);
            connect(r, &RtmReply::finished, this, [&order, k, r] {
                QVERIFY(r->ok());
                order << k;
            });
        }
        QVERIFY(session.queuedCount() == N);
        QTRY_COMPARE_WITH_TIMEOUT(order.size(), N, 20000);
        const qint64 elapsed = clock.elapsed();
        // N - 1 intervals of 100.5 ms: at least ~1.1 s (no upper bound asserted).
        QVERIFY2(elapsed >= 900, qPrintable(QString::number(elapsed)));
        QList<int> expected;
        for (int k = 0; k < N; ++k)
            expected << k;
        QCOMPARE(order, expected);
        QCOMPARE(session.queuedCount(), 0);
        QCOMPARE(session.inFlightCount(), 0);
    }

    void frequencyLimitedIsRetried()
    {
        sandbox::SandboxOptions o;
        o.rateLimit = 5;
        auto sb = testutil::startSandbox(o);
        QVERIFY(sb);
        RtmSession session(testutil::configFor(sb->port()));   // no pacing of its own
        session.setFrequencyRetryPauseMs(100);
        constexpr int N = 10;
        int done = 0, okCount = 0, retried = 0;
        QList<int> order;
        for (int k = 0; k < N; ++k) {
            RtmReply *r = session.sendGroupMessage(51, kFrom, kGid, rtm::MessageBody::text(QString::number(k)), "{}");
            connect(r, &RtmReply::finished, this, [&, r, k] {
                ++done;
                okCount += r->ok() ? 1 : 0;
                retried += r->retryCount() > 0 ? 1 : 0;
                order << k;
                if (!r->ok())
                    qWarning() << r->error().name << r->error().message;
            });
        }
        QTRY_COMPARE_WITH_TIMEOUT(done, N, 30000);
        QCOMPARE(okCount, N);
        QVERIFY(retried > 0);
        QVERIFY(session.effectiveRateLimit() > 0);   // slowed down for a while
        QCOMPARE(sb->store().size(), qint64(N));     // each stored once (same mid on retry)
    }

    void frequencyRetriesAreBounded()
    {
        sandbox::SandboxOptions o;
        o.rateLimit = 1;
        auto sb = testutil::startSandbox(o);
        QVERIFY(sb);
        RtmSession session(testutil::configFor(sb->port()));
        session.setMaxFrequencyRetries(1);
        session.setFrequencyRetryPauseMs(10);
        int done = 0, limited = 0;
        for (int k = 0; k < 4; ++k) {
            RtmReply *r = session.getMessageNum(rtm::MessageCategory::Group, 1, {}, 0, 0);
            connect(r, &RtmReply::finished, this, [&, r] {
                ++done;
                if (r->error().code == rtm::FrequencyLimited) {
                    ++limited;
                    QCOMPARE(r->retryCount(), 1);
                }
            });
        }
        QTRY_COMPARE_WITH_TIMEOUT(done, 4, 20000);
        QVERIFY(limited > 0);
    }

    void activityEntriesWithoutSecret()
    {
        const QByteArray secret = "activity-test-secret-7781";
        sandbox::SandboxOptions o;
        o.secret = secret;
        auto sb = testutil::startSandbox(o);
        QVERIFY(sb);
        RtmSession session(testutil::configFor(sb->port(), secret));
        QList<ActivityEntry> entries;
        connect(&session, &RtmSession::activity, this, [&](const ActivityEntry &e) { entries << e; });
        session.sendGroupMessage(51, kFrom, kGid, rtm::MessageBody::text(QStringLiteral("x")), "{}");
        session.getGroupMessageInfo(12345, kFrom, kGid);
        session.checkConnection();
        QTRY_COMPARE(entries.size(), 3);
        QCOMPARE(entries[0].method, QStringLiteral("sendgroupmsg"));
        QCOMPARE(entries[0].target, QStringLiteral("group %1").arg(kGid));
        QCOMPARE(entries[0].code, 0);
        QCOMPARE(entries[0].errorName, QStringLiteral("OK"));
        QCOMPARE(entries[1].method, QStringLiteral("getmsg"));
        QCOMPARE(entries[1].code, int(rtm::MessageNotFound));
        QCOMPARE(entries[1].errorName, QStringLiteral("RTM_EC_MESSAGE_NOT_FOUND"));
        QVERIFY(!entries[1].errorMeaning.isEmpty());
        QCOMPARE(entries[2].code, 0);   // the probe: 200070 means OK
        for (const ActivityEntry &e : entries) {
            QVERIFY(e.time.isValid());
            QVERIFY(e.durationMs >= 0);
            for (const QString &field : {e.method, e.target, e.errorName, e.errorMeaning})
                QVERIFY(!field.contains(QString::fromUtf8(secret)));
        }
    }

    void wrongSecretHintsAtClockOnFirstAnswer()
    {
        auto sb = testutil::startSandbox();
        QVERIFY(sb);
        RtmSession session(testutil::configFor(sb->port(), "not-the-secret"));
        Watch first = watch(session.checkConnection());
        QTRY_COMPARE(*first.finishedCount, 1);
        QCOMPARE(first.error->code, int(rtm::InvalidPidOrSign));
        QVERIFY(first.error->message.contains(QStringLiteral("clock")));
        Watch second = watch(session.checkConnection());
        QTRY_COMPARE(*second.finishedCount, 1);
        QCOMPARE(second.error->code, int(rtm::InvalidPidOrSign));
        QVERIFY(!second.error->message.contains(QStringLiteral("clock")));

        QVERIFY(RtmSession::looksLikeClockSkew(rtm::RtmError::fromCode(rtm::InvalidServerTime)));
        QVERIFY(RtmSession::looksLikeClockSkew(rtm::RtmError::fromCode(rtm::InvalidPidOrSign), true));
        QVERIFY(!RtmSession::looksLikeClockSkew(rtm::RtmError::fromCode(rtm::InvalidPidOrSign), false));
        QVERIFY(!RtmSession::looksLikeClockSkew(rtm::RtmError::fromCode(rtm::MessageNotFound), true));
    }

    void destroyingFinishesPendingWith20002()
    {
        sandbox::SandboxOptions o;
        o.latencyMs = 2000;
        auto sb = testutil::startSandbox(o);
        QVERIFY(sb);
        auto *session = new RtmSession(testutil::configFor(sb->port()));
        session->setRateLimitPerSecond(1);
        Watch inFlight = watch(session->getMessageNum(rtm::MessageCategory::Group, 1, {}, 0, 0));
        Watch queued = watch(session->getMessageNum(rtm::MessageCategory::Group, 2, {}, 0, 0));
        QTRY_VERIFY(inFlight.reply && inFlight.reply->wasDispatched());
        delete session;
        QCOMPARE(*inFlight.finishedCount, 1);
        QCOMPARE(*queued.finishedCount, 1);
        QCOMPARE(inFlight.error->code, 20002);
        QCOMPARE(queued.error->code, 20002);
        QTRY_VERIFY(inFlight.reply.isNull() && queued.reply.isNull());
    }

    // GIVEN a session paced at 10/s whose audit log is stuck (a FIFO nobody reads) for
    // 300 ms WHEN two sends wait behind it THEN, once the lines can be written, they still
    // reach the server a pacing interval (100.5 ms) apart: the pacer is asked after the
    // attempt line, so the time the line took cannot be spent as pacing credit, and the
    // two do not go out together. (A lower bound only; a slow machine spreads them more.)
    void pacingCountsTheWireNotTheAuditWait()
    {
        const QString fifo = m_dir.filePath(QStringLiteral("paced.fifo"));
        QVERIFY(::mkfifo(QFile::encodeName(fifo).constData(), 0600) == 0);
        int fd = -1;
        const auto unblockWriter = qScopeGuard([&] {
            if (fd == -1)
                fd = ::open(QFile::encodeName(fifo).constData(), O_RDONLY | O_NONBLOCK);
        });
        fpnn::FpnnServer server;
        QElapsedTimer serverClock;
        serverClock.start();
        QList<qint64> arrivals;
        server.addMethod("sendgroupmsg", [&](const fpnn::IncomingQuest &) {
            arrivals << serverClock.elapsed();
            fpnn::Value answer = fpnn::Value::map();
            answer.insert("mtime", fpnn::Value(1700000000000LL));
            return fpnn::Answer::success(std::move(answer));
        });
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        service::AuditLog log(fifo);
        RtmSession session(testutil::configFor(server.serverPort()));
        session.setAuditLog(&log);
        session.setRateLimitPerSecond(10);
        Watch first = watch(session.sendGroupMessage(51, kFrom, kGid, rtm::MessageBody::text(QStringLiteral("1")), "{}"));
        Watch second = watch(session.sendGroupMessage(51, kFrom, kGid, rtm::MessageBody::text(QStringLiteral("2")), "{}"));
        QTRY_COMPARE(session.awaitingAuditCount(), 1);   // the first line is stuck
        QElapsedTimer stuck;
        stuck.start();
        QTRY_VERIFY_WITH_TIMEOUT(stuck.hasExpired(300), 5000);   // the slow write, not a sync point
        QVERIFY(arrivals.isEmpty());
        fd = ::open(QFile::encodeName(fifo).constData(), O_RDONLY | O_NONBLOCK);
        QVERIFY(fd >= 0);
        QTRY_VERIFY_WITH_TIMEOUT(*first.finishedCount == 1 && *second.finishedCount == 1, 20000);
        QVERIFY(*first.ok && *second.ok);
        QCOMPARE(arrivals.size(), 2);
        QVERIFY2(arrivals[1] - arrivals[0] >= 90, qPrintable(QStringLiteral("%1 ms apart").arg(arrivals[1] - arrivals[0])));
        QVERIFY(log.flush());
        ::close(fd);
        fd = -2;
    }

    // GIVEN a server that answers 200010 (frequency limited) forever and a session that
    // would retry 1000 times WHEN a request has a 300 ms timeout THEN it ends with 20003 at
    // its deadline: the pauses (20, 40, 80, 160 ms, …) leave room for at most 5 attempts.
    void deadlineCoversFrequencyRetries()
    {
        fpnn::FpnnServer server;
        int quests = 0;
        server.addMethod("getmsgnum", [&](const fpnn::IncomingQuest &) {
            ++quests;
            return fpnn::Answer::failure(rtm::FrequencyLimited, QStringLiteral("limited"));
        });
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        RtmSession session(testutil::configFor(server.serverPort()));
        session.setMaxFrequencyRetries(1000);
        session.setFrequencyRetryPauseMs(20);
        Watch w = watch(session.getMessageNum(rtm::MessageCategory::Group, 1, {}, 0, 0, 300));
        QTRY_COMPARE_WITH_TIMEOUT(*w.finishedCount, 1, 20000);
        QCOMPARE(w.error->code, 20003);
        QVERIFY2(w.error->message.contains(QStringLiteral("frequency limited")), qPrintable(w.error->message));
        QVERIFY(quests >= 1);
        QVERIFY2(quests <= 5, qPrintable(QString::number(quests)));
        // Nothing is sent for it afterwards.
        const int atDeadline = quests;
        const auto later = service::waitForReply(session.getMessageNum(rtm::MessageCategory::Group, 1, {}, 0, 0, 100));
        QCOMPARE(later.error.code, 20003);
        QVERIFY(quests > atDeadline);   // the later one went out ...
        QCOMPARE(session.queuedCount(), 0);   // ... and nothing is left waiting
    }

    // GIVEN a pacer with one token per second WHEN a request with a 300 ms timeout waits
    // behind another THEN it ends with 20003 before it is sent, says so, never reaches the
    // server, and the request behind it still goes out.
    void deadlineCoversThePacingQueue()
    {
        auto sb = testutil::startSandbox();
        QVERIFY(sb);
        RtmSession session(testutil::configFor(sb->port()));
        session.setAuditLog(nullptr);
        session.setRateLimitPerSecond(1);   // the second request waits ~1 s for its turn
        QList<QString> order;
        auto track = [&](RtmReply *r, const QString &name) {
            Watch w = watch(r);
            connect(r, &RtmReply::finished, this, [&order, name] { order << name; });
            return w;
        };
        Watch first = track(session.sendGroupMessage(51, kFrom, kGid, rtm::MessageBody::text(QStringLiteral("first")), "{}"), u"first"_s);
        Watch starved = track(session.sendGroupMessage(51, kFrom, kGid, rtm::MessageBody::text(QStringLiteral("starved")), "{}", 0, 300), u"starved"_s);
        Watch behind = track(session.sendGroupMessage(51, kFrom, kGid, rtm::MessageBody::text(QStringLiteral("behind")), "{}"), u"behind"_s);
        QTRY_COMPARE_WITH_TIMEOUT(order.size(), 3, 20000);
        QVERIFY(order.indexOf(QStringLiteral("starved")) < order.indexOf(QStringLiteral("behind")));
        QVERIFY(*first.ok);
        QVERIFY(*behind.ok);
        QCOMPARE(starved.error->code, 20003);
        QVERIFY2(starved.error->message.contains(QStringLiteral("never sent")), qPrintable(starved.error->message));
        QCOMPARE(sb->store().size(), qint64(2));   // "starved" never reached the server
    }

    // GIVEN a read whose connection is closed after 250 ms and whose retry is answered 200 ms
    // after it arrives WHEN the read has a 300 ms timeout THEN the retry only gets what is
    // left: the reply ends with 20003 before that answer (which would be 200034).
    void deadlineCoversTheReadRetry()
    {
        CloseThenSlowServer server(250, 200);
        QVERIFY(server.isListening());
        RtmSession session(testutil::configFor(server.serverPort()));
        Watch w = watch(session.getMessageNum(rtm::MessageCategory::Group, 1, {}, 0, 0, 300));
        QTRY_COMPARE_WITH_TIMEOUT(*w.finishedCount, 1, 20000);
        QCOMPARE(w.error->code, 20003);
        QVERIFY(server.quests >= 1);
    }

    void timeoutEndsWith20003()
    {
        testutil::SilentServer silent;
        RtmSession session(testutil::configFor(silent.serverPort()));
        Watch w = watch(session.getMessageNum(rtm::MessageCategory::Group, 1, {}, 0, 0, 300));
        QTRY_COMPARE_WITH_TIMEOUT(*w.finishedCount, 1, 10000);
        QCOMPARE(w.error->code, 20003);
    }

    // Usable encryption settings reach the connection's options as given.
    void encryptionSettingsReachTheConnection()
    {
        const QString key = rtmtest::makeEcPublicKey(m_dir.path(), QStringLiteral("usable"), "P-256", true);
        QVERIFY(!key.isEmpty());
        service::SessionConfig config = testutil::configFor(1);
        config.encryption = {key, 256, true};
        RtmSession session(config);
        QVERIFY2(!session.configurationError(), qPrintable(session.configurationError().message));
        QVERIFY(session.isEncryptionConfigured());
        QVERIFY(!session.isEncrypted());   // not connected yet
        QCOMPARE(session.encryptionCurveName(), QStringLiteral("secp256r1"));
        QCOMPARE(session.encryptionDescription(), QStringLiteral("AES-256 stream, secp256r1"));
        const fpnn::ClientEncryption &e = session.client()->connection()->options().encryption;
        QVERIFY(e.enabled());
        QCOMPARE(e.serverKey.curve(), fpnn::EccCurve::Secp256r1);
        QCOMPARE(e.options.bits, 256);
        QCOMPARE(e.options.streamMode, true);

        RtmSession plain(testutil::configFor(1));
        QVERIFY(!plain.configurationError());
        QVERIFY(!plain.isEncryptionConfigured());
        QCOMPARE(plain.encryptionDescription(), QString());
        QVERIFY(!plain.client()->connection()->options().encryption.enabled());
    }

    // The transport settings of SessionConfig reach the connection as given (callers never
    // set fpnn::ClientOptions themselves); the connection's own quests follow the default timeout.
    void transportSettingsReachTheConnection()
    {
        service::SessionConfig config = testutil::configFor(1);
        config.defaultTimeoutMs = 4321;
        config.connectTimeoutMs = 1234;
        config.autoReconnect = false;
        config.keepAlive = false;
        RtmSession session(config);
        const fpnn::ClientOptions &o = session.client()->connection()->options();
        QCOMPARE(o.connectTimeoutMs, 1234);
        QCOMPARE(o.questTimeoutMs, 4321);
        QCOMPARE(o.autoReconnect, false);
        QCOMPARE(o.keepAlive, false);
        session.setDefaultTimeoutMs(999);
        QCOMPARE(session.client()->connection()->options().questTimeoutMs, 999);

        RtmSession defaults(testutil::configFor(1));
        const fpnn::ClientOptions &d = defaults.client()->connection()->options();
        QCOMPARE(d.connectTimeoutMs, 30000);
        QCOMPARE(d.autoReconnect, true);
        QCOMPARE(d.keepAlive, true);
    }

    void connectsEncryptedAndSaysSo()
    {
        sandbox::SandboxOptions o;
        o.eccKeyFile = rtmtest::testKeyPath(QStringLiteral("secp256k1-private.pem"));
        o.forceEncrypt = true;
        auto sb = testutil::startSandbox(o);
        QVERIFY(sb);
        service::SessionConfig config = testutil::configFor(sb->port());
        config.encryption = {rtmtest::testKeyPath(QStringLiteral("secp256k1-public.pem")), 128, false};
        RtmSession session(config);
        session.setAuditLog(nullptr);
        QCOMPARE(session.encryptionDescription(), QStringLiteral("AES-128 package, secp256k1"));
        const service::ReplyResult probe = service::waitForReply(session.checkConnection());
        QVERIFY2(probe.ok(), qPrintable(probe.error.message));
        QCOMPARE(session.state(), RtmSession::State::Connected);
        QVERIFY(session.isEncrypted());
        const service::ReplyResult sent = service::waitForReply(
            session.sendGroupMessage(51, kFrom, kGid, rtm::MessageBody::text(QStringLiteral("over AES")), "{}"));
        QVERIFY2(sent.ok(), qPrintable(sent.error.message));
        session.disconnectFromServer();
        QTRY_COMPARE(session.state(), RtmSession::State::Disconnected);
        QVERIFY(!session.isEncrypted());
    }

    void unusableEncryptionSettingsFailEveryRequest_data()
    {
        QTest::addColumn<QString>("keyFile");
        QTest::addColumn<int>("bits");
        QTest::addColumn<QString>("reason");
        const QString dir = m_dir.path();
        QFile text(dir + QStringLiteral("/notes.txt"));
        QVERIFY(text.open(QIODevice::WriteOnly));
        text.write("this is not a key\n");
        text.close();
        const QString good = rtmtest::makeEcPublicKey(dir, QStringLiteral("good"));
        const QString ed25519 = rtmtest::makePublicKey(dir, QStringLiteral("ed"), {QStringLiteral("-algorithm"), QStringLiteral("ED25519")});
        const QString p384 = rtmtest::makeEcPublicKey(dir, QStringLiteral("p384"), "P-384");
        QVERIFY(!good.isEmpty() && !ed25519.isEmpty() && !p384.isEmpty());
        QTest::newRow("missing file") << dir + QStringLiteral("/no-such-key.pem") << 128 << QStringLiteral("key file unreadable");
        QTest::newRow("a folder") << dir << 128 << QStringLiteral("key file unreadable");
        QTest::newRow("not a key") << text.fileName() << 128 << QStringLiteral("not a PEM or DER key");
        QTest::newRow("private key") << dir + QStringLiteral("/good-private.pem") << 128 << QStringLiteral("this is a private key");
        QTest::newRow("Ed25519") << ed25519 << 128 << QStringLiteral("not an EC key");
        QTest::newRow("P-384") << p384 << 256 << QStringLiteral("unsupported curve");
        QTest::newRow("bits 192") << good << 192 << QStringLiteral("must be 128 or 256 bits, not 192");
    }

    // Never a silent plain connection: the session does not connect, and every request ends
    // with the named error (also in the activity log) without being sent.
    void unusableEncryptionSettingsFailEveryRequest()
    {
        QFETCH(QString, keyFile);
        QFETCH(int, bits);
        QFETCH(QString, reason);
        testutil::SilentServer listener;
        service::SessionConfig config = testutil::configFor(listener.serverPort());
        config.encryption = {keyFile, bits, false};
        RtmSession session(config);
        session.setAuditLog(nullptr);

        const rtm::RtmError up = session.configurationError();
        QCOMPARE(up.code, int(rtm::EncryptionKeyUnusable));
        QCOMPARE(up.name, QStringLiteral("CONSOLE_EC_ENCRYPTION_KEY_UNUSABLE"));
        QVERIFY2(up.message.contains(reason), qPrintable(up.message));
        if (bits == 128 || bits == 256)
            QVERIFY2(up.message.contains(keyFile), qPrintable(up.message));
        QVERIFY(!session.isEncryptionConfigured());
        QCOMPARE(session.encryptionDescription(), QString());

        session.connectToServer();
        QCOMPARE(session.state(), RtmSession::State::Disconnected);
        QList<ActivityEntry> activity;
        connect(&session, &RtmSession::activity, this, [&](const ActivityEntry &e) { activity << e; });
        Watch probe = watch(session.checkConnection());
        Watch send = watch(session.sendMessage(30, kFrom, kTo, rtm::MessageBody::text(QStringLiteral("x")), {}));
        Watch history = watch(session.getGroupMessage(kFrom, kGid, rtm::HistoryQuery{}));
        QCOMPARE(*probe.finishedCount, 0);   // never inside the call
        QTRY_COMPARE(*probe.finishedCount + *send.finishedCount + *history.finishedCount, 3);
        for (const Watch &w : {probe, send, history}) {
            QCOMPARE(w.error->code, int(rtm::EncryptionKeyUnusable));
            QVERIFY2(w.error->message.startsWith(up.message), qPrintable(w.error->message));
            QVERIFY2(w.error->message.endsWith(QStringLiteral("the request was not sent")), qPrintable(w.error->message));
        }
        QCOMPARE(activity.size(), 3);
        for (const ActivityEntry &e : activity)
            QCOMPARE(e.errorName, QStringLiteral("CONSOLE_EC_ENCRYPTION_KEY_UNUSABLE"));
        QCOMPARE(session.state(), RtmSession::State::Disconnected);
        QCOMPARE(listener.connections, 0);
        QCOMPARE(session.inFlightCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestRtmSession)
#include "tst_rtmsession.moc"
