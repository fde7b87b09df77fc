// Follow mode in a real history view against the in-process sandbox: new messages sent by
// another client are added without a reset (selection, filter and scroll position stay; the
// table stays at the newest edge only if it was there), tinted until looked at or timed out,
// counted in the status text; the toggle's shortcut; Load all holds the polls; a new
// connection, an edited conversation field or a failing server are handled and shown.
// Polls are driven with pollNow(): the interval setting is an hour.

#include <QAbstractItemModelTester>
#include <QAction>
#include <QComboBox>
#include <QPointer>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

#include "followcontrol.h"
#include "historyfilterproxy.h"
#include "historyview.h"
#include "service/historyfollower.h"
#include "service/historymodel.h"
#include "uitesthelpers.h"

using namespace ui;
using service::HistoryFollower;
using service::HistoryModel;
using uitest::child;

namespace {
constexpr int kHourMs = 3'600'000;

qint64 cursorAt(QTableView *table, int proxyRow)
{
    return table->model()->index(proxyRow, HistoryModel::CursorColumn).data(HistoryModel::SortRole).toLongLong();
}
} // namespace

class TestFollowControl : public QObject {
    Q_OBJECT
public:
    static void initMain() { uitest::isolateUserFiles(); }

private:
    QTemporaryDir m_dir;
    sandbox::SandboxOptions m_options;   // with a journal: a restarted server keeps its rows
    uitest::Sandbox m_sandbox;
    qint64 m_gid = 6100;                  // a new group per test
    std::unique_ptr<service::RtmSession> m_session;   // the console's
    std::unique_ptr<service::RtmSession> m_other;     // another client
    std::unique_ptr<HistoryView> m_view;

    FollowControl *control() { return child<FollowControl>(m_view.get(), "followControl"); }
    HistoryFollower *follower() { return m_view->findChild<HistoryFollower *>(); }
    QAction *toggle() { return child<QAction>(m_view.get(), "actionFollow"); }
    QLabel *status() { return child<QLabel>(m_view.get(), "followStatus"); }

    bool openGroup(int pageSize = 20)
    {
        child<QLineEdit>(m_view.get(), "historyUid")->setText(QStringLiteral("7001"));
        child<QLineEdit>(m_view.get(), "historyTarget")->setText(QString::number(m_gid));
        child<QSpinBox>(m_view.get(), "historyPageSize")->setValue(pageSize);
        if (!m_view->open())
            return false;
        return QTest::qWaitFor([&] { return m_view->model()->pagesLoaded() > 0 && !m_view->model()->isLoading(); }, 20000);
    }

    // Turns following on and waits for its first (empty) check.
    bool follow()
    {
        toggle()->trigger();
        if (!follower())
            return false;
        QSignalSpy checked(follower(), &HistoryFollower::checked);
        return checked.wait(20000) || !checked.isEmpty();
    }

