// The history tab without a server (rows put into the model directly): sorting by a header
// click (numbers exact above 2^53, text in natural order, equal keys in server order both
// ways, rows appended while sorted, Restore server order, the sort remembered per kind)
// and the row actions (filter by this sender with an exact uid, copy mids / senders / text
// exactly, single-row actions off for several rows, the context menu).

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QLineEdit>
#include <QMenu>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

#include "historyfilterproxy.h"
#include "historysortkeys.h"
#include "historyview.h"
#include "service/historymodel.h"
#include "uitesthelpers.h"

using namespace ui;
using service::HistoryModel;

using uitest::child;

namespace {

constexpr qint64 kBig = (qint64(1) << 53) + 1;   // a double cannot tell kBig from kBig + 1

rtm::HistoryMessage message(qint64 cursor, qint64 from, qint64 mid, const QByteArray &text = "text", int mtype = 51)
{
    rtm::HistoryMessage m;
    m.cursorId = cursor;
    m.fromUid = from;
    m.toId = 2001;
    m.messageType = mtype;
    m.messageId = mid;
    m.message = text;
    m.modifiedTime = 1764547200000 + cursor * 1000;
    return m;
}

// Source rows in the order the table shows them.
QList<int> shownRows(HistoryView &view)
{
    QList<int> rows;
    for (int r = 0; r < view.proxy()->rowCount(); ++r)
        rows << view.proxy()->mapToSource(view.proxy()->index(r, 0)).row();
    return rows;
}

QList<qint64> shownMids(HistoryView &view)
{
    QList<qint64> mids;
    for (int row : shownRows(view))
        mids << view.model()->message(row).messageId;
    return mids;
}

void clickHeader(HistoryView &view, int column)
{
    QHeaderView *h = view.table()->horizontalHeader();
    const int x = h->sectionViewportPosition(column) + h->sectionSize(column) / 2;
    QTest::mouseClick(h->viewport(), Qt::LeftButton, {}, QPoint(x, h->height() / 2));
}

void selectProxyRows(HistoryView &view, const QList<int> &rows)
{
    QTableView *table = view.table();
    table->clearSelection();
    table->selectionModel()->setCurrentIndex(table->model()->index(rows.first(), 0), QItemSelectionModel::NoUpdate);
    for (int r : rows)
        table->selectionModel()->select(table->model()->index(r, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
}

} // namespace

class TestHistorySort : public QObject {
    Q_OBJECT
public:
    static void initMain() { uitest::isolateUserFiles(); }

private:
    std::unique_ptr<HistoryView> m_view;
    std::unique_ptr<QAbstractItemModelTester> m_proxyTester;

    HistoryView &view() { return *m_view; }

    std::unique_ptr<HistoryView> makeView(rtm::MessageCategory category = rtm::MessageCategory::Group)
    {
        auto v = std::make_unique<HistoryView>(category);
        service::HistoryTarget t;
        t.category = category;
        t.uid = 1001;
        t.target = 2001;
        v->model()->setTarget(t);
        v->resize(1200, 700);
        return v;
    }

private Q_SLOTS:
    void init()
    {
        QSettings().clear();
        m_view = makeView();
        m_proxyTester = std::make_unique<QAbstractItemModelTester>(
            m_view->proxy(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    }

    void cleanup()
    {
        m_proxyTester.reset();
        m_view.reset();
    }

    // --- sorting ---

    void midSortsExactlyAbove2pow53()
    {
        // Server order: kBig+2, kBig, kBig+3, kBig+1 — as doubles all four would be equal pairs.
        view().model()->appendMessages({message(1, 7, kBig + 2), message(2, 7, kBig), message(3, 7, kBig + 3),
                                        message(4, 7, kBig + 1)});
        clickHeader(view(), HistoryModel::MidColumn);
        QCOMPARE(view().proxy()->sortColumn(), int(HistoryModel::MidColumn));
        QCOMPARE(shownMids(view()), (QList<qint64>{kBig, kBig + 1, kBig + 2, kBig + 3}));
        QCOMPARE(view().table()->horizontalHeader()->sortIndicatorSection(), int(HistoryModel::MidColumn));
        clickHeader(view(), HistoryModel::MidColumn);   // again: reversed
        QCOMPARE(view().proxy()->sortOrder(), Qt::DescendingOrder);
        QCOMPARE(shownMids(view()), (QList<qint64>{kBig + 3, kBig + 2, kBig + 1, kBig}));
    }

    void equalKeysKeepTheServerOrderBothWays()
    {
        // Senders 5, 9, 5, 9, 5 with growing cursors: the server order within a sender.
        view().model()->appendMessages({message(1, 5, kBig + 10), message(2, 9, kBig + 20), message(3, 5, kBig + 30),
                                        message(4, 9, kBig + 40), message(5, 5, kBig + 50)});
        clickHeader(view(), HistoryModel::FromColumn);
        QCOMPARE(shownRows(view()), (QList<int>{0, 2, 4, 1, 3}));
        clickHeader(view(), HistoryModel::FromColumn);
        QCOMPARE(shownRows(view()), (QList<int>{1, 3, 0, 2, 4}));
        // The same for a text column (equal texts).
        clickHeader(view(), HistoryModel::MessageColumn);
        QVERIFY(view().proxy()->finishSort());
        QCOMPARE(shownRows(view()), (QList<int>{0, 1, 2, 3, 4}));
    }

    void textSortsNaturallyAndIgnoresCase()
    {
        view().model()->appendMessages({message(1, 7, 1, "item 10"), message(2, 7, 2, "Item 2"), message(3, 7, 3, "item 1"),
                                        message(4, 7, 4, "apple"), message(5, 7, 5, "item 007b"), message(6, 7, 6, "Zebra")});
        QSignalSpy sorting(view().proxy(), &HistoryFilterProxy::sortingChanged);
        clickHeader(view(), HistoryModel::MessageColumn);
        QTRY_VERIFY(!view().proxy()->isSorting());
        QCOMPARE(view().proxy()->sortColumn(), int(HistoryModel::MessageColumn));
        // apple, item 1, Item 2, item 007b (7), item 10, Zebra
        QCOMPARE(shownRows(view()), (QList<int>{3, 2, 1, 4, 0, 5}));
        clickHeader(view(), HistoryModel::MessageColumn);
        QTRY_VERIFY(!view().proxy()->isSorting());
        QCOMPARE(shownRows(view()), (QList<int>{5, 0, 4, 1, 2, 3}));
    }

    void naturalKeyOrder()
    {
        const auto less = [](const char *a, const char *b) {
            return HistorySortKeys::naturalKey(QString::fromUtf8(a)) < HistorySortKeys::naturalKey(QString::fromUtf8(b));
        };
        QVERIFY(less("a2", "a10"));
        QVERIFY(less("a9", "a10"));
        QVERIFY(!less("a10", "a9"));
        QVERIFY(less("A1", "a2"));
        QVERIFY(less("x 99999999999999999998", "x 99999999999999999999"));   // longer than qint64
        QVERIFY(less("1 zebra", "apple"));
        QCOMPARE(HistorySortKeys::naturalKey(QStringLiteral("ITEM 007")), HistorySortKeys::naturalKey(QStringLiteral("item 7")));
    }

    void rowsAppendedWhileSortedAreSortedIn()
    {
        view().model()->setCoalesceMs(0);
        view().model()->appendMessages({message(1, 7, kBig + 5, "m 5"), message(2, 7, kBig + 1, "m 1")});
        clickHeader(view(), HistoryModel::MidColumn);
        QCOMPARE(shownMids(view()), (QList<qint64>{kBig + 1, kBig + 5}));
        view().model()->appendMessages({message(3, 7, kBig + 3, "m 3"), message(4, 7, kBig, "m 0"), message(5, 7, kBig + 9, "m 9")});
        QTRY_COMPARE(shownMids(view()), (QList<qint64>{kBig, kBig + 1, kBig + 3, kBig + 5, kBig + 9}));

        // A text column too: the new rows are ranked, then sorted in.
        clickHeader(view(), HistoryModel::MessageColumn);
        QTRY_VERIFY(!view().proxy()->isSorting());
        view().model()->appendMessages({message(6, 7, kBig + 20, "m 20"), message(7, 7, kBig + 2, "m 2")});
        QTRY_COMPARE(shownMids(view()), (QList<qint64>{kBig, kBig + 1, kBig + 2, kBig + 3, kBig + 5, kBig + 9, kBig + 20}));
        // With a filter as well: only matching rows, still in order.
        child<QLineEdit>(m_view.get(), "filterText")->setText(QStringLiteral("m 2"));
        view().applyFilterNow();
        QCOMPARE(shownMids(view()), (QList<qint64>{kBig + 2, kBig + 20}));
    }

    void restoreServerOrderAndRememberTheSort()
    {
        view().model()->appendMessages({message(1, 7, kBig + 2), message(2, 8, kBig), message(3, 9, kBig + 1)});
        auto *restore = child<QAction>(m_view.get(), "actionRestoreServerOrder");
        QVERIFY(!restore->isEnabled());
        clickHeader(view(), HistoryModel::MidColumn);
        clickHeader(view(), HistoryModel::MidColumn);
        QCOMPARE(shownMids(view()), (QList<qint64>{kBig + 2, kBig + 1, kBig}));
        QVERIFY(restore->isEnabled());
        view().saveState(QStringLiteral("history"));
        QCOMPARE(QSettings().value(QStringLiteral("history/group/sortColumn")).toInt(), int(HistoryModel::MidColumn));
        QCOMPARE(QSettings().value(QStringLiteral("history/group/sortDescending")).toBool(), true);

        // Another group tab restores it and sorts; another kind does not share it.
        auto other = makeView();
        other->model()->appendMessages({message(1, 7, kBig + 2), message(2, 8, kBig), message(3, 9, kBig + 1)});
        other->restoreState(QStringLiteral("history"));
        QCOMPARE(other->proxy()->sortColumn(), int(HistoryModel::MidColumn));
        QCOMPARE(other->proxy()->sortOrder(), Qt::DescendingOrder);
        QCOMPARE(shownMids(*other), (QList<qint64>{kBig + 2, kBig + 1, kBig}));
        auto room = makeView(rtm::MessageCategory::Room);
        room->restoreState(QStringLiteral("history"));
        QCOMPARE(room->proxy()->sortColumn(), -1);

        restore->trigger();
        QCOMPARE(shownMids(view()), (QList<qint64>{kBig + 2, kBig, kBig + 1}));
        QCOMPARE(view().table()->horizontalHeader()->sortIndicatorSection(), -1);
        QVERIFY(!restore->isEnabled());
        view().saveState(QStringLiteral("history"));
        QCOMPARE(QSettings().value(QStringLiteral("history/group/sortColumn")).toInt(), -1);
    }

    void selectionFollowsTheRowsThroughASort()
    {
        view().model()->appendMessages({message(1, 3, kBig + 2), message(2, 1, kBig), message(3, 2, kBig + 1)});
        selectProxyRows(view(), {0});   // source row 0 (mid kBig+2)
        clickHeader(view(), HistoryModel::MidColumn);
        QCOMPARE(view().selectedSourceRows(), QList<int>{0});
        QCOMPARE(view().selectedMessages().first().mid, kBig + 2);
        // Selected again in the table shortly (in slices, as after a filter).
        QTRY_VERIFY(view().table()->selectionModel()->isRowSelected(2, {}));
        QCOMPARE(view().table()->selectionModel()->selectedRows().size(), 1);
    }

    // --- row actions ---

    void filterByThisSenderMatchesTheExactUid()
    {
        view().model()->appendMessages({message(1, 123, 11), message(2, 12, 12), message(3, 1123, 13), message(4, 12, 14),
                                        message(5, 121, 15)});
        selectProxyRows(view(), {1});
        auto *action = child<QAction>(m_view.get(), "actionFilterBySender");
        QVERIFY(action->isEnabled());
        action->trigger();
        QCOMPARE(child<QLineEdit>(m_view.get(), "filterSender")->text(), QStringLiteral("12"));
        view().applyFilterNow();
        QCOMPARE(shownMids(view()), (QList<qint64>{12, 14}));
        // Cleared in the field like a typed filter.
        child<QLineEdit>(m_view.get(), "filterSender")->clear();
        view().applyFilterNow();
        QCOMPARE(view().proxy()->rowCount(), 5);
    }

    void copyMidsAndSendersExactlyInTableOrder()
    {
        view().model()->appendMessages({message(1, 9007199254740993, kBig + 2, "first\nline"), message(2, 12, kBig),
                                        message(3, 13, kBig + 1)});
        clickHeader(view(), HistoryModel::MidColumn);   // kBig, kBig+1, kBig+2
        selectProxyRows(view(), {0, 2});
        child<QAction>(m_view.get(), "actionCopyMid")->trigger();
        QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("9007199254740993\n9007199254740995"));
        child<QAction>(m_view.get(), "actionCopySender")->trigger();
        QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("12\n9007199254740993"));
        selectProxyRows(view(), {2});
        child<QAction>(m_view.get(), "actionCopyMessageText")->trigger();
        QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("first\nline"));
    }

    void singleRowActionsAreOffForSeveralRows()
    {
        view().model()->appendMessages({message(1, 12, 1), message(2, 13, 2), message(3, 14, 3)});
        auto *filter = child<QAction>(m_view.get(), "actionFilterBySender");
        auto *text = child<QAction>(m_view.get(), "actionCopyMessageText");
        auto *mids = child<QAction>(m_view.get(), "actionCopyMid");
        QVERIFY(!filter->isEnabled() && !mids->isEnabled());
        selectProxyRows(view(), {0, 2});
        QVERIFY(!filter->isEnabled());
        QVERIFY(!text->isEnabled());
        QVERIFY2(filter->toolTip().contains(QStringLiteral("single row")), qPrintable(filter->toolTip()));
        QVERIFY(mids->isEnabled());
        QApplication::clipboard()->setText(QStringLiteral("unchanged"));
        filter->trigger();   // disabled: nothing happens
        QCOMPARE(child<QLineEdit>(m_view.get(), "filterSender")->text(), QString());
        selectProxyRows(view(), {1});
        QVERIFY(filter->isEnabled() && text->isEnabled());
    }

    void contextMenuOffersTheRowActions()
    {
        view().model()->appendMessages({message(1, 12, kBig), message(2, 13, kBig + 1)});
        selectProxyRows(view(), {1});
        QTableView *table = view().table();
        const QRect cell = table->visualRect(table->model()->index(1, 0));
        emit table->customContextMenuRequested(cell.center());
        QMenu *menu = nullptr;
        QTRY_VERIFY((menu = m_view->findChild<QMenu *>(QStringLiteral("historyContextMenu"))) && menu->isVisible());
        QStringList names;
        for (QAction *a : menu->actions())
            names << a->objectName();
        for (const char *name : {"actionFilterBySender", "actionOpenP2P", "actionCopyMid", "actionCopySender",
                                 "actionCopyMessageText", "actionRestoreServerOrder"})
            QVERIFY2(names.contains(QString::fromLatin1(name)), name);
        // Choosing "Copy mid" from the menu.
        QAction *copy = nullptr;
        for (QAction *a : menu->actions())
            if (a->objectName() == QLatin1String("actionCopyMid"))
                copy = a;
        menu->setActiveAction(copy);
        QTest::keyClick(menu, Qt::Key_Return);
        QCOMPARE(QApplication::clipboard()->text(), QString::number(kBig + 1));
        QTRY_VERIFY(!m_view->findChild<QMenu *>(QStringLiteral("historyContextMenu")));

        // The Menu key opens it at the current row.
        table->setFocus();
        table->setCurrentIndex(table->model()->index(0, 0));
        QTest::keyClick(table, Qt::Key_Menu);
        QTRY_VERIFY((menu = m_view->findChild<QMenu *>(QStringLiteral("historyContextMenu"))) && menu->isVisible());
        const QRect row0 = table->visualRect(table->model()->index(0, 0));
        QCOMPARE(menu->pos(), table->viewport()->mapToGlobal(row0.center()));
        menu->close();
    }
};

QTEST_MAIN(TestHistorySort)
#include "tst_historysort.moc"
