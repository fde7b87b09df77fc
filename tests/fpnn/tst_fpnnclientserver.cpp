// FpnnClient against FpnnServer (and against raw peers) over real loopback sockets.

#include <memory>
#include <vector>

#include <QLoggingCategory>
#include <QPointer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QThread>

#include "common/fpnntesthelpers.h"
#include "fpnn/fpnnclient.h"
#include "fpnn/fpnnerrorcodes.h"
#include "fpnn/fpnnserver.h"
#include "fpnn/framecodec.h"
#include "fpnn/msgpackcodec.h"

using namespace fpnn;
using testdata::intField;
using testdata::Outcome;

namespace {

Value mapOf(std::initializer_list<std::pair<const char *, Value>> items)
{
    Value m = Value::map();
    for (const auto &[k, v] : items)
        m.insert(k, v);
    return m;
}

// A server with an "echo" method (answers with the quest's payload) and an "add" method.
class EchoServer {
public:
    EchoServer()
    {
        server.addMethod("echo", [this](const IncomingQuest &q) {
            ++echoes;
            return Answer::success(q.payload);
        });
        server.addMethod("add", [](const IncomingQuest &q) {
            Value r = Value::map();
            r.insert("sum", static_cast<long long>(intField(q.payload, "a") + intField(q.payload, "b")));
            return Answer::success(r);
        });
        server.addMethod("fail", [](const IncomingQuest &) { return Answer::failure(200070, QStringLiteral("message not found")); });
        server.addMethod("throws", [](const IncomingQuest &) -> Answer { throw std::runtime_error("boom"); });
        server.addMethod("note", [this](const IncomingQuest &q) {
            notes.push_back(q);
            return Answer::success();
        });
    }
    bool listen() { return server.listen(QHostAddress::LocalHost, 0); }
    quint16 port() const { return server.serverPort(); }

    FpnnServer server;
    std::vector<IncomingQuest> notes;
    int echoes = 0;   // "echo" quests received (answers may be delayed; this counts arrivals)
};

ClientOptions fastOptions()
{
    ClientOptions o;
    o.connectTimeoutMs = 5000;
    o.questTimeoutMs = 10000;
    return o;
}

} // namespace

class TestFpnnClientServer : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QLoggingCategory::setFilterRules(QStringLiteral("rtm.fpnn.debug=false")); }
    void twoway();
    void oneway();
    void errorAnswer();
    void handlerException();
    void unknownMethodKeepsConnection();
    void timeoutWithSlowServer();
    void serverCloseEndsPendingOnce();
    void clientDestroyedWithPending();
    void contextDestroyed();
    void newQuestFromFailureCallback();
    void closeThenLazyReconnect();
    void pipelined10k();
    void concurrentClients();
    void pingBuiltin();
    void lastRoundTrip();
    void stateSignals();
    void serverOnWorkerThread();
    void autoReconnectOff();
    void setEndpointSwitchesServer();
    void answerTooLargeForServer();
};

void TestFpnnClientServer::twoway()
{
    EchoServer s;
    QVERIFY(s.listen());
    FpnnClient client(QStringLiteral("127.0.0.1"), s.port());
    client.setOptions(fastOptions());
    Outcome o;
    const quint32 seq = client.sendQuest("add", mapOf({{"a", 2}, {"b", 40}}), o.callback());
    QCOMPARE(seq, 1u);
    QCOMPARE(o.calls, 0);   // never inside sendQuest
    QTRY_COMPARE(o.calls, 1);
    QVERIFY2(o.answer.ok(), qPrintable(o.answer.errorText));
    QCOMPARE(intField(o.answer.payload, "sum"), 42);
    QCOMPARE(client.state(), FpnnClient::State::Connected);
    QCOMPARE(client.pendingCount(), 0);

    Outcome o2;
    QCOMPARE(client.sendQuest("echo", mapOf({{"x", "y"}}), o2.callback()), 2u);
    QTRY_COMPARE(o2.calls, 1);
    QCOMPARE(o2.answer.payload, mapOf({{"x", "y"}}));
}

