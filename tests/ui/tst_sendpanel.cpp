// The Send tab, driven like a person would: fill each of the five forms, send, read the
// mid and the server time; bad input keeps the Send button disabled and says why;
// "Send again" reuses the mid and reports "already delivered".

#include <QCheckBox>
#include <QCoreApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTextCursor>
#include <QTest>

#include "jsonlayout.h"
#include "sendconfirmdialog.h"
#include "sendpanel.h"
#include "service/rtmsession.h"
#include "uitesthelpers.h"

using ui::SendPanel;

class TestSendPanel : public QObject {
    Q_OBJECT
public:
    static void initMain() { uitest::isolateUserFiles(); }

private:
    uitest::Sandbox m_sandbox;
    std::unique_ptr<service::RtmSession> m_session;
    std::unique_ptr<SendPanel> m_panel;
    int m_sends = 0;

    template <typename T> T *child(const char *name)
    {
        T *w = m_panel->findChild<T *>(QString::fromLatin1(name));
        if (!w)
            qFatal("no child %s", name);
        return w;
    }
    QString result() { return child<QLabel>("sendResult")->text(); }
    QString problems() { return child<QLabel>("sendProblems")->text(); }
    QPushButton *sendButton() { return child<QPushButton>("sendButton"); }

    void fillValid()
    {
        child<QLineEdit>("sendFrom")->setText(QStringLiteral("1001"));
        child<QLineEdit>("sendTo")->setText(QStringLiteral("1002"));
        child<QPlainTextEdit>("sendTos")->setPlainText(QStringLiteral("1002, 1003\n1004"));
        child<QLineEdit>("sendGroupId")->setText(QStringLiteral("2001"));
        child<QLineEdit>("sendRoomId")->setText(QStringLiteral("3001"));
        child<QSpinBox>("sendMtype")->setValue(51);
        child<QPlainTextEdit>("sendBody")->setPlainText(QStringLiteral("hello 你好 👋"));
        child<QPlainTextEdit>("sendAttrs")->setPlainText(QStringLiteral("{\"k\":\"v\"}"));
        child<QCheckBox>("sendCustomMid")->setChecked(false);
        child<QCheckBox>("sendBinary")->setChecked(false);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_sandbox.start());
        m_session = std::make_unique<service::RtmSession>(m_sandbox.config());
        connect(m_session.get(), &service::RtmSession::activity, this, [this](const service::ActivityEntry &e) {
            if (e.method.startsWith(QLatin1String("send")) || e.method == QLatin1String("broadcastmsg"))
                ++m_sends;
        });
        m_panel = std::make_unique<SendPanel>();
        m_panel->setSession(m_session.get());
        m_panel->resize(800, 600);
        m_panel->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
    }

    void init() { fillValid(); }

    void sendsEachKind_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("target");
        QTest::newRow("p2p") << int(SendPanel::Kind::P2P) << "sendmsg" << "user 1002";
        QTest::newRow("users") << int(SendPanel::Kind::Users) << "sendmsgs" << "3 users";
        QTest::newRow("group") << int(SendPanel::Kind::Group) << "sendgroupmsg" << "group 2001";
        QTest::newRow("room") << int(SendPanel::Kind::Room) << "sendroommsg" << "room 3001";
        QTest::newRow("broadcast") << int(SendPanel::Kind::Broadcast) << "broadcastmsg" << "everyone";
    }
    void sendsEachKind()
    {
        QFETCH(int, kind);
        QFETCH(QString, method);
        QFETCH(QString, target);
        auto *kindBox = child<QComboBox>("sendKind");
        kindBox->setCurrentIndex(kindBox->findData(kind));
        QVERIFY2(sendButton()->isEnabled(), qPrintable(problems()));
        const int auditBefore = int(uitest::auditLines(method.toUtf8()).size());
        QTest::mouseClick(sendButton(), Qt::LeftButton);
        if (kind == int(SendPanel::Kind::Broadcast)) {
            // A broadcast always asks first, naming every user of the project.
            QVERIFY(!m_panel->isSending());
            ui::SendConfirmDialog *confirm = m_panel->confirmDialog();
            QVERIFY(confirm);
            QTRY_VERIFY(confirm->isVisible());
            QVERIFY2(confirm->questionText().contains(QStringLiteral("every user of project %1").arg(sandbox::kDemoPid)),
                     qPrintable(confirm->questionText()));
            uitest::child<QPushButton>(confirm, "sendConfirmSend")->click();
        }
        QVERIFY(m_panel->isSending());
        QVERIFY(!sendButton()->isEnabled());      // no double send while one is in flight
        QTRY_VERIFY(!m_panel->isSending());
        const QString text = result();
        QVERIFY2(text.startsWith(QStringLiteral("✔ Sent to ") + target), qPrintable(text));
        static const QRegularExpression re(QStringLiteral("mid (\\d+), server time (\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d)"));
        const QRegularExpressionMatch m = re.match(text);
        QVERIFY2(m.hasMatch(), qPrintable(text));
        QVERIFY(m.captured(1).toLongLong() > 0);
        const QDateTime when = QDateTime::fromString(m.captured(2), QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        QVERIFY(qAbs(when.secsTo(QDateTime::currentDateTime())) < 120);
        // Attempt and outcome in the audit log.
        QTRY_COMPARE(int(uitest::auditLines(method.toUtf8()).size()), auditBefore + 2);
    }

    void sentMessageIsInTheHistory()
    {
        child<QComboBox>("sendKind")->setCurrentIndex(2);   // group
        child<QLineEdit>("sendGroupId")->setText(QStringLiteral("2999"));
        child<QPlainTextEdit>("sendBody")->setPlainText(QStringLiteral("find me 🔍"));
        sendButton()->click();
        QTRY_VERIFY(!m_panel->isSending());
        QVERIFY2(result().startsWith(QStringLiteral("✔")), qPrintable(result()));
        rtm::HistoryQuery q;
        const auto page = service::waitForReply(m_session->getGroupMessage(1001, 2999, q));
        QVERIFY(page.ok());
        QCOMPARE(int(page.history.messages.size()), 1);
        QCOMPARE(page.history.messages[0].messageText(), QStringLiteral("find me 🔍"));
        QCOMPARE(page.history.messages[0].attrs, QByteArray("{\"k\":\"v\"}"));
        QVERIFY(result().contains(QString::number(page.history.messages[0].messageId)));
    }

    void badInputBlocksSendingWithTheReason_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("reason");
        QTest::newRow("from letters") << "sendFrom" << "abc" << 0 << "From uid “abc” is not a number";
        QTest::newRow("to overflow") << "sendTo" << "99999999999999999999" << 0 << "larger than a 64-bit id";
        QTest::newRow("bad user token") << "sendTos" << "1002, bob\n1003 x7" << 1 << "Not a user id: “bob”, “x7”";
        QTest::newRow("empty user list") << "sendTos" << " , " << 1 << "The user list is empty";
        QTest::newRow("group empty") << "sendGroupId" << "" << 2 << "Group id is empty";
        QTest::newRow("room negative") << "sendRoomId" << "-1" << 3 << "Room id must be a positive number";
        QTest::newRow("mtype file") << "sendMtype" << "40" << 2 << "mtype 40 is a file type";
        QTest::newRow("mtype reserved") << "sendMtype" << "12" << 2 << "mtype 12 is reserved by RTM";
        QTest::newRow("mtype range") << "sendMtype" << "128" << 2 << "outside 1..127";
        QTest::newRow("body empty") << "sendBody" << "" << 2 << "The message is empty";
        QTest::newRow("body too long") << "sendBody" << QString(6900, QChar(0x4F60)) << 2 << "The message is 20,700 bytes";
        QTest::newRow("attrs too long") << "sendAttrs" << QString(2049, QLatin1Char('a')) << 2 << "The attrs are 2,049 bytes";
        QTest::newRow("custom mid") << "sendMid" << "12x" << 2 << "mid “12x” is not a number";
    }
    void badInputBlocksSendingWithTheReason()
    {
        QFETCH(QString, field);
        QFETCH(QString, value);
        QFETCH(int, kind);
        QFETCH(QString, reason);
        child<QComboBox>("sendKind")->setCurrentIndex(kind);
        QVERIFY(sendButton()->isEnabled());
        if (field == QLatin1String("sendMid"))
            child<QCheckBox>("sendCustomMid")->setChecked(true);
        QWidget *w = m_panel->findChild<QWidget *>(field);
        QVERIFY(w);
        if (auto *e = qobject_cast<QLineEdit *>(w))
            e->setText(value);
        else if (auto *p = qobject_cast<QPlainTextEdit *>(w))
            p->setPlainText(value);
        else if (auto *s = qobject_cast<QSpinBox *>(w))
            s->setValue(value.toInt());
        QVERIFY(!sendButton()->isEnabled());
        QVERIFY2(problems().contains(reason), qPrintable(problems()));
        QVERIFY(child<QLabel>("sendProblems")->isVisible());
        // Ctrl+Enter and a direct send() do not get around it.
        const int before = m_sends;
        m_panel->send();
        QVERIFY(!m_panel->isSending());
        QVERIFY2(result().contains(reason), qPrintable(result()));
        QCOMPARE(m_session->queuedCount() + m_session->inFlightCount(), 0);   // nothing went out
        QCOMPARE(m_sends, before);
    }

    void liveByteCounters()
    {
        child<QPlainTextEdit>("sendBody")->setPlainText(QStringLiteral("你好👋"));
        QCOMPARE(child<QLabel>("sendBodyCount")->text(), QStringLiteral("10 / 20,480 bytes"));
        child<QPlainTextEdit>("sendAttrs")->setPlainText(QStringLiteral("{}"));
        QCOMPARE(child<QLabel>("sendAttrsCount")->text(), QStringLiteral("2 / 2,048 bytes"));
    }

    void chatMtypeWarnsButSends()
    {
        child<QComboBox>("sendKind")->setCurrentIndex(2);
        child<QSpinBox>("sendMtype")->setValue(30);
        QVERIFY(sendButton()->isEnabled());
        QVERIFY2(problems().contains(QStringLiteral("⚠ mtype 30")), qPrintable(problems()));
        sendButton()->click();
        QTRY_VERIFY(!m_panel->isSending());
        QVERIFY2(result().startsWith(QStringLiteral("✔")), qPrintable(result()));
    }

    void checkJsonAndPrettyPrint()
    {
        auto *attrs = child<QPlainTextEdit>("sendAttrs");
        attrs->setPlainText(QStringLiteral("{\"a\": [1, 2"));
        child<QPushButton>("sendCheckJson")->click();
        QVERIFY2(result().contains(QStringLiteral("Not valid JSON")), qPrintable(result()));
        attrs->setPlainText(QStringLiteral("{\"a\":[1,2],\"b\":\"测试\"}"));
        child<QPushButton>("sendCheckJson")->click();
        QVERIFY2(result().contains(QStringLiteral("valid JSON")), qPrintable(result()));
        child<QPushButton>("sendPrettyJson")->click();
        QVERIFY(attrs->toPlainText().contains(QStringLiteral("\n")));
        QVERIFY(attrs->toPlainText().contains(QStringLiteral("测试")));
    }

    // Pretty-print only changes layout (whitespace outside strings): key order, escapes and
    // number literals stay as typed; it goes through the editor's undo stack and says so;
    // what is sent is exactly the text in the editor.
    void prettyPrintNeverChangesWhatIsSent()
    {
        child<QComboBox>("sendKind")->setCurrentIndex(2);   // group
        child<QLineEdit>("sendGroupId")->setText(QStringLiteral("2777"));
        auto *attrs = child<QPlainTextEdit>("sendAttrs");
        const QString typed = QStringLiteral(
            "{\"z\":1,  \"a\" :\"caf\\u00e9 \\\"q\\\" {x:[1,2]}\",\"big\":12345678901234567890,"
            "\"f\":1.50,\"e\":[ ],\"o\":{},\"\\u4f60\":[true,null,-0.0e+1]}");
        attrs->setPlainText(typed);
        QVERIFY(!attrs->document()->isUndoAvailable());   // setPlainText starts a fresh history

        child<QPushButton>("sendPrettyJson")->click();
        const QString pretty = attrs->toPlainText();
        QVERIFY2(pretty.contains(QLatin1Char('\n')), qPrintable(pretty));
        QVERIFY2(result().contains(QStringLiteral("Ctrl+Z")), qPrintable(result()));   // the user is told
        // Only whitespace between tokens changed.
        const auto tokensOnly = [](const QString &json) {
            QString out;
            bool inString = false, escaped = false;
            for (QChar c : json) {
                if (inString) {
                    out += c;
                    if (escaped)
                        escaped = false;
                    else if (c == QLatin1Char('\\'))
                        escaped = true;
                    else if (c == QLatin1Char('"'))
                        inString = false;
                } else if (!c.isSpace()) {
                    out += c;
                    inString = c == QLatin1Char('"');
                }
            }
            return out;
        };
        QCOMPARE(tokensOnly(pretty), tokensOnly(typed));
        QVERIFY(pretty.contains(QStringLiteral("12345678901234567890")));
        QVERIFY(pretty.contains(QStringLiteral("\\u00e9")));
        QVERIFY(pretty.indexOf(QStringLiteral("\"z\"")) < pretty.indexOf(QStringLiteral("\"a\"")));
        QVERIFY(pretty.contains(QStringLiteral("\"caf\\u00e9 \\\"q\\\" {x:[1,2]}\"")));   // strings untouched

        // What is sent is what the editor shows, byte for byte.
        const auto sendAndReadBack = [this](QByteArray *attrsOut) {
            sendButton()->click();
            QTRY_VERIFY(!m_panel->isSending());
            QVERIFY2(result().startsWith(QStringLiteral("✔")), qPrintable(result()));
            static const QRegularExpression re(QStringLiteral("mid (\\d+)"));
            const qint64 mid = re.match(result()).captured(1).toLongLong();
            QVERIFY(mid > 0);
            const auto info = service::waitForReply(m_session->getGroupMessageInfo(mid, 1001, 2777));
            QVERIFY(info.ok());
            *attrsOut = info.info.attrs;
        };
        QByteArray sent;
        sendAndReadBack(&sent);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(sent, pretty.toUtf8());

        // Ctrl+Z gives back the typed text exactly, and that is what is sent then.
        attrs->setFocus();
        QTest::keyClick(attrs, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(attrs->toPlainText(), typed);
        sendAndReadBack(&sent);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(sent, typed.toUtf8());
    }

    void indentJsonChangesOnlyWhitespace_data()
    {
        QTest::addColumn<QString>("in");
        QTest::addColumn<QString>("out");
        QTest::newRow("nested") << "{\"a\":[1,{\"b\":null}]}"
                                << "{\n  \"a\": [\n    1,\n    {\n      \"b\": null\n    }\n  ]\n}";
        QTest::newRow("empty containers") << " { \"o\" : { } , \"e\" :[\t] }" << "{\n  \"o\": {},\n  \"e\": []\n}";
        QTest::newRow("escaped quote and backslash") << "[\"a\\\\\",\"b\\\"],{\"]"
                                                     << "[\n  \"a\\\\\",\n  \"b\\\"],{\"\n]";
        QTest::newRow("spaces in strings") << "[\"  x\\n y \"]" << "[\n  \"  x\\n y \"\n]";
        QTest::newRow("literals as typed") << "[1.50,-0E+2,12345678901234567890,true]"
                                           << "[\n  1.50,\n  -0E+2,\n  12345678901234567890,\n  true\n]";
        QTest::newRow("crlf and tabs") << "{\r\n\t\"k\":\r\n\t\"v\"\r\n}" << "{\n  \"k\": \"v\"\n}";
        QTest::newRow("already indented") << "{\n  \"k\": \"v\"\n}" << "{\n  \"k\": \"v\"\n}";
    }
    void indentJsonChangesOnlyWhitespace()
    {
        QFETCH(QString, in);
        QFETCH(QString, out);
        QCOMPARE(ui::indentJson(in), out);
    }

    // QPlainTextEdit::toPlainText() turns a no-break space into a plain space; what is sent
    // must be what was typed (new lines, also Shift+Enter's, are sent as \n).
    void sendsTheTextExactlyAsTyped()
    {
        child<QComboBox>("sendKind")->setCurrentIndex(2);   // group
        child<QLineEdit>("sendGroupId")->setText(QStringLiteral("2778"));
        const QString body = QStringLiteral("prix\u00a0: 5\u00a0€\nligne");
        const QString attrs = QStringLiteral("{\"k\":\"a\u00a0b\"}");
        child<QPlainTextEdit>("sendBody")->setPlainText(body);
        child<QPlainTextEdit>("sendAttrs")->setPlainText(attrs);
        sendButton()->click();
        QTRY_VERIFY(!m_panel->isSending());
        QVERIFY2(result().startsWith(QStringLiteral("✔")), qPrintable(result()));
        static const QRegularExpression re(QStringLiteral("mid (\\d+)"));
        const qint64 mid = re.match(result()).captured(1).toLongLong();
        const auto info = service::waitForReply(m_session->getGroupMessageInfo(mid, 1001, 2778));
        QVERIFY(info.ok());
        QCOMPARE(info.info.attrs, attrs.toUtf8());
        QCOMPARE(info.info.message, body.toUtf8());

        // Shift+Enter puts a line separator in the editor: sent as a plain new line.
        auto *edit = child<QPlainTextEdit>("sendBody");
        edit->setPlainText(QStringLiteral("one"));
        edit->moveCursor(QTextCursor::End);
        QTest::keyClick(edit, Qt::Key_Return, Qt::ShiftModifier);
        QTest::keyClicks(edit, QStringLiteral("two"));
        QVERIFY(edit->document()->toRawText().contains(QChar::LineSeparator));
        QCOMPARE(child<QLabel>("sendBodyCount")->text(), QStringLiteral("7 / 20,480 bytes"));
        sendButton()->click();
        QTRY_VERIFY(!m_panel->isSending());
        const qint64 mid2 = re.match(result()).captured(1).toLongLong();
        const auto info2 = service::waitForReply(m_session->getGroupMessageInfo(mid2, 1001, 2778));
        QVERIFY(info2.ok());
        QCOMPARE(info2.info.message, QByteArray("one\ntwo"));
    }

    // Messages (problems, warnings, results) appear below the form in a reserved area: the
    // fields do not move or change size when one shows up or goes away.
    void messagesDoNotMoveTheForm()
    {
        child<QComboBox>("sendKind")->setCurrentIndex(2);   // group
        child<QPlainTextEdit>("sendAttrs")->setPlainText(QString());
        const QList<QWidget *> fields = {
            child<QComboBox>("sendKind"), child<QLineEdit>("sendFrom"), child<QLineEdit>("sendGroupId"),
            child<QSpinBox>("sendMtype"), child<QPlainTextEdit>("sendBody"), child<QPlainTextEdit>("sendAttrs"),
            child<QLineEdit>("sendMid"), sendButton()};
        const auto settle = [] { QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest); };
        const auto geometries = [&] {
            settle();
            QList<QRect> g;
            for (QWidget *w : fields)
                g << QRect(w->mapTo(m_panel.get(), QPoint(0, 0)), w->size());
            return g;
        };
        child<QLabel>("sendResult")->clear();
        const QList<QRect> calm = geometries();
        QVERIFY(problems().isEmpty());

        // One problem, then several, a warning, a long result, a JSON error, a sent result.
        child<QLineEdit>("sendFrom")->setText(QStringLiteral("abc"));
        QVERIFY(!problems().isEmpty());
        QCOMPARE(geometries(), calm);
        child<QLineEdit>("sendGroupId")->setText(QStringLiteral("x"));
        child<QPlainTextEdit>("sendBody")->setPlainText(QString());
        child<QSpinBox>("sendMtype")->setValue(12);
        QVERIFY(problems().count(QLatin1Char('\n')) >= 3);
        QCOMPARE(geometries(), calm);
        m_panel->send();   // "Not sent: …"
        QVERIFY(!result().isEmpty());
        QCOMPARE(geometries(), calm);
        fillValid();
        child<QPlainTextEdit>("sendAttrs")->setPlainText(QString());
        child<QSpinBox>("sendMtype")->setValue(30);
        QVERIFY(problems().contains(QStringLiteral("⚠")));
        QCOMPARE(geometries(), calm);
        child<QPlainTextEdit>("sendAttrs")->setPlainText(QStringLiteral("{\"a\": [1, 2"));
        child<QPushButton>("sendCheckJson")->click();
        QVERIFY(result().startsWith(QStringLiteral("✖")));
        QCOMPARE(geometries(), calm);
        child<QPlainTextEdit>("sendAttrs")->setPlainText(QString());
        sendButton()->click();
        QTRY_VERIFY(!m_panel->isSending());
        QVERIFY2(result().startsWith(QStringLiteral("✔")), qPrintable(result()));
        QCOMPARE(geometries(), calm);
        child<QSpinBox>("sendMtype")->setValue(51);
        QVERIFY(problems().isEmpty());
        QCOMPARE(geometries(), calm);
    }

    void sendAgainReusesTheMidAndSaysAlreadyDelivered()
    {
        child<QComboBox>("sendKind")->setCurrentIndex(0);
        child<QCheckBox>("sendCustomMid")->setChecked(true);
        child<QLineEdit>("sendMid")->setText(QStringLiteral("123456789012345"));
        sendButton()->click();
        QTRY_VERIFY(!m_panel->isSending());
        QVERIFY2(result().contains(QStringLiteral("mid 123456789012345")), qPrintable(result()));
        auto *again = child<QPushButton>("sendAgainButton");
        QVERIFY(again->isEnabled());
        again->click();
        QTRY_VERIFY(!m_panel->isSending());
        QVERIFY2(result().contains(QStringLiteral("Already delivered")), qPrintable(result()));
        QVERIFY(result().contains(QStringLiteral("123456789012345")));
        QVERIFY(!result().contains(QStringLiteral("✖")));

        // A plain second Send with the same custom mid is a real failure, named.
        sendButton()->click();
        QTRY_VERIFY(!m_panel->isSending());
        QVERIFY2(result().contains(QStringLiteral("RTM_EC_DUPLCATED_MID")), qPrintable(result()));
    }

    void generatedMidIsReusedBySendAgain()
    {
        child<QComboBox>("sendKind")->setCurrentIndex(3);
        sendButton()->click();
        QTRY_VERIFY(!m_panel->isSending());
        static const QRegularExpression re(QStringLiteral("mid (\\d+)"));
        const QString mid = re.match(result()).captured(1);
        QVERIFY(!mid.isEmpty());
        child<QPushButton>("sendAgainButton")->click();
        QTRY_VERIFY(!m_panel->isSending());
        QVERIFY2(result().contains(QStringLiteral("Already delivered")) && result().contains(mid), qPrintable(result()));
    }

    void ctrlEnterSends()
    {
        child<QComboBox>("sendKind")->setCurrentIndex(2);
        m_panel->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_panel.get()));
        auto *body = child<QPlainTextEdit>("sendBody");
        body->setFocus();
        const int before = m_sends;
        QTest::keyClick(body, Qt::Key_Return, Qt::ControlModifier);
        QTRY_VERIFY(!m_panel->isSending());
        QTRY_COMPARE(m_sends, before + 1);
        QVERIFY(result().startsWith(QStringLiteral("✔")));
        QCOMPARE(body->toPlainText(), QStringLiteral("hello 你好 👋"));   // no new line typed
    }

    void readOnlyProfileCannotSend()
    {
        m_panel->setReadOnly(true);
        QVERIFY(!sendButton()->isEnabled());
        QVERIFY(problems().contains(QStringLiteral("read-only")));
        const int before = m_sends;
        m_panel->send();
        m_panel->sendAgain();
        QVERIFY(!m_panel->isSending());
        QCOMPARE(m_session->queuedCount() + m_session->inFlightCount(), 0);   // nothing went out
        QCOMPARE(m_sends, before);
        m_panel->setReadOnly(false);
        QVERIFY(sendButton()->isEnabled());
    }

    void cleanupTestCase()
    {
        m_panel.reset();
        m_session.reset();
        m_sandbox.thread.reset();
    }
};

QTEST_MAIN(TestSendPanel)
#include "tst_sendpanel.moc"
