// Safety of the main window against the in-process sandbox (issue #8): a connection change
// forgets "Send again", the Find result and the details panes; production profiles confirm
// sends, need the count typed for large deletes and show a red band; broadcasts always
// confirm; read-only ticked on the connected profile applies at once; saving over and
// deleting a profile ask; deletes cut off by a lost connection are "unknown — check by mid"
// and "Check unknown" resolves them; Enter on a focused "Delete N" deletes.

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

#include "common/mainwindowparts.h"
#include "connectiondialog.h"
#include "connectionstatus.h"
#include "deleteconfirmdialog.h"
#include "deletecontroller.h"
#include "deletesummarydialog.h"
#include "findmessagedialog.h"
#include "historyview.h"
#include "mainwindow.h"
#include "messagedetails.h"
#include "productionband.h"
#include "secretstore.h"
#include "sendconfirmdialog.h"
#include "sendpanel.h"
#include "service/historymodel.h"
#include "uitesthelpers.h"

using namespace ui;
using service::HistoryModel;

using uitest::child;

namespace {

// Messages in a group that are not deleted, asked from the server (up to 20).
int aliveInGroup(service::RtmSession *session, qint64 gid)
{
    rtm::HistoryQuery q;
    const service::ReplyResult page = service::waitForReply(session->getGroupMessage(7001, gid, q));
    if (!page.ok())
        return -1;
    int n = 0;
    for (const rtm::HistoryMessage &m : page.history.messages)
        n += !m.deleted;
    return n;
}

} // namespace

class TestMainWindowSafety : public QObject {
    Q_OBJECT
public:
    static void initMain() { uitest::isolateUserFiles(); }

private:
    uitest::Sandbox m_sandbox;
    MemorySecretStore *m_secrets = nullptr;
    std::unique_ptr<MainWindow> m_window;

    ConnectionProfile profileNamed(const QString &name, ConnectionProfile::Environment env,
                                   quint16 port = 0) const
    {
        ConnectionProfile p;
        p.name = name;
        p.host = QStringLiteral("127.0.0.1");
        p.port = port ? port : m_sandbox.port;
        p.pid = sandbox::kDemoPid;
        p.environment = env;
        p.rateLimitPerSecond = 0;
        p.timeoutMs = 10000;
        return p;
    }

    bool connectAs(const ConnectionProfile &p)
    {
        m_window->connectToProfile(p, sandbox::kDemoSecret);
        return QTest::qWaitFor([&] { return rtmtest::connectionStatus(*m_window)->stateText() == QLatin1String("Connected"); }, 10000);
    }

    void fillGroupSend(qint64 gid, const QString &text)
    {
        SendPanel *panel = rtmtest::sendPanel(*m_window);
        rtmtest::tabs(*m_window)->setCurrentWidget(panel);
        panel->setKind(SendPanel::Kind::Group);
        child<QLineEdit>(panel, "sendFrom")->setText(QStringLiteral("7001"));
        child<QLineEdit>(panel, "sendGroupId")->setText(QString::number(gid));
        child<QPlainTextEdit>(panel, "sendBody")->setPlainText(text);
        child<QCheckBox>(panel, "sendCustomMid")->setChecked(false);
    }

    QString sendResult() const { return child<QLabel>(rtmtest::sendPanel(*m_window), "sendResult")->text(); }
    QPushButton *sendAgainButton() const { return child<QPushButton>(rtmtest::sendPanel(*m_window), "sendAgainButton"); }

    HistoryView *openGroupFully(qint64 gid)
    {
        HistoryView *view = rtmtest::historyView(*m_window, rtm::MessageCategory::Group);
        rtmtest::tabs(*m_window)->setCurrentWidget(view);
        child<QLineEdit>(view, "historyUid")->setText(QStringLiteral("7001"));
        child<QLineEdit>(view, "historyTarget")->setText(QString::number(gid));
        if (!view->open())
            return nullptr;
        child<QPushButton>(view, "historyLoadAll")->click();
        if (!QTest::qWaitFor([&] { return view->model()->isAtEnd() && !view->model()->isLoading(); }, 20000))
            return nullptr;
        return view;
    }

    DeleteConfirmDialog *deleteAll(HistoryView *view)
    {
        view->table()->selectAll();
        child<QAction>(view, "actionDelete")->trigger();
        DeleteConfirmDialog *d = nullptr;
        (void)QTest::qWaitFor([&] {
            d = view->deleteController()->confirmDialog();
            return d && d->isVisible();
        }, 5000);
        return d;
    }