void TestFpnnClientServer::oneway()
{
    EchoServer s;
    QVERIFY(s.listen());
    FpnnClient client(QStringLiteral("127.0.0.1"), s.port());
    QVERIFY(client.sendOneway("note", mapOf({{"n", 1}})));
    QVERIFY(client.sendOneway("note", mapOf({{"n", 2}})));
    QVERIFY(client.sendOneway("nosuchmethod", mapOf({{"n", 3}})));   // dropped silently
    QTRY_COMPARE(s.notes.size(), size_t(2));
    QCOMPARE(intField(s.notes[0].payload, "n"), 1);
    QCOMPARE(intField(s.notes[1].payload, "n"), 2);
    QVERIFY(!s.notes[0].twoway);
    QCOMPARE(s.notes[0].version, kSendVersion);
    // The connection survived the unknown oneway quest.
    Outcome o;
    client.sendQuest("echo", Value::map(), o.callback());
    QTRY_COMPARE(o.calls, 1);
    QVERIFY(o.answer.ok());
    QCOMPARE(s.server.connectionCount(), 1);
}

void TestFpnnClientServer::errorAnswer()
{
    EchoServer s;
    QVERIFY(s.listen());
    FpnnClient client(QStringLiteral("127.0.0.1"), s.port());
    Outcome o;
    client.sendQuest("fail", Value::map(), o.callback());
    QTRY_COMPARE(o.calls, 1);
    QCOMPARE(o.answer.code, 200070);
    QCOMPARE(o.answer.errorText, QStringLiteral("message not found"));
}

void TestFpnnClientServer::handlerException()
{
    EchoServer s;
    QVERIFY(s.listen());
    FpnnClient client(QStringLiteral("127.0.0.1"), s.port());
    Outcome o;
    client.sendQuest("throws", Value::map(), o.callback());
    QTRY_COMPARE(o.calls, 1);
    QCOMPARE(o.answer.code, int(CoreUnknownError));
    Outcome o2;
    client.sendQuest("echo", Value::map(), o2.callback());
    QTRY_COMPARE(o2.calls, 1);
    QVERIFY(o2.answer.ok());
}

void TestFpnnClientServer::unknownMethodKeepsConnection()
{
    EchoServer s;
    QVERIFY(s.listen());
    QSignalSpy opened(&s.server, &FpnnServer::connectionOpened);
    FpnnClient client(QStringLiteral("127.0.0.1"), s.port());
    Outcome o;
    client.sendQuest("nosuch", Value::map(), o.callback());
    QTRY_COMPARE(o.calls, 1);
    QCOMPARE(o.answer.code, int(CoreUnknownMethod));
    QVERIFY2(o.answer.errorText.startsWith(QStringLiteral("Unknow method:nosuch")), qPrintable(o.answer.errorText));
    Outcome o2;
    client.sendQuest("echo", mapOf({{"k", 1}}), o2.callback());
    QTRY_COMPARE(o2.calls, 1);
    QVERIFY(o2.answer.ok());
    QCOMPARE(opened.count(), 1);   // same connection
    QCOMPARE(client.state(), FpnnClient::State::Connected);
}

void TestFpnnClientServer::timeoutWithSlowServer()
{
    EchoServer s;
    ServerOptions so;
    so.answerDelayMs = 1000;
    s.server.setOptions(so);
    QVERIFY(s.listen());
    FpnnClient client(QStringLiteral("127.0.0.1"), s.port());
    Outcome o, o2, o3;
    client.sendQuest("echo", Value::map(), o.callback(), 300);
    QElapsedTimer t;
    t.start();
    ClientOptions co = fastOptions();
    co.questTimeoutMs = 400;
    client.setOptions(co);
    client.sendQuest("echo", Value::map(), o2.callback());   // client default
    QTRY_COMPARE(o.calls, 1);
    QCOMPARE(o.answer.code, int(CoreTimeout));
    QVERIFY(t.elapsed() >= 250);
    QTRY_COMPARE(o2.calls, 1);
    QCOMPARE(o2.answer.code, int(CoreTimeout));
    QCOMPARE(client.pendingCount(), 0);
    // The late answers (seq no longer pending) are ignored; the connection stays. A third
    // quest, answered after the same delay, arrives after both late answers: wait for it.
    client.sendQuest("echo", Value::map(), o3.callback(), 30000);
    QTRY_COMPARE_WITH_TIMEOUT(o3.calls, 1, 30000);
    QVERIFY(o3.answer.ok());
    QCOMPARE(o.calls, 1);
    QCOMPARE(o2.calls, 1);
    QCOMPARE(client.state(), FpnnClient::State::Connected);
}

