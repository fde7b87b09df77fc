// Support workflows in the main window against the in-process sandbox: "Open P2P with this
// user" from group and P2P rows (which uid is "us", nothing left for another connection),
// deleting after a sort deletes exactly the rows selected in the sorted table (mids above
// 2^53), and the Message menu offers the current tab's row actions.

#include <algorithm>

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QSet>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

#include "connectionstatus.h"
#include "deleteconfirmdialog.h"
#include "deletecontroller.h"
#include "historyfilterproxy.h"
#include "historyview.h"
#include "mainwindow.h"
#include "common/mainwindowparts.h"
#include "secretstore.h"
#include "service/historymodel.h"
#include "uitesthelpers.h"

using namespace ui;
using service::HistoryModel;

using uitest::child;

namespace {

void setIds(HistoryView *view, qint64 uid, qint64 target)
{
    child<QLineEdit>(view, "historyUid")->setText(QString::number(uid));
    if (auto *t = view->findChild<QLineEdit *>(QStringLiteral("historyTarget")))
        t->setText(QString::number(target));
}

void selectProxyRows(HistoryView *view, const QList<int> &rows)
{
    QTableView *table = view->table();
    table->clearSelection();
    table->selectionModel()->setCurrentIndex(table->model()->index(rows.first(), 0), QItemSelectionModel::NoUpdate);
    for (int r : rows)
        table->selectionModel()->select(table->model()->index(r, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
}

// The proxy row showing the first message from `from`, or -1.
int proxyRowFrom(HistoryView *view, qint64 from)
{
    for (int r = 0; r < view->proxy()->rowCount(); ++r)
        if (view->model()->message(view->proxy()->mapToSource(view->proxy()->index(r, 0)).row()).fromUid == from)
            return r;
    return -1;
}

void clickHeader(HistoryView *view, int column)
{
    QHeaderView *h = view->table()->horizontalHeader();
    const int x = h->sectionViewportPosition(column) + h->sectionSize(column) / 2;
    QTest::mouseClick(h->viewport(), Qt::LeftButton, {}, QPoint(x, h->height() / 2));
}

} // namespace

class TestHistoryWorkflows : public QObject {
    Q_OBJECT
public:
    static void initMain() { uitest::isolateUserFiles(); }

private:
    MemorySecretStore *m_secrets = nullptr;
    std::unique_ptr<MainWindow> m_window;

    service::RtmSession *session() { return m_window->session(); }

    HistoryView *openFully(rtm::MessageCategory category, qint64 uid, qint64 target)
    {
        HistoryView *view = rtmtest::historyView(*m_window, category);
        rtmtest::tabs(*m_window)->setCurrentWidget(view);
        setIds(view, uid, target);
        if (!view->open())
            return nullptr;
        child<QPushButton>(view, "historyLoadAll")->click();
        if (!QTest::qWaitFor([&] { return view->model()->isAtEnd() && !view->model()->isLoading(); }, 20000))
            return nullptr;
        return view;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_secrets = new MemorySecretStore(this);
        m_window = std::make_unique<MainWindow>(m_secrets);
        m_window->resize(1400, 900);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QSignalSpy started(m_window.get(), &MainWindow::sandboxStarted);
        m_window->startSandbox();
        QVERIFY(started.wait(60000));
        QVERIFY(session());
        QTRY_COMPARE_WITH_TIMEOUT(rtmtest::connectionStatus(*m_window)->stateText(), QStringLiteral("Connected"), 10000);
    }

    void openP2PFromAGroupRow()
    {
        QCOMPARE(uitest::seedGroup(session(), 6501, 6, 3, 8001).size(), 6);   // senders 8001..8003
        QVERIFY(service::waitForReply(session()->sendMessage(51, 8001, 8002, rtm::MessageBody::text(QStringLiteral("hi 8002")), {})).ok());
        QVERIFY(service::waitForReply(session()->sendMessage(51, 8002, 8001, rtm::MessageBody::text(QStringLiteral("hi 8001")), {})).ok());
        HistoryView *group = openFully(rtm::MessageCategory::Group, 8001, 6501);
        QVERIFY(group);
        auto *open = child<QAction>(group, "actionOpenP2P");

        // The reader's own message: no other user.
        selectProxyRows(group, {proxyRowFrom(group, 8001)});
        QVERIFY(!open->isEnabled());
        QVERIFY2(open->toolTip().contains(QStringLiteral("reader uid")), qPrintable(open->toolTip()));

        // A row from 8002: the P2P tab opens 8001 ↔ 8002 and loads it.
        selectProxyRows(group, {proxyRowFrom(group, 8002)});
        QVERIFY(open->isEnabled());
        open->trigger();
        HistoryView *p2p = rtmtest::historyView(*m_window, rtm::MessageCategory::P2P);
        QCOMPARE(rtmtest::tabs(*m_window)->currentWidget(), p2p);
        QCOMPARE(child<QLineEdit>(p2p, "historyUid")->text(), QStringLiteral("8001"));
        QCOMPARE(child<QLineEdit>(p2p, "historyTarget")->text(), QStringLiteral("8002"));
        QCOMPARE(p2p->model()->target().uid, qint64(8001));
        QCOMPARE(p2p->model()->target().target, qint64(8002));
        QTRY_COMPARE(p2p->model()->rowCount(), 2);
        for (int r = 0; r < 2; ++r) {
            const rtm::HistoryMessage &m = p2p->model()->message(r);
            QVERIFY(m.fromUid == 8001 || m.fromUid == 8002);
        }

        // Several rows selected: off, and says why.
        selectProxyRows(group, {0, 1});
        QVERIFY(!open->isEnabled());
        QVERIFY(open->toolTip().contains(QStringLiteral("single row")));

        // From a P2P row the peer is the other party of the row, whoever sent it.
        auto *p2pOpen = child<QAction>(p2p, "actionOpenP2P");
        for (qint64 sender : {8001, 8002}) {
            selectProxyRows(p2p, {proxyRowFrom(p2p, sender)});
            QVERIFY(p2pOpen->isEnabled());
            setIds(p2p, 1, 1);   // the fields are filled again from the loaded conversation
            p2pOpen->trigger();
            QCOMPARE(child<QLineEdit>(p2p, "historyUid")->text(), QStringLiteral("8001"));
            QCOMPARE(child<QLineEdit>(p2p, "historyTarget")->text(), QStringLiteral("8002"));
            QTRY_COMPARE(p2p->model()->rowCount(), 2);
        }
    }

    void deleteAfterSortDeletesTheSelectedMids()
    {
        // Mids above 2^53 that the server order (newest first) does not sort.
        const qint64 base = (qint64(1) << 60) + 1;
        const QList<qint64> offsets{7, 2, 11, 0, 5, 9, 1, 10, 3, 8, 4, 6};
        QList<qint64> mids;
        for (int i = 0; i < offsets.size(); ++i) {
            const qint64 mid = base + offsets[i];
            QVERIFY(service::waitForReply(session()->sendGroupMessage(51, 8100 + i % 4, 6502,
                                                                      rtm::MessageBody::text(QStringLiteral("sorted %1").arg(i)),
                                                                      {}, mid)).ok());
            mids << mid;
        }
        HistoryView *view = openFully(rtm::MessageCategory::Group, 8100, 6502);
        QVERIFY(view);
        QCOMPARE(view->model()->rowCount(), 12);
        clickHeader(view, HistoryModel::MidColumn);
        clickHeader(view, HistoryModel::MidColumn);   // largest mid first
        QCOMPARE(view->proxy()->sortOrder(), Qt::DescendingOrder);
        QList<qint64> sorted = mids;
        std::sort(sorted.begin(), sorted.end(), std::greater<>());
        const QList<qint64> chosen{sorted[0], sorted[3], sorted[5]};

        selectProxyRows(view, {0, 3, 5});
        child<QAction>(view, "actionCopyMid")->trigger();
        QCOMPARE(QApplication::clipboard()->text(),
                 QStringLiteral("%1\n%2\n%3").arg(chosen[0]).arg(chosen[1]).arg(chosen[2]));

        child<QAction>(view, "actionDelete")->trigger();
        DeleteConfirmDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = view->deleteController()->confirmDialog()) && dialog->isVisible());
        QVERIFY(dialog->questionText().startsWith(QStringLiteral("Delete 3 group messages")));
        uitest::child<QPushButton>(dialog, "deleteConfirm")->click();
        QTRY_VERIFY(!view->deleteController()->isRunning());
        QTRY_COMPARE(view->model()->rowCount(), 9);
        QList<qint64> left;
        for (int r = 0; r < view->model()->rowCount(); ++r)
            left << view->model()->message(r).messageId;
        for (qint64 mid : mids)
            QCOMPARE(left.contains(mid), !chosen.contains(mid));
        // Still sorted, the rest in place.
        QCOMPARE(view->model()->message(view->proxy()->mapToSource(view->proxy()->index(0, 0)).row()).messageId, sorted[1]);

        // The server agrees.
        rtm::HistoryQuery q;
        q.num = 20;
        const auto page = service::waitForReply(session()->getGroupMessage(8100, 6502, q));
        QVERIFY(page.ok());
        int alive = 0;
        for (const auto &m : page.history.messages) {
            if (m.deleted)
                QVERIFY(chosen.contains(m.messageId));
            else {
                ++alive;
                QVERIFY(!chosen.contains(m.messageId));
            }
        }
        QCOMPARE(alive, 9);
    }

