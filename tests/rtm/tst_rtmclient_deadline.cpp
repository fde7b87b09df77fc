// RtmClient's retries stay inside the request: the read retry (and the 200006 re-sign) get
// only what is left of the call's timeout, and a read is not retried on a connection that
// will not reconnect, so its real failure cause is reported.

#include <memory>

#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include "common/closethenslowserver.h"
#include "fpnn/answer.h"
#include "fpnn/framecodec.h"
#include "rtm/rtmclient.h"

using namespace rtm;

using rtmtest::CloseThenSlowServer;

namespace {

struct CountOutcome {
    int calls = 0;
    RtmError error;
};

} // namespace

class TestRtmClientDeadline : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // 1000 ms timeout; the connection drops at ~900 ms; the retry would be answered 600 ms
    // after it arrives. With the full timeout again (the old way) the retry sees that answer;
    // with the ~100 ms left it times out first.
    void readRetryGetsOnlyTheTimeLeft()
    {
        CloseThenSlowServer server(900, 600);
        QVERIFY(server.isListening());
        RtmClient client(1, "secret", QStringLiteral("127.0.0.1"), server.serverPort());
        CountOutcome out;
        client.getMessageNum(MessageCategory::Group, 1, {}, 0, 0,
                             [&out](const RtmError &e, const MessageCount &) {
                                 ++out.calls;
                                 out.error = e;
                             },
                             CallOptions{1000, nullptr});
        QTRY_COMPARE_WITH_TIMEOUT(out.calls, 1, 20000);
        QCOMPARE(out.error.code, 20003);
    }

    // Auto-reconnect off: no retry that could only fail with "auto-reconnect is off"; the
    // refused connect is what the caller hears.
    void noReadRetryWithoutReconnect()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close();
        RtmClient client(1, "secret", QStringLiteral("127.0.0.1"), port);
        fpnn::ClientOptions options = client.connection()->options();
        options.autoReconnect = false;
        client.connection()->setOptions(options);
        CountOutcome out;
        client.getGroupMessageInfo(5, 1, 2,
                                   [&out](const RtmError &e, const MessageInfo &) {
                                       ++out.calls;
                                       out.error = e;
                                   },
                                   CallOptions{5000, nullptr});
        QTRY_COMPARE_WITH_TIMEOUT(out.calls, 1, 20000);
        QCOMPARE(out.error.code, 20012);
        QVERIFY2(out.error.message.contains(QStringLiteral("Connection refused")), qPrintable(out.error.message));
    }
};

QTEST_GUILESS_MAIN(TestRtmClientDeadline)
#include "tst_rtmclient_deadline.moc"