void TestFpnnClientServer::serverCloseEndsPendingOnce()
{
    EchoServer s;
    ServerOptions so;
    so.answerDelayMs = 60000;
    s.server.setOptions(so);
    QVERIFY(s.listen());
    FpnnClient client(QStringLiteral("127.0.0.1"), s.port());
    QSignalSpy disc(&client, &FpnnClient::disconnected);
    constexpr int N = 20;
    std::vector<Outcome> out(N);
    for (int i = 0; i < N; ++i)
        client.sendQuest("echo", mapOf({{"i", i}}), out[i].callback());
    QTRY_COMPARE(s.server.connectionCount(), 1);
    QTRY_COMPARE(client.state(), FpnnClient::State::Connected);
    QTRY_COMPARE(s.echoes, N);   // every quest has reached the server
    s.server.close();
    for (int i = 0; i < N; ++i) {
        QTRY_COMPARE(out[i].calls, 1);
        QCOMPARE(out[i].answer.code, int(CoreConnectionClosed));
    }
    QCOMPARE(disc.count(), 1);
    QCOMPARE(client.pendingCount(), 0);
    QCoreApplication::sendPostedEvents();   // nothing queued adds a second call
    for (int i = 0; i < N; ++i)
        QCOMPARE(out[i].calls, 1);
}

void TestFpnnClientServer::clientDestroyedWithPending()
{
    EchoServer s;
    ServerOptions so;
    so.answerDelayMs = 500;
    s.server.setOptions(so);
    QVERIFY(s.listen());
    auto client = std::make_unique<FpnnClient>(QStringLiteral("127.0.0.1"), s.port());
    std::vector<Outcome> out(10);
    bool clientAliveInCallback = true;
    QPointer<FpnnClient> watch(client.get());
    for (auto &o : out) {
        client->sendQuest("echo", Value::map(), [&o, &clientAliveInCallback, watch](const Answer &a) {
            ++o.calls;
            o.answer = a;
            clientAliveInCallback = clientAliveInCallback && !watch.isNull();
        });
    }
    // An immediate failure (queued delivery) must also end inside the destructor.
    Outcome tooBig;
    ClientOptions co;
    co.maxFrameSize = 64;
    client->setOptions(co);
    client->sendQuest("echo", mapOf({{"blob", std::string(200, 'x')}}), tooBig.callback());
    QTRY_COMPARE(client->state(), FpnnClient::State::Connected);
    client.reset();
    for (auto &o : out) {
        QCOMPARE(o.calls, 1);
        QCOMPARE(o.answer.code, int(CoreConnectionClosed));
    }
    QCOMPARE(tooBig.calls, 1);
    QCOMPARE(tooBig.answer.code, int(CoreEncoding));
    QVERIFY(clientAliveInCallback);
    // Answers arriving now go nowhere: the server sees the connection gone.
    QTRY_COMPARE(s.server.connectionCount(), 0);
    QCoreApplication::sendPostedEvents();
    for (auto &o : out)
        QCOMPARE(o.calls, 1);
}

void TestFpnnClientServer::contextDestroyed()
{
    EchoServer s;
    ServerOptions so;
    so.answerDelayMs = 200;
    s.server.setOptions(so);
    QVERIFY(s.listen());
    FpnnClient client(QStringLiteral("127.0.0.1"), s.port());
    auto context = std::make_unique<QObject>();
    Outcome dropped, kept;
    client.sendQuest("echo", Value::map(), dropped.callback(), 0, context.get());
    QObject keeper;
    client.sendQuest("echo", Value::map(), kept.callback(), 0, &keeper);
    context.reset();
    QTRY_COMPARE(kept.calls, 1);
    QVERIFY(kept.answer.ok());
    QTRY_COMPARE(client.pendingCount(), 0);
    QCOMPARE(dropped.calls, 0);

    // Also on the close path.
    auto ctx2 = std::make_unique<QObject>();
    Outcome dropped2;
    client.sendQuest("echo", Value::map(), dropped2.callback(), 0, ctx2.get());
    ctx2.reset();
    client.close();
    QCOMPARE(client.pendingCount(), 0);
    QCoreApplication::sendPostedEvents();   // a queued delivery would run now
    QCOMPARE(dropped2.calls, 0);
}