    void messageMenuHasTheCurrentTabsActions()
    {
        auto *menu = child<QMenu>(m_window.get(), "menuMessage");
        HistoryView *group = rtmtest::historyView(*m_window, rtm::MessageCategory::Group);
        rtmtest::tabs(*m_window)->setCurrentWidget(group);
        emit menu->aboutToShow();
        QVERIFY(menu->actions().contains(child<QAction>(group, "actionCopyMid")));
        QVERIFY(menu->actions().contains(child<QAction>(group, "actionFilterBySender")));
        QVERIFY(menu->actions().contains(child<QAction>(group, "actionRestoreServerOrder")));
        HistoryView *room = rtmtest::historyView(*m_window, rtm::MessageCategory::Room);
        rtmtest::tabs(*m_window)->setCurrentWidget(room);
        emit menu->aboutToShow();
        QVERIFY(menu->actions().contains(child<QAction>(room, "actionCopyMid")));
        QVERIFY(!menu->actions().contains(child<QAction>(group, "actionCopyMid")));
        // Emptied once closed, so no tab's shortcuts stay in the menu bar to clash.
        emit menu->aboutToHide();
        QTRY_VERIFY(menu->actions().isEmpty());
        rtmtest::tabs(*m_window)->setCurrentIndex(0);   // Send: nothing to act on
        emit menu->aboutToShow();
        QCOMPARE(menu->actions().size(), 1);
        QVERIFY(!menu->actions().first()->isEnabled());
    }

