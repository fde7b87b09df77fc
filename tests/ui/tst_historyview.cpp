// The main window against the in-process sandbox, driven through the real widgets: open
// every history kind and page to the end, Info, delete selected rows (confirmation, then
// gone from the table and from a fresh query, and in the audit log), the count panel,
// Find message + Delete, filter + select all matching + delete, read-only profiles, and a
// server that stops half-way.

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QCheckBox>
#include <QDateTimeEdit>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QSettings>
#include <QSpinBox>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QTimer>

#include "common/mainwindowparts.h"
#include "activitylogdock.h"
#include "connectiondialog.h"
#include "connectionstatus.h"
#include "countpanel.h"
#include "deleteconfirmdialog.h"
#include "deletecontroller.h"
#include "findmessagedialog.h"
#include "firststartdialog.h"
#include "historyexport.h"
#include "historyfilterproxy.h"
#include "historyview.h"
#include "mainwindow.h"
#include "messagedetails.h"
#include "secretstore.h"
#include "sendpanel.h"
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
        table->selectionModel()->select(table->model()->index(r, 0),
                                        QItemSelectionModel::Select | QItemSelectionModel::Rows);
}

int countOutcomes(const QList<qint64> &mids, const char *action)
{
    int n = 0;
    for (const QByteArray &line : uitest::auditLines("\"outcome\"")) {
        if (!line.contains(QByteArray(QByteArray("\"") + action + "\"")))
            continue;
        for (qint64 mid : mids)
            if (line.contains(QByteArray::number(mid)))
                ++n;
    }
    return n;
}

} // namespace

class TestHistoryView : public QObject {
    Q_OBJECT
public:
    static void initMain() { uitest::isolateUserFiles(); }

private:
    MemorySecretStore *m_secrets = nullptr;
    std::unique_ptr<MainWindow> m_window;

    service::RtmSession *session() { return m_window->session(); }

    // Opens the group view on `gid` as 7001 and loads every page.
    HistoryView *openGroupFully(qint64 gid)
    {
        HistoryView *view = rtmtest::historyView(*m_window, rtm::MessageCategory::Group);
        rtmtest::tabs(*m_window)->setCurrentWidget(view);
        setIds(view, 7001, gid);
        if (!view->open())
            return nullptr;
        child<QPushButton>(view, "historyLoadAll")->click();
        if (!QTest::qWaitFor([&] { return view->model()->isAtEnd() && !view->model()->isLoading(); }, 20000))
            return nullptr;
        return view;
    }

    DeleteConfirmDialog *waitForConfirm(HistoryView *view)
    {
        DeleteConfirmDialog *d = nullptr;
        (void)QTest::qWaitFor([&] {
            d = view->deleteController()->confirmDialog();
            return d && d->isVisible();
        }, 5000);
        return d;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_secrets = new MemorySecretStore(this);
        m_window = std::make_unique<MainWindow>(m_secrets);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QSignalSpy started(m_window.get(), &MainWindow::sandboxStarted);
        m_window->startSandbox();
        QVERIFY(started.wait(60000));
        QVERIFY(session());
        QTRY_COMPARE_WITH_TIMEOUT(rtmtest::connectionStatus(*m_window)->stateText(), QStringLiteral("Connected"), 10000);
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    }

    void titleAndStatusBar()
    {
        QCOMPARE(m_window->windowTitle(), QStringLiteral("RTM Console — Sandbox [sandbox]"));
        const QString status = rtmtest::connectionStatus(*m_window)->text();
        QVERIFY2(status.contains(QStringLiteral("SANDBOX")), qPrintable(status));
        QVERIFY(status.contains(QStringLiteral("Connected")));
        QVERIFY(status.contains(QStringLiteral("127.0.0.1:")));
        QVERIFY(status.contains(QStringLiteral("pid 11000001")));
        QTRY_VERIFY(rtmtest::connectionStatus(*m_window)->text().contains(QStringLiteral(" ms")));
    }

    void opensEachKindAndPagesToTheEnd_data()
    {
        QTest::addColumn<int>("kind");
        QTest::newRow("p2p") << int(rtm::MessageCategory::P2P);
        QTest::newRow("group") << int(rtm::MessageCategory::Group);
        QTest::newRow("room") << int(rtm::MessageCategory::Room);
        QTest::newRow("broadcast") << int(rtm::MessageCategory::Broadcast);
    }
    void opensEachKindAndPagesToTheEnd()
    {
        QFETCH(int, kind);
        HistoryView *view = rtmtest::historyView(*m_window, rtm::MessageCategory(kind));
        rtmtest::tabs(*m_window)->setCurrentWidget(view);
        // The sandbox start filled in demo ids with history.
        QVERIFY(!child<QLineEdit>(view, "historyUid")->text().isEmpty());
        child<QPushButton>(view, "historyOpen")->click();
        QTRY_VERIFY(view->model()->rowCount() > 0);
        QTRY_VERIFY(!view->model()->isLoading());
        QVERIFY2(view->footerText().contains(QStringLiteral("more available")), qPrintable(view->footerText()));
        // Scrolling to the bottom asks for the next page, like a person would.
        const int first = view->model()->rowCount();
        view->table()->scrollToBottom();
        QTRY_VERIFY(view->model()->rowCount() > first);
        // "Load all" to the end, with a progress bar and a Cancel button meanwhile.
        child<QPushButton>(view, "historyLoadAll")->click();
        QVERIFY(child<QPushButton>(view, "loadAllCancel")->isVisible() || view->model()->isAtEnd());
        QTRY_VERIFY_WITH_TIMEOUT(view->model()->isAtEnd(), 30000);
        QTRY_VERIFY(!child<QProgressBar>(view, "loadAllProgress")->isVisible());
        const int n = view->model()->rowCount();
        QVERIFY(n > 40);
        QVERIFY2(view->footerText().startsWith(QStringLiteral("all %1 loaded").arg(n)), qPrintable(view->footerText()));
        QVERIFY(view->errorText().isEmpty());
        // Newest first, no row twice.
        QSet<qint64> cursors;
        for (int r = 0; r < n; ++r) {
            cursors.insert(view->model()->message(r).cursorId);
            if (r)
                QVERIFY(view->model()->message(r - 1).modifiedTime >= view->model()->message(r).modifiedTime);
        }
        QCOMPARE(cursors.size(), n);
    }

