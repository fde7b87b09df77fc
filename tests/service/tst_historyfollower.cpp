// HistoryFollower (Follow mode) against the in-process sandbox over loopback: messages sent
// by another client arrive once and in table order, a burst larger than a page is read back
// to the known rows, rows sharing an mtime with the newest known one are neither missed nor
// repeated, failures back off (doubling to the cap) and recover, fatal ones and a vanished
// session stop it, and never more than one request is in flight. Polls are driven with
// pollNow(); the interval is an hour so the timer never fires during a test.

#include <QAbstractItemModelTester>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

#include "servicetestutil.h"
#include "sandbox/messagestore.h"
#include "service/blockingcall.h"
#include "service/historyfollower.h"
#include "service/historymodel.h"
#include "service/rtmsession.h"

using service::HistoryFollower;
using service::HistoryModel;
using service::HistoryTarget;

namespace {

constexpr qint64 kGid = 5001;
constexpr qint64 kReader = 1001;
constexpr int kHourMs = 3'600'000;

HistoryTarget groupTarget(bool desc, int pageSize = 20)
{
    HistoryTarget t;
    t.category = rtm::MessageCategory::Group;
    t.uid = kReader;
    t.target = kGid;
    t.desc = desc;
    t.pageSize = pageSize;
    return t;
}

QList<qint64> cursorIds(const HistoryModel &model)
{
    QList<qint64> ids;
    for (int r = 0; r < model.rowCount(); ++r)
        ids << model.message(r).cursorId;
    return ids;
}

bool strictlyOrdered(const QList<qint64> &ids, bool desc)
{
    for (int i = 1; i < ids.size(); ++i)
        if (desc ? ids[i] >= ids[i - 1] : ids[i] <= ids[i - 1])
            return false;
    return true;
}

} // namespace

class TestHistoryFollower : public QObject {
    Q_OBJECT

    std::unique_ptr<sandbox::SandboxServer> m_server;
    std::unique_ptr<service::RtmSession> m_reader;   // the console
    std::unique_ptr<service::RtmSession> m_sender;   // another client

    // Sends `count` group messages from the other client; false when one failed.
    bool send(int count, int mtype = 51)
    {
        for (int i = 0; i < count; ++i) {
            const service::ReplyResult r = service::waitForReply(m_sender->sendGroupMessage(
                mtype, 7001 + i % 3, kGid, rtm::MessageBody::text(QStringLiteral("live %1").arg(i)), QByteArrayLiteral("{}")));
            if (!r.ok())
                return false;
        }
        return true;
    }

    // A model showing the group with its newest edge loaded (asc: paged to the end).
    void openModel(HistoryModel &model, bool desc, int pageSize = 20)
    {
        model.setSession(m_reader.get());
        model.setTarget(groupTarget(desc, pageSize));
        model.setCoalesceMs(0);
        QSignalSpy pages(&model, &HistoryModel::pageLoaded);
        model.fetchMore({});
        QTRY_VERIFY_WITH_TIMEOUT(model.newestCursorId() >= 0 || model.hasFailed(), 20000);
        while (!desc && !model.isAtEnd() && !model.hasFailed()) {
            const int before = int(pages.size());
            model.fetchMore({});
            QTRY_VERIFY_WITH_TIMEOUT(pages.size() > before || model.hasFailed(), 20000);
        }
        QVERIFY(!model.hasFailed());
        QVERIFY(model.newestCursorId() > 0);
    }

    std::unique_ptr<HistoryFollower> followerFor(HistoryModel &model)
    {
        auto f = std::make_unique<HistoryFollower>(m_reader.get(), model.target(), model.newestCursorId());
        f->setIntervalMs(kHourMs);
        f->setMaxBackoffMs(4 * kHourMs);
        connect(f.get(), &HistoryFollower::messagesArrived, &model,
                [&model](const std::vector<rtm::HistoryMessage> &rows) { model.insertNewest(rows); });
        return f;
    }

    // Polls once and waits for the answer (checked, error or stop).
    void pollAndWait(HistoryFollower &f)
    {
        QSignalSpy checked(&f, &HistoryFollower::checked);
        QSignalSpy failed(&f, &HistoryFollower::errorOccurred);
        QSignalSpy stopped(&f, &HistoryFollower::stopped);
        f.pollNow();
        QTRY_VERIFY_WITH_TIMEOUT(!checked.isEmpty() || !failed.isEmpty() || !stopped.isEmpty(), 20000);
    }

private Q_SLOTS:
    void init()
    {
        m_server = testutil::startSandbox();
        QVERIFY(m_server);
        m_reader = std::make_unique<service::RtmSession>(testutil::configFor(m_server->port()));
        m_reader->setAuditLog(nullptr);
        m_sender = std::make_unique<service::RtmSession>(testutil::configFor(m_server->port()));
        m_sender->setAuditLog(nullptr);
        QVERIFY(send(5));
    }