    // One poll, answered.
    bool poll()
    {
        HistoryFollower *f = follower();
        if (!f)
            return false;
        QSignalSpy checked(f, &HistoryFollower::checked);
        QSignalSpy failed(f, &HistoryFollower::errorOccurred);
        f->pollNow();
        return QTest::qWaitFor([&] { return !checked.isEmpty() || !failed.isEmpty(); }, 20000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_options.dataFile = m_dir.filePath(QStringLiteral("sandbox.journal"));
        QVERIFY(m_sandbox.start(m_options));
        QSettings().setValue(QStringLiteral("history/followIntervalMs"), kHourMs);
        m_other = std::make_unique<service::RtmSession>(m_sandbox.config());
        m_other->setAuditLog(nullptr);
    }

    void init()
    {
        ++m_gid;
        m_session = std::make_unique<service::RtmSession>(m_sandbox.config());
        m_session->setAuditLog(nullptr);
        m_view = std::make_unique<HistoryView>(rtm::MessageCategory::Group);
        m_view->setSession(m_session.get());
        m_view->resize(1100, 420);
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    }

    void cleanup()
    {
        m_view.reset();
        m_session.reset();
    }

    void cleanupTestCase()
    {
        m_other.reset();
    }

    // At the newest edge: new rows show at the top, tinted, counted; nothing is reset and
    // the selection stays on its message.
    void newRowsAppearAtTheTopWithoutReset()
    {
        QVERIFY(!uitest::seedGroup(m_other.get(), m_gid, 6).isEmpty());
        QVERIFY(openGroup());
        QTableView *table = m_view->table();
        QAbstractItemModelTester tester(table->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(table->model()->rowCount(), 6);
        table->selectRow(2);
        const qint64 selected = cursorAt(table, 2);
        QSignalSpy resets(m_view->model(), &QAbstractItemModel::modelReset);

        QVERIFY(follow());
        QVERIFY(toggle()->isChecked());
        QDateTime pinned = QDateTime::currentDateTime();
        pinned.setTime(QTime(14, 3, 7));
        follower()->setClock([pinned] { return pinned; });
        QVERIFY(!uitest::seedGroup(m_other.get(), m_gid, 3, 1, 7101).isEmpty());
        QVERIFY(poll());

        QCOMPARE(table->model()->rowCount(), 9);
        QCOMPARE(resets.size(), 0);
        QCOMPARE(table->verticalScrollBar()->value(), 0);
        QCOMPARE(m_view->model()->message(0).messageText(), QStringLiteral("message 2 of group %1").arg(m_gid));
        QCOMPARE(m_view->model()->message(0).fromUid, qint64(7101));
        for (int r = 0; r < 3; ++r)
            QVERIFY(control()->isFresh(cursorAt(table, r)));
        QVERIFY(!control()->isFresh(cursorAt(table, 3)));
        const QModelIndexList rows = table->selectionModel()->selectedRows();
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.first().row(), 5);
        QCOMPARE(cursorAt(table, 5), selected);
        QCOMPARE(status()->text(), QStringLiteral("Following · checked 14:03:07 · 3 new"));
        QVERIFY(status()->isVisible());

        // Looking at a new row removes its tint; the rest go when the highlight time passes.
        table->setCurrentIndex(table->model()->index(0, 0));
        QVERIFY(!control()->isFresh(cursorAt(table, 0)));
        QVERIFY(control()->isFresh(cursorAt(table, 1)));
        control()->setHighlightMs(1);
        QVERIFY(!uitest::seedGroup(m_other.get(), m_gid, 1, 1, 7102).isEmpty());
        QVERIFY(poll());
        QTRY_VERIFY(!control()->isFresh(cursorAt(table, 0)));
        QVERIFY(control()->isFresh(cursorAt(table, 2)));   // each row keeps its own time
    }

    // Scrolled away from the newest edge: the rows on screen stay on screen. With a filter
    // active, only matching new rows show.
    void scrolledAwayStaysAndFilterApplies()
    {
        QVERIFY(!uitest::seedGroup(m_other.get(), m_gid, 40).isEmpty());
        QVERIFY(openGroup());
        QTableView *table = m_view->table();
        QAbstractItemModelTester tester(table->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        child<QPushButton>(m_view.get(), "historyLoadAll")->click();
        QTRY_VERIFY_WITH_TIMEOUT(m_view->model()->isAtEnd() && !m_view->model()->isLoading(), 20000);
        const int total = table->model()->rowCount();
        QVERIFY(total >= 40);
        QVERIFY(follow());

        QScrollBar *bar = table->verticalScrollBar();
        QVERIFY(bar->maximum() > 10);
        bar->setValue(10);
        const qint64 topBefore = cursorAt(table, table->rowAt(0));
        QVERIFY(!uitest::seedGroup(m_other.get(), m_gid, 4, 1, 7201).isEmpty());
        QVERIFY(poll());
        QCOMPARE(table->model()->rowCount(), total + 4);
        QCOMPARE(cursorAt(table, table->rowAt(0)), topBefore);

        // Filter by sender: of the next new rows only 7202's show.
        child<QLineEdit>(m_view.get(), "filterSender")->setText(QStringLiteral("7202"));
        m_view->applyFilterNow();
        QCOMPARE(table->model()->rowCount(), 0);
        QVERIFY(!uitest::seedGroup(m_other.get(), m_gid, 2, 1, 7202).isEmpty());
        QVERIFY(!uitest::seedGroup(m_other.get(), m_gid, 2, 1, 7203).isEmpty());
        QVERIFY(poll());
        QCOMPARE(m_view->model()->rowCount(), total + 8);
        QCOMPARE(table->model()->rowCount(), 2);
        QCOMPARE(table->model()->index(0, HistoryModel::FromColumn).data().toString(), QStringLiteral("7202"));
        QCOMPARE(status()->text().contains(QStringLiteral("8 new")), true);
    }

    void shortcutTogglesAndLoadAllHolds()
    {
        QVERIFY(!uitest::seedGroup(m_other.get(), m_gid, 30).isEmpty());
        QVERIFY(openGroup(5));
        m_view->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_view.get()));
        m_view->table()->setFocus();
        QTest::keyClick(m_view->table(), Qt::Key_L, Qt::ControlModifier | Qt::ShiftModifier);
        QVERIFY(toggle()->isChecked());
        QVERIFY(follower());

        m_view->loadAll();
        QVERIFY(m_view->model()->isLoadingAll());
        QVERIFY(follower()->isHeld());
        QCOMPARE(status()->text(), QStringLiteral("Following · paused while Load all runs"));
        QTRY_VERIFY_WITH_TIMEOUT(!m_view->model()->isLoadingAll(), 20000);
        QVERIFY(!follower()->isHeld());

        QTest::keyClick(m_view->table(), Qt::Key_L, Qt::ControlModifier | Qt::ShiftModifier);
        QVERIFY(!toggle()->isChecked());
        QTRY_VERIFY(!follower());
        QVERIFY(!status()->isVisible());
    }