    void loadAllCanBeCancelled()
    {
        HistoryView *view = rtmtest::historyView(*m_window, rtm::MessageCategory::Group);
        rtmtest::tabs(*m_window)->setCurrentWidget(view);
        child<QComboBox>(view, "historyOrder")->setCurrentIndex(1);   // oldest first, for variety
        QVERIFY(view->open());
        child<QPushButton>(view, "historyLoadAll")->click();
        QVERIFY(child<QPushButton>(view, "loadAllCancel")->isVisible());
        child<QPushButton>(view, "loadAllCancel")->click();
        QTRY_VERIFY(!view->model()->isLoading());
        QVERIFY(!view->model()->isAtEnd());
        QVERIFY(view->footerText().contains(QStringLiteral("more available")));
        QVERIFY(!child<QPushButton>(view, "loadAllCancel")->isVisible());
        // The rows loaded so far stay, marked partial.
        QVERIFY(view->model()->rowCount() > 0);
        QVERIFY2(view->footerText().contains(QStringLiteral("partial")), qPrintable(view->footerText()));
        child<QComboBox>(view, "historyOrder")->setCurrentIndex(0);
    }

    void loadAllProgressHasTheGroupTotal()
    {
        // Groups: "n of N" with N from getmsgnum and an ETA; the bar runs up to N.
        HistoryView *view = rtmtest::historyView(*m_window, rtm::MessageCategory::Group);
        rtmtest::tabs(*m_window)->setCurrentWidget(view);
        QVERIFY(view->open());
        const service::HistoryTarget t = view->model()->target();
        const service::ReplyResult count = service::waitForReply(
            session()->getMessageNum(rtm::MessageCategory::Group, t.target, {}, 0, 0));
        QVERIFY(count.ok());
        const qint64 total = count.count.num;
        QVERIFY(total > 40);
        auto *bar = child<QProgressBar>(view, "loadAllProgress");
        child<QPushButton>(view, "historyLoadAll")->click();
        QVERIFY(bar->isVisible());
        QVERIFY2(bar->format().contains(QStringLiteral(" loaded · page ")), qPrintable(bar->format()));
        QTRY_VERIFY_WITH_TIMEOUT(view->model()->isAtEnd(), 30000);
        QTRY_VERIFY(!bar->isVisible());
        const QLocale locale;
        QCOMPARE(bar->format(), QStringLiteral("%1 of %1 loaded · page %2 · ETA 0:00")
                                    .arg(locale.toString(total), locale.toString(view->model()->pagesLoaded())));
        QCOMPARE(bar->maximum(), int(total));
        QCOMPARE(bar->value(), int(total));
        QVERIFY(!view->footerText().contains(QStringLiteral("partial")));
    }

    void loadAllProgressCountsForP2P()
    {
        // P2P has no getmsgnum: the count and the pages, on a busy bar.
        HistoryView *view = rtmtest::historyView(*m_window, rtm::MessageCategory::P2P);
        rtmtest::tabs(*m_window)->setCurrentWidget(view);
        QVERIFY(view->open());
        auto *bar = child<QProgressBar>(view, "loadAllProgress");
        child<QPushButton>(view, "historyLoadAll")->click();
        QVERIFY(bar->isVisible());
        QCOMPARE(bar->maximum(), 0);
        QTRY_VERIFY_WITH_TIMEOUT(view->model()->isAtEnd(), 30000);
        QTRY_VERIFY(!bar->isVisible());
        QCOMPARE(bar->format(), QStringLiteral("%1 loaded · page %2")
                                    .arg(QLocale().toString(view->model()->rowCount()),
                                         QLocale().toString(view->model()->pagesLoaded())));
    }

    void infoShowsTheRightMessage()
    {
        const QList<qint64> mids = uitest::seedGroup(session(), 6100, 8);
        QCOMPARE(mids.size(), 8);
        HistoryView *view = openGroupFully(6100);
        QVERIFY(view);
        QCOMPARE(view->model()->rowCount(), 8);
        selectProxyRows(view, {2});
        const rtm::HistoryMessage &m = view->model()->message(2);
        child<QAction>(view, "actionInfo")->trigger();
        MessageDetails *details = view->details();
        QTRY_VERIFY(!details->isLoading());
        QVERIFY2(details->statusText().isEmpty(), qPrintable(details->statusText()));
        QCOMPARE(details->messageText(), m.messageText());
        QCOMPARE(details->currentRef().mid, m.messageId);
        const QString fields = child<QLabel>(details, "detailsFields")->text();
        QVERIFY2(fields.contains(QStringLiteral("cursor id: %1").arg(m.cursorId)), qPrintable(fields));
        QVERIFY(fields.contains(QStringLiteral("mtype: 51")));
        // attrs as indented JSON
        QVERIFY(child<QWidget>(details, "detailsAttrs")->property("plainText").toString().contains(QStringLiteral("\"n\": 5")));
        QVERIFY(child<QLabel>(details, "detailsHeader")->text().contains(QString::number(m.messageId)));
    }