    void cleanup()
    {
        m_reader.reset();
        m_sender.reset();
        m_server.reset();
    }

    void newMessagesArriveOnceInTableOrder_data()
    {
        QTest::addColumn<bool>("desc");
        QTest::newRow("newest first") << true;
        QTest::newRow("oldest first") << false;
    }
    void newMessagesArriveOnceInTableOrder()
    {
        QFETCH(bool, desc);
        HistoryModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        openModel(model, desc);
        QCOMPARE(model.rowCount(), 5);
        const QList<qint64> before = cursorIds(model);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);

        auto follower = followerFor(model);
        QSignalSpy checked(follower.get(), &HistoryFollower::checked);
        QDateTime pinned = QDateTime::fromMSecsSinceEpoch(1'800'000'000'000LL);
        follower->setClock([&pinned] { return pinned; });
        follower->start();   // the first poll goes out at once: nothing new yet
        QTRY_COMPARE_WITH_TIMEOUT(checked.size(), 1, 20000);
        QCOMPARE(checked.last().at(1).toInt(), 0);
        QCOMPARE(follower->lastCheck(), pinned);
        QCOMPARE(model.rowCount(), 5);

        QVERIFY(send(3));
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        pollAndWait(*follower);
        QCOMPARE(checked.last().at(1).toInt(), 3);
        QCOMPARE(model.rowCount(), 8);
        QCOMPARE(inserted.size(), 1);   // one insert, at the newest edge
        QCOMPARE(inserted.first().at(1).toInt(), desc ? 0 : 5);
        const QList<qint64> after = cursorIds(model);
        QVERIFY(strictlyOrdered(after, desc));
        QCOMPARE(desc ? after.mid(3) : after.mid(0, 5), before);   // the old rows untouched
        QCOMPARE(model.message(desc ? 0 : 7).messageText(), QStringLiteral("live 2"));

