// The audit viewer in a real main window against the in-process sandbox: messages deleted
// through the GUI (history view, Find message) have their text in the delete's attempt
// line, written before the outcome line; Tools > Audit trail… shows those deletes with
// the captured text, the whole record in the details pane, and filters ids exactly.

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

#include "audittrailmodel.h"
#include "audittrailwindow.h"
#include "connectionstatus.h"
#include "deleteconfirmdialog.h"
#include "findmessagedialog.h"
#include "historyview.h"
#include "mainwindow.h"
#include "common/mainwindowparts.h"
#include "messagedetails.h"
#include "secretstore.h"
#include "service/historymodel.h"
#include "uitesthelpers.h"

using namespace ui;
using uitest::child;

namespace {

const QString kText = QStringLiteral("Bitte löschen — 请删除 🚮 \"now\"");
const QByteArray kBinary("\x00\xff\x10spam", 7);

// The attempt and outcome lines of the delete of `mid`, in file order.
QList<QJsonObject> deleteLines(qint64 mid)
{
    QList<QJsonObject> out;
    for (const QByteArray &line : uitest::auditLines("\"mid\":" + QByteArray::number(mid))) {
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        if (o.value(QStringLiteral("action")).toString() == QLatin1String("delmsg"))
            out << o;
    }
    return out;
}

} // namespace

class TestAuditTrailWindow : public QObject {
    Q_OBJECT
public:
    static void initMain() { uitest::isolateUserFiles(); }

private:
    uitest::Sandbox m_sandbox;
    MemorySecretStore *m_secrets = nullptr;
    std::unique_ptr<MainWindow> m_window;