void TestFpnnClientServer::newQuestFromFailureCallback()
{
    EchoServer s;
    ServerOptions so;
    so.answerDelayMs = 60000;
    s.server.setOptions(so);
    QVERIFY(s.listen());
    FpnnClient client(QStringLiteral("127.0.0.1"), s.port());
    Outcome second;
    int firstCalls = 0;
    int firstCode = 0;
    client.sendQuest("echo", Value::map(), [&](const Answer &a) {
        ++firstCalls;
        firstCode = a.code;
        // Issued while the pending table is being failed: must go to a new connection.
        client.sendQuest("add", mapOf({{"a", 1}, {"b", 2}}), second.callback());
    });
    QTRY_COMPARE(client.state(), FpnnClient::State::Connected);
    QTRY_COMPARE(s.server.connectionCount(), 1);
    QTRY_COMPARE(s.echoes, 1);   // the quest has reached the server
    s.server.close();   // the first quest fails with 20002
    QTRY_COMPARE(firstCalls, 1);
    QCOMPARE(firstCode, int(CoreConnectionClosed));
    // The new quest reconnects, but the server no longer listens: 20012.
    QTRY_COMPARE(second.calls, 1);
    QCOMPARE(second.answer.code, int(CoreInvalidConnection));
    QCOMPARE(firstCalls, 1);

    // Now with a listening server: the quest issued from the failure gets answered.
    EchoServer s2;
    QVERIFY(s2.listen());
    FpnnClient c2(QStringLiteral("127.0.0.1"), s2.port());
    Outcome third;
    int calls = 0;
    c2.sendQuest("echo", Value::map(), [&](const Answer &a) {
        ++calls;
        QCOMPARE(a.code, int(CoreConnectionClosed));
        c2.sendQuest("add", mapOf({{"a", 1}, {"b", 2}}), third.callback());
    }, 0);
    c2.close();   // synchronous 20002, callback issues a new quest that reconnects
    QCOMPARE(calls, 1);
    QTRY_COMPARE(third.calls, 1);
    QVERIFY2(third.answer.ok(), qPrintable(third.answer.errorText));
    QCOMPARE(intField(third.answer.payload, "sum"), 3);
}

void TestFpnnClientServer::closeThenLazyReconnect()
{
    EchoServer s;
    QVERIFY(s.listen());
    QSignalSpy opened(&s.server, &FpnnServer::connectionOpened);
    FpnnClient client(QStringLiteral("127.0.0.1"), s.port());
    Outcome o1;
    client.sendQuest("echo", Value::map(), o1.callback());
    QTRY_COMPARE(o1.calls, 1);
    client.close();
    QCOMPARE(client.state(), FpnnClient::State::Disconnected);
    Outcome o2;
    QCOMPARE(client.sendQuest("echo", Value::map(), o2.callback()), 1u);   // seq restarts per connection
    QTRY_COMPARE(o2.calls, 1);
    QVERIFY(o2.answer.ok());
    QCOMPARE(opened.count(), 2);
}

void TestFpnnClientServer::pipelined10k()
{
    EchoServer s;
    QVERIFY(s.listen());
    FpnnClient client(QStringLiteral("127.0.0.1"), s.port());
    constexpr int N = 10000;
    std::vector<int> calls(N, 0);
    int bad = 0;
    int done = 0;
    for (int i = 0; i < N; ++i) {
        client.sendQuest("echo", mapOf({{"i", i}, {"s", std::to_string(i)}}), [&, i](const Answer &a) {
            ++calls[i];
            ++done;
            if (!a.ok() || intField(a.payload, "i") != i)
                ++bad;
        }, 60000);
    }
    QTRY_COMPARE_WITH_TIMEOUT(done, N, 60000);
    QCOMPARE(bad, 0);
    for (int i = 0; i < N; ++i)
        QCOMPARE(calls[i], 1);
    QCOMPARE(client.pendingCount(), 0);
}