    ConnectionDialog *openConnections()
    {
        m_window->openConnections();
        ConnectionDialog *dialog = nullptr;
        (void)QTest::qWaitFor([&] {
            const auto all = m_window->findChildren<ConnectionDialog *>();
            for (ConnectionDialog *d : all)
                if (d->isVisible())
                    dialog = d;
            return dialog != nullptr;
        }, 5000);
        return dialog;
    }

    void fillProfileForm(ConnectionDialog *dialog, const QString &name, quint16 port)
    {
        child<QLineEdit>(dialog, "profileName")->setText(name);
        child<QLineEdit>(dialog, "profileEndpoint")->setText(QStringLiteral("127.0.0.1:%1").arg(port));
        child<QLineEdit>(dialog, "profilePid")->setText(QString::number(sandbox::kDemoPid));
        child<QLineEdit>(dialog, "profileSecret")->setText(QString::fromLatin1(sandbox::kDemoSecret));
        child<QComboBox>(dialog, "profileEnvironment")->setCurrentIndex(1);   // test
    }

    QList<ConnectionProfile> storedProfiles() const
    {
        QSettings settings;
        return ProfileStore(&settings).load();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_sandbox.start());
        m_secrets = new MemorySecretStore(this);
        m_window = std::make_unique<MainWindow>(m_secrets);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QVERIFY(connectAs(profileNamed(QStringLiteral("Sandbox A"), ConnectionProfile::Environment::Test)));
    }

    void cleanup()
    {
        // No question left open for the next test.
        while (QWidget *modal = QApplication::activeModalWidget())
            modal->close();
    }

    // --- item 11 ---------------------------------------------------------------------

    void connectionChangeForgetsSendAgainFindAndDetails_data()
    {
        QTest::addColumn<int>("change");
        QTest::newRow("another profile") << 0;
        QTest::newRow("disconnect, then connect") << 1;
        QTest::newRow("same profile after editing") << 2;
    }
    void connectionChangeForgetsSendAgainFindAndDetails()
    {
        QFETCH(int, change);
        const qint64 gid = 6600 + change;
        QVERIFY(connectAs(profileNamed(QStringLiteral("Sandbox A"), ConnectionProfile::Environment::Test)));

        // Send on A: "Send again" becomes possible.
        fillGroupSend(gid, QStringLiteral("sent on A"));
        rtmtest::sendPanel(*m_window)->send();
        QTRY_VERIFY2(sendResult().startsWith(QStringLiteral("✔ Sent")), qPrintable(sendResult()));
        QVERIFY(sendAgainButton()->isEnabled());
        QCOMPARE(aliveInGroup(m_window->session(), gid), 1);

        // A Find result and a details pane showing that message.
        HistoryView *view = openGroupFully(gid);
        QVERIFY(view);
        QCOMPARE(view->model()->rowCount(), 1);
        const MessageRef ref = view->messageAt(0);
        view->details()->load(ref);
        QTRY_VERIFY(!view->details()->isLoading());
        QCOMPARE(view->details()->currentRef().mid, ref.mid);
        FindMessageDialog *find = rtmtest::openFindMessage(*m_window);
        find->hide();   // driven through its API, not shown: the window stays usable
        child<QComboBox>(find, "findKind")->setCurrentIndex(1);   // group
        child<QLineEdit>(find, "findFrom")->setText(QStringLiteral("7001"));
        child<QLineEdit>(find, "findTarget")->setText(QString::number(gid));
        child<QLineEdit>(find, "findMid")->setText(QStringLiteral("x"));
        find->showInfo();   // bad input: a status line
        QVERIFY(!find->statusText().isEmpty());
        child<QLineEdit>(find, "findMid")->setText(QString::number(ref.mid));
        find->showInfo();
        QTRY_VERIFY(!find->details()->isLoading());
        QCOMPARE(find->details()->messageText(), QStringLiteral("sent on A"));

        // The connection changes.
        switch (change) {
        case 0:
            QVERIFY(connectAs(profileNamed(QStringLiteral("Sandbox B"), ConnectionProfile::Environment::Test)));
            break;
        case 1:
            m_window->disconnectSession();
            QVERIFY(!sendAgainButton()->isEnabled());
            QVERIFY(connectAs(profileNamed(QStringLiteral("Sandbox A"), ConnectionProfile::Environment::Test)));
            break;
        case 2: {
            ConnectionProfile edited = profileNamed(QStringLiteral("Sandbox A"), ConnectionProfile::Environment::Test);
            edited.label = QStringLiteral("edited");
            QVERIFY(connectAs(edited));
            break;
        }
        }

        // Nothing of A is left to repeat or act on.
        QVERIFY(!sendAgainButton()->isEnabled());
        QVERIFY(!rtmtest::sendPanel(*m_window)->canSendAgain());
        rtmtest::sendPanel(*m_window)->sendAgain();
        sendAgainButton()->click();
        QVERIFY(!rtmtest::sendPanel(*m_window)->isSending());
        QCOMPARE(aliveInGroup(m_window->session(), gid), 1);   // nothing was sent again
        QCOMPARE(find->details()->currentRef().mid, qint64(0));
        QVERIFY(find->details()->messageText().isEmpty());
        QVERIFY(find->statusText().isEmpty());
        QCOMPARE(view->details()->currentRef().mid, qint64(0));
        find->reject();
    }

    void connectionChangeClosesAnOpenDeleteQuestion()
    {
        QVERIFY(connectAs(profileNamed(QStringLiteral("Sandbox A"), ConnectionProfile::Environment::Test)));
        QCOMPARE(uitest::seedGroup(m_window->session(), 6610, 2).size(), 2);
        HistoryView *view = openGroupFully(6610);
        QVERIFY(view);
        DeleteConfirmDialog *dialog = deleteAll(view);
        QVERIFY(dialog);
        QVERIFY(connectAs(profileNamed(QStringLiteral("Sandbox B"), ConnectionProfile::Environment::Test)));
        // The question was about A: it is gone, and nothing was deleted on B.
        QTRY_VERIFY(!view->deleteController()->confirmDialog());
        QVERIFY(!view->deleteController()->isRunning());
        QCOMPARE(aliveInGroup(m_window->session(), 6610), 2);
    }

    // --- item 12 ---------------------------------------------------------------------

    void productionBandMarksTheWindow()
    {
        QVERIFY(connectAs(profileNamed(QStringLiteral("Live EU"), ConnectionProfile::Environment::Production)));
        ProductionBand *band = rtmtest::productionBand(*m_window);
        QVERIFY(band->isVisible());
        QCOMPARE(band->text(), QStringLiteral("PRODUCTION — Live EU"));
        // Red, and readable: white text on it.
        const QColor bg = band->palette().color(QPalette::Window);
        QVERIFY2(bg.red() > 2 * bg.green() && bg.red() > 2 * bg.blue(), qPrintable(bg.name()));
        QCOMPARE(band->palette().color(QPalette::WindowText), QColor(Qt::white));
        QVERIFY(band->autoFillBackground());

        QVERIFY(connectAs(profileNamed(QStringLiteral("Sandbox A"), ConnectionProfile::Environment::Test)));
        QVERIFY(!band->isVisible());
        m_window->disconnectSession();
        QVERIFY(!band->isVisible());
        QVERIFY(connectAs(profileNamed(QStringLiteral("Sandbox A"), ConnectionProfile::Environment::Test)));
    }

    void productionSendsAskFirst()
    {
        QVERIFY(connectAs(profileNamed(QStringLiteral("Live EU"), ConnectionProfile::Environment::Production)));
        SendPanel *panel = rtmtest::sendPanel(*m_window);
        fillGroupSend(6620, QStringLiteral("careful now"));
        panel->send();
        SendConfirmDialog *confirm = panel->confirmDialog();
        QVERIFY(confirm);
        QTRY_VERIFY(confirm->isVisible());
        QVERIFY(!panel->isSending());
        QVERIFY2(confirm->questionText().contains(QStringLiteral("group 6620")), qPrintable(confirm->questionText()));
        QVERIFY(confirm->questionText().contains(QStringLiteral("PRODUCTION profile “Live EU”")));
        const QString details = confirm->detailsText();
        QVERIFY2(details.contains(QStringLiteral("Kind: Group message")), qPrintable(details));
        QVERIFY(details.contains(QStringLiteral("From uid: 7001")));
        QVERIFY(details.contains(QStringLiteral("mid: ")));
        QCOMPARE(child<QPlainTextEdit>(confirm, "sendConfirmPreview")->toPlainText(), QStringLiteral("careful now"));
        QTRY_VERIFY(confirm->cancelButton()->hasFocus() || !QApplication::focusWidget());

        // Cancel: nothing is sent.
        confirm->cancelButton()->click();
        QTRY_VERIFY(!panel->confirmDialog());
        QVERIFY(!panel->isSending());
        QCOMPARE(aliveInGroup(m_window->session(), 6620), 0);

        // Confirm: sent.
        panel->send();
        QVERIFY((confirm = panel->confirmDialog()));
        uitest::child<QPushButton>(confirm, "sendConfirmSend")->click();
        QTRY_VERIFY2(sendResult().startsWith(QStringLiteral("✔ Sent")), qPrintable(sendResult()));
        QCOMPARE(aliveInGroup(m_window->session(), 6620), 1);

        // "Send again" asks too (and names the mid it reuses).
        panel->sendAgain();
        QVERIFY((confirm = panel->confirmDialog()));
        QVERIFY(confirm->detailsText().contains(QStringLiteral("same mid")));
        confirm->cancelButton()->click();
        QTRY_VERIFY(!panel->confirmDialog());
        QVERIFY(!panel->isSending());
    }

    void broadcastAlwaysAsksWithTheTargetSpeltOut()
    {
        QVERIFY(connectAs(profileNamed(QStringLiteral("Sandbox A"), ConnectionProfile::Environment::Test)));
        SendPanel *panel = rtmtest::sendPanel(*m_window);
        rtmtest::tabs(*m_window)->setCurrentWidget(panel);
        // A group send on a test profile does not ask...
        fillGroupSend(6621, QStringLiteral("no question"));
        panel->send();
        QVERIFY(!panel->confirmDialog());
        QTRY_VERIFY2(sendResult().startsWith(QStringLiteral("✔ Sent")), qPrintable(sendResult()));
        // ...a broadcast does, naming every user of the project.
        panel->setKind(SendPanel::Kind::Broadcast);
        child<QLineEdit>(panel, "sendFrom")->setText(QStringLiteral("1000"));
        child<QPlainTextEdit>(panel, "sendBody")->setPlainText(QStringLiteral("hello everyone"));
        panel->send();
        SendConfirmDialog *confirm = panel->confirmDialog();
        QVERIFY(confirm);
        QVERIFY(!panel->isSending());
        QCOMPARE(confirm->questionText(), QStringLiteral("Broadcast to every user of project %1?").arg(sandbox::kDemoPid));
        QVERIFY(confirm->detailsText().contains(QStringLiteral("From uid: 1000")));
        QCOMPARE(uitest::child<QPushButton>(confirm, "sendConfirmSend")->text(), QStringLiteral("Broadcast to every user"));
        // Enter on the focused Send button sends.
        uitest::child<QPushButton>(confirm, "sendConfirmSend")->setFocus();
        QTest::keyClick(uitest::child<QPushButton>(confirm, "sendConfirmSend"), Qt::Key_Return);
        QTRY_VERIFY2(sendResult().startsWith(QStringLiteral("✔ Sent to everyone")), qPrintable(sendResult()));
    }

    void largeProductionDeleteNeedsTheCountTyped()
    {
        QVERIFY(connectAs(profileNamed(QStringLiteral("Live EU"), ConnectionProfile::Environment::Production)));
        QCOMPARE(uitest::seedGroup(m_window->session(), 6630, 25).size(), 25);
        QCOMPARE(uitest::seedGroup(m_window->session(), 6631, 20).size(), 20);

        // 20 on production: the usual question.
        HistoryView *view = openGroupFully(6631);
        QVERIFY(view);
        QCOMPARE(view->model()->rowCount(), 20);
        DeleteConfirmDialog *dialog = deleteAll(view);
        QVERIFY(dialog);
        QVERIFY(!dialog->isTypedCountRequired());
        QVERIFY(uitest::child<QPushButton>(dialog, "deleteConfirm")->isEnabled());
        dialog->cancelButton()->click();
        QTRY_VERIFY(!view->deleteController()->confirmDialog());

        // 25 on production: Delete enables only with "25" typed.
        view = openGroupFully(6630);
        QVERIFY(view);
        QCOMPARE(view->model()->rowCount(), 25);
        dialog = deleteAll(view);
        QVERIFY(dialog);
        QVERIFY(dialog->isTypedCountRequired());
        QLineEdit *typed = dialog->findChild<QLineEdit *>(QStringLiteral("deleteTypedCount"));
        QVERIFY(typed && typed->isVisible());
        QVERIFY(!uitest::child<QPushButton>(dialog, "deleteConfirm")->isEnabled());
        uitest::child<QPushButton>(dialog, "deleteConfirm")->click();
        QTest::keyClick(uitest::child<QPushButton>(dialog, "deleteConfirm"), Qt::Key_Return);
        QVERIFY(!view->deleteController()->isRunning());
        typed->setFocus();
        QTest::keyClicks(typed, QStringLiteral("24"));
        QVERIFY(!uitest::child<QPushButton>(dialog, "deleteConfirm")->isEnabled());
        typed->clear();
        QTest::keyClicks(typed, QStringLiteral("25"));
        QVERIFY(uitest::child<QPushButton>(dialog, "deleteConfirm")->isEnabled());
        uitest::child<QPushButton>(dialog, "deleteConfirm")->click();
        QTRY_VERIFY(!view->deleteController()->isRunning() && view->model()->rowCount() == 0);
        QCOMPARE(aliveInGroup(m_window->session(), 6630), 0);

        // 25 on a test profile: no typing.
        QVERIFY(connectAs(profileNamed(QStringLiteral("Sandbox A"), ConnectionProfile::Environment::Test)));
        QCOMPARE(uitest::seedGroup(m_window->session(), 6632, 25).size(), 25);
        view = openGroupFully(6632);
        QVERIFY(view);
        dialog = deleteAll(view);
        QVERIFY(dialog);
        QVERIFY(!dialog->isTypedCountRequired());
        dialog->cancelButton()->click();
    }

    // --- item 18 ---------------------------------------------------------------------

    void enterOnTheFocusedDeleteButtonDeletes()
    {
        QVERIFY(connectAs(profileNamed(QStringLiteral("Sandbox A"), ConnectionProfile::Environment::Test)));
        QCOMPARE(uitest::seedGroup(m_window->session(), 6640, 3).size(), 3);
        HistoryView *view = openGroupFully(6640);
        QVERIFY(view);
        QCOMPARE(view->model()->rowCount(), 3);

        // Focus starts on Cancel, and Enter there cancels.
        DeleteConfirmDialog *dialog = deleteAll(view);
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->cancelButton()->hasFocus());
        QTest::keyClick(dialog->cancelButton(), Qt::Key_Return);
        QTRY_VERIFY(!view->deleteController()->confirmDialog());
        QVERIFY(!view->deleteController()->isRunning());
        QCOMPARE(view->model()->rowCount(), 3);

        // Tab to "Delete 3 messages", Enter: deleted.
        dialog = deleteAll(view);
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->cancelButton()->hasFocus());
        uitest::child<QPushButton>(dialog, "deleteConfirm")->setFocus(Qt::TabFocusReason);
        QVERIFY(uitest::child<QPushButton>(dialog, "deleteConfirm")->hasFocus());
        QTest::keyClick(uitest::child<QPushButton>(dialog, "deleteConfirm"), Qt::Key_Return);
        QTRY_COMPARE(view->model()->rowCount(), 0);
        QTRY_VERIFY(!view->deleteController()->isRunning());
        QCOMPARE(aliveInGroup(m_window->session(), 6640), 0);
    }

    // --- item 13 ---------------------------------------------------------------------

    void readOnlyTickedOnTheConnectedProfileAppliesAtOnce()
    {
        ConnectionDialog *dialog = openConnections();
        QVERIFY(dialog);
        dialog->startNewProfile();
        fillProfileForm(dialog, QStringLiteral("Writable"), m_sandbox.port);
        child<QPushButton>(dialog, "profileConnect")->click();
        QTRY_COMPARE(m_window->profile().name, QStringLiteral("Writable"));
        QTRY_COMPARE(rtmtest::connectionStatus(*m_window)->stateText(), QStringLiteral("Connected"));
        QCOMPARE(uitest::seedGroup(m_window->session(), 6650, 2).size(), 2);
        HistoryView *view = openGroupFully(6650);
        QVERIFY(view);
        view->table()->selectAll();
        QVERIFY(child<QAction>(view, "actionDelete")->isEnabled());
        fillGroupSend(6650, QStringLiteral("still writable"));
        QVERIFY(child<QPushButton>(rtmtest::sendPanel(*m_window), "sendButton")->isEnabled());
        service::RtmSession *session = m_window->session();

        dialog = openConnections();
        QVERIFY(dialog);
        QCOMPARE(child<QLineEdit>(dialog, "profileName")->text(), QStringLiteral("Writable"));
        QTRY_VERIFY(!child<QLineEdit>(dialog, "profileSecret")->text().isEmpty());   // read from the store
        child<QCheckBox>(dialog, "profileReadOnly")->click();

        // At once: same connection, no send, no delete; saved with the profile.
        QCOMPARE(m_window->session(), session);
        QVERIFY(m_window->profile().readOnly);
        QVERIFY(!child<QPushButton>(rtmtest::sendPanel(*m_window), "sendButton")->isEnabled());
        QVERIFY(rtmtest::sendPanel(*m_window)->isReadOnly());
        QVERIFY(!child<QAction>(view, "actionDelete")->isEnabled());
        QVERIFY(m_window->windowTitle().contains(QStringLiteral("read-only")));
        QVERIFY(rtmtest::connectionStatus(*m_window)->text().contains(QStringLiteral("READ-ONLY")));
        bool stored = false;
        for (const ConnectionProfile &p : storedProfiles())
            stored = stored || (p.name == QStringLiteral("Writable") && p.readOnly);
        QVERIFY(stored);
        QCOMPARE(view->model()->rowCount(), 2);   // the loaded history stays

        // Unticking waits for Save, then applies too.
        child<QCheckBox>(dialog, "profileReadOnly")->click();
        QVERIFY(m_window->profile().readOnly);
        QVERIFY(dialog->saveProfile());
        QVERIFY(!m_window->profile().readOnly);
        QVERIFY(child<QPushButton>(rtmtest::sendPanel(*m_window), "sendButton")->isEnabled());
        dialog->reject();
    }

    void savingUnderAnExistingNameAsks()
    {
        ConnectionDialog *dialog = openConnections();
        QVERIFY(dialog);
        // Two profiles: "Keep me" and "Other".
        dialog->startNewProfile();
        fillProfileForm(dialog, QStringLiteral("Keep me"), 1111);
        QVERIFY(dialog->saveProfile());
        dialog->startNewProfile();
        fillProfileForm(dialog, QStringLiteral("Other"), 2222);
        QVERIFY(dialog->saveProfile());

        // A new profile under the name "Keep me": asks; Cancel keeps the old one.
        dialog->startNewProfile();
        fillProfileForm(dialog, QStringLiteral("Keep me"), 3333);
        QVERIFY(!dialog->saveProfile());
        QMessageBox *box = dialog->pendingQuestion();
        QVERIFY(box);
        QTRY_VERIFY(box->isVisible());
        QVERIFY2(box->text().contains(QStringLiteral("“Keep me” already exists")), qPrintable(box->text()));
        QCOMPARE(box->defaultButton(), box->button(QMessageBox::Cancel));
        box->button(QMessageBox::Cancel)->click();
        QTRY_VERIFY(!dialog->pendingQuestion());
        auto portOf = [this](const QString &name) {
            int port = -1, seen = 0;
            for (const ConnectionProfile &p : storedProfiles())
                if (p.name == name) {
                    port = p.port;
                    ++seen;
                }
            return seen == 1 ? port : -seen;
        };
        QCOMPARE(portOf(QStringLiteral("Keep me")), 1111);

        // Again, Replace: one "Keep me", the new one.
        QVERIFY(!dialog->saveProfile());
        QVERIFY((box = dialog->pendingQuestion()));
        child<QPushButton>(box, "profileQuestionYes")->click();
        QTRY_COMPARE(portOf(QStringLiteral("Keep me")), 3333);

        // Renaming "Other" to "Keep me" asks as well, and leaves no duplicate.
        dialog->selectProfile(QStringLiteral("Other"));
        QTRY_VERIFY(!child<QLineEdit>(dialog, "profileSecret")->text().isEmpty());
        child<QLineEdit>(dialog, "profileName")->setText(QStringLiteral("Keep me"));
        QVERIFY(!dialog->saveProfile());
        QVERIFY((box = dialog->pendingQuestion()));
        child<QPushButton>(box, "profileQuestionYes")->click();
        QTRY_COMPARE(portOf(QStringLiteral("Keep me")), 2222);
        QCOMPARE(portOf(QStringLiteral("Other")), 0);   // gone
        QVERIFY(!m_secrets->contains(QStringLiteral("Other")));

        // Saving the profile in the form under its own name does not ask.
        QVERIFY(dialog->saveProfile());
        QVERIFY(!dialog->pendingQuestion());
        dialog->reject();
    }

    void deletingAProfileAsks()
    {
        ConnectionDialog *dialog = openConnections();
        QVERIFY(dialog);
        dialog->startNewProfile();
        fillProfileForm(dialog, QStringLiteral("Doomed"), 4444);
        QVERIFY(dialog->saveProfile());
        dialog->selectProfile(QStringLiteral("Doomed"));
        auto has = [this](const QString &name) {
            for (const ConnectionProfile &p : storedProfiles())
                if (p.name == name)
                    return true;
            return false;
        };

        child<QPushButton>(dialog, "profileDelete")->click();
        QMessageBox *box = dialog->pendingQuestion();
        QVERIFY(box);
        QTRY_VERIFY(box->isVisible());
        QVERIFY2(box->text().contains(QStringLiteral("Delete the profile “Doomed”")), qPrintable(box->text()));
        QVERIFY(has(QStringLiteral("Doomed")));
        box->button(QMessageBox::Cancel)->click();
        QTRY_VERIFY(!dialog->pendingQuestion());
        QVERIFY(has(QStringLiteral("Doomed")));
        QVERIFY(m_secrets->contains(QStringLiteral("Doomed")));

        child<QPushButton>(dialog, "profileDelete")->click();
        QVERIFY((box = dialog->pendingQuestion()));
        child<QPushButton>(box, "profileQuestionYes")->click();
        QTRY_VERIFY(!has(QStringLiteral("Doomed")));
        QVERIFY(!m_secrets->contains(QStringLiteral("Doomed")));
        QVERIFY(child<QListWidget>(dialog, "profileList")->findItems(QStringLiteral("Doomed"), Qt::MatchExactly).isEmpty());
        dialog->reject();
    }

    // --- item 14 ---------------------------------------------------------------------

    void deletesCutOffByALostConnectionAreUnknownUntilChecked()
    {
        // Server A (prompt) holds the messages; B (answers after a minute) receives the
        // deletes and stops with all of them on the wire; C (prompt, on the same port) has
        // two of them again, so a check finds 4 gone and 2 still present.
        sandbox::SandboxThread a;
        QSignalSpy aStarted(&a, &sandbox::SandboxThread::started);
        a.start();
        QTRY_VERIFY_WITH_TIMEOUT(!aStarted.isEmpty(), 20000);   // emitted on the sandbox thread: it may come before wait() starts
        const quint16 port = aStarted.first().first().value<quint16>();
        ConnectionProfile flaky = profileNamed(QStringLiteral("Flaky"), ConnectionProfile::Environment::Test, port);
        flaky.timeoutMs = 300000;   // the deletes must end by the lost connection, not a timeout
        QVERIFY(connectAs(flaky));
        service::RtmSession *session = m_window->session();
        const QList<qint64> mids = uitest::seedGroup(session, 6660, 6);
        QCOMPARE(mids.size(), 6);
        HistoryView *view = openGroupFully(6660);
        QVERIFY(view);
        QCOMPARE(view->model()->rowCount(), 6);

        a.stop();
        sandbox::SandboxOptions slow;
        slow.latencyMs = 600000;
        sandbox::SandboxThread b(slow);
        QSignalSpy bStarted(&b, &sandbox::SandboxThread::started);
        b.start(QHostAddress::LocalHost, port);
        QTRY_VERIFY_WITH_TIMEOUT(!bStarted.isEmpty(), 20000);   // emitted on the sandbox thread: it may come before wait() starts
        session->connectToServer();
        QTRY_COMPARE_WITH_TIMEOUT(session->state(), service::RtmSession::State::Connected, 20000);

        DeleteController *deleter = view->deleteController();
        deleter->setMaxInFlight(6);
        DeleteConfirmDialog *dialog = deleteAll(view);
        QVERIFY(dialog);
        uitest::child<QPushButton>(dialog, "deleteConfirm")->click();
        QTRY_COMPARE(session->inFlightCount(), 6);
        b.stop();   // the connection is lost with every delete sent and unanswered

        QTRY_VERIFY_WITH_TIMEOUT(!deleter->isRunning(), 20000);
        DeleteCounts counts = deleter->lastCounts();
        QCOMPARE(counts.unknown, 6);
        QCOMPARE(counts.failed, 0);
        QCOMPARE(counts.deleted, 0);
        QVERIFY2(deleter->lastSummary().contains(QStringLiteral("Unknown — check by mid: 6")), qPrintable(deleter->lastSummary()));
        QVERIFY(!deleter->lastSummary().contains(QStringLiteral("Failed")));
        QCOMPARE(view->model()->rowCount(), 6);   // the rows stay, marked
        for (int r = 0; r < 6; ++r) {
            QCOMPARE(view->model()->rowState(r), HistoryModel::RowState::DeleteUnknown);
            QCOMPARE(view->model()->index(r, HistoryModel::StatusColumn).data().toString(),
                     QStringLiteral("unknown — check by mid"));
        }
        DeleteSummaryDialog *summary = deleter->summaryDialog();
        QVERIFY(summary);
        QTRY_VERIFY(summary->isVisible());
        QVERIFY2(summary->text().contains(QStringLiteral("Unknown — check by mid: 6")), qPrintable(summary->text()));
        QVERIFY(uitest::child<QPushButton>(summary, "deleteCheckUnknown")->isVisible());
        QVERIFY(uitest::child<QPushButton>(summary, "deleteCheckUnknown")->isEnabled());

        // Checking while the server is away: still unknown, nothing removed.
        uitest::child<QPushButton>(summary, "deleteCheckUnknown")->click();
        QTRY_VERIFY_WITH_TIMEOUT(!deleter->isChecking(), 60000);
        QCOMPARE(deleter->lastCounts().unknown, 6);
        QCOMPARE(view->model()->rowCount(), 6);
        QVERIFY(uitest::child<QPushButton>(summary, "deleteCheckUnknown")->isEnabled());

        // The server is back; two of the messages are there again (same mids).
        sandbox::SandboxThread c;
        QSignalSpy cStarted(&c, &sandbox::SandboxThread::started);
        c.start(QHostAddress::LocalHost, port);
        QTRY_VERIFY_WITH_TIMEOUT(!cStarted.isEmpty(), 20000);   // emitted on the sandbox thread: it may come before wait() starts
        const QList<MessageRef> unknown = deleter->unknownMessages();
        QCOMPARE(unknown.size(), 6);
        QList<qint64> present;
        for (const MessageRef &ref : unknown.mid(0, 2)) {
            const service::ReplyResult r = service::waitForReply(session->sendGroupMessage(
                51, ref.from, ref.target, rtm::MessageBody::text(QStringLiteral("back")), {}, ref.mid));
            QVERIFY2(r.ok(), qPrintable(r.error.name));
            present << ref.mid;
        }

        uitest::child<QPushButton>(summary, "deleteCheckUnknown")->click();
        QTRY_VERIFY_WITH_TIMEOUT(!deleter->isChecking(), 60000);
        counts = deleter->lastCounts();
        QCOMPARE(counts.unknown, 0);
        QCOMPARE(counts.deleted, 4);
        QCOMPARE(counts.stillPresent, 2);
        QCOMPARE(deleter->lastSummary(),
                 QStringLiteral("Deleted 4 of 6 messages. Still present after a check: 2."));
        QCOMPARE(view->model()->rowCount(), 2);   // deleted rows removed
        for (int r = 0; r < 2; ++r) {
            QVERIFY(present.contains(view->model()->message(r).messageId));
            QCOMPARE(view->model()->rowState(r), HistoryModel::RowState::StillPresent);
        }
        QVERIFY(!uitest::child<QPushButton>(summary, "deleteCheckUnknown")->isVisible());
        summary->accept();
        m_window->disconnectSession();
    }

    void checkUnknownRefusesAnotherProject()
    {
        // A controller whose unknown deletes came from one server does not ask another.
        sandbox::SandboxOptions slow;
        slow.latencyMs = 600000;
        sandbox::SandboxThread b(slow);
        QSignalSpy started(&b, &sandbox::SandboxThread::started);
        b.start();
        QTRY_VERIFY_WITH_TIMEOUT(!started.isEmpty(), 20000);   // emitted on the sandbox thread: it may come before wait() starts
        ConnectionProfile flaky = profileNamed(QStringLiteral("Flaky"), ConnectionProfile::Environment::Test,
                                               started.first().first().value<quint16>());
        flaky.timeoutMs = 300000;
        QVERIFY(connectAs(flaky));
        HistoryView *view = rtmtest::historyView(*m_window, rtm::MessageCategory::Group);
        DeleteController *deleter = view->deleteController();
        deleter->confirmAndDelete({MessageRef{rtm::MessageCategory::Group, 7001, 6670, 123456789, 0}},
                                  QStringLiteral("group 6670"));
        QTRY_VERIFY(deleter->confirmDialog() && deleter->confirmDialog()->isVisible());
        uitest::child<QPushButton>(deleter->confirmDialog(), "deleteConfirm")->click();
        // The delete goes out once its audit attempt line is on disk (a writer thread):
        // wait until it has been handed to the connection, not for a request count that
        // other requests (the connection probe, a history page) also make up.
        service::RtmSession *session = m_window->session();
        QTRY_VERIFY(!uitest::auditLines("123456789").isEmpty() && session->queuedCount() == 0
                    && session->awaitingAuditCount() == 0
                    && session->inFlightCount() >= 2);
        b.stop();
        QTRY_VERIFY_WITH_TIMEOUT(!deleter->isRunning(), 20000);
        QCOMPARE(deleter->lastCounts().unknown, 1);
        QVERIFY(deleter->summaryDialog());

        QVERIFY(connectAs(profileNamed(QStringLiteral("Sandbox A"), ConnectionProfile::Environment::Test)));
        QVERIFY(!uitest::child<QPushButton>(deleter->summaryDialog(), "deleteCheckUnknown")->isEnabled());
        deleter->checkUnknown();
        QVERIFY(!deleter->isChecking());
        QCOMPARE(deleter->lastCounts().unknown, 1);
        deleter->summaryDialog()->accept();
    }
};

QTEST_MAIN(TestMainWindowSafety)
#include "tst_mainwindow_safety.moc"
