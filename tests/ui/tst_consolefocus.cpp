// Keyboard focus in the main window stays where the user put it: a button that is disabled
// while its request runs (Send, Load all) must not hand the focus to the next widget in the
// tab chain (the activity log's filter), and gets it back when the answer is in.

#include <QApplication>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>

#include "common/mainwindowparts.h"
#include "activitylogdock.h"
#include "connectionstatus.h"
#include "historyview.h"
#include "mainwindow.h"
#include "secretstore.h"
#include "sendpanel.h"
#include "service/historymodel.h"
#include "uitesthelpers.h"

using namespace ui;

using uitest::child;

namespace {
QString focusName()
{
    QWidget *w = QApplication::focusWidget();
    return w ? w->objectName() + QLatin1Char('(') + QString::fromLatin1(w->metaObject()->className()) + QLatin1Char(')')
             : QStringLiteral("(none)");
}
} // namespace

class TestConsoleFocus : public QObject {
    Q_OBJECT
public:
    static void initMain() { uitest::isolateUserFiles(); }

private:
    MemorySecretStore *m_secrets = nullptr;
    std::unique_ptr<MainWindow> m_window;

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
        QTRY_COMPARE_WITH_TIMEOUT(rtmtest::connectionStatus(*m_window)->stateText(), QStringLiteral("Connected"), 10000);
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    }

    void sendKeepsTheFocusOnTheSendButton()
    {
        SendPanel *panel = rtmtest::sendPanel(*m_window);
        rtmtest::tabs(*m_window)->setCurrentWidget(panel);
        panel->setKind(SendPanel::Kind::Group);
        child<QPlainTextEdit>(panel, "sendBody")->setPlainText(QStringLiteral("focus check"));
        auto *send = child<QPushButton>(panel, "sendButton");
        QVERIFY2(send->isEnabled(), qPrintable(panel->problems().join(QLatin1Char('\n'))));
        send->setFocus(Qt::TabFocusReason);
        QTRY_COMPARE(QApplication::focusWidget(), send);

        QTest::keyClick(send, Qt::Key_Space);   // a keyboard user "clicks" the focused button
        QVERIFY(panel->isSending());
        QTRY_VERIFY(!panel->isSending());
        QVERIFY(send->isEnabled());
        // Not on the activity log's filter (or anywhere else): still on Send.
        QVERIFY2(QApplication::focusWidget() == send, qPrintable(focusName()));
        QVERIFY(!rtmtest::activityLog(*m_window)->findChild<QLineEdit *>(QStringLiteral("activityFilter"))->hasFocus());
    }

    void sendFromTheMessageKeepsTheFocusThere()
    {
        SendPanel *panel = rtmtest::sendPanel(*m_window);
        rtmtest::tabs(*m_window)->setCurrentWidget(panel);
        auto *body = child<QPlainTextEdit>(panel, "sendBody");
        body->setFocus(Qt::TabFocusReason);
        QTRY_COMPARE(QApplication::focusWidget(), body);
        QTest::keyClick(body, Qt::Key_Return, Qt::ControlModifier);
        QVERIFY(panel->isSending());
        QTRY_VERIFY(!panel->isSending());
        QVERIFY2(QApplication::focusWidget() == body, qPrintable(focusName()));
    }

    void loadAllKeepsTheFocusOnLoadAll()
    {
        HistoryView *view = rtmtest::historyView(*m_window, rtm::MessageCategory::P2P);
        rtmtest::tabs(*m_window)->setCurrentWidget(view);
        auto *loadAll = child<QPushButton>(view, "historyLoadAll");
        QVERIFY(loadAll->isEnabled());
        loadAll->setFocus(Qt::TabFocusReason);
        QTRY_COMPARE(QApplication::focusWidget(), loadAll);

        QSignalSpy finished(view->model(), &service::HistoryModel::loadAllFinished);
        QTest::keyClick(loadAll, Qt::Key_Space);
        QVERIFY(view->model()->isLoadingAll());
        QVERIFY(finished.wait(30000));
        QTRY_VERIFY(loadAll->isEnabled());
        QVERIFY(view->model()->rowCount() > 0);
        QVERIFY2(QApplication::focusWidget() == loadAll, qPrintable(focusName()));
    }

    void cancellingLoadAllLeavesTheFocusOnLoadAll()
    {
        // Cancel disappears when loading stops; the focus it had goes to Load all.
        HistoryView *view = rtmtest::historyView(*m_window, rtm::MessageCategory::Group);
        rtmtest::tabs(*m_window)->setCurrentWidget(view);
        auto *loadAll = child<QPushButton>(view, "historyLoadAll");
        auto *cancel = child<QPushButton>(view, "loadAllCancel");
        QTest::mouseClick(loadAll, Qt::LeftButton);
        QVERIFY(view->model()->isLoadingAll());
        QVERIFY(cancel->isVisible());
        cancel->setFocus(Qt::TabFocusReason);
        QTRY_COMPARE(QApplication::focusWidget(), cancel);
        QTest::keyClick(cancel, Qt::Key_Space);
        QVERIFY(!view->model()->isLoadingAll());
        QVERIFY(!cancel->isVisible());
        QTRY_VERIFY(!view->model()->isLoading());
        QVERIFY(loadAll->isEnabled());
        QVERIFY2(QApplication::focusWidget() == loadAll, qPrintable(focusName()));
    }

    void focusMovedByTheUserMeanwhileIsLeftAlone()
    {
        // While a send is in flight the user clicks into the activity filter: the answer
        // must not pull the focus back to Send.
        SendPanel *panel = rtmtest::sendPanel(*m_window);
        rtmtest::tabs(*m_window)->setCurrentWidget(panel);
        auto *send = child<QPushButton>(panel, "sendButton");
        send->setFocus(Qt::TabFocusReason);
        QTRY_COMPARE(QApplication::focusWidget(), send);
        QTest::keyClick(send, Qt::Key_Space);
        QVERIFY(panel->isSending());
        auto *filter = rtmtest::activityLog(*m_window)->findChild<QLineEdit *>(QStringLiteral("activityFilter"));
        filter->setFocus(Qt::MouseFocusReason);
        QTRY_VERIFY(!panel->isSending());
        QVERIFY2(QApplication::focusWidget() == filter, qPrintable(focusName()));
    }

    void cleanupTestCase() { m_window.reset(); }
};

QTEST_MAIN(TestConsoleFocus)
#include "tst_consolefocus.moc"