    // A shortcut reachable in a history tab (the tab's own actions, the window's menus) means
    // one thing only: two actions on one key make Qt fire neither ("ambiguous shortcut").
    void shortcutsAreUniqueInEveryHistoryTab()
    {
        QSet<QAction *> global(m_window->actions().cbegin(), m_window->actions().cend());
        const QList<QMenu *> menus = m_window->menuBar()->findChildren<QMenu *>();
        for (QMenu *m : menus)
            for (QAction *a : m->actions())
                global.insert(a);
        for (rtm::MessageCategory category : {rtm::MessageCategory::P2P, rtm::MessageCategory::Group,
                                              rtm::MessageCategory::Room, rtm::MessageCategory::Broadcast}) {
            HistoryView *view = rtmtest::historyView(*m_window, category);
            QSet<QAction *> reachable = global;
            for (QAction *a : view->findChildren<QAction *>())
                reachable.insert(a);
            QMap<QString, QString> owner;   // shortcut -> action text
            for (QAction *a : std::as_const(reachable)) {
                for (const QKeySequence &key : a->shortcuts()) {
                    const QString k = key.toString();
                    QVERIFY2(!owner.contains(k), qPrintable(QStringLiteral("%1 is both \"%2\" and \"%3\"")
                                                                .arg(k, owner.value(k), a->text())));
                    owner.insert(k, a->text());
                }
            }
            QVERIFY(owner.size() > 5);   // the row actions and the menus were found
        }
    }

    void openP2PNeedsTheConnectionItCameFrom()
    {
        HistoryView *group = rtmtest::historyView(*m_window, rtm::MessageCategory::Group);
        HistoryView *p2p = rtmtest::historyView(*m_window, rtm::MessageCategory::P2P);
        QVERIFY(openFully(rtm::MessageCategory::Group, 8001, 6501));
        selectProxyRows(group, {proxyRowFrom(group, 8003)});
        auto *open = child<QAction>(group, "actionOpenP2P");
        QVERIFY(open->isEnabled());
        const ConnectionProfile profile = m_window->profile();
        setIds(p2p, 5, 6);
        m_window->disconnectSession();
        // The rows of the old connection are gone, and so is the row to act on.
        QCOMPARE(group->model()->rowCount(), 0);
        QVERIFY(!open->isEnabled());
        open->trigger();
        m_window->openP2P(8001, 8003);   // even if asked directly: nothing happens, nothing is kept
        QCOMPARE(child<QLineEdit>(p2p, "historyUid")->text(), QStringLiteral("5"));
        QCOMPARE(rtmtest::tabs(*m_window)->currentWidget(), group);

        m_window->connectToProfile(profile, sandbox::kDemoSecret);
        QTRY_COMPARE(rtmtest::connectionStatus(*m_window)->stateText(), QStringLiteral("Connected"));
        QCOMPARE(child<QLineEdit>(p2p, "historyUid")->text(), QStringLiteral("5"));   // nothing replayed
        QCOMPARE(p2p->model()->rowCount(), 0);
    }

    void cleanupTestCase()
    {
        m_window.reset();
    }
};

QTEST_MAIN(TestHistoryWorkflows)
#include "tst_historyworkflows.moc"