        // Nothing new: nothing added, nothing repeated.
        pollAndWait(*follower);
        QCOMPARE(checked.last().at(1).toInt(), 0);
        QCOMPARE(model.rowCount(), 8);
        QCOMPARE(resets.size(), 0);
        QCOMPARE(QSet<qint64>(after.begin(), after.end()).size(), 8);
    }

    // More than a page between two polls: the follower pages back to the known rows.
    void burstLargerThanAPageArrivesWhole()
    {
        HistoryModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        openModel(model, true, 5);
        auto follower = followerFor(model);
        QSignalSpy requested(follower.get(), &HistoryFollower::pageRequested);
        QSignalSpy checked(follower.get(), &HistoryFollower::checked);
        follower->start();
        QTRY_COMPARE_WITH_TIMEOUT(checked.size(), 1, 20000);
        requested.clear();

        QVERIFY(send(47));
        pollAndWait(*follower);
        QCOMPARE(checked.last().at(1).toInt(), 47);
        QCOMPARE(requested.size(), 3);   // 20 + 20 + 7 (and the known row)
        QCOMPARE(requested.at(0).at(0).toLongLong(), 0);
        QVERIFY(requested.at(1).at(0).toLongLong() > requested.at(2).at(0).toLongLong());
        QCOMPARE(model.rowCount(), 52);
        const QList<qint64> ids = cursorIds(model);
        QVERIFY(strictlyOrdered(ids, true));
        QCOMPARE(model.message(0).messageText(), QStringLiteral("live 46"));
        QCOMPARE(model.message(46).messageText(), QStringLiteral("live 0"));
        QCOMPARE(model.message(47).messageText(), QStringLiteral("live 4"));   // the first page's newest
    }

    // New rows stored in the same millisecond as the newest known one (and as each other),
    // more than a page of them: each arrives exactly once.
    void equalMtimesNeitherMissedNorRepeated()
    {
        HistoryModel model;
        openModel(model, true);
        auto follower = followerFor(model);
        QSignalSpy checked(follower.get(), &HistoryFollower::checked);
        follower->start();
        QTRY_COMPARE_WITH_TIMEOUT(checked.size(), 1, 20000);

        sandbox::MessageStore &store = m_server->store();
        const qint64 sameMs = store.lastMtime();
        QCOMPARE(model.message(0).modifiedTime, sameMs);
        for (int i = 0; i < 33; ++i) {
            sandbox::StoredMessage m;
            m.category = sandbox::Category::Group;
            m.to = kGid;
            m.from = 7001;
            m.mid = 900000 + i;
            m.mtype = 51;
            m.mtime = sameMs;
            m.msg = QByteArray("same ms ") + QByteArray::number(i);
            QVERIFY(store.append(m) > 0);
        }
        pollAndWait(*follower);
        QCOMPARE(checked.last().at(1).toInt(), 33);
        QCOMPARE(model.rowCount(), 38);
        const QList<qint64> ids = cursorIds(model);
        QVERIFY(strictlyOrdered(ids, true));
        QCOMPARE(model.message(0).messageText(), QStringLiteral("same ms 32"));
        QCOMPARE(model.message(32).messageText(), QStringLiteral("same ms 0"));
        pollAndWait(*follower);
        QCOMPARE(checked.last().at(1).toInt(), 0);
        QCOMPARE(model.rowCount(), 38);
    }

    // The server goes away: every failed poll is reported and doubles the wait up to the cap;
    // when it is back the next poll catches up and the wait returns to the interval.
    void failuresBackOffAndRecover()
    {
        HistoryModel model;
        openModel(model, true);
        auto follower = followerFor(model);
        follower->setIntervalMs(kHourMs);
        follower->setMaxBackoffMs(3 * kHourMs);
        QSignalSpy checked(follower.get(), &HistoryFollower::checked);
        QSignalSpy failed(follower.get(), &HistoryFollower::errorOccurred);
        QSignalSpy stopped(follower.get(), &HistoryFollower::stopped);
        follower->start();
        QTRY_COMPARE_WITH_TIMEOUT(checked.size(), 1, 20000);
        QCOMPARE(follower->currentDelayMs(), kHourMs);

        const quint16 port = m_server->port();
        m_server->close();
        const QList<int> expected{2 * kHourMs, 3 * kHourMs, 3 * kHourMs};
        for (int i = 0; i < expected.size(); ++i) {
            pollAndWait(*follower);
            QCOMPARE(failed.size(), i + 1);
            QVERIFY2(failed.last().at(0).value<rtm::RtmError>().isError(), "the failure is reported");
            QCOMPARE(failed.last().at(1).toInt(), expected[i]);
            QCOMPARE(follower->currentDelayMs(), expected[i]);
            QVERIFY(follower->isRunning());
        }
        QVERIFY(stopped.isEmpty());

        // Messages stored while the server was unreachable to the follower.
        QVERIFY(m_server->listen(QHostAddress::LocalHost, port));
        QVERIFY(send(4));
        pollAndWait(*follower);
        QCOMPARE(checked.size(), 2);
        QCOMPARE(checked.last().at(1).toInt(), 4);
        QCOMPARE(follower->currentDelayMs(), kHourMs);
        QVERIFY(!follower->lastError().isError());
        QCOMPARE(model.rowCount(), 9);
        QVERIFY(strictlyOrdered(cursorIds(model), true));
    }

    void wrongSecretStopsWithTheReason()
    {
        service::SessionConfig bad = testutil::configFor(m_server->port(), QByteArrayLiteral("not-the-secret"));
        service::RtmSession session(bad);
        session.setAuditLog(nullptr);
        HistoryFollower follower(&session, groupTarget(true), 1);
        QSignalSpy stopped(&follower, &HistoryFollower::stopped);
        QSignalSpy failed(&follower, &HistoryFollower::errorOccurred);
        follower.start();
        QTRY_COMPARE_WITH_TIMEOUT(stopped.size(), 1, 20000);
        QCOMPARE(stopped.first().at(0).value<HistoryFollower::StopReason>(), HistoryFollower::StopReason::Fatal);
        QVERIFY2(stopped.first().at(1).toString().contains(QLatin1StringView("200002")) ||
                 stopped.first().at(1).toString().contains(QLatin1StringView("SIGN")),
                 qPrintable(stopped.first().at(1).toString()));
        QVERIFY(failed.isEmpty());
        QVERIFY(!follower.isRunning());
        follower.pollNow();   // stopped for good
        QVERIFY(!follower.isPolling());
    }

    void sessionGoneStops()
    {
        auto session = std::make_unique<service::RtmSession>(testutil::configFor(m_server->port()));
        session->setAuditLog(nullptr);
        HistoryFollower follower(session.get(), groupTarget(true), 1);
        follower.setIntervalMs(kHourMs);
        QSignalSpy checked(&follower, &HistoryFollower::checked);
        QSignalSpy stopped(&follower, &HistoryFollower::stopped);
        follower.start();
        QTRY_COMPARE_WITH_TIMEOUT(checked.size(), 1, 20000);
        follower.pollNow();
        QVERIFY(follower.isPolling());
        session.reset();   // with a poll in flight
        QCOMPARE(stopped.size(), 1);
        QCOMPARE(stopped.first().at(0).value<HistoryFollower::StopReason>(), HistoryFollower::StopReason::SessionGone);
        QVERIFY(!follower.isPolling());
    }

    // Whatever asks for polls meanwhile (the timer, pollNow() from a receiver), the follower
    // never has a second request out while one is in flight, paging back included.
    void neverTwoRequestsInFlight()
    {
        HistoryModel model;
        openModel(model, true);
        auto follower = followerFor(model);
        QSignalSpy checked(follower.get(), &HistoryFollower::checked);
        int requests = 0;
        int worst = 0;
        connect(follower.get(), &HistoryFollower::pageRequested, this, [&] {
            ++requests;
            worst = std::max(worst, m_reader->inFlightCount() + m_reader->queuedCount());
            if (requests < 20) {   // (bounded, so a follower that obeyed would fail, not loop)
                follower->pollNow();   // ignored: a request is out
                follower->pollNow();
            }
        });
        follower->start();
        QTRY_COMPARE_WITH_TIMEOUT(checked.size(), 1, 20000);
        QVERIFY(send(45));
        follower->pollNow();
        follower->pollNow();
        QTRY_COMPARE_WITH_TIMEOUT(checked.size(), 2, 20000);
        QCOMPARE(requests, 1 + 3);
        QCOMPARE(worst, 1);
        QCOMPARE(checked.last().at(1).toInt(), 45);
        QCOMPARE(model.rowCount(), 50);
    }

    // Held (Load all runs): polls wait, and the release polls at once.
    void heldPollsWaitForTheRelease()
    {
        HistoryModel model;
        openModel(model, true);
        auto follower = followerFor(model);
        QSignalSpy checked(follower.get(), &HistoryFollower::checked);
        QSignalSpy requested(follower.get(), &HistoryFollower::pageRequested);
        follower->start();
        QTRY_COMPARE_WITH_TIMEOUT(checked.size(), 1, 20000);
        follower->setHeld(true);
        QVERIFY(send(2));
        follower->pollNow();
        QCOMPARE(requested.size(), 1);
        QVERIFY(!follower->isPolling());
        follower->setHeld(false);
        QCOMPARE(requested.size(), 2);
        QTRY_COMPARE_WITH_TIMEOUT(checked.size(), 2, 20000);
        QCOMPARE(checked.last().at(1).toInt(), 2);
        QCOMPARE(model.rowCount(), 7);
    }

    // The interval counts from the answer: no poll is scheduled while one is in flight, the
    // next one is scheduled a whole interval after the answer.
    void intervalCountsFromTheAnswer()
    {
        HistoryModel model;
        openModel(model, true);
        auto follower = followerFor(model);
        auto *timer = follower->findChild<QTimer *>(QStringLiteral("followPollTimer"));
        QVERIFY(timer);
        QSignalSpy checked(follower.get(), &HistoryFollower::checked);
        bool scheduledWhileInFlight = false;
        connect(follower.get(), &HistoryFollower::pageRequested, this, [&] { scheduledWhileInFlight |= timer->isActive(); });
        follower->start();
        QVERIFY(follower->isPolling());
        QTRY_COMPARE_WITH_TIMEOUT(checked.size(), 1, 20000);
        QVERIFY(!scheduledWhileInFlight);
        QVERIFY(timer->isActive());
        QCOMPARE(timer->interval(), kHourMs);
        QVERIFY(timer->remainingTime() > kHourMs - 60'000);
    }

    // A pinned "To" time can never show new rows: refused without a request.
    void pinnedEndCannotBeFollowed()
    {
        HistoryTarget t = groupTarget(true);
        t.end = 1'700'000'000'000LL;
        QVERIFY(!HistoryFollower::unsupportedReason(t).isEmpty());
        HistoryFollower follower(m_reader.get(), t, 1);
        QSignalSpy stopped(&follower, &HistoryFollower::stopped);
        QSignalSpy requested(&follower, &HistoryFollower::pageRequested);
        follower.start();
        QCOMPARE(stopped.size(), 1);
        QVERIFY(requested.isEmpty());
    }

    // Rows at or below the newest known id never enter the table twice, even if handed again.
    void insertNewestDropsKnownRows()
    {
        HistoryModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        openModel(model, true);
        std::vector<rtm::HistoryMessage> again{model.message(0), model.message(1)};
        model.insertNewest(again);
        QCOMPARE(model.rowCount(), 5);
        rtm::HistoryMessage newer = model.message(0);
        newer.cursorId += 100;
        model.insertNewest({newer});
        QCOMPARE(model.rowCount(), 6);
        QCOMPARE(model.newestCursorId(), newer.cursorId);
        QCOMPARE(model.message(0).cursorId, newer.cursorId);
    }
};

QTEST_GUILESS_MAIN(TestHistoryFollower)
#include "tst_historyfollower.moc"