void TestFpnnClientServer::concurrentClients()
{
    EchoServer s;
    QVERIFY(s.listen());
    constexpr int C = 50;
    constexpr int Q = 20;
    std::vector<std::unique_ptr<FpnnClient>> clients;
    int ok = 0, failed = 0;
    for (int c = 0; c < C; ++c) {
        clients.push_back(std::make_unique<FpnnClient>(QStringLiteral("127.0.0.1"), s.port()));
        for (int q = 0; q < Q; ++q) {
            const long long a = c * 1000 + q;
            clients.back()->sendQuest("add", mapOf({{"a", a}, {"b", 1}}), [&, a](const Answer &ans) {
                if (ans.ok() && intField(ans.payload, "sum") == a + 1)
                    ++ok;
                else
                    ++failed;
            });
        }
    }
    QTRY_COMPARE_WITH_TIMEOUT(ok + failed, C * Q, 30000);
    QCOMPARE(failed, 0);
    QCOMPARE(s.server.connectionCount(), C);
    clients.clear();
    QTRY_COMPARE(s.server.connectionCount(), 0);
}

void TestFpnnClientServer::pingBuiltin()
{
    EchoServer s;
    QVERIFY(s.listen());
    FpnnClient client(QStringLiteral("127.0.0.1"), s.port());
    Outcome o;
    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    client.sendQuest("*ping", Value::map(), o.callback());
    QTRY_COMPARE(o.calls, 1);
    QVERIFY(o.answer.ok());
    const qint64 ts = intField(o.answer.payload, "ts");
    QVERIFY(ts >= before - 1000 && ts <= QDateTime::currentMSecsSinceEpoch() + 1000);
}

void TestFpnnClientServer::lastRoundTrip()
{
    EchoServer s;
    ServerOptions so;
    so.answerDelayMs = 150;
    s.server.setOptions(so);
    QVERIFY(s.listen());
    FpnnClient client(QStringLiteral("127.0.0.1"), s.port());
    QCOMPARE(client.lastRoundTripMs(), -1);
    Outcome o;
    client.connectToServer();
    QTRY_COMPARE(client.state(), FpnnClient::State::Connected);
    client.sendQuest("echo", Value::map(), o.callback());
    QTRY_COMPARE(o.calls, 1);
    QVERIFY2(client.lastRoundTripMs() >= 140, qPrintable(QString::number(client.lastRoundTripMs())));
    QVERIFY(client.lastRoundTripMs() < 5000);
}

void TestFpnnClientServer::stateSignals()
{
    EchoServer s;
    QVERIFY(s.listen());
    FpnnClient client(QStringLiteral("127.0.0.1"), s.port());
    QSignalSpy states(&client, &FpnnClient::stateChanged);
    QSignalSpy conn(&client, &FpnnClient::connected);
    QCOMPARE(client.state(), FpnnClient::State::Disconnected);
    client.connectToServer();
    QCOMPARE(client.state(), FpnnClient::State::Connecting);
    QTRY_COMPARE(conn.count(), 1);
    client.close();
    std::vector<FpnnClient::State> seen;
    for (const auto &args : states)
        seen.push_back(args.at(0).value<FpnnClient::State>());
    const std::vector<FpnnClient::State> expected{FpnnClient::State::Connecting, FpnnClient::State::Connected,
                                                  FpnnClient::State::Closing, FpnnClient::State::Disconnected};
    QVERIFY(seen == expected);
}

