// The history tab without a server: rows are put into the model directly. The local
// filter (exact sender uid, text over the whole message and attrs, unreadable filters named,
// typing pause, scan in slices with stale results dropped), the details pane following
// the current row with long fields capped, and the export (filtered or selected rows, file
// name, ids that keep every digit).

#include <QAbstractItemModelTester>
#include <QAction>
#include <QFile>
#include <QFileDialog>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include "historyexport.h"
#include "historyfilterproxy.h"
#include "historyview.h"
#include "messagedetails.h"
#include "service/historymodel.h"
#include "uitesthelpers.h"

using namespace ui;
using service::HistoryModel;

using uitest::child;

namespace {

constexpr qint64 kBigMid = 9140932157832970000;   // more digits than a double keeps

rtm::HistoryMessage message(qint64 cursor, qint64 from, const QByteArray &text, const QByteArray &attrs = {},
                            int mtype = 51)
{
    rtm::HistoryMessage m;
    m.cursorId = cursor;
    m.fromUid = from;
    m.toId = 2001;
    m.messageType = mtype;
    m.messageId = kBigMid + cursor;
    m.message = text;
    m.attrs = attrs;
    m.modifiedTime = 1764547200000 + cursor * 1000;
    return m;
}

QList<qint64> shownSenders(HistoryView &view)
{
    QList<qint64> from;
    for (int r = 0; r < view.proxy()->rowCount(); ++r)
        from << view.model()->message(view.proxy()->mapToSource(view.proxy()->index(r, 0)).row()).fromUid;
    return from;
}

QList<qint64> shownCursors(HistoryFilterProxy *proxy, HistoryModel *model)
{
    QList<qint64> cursors;
    for (int r = 0; r < proxy->rowCount(); ++r)
        cursors << model->message(proxy->mapToSource(proxy->index(r, 0)).row()).cursorId;
    return cursors;
}

QList<qint64> expectedCursors(HistoryModel *model, const HistoryFilterCriteria &c)
{
    QList<qint64> cursors;
    for (int r = 0; r < model->rowCount(); ++r)
        if (c.matches(model->message(r)))
            cursors << model->message(r).cursorId;
    return cursors;
}

// `count` rows; every third from 1001, the others from 1002; every fifth mentions "apple".
std::vector<rtm::HistoryMessage> manyRows(int count, qint64 firstCursor = 1)
{
    std::vector<rtm::HistoryMessage> rows;
    for (int i = 0; i < count; ++i) {
        const qint64 cursor = firstCursor + i;
        rows.push_back(message(cursor, i % 3 == 0 ? 1001 : 1002,
                               (i % 5 == 0 ? QByteArray("an apple, row ") : QByteArray("a pear, row ")) + QByteArray::number(cursor)));
    }
    return rows;
}

} // namespace

class TestHistoryFilter : public QObject {
    Q_OBJECT
public:
    static void initMain() { uitest::isolateUserFiles(); }

private:
    std::unique_ptr<HistoryView> m_view;
    std::unique_ptr<QAbstractItemModelTester> m_modelTester;
    std::unique_ptr<QAbstractItemModelTester> m_proxyTester;

