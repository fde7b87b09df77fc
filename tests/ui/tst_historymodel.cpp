// HistoryModel against the in-process sandbox: paging with QAbstractItemModelTester,
// fetchMore doing nothing while a page is in flight, stale answers dropped, pages of
// hidden (deleted) rows skipped, "load all" and its cancel, errors stop the paging.

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include "service/historymodel.h"
#include "service/rtmsession.h"
#include "uitesthelpers.h"

using service::HistoryModel;
using service::HistoryTarget;

class TestHistoryModel : public QObject {
    Q_OBJECT
public:
    static void initMain() { uitest::isolateUserFiles(); }

private:
    uitest::Sandbox m_sandbox;
    std::unique_ptr<service::RtmSession> m_session;
    QList<qint64> m_mids45;     // group 5001: 45 messages
    QList<qint64> m_mids12;     // group 5003: 12 messages
    int m_requests = 0;
    int m_totals = 0;           // getmsgnum calls

    HistoryTarget group(qint64 gid, bool desc = true, int pageSize = 20) const
    {
        HistoryTarget t;
        t.category = rtm::MessageCategory::Group;
        t.uid = 7001;
        t.target = gid;
        t.desc = desc;
        t.pageSize = pageSize;
        return t;
    }

    // Nothing on its way: the model is idle and the session has no request queued or in
    // flight, so no (late) answer can still arrive and no page can still be asked for.
    bool settled(const HistoryModel &model) const
    {
        return !model.isLoading() && m_session->queuedCount() + m_session->inFlightCount() == 0;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_sandbox.start());
        m_session = std::make_unique<service::RtmSession>(m_sandbox.config());
        m_session->setAuditLog(nullptr);
        connect(m_session.get(), &service::RtmSession::activity, this, [this](const service::ActivityEntry &e) {
            if (e.method.startsWith(QLatin1String("get")) && e.method.endsWith(QLatin1String("msg")))
                ++m_requests;
            if (e.method == QLatin1String("getmsgnum"))
                ++m_totals;
        });
        m_mids45 = uitest::seedGroup(m_session.get(), 5001, 45);
        QCOMPARE(m_mids45.size(), 45);
        m_mids12 = uitest::seedGroup(m_session.get(), 5003, 12);
        QCOMPARE(m_mids12.size(), 12);
        // Group 5002: 45 messages, the 20 newest deleted — the first newest-first page is all hidden.
        const QList<qint64> mids = uitest::seedGroup(m_session.get(), 5002, 45);
        QCOMPARE(mids.size(), 45);
        for (int i = 25; i < 45; ++i) {
            const auto r = service::waitForReply(m_session->deleteGroupMessage(mids[i], 7001 + i % 3, 5002));
            QVERIFY2(r.ok(), qPrintable(r.error.name));
        }
    }

    void pagesToTheEndUnderTheTester()
    {
        // The tester behaves like a view: it calls fetchMore() after every change, so the
        // model pages to the end by itself — one request per page, never two at once.
        HistoryModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSession(m_session.get());
        QVERIFY(!model.canFetchMore({}));      // no target yet
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        const int before = m_requests;
        model.setTarget(group(5001));
        while (!model.isAtEnd()) {
            QVERIFY(model.isLoading() || model.canFetchMore({}));
            if (model.isLoading()) {
                QVERIFY(!model.canFetchMore({}));
                model.fetchMore({});           // must do nothing while a page is in flight
                model.fetchMore({});
            } else {
                model.fetchMore({});
            }
            QVERIFY(QTest::qWaitFor([&] { return !model.isLoading() || model.hasFailed(); }, 20000));
            QVERIFY(!model.hasFailed());
        }
        QTRY_VERIFY(!model.isLoading());
        QCOMPARE(model.rowCount(), 45);
        QCOMPARE(inserted.count(), 3);            // one beginInsertRows per page
        QTRY_VERIFY(settled(model));
        QCOMPARE(m_requests, before + 3);         // 20 + 20 + 5: three requests, no more
        QVERIFY(!model.canFetchMore({}));
        QCOMPARE(model.footerText(), QStringLiteral("all 45 loaded"));
        // Newest first, every mid once.
        QSet<qint64> seen;
        for (int r = 0; r < model.rowCount(); ++r) {
            seen.insert(model.message(r).messageId);
            if (r > 0)
                QVERIFY(model.message(r - 1).modifiedTime >= model.message(r).modifiedTime);
        }
        QCOMPARE(seen.size(), 45);
        QCOMPARE(model.message(0).messageId, m_mids45.last());
    }

    void oldestFirstAndSmallPages()
    {
        HistoryModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSession(m_session.get());
        model.setTarget(group(5003, false, 5));
        QTRY_VERIFY(model.isAtEnd() && !model.isLoading());
        QCOMPARE(model.rowCount(), 12);
        QCOMPARE(model.pagesLoaded(), 3);
        QCOMPARE(model.message(0).messageId, m_mids12.first());
        QCOMPARE(model.message(11).messageId, m_mids12.last());
    }

    void fetchMoreDoesNothingWhileAPageIsInFlight()
    {
        // Without a tester, so the test alone decides when to fetch.
        HistoryModel model;
        model.setSession(m_session.get());
        model.setTarget(group(5001));
        const int before = m_requests;
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.fetchMore({});
        QVERIFY(model.isLoading());
        QVERIFY(!model.canFetchMore({}));
        model.fetchMore({});
        model.fetchMore({});
        QTRY_VERIFY(!model.isLoading());
        QTRY_COMPARE(m_requests, before + 1);
        QCOMPARE(model.rowCount(), 20);
        QCOMPARE(inserted.count(), 1);
        QTRY_VERIFY(settled(model));
        QCOMPARE(model.rowCount(), 20);
        QCOMPARE(m_requests, before + 1);
        QVERIFY(model.canFetchMore({}));
        QCOMPARE(model.footerText(), QStringLiteral("20 loaded, more available"));
    }

    void staleAnswersAreIgnored()
    {
        // No tester here: it would fetch on its own.
        HistoryModel model;
        model.setSession(m_session.get());
        model.setTarget(group(5001));
        model.fetchMore({});
        QVERIFY(model.isLoading());
        // The query changes while the first page is on its way.
        model.setTarget(group(5003));
        QVERIFY(!model.isLoading());
        model.fetchMore({});
        QTRY_VERIFY(!model.isLoading());
        QTRY_COMPARE(m_requests > 0, true);
        QTRY_VERIFY(settled(model));   // the late answer for 5001 has arrived too
        QCOMPARE(model.rowCount(), 12);
        for (int r = 0; r < model.rowCount(); ++r)
            QCOMPARE(model.message(r).toId, qint64(5003));
        QVERIFY(!model.hasFailed());

        // Same conversation, other order: only the new order's rows.
        model.setTarget(group(5001, true));
        model.fetchMore({});
        model.setTarget(group(5001, false));
        model.fetchMore({});
        QTRY_VERIFY(settled(model));
        QCOMPARE(model.rowCount(), 20);
        QCOMPARE(model.message(0).messageId, m_mids45.first());
    }

    void pagesOfHiddenRowsAreSkipped()
    {
        // Plain model, one fetchMore(): page 1 holds only deleted rows, so the model asks
        // for page 2 by itself instead of leaving the view with nothing.
        HistoryModel model;
        model.setSession(m_session.get());
        model.setTarget(group(5002));
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.fetchMore({});
        QTRY_COMPARE(model.rowCount(), 20);
        QTRY_VERIFY(!model.isLoading());
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(model.hiddenCount(), 20);
        QCOMPARE(model.pagesLoaded(), 2);
        for (int r = 0; r < model.rowCount(); ++r)
            QVERIFY(!model.message(r).deleted);
        QVERIFY(model.footerText().contains(QStringLiteral("20 deleted hidden")));

        // Under the tester, to the end: 25 visible rows.
        HistoryModel tested;
        QAbstractItemModelTester tester(&tested, QAbstractItemModelTester::FailureReportingMode::QtTest);
        tested.setSession(m_session.get());
        tested.setTarget(group(5002));
        QTRY_VERIFY(tested.isAtEnd() && !tested.isLoading());
        QCOMPARE(tested.rowCount(), 25);
        QCOMPARE(tested.hiddenCount(), 20);

        // "Show deleted": the deleted rows are there, marked.
        HistoryTarget shown = group(5002);
        shown.showDeleted = true;
        model.setTarget(shown);
        model.fetchMore({});
        QTRY_COMPARE(model.rowCount(), 20);
        QTRY_VERIFY(!model.isLoading());
        for (int r = 0; r < model.rowCount(); ++r) {
            QVERIFY(model.index(r, 0).data(HistoryModel::DeletedRole).toBool());
            QCOMPARE(model.index(r, HistoryModel::StatusColumn).data().toString(), QStringLiteral("deleted"));
        }
    }

    void loadAllAndCancel()
    {
        HistoryModel model;
        model.setSession(m_session.get());
        model.setTarget(group(5001, true, 7));
        QSignalSpy finished(&model, &HistoryModel::loadAllFinished);
        model.loadAll();
        QTRY_COMPARE(finished.count(), 1);
        QCOMPARE(finished.first().first().toBool(), true);
        QCOMPARE(model.rowCount(), 45);
        QVERIFY(model.isAtEnd());

        model.setTarget(group(5001, true, 5));
        finished.clear();
        model.loadAll();
        model.cancelLoadAll();
        QCOMPARE(finished.count(), 1);
        QCOMPARE(finished.first().first().toBool(), false);
        QTRY_VERIFY(settled(model));
        QCOMPARE(model.rowCount(), 5);          // the page already asked for, nothing more
        QVERIFY(model.canFetchMore({}));
    }

    void queuedRowsArriveInFewInserts()
    {
        // 50 pages of 20 rows fed like a loader would; the test decides when the batches
        // go in (coalesce < 0): one insert per 10 pages, every row once and in order.
        HistoryModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setTarget(group(5001));
        model.setCoalesceMs(-1);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy status(&model, &HistoryModel::statusChanged);
        qint64 cursor = 1000;
        for (int page = 0; page < 50; ++page) {
            std::vector<rtm::HistoryMessage> rows;
            for (int i = 0; i < 20; ++i) {
                rtm::HistoryMessage m;
                m.cursorId = --cursor;
                m.messageId = cursor;
                m.fromUid = 7001;
                m.deleted = i == 19;   // hidden: showDeleted is off
                rows.push_back(m);
            }
            model.queueMessages(std::move(rows));
            if (page % 10 == 9) {
                QCOMPARE(model.rowCount(), (page - 9) * 19);   // nothing shown before the flush
                QCOMPARE(model.queuedCount(), 10 * 19);
                model.flushQueued();
                QCOMPARE(model.queuedCount(), 0);
            }
        }
        QCOMPARE(inserted.count(), 5);
        QCOMPARE(status.count(), 5);
        QCOMPARE(model.rowCount(), 50 * 19);
        QCOMPARE(model.hiddenCount(), 50);
        QCOMPARE(model.loadAllProgress().loaded(), 50 * 19);
        qint64 expected = 999;
        for (int r = 0; r < model.rowCount(); ++r, --expected) {
            if (expected % 20 == 0)   // the deleted one of each page (cursor 980, 960, …)
                --expected;
            QCOMPARE(model.message(r).cursorId, expected);
        }
    }

    void loadAllBatchesItsPages()
    {
        // Group 5001, 45 messages in pages of 5: ten pages (the last one empty). Batched by
        // the test's own flush after every third page, the view sees three inserts.
        HistoryModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSession(m_session.get());
        model.setCoalesceMs(-1);
        QSignalSpy loading(&model, &HistoryModel::loadingChanged);
        model.setTarget(group(5001, true, 5));   // the tester asks for the first page at once
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy finished(&model, &HistoryModel::loadAllFinished);
        int pages = 0;
        connect(&model, &HistoryModel::pageLoaded, this, [&] {
            if (++pages % 3 == 0 && pages < 9)   // after pages 3 and 6
                model.flushQueued();
        });
        model.loadAll();
        QTRY_COMPARE(finished.count(), 1);
        QCOMPARE(finished.first().first().toBool(), true);
        QCOMPARE(pages, 10);               // nine full pages and an empty one
        QCOMPARE(model.pagesLoaded(), 10);
        QCOMPARE(inserted.count(), 3);     // pages 1-3, 4-6, and 7-10 when Load all ended
        QCOMPARE(model.queuedCount(), 0);
        QCOMPARE(loading.count(), 2);      // on, then off once: no flicker between pages
        QCOMPARE(loading.last().first().toBool(), false);
        QCOMPARE(model.rowCount(), 45);
        for (int r = 0; r < 45; ++r)       // newest first, every message once
            QCOMPARE(model.message(r).messageId, m_mids45[44 - r]);
        QVERIFY(!model.isPartial());
        QCOMPARE(model.footerText(), QStringLiteral("all 45 loaded"));
    }

    void cancelKeepsTheRowsLoadedSoFar()
    {
        // No tester here: it fetches more after every insert, like a view at the bottom.
        HistoryModel model;
        model.setSession(m_session.get());
        model.setCoalesceMs(-1);
        model.setTarget(group(5001, true, 5));
        QSignalSpy finished(&model, &HistoryModel::loadAllFinished);
        int pages = 0;
        const auto c = connect(&model, &HistoryModel::pageLoaded, this, [&] {
            if (++pages == 3)
                model.cancelLoadAll();   // 15 rows queued, none shown yet
        });
        model.loadAll();
        QTRY_COMPARE(finished.count(), 1);
        disconnect(c);
        QCOMPARE(finished.first().first().toBool(), false);
        QTRY_VERIFY(settled(model));
        QCOMPARE(model.rowCount(), 15);
        QCOMPARE(model.queuedCount(), 0);
        for (int r = 0; r < 15; ++r)
            QCOMPARE(model.message(r).messageId, m_mids45[44 - r]);
        QVERIFY(model.isPartial());
        QVERIFY2(model.footerText().contains(QStringLiteral("partial")), qPrintable(model.footerText()));
        QVERIFY(model.canFetchMore({}));

        // Load all again goes on from there to the end: no longer partial.
        finished.clear();
        model.loadAll();
        QVERIFY(!model.isPartial());
        QTRY_COMPARE(finished.count(), 1);
        QCOMPARE(finished.first().first().toBool(), true);
        QCOMPARE(model.rowCount(), 45);
        QCOMPARE(model.message(44).messageId, m_mids45.first());
        QVERIFY(!model.footerText().contains(QStringLiteral("partial")));
    }

    void progressHasTotalAndEtaForGroups()
    {
        // The clock is the test's: three pages (15 messages) in 3 s, 30 to go → 6 s left.
        qint64 now = 50'000;
        HistoryModel model;
        model.setSession(m_session.get());
        model.setProgressClock([&now] { return now; });
        model.setCoalesceMs(-1);
        model.setTarget(group(5001, true, 5));
        QSignalSpy finished(&model, &HistoryModel::loadAllFinished);
        const int totals = m_totals;
        QString atThree;
        bool totalKnown = false;
        connect(&model, &HistoryModel::pageLoaded, this, [&] {
            now += 1000;
            if (model.pagesLoaded() == 3) {
                model.flushQueued();
                // getmsgnum went out before the first page on the same connection, and
                // answers come in order: the total is there.
                totalKnown = model.loadAllProgress().hasTotal();
                atThree = model.loadAllProgress().text();
            }
        });
        model.loadAll();
        QCOMPARE(model.loadAllProgress().text(), QStringLiteral("0 loaded · page 0"));   // total not yet
        QTRY_COMPARE(finished.count(), 1);
        QVERIFY(totalKnown);
        QTRY_COMPARE(m_totals, totals + 1);   // the activity entry follows the answer
        QCOMPARE(atThree, QStringLiteral("15 of 45 loaded · page 3 · ETA 0:06"));
        QCOMPARE(model.loadAllProgress().etaMs(), 0);
        QCOMPARE(model.loadAllProgress().text(), QStringLiteral("45 of 45 loaded · page 10 · ETA 0:00"));
    }

    void progressCountsOnlyForP2P()
    {
        // getmsgnum counts groups and rooms only: P2P shows the count and the pages.
        const service::ReplyResult sent = service::waitForReply(
            m_session->sendMessage(51, 7101, 7102, rtm::MessageBody::text(QStringLiteral("p2p")), QByteArray()));
        QVERIFY(sent.ok());
        HistoryModel model;
        model.setSession(m_session.get());
        HistoryTarget t;
        t.category = rtm::MessageCategory::P2P;
        t.uid = 7101;
        t.target = 7102;
        model.setTarget(t);
        const int before = m_requests;
        const int totals = m_totals;
        QSignalSpy finished(&model, &HistoryModel::loadAllFinished);
        model.loadAll();
        QTRY_COMPARE(finished.count(), 1);
        QTRY_VERIFY(settled(model));
        QTRY_COMPARE(m_requests, before + 1);   // one page…
        QCOMPARE(m_totals, totals);             // …and no getmsgnum
        QVERIFY(!model.loadAllProgress().hasTotal());
        QCOMPARE(model.loadAllProgress().text(), QStringLiteral("1 loaded · page 1"));
    }

    void markDeletedRemovesOrMarks()
    {
        HistoryModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSession(m_session.get());
        model.setTarget(group(5003));
        model.fetchMore({});
        QTRY_COMPARE(model.rowCount(), 12);
        const qint64 cursor = model.message(3).cursorId;
        model.markDeleted(3);
        QCOMPARE(model.rowCount(), 11);
        QCOMPARE(model.rowForCursor(cursor), -1);
        model.markDeleteFailed(0, rtm::RtmError::fromCode(20003));
        QCOMPARE(model.rowState(0), HistoryModel::RowState::DeleteFailed);
        QVERIFY(model.index(0, HistoryModel::StatusColumn).data().toString().contains(QStringLiteral("FPNN_EC_CORE_TIMEOUT")));
    }

    void errorsStopPagingUntilRetry()
    {
        service::SessionConfig c = m_sandbox.config();
        c.port = 1;   // nothing listens there
        c.defaultTimeoutMs = 3000;
        service::RtmSession dead(c);
        dead.setAuditLog(nullptr);
        HistoryModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSession(&dead);
        model.setTarget(group(5001));
        QSignalSpy errors(&model, &HistoryModel::errorOccurred);
        model.fetchMore({});
        QTRY_COMPARE_WITH_TIMEOUT(errors.count(), 1, 10000);
        QVERIFY(model.hasFailed());
        QVERIFY(!model.canFetchMore({}));      // no hammering of a dead server
        QVERIFY(model.footerText().contains(QStringLiteral("failed")));
        model.setSession(m_session.get());      // e.g. after reconnecting
        QVERIFY(!model.hasFailed());
        QTRY_VERIFY(model.isAtEnd());          // the tester fetches like a view
        QCOMPARE(model.rowCount(), 45);
    }

    void cleanupTestCase()
    {
        m_session.reset();
        m_sandbox.thread.reset();
    }
};

QTEST_GUILESS_MAIN(TestHistoryModel)
#include "tst_historymodel.moc"