    void confirmDelete()
    {
        DeleteConfirmDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = m_window->findChild<DeleteConfirmDialog *>()) && dialog->isVisible());
        uitest::child<QPushButton>(dialog, "deleteConfirm")->click();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_sandbox.start());
        m_secrets = new MemorySecretStore(this);
        m_window = std::make_unique<MainWindow>(m_secrets);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        ConnectionProfile p;
        p.name = QStringLiteral("Audit sandbox");
        p.host = QStringLiteral("127.0.0.1");
        p.port = m_sandbox.port;
        p.pid = sandbox::kDemoPid;
        p.rateLimitPerSecond = 0;
        p.timeoutMs = 10000;
        m_window->connectToProfile(p, sandbox::kDemoSecret);
        QTRY_COMPARE_WITH_TIMEOUT(rtmtest::connectionStatus(*m_window)->stateText(), QStringLiteral("Connected"), 10000);
    }

    void guiDeletesAreInTheAuditTrailWithTheirText()
    {
        service::RtmSession *session = m_window->session();
        const auto text = service::waitForReply(session->sendGroupMessage(51, 7001, 8801, rtm::MessageBody::text(kText), "{\"k\":1}"));
        const auto binary = service::waitForReply(session->sendGroupMessage(52, 7002, 8801, rtm::MessageBody::binary(kBinary), "{}"));
        const auto found = service::waitForReply(session->sendGroupMessage(51, 7003, 8802, rtm::MessageBody::text(QStringLiteral("via Find ✓")), "{}"));
        QVERIFY(text.ok() && binary.ok() && found.ok());

        // Delete the two group messages from the history view.
        HistoryView *view = rtmtest::historyView(*m_window, rtm::MessageCategory::Group);
        rtmtest::tabs(*m_window)->setCurrentWidget(view);
        child<QLineEdit>(view, "historyUid")->setText(QStringLiteral("7001"));
        child<QLineEdit>(view, "historyTarget")->setText(QStringLiteral("8801"));
        QVERIFY(view->open());
        QTRY_VERIFY_WITH_TIMEOUT(view->model()->rowCount() == 2 && !view->model()->isLoading(), 20000);
        view->table()->selectAll();
        child<QAction>(view, "actionDelete")->trigger();
        confirmDelete();
        QTRY_VERIFY_WITH_TIMEOUT(deleteLines(text.send.mid).size() == 2 && deleteLines(binary.send.mid).size() == 2, 20000);

        // And one from Find message, after its Info.
        m_window->openFindMessage();
        FindMessageDialog *find = m_window->findChild<FindMessageDialog *>();
        QVERIFY(find);
        child<QComboBox>(find, "findKind")->setCurrentIndex(1);   // group
        child<QLineEdit>(find, "findFrom")->setText(QStringLiteral("7003"));
        child<QLineEdit>(find, "findTarget")->setText(QStringLiteral("8802"));
        child<QLineEdit>(find, "findMid")->setText(QString::number(found.send.mid));
        child<QPushButton>(find, "findInfo")->click();
        QTRY_VERIFY_WITH_TIMEOUT(find->details()->messageText() == QStringLiteral("via Find ✓"), 20000);
        child<QPushButton>(find, "findDelete")->click();
        confirmDelete();
        QTRY_VERIFY_WITH_TIMEOUT(deleteLines(found.send.mid).size() == 2, 20000);
        find->close();

        // The attempt line (with the content) comes first, then the outcome.
        for (const qint64 mid : {text.send.mid, binary.send.mid, found.send.mid}) {
            const QList<QJsonObject> lines = deleteLines(mid);
            QCOMPARE(lines[0].value(QStringLiteral("event")).toString(), QStringLiteral("attempt"));
            QCOMPARE(lines[1].value(QStringLiteral("event")).toString(), QStringLiteral("outcome"));
            QCOMPARE(lines[1].value(QStringLiteral("outcome")).toString(), QStringLiteral("ok"));
        }
        const auto content = [](qint64 mid) { return deleteLines(mid)[0].value(QStringLiteral("content")).toObject(); };
        QCOMPARE(content(text.send.mid).value(QStringLiteral("message")).toString(), kText);
        QCOMPARE(content(text.send.mid).value(QStringLiteral("attrs")).toString(), QStringLiteral("{\"k\":1}"));
        QCOMPARE(content(binary.send.mid).value(QStringLiteral("messageEncoding")).toString(), QStringLiteral("base64"));
        QCOMPARE(QByteArray::fromBase64(content(binary.send.mid).value(QStringLiteral("message")).toString().toLatin1()), kBinary);
        QCOMPARE(content(found.send.mid).value(QStringLiteral("message")).toString(), QStringLiteral("via Find ✓"));

        // Tools > Audit trail… shows them.
        QAction *open = m_window->findChild<QAction *>(QStringLiteral("actionAuditTrail"));
        QVERIFY(open);
        open->trigger();
        AuditTrailWindow *trail = m_window->findChild<AuditTrailWindow *>();
        QVERIFY(trail);
        QVERIFY(QTest::qWaitForWindowExposed(trail));
        QTableView *table = child<QTableView>(trail, "auditTable");
        QLineEdit *filter = child<QLineEdit>(trail, "auditFilterText");
        filter->setText(QString::number(text.send.mid));
        // The send and the delete of that mid, nothing else.
        QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 2, 20000);
        const auto cell = [&](int row, int column) { return table->model()->index(row, column).data().toString(); };
        QCOMPARE(cell(0, AuditTrailModel::ActionColumn), QStringLiteral("send (group)"));
        QCOMPARE(cell(1, AuditTrailModel::ActionColumn), QStringLiteral("delete (group)"));
        QCOMPARE(cell(1, AuditTrailModel::ContentColumn), kText);
        QCOMPARE(cell(1, AuditTrailModel::OutcomeColumn), QStringLiteral("ok"));
        QCOMPARE(cell(1, AuditTrailModel::ProfileColumn), QStringLiteral("Audit sandbox"));
        QCOMPARE(cell(1, AuditTrailModel::MidColumn), QString::number(text.send.mid));

        table->setCurrentIndex(table->model()->index(1, 0));
        const QString details = child<QPlainTextEdit>(trail, "auditDetails")->toPlainText();
        QVERIFY2(details.contains(QStringLiteral("\"message\": \"Bitte löschen — 请删除 🚮 \\\"now\\\"\"")), qPrintable(details));
        QVERIFY(details.contains(QStringLiteral("\"outcome\": \"ok\"")));
        child<QPushButton>(trail, "auditCopy")->click();
        QCOMPARE(QApplication::clipboard()->text(), details);

        // Deletes only, through the combo box; then the viewer follows new lines.
        filter->clear();
        QComboBox *action = child<QComboBox>(trail, "auditFilterAction");
        action->setCurrentIndex(action->findData(2));
        QTRY_COMPARE(table->model()->rowCount(), 3);
        const auto more = service::waitForReply(session->deleteGroupMessage(found.send.mid, 7003, 8802));
        QVERIFY(more.ok());
        QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 4, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(table->model()->index(3, AuditTrailModel::OutcomeColumn).data().toString(), QStringLiteral("ok"), 20000);
        trail->close();
    }
};

QTEST_MAIN(TestAuditTrailWindow)
#include "tst_audittrailwindow.moc"
