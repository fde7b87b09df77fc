// The history cursor guard: a full page must move lastid strictly in the paging direction,
// and HistoryModel's Load all stops with an error instead of paging forever.

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "servicetestutil.h"
#include "service/historycursor.h"
#include "service/historymodel.h"
#include "service/rtmsession.h"

class TestHistoryCursor : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        qputenv("RTM_AUDIT_LOG", m_dir.filePath(QStringLiteral("audit.jsonl")).toUtf8());
    }

    void advance_data()
    {
        QTest::addColumn<bool>("desc");
        QTest::addColumn<qint64>("previous");
        QTest::addColumn<qint64>("next");
        QTest::addColumn<bool>("advanced");
        QTest::newRow("first page, desc") << true << qint64(0) << qint64(90) << true;
        QTest::newRow("first page, asc") << false << qint64(0) << qint64(5) << true;
        QTest::newRow("desc goes down") << true << qint64(90) << qint64(70) << true;
        QTest::newRow("asc goes up") << false << qint64(5) << qint64(25) << true;
        QTest::newRow("desc repeats") << true << qint64(70) << qint64(70) << false;
        QTest::newRow("asc repeats") << false << qint64(25) << qint64(25) << false;
        QTest::newRow("desc goes back up") << true << qint64(70) << qint64(90) << false;
        QTest::newRow("asc goes back down") << false << qint64(25) << qint64(5) << false;
        QTest::newRow("restart at 0 after a page") << false << qint64(25) << qint64(0) << false;
        QTest::newRow("0 on the first full page") << true << qint64(0) << qint64(0) << false;
    }

    void advance()
    {
        QFETCH(bool, desc);
        QFETCH(qint64, previous);
        QFETCH(qint64, next);
        QFETCH(bool, advanced);
        const rtm::RtmError e = service::checkCursorAdvanced(desc, previous, next);
        QCOMPARE(!e.isError(), advanced);
        if (!advanced) {
            QCOMPARE(e.code, int(rtm::CursorNotAdvancing));
            QCOMPARE(e.name, QStringLiteral("CONSOLE_EC_CURSOR_NOT_ADVANCING"));
            QVERIFY2(e.message.contains(QStringLiteral("server cursor did not advance: lastid %1 after %2")
                                            .arg(next)
                                            .arg(previous)),
                     qPrintable(e.message));
        }
    }

    // GIVEN a server whose lastid cycles 30, 20, 30, … on full pages
    // WHEN the model loads all pages
    // THEN it stops after the third page with CursorNotAdvancing, keeping the first two.
    void loadAllStopsOnACyclingCursor()
    {
        testutil::CyclingHistoryServer server({30, 20});
        QVERIFY(server.port() != 0);
        service::RtmSession session(testutil::configFor(server.port()));
        session.setAuditLog(nullptr);
        service::HistoryModel model;
        model.setSession(&session);
        service::HistoryTarget target;
        target.category = rtm::MessageCategory::Group;
        target.uid = 1;
        target.target = 2;
        target.desc = true;
        target.pageSize = 3;
        model.setTarget(target);

        QSignalSpy finished(&model, &service::HistoryModel::loadAllFinished);
        QSignalSpy errors(&model, &service::HistoryModel::errorOccurred);
        model.loadAll();
        QVERIFY(finished.wait(20000));
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.at(0).at(0).toBool(), false);
        QCOMPARE(errors.size(), 1);
        QCOMPARE(model.lastError().code, int(rtm::CursorNotAdvancing));
        QVERIFY2(model.lastError().message.contains(QStringLiteral("server cursor did not advance: lastid 30 after 20")),
                 qPrintable(model.lastError().message));
        QCOMPARE(server.quests, 3);
        QCOMPARE(model.pagesLoaded(), 2);
        QCOMPARE(model.rowCount(), 6);
        QVERIFY(!model.canFetchMore({}));   // no silent retry behind the user's back
        QVERIFY(!model.isLoading());
    }
};

QTEST_GUILESS_MAIN(TestHistoryCursor)
#include "tst_historycursor.moc"