void TestFpnnClientServer::serverOnWorkerThread()
{
    QThread thread;
    auto *server = new FpnnServer;
    server->addMethod("tid", [](const IncomingQuest &) {
        Value v = Value::map();
        v.insert("main", QThread::currentThread() == QCoreApplication::instance()->thread());
        return Answer::success(v);
    });
    server->moveToThread(&thread);
    QObject::connect(&thread, &QThread::finished, server, &QObject::deleteLater);
    thread.start();
    quint16 port = 0;
    QMetaObject::invokeMethod(server, [server, &port] {
        server->listen(QHostAddress::LocalHost, 0);
        port = server->serverPort();
    }, Qt::BlockingQueuedConnection);
    QVERIFY(port != 0);
    FpnnClient client(QStringLiteral("127.0.0.1"), port);
    Outcome o;
    client.sendQuest("tid", Value::map(), o.callback());
    QTRY_COMPARE(o.calls, 1);
    QVERIFY(o.answer.ok());
    QCOMPARE(o.answer.payload.find("main")->toBool(), std::optional<bool>(false));
    QTRY_COMPARE(server->connectionCount(), 1);
    QMetaObject::invokeMethod(server, [server] { server->close(); }, Qt::BlockingQueuedConnection);
    thread.quit();
    thread.wait();
}

void TestFpnnClientServer::autoReconnectOff()
{
    EchoServer s;
    ServerOptions so;
    so.idleTimeoutMs = 200;
    s.server.setOptions(so);
    QVERIFY(s.listen());
    FpnnClient client(QStringLiteral("127.0.0.1"), s.port());
    ClientOptions co;
    co.autoReconnect = false;
    co.keepAlive = false;
    client.setOptions(co);
    QSignalSpy disc(&client, &FpnnClient::disconnected);
    Outcome o1;
    client.sendQuest("echo", Value::map(), o1.callback());   // the first connect is lazy anyway
    QTRY_COMPARE(o1.calls, 1);
    QVERIFY(o1.answer.ok());
    QTRY_COMPARE(disc.count(), 1);   // lost (server idle timeout)
    Outcome o2;
    client.sendQuest("echo", Value::map(), o2.callback());
    QCOMPARE(o2.calls, 0);
    QTRY_COMPARE(o2.calls, 1);
    QCOMPARE(o2.answer.code, int(CoreInvalidConnection));
    QCOMPARE(client.state(), FpnnClient::State::Disconnected);
    client.connectToServer();   // explicit reconnect
    Outcome o3;
    client.sendQuest("echo", Value::map(), o3.callback());
    QTRY_COMPARE(o3.calls, 1);
    QVERIFY(o3.answer.ok());
}

void TestFpnnClientServer::setEndpointSwitchesServer()
{
    EchoServer a, b;
    QVERIFY(a.listen());
    QVERIFY(b.listen());
    QSignalSpy openedB(&b.server, &FpnnServer::connectionOpened);
    FpnnClient client(QStringLiteral("127.0.0.1"), a.port());
    Outcome o1;
    client.sendQuest("echo", Value::map(), o1.callback());
    QTRY_COMPARE(o1.calls, 1);
    QTRY_COMPARE(a.server.connectionCount(), 1);
    client.setEndpoint(QStringLiteral("127.0.0.1"), b.port());
    QCOMPARE(client.state(), FpnnClient::State::Disconnected);
    Outcome o2;
    client.sendQuest("echo", Value::map(), o2.callback());
    QTRY_COMPARE(o2.calls, 1);
    QVERIFY(o2.answer.ok());
    QCOMPARE(openedB.count(), 1);
    QTRY_COMPARE(a.server.connectionCount(), 0);
}

void TestFpnnClientServer::answerTooLargeForServer()
{
    EchoServer s;
    ServerOptions so;
    so.maxFrameSize = 512;
    s.server.setOptions(so);
    s.server.addMethod("big", [](const IncomingQuest &) {
        Value v = Value::map();
        v.insert("blob", Value::bin(std::string(4096, 'b')));
        return Answer::success(v);
    });
    QVERIFY(s.listen());
    FpnnClient client(QStringLiteral("127.0.0.1"), s.port());
    Outcome o, o2;
    client.sendQuest("big", Value::map(), o.callback());
    QTRY_COMPARE(o.calls, 1);
    QCOMPARE(o.answer.code, int(CoreEncoding));
    client.sendQuest("echo", mapOf({{"k", 1}}), o2.callback());
    QTRY_COMPARE(o2.calls, 1);
    QVERIFY(o2.answer.ok());
}

QTEST_GUILESS_MAIN(TestFpnnClientServer)
#include "tst_fpnnclientserver.moc"