    // A new connection ends following: the old follower is gone and nothing it asked for
    // reaches the table.
    void switchingConnectionStops()
    {
        QVERIFY(!uitest::seedGroup(m_other.get(), m_gid, 2).isEmpty());
        QVERIFY(openGroup());
        QVERIFY(follow());
        QPointer<HistoryFollower> old = follower();
        old->pollNow();   // a poll in flight while the connection changes
        QVERIFY(old->isPolling());
        QSignalSpy messages(m_view.get(), &HistoryView::statusMessage);

        service::RtmSession next(m_sandbox.config());
        next.setAuditLog(nullptr);
        m_view->setSession(&next);
        QVERIFY(!toggle()->isChecked());
        QVERIFY(!control()->isFollowing());
        QTRY_VERIFY(!old);
        QVERIFY(status()->text().contains(QStringLiteral("connection changed")));
        QVERIFY(!messages.isEmpty());
        m_view->setSession(nullptr);
    }

    void editingTheConversationStops()
    {
        QVERIFY(openGroup());
        QVERIFY(follow());
        QTest::keyClick(child<QLineEdit>(m_view.get(), "historyTarget"), Qt::Key_1);
        QVERIFY(!toggle()->isChecked());
        QVERIFY(status()->text().contains(QStringLiteral("conversation fields")));
        QTRY_VERIFY(!follower());

        // A different query (here: another order) after turning it on again also stops it.
        QVERIFY(openGroup());
        QVERIFY(follow());
        child<QComboBox>(m_view.get(), "historyOrder")->setCurrentIndex(1);
        QVERIFY(m_view->open());
        QVERIFY(!toggle()->isChecked());
        QVERIFY(status()->text().contains(QStringLiteral("query changed")));
    }

    // Errors are shown with the next try; following goes on and catches up afterwards.
    void failingServerIsShownAndRecovers()
    {
        QVERIFY(openGroup());
        QVERIFY(follow());
        const quint16 port = m_sandbox.port;
        m_sandbox.thread->stop();
        m_sandbox.thread.reset();
        QVERIFY(poll());
        QVERIFY2(status()->text().contains(QStringLiteral("✖")), qPrintable(status()->text()));
        QVERIFY(status()->text().contains(QStringLiteral("next try in")));
        QVERIFY(toggle()->isChecked());

        m_sandbox.thread = std::make_unique<sandbox::SandboxThread>(m_options);
        QSignalSpy started(m_sandbox.thread.get(), &sandbox::SandboxThread::started);
        m_sandbox.thread->start(QHostAddress::LocalHost, port);
        QVERIFY(QTest::qWaitFor([&] { return !started.isEmpty(); }, 20000));
        service::RtmSession sender(m_sandbox.config());
        sender.setAuditLog(nullptr);
        QVERIFY(!uitest::seedGroup(&sender, m_gid, 2, 1, 7301).isEmpty());
        QVERIFY(poll());
        QVERIFY2(status()->text().contains(QStringLiteral("2 new")), qPrintable(status()->text()));
        QCOMPARE(m_view->model()->message(0).fromUid, qint64(7301));
    }
};

QTEST_MAIN(TestFollowControl)
#include "tst_followcontrol.moc"