    void deleteThreeSelectedRows()
    {
        const QList<qint64> mids = uitest::seedGroup(session(), 6001, 30);
        QCOMPARE(mids.size(), 30);
        HistoryView *view = openGroupFully(6001);
        QVERIFY(view);
        QCOMPARE(view->model()->rowCount(), 30);
        QList<qint64> chosen;
        for (int r : {1, 4, 7})
            chosen << view->model()->message(r).messageId;
        selectProxyRows(view, {1, 4, 7});
        QCOMPARE(view->selectedMessages().size(), 3);

        // The Delete key only opens the confirmation.
        view->table()->setFocus();
        QTest::keyClick(view->table(), Qt::Key_Delete);
        DeleteConfirmDialog *dialog = waitForConfirm(view);
        QVERIFY(dialog);
        QCOMPARE(dialog->questionText(), QStringLiteral("Delete 3 group messages from group 6001?"));
        QCOMPARE(uitest::child<QPushButton>(dialog, "deleteConfirm")->text(), QStringLiteral("Delete 3 messages"));
        QTRY_VERIFY(dialog->cancelButton()->hasFocus());
        QVERIFY(dialog->cancelButton()->isDefault());
        QCOMPARE(session()->queuedCount() + session()->inFlightCount(), 0);   // nothing sent yet
        QCOMPARE(view->model()->rowCount(), 30);
        QCOMPARE(countOutcomes(chosen, "delmsg"), 0);

        // Cancel: nothing happens.
        dialog->cancelButton()->click();
        QTRY_VERIFY(!view->deleteController()->confirmDialog());
        QVERIFY(!view->deleteController()->isRunning());
        QCOMPARE(session()->queuedCount() + session()->inFlightCount(), 0);   // nothing sent
        QCOMPARE(view->model()->rowCount(), 30);

        // Again, through the toolbar action, and confirm.
        child<QAction>(view, "actionDelete")->trigger();
        dialog = waitForConfirm(view);
        QVERIFY(dialog);
        uitest::child<QPushButton>(dialog, "deleteConfirm")->click();
        QTRY_COMPARE(view->model()->rowCount(), 27);
        QTRY_VERIFY(!view->deleteController()->isRunning());
        for (int r = 0; r < view->model()->rowCount(); ++r)
            QVERIFY(!chosen.contains(view->model()->message(r).messageId));
        QVERIFY2(view->deleteController()->lastSummary().startsWith(QStringLiteral("Deleted 3 of 3")),
                 qPrintable(view->deleteController()->lastSummary()));

        // Gone from a fresh query too.
        QVERIFY(view->open());
        child<QPushButton>(view, "historyLoadAll")->click();
        QTRY_VERIFY(view->model()->isAtEnd() && !view->model()->isLoading());
        QCOMPARE(view->model()->rowCount(), 27);
        for (int r = 0; r < view->model()->rowCount(); ++r)
            QVERIFY(!chosen.contains(view->model()->message(r).messageId));
        QVERIFY(view->footerText().contains(QStringLiteral("3 deleted hidden")));

        // Three audit outcome lines (and three attempts).
        QTRY_COMPARE(countOutcomes(chosen, "delmsg"), 3);
        int attempts = 0;
        for (const QByteArray &line : uitest::auditLines("\"attempt\""))
            for (qint64 mid : chosen)
                attempts += line.contains("\"delmsg\"") && line.contains(QByteArray::number(mid));
        QCOMPARE(attempts, 3);
    }

    void deletedRowsShownWhenAskedFor()
    {
        HistoryView *view = rtmtest::historyView(*m_window, rtm::MessageCategory::Group);
        setIds(view, 7001, 6001);
        child<QWidget>(view, "historyShowDeleted")->setProperty("checked", true);
        QVERIFY(view->open());
        child<QPushButton>(view, "historyLoadAll")->click();
        QTRY_VERIFY(view->model()->isAtEnd() && !view->model()->isLoading());
        QCOMPARE(view->model()->rowCount(), 30);
        int deleted = 0;
        for (int r = 0; r < 30; ++r)
            deleted += view->model()->index(r, HistoryModel::StatusColumn).data().toString() == QStringLiteral("deleted");
        QCOMPARE(deleted, 3);
        // Deleting a shown row marks it "deleted" instead of removing it.
        int target = -1;
        for (int r = 0; r < 30 && target < 0; ++r)
            if (!view->model()->message(r).deleted)
                target = r;
        selectProxyRows(view, {target});
        child<QAction>(view, "actionDelete")->trigger();
        DeleteConfirmDialog *dialog = waitForConfirm(view);
        QVERIFY(dialog);
        uitest::child<QPushButton>(dialog, "deleteConfirm")->click();
        QTRY_COMPARE(view->model()->index(target, HistoryModel::StatusColumn).data().toString(), QStringLiteral("deleted"));
        QCOMPARE(view->model()->rowCount(), 30);
        child<QWidget>(view, "historyShowDeleted")->setProperty("checked", false);
    }

