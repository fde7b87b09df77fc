// The logging filter rtm-console and rtmctl install (service/loggingfilter.h): a request to
// the in-process sandbox prints no debug or info line, warnings still show, --verbose
// brings the debug lines back, and QT_LOGGING_RULES keeps the last word.

#include <mutex>

#include <QLoggingCategory>
#include <QTest>

#include "service/blockingcall.h"
#include "service/loggingfilter.h"
#include "service/rtmsession.h"
#include "uitesthelpers.h"

namespace {

Q_LOGGING_CATEGORY(lcOverridden, "rtm.test.overridden")   // named in QT_LOGGING_RULES below
Q_LOGGING_CATEGORY(lcPlain, "rtm.test.plain")

struct Line {
    QtMsgType type;
    QByteArray category;
};

// Messages come from the sandbox thread too.
std::mutex g_mutex;
QList<Line> g_lines;

void capture(QtMsgType type, const QMessageLogContext &context, const QString &)
{
    const std::lock_guard lock(g_mutex);
    g_lines.append({type, QByteArray(context.category ? context.category : "")});
}

QList<Line> takeLines()
{
    const std::lock_guard lock(g_mutex);
    return std::exchange(g_lines, {});
}

int count(const QList<Line> &lines, QtMsgType type, const QByteArray &categoryPrefix = {})
{
    int n = 0;
    for (const Line &l : lines)
        if (l.type == type && l.category.startsWith(categoryPrefix))
            ++n;
    return n;
}

} // namespace

class TestLoggingFilter : public QObject {
    Q_OBJECT
public:
    static void initMain()
    {
        uitest::isolateUserFiles();
        // Read once when the application starts, like a user's environment.
        qputenv("QT_LOGGING_RULES", "rtm.test.overridden.debug=true");
        qunsetenv("RTM_VERBOSE");
    }

private:
    uitest::Sandbox m_sandbox;
    std::unique_ptr<service::RtmSession> m_session;
    QtMessageHandler m_previous = nullptr;

    // A send and a history page, as the console makes them; true when both succeeded.
    bool request()
    {
        const service::ReplyResult sent = service::waitForReply(m_session->sendGroupMessage(
            51, 7001, 8801, rtm::MessageBody::text(QStringLiteral("logging")), QByteArray()));
        rtm::HistoryQuery q;
        const service::ReplyResult page = service::waitForReply(m_session->getGroupMessage(7001, 8801, q));
        return sent.ok() && page.ok();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_sandbox.start());
        m_session = std::make_unique<service::RtmSession>(m_sandbox.config());
        m_session->setAuditLog(nullptr);
        m_previous = qInstallMessageHandler(capture);
    }

    void quietByDefault()
    {
        QVERIFY(!service::verboseLoggingFromEnvironment());
        service::installLoggingFilter(false);
        takeLines();
        QVERIFY(request());
        qCWarning(lcPlain) << "a warning still shows";
        const QList<Line> lines = takeLines();
        QCOMPARE(count(lines, QtDebugMsg), 0);
        QCOMPARE(count(lines, QtInfoMsg), 0);
        QCOMPARE(count(lines, QtWarningMsg, "rtm.test.plain"), 1);
    }

    void verbosePrintsTheRequestsDebugLines()
    {
        service::installLoggingFilter(true);
        takeLines();
        QVERIFY(request());
        const QList<Line> lines = takeLines();
        service::installLoggingFilter(false);
        // The same request logs at debug level: the quiet test above would notice it.
        QVERIFY(count(lines, QtDebugMsg, "rtm.") >= 2);
    }

    void environmentRulesStillWin()
    {
        service::installLoggingFilter(false);
        takeLines();
        qCDebug(lcOverridden) << "asked for in QT_LOGGING_RULES";
        qCDebug(lcPlain) << "filtered";
        const QList<Line> lines = takeLines();
        QCOMPARE(count(lines, QtDebugMsg, "rtm.test.overridden"), 1);
        QCOMPARE(count(lines, QtDebugMsg, "rtm.test.plain"), 0);
    }

    void verboseFromTheEnvironment()
    {
        qputenv("RTM_VERBOSE", "1");
        QVERIFY(service::verboseLoggingFromEnvironment());
        qputenv("RTM_VERBOSE", "0");
        QVERIFY(!service::verboseLoggingFromEnvironment());
        qunsetenv("RTM_VERBOSE");
    }

    void cleanupTestCase()
    {
        qInstallMessageHandler(m_previous);
        m_session.reset();
        m_sandbox.thread.reset();
    }
};

QTEST_GUILESS_MAIN(TestLoggingFilter)
#include "tst_loggingfilter.moc"