    HistoryView &view() { return *m_view; }
    void typeFilter(const char *field, const QString &text)
    {
        child<QLineEdit>(m_view.get(), field)->setText(text);
        m_view->applyFilterNow();
    }

private Q_SLOTS:
    void init()
    {
        m_view = std::make_unique<HistoryView>(rtm::MessageCategory::Group);
        m_modelTester = std::make_unique<QAbstractItemModelTester>(
            m_view->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        m_proxyTester = std::make_unique<QAbstractItemModelTester>(
            m_view->proxy(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        service::HistoryTarget t;
        t.category = rtm::MessageCategory::Group;
        t.uid = 1001;
        t.target = 2001;
        m_view->model()->setTarget(t);
        m_view->resize(1200, 700);
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    }

    void cleanup()
    {
        m_proxyTester.reset();
        m_modelTester.reset();
        m_view.reset();
    }

    // --- 15: the filter ---

    void senderFilterMatchesTheWholeUid()
    {
        std::vector<rtm::HistoryMessage> rows;
        rows.push_back(message(1, 100, "from 100"));
        for (qint64 uid = 1001; uid <= 1007; ++uid)
            rows.push_back(message(uid, uid, "from " + QByteArray::number(uid)));
        rows.push_back(message(2, 100, "from 100 again"));
        rows.push_back(message(3, 10, "from 10"));
        view().model()->appendMessages(rows);

        typeFilter("filterSender", QStringLiteral("100"));
        QCOMPARE(shownSenders(view()), (QList<qint64>{100, 100}));
        QVERIFY2(view().footerText().contains(QStringLiteral("2 matching the filter")), qPrintable(view().footerText()));
        typeFilter("filterSender", QStringLiteral(" 1004 "));
        QCOMPARE(shownSenders(view()), QList<qint64>{1004});
        typeFilter("filterSender", QString());
        QCOMPARE(view().proxy()->rowCount(), 10);
        QVERIFY(!view().proxy()->isFiltering());
    }

    void invalidFilterIsNamedAndMatchesNothing_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("says");
        QTest::newRow("sender letters") << "filterSender" << "10x" << "not a number";
        QTest::newRow("sender negative") << "filterSender" << "-5" << "positive";
        QTest::newRow("mtype") << "filterMtype" << "abc" << "abc";
    }
    void invalidFilterIsNamedAndMatchesNothing()
    {
        QFETCH(QString, field);
        QFETCH(QString, text);
        QFETCH(QString, says);
        view().model()->appendMessages(manyRows(30));
        typeFilter(field.toLatin1().constData(), text);
        QCOMPARE(view().proxy()->rowCount(), 0);
        QVERIFY(!view().proxy()->criteria().isValid());
        auto *label = child<QLabel>(m_view.get(), "filterMatchCount");
        QVERIFY2(label->text().startsWith(QStringLiteral("✖")), qPrintable(label->text()));
        QVERIFY2(label->toolTip().contains(says), qPrintable(label->toolTip()));
        QVERIFY2(view().footerText().contains(says) && view().footerText().contains(QStringLiteral("No row is shown")),
                 qPrintable(view().footerText()));
        // Nothing can be selected "as matching".
        QVERIFY(!child<QPushButton>(m_view.get(), "selectAllMatching")->isEnabled());
        view().selectAllMatching();
        QVERIFY(view().selectedSourceRows().isEmpty());
        // Fixed: the rows are back and the error is gone.
        typeFilter(field.toLatin1().constData(), QString());
        QCOMPARE(view().proxy()->rowCount(), 30);
        QVERIFY(child<QLabel>(m_view.get(), "filterMatchCount")->text().isEmpty());
    }

    void textFilterSearchesTheWholeMessageAndAttrs()
    {
        const QByteArray pad(450, 'x');
        view().model()->appendMessages({
            message(1, 1001, pad + " the Needle is far in the text"),                 // past the 300 shown
            message(2, 1001, "short", "{\"note\": \"" + pad + "NEEDLE in the attrs\"}"),  // past the 200 shown
            message(3, 1001, "nothing here", "{\"n\": 1}"),
            message(4, 1001, "needle\nafter a line break"),
        });
        typeFilter("filterText", QStringLiteral("nEeDlE"));
        QCOMPARE(shownCursors(view().proxy(), view().model()), (QList<qint64>{1, 2, 4}));
        typeFilter("filterText", QStringLiteral("needle in the attrs"));
        QCOMPARE(shownCursors(view().proxy(), view().model()), QList<qint64>{2});
        // Combined with the sender and mtype filters.
        typeFilter("filterSender", QStringLiteral("1002"));
        QCOMPARE(view().proxy()->rowCount(), 0);
        typeFilter("filterSender", QStringLiteral("1001"));
        typeFilter("filterMtype", QStringLiteral("52"));
        QCOMPARE(view().proxy()->rowCount(), 0);
        typeFilter("filterMtype", QStringLiteral("51"));
        QCOMPARE(view().proxy()->rowCount(), 1);
    }

    void typingWaitsForAPauseThenFiltersInSlices()
    {
        view().model()->appendMessages(manyRows(3000));
        view().proxy()->setSliceBudget(0);   // one row per slice: many slices, deterministic
        // Keystrokes only restart the pause; nothing is filtered yet.
        QTest::keyClicks(child<QLineEdit>(m_view.get(), "filterText"), QStringLiteral("apple"));
        QVERIFY(view().proxy()->criteria().isEmpty());
        QVERIFY(!view().proxy()->isScanning());
        QCOMPARE(view().proxy()->rowCount(), 3000);
        QVERIFY2(view().footerText().contains(QStringLiteral("filtering…")), qPrintable(view().footerText()));

        // Enter applies at once and starts the scan; the table keeps the old rows meanwhile.
        QSignalSpy applied(view().proxy(), &HistoryFilterProxy::filterApplied);
        QTest::keyClick(child<QLineEdit>(m_view.get(), "filterText"), Qt::Key_Return);
        QVERIFY(view().proxy()->isScanning());
        QCOMPARE(view().proxy()->rowCount(), 3000);
        QCoreApplication::processEvents();
        QVERIFY(view().proxy()->isScanning());      // one event loop pass did not do it all
        QVERIFY(applied.wait(30000));
        QCOMPARE(applied.count(), 1);
        QVERIFY(!view().proxy()->isScanning());
        QCOMPARE(view().proxy()->rowCount(), 600);
        QVERIFY2(view().footerText().contains(QStringLiteral("600 matching the filter")), qPrintable(view().footerText()));
    }

    void staleScanIsDroppedWhenTheFilterChanges()
    {
        view().model()->appendMessages(manyRows(2000));
        HistoryFilterProxy *proxy = view().proxy();
        proxy->setSliceBudget(0);
        QSignalSpy applied(proxy, &HistoryFilterProxy::filterApplied);
        const HistoryFilterCriteria apple = HistoryFilterCriteria::fromInput({}, QStringLiteral("apple"), {});
        const HistoryFilterCriteria pear = HistoryFilterCriteria::fromInput(QStringLiteral("1001"), QStringLiteral("pear"), {});
        proxy->setCriteria(apple);
        for (int i = 0; i < 50; ++i)
            QCoreApplication::processEvents();
        QVERIFY(proxy->isScanning());
        proxy->setCriteria(pear);
        QVERIFY(applied.wait(30000));
        QCOMPARE(applied.count(), 1);   // the "apple" result was never shown
        QCOMPARE(proxy->criteria(), pear);
        QCOMPARE(shownCursors(proxy, view().model()), expectedCursors(view().model(), pear));
        QVERIFY(proxy->rowCount() > 0);
    }

    void rowsChangingDuringAScanAreFilteredCorrectly()
    {
        HistoryModel *model = view().model();
        model->appendMessages(manyRows(1500));
        HistoryFilterProxy *proxy = view().proxy();
        const HistoryFilterCriteria apple = HistoryFilterCriteria::fromInput({}, QStringLiteral("apple"), {});
        proxy->setCriteria(apple);
        proxy->finishScan();
        proxy->setSliceBudget(0);
        const HistoryFilterCriteria both = HistoryFilterCriteria::fromInput(QStringLiteral("1001"), QStringLiteral("apple"), {});
        QSignalSpy applied(proxy, &HistoryFilterProxy::filterApplied);
        proxy->setCriteria(both);
        for (int i = 0; i < 300; ++i)
            QCoreApplication::processEvents();
        QVERIFY(proxy->isScanning());
        // A page arrives, and rows before and after the scan position are deleted.
        model->appendMessages(manyRows(40, 5000));
        model->markDeleted(10);
        model->markDeleted(1200);
        // Meanwhile the table still shows the "apple" rows, correctly.
        QCOMPARE(shownCursors(proxy, model), expectedCursors(model, apple));
        QVERIFY(applied.wait(30000));
        QCOMPARE(shownCursors(proxy, model), expectedCursors(model, both));
        // And after the scan, new rows and deletes keep the result right.
        model->appendMessages(manyRows(30, 6000));
        model->markDeleted(0);
        QCOMPARE(shownCursors(proxy, model), expectedCursors(model, both));
    }

    void selectAllMatchingUsesTheFilterAsTyped()
    {
        view().model()->appendMessages(manyRows(3000));
        // Typed, and "Select all matching" clicked before the typing pause is over.
        child<QLineEdit>(m_view.get(), "filterSender")->setText(QStringLiteral("1001"));
        child<QLineEdit>(m_view.get(), "filterText")->setText(QStringLiteral("apple"));
        child<QPushButton>(m_view.get(), "selectAllMatching")->click();
        const QList<int> rows = view().selectedSourceRows();
        QCOMPARE(rows.size(), 200);   // more than Qt's 1000-cell "whole table" shortcut
        for (int r : rows) {
            QCOMPARE(view().model()->message(r).fromUid, qint64(1001));
            QVERIFY(view().model()->message(r).messageText().contains(QStringLiteral("apple")));
        }
        // A wider filter does not add rows that never matched (Qt's selection model would
        // turn "all rows selected" into "all rows of the new table selected").
        typeFilter("filterText", QString());
        QCOMPARE(view().proxy()->rowCount(), 1000);
        QCOMPARE(view().selectedSourceRows(), rows);
        typeFilter("filterSender", QString());
        QCOMPARE(view().proxy()->rowCount(), 3000);
        QCOMPARE(view().selectedSourceRows(), rows);
        typeFilter("filterSender", QStringLiteral("1001"));
        typeFilter("filterText", QStringLiteral("apple"));
        QCOMPARE(view().selectedSourceRows(), rows);
        // A narrower filter drops the rows that no longer match from the selection.
        typeFilter("filterText", QStringLiteral("row 1"));
        for (int r : view().selectedSourceRows())
            QVERIFY(view().model()->message(r).messageText().contains(QStringLiteral("apple, row 1")));
        QVERIFY(view().selectedSourceRows().size() < 200);
    }

    void ctrlASelectsEveryShownRow()
    {
        // After Select all matching and a cleared filter (3000 rows, 1000 scattered ones
        // selected), Ctrl+A selects every row the table shows, as one range.
        view().model()->appendMessages(manyRows(3000));
        typeFilter("filterSender", QStringLiteral("1001"));
        view().selectAllMatching();
        QCOMPARE(view().selectedSourceRows().size(), 1000);
        typeFilter("filterSender", QString());
        QItemSelectionModel *selection = view().table()->selectionModel();
        QTRY_VERIFY(selection->hasSelection());
        QCOMPARE(selection->selection().size(), 1000);
        view().table()->setFocus();
        QTest::keyClick(view().table(), Qt::Key_A, Qt::ControlModifier);
        QCOMPARE(selection->selection().size(), 1);
        QCOMPARE(view().selectedSourceRows().size(), 3000);
        QVERIFY(m_view->findChild<QAction *>(QStringLiteral("actionCopy"))->isEnabled());
        // With a filter: the rows that pass it, no others.
        typeFilter("filterText", QStringLiteral("apple"));
        QTest::keyClick(view().table(), Qt::Key_A, Qt::ControlModifier);
        QCOMPARE(view().selectedSourceRows().size(), 600);
        for (int r : view().selectedSourceRows())
            QVERIFY(view().model()->message(r).messageText().contains(QStringLiteral("apple")));
    }

    void clearingTheFilterSelectsExactlyTheKeptRows()
    {
        view().model()->appendMessages(manyRows(3000));
        typeFilter("filterSender", QStringLiteral("1001"));
        typeFilter("filterText", QStringLiteral("apple"));
        view().selectAllMatching();
        const QList<int> rows = view().selectedSourceRows();
        QCOMPARE(rows.size(), 200);   // every 15th row: 200 runs of one row once the filter is gone
        auto *copy = m_view->findChild<QAction *>(QStringLiteral("actionCopy"));
        QItemSelectionModel *selection = view().table()->selectionModel();
        const auto tableMatches = [&] {
            // Qt's own selection, whole rows: exactly the kept rows, nothing else.
            const int last = view().proxy()->columnCount() - 1;
            for (int r = 0; r < view().proxy()->rowCount(); ++r) {
                const bool kept = rows.contains(view().proxy()->mapToSource(view().proxy()->index(r, 0)).row());
                if (selection->isSelected(view().proxy()->index(r, 0)) != kept
                    || selection->isSelected(view().proxy()->index(r, last)) != kept)
                    return false;
            }
            return true;
        };

        typeFilter("filterText", QString());
        typeFilter("filterSender", QString());
        QCOMPARE(view().proxy()->rowCount(), 3000);
        // Before the table has them again, the actions already see the kept rows.
        QCOMPARE(view().selectedSourceRows(), rows);
        QVERIFY(copy->isEnabled());
        QTRY_VERIFY(selection->hasSelection());
        QVERIFY(tableMatches());
        QCOMPARE(selection->selection().size(), 200);
        QCOMPARE(view().selectedSourceRows(), rows);
        QVERIFY(copy->isEnabled());

        // A Ctrl+click while the restore is still running adds to the whole kept selection.
        typeFilter("filterSender", QStringLiteral("1001"));
        typeFilter("filterSender", QString());
        QVERIFY(!selection->hasSelection());   // not restored yet
        const QRect second = view().table()->visualRect(view().proxy()->index(1, 0));
        QTest::mouseClick(view().table()->viewport(), Qt::LeftButton, Qt::ControlModifier, second.center());
        QList<int> withSecond = rows;
        withSecond.insert(1, 1);
        QCOMPARE(view().selectedSourceRows(), withSecond);

        // A click of its own replaces it, also in the table.
        typeFilter("filterSender", QStringLiteral("1001"));
        typeFilter("filterSender", QString());
        QTest::mouseClick(view().table()->viewport(), Qt::LeftButton, {}, second.center());
        QCOMPARE(view().selectedSourceRows(), QList<int>{1});
        QCoreApplication::processEvents();   // a restore left running would land now
        QCOMPARE(view().selectedSourceRows(), QList<int>{1});
        QCOMPARE(selection->selection().size(), 1);
    }

    // --- 16: the details pane ---

    void detailsFollowTheCurrentRow()
    {
        view().model()->appendMessages(manyRows(5));
        QTableView *table = view().table();
        table->setFocus();
        table->setCurrentIndex(table->model()->index(0, 0));
        MessageDetails *details = view().details();
        QCOMPARE(details->currentRef().mid, kBigMid + 1);
        QCOMPARE(details->messageText(), QStringLiteral("an apple, row 1"));
        QTest::keyClick(table, Qt::Key_Down);
        QCOMPARE(details->currentRef().mid, kBigMid + 2);
        QCOMPARE(details->messageText(), QStringLiteral("a pear, row 2"));
        QVERIFY(child<QLabel>(details, "detailsHeader")->text().contains(QString::number(kBigMid + 2)));
        QTest::keyClick(table, Qt::Key_End, Qt::ControlModifier);
        QCOMPARE(details->currentRef().mid, kBigMid + 5);
        // Also through a filter: the row shown is the source row behind the proxy row.
        typeFilter("filterText", QStringLiteral("pear, row 3"));
        table->setCurrentIndex(table->model()->index(0, 0));
        QCOMPARE(details->messageText(), QStringLiteral("a pear, row 3"));
    }

    void hugeAttrsAreCappedWithShowAll()
    {
        // 1 MB of one-line attrs (JSON), and a 256 KB one-line message.
        const QByteArray mb = "{\"blob\": \"" + QByteArray(1024 * 1024 - 12, 'a') + "\"}";
        QCOMPARE(mb.size(), 1024 * 1024);
        const QByteArray body(256 * 1024, 'b');
        view().model()->appendMessages({message(1, 1001, "small", "{\"n\": 1}"), message(2, 1001, body, mb)});
        MessageDetails *details = view().details();
        auto *attrsEdit = child<QPlainTextEdit>(details, "detailsAttrs");
        auto *attrsAll = child<QPushButton>(details, "detailsAttrsShowAll");
        auto *messageEdit = child<QPlainTextEdit>(details, "detailsMessage");
        auto *messageAll = child<QPushButton>(details, "detailsMessageShowAll");

        const auto unbroken = [](QString s) { return s.remove(QLatin1Char('\n')); };
        const auto longestLine = [](const QString &s) {
            qsizetype longest = 0;
            for (const QStringView line : QStringView(s).split(QLatin1Char('\n')))
                longest = std::max(longest, line.size());
            return longest;
        };
        view().table()->setCurrentIndex(view().table()->model()->index(1, 0));
        QVERIFY(details->isAttrsCapped());
        QVERIFY(details->isMessageCapped());
        // At most DisplayCap characters, in lines Qt lays out quickly, and "…" at the end.
        QCOMPARE(unbroken(messageEdit->toPlainText()), QString(MessageDetails::DisplayCap, QLatin1Char('b')) + QChar(0x2026));
        QVERIFY(longestLine(messageEdit->toPlainText()) <= 1000);
        QVERIFY(unbroken(attrsEdit->toPlainText()).size() <= MessageDetails::DisplayCap + 1);
        QVERIFY(attrsEdit->toPlainText().endsWith(QChar(0x2026)));
        QVERIFY(longestLine(attrsEdit->toPlainText()) <= 1000);
        QVERIFY(attrsAll->isVisible());
        QCOMPARE(attrsAll->text(), QStringLiteral("Show all (%1 KB)").arg(QLocale().toString(1024)));
        QCOMPARE(messageAll->text(), QStringLiteral("Show all (256 KB)"));
        // The whole text is still what Copy and the accessors give.
        QCOMPARE(details->messageText(), QString::fromLatin1(body));
        QVERIFY(details->attrsText().contains(QString::fromLatin1(QByteArray(1024 * 1024 - 12, 'a'))));

        QTest::mouseClick(attrsAll, Qt::LeftButton);
        QVERIFY(!details->isAttrsCapped());
        QVERIFY(!attrsAll->isVisible());
        QCOMPARE(unbroken(attrsEdit->toPlainText()), unbroken(details->attrsText()));
        QVERIFY(longestLine(attrsEdit->toPlainText()) <= 1000);
        QTest::mouseClick(messageAll, Qt::LeftButton);
        QCOMPARE(unbroken(messageEdit->toPlainText()), QString::fromLatin1(body));

        // Moving to a small row: no cap, no button.
        QTest::keyClick(view().table(), Qt::Key_Up);
        QCOMPARE(details->currentRef().mid, kBigMid + 1);
        QVERIFY(!details->isAttrsCapped());
        QVERIFY(!attrsAll->isVisible());
        QVERIFY(attrsEdit->toPlainText().contains(QStringLiteral("\"n\": 1")));
    }

    void longCellsShowTheBeginningOfTheText()
    {
        // The table decodes only the beginning of a long body or attrs; what it shows is
        // unchanged: the first characters, then "…".
        QString body;
        for (int i = 0; i < 5000; ++i)
            body += i % 2 ? QStringLiteral("é") : QStringLiteral("漢");
        const QString attrs = QStringLiteral("{\"k\": \"") + QString(3000, QChar(0x6F22)) + QStringLiteral("\"}");
        view().model()->appendMessages({message(1, 1001, body.toUtf8(), attrs.toUtf8())});
        QCOMPARE(HistoryModel::oneLineMessage(view().model()->message(0)), body.left(300) + QChar(0x2026));
        QCOMPARE(view().model()->index(0, HistoryModel::MessageColumn).data().toString(), body.left(300) + QChar(0x2026));
        QCOMPARE(view().model()->index(0, HistoryModel::AttrsColumn).data().toString(), attrs.left(200) + QChar(0x2026));
    }

    // --- 17: export ---

    void exportWritesFilteredOrSelectedRows()
    {
        view().model()->appendMessages(manyRows(30));
        typeFilter("filterText", QStringLiteral("apple"));
        QCOMPARE(view().exportRows(), (QList<int>{0, 5, 10, 15, 20, 25}));
        // A selection wins over the filter.
        view().table()->selectionModel()->select(view().table()->model()->index(1, 0),
                                                 QItemSelectionModel::Select | QItemSelectionModel::Rows);
        view().table()->selectionModel()->select(view().table()->model()->index(3, 0),
                                                 QItemSelectionModel::Select | QItemSelectionModel::Rows);
        QCOMPARE(view().exportRows(), (QList<int>{5, 15}));

        // Through the file dialog.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("out.json"));
        child<QAction>(m_view.get(), "actionExportJson")->trigger();
        auto *dialog = child<QFileDialog>(m_view.get(), "historyExportDialog");
        QCOMPARE(dialog->windowTitle(), QStringLiteral("Export selected rows"));
        emit dialog->fileSelected(path);   // what the dialog says when a file is chosen
        dialog->reject();
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonArray rows = QJsonDocument::fromJson(f.readAll()).array();
        QCOMPARE(rows.size(), 2);
        QCOMPARE(rows[0].toObject().value(QStringLiteral("mid")).toString(), QString::number(kBigMid + 6));
        QCOMPARE(rows[1].toObject().value(QStringLiteral("mid")).toString(), QString::number(kBigMid + 16));

        // No selection: the filtered rows.
        view().table()->clearSelection();
        const QString csvPath = dir.filePath(QStringLiteral("out.csv"));
        child<QAction>(m_view.get(), "actionExportCsv")->trigger();
        QTRY_VERIFY(m_view->findChildren<QFileDialog *>().size() == 1);   // the first one is gone
        dialog = child<QFileDialog>(m_view.get(), "historyExportDialog");
        QCOMPARE(dialog->windowTitle(), QStringLiteral("Export rows that pass the filter"));
        emit dialog->fileSelected(csvPath);
        dialog->reject();
        QFile c(csvPath);
        QVERIFY(c.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = c.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 1 + 6);
        for (int i = 1; i < lines.size(); ++i)
            QVERIFY2(lines[i].contains("apple"), lines[i].constData());
    }

    void exportFileNameHasKindTargetAndDate()
    {
        view().model()->appendMessages(manyRows(3));
        const QString name = view().suggestedExportName(QStringLiteral("csv"));
        const QRegularExpressionMatch m = QRegularExpression(QStringLiteral("^group-2001-(\\d{4}-\\d{2}-\\d{2})\\.csv$")).match(name);
        QVERIFY2(m.hasMatch(), qPrintable(name));
        const QDate date = QDate::fromString(m.captured(1), Qt::ISODate);
        QVERIFY(date.isValid());
        QVERIFY(qAbs(date.daysTo(QDate::currentDate())) <= 1);   // around midnight either day
        child<QAction>(m_view.get(), "actionExportCsv")->trigger();
        auto *dialog = child<QFileDialog>(m_view.get(), "historyExportDialog");
        QVERIFY(!dialog->selectedFiles().isEmpty());
        QVERIFY2(dialog->selectedFiles().first().endsWith(name), qPrintable(dialog->selectedFiles().first()));
        dialog->reject();

        HistoryView p2p(rtm::MessageCategory::P2P);
        service::HistoryTarget t;
        t.category = rtm::MessageCategory::P2P;
        t.uid = 1001;
        t.target = 1002;
        p2p.model()->setTarget(t);
        QVERIFY(p2p.suggestedExportName(QStringLiteral("json")).startsWith(QStringLiteral("p2p-1001-1002-")));
        HistoryView broadcast(rtm::MessageCategory::Broadcast);
        QVERIFY(QRegularExpression(QStringLiteral("^broadcast-\\d{4}-\\d{2}-\\d{2}\\.json$"))
                    .match(broadcast.suggestedExportName(QStringLiteral("json"))).hasMatch());
    }

    void csvKeepsEveryDigitOfTheIds()
    {
        rtm::HistoryMessage m = message(7, 1001, "text, with a comma");
        m.cursorId = 9223372036854775807;
        view().model()->appendMessages({m});
        const QByteArray csv = HistoryExport::toCsv(*view().model(), {0});
        const QList<QByteArray> lines = csv.split('\n');
        QCOMPARE(lines.size(), 3);   // header, row, empty after the last CRLF
        // ="…" in CSV quoting: a spreadsheet shows the digits as text, all 19 of them.
        const QByteArray mid = "\"=\"\"" + QByteArray::number(kBigMid + 7) + "\"\"\"";
        QVERIFY2(lines[1].contains(QByteArray("," + mid + ",")), lines[1].constData());
        QVERIFY(lines[1].contains(",\"=\"\"9223372036854775807\"\"\","));
        QVERIFY(lines[1].contains(",\"=\"\"1001\"\"\",\"=\"\"2001\"\"\",51,"));
        QVERIFY(lines[1].contains("\"text, with a comma\""));
        // JSON: the ids as exact strings.
        const QJsonObject o = QJsonDocument::fromJson(HistoryExport::toJson(*view().model(), {0})).array().first().toObject();
        QCOMPARE(o.value(QStringLiteral("mid")).toString(), QString::number(kBigMid + 7));
        QCOMPARE(o.value(QStringLiteral("cursorId")).toString(), QStringLiteral("9223372036854775807"));
    }
};

QTEST_MAIN(TestHistoryFilter)
#include "tst_historyfilter.moc"