    void countPanelShowsTheRightNumbers()
    {
        QCOMPARE(uitest::seedGroup(session(), 6200, 7, 3).size(), 7);             // mtype 51, 3 senders
        QCOMPARE(uitest::seedGroup(session(), 6200, 4, 2, 7101, 52).size(), 4);   // mtype 52, 2 other senders
        CountPanel *panel = rtmtest::countPanel(*m_window);
        rtmtest::tabs(*m_window)->setCurrentWidget(panel);
        child<QComboBox>(panel, "countKind")->setCurrentIndex(0);
        child<QLineEdit>(panel, "countId")->setText(QStringLiteral("6200"));
        child<QLineEdit>(panel, "countMtypes")->clear();
        child<QPushButton>(panel, "countButton")->click();
        QTRY_VERIFY(panel->hasResult());
        QCOMPARE(panel->lastCount().num, qint64(11));
        QCOMPARE(panel->lastCount().sender, qint64(5));
        QCOMPARE(panel->resultText(), QStringLiteral("Group 6200: 11 messages from 5 distinct senders."));

        child<QLineEdit>(panel, "countMtypes")->setText(QStringLiteral("52"));
        child<QPushButton>(panel, "countButton")->click();
        QTRY_VERIFY(panel->hasResult());
        QCOMPARE(panel->lastCount().num, qint64(4));
        QCOMPARE(panel->lastCount().sender, qint64(2));

        // Bad input is named, nothing is sent.
        child<QLineEdit>(panel, "countId")->setText(QStringLiteral("x"));
        child<QPushButton>(panel, "countButton")->click();
        QVERIFY(panel->resultText().contains(QStringLiteral("not a number")));
        child<QLineEdit>(panel, "countMtypes")->clear();
    }

    void findMessageThenDelete()
    {
        const QList<qint64> mids = uitest::seedGroup(session(), 6300, 5);
        QCOMPARE(mids.size(), 5);
        HistoryView *view = openGroupFully(6300);
        QVERIFY(view);
        QCOMPARE(view->model()->rowCount(), 5);

        FindMessageDialog *find = rtmtest::openFindMessage(*m_window);
        QTRY_VERIFY(find->isVisible());
        child<QComboBox>(find, "findKind")->setCurrentIndex(1);   // group
        child<QLineEdit>(find, "findFrom")->setText(QStringLiteral("7003"));   // message 2 came from 7001 + 2 % 3
        child<QLineEdit>(find, "findTarget")->setText(QStringLiteral("6300"));
        child<QLineEdit>(find, "findMid")->setText(QString::number(mids[2]));
        child<QPushButton>(find, "findInfo")->click();
        QTRY_VERIFY(!find->details()->isLoading());
        QCOMPARE(find->details()->messageText(), QStringLiteral("message 2 of group 6300"));

        child<QPushButton>(find, "findDelete")->click();
        DeleteConfirmDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = find->deleteController()->confirmDialog()) && dialog->isVisible());
        QCOMPARE(uitest::child<QPushButton>(dialog, "deleteConfirm")->text(), QStringLiteral("Delete 1 message"));
        QVERIFY(dialog->questionText().contains(QStringLiteral("group 6300")));
        uitest::child<QPushButton>(dialog, "deleteConfirm")->click();
        QTRY_VERIFY2(find->statusText().startsWith(QStringLiteral("✔ Deleted")), qPrintable(find->statusText()));
        // The open history view drops the row as well.
        QTRY_COMPARE(view->model()->rowCount(), 4);
        QCOMPARE(countOutcomes({mids[2]}, "delmsg"), 1);

        // Info now says it is gone, by name.
        child<QPushButton>(find, "findInfo")->click();
        QTRY_VERIFY(!find->details()->isLoading());
        QVERIFY2(find->details()->statusText().contains(QStringLiteral("RTM_EC_MESSAGE_NOT_FOUND")),
                 qPrintable(find->details()->statusText()));

        // Bad input is named.
        child<QLineEdit>(find, "findMid")->setText(QStringLiteral("abc"));
        child<QPushButton>(find, "findInfo")->click();
        QVERIFY(find->statusText().contains(QStringLiteral("not a number")));
        find->reject();
    }

    void filterSelectAllMatchingAndDelete()
    {
        const QList<qint64> mids = uitest::seedGroup(session(), 6400, 30);
        QCOMPARE(mids.size(), 30);
        HistoryView *view = openGroupFully(6400);
        QVERIFY(view);
        QCOMPARE(view->model()->rowCount(), 30);
        child<QLineEdit>(view, "filterSender")->setText(QStringLiteral("7002"));
        view->applyFilterNow();
        QCOMPARE(view->proxy()->rowCount(), 10);
        QVERIFY2(view->footerText().contains(QStringLiteral("10 matching the filter")), qPrintable(view->footerText()));
        child<QPushButton>(view, "selectAllMatching")->click();
        QCOMPARE(view->selectedMessages().size(), 10);
        for (const MessageRef &ref : view->selectedMessages())
            QCOMPARE(ref.from, qint64(7002));
        child<QAction>(view, "actionDelete")->trigger();
        DeleteConfirmDialog *dialog = waitForConfirm(view);
        QVERIFY(dialog);
        QVERIFY(dialog->questionText().startsWith(QStringLiteral("Delete 10 group messages from group 6400")));
        uitest::child<QPushButton>(dialog, "deleteConfirm")->click();
        QTRY_VERIFY(!view->deleteController()->isRunning());
        QVERIFY2(view->deleteController()->lastSummary() == QStringLiteral("Deleted 10 of 10 messages."),
                 qPrintable(view->deleteController()->lastSummary()));
        for (int r = 0; r < view->model()->rowCount(); ++r)
            if (view->model()->rowState(r) == HistoryModel::RowState::DeleteFailed)
                qWarning() << "failed:" << view->model()->message(r).messageId << view->model()->rowError(r);
        QTRY_COMPARE(view->proxy()->rowCount(), 0);
        QTRY_COMPARE(view->model()->rowCount(), 20);
        child<QLineEdit>(view, "filterSender")->clear();
        view->applyFilterNow();
        QCOMPARE(view->proxy()->rowCount(), 20);
        for (int r = 0; r < 20; ++r)
            QVERIFY(view->model()->message(r).fromUid != 7002);

        // Text filter and mtype filter narrow too.
        child<QLineEdit>(view, "filterText")->setText(QStringLiteral("message 3 of"));
        view->applyFilterNow();
        QCOMPARE(view->proxy()->rowCount(), 1);
        child<QLineEdit>(view, "filterText")->clear();
        view->applyFilterNow();
        child<QLineEdit>(view, "filterMtype")->setText(QStringLiteral("30"));
        view->applyFilterNow();
        QCOMPARE(view->proxy()->rowCount(), 0);
        child<QLineEdit>(view, "filterMtype")->clear();
        view->applyFilterNow();

        // A fresh query agrees.
        rtm::HistoryQuery q;
        int alive = 0;
        for (qint64 lastId = 0;;) {
            q.lastId = lastId;
            const auto page = service::waitForReply(session()->getGroupMessage(7001, 6400, q));
            QVERIFY(page.ok());
            for (const auto &m : page.history.messages) {
                if (!m.deleted) {
                    ++alive;
                    QVERIFY(m.fromUid != 7002);
                }
            }
            if (page.history.count < q.num)
                break;
            lastId = page.history.lastCursorId;
            q.begin = page.history.beginMsec;
            q.end = page.history.endMsec;
        }
        QCOMPARE(alive, 20);
    }

    void copyAndExport()
    {
        HistoryView *view = openGroupFully(6100);
        QVERIFY(view);
        // A binary message as well.
        const QByteArray binary("\x00\x01\xff\xfe", 4);
        QVERIFY(service::waitForReply(session()->sendGroupMessage(60, 7001, 6100, rtm::MessageBody::binary(binary), {})).ok());
        QVERIFY(view->open());
        QTRY_VERIFY(view->model()->rowCount() == 9 && !view->model()->isLoading());
        selectProxyRows(view, {0, 1});
        view->table()->setFocus();
        QTest::keyClick(view->table(), Qt::Key_C, Qt::ControlModifier);
        const QString copied = QApplication::clipboard()->text();
        const QStringList lines = copied.split(QLatin1Char('\n'));
        QVERIFY2(lines.size() == 2, qPrintable(copied));
        QCOMPARE(lines[0].count(QLatin1Char('\t')), HistoryModel::ColumnCount - 1);
        QVERIFY(lines[1].contains(QStringLiteral("message 7 of group 6100")));

        const QList<int> rows = HistoryExport::allRows(*view->model());
        const QByteArray csv = HistoryExport::toCsv(*view->model(), rows);
        QVERIFY(csv.startsWith("\xEF\xBB\xBF" "time_ms,time,from,to,mtype,mid,cursor_id,deleted,binary,message,attrs"));
        QVERIFY(csv.contains(binary.toBase64()));
        QVERIFY(csv.contains("\"{\"\"n\"\":7}\""));
        const QByteArray json = HistoryExport::toJson(*view->model(), rows);
        QVERIFY(json.contains(QByteArray("\"messageBase64\": \"" + binary.toBase64() + "\"")));
        QVERIFY(json.contains("\"message\": \"message 7 of group 6100\""));
    }

    void utcSwitch()
    {
        HistoryView *view = rtmtest::historyView(*m_window, rtm::MessageCategory::Group);
        const qint64 t = view->model()->message(0).modifiedTime;
        m_window->setUtc(true);
        QCOMPARE(view->model()->headerData(HistoryModel::TimeColumn, Qt::Horizontal).toString(), QStringLiteral("Time (UTC)"));
        QCOMPARE(view->model()->index(0, HistoryModel::TimeColumn).data().toString(),
                 QDateTime::fromMSecsSinceEpoch(t, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")));
        m_window->setUtc(false);
        QCOMPARE(view->model()->headerData(HistoryModel::TimeColumn, Qt::Horizontal).toString(), QStringLiteral("Time (local)"));
    }

    void activityLogShowsRequestsWithoutSecrets()
    {
        auto *dock = rtmtest::activityLog(*m_window);
        QTRY_VERIFY(dock->proxy()->rowCount() > 10);
        const QString all = dock->textOf(false);
        QVERIFY(all.contains(QStringLiteral("getgroupmsg")));
        QVERIFY(all.contains(QStringLiteral("delmsg")));
        QVERIFY(!all.contains(QString::fromLatin1(sandbox::kDemoSecret)));
        child<QLineEdit>(dock, "activityFilter")->setText(QStringLiteral("getmsgnum"));
        QTRY_VERIFY(dock->proxy()->rowCount() >= 2);
        for (int r = 0; r < dock->proxy()->rowCount(); ++r)
            QVERIFY(dock->textOf(false).contains(QStringLiteral("getmsgnum")));
        child<QLineEdit>(dock, "activityFilter")->clear();
    }

    void readOnlyProfileDisablesSendAndDelete()
    {
        ConnectionProfile p = m_window->profile();
        p.name = QStringLiteral("Sandbox (read-only)");
        p.readOnly = true;
        m_window->connectToProfile(p, sandbox::kDemoSecret);
        QVERIFY(m_window->windowTitle().contains(QStringLiteral("read-only")));
        QVERIFY(rtmtest::connectionStatus(*m_window)->text().contains(QStringLiteral("READ-ONLY")));
        QVERIFY(!child<QPushButton>(rtmtest::sendPanel(*m_window), "sendButton")->isEnabled());
        HistoryView *view = openGroupFully(6100);
        QVERIFY(view);
        selectProxyRows(view, {0});
        QVERIFY(!child<QAction>(view, "actionDelete")->isEnabled());
        QVERIFY(child<QAction>(view, "actionInfo")->isEnabled());
        view->deleteSelected();   // decides at once: no confirmation, nothing sent
        QVERIFY(!view->deleteController()->confirmDialog());
        QCOMPARE(session()->queuedCount() + session()->inFlightCount(), 0);

        p.name = QStringLiteral("Sandbox");
        p.readOnly = false;
        m_window->connectToProfile(p, sandbox::kDemoSecret);
        QTRY_COMPARE(rtmtest::connectionStatus(*m_window)->stateText(), QStringLiteral("Connected"));
        QVERIFY(!rtmtest::sendPanel(*m_window)->findChild<QLabel *>(QStringLiteral("sendProblems"))->text().contains(QStringLiteral("read-only")));
        QVERIFY(!m_window->windowTitle().contains(QStringLiteral("read-only")));
    }

    void historyQueryOptions()
    {
        // mtypes filter, page size and a time range, read from the form.
        QCOMPARE(uitest::seedGroup(session(), 6500, 6, 2, 7001, 51).size(), 6);
        QCOMPARE(uitest::seedGroup(session(), 6500, 5, 2, 7001, 52).size(), 5);
        HistoryView *view = rtmtest::historyView(*m_window, rtm::MessageCategory::Group);
        rtmtest::tabs(*m_window)->setCurrentWidget(view);
        setIds(view, 7001, 6500);
        child<QLineEdit>(view, "historyMtypes")->setText(QStringLiteral("52"));
        child<QSpinBox>(view, "historyPageSize")->setValue(2);
        QVERIFY(view->open());
        child<QPushButton>(view, "historyLoadAll")->click();
        QTRY_VERIFY(view->model()->isAtEnd() && !view->model()->isLoading());
        QCOMPARE(view->model()->rowCount(), 5);
        QCOMPARE(view->model()->pagesLoaded(), 3);
        for (int r = 0; r < 5; ++r)
            QCOMPARE(view->model()->message(r).messageType, 52);

        // A range that ends before the messages were sent: nothing.
        child<QLineEdit>(view, "historyMtypes")->clear();
        child<QSpinBox>(view, "historyPageSize")->setValue(20);
        child<QCheckBox>(view, "historyEndEnabled")->setChecked(true);
        child<QDateTimeEdit>(view, "historyEnd")->setDateTime(QDateTime::currentDateTime().addDays(-1));
        QVERIFY(view->open());
        QTRY_VERIFY(view->model()->isAtEnd() && !view->model()->isLoading());
        QCOMPARE(view->model()->rowCount(), 0);
        QCOMPARE(view->footerText(), QStringLiteral("all 0 loaded"));
        // From after To is refused with the reason.
        child<QCheckBox>(view, "historyBeginEnabled")->setChecked(true);
        child<QDateTimeEdit>(view, "historyBegin")->setDateTime(QDateTime::currentDateTime());
        QVERIFY(!view->open());
        QVERIFY(child<QLabel>(view, "historyFormError")->text().contains(QStringLiteral("“From” is after “To”")));
        child<QCheckBox>(view, "historyBeginEnabled")->setChecked(false);
        child<QCheckBox>(view, "historyEndEnabled")->setChecked(false);
        // Bad ids are named.
        child<QLineEdit>(view, "historyTarget")->setText(QStringLiteral("12 34"));
        QVERIFY(!view->open());
        QVERIFY(child<QLabel>(view, "historyFormError")->text().contains(QStringLiteral("Group id “12 34” is not a number")));
        child<QLineEdit>(view, "historyTarget")->setText(QStringLiteral("6500"));
    }

    void toMeansNowWhenTheQueryRuns()
    {
        // The window was made long before: "To" checked without picking a time still
        // reaches a message sent after that, and after the box was checked.
        HistoryView *view = rtmtest::historyView(*m_window, rtm::MessageCategory::Group);
        rtmtest::tabs(*m_window)->setCurrentWidget(view);
        setIds(view, 7001, 6600);
        auto *endEnabled = child<QCheckBox>(view, "historyEndEnabled");
        endEnabled->setChecked(false);
        endEnabled->setChecked(true);
        QCOMPARE(uitest::seedGroup(session(), 6600, 1).size(), 1);
        QVERIFY(view->open());
        QTRY_VERIFY(view->model()->isAtEnd() && !view->model()->isLoading());
        QCOMPARE(view->model()->rowCount(), 1);
        QCOMPARE(view->model()->target().end, qint64(0));   // open end: the server's now
        // A picked time is kept.
        const QDateTime picked = QDateTime::currentDateTime().addDays(-1);
        child<QDateTimeEdit>(view, "historyEnd")->setDateTime(picked);
        QVERIFY(view->open());
        QTRY_VERIFY(view->model()->isAtEnd() && !view->model()->isLoading());
        QCOMPARE(view->model()->rowCount(), 0);
        QVERIFY(qAbs(view->model()->target().end - picked.toMSecsSinceEpoch()) < 1000);
        endEnabled->setChecked(false);
        QVERIFY(view->open());
        QCOMPARE(view->model()->target().end, qint64(0));
    }

    void connectionDialogTestsSavesAndConnects()
    {
        const quint16 port = m_window->sandboxServer()->port();
        m_window->openConnections();
        ConnectionDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = m_window->findChild<ConnectionDialog *>()) && dialog->isVisible());
        auto *secret = child<QLineEdit>(dialog, "profileSecret");
        QCOMPARE(secret->echoMode(), QLineEdit::Password);
        child<QLineEdit>(dialog, "profileName")->setText(QStringLiteral("Local sandbox"));
        child<QLineEdit>(dialog, "profileEndpoint")->setText(QStringLiteral("127.0.0.1:%1").arg(port));
        child<QLineEdit>(dialog, "profilePid")->setText(QStringLiteral("11000001"));
        secret->setText(QStringLiteral("wrong-secret"));
        child<QComboBox>(dialog, "profileEnvironment")->setCurrentIndex(0);   // production
        child<QLineEdit>(dialog, "profileLabel")->setText(QStringLiteral("EU"));

        // Wrong secret: named, with the clock hint (200002 right after connecting).
        child<QPushButton>(dialog, "profileTest")->click();
        QTRY_VERIFY(dialog->testResultText().startsWith(QStringLiteral("✖")));
        QVERIFY2(dialog->testResultText().contains(QStringLiteral("RTM_EC_INVALID_PID_OR_SIGN")), qPrintable(dialog->testResultText()));
        QVERIFY(dialog->testResultText().contains(QStringLiteral("clock"), Qt::CaseInsensitive));

        secret->setText(QString::fromLatin1(sandbox::kDemoSecret));
        child<QPushButton>(dialog, "profileTest")->click();
        QTRY_VERIFY2(dialog->testResultText().startsWith(QStringLiteral("✔ Connected")), qPrintable(dialog->testResultText()));

        // Save: the profile is in the settings, the secret is not.
        QVERIFY(dialog->saveProfile());
        QSettings settings;
        settings.sync();
        QFile f(settings.fileName());
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray text = f.readAll();
        QVERIFY(text.contains("Local sandbox"));
        QVERIFY(!text.contains(sandbox::kDemoSecret));
        QVERIFY(m_secrets->contains(QStringLiteral("Local sandbox")));

        // Connect: the title and the status bar name the profile and its environment.
        child<QPushButton>(dialog, "profileConnect")->click();
        QTRY_COMPARE(m_window->windowTitle(), QStringLiteral("RTM Console — Local sandbox [production · EU]"));
        QTRY_COMPARE(rtmtest::connectionStatus(*m_window)->stateText(), QStringLiteral("Connected"));
        QVERIFY(rtmtest::connectionStatus(*m_window)->text().startsWith(QStringLiteral("PRODUCTION · EU")));
    }

    void wrongSecretOnConnectMentionsTheClock()
    {
        ConnectionProfile p = m_window->profile();
        p.name = QStringLiteral("Broken");
        m_window->connectToProfile(p, "not-the-secret");
        QMessageBox *box = nullptr;
        QTRY_VERIFY((box = m_window->findChild<QMessageBox *>(QStringLiteral("connectionProblemBox"))) && box->isVisible());
        QVERIFY2(box->text().contains(QStringLiteral("RTM_EC_INVALID_PID_OR_SIGN")), qPrintable(box->text()));
        QVERIFY(box->text().contains(QStringLiteral("clock"), Qt::CaseInsensitive));
        box->accept();
        p.name = QStringLiteral("Sandbox");
        m_window->connectToProfile(p, sandbox::kDemoSecret);
        QTRY_COMPARE(rtmtest::connectionStatus(*m_window)->stateText(), QStringLiteral("Connected"));
    }

    void keyboardReloadAndInfo()
    {
        HistoryView *view = openGroupFully(6100);
        QVERIFY(view);
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        view->table()->setFocus();
        selectProxyRows(view, {3});
        QTest::keyClick(view->table(), Qt::Key_Return);
        QTRY_COMPARE(view->details()->currentRef().mid, view->model()->message(3).messageId);
        QTRY_VERIFY(!view->details()->isLoading());
        // F5 runs the query again from the first page.
        QSignalSpy reset(view->model(), &QAbstractItemModel::modelReset);
        QTest::keyClick(view->table(), Qt::Key_F5);
        QTRY_COMPARE(reset.count(), 1);
        QTRY_VERIFY(view->model()->rowCount() > 0 && !view->model()->isLoading());
    }

    void windowLayoutIsRemembered()
    {
        HistoryView *view = rtmtest::historyView(*m_window, rtm::MessageCategory::Room);
        view->table()->horizontalHeader()->resizeSection(HistoryModel::MessageColumn, 777);
        m_window->resize(1111, 777);
        rtmtest::tabs(*m_window)->setCurrentWidget(view);
        m_window->close();   // saves geometry, splitters, headers, the current tab
        MemorySecretStore secrets;
        MainWindow again(&secrets);
        QCOMPARE(rtmtest::historyView(again, rtm::MessageCategory::Room)->table()->horizontalHeader()->sectionSize(HistoryModel::MessageColumn), 777);
        QCOMPARE(rtmtest::tabs(again)->currentWidget(), static_cast<QWidget *>(rtmtest::historyView(again, rtm::MessageCategory::Room)));
        QCOMPARE(again.size(), QSize(1111, 777));
        m_window->show();
    }

    void serverStoppingMidwayLeavesTheGuiResponsive()
    {
        // A second window with its own slow sandbox, which is then stopped half-way.
        MemorySecretStore secrets;
        MainWindow window(&secrets);
        window.show();
        QSignalSpy started(&window, &MainWindow::sandboxStarted);
        sandbox::SandboxOptions slow;
        slow.demoData = true;
        slow.latencyMs = 150;
        window.startSandbox(slow);
        QVERIFY(started.wait(60000));
        QTRY_COMPARE_WITH_TIMEOUT(rtmtest::connectionStatus(window)->stateText(), QStringLiteral("Connected"), 10000);

        HistoryView *view = rtmtest::historyView(window, rtm::MessageCategory::Group);
        rtmtest::tabs(window)->setCurrentWidget(view);
        QVERIFY(view->open());
        QTRY_VERIFY(view->model()->rowCount() > 0);
        selectProxyRows(view, {0, 1});
        child<QPushButton>(view, "historyLoadAll")->click();
        QTRY_VERIFY(view->model()->pagesLoaded() >= 2);
        QVERIFY(view->model()->isLoadingAll());

        window.sandboxServer()->stop();   // the server goes away mid-way

        // The event loop keeps running: a timer fires at once.
        bool ticked = false;
        QTimer::singleShot(0, this, [&] { ticked = true; });
        QTRY_VERIFY(ticked);
        // A clear error, paging stopped, progress gone, Retry offered.
        QTRY_VERIFY_WITH_TIMEOUT(!view->errorText().isEmpty(), 15000);
        QVERIFY2(view->errorText().contains(QStringLiteral("Loading history failed: FPNN_EC_CORE_")), qPrintable(view->errorText()));
        QVERIFY(!view->model()->isLoading());
        QVERIFY(!view->model()->isLoadingAll());
        QVERIFY(!view->model()->canFetchMore({}));
        QVERIFY(child<QPushButton>(view, "historyRetry")->isVisible());
        QTRY_VERIFY(!child<QProgressBar>(view, "loadAllProgress")->isVisible());

        // Deleting now fails and says so on the rows; nothing leaves the table.
        const int rows = view->model()->rowCount();
        selectProxyRows(view, {0, 1});
        view->deleteSelected();
        DeleteConfirmDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = view->deleteController()->confirmDialog()) && dialog->isVisible());
        uitest::child<QPushButton>(dialog, "deleteConfirm")->click();
        QTRY_VERIFY_WITH_TIMEOUT(!view->deleteController()->isRunning(), 30000);
        QCOMPARE(view->model()->rowCount(), rows);
        for (int r : {0, 1}) {
            QCOMPARE(view->model()->rowState(r), HistoryModel::RowState::DeleteFailed);
            QVERIFY(view->model()->index(r, HistoryModel::StatusColumn).data().toString().startsWith(QStringLiteral("delete failed: FPNN_EC_CORE_")));
        }

        // Sending fails with a named error too.
        SendPanel *send = rtmtest::sendPanel(window);
        send->setKind(SendPanel::Kind::Group);
        child<QWidget>(send, "sendBody")->setProperty("plainText", QStringLiteral("anyone there?"));
        send->send();
        QTRY_VERIFY_WITH_TIMEOUT(!send->isSending(), 30000);
        const QString result = child<QLabel>(send, "sendResult")->text();
        QVERIFY2(result.startsWith(QStringLiteral("✖ Not sent")) && result.contains(QStringLiteral("FPNN_EC_CORE_")), qPrintable(result));
    }

    void sandboxCanBeStartedAgainAfterAFailure()
    {
        MemorySecretStore secrets;
        MainWindow window(&secrets);
        window.show();
        QSignalSpy started(&window, &MainWindow::sandboxStarted);
        sandbox::SandboxOptions broken;
        broken.dataFile = QStringLiteral("/nonexistent-rtm-dir/sandbox.journal");   // cannot be opened
        window.startSandbox(broken);
        QMessageBox *box = nullptr;
        QTRY_VERIFY((box = window.findChild<QMessageBox *>()) && box->isVisible());
        QVERIFY(box->text().contains(QStringLiteral("could not start")));
        box->close();
        QTRY_VERIFY(!window.sandboxServer());

        // A second try starts a new sandbox instead of reusing the failed one (port 0).
        sandbox::SandboxOptions good;
        window.startSandbox(good);
        QVERIFY(started.wait(60000));
        QVERIFY(started.first().first().toInt() > 0);
        QTRY_COMPARE_WITH_TIMEOUT(rtmtest::connectionStatus(window)->stateText(), QStringLiteral("Connected"), 10000);
    }

    void firstStartOffersTheSandbox()
    {
        // No saved profile: the welcome dialog appears.
        QSettings().remove(QStringLiteral("profiles"));
        MemorySecretStore secrets;
        MainWindow window(&secrets);
        window.show();
        window.startUp();
        FirstStartDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = window.findChild<FirstStartDialog *>()) && dialog->isVisible());
        QSignalSpy started(&window, &MainWindow::sandboxStarted);
        child<QPushButton>(dialog, "firstStartSandbox")->click();
        QVERIFY(started.wait(60000));
        QTRY_COMPARE_WITH_TIMEOUT(rtmtest::connectionStatus(window)->stateText(), QStringLiteral("Connected"), 10000);
        QCOMPARE(window.windowTitle(), QStringLiteral("RTM Console — Sandbox [sandbox]"));
    }

    void cleanupTestCase()
    {
        m_window.reset();
    }
};

QTEST_MAIN(TestHistoryView)
#include "tst_historyview.moc"
