// Fault cases for FpnnClient and FpnnServer: raw peers speaking (broken) frames, caps,
// idle and slow peers, reconnects and keep-alive. Real loopback sockets only.

#include <cerrno>
#include <memory>
#include <vector>

#include <fcntl.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>
#include <arpa/inet.h>

#include <QLoggingCategory>
#include <QPointer>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTcpServer>
#include <QEventLoop>
#include <QTcpSocket>
#include <QTimer>
#include <QTest>

#include "common/fpnntesthelpers.h"
#include "common/heapusage.h"
#include "fpnn/fpnnclient.h"
#include "fpnn/fpnnerrorcodes.h"
#include "fpnn/fpnnserver.h"
#include "fpnn/framecodec.h"
#include "fpnn/msgpackcodec.h"

using namespace fpnn;
using testdata::intField;
using testdata::Outcome;

namespace {

Frame quest(const QByteArray &method, quint32 seq, const Value &payload = Value::map(), bool twoway = true,
            quint8 version = kSendVersion)
{
    Frame f;
    f.kind = twoway ? FrameKind::TwowayQuest : FrameKind::OnewayQuest;
    f.seq = seq;
    f.method = method;
    f.payload = encodeMsgpack(payload);
    f.version = version;
    return f;
}

// A socket that speaks raw frames and records what it receives (with the raw bytes).
class RawPeer : public QObject {
public:
    explicit RawPeer(QTcpSocket *s) : socket(s)
    {
        socket->setParent(this);
        connect(socket, &QTcpSocket::readyRead, this, [this] {
            const QByteArray data = socket->readAll();
            raw += data;
            decoder.feed(data);
            while (decoder.hasFrame())
                frames.push_back(decoder.takeFrame());
        });
        connect(socket, &QTcpSocket::disconnected, this, [this] { gone = true; });
    }
    void send(const Frame &f) { socket->write(encodeFrame(f)); }
    void sendRaw(const QByteArray &b) { socket->write(b); }

    QTcpSocket *socket;
    FrameDecoder decoder;
    QByteArray raw;
    std::vector<Frame> frames;
    bool gone = false;
};

std::unique_ptr<RawPeer> connectRaw(quint16 port)
{
    auto *s = new QTcpSocket;
    s->connectToHost(QHostAddress::LocalHost, port);
    auto peer = std::make_unique<RawPeer>(s);
    return peer;
}

// The same from another local address: Linux routes all of 127/8 to lo, so 127.0.0.2
// is a second peer on the same machine.
std::unique_ptr<RawPeer> connectRawFrom(const QHostAddress &local, quint16 port)
{
    auto *s = new QTcpSocket;
    if (!s->bind(local, 0))
        qWarning() << "cannot bind to" << local << s->errorString();
    s->connectToHost(QHostAddress::LocalHost, port);
    return std::make_unique<RawPeer>(s);
}

// Warnings of the rtm.fpnn category, collected while an instance lives.
class FpnnWarnings {
public:
    FpnnWarnings()
    {
        s_active = this;
        m_previous = qInstallMessageHandler(&FpnnWarnings::handle);
    }
    ~FpnnWarnings()
    {
        qInstallMessageHandler(m_previous);
        s_active = nullptr;
    }
    int count(const QString &part) const
    {
        int n = 0;
        for (const QString &m : m_messages)
            n += m.contains(part) ? 1 : 0;
        return n;
    }

private:
    static void handle(QtMsgType type, const QMessageLogContext &context, const QString &message)
    {
        if (s_active && type == QtWarningMsg && qstrcmp(context.category, "rtm.fpnn") == 0)
            s_active->m_messages.append(message);
        if (s_active && s_active->m_previous)
            s_active->m_previous(type, context, message);
    }
    static inline FpnnWarnings *s_active = nullptr;
    QtMessageHandler m_previous = nullptr;
    QStringList m_messages;
};

// A QTcpServer whose accepted connections become RawPeers.
class RawServer : public QObject {
public:
    RawServer()
    {
        connect(&server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = server.nextPendingConnection())
                peers.push_back(std::make_unique<RawPeer>(s));
        });
    }
    bool listen() { return server.listen(QHostAddress::LocalHost, 0); }
    quint16 port() const { return server.serverPort(); }
    RawPeer *last() { return peers.empty() ? nullptr : peers.back().get(); }

    QTcpServer server;
    std::vector<std::unique_ptr<RawPeer>> peers;
};

quint16 unusedPort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    const quint16 port = probe.serverPort();
    probe.close();
    return port;
}

void addEcho(FpnnServer &s)
{
    s.addMethod("echo", [](const IncomingQuest &q) { return Answer::success(q.payload); });
}

} // namespace

class TestFpnnRobustness : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QLoggingCategory::setFilterRules(QStringLiteral("rtm.fpnn.debug=false\nrtm.fpnn.info=false")); }
    void gatewayQuestsToClient();
    void unreadableAnswerPayload();
    void framingErrorFromServer();
    void malformedFrameClosesOnlyThatConnection();
    void unreadableQuestPayloadClosesConnection();
    void garbageFlood();
    void versionByteMirrored();
    void connectionCap();
    void perPeerConnectionCap();
    void frameDeadline();
    void preAuthFrameLimit();
    void bufferedBytesCapAcrossConnections();
    void idleTimeout();
    void peerThatNeverReads();
    void lazyReconnectAfterServerClose();
    void closedPortThenServer();
    void backoffWaitsAndTimesOut();
    void backoffResetsAfterStableConnection();
    void keepAlivePingsAndDetectsLoss();
    void oversizedQuestRefused();
    void destroyClientInsideCallback();
    void acceptErrorBacksOffAndRecovers();
    void unsentBytesBoundedWhenServerNeverReads();
    void unsentBoundCoversQueuedQuests();
    void connectTimeout();
    void connectFailsSynchronously();
    void delayedAnswerAfterPeerLeft();
    void handlerClosesServer();
    void answerArrivingDuringNestedLoop();
};

void TestFpnnRobustness::gatewayQuestsToClient()
{
    RawServer rs;
    QVERIFY(rs.listen());
    FpnnClient client(QStringLiteral("127.0.0.1"), rs.port());
    client.connectToServer();
    QTRY_VERIFY(rs.last());
    QTRY_COMPARE(client.state(), FpnnClient::State::Connected);
    RawPeer *p = rs.last();
    p->send(quest("ping", 77, Value::map(), true, 0));
    p->send(quest("pushmsg", 78, Value::map()));
    p->send(quest("pushevent", 0, Value::map(), false));   // oneway: no answer
    p->send(quest("ping", 79));
    // Quests are answered in order, so once the answer to 79 is in, an answer to the oneway
    // pushevent (there must be none) would already be among these three.
    QTRY_COMPARE(p->frames.size(), size_t(3));
    QCOMPARE(p->frames[0].seq, 77u);
    QVERIFY(p->frames[0].isAnswer());
    QCOMPARE(p->frames[0].status, 0);
    QCOMPARE(p->frames[0].payload, QByteArray("\x80", 1));
    QCOMPARE(p->frames[0].version, 0);   // mirrored like FPNN
    QCOMPARE(p->frames[1].seq, 78u);
    const Answer unknown = answerFromFrame(p->frames[1]);
    QCOMPARE(unknown.code, int(CoreUnknownMethod));
    QVERIFY(unknown.errorText.contains(QStringLiteral("pushmsg")));
    QCOMPARE(p->frames[2].seq, 79u);
    QCOMPARE(p->frames[2].status, 0);
    QCOMPARE(client.state(), FpnnClient::State::Connected);
}

void TestFpnnRobustness::unreadableAnswerPayload()
{
    RawServer rs;
    QVERIFY(rs.listen());
    FpnnClient client(QStringLiteral("127.0.0.1"), rs.port());
    Outcome o1, o2;
    client.sendQuest("a", Value::map(), o1.callback());
    QTRY_VERIFY(rs.last());
    RawPeer *p = rs.last();
    QTRY_COMPARE(p->frames.size(), size_t(1));
    const quint32 seq1 = p->frames[0].seq;
    Frame bad;
    bad.kind = FrameKind::Answer;
    bad.seq = seq1;
    bad.payload = QByteArray("\xc1", 1);   // reserved msgpack byte: well framed, unreadable
    p->send(bad);
    QTRY_COMPARE(o1.calls, 1);
    QCOMPARE(o1.answer.code, int(CoreInvalidPackage));

    // An answer for a seq nobody waits for is ignored.
    Frame stray = frameForAnswer(Answer::success(), 9999, 1);
    p->send(stray);

    client.sendQuest("b", Value::map(), o2.callback());
    QTRY_COMPARE(p->frames.size(), size_t(2));
    Value result = Value::map();
    result.insert("fine", true);
    p->send(frameForAnswer(Answer::success(result), p->frames[1].seq, 1));
    QTRY_COMPARE(o2.calls, 1);
    QVERIFY(o2.answer.ok());
    QCOMPARE(o2.answer.payload, result);
    QCOMPARE(rs.peers.size(), size_t(1));   // same connection all along
    QCOMPARE(client.state(), FpnnClient::State::Connected);
    QCOMPARE(o1.calls, 1);
}

void TestFpnnRobustness::framingErrorFromServer()
{
    RawServer rs;
    QVERIFY(rs.listen());
    FpnnClient client(QStringLiteral("127.0.0.1"), rs.port());
    QSignalSpy errors(&client, &FpnnClient::transportError);
    std::vector<Outcome> out(5);
    for (auto &o : out)
        client.sendQuest("x", Value::map(), o.callback());
    QTRY_VERIFY(rs.last());
    QTRY_COMPARE(rs.last()->frames.size(), size_t(5));
    rs.last()->sendRaw(QByteArray("HTTP/1.1 400 Bad Request\r\n\r\n"));
    for (auto &o : out) {
        QTRY_COMPARE(o.calls, 1);
        QCOMPARE(o.answer.code, int(CoreConnectionClosed));
    }
    QCOMPARE(errors.count(), 1);
    QCOMPARE(client.state(), FpnnClient::State::Disconnected);
    QTRY_VERIFY(rs.last()->gone);
}

void TestFpnnRobustness::malformedFrameClosesOnlyThatConnection()
{
    FpnnServer server;
    addEcho(server);
    QVERIFY(server.listen());
    QSignalSpy closed(&server, &FpnnServer::connectionClosed);
    FpnnClient client(QStringLiteral("127.0.0.1"), server.serverPort());
    Outcome o1;
    client.sendQuest("echo", Value::map(), o1.callback());
    QTRY_COMPARE(o1.calls, 1);

    const QList<QByteArray> garbage{
        QByteArray("GET / HTTP/1.1\r\n\r\n"),
        QByteArray("FPNN\x01\x40\x01\x01\x01\x00\x00\x00", 12),             // JSON flag
        QByteArray("FPNN\x01\x80\x07\x01\x01\x00\x00\x00", 12),             // mtype 7
        QByteArray("FPNN\x01\x80\x01\x00\x01\x00\x00\x00", 12),             // empty method
        QByteArray("FPNN\x01\x80\x01\x04\xff\xff\xff\x7f", 12),             // 2 GiB payload
    };
    for (const QByteArray &g : garbage) {
        auto raw = connectRaw(server.serverPort());
        QTRY_COMPARE(raw->socket->state(), QAbstractSocket::ConnectedState);
        raw->sendRaw(g);
        QTRY_VERIFY2(raw->gone, g.toHex().constData());
        QVERIFY(raw->frames.empty());
        // The well-behaved client was not affected.
        Outcome o;
        client.sendQuest("echo", Value::map(), o.callback());
        QTRY_COMPARE(o.calls, 1);
        QVERIFY(o.answer.ok());
    }
    QTRY_COMPARE(closed.count(), garbage.size());
    QCOMPARE(server.connectionCount(), 1);
    for (const auto &args : closed)
        QVERIFY2(args.at(1).toString().contains(QStringLiteral("malformed")), qPrintable(args.at(1).toString()));
}

void TestFpnnRobustness::unreadableQuestPayloadClosesConnection()
{
    FpnnServer server;
    addEcho(server);
    QVERIFY(server.listen());
    for (const QByteArray &payload : {QByteArray("\xc1", 1), QByteArray("\x93\x01\x02\x03", 4), QByteArray("\x81\x01\x02", 3)}) {
        auto raw = connectRaw(server.serverPort());
        Frame f = quest("echo", 1);
        f.payload = payload;   // invalid / array root / non-string key
        raw->send(f);
        QTRY_VERIFY(raw->gone);
        QVERIFY(raw->frames.empty());
    }
    FpnnClient client(QStringLiteral("127.0.0.1"), server.serverPort());
    Outcome o;
    client.sendQuest("echo", Value::map(), o.callback());
    QTRY_COMPARE(o.calls, 1);
    QVERIFY(o.answer.ok());
}

void TestFpnnRobustness::garbageFlood()
{
    FpnnServer server;
    addEcho(server);
    QVERIFY(server.listen());
    FpnnClient client(QStringLiteral("127.0.0.1"), server.serverPort());
    std::vector<std::unique_ptr<RawPeer>> raws;
    auto *rng = QRandomGenerator::global();
    for (int i = 0; i < 100; ++i) {
        auto raw = connectRaw(server.serverPort());
        QByteArray junk(1 + int(rng->bounded(4096)), Qt::Uninitialized);
        for (char &c : junk)
            c = char(rng->bounded(256));
        if (i % 3 == 0)
            junk.prepend("FPNN");   // get past the magic sometimes
        raw->sendRaw(junk);
        raws.push_back(std::move(raw));
    }
    int answered = 0;
    for (int i = 0; i < 20; ++i)
        client.sendQuest("echo", Value::map(), [&answered](const Answer &a) { answered += a.ok() ? 1 : 0; });
    QTRY_COMPARE(answered, 20);
    // Junk that happened to be a valid frame prefix waits for more bytes; closing our
    // side ends those.
    for (auto &r : raws)
        r->socket->disconnectFromHost();
    QTRY_COMPARE_WITH_TIMEOUT(server.connectionCount(), 1, 10000);
    Outcome o;
    client.sendQuest("echo", Value::map(), o.callback());
    QTRY_COMPARE(o.calls, 1);
    QVERIFY(o.answer.ok());
}

void TestFpnnRobustness::versionByteMirrored()
{
    FpnnServer server;
    addEcho(server);
    QVERIFY(server.listen());
    auto raw = connectRaw(server.serverPort());
    raw->send(quest("*ping", 5, Value::map(), true, 0));
    raw->send(quest("echo", 6, Value::map(), true, 1));
    raw->send(quest("nosuch", 7, Value::map(), true, 0));
    QTRY_COMPARE(raw->frames.size(), size_t(3));
    QCOMPARE(quint8(raw->raw.at(4)), quint8(0));   // first answer's version byte on the wire
    QCOMPARE(raw->frames[0].seq, 5u);
    QCOMPARE(raw->frames[0].version, 0);
    QVERIFY(intField(answerFromFrame(raw->frames[0]).payload, "ts") > 1600000000000LL);
    QCOMPARE(raw->frames[1].version, 1);
    QCOMPARE(raw->frames[2].version, 0);
    QCOMPARE(answerFromFrame(raw->frames[2]).code, int(CoreUnknownMethod));
    QVERIFY(!raw->gone);
}

void TestFpnnRobustness::connectionCap()
{
    FpnnServer server;
    addEcho(server);
    ServerOptions so;
    so.maxConnections = 2;
    server.setOptions(so);
    QVERIFY(server.listen());
    auto a = connectRaw(server.serverPort());
    auto b = connectRaw(server.serverPort());
    QTRY_COMPARE(server.connectionCount(), 2);
    auto c = connectRaw(server.serverPort());
    QTRY_VERIFY(c->gone);
    QCOMPARE(server.connectionCount(), 2);
    a->send(quest("echo", 1));
    QTRY_COMPARE(a->frames.size(), size_t(1));
    QVERIFY(!a->gone && !b->gone);
    // A slot frees up when one leaves.
    b->socket->disconnectFromHost();
    QTRY_COMPARE(server.connectionCount(), 1);
    auto d = connectRaw(server.serverPort());
    d->send(quest("echo", 1));
    QTRY_COMPARE(d->frames.size(), size_t(1));
}

void TestFpnnRobustness::perPeerConnectionCap()
{
    FpnnServer server;
    addEcho(server);
    ServerOptions so;
    so.maxConnections = 100;
    so.maxConnectionsPerPeer = 3;
    server.setOptions(so);
    QVERIFY(server.listen());
    QSignalSpy opened(&server, &FpnnServer::connectionOpened);
    std::vector<std::unique_ptr<RawPeer>> first;
    for (int i = 0; i < 3; ++i)
        first.push_back(connectRaw(server.serverPort()));
    QTRY_COMPARE(server.connectionCount(), 3);
    // The same peer again: closed at once, never becomes a connection.
    std::vector<std::unique_ptr<RawPeer>> extra;
    for (int i = 0; i < 5; ++i)
        extra.push_back(connectRaw(server.serverPort()));
    for (auto &e : extra)
        QTRY_VERIFY(e->gone);
    QCOMPARE(server.connectionCount(), 3);
    QCOMPARE(opened.count(), 3);

    // Another address is another peer: served although 127.0.0.1 is at its cap.
    auto other = connectRawFrom(QHostAddress(QStringLiteral("127.0.0.2")), server.serverPort());
    other->send(quest("echo", 1));
    QTRY_COMPARE(other->frames.size(), size_t(1));
    QCOMPARE(other->socket->localAddress(), QHostAddress(QStringLiteral("127.0.0.2")));
    QCOMPARE(server.connectionCount(), 4);
    for (auto &f : first) {
        f->send(quest("echo", 2));
        QTRY_COMPARE(f->frames.size(), size_t(1));
        QVERIFY(!f->gone);
    }

    // A slot of 127.0.0.1 frees up when one of its connections leaves.
    first[0]->socket->disconnectFromHost();
    QTRY_COMPARE(server.connectionCount(), 3);
    auto again = connectRaw(server.serverPort());
    again->send(quest("echo", 3));
    QTRY_COMPARE(again->frames.size(), size_t(1));
    QCOMPARE(server.connectionCount(), 4);
    auto oneTooMany = connectRaw(server.serverPort());
    QTRY_VERIFY(oneTooMany->gone);
    QCOMPARE(server.connectionCount(), 4);
}

void TestFpnnRobustness::frameDeadline()
{
    FpnnServer server;
    addEcho(server);
    ServerOptions so;
    so.idleTimeoutMs = 0;        // only the frame deadline can close anything here
    so.frameDeadlineMs = 200;
    server.setOptions(so);
    QVERIFY(server.listen());
    QSignalSpy closed(&server, &FpnnServer::connectionClosed);

    // Between frames a connection may stay silent: the deadline runs only inside a frame.
    auto quiet = connectRaw(server.serverPort());
    quiet->send(quest("echo", 1));
    QTRY_COMPARE(quiet->frames.size(), size_t(1));

    auto slow = connectRaw(server.serverPort());
    const QByteArray frame = encodeFrame(quest("echo", 2));
    slow->sendRaw(frame.left(frame.size() - 1));   // the last byte never comes
    QTRY_VERIFY(slow->gone);
    QCOMPARE(closed.count(), 1);
    QVERIFY2(closed.at(0).at(1).toString().contains(QStringLiteral("not complete")), qPrintable(closed.at(0).at(1).toString()));
    QVERIFY(slow->frames.empty());

    QVERIFY(!quiet->gone);
    quiet->send(quest("echo", 3));
    QTRY_COMPARE(quiet->frames.size(), size_t(2));

    // The deadline applies to every frame, also one that starts right after a complete one.
    auto second = connectRaw(server.serverPort());
    second->sendRaw(encodeFrame(quest("echo", 4)) + frame.left(5));
    QTRY_COMPARE(second->frames.size(), size_t(1));
    QTRY_VERIFY(second->gone);
    QCOMPARE(closed.count(), 2);
    QVERIFY(!quiet->gone);
}

void TestFpnnRobustness::preAuthFrameLimit()
{
    FpnnServer server;
    addEcho(server);
    ServerOptions so;
    so.maxPreAuthBytes = 4096;
    server.setOptions(so);
    QVERIFY(server.listen());
    QSignalSpy closed(&server, &FpnnServer::connectionClosed);
    Value big = Value::map();
    big.insert("blob", Value::bin(std::string(100000, 'b')));
    const QByteArray bigFrame = encodeFrame(quest("echo", 1, big));

    // A stranger's first frame may not be large: closed at its header, before the rest.
    auto stranger = connectRaw(server.serverPort());
    stranger->sendRaw(bigFrame.left(1000));
    QTRY_VERIFY(stranger->gone);
    QCOMPARE(closed.count(), 1);
    QVERIFY2(closed.at(0).at(1).toString().contains(QStringLiteral("before its first complete quest")),
             qPrintable(closed.at(0).at(1).toString()));
    // An answer frame proves nothing (the server sends no quests).
    auto faker = connectRaw(server.serverPort());
    faker->send(frameForAnswer(Answer::success(), 1, 1));
    faker->sendRaw(bigFrame.left(1000));
    QTRY_VERIFY(faker->gone);
    QCOMPARE(closed.count(), 2);

    // After one complete quest the full frame size applies, also within the same write.
    auto pipelined = connectRaw(server.serverPort());
    pipelined->sendRaw(encodeFrame(quest("echo", 2)) + encodeFrame(quest("echo", 3, big)));
    QTRY_COMPARE(pipelined->frames.size(), size_t(2));
    QCOMPARE(answerFromFrame(pipelined->frames[1]).payload, big);
    auto stepwise = connectRaw(server.serverPort());
    stepwise->send(quest("*ping", 4));
    QTRY_COMPARE(stepwise->frames.size(), size_t(1));
    stepwise->sendRaw(bigFrame);
    QTRY_COMPARE(stepwise->frames.size(), size_t(2));
    QCOMPARE(answerFromFrame(stepwise->frames[1]).payload, big);
    QVERIFY(!pipelined->gone && !stepwise->gone);
    QCOMPARE(closed.count(), 2);
}

void TestFpnnRobustness::bufferedBytesCapAcrossConnections()
{
    FpnnServer server;
    addEcho(server);
    ServerOptions so;
    so.maxBufferedBytes = 1024 * 1024;
    so.frameDeadlineMs = 0;
    so.idleTimeoutMs = 0;
    server.setOptions(so);
    QVERIFY(server.listen());
    QSignalSpy closed(&server, &FpnnServer::connectionClosed);

    // Eight real clients (each sent a complete quest) start a 2 MiB frame and send 256 KiB of
    // it: 2 MiB buffered for incomplete frames if nothing stopped them.
    constexpr qint64 kPart = 256 * 1024;
    Value huge = Value::map();
    huge.insert("blob", Value::bin(std::string(2 * 1024 * 1024, 'h')));
    const QByteArray hugeFrame = encodeFrame(quest("echo", 2, huge));
    QVERIFY(!hugeFrame.isEmpty());
    std::vector<std::unique_ptr<RawPeer>> peers;
    for (int i = 0; i < 8; ++i) {
        auto p = connectRaw(server.serverPort());
        p->send(quest("echo", 1));
        QTRY_COMPARE(p->frames.size(), size_t(1));
        p->sendRaw(hugeFrame.left(kPart));
        peers.push_back(std::move(p));
    }
    auto open = [&] {
        qint64 n = 0;
        for (auto &p : peers)
            n += p->gone ? 0 : 1;
        return n;
    };
    // Settled: every connection still open has all its bytes buffered, the others were closed.
    QTRY_VERIFY(closed.count() >= 4 && open() == server.connectionCount() && server.bufferedBytes() == open() * kPart);
    QVERIFY2(server.bufferedBytes() <= so.maxBufferedBytes, qPrintable(QString::number(server.bufferedBytes())));
    for (const auto &args : closed)
        QVERIFY2(args.at(1).toString().contains(QStringLiteral("incomplete frames")), qPrintable(args.at(1).toString()));

    // Others are still served.
    auto fresh = connectRaw(server.serverPort());
    fresh->send(quest("echo", 3));
    QTRY_COMPARE(fresh->frames.size(), size_t(1));
    // And the buffer is given back when a connection goes.
    const qint64 before = server.bufferedBytes();
    for (auto &p : peers) {
        if (!p->gone) {
            p->socket->abort();
            break;
        }
    }
    QTRY_COMPARE(server.bufferedBytes(), before - kPart);
}

void TestFpnnRobustness::idleTimeout()
{
    FpnnServer server;
    addEcho(server);
    ServerOptions so;
    so.idleTimeoutMs = 300;
    server.setOptions(so);
    QVERIFY(server.listen());
    QSignalSpy closed(&server, &FpnnServer::connectionClosed);
    auto idle = connectRaw(server.serverPort());
    auto busy = connectRaw(server.serverPort());
    QTRY_COMPARE(server.connectionCount(), 2);
    QElapsedTimer t;
    t.start();
    // The busy peer keeps talking: each answer triggers the next quest (no sleeps).
    quint32 seq = 1;
    QVERIFY(QTest::qWaitFor([&] {
        if (busy->frames.size() == seq - 1 && !busy->gone)
            busy->send(quest("echo", seq++));
        return idle->gone;
    }, 30000));
    QVERIFY(t.elapsed() >= 250);   // the idle timeout did wait (300 ms)
    QVERIFY(!busy->gone);   // activity keeps a connection open
    QCOMPARE(closed.count(), 1);
    QCOMPARE(closed.at(0).at(1).toString(), QStringLiteral("idle timeout"));
    QTRY_VERIFY(busy->gone);
}

void TestFpnnRobustness::peerThatNeverReads()
{
    FpnnServer server;
    server.addMethod("big", [](const IncomingQuest &) {
        Value v = Value::map();
        v.insert("blob", Value::bin(std::string(1024 * 1024, 'z')));
        return Answer::success(v);
    });
    ServerOptions so;
    so.maxPendingWriteBytes = 64 * 1024;
    server.setOptions(so);
    QVERIFY(server.listen());
    QSignalSpy closed(&server, &FpnnServer::connectionClosed);

    // A plain blocking socket that we never read from (Qt would read into its buffer).
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    QVERIFY(fd >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(server.serverPort());
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    QCOMPARE(::connect(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr), 0);
    for (quint32 i = 1; i <= 64; ++i) {
        const QByteArray bytes = encodeFrame(quest("big", i));
        QCOMPARE(::write(fd, bytes.constData(), size_t(bytes.size())), ssize_t(bytes.size()));
    }
    QTRY_COMPARE_WITH_TIMEOUT(closed.count(), 1, 15000);
    QVERIFY2(closed.at(0).at(1).toString().contains(QStringLiteral("does not read")), qPrintable(closed.at(0).at(1).toString()));
    QCOMPARE(server.connectionCount(), 0);
    ::close(fd);
}

void TestFpnnRobustness::lazyReconnectAfterServerClose()
{
    FpnnServer server;
    addEcho(server);
    ServerOptions so;
    so.idleTimeoutMs = 200;
    server.setOptions(so);
    QVERIFY(server.listen());
    QSignalSpy opened(&server, &FpnnServer::connectionOpened);
    FpnnClient client(QStringLiteral("127.0.0.1"), server.serverPort());
    ClientOptions co;
    co.keepAlive = false;
    client.setOptions(co);
    QSignalSpy disc(&client, &FpnnClient::disconnected);
    Outcome o1;
    client.sendQuest("echo", Value::map(), o1.callback());
    QTRY_COMPARE(o1.calls, 1);
    QTRY_COMPARE(disc.count(), 1);   // the server closed the idle connection
    QCOMPARE(client.state(), FpnnClient::State::Disconnected);
    Outcome o2;
    client.sendQuest("echo", Value::map(), o2.callback());
    QCOMPARE(client.state(), FpnnClient::State::Reconnecting);
    QTRY_COMPARE(o2.calls, 1);
    QVERIFY2(o2.answer.ok(), qPrintable(o2.answer.errorText));
    QCOMPARE(opened.count(), 2);
}

void TestFpnnRobustness::closedPortThenServer()
{
    const quint16 port = unusedPort();
    FpnnClient client(QStringLiteral("127.0.0.1"), port);
    QSignalSpy errors(&client, &FpnnClient::transportError);
    Outcome o1, o2;
    client.sendQuest("echo", Value::map(), o1.callback());
    client.sendQuest("echo", Value::map(), o2.callback());
    QTRY_COMPARE(o1.calls, 1);
    QTRY_COMPARE(o2.calls, 1);
    QCOMPARE(o1.answer.code, int(CoreInvalidConnection));
    QCOMPARE(o2.answer.code, int(CoreInvalidConnection));
    QCOMPARE(errors.count(), 1);
    QCOMPARE(errors.at(0).at(0).toInt(), int(CoreInvalidConnection));
    QCOMPARE(client.state(), FpnnClient::State::Disconnected);

    FpnnServer server;
    addEcho(server);
    QVERIFY(server.listen(QHostAddress::LocalHost, port));
    Outcome o3;
    client.sendQuest("echo", Value::map(), o3.callback());
    QTRY_COMPARE(o3.calls, 1);
    QVERIFY2(o3.answer.ok(), qPrintable(o3.answer.errorText));
}

void TestFpnnRobustness::backoffWaitsAndTimesOut()
{
    const quint16 port = unusedPort();
    FpnnClient client(QStringLiteral("127.0.0.1"), port);
    ClientOptions co;
    co.immediateRetries = 2;
    co.backoffBaseMs = 800;
    co.backoffStepMs = 100000;
    co.maxBackoffMs = 1000;
    client.setOptions(co);
    for (int i = 0; i < 3; ++i) {   // three failures in a row: the third starts the back-off
        Outcome o;
        client.sendQuest("echo", Value::map(), o.callback());
        QTRY_COMPARE(o.calls, 1);
        QCOMPARE(o.answer.code, int(CoreInvalidConnection));
    }
    // In back-off a quest waits; with a short timeout it ends with 20003.
    Outcome waiting;
    QElapsedTimer t;
    t.start();
    client.sendQuest("echo", Value::map(), waiting.callback(), 200);
    QCOMPARE(client.state(), FpnnClient::State::Reconnecting);
    QTRY_COMPARE(waiting.calls, 1);
    QCOMPARE(waiting.answer.code, int(CoreTimeout));

    // A quest that outlives the wait is sent once the server is there.
    FpnnServer server;
    addEcho(server);
    QVERIFY(server.listen(QHostAddress::LocalHost, port));
    Outcome later;
    client.sendQuest("echo", Value::map(), later.callback(), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(later.calls, 1, 30000);
    // Capped: with 800 + 100000 ms of back-off the quest would have ended with its own
    // 5 s timeout (20003) instead of being answered.
    QVERIFY2(later.answer.ok(), qPrintable(later.answer.errorText));
    QVERIFY2(t.elapsed() >= 700, qPrintable(QString::number(t.elapsed())));   // the back-off did wait
}

void TestFpnnRobustness::backoffResetsAfterStableConnection()
{
    const quint16 port = unusedPort();
    FpnnClient client(QStringLiteral("127.0.0.1"), port);
    ClientOptions co;
    co.immediateRetries = 1;
    co.backoffBaseMs = 3000;
    co.backoffResetMs = 100;
    co.keepAlive = false;
    client.setOptions(co);
    auto failOnce = [&] {
        Outcome o;
        client.sendQuest("echo", Value::map(), o.callback(), 1000);
        QTRY_COMPARE(o.calls, 1);
        QCOMPARE(o.answer.code, int(CoreInvalidConnection));
    };
    failOnce();
    failOnce();   // second failure: the next attempt would wait 3 s
    {
        FpnnServer server;
        addEcho(server);
        QVERIFY(server.listen(QHostAddress::LocalHost, port));
        client.connectToServer();   // explicit connects skip the wait
        QTRY_COMPARE(client.state(), FpnnClient::State::Connected);
        // A delay that must happen: the connection stays up longer than backoffResetMs.
        QElapsedTimer up;
        up.start();
        QVERIFY(QTest::qWaitFor([&] { return up.elapsed() > 2 * co.backoffResetMs; }, 30000));
        server.close();
        QTRY_COMPARE(client.state(), FpnnClient::State::Disconnected);
    }
    // Counters were reset: two more immediate attempts before the wait starts again.
    // Without the reset the second one would wait 3 s and end with its 1 s timeout
    // (20003) instead of 20012: failOnce() checks the code.
    failOnce();
    failOnce();
    Outcome waiting;
    client.sendQuest("echo", Value::map(), waiting.callback(), 300);
    QCOMPARE(client.state(), FpnnClient::State::Reconnecting);
    QTRY_COMPARE(waiting.calls, 1);
    QCOMPARE(waiting.answer.code, int(CoreTimeout));
}

void TestFpnnRobustness::keepAlivePingsAndDetectsLoss()
{
    RawServer rs;
    QVERIFY(rs.listen());
    FpnnClient client(QStringLiteral("127.0.0.1"), rs.port());
    ClientOptions co;
    co.pingIntervalMs = 200;
    co.pingTimeoutMs = 300;
    co.maxPingRetryCount = 2;
    client.setOptions(co);
    QSignalSpy disc(&client, &FpnnClient::disconnected);
    QSignalSpy errors(&client, &FpnnClient::transportError);
    client.connectToServer();
    QTRY_VERIFY(rs.last());
    RawPeer *p = rs.last();
    // First *ping after ~200 ms of silence; answer it.
    QTRY_VERIFY(!p->frames.empty());
    QCOMPARE(p->frames[0].method, QByteArray("*ping"));
    QVERIFY(p->frames[0].kind == FrameKind::TwowayQuest);
    QCOMPARE(p->frames[0].payload, QByteArray("\x80", 1));
    QCOMPARE(p->frames[0].version, kSendVersion);
    Value ts = Value::map();
    ts.insert("ts", 1);
    p->send(frameForAnswer(Answer::success(ts), p->frames[0].seq, 1));
    QTRY_VERIFY(p->frames.size() >= 2);   // the next one after another silence
    QCOMPARE(client.pendingCount(), 0);   // our pings are not user quests
    QCOMPARE(disc.count(), 0);
    // Stop answering: 300 * 2 + 200 ms of silence and the connection is declared lost.
    QElapsedTimer t;
    t.start();
    QTRY_COMPARE_WITH_TIMEOUT(disc.count(), 1, 5000);
    QVERIFY(t.elapsed() >= 300);
    QCOMPARE(errors.count(), 1);
    QCOMPARE(client.state(), FpnnClient::State::Disconnected);
    QTRY_VERIFY(p->gone);
}

void TestFpnnRobustness::oversizedQuestRefused()
{
    FpnnServer server;
    addEcho(server);
    QVERIFY(server.listen());
    FpnnClient client(QStringLiteral("127.0.0.1"), server.serverPort());
    ClientOptions co;
    co.maxFrameSize = 1024;
    client.setOptions(co);
    Outcome big, small;
    Value payload = Value::map();
    payload.insert("blob", Value::bin(std::string(2000, 'x')));
    client.sendQuest("echo", payload, big.callback());
    QCOMPARE(big.calls, 0);   // queued, not inside sendQuest
    client.sendQuest("echo", Value::map(), small.callback());
    QTRY_COMPARE(big.calls, 1);
    QCOMPARE(big.answer.code, int(CoreEncoding));
    QTRY_COMPARE(small.calls, 1);
    QVERIFY(small.answer.ok());
    QVERIFY(!client.sendOneway("echo", payload));
    QCOMPARE(big.calls, 1);
}

void TestFpnnRobustness::destroyClientInsideCallback()
{
    FpnnServer server;
    addEcho(server);
    QVERIFY(server.listen());
    // Deleted from inside an answer callback (while the socket's readyRead is handled).
    auto *client = new FpnnClient(QStringLiteral("127.0.0.1"), server.serverPort());
    Outcome others[3];
    int firstCalls = 0;
    client->sendQuest("echo", Value::map(), [&](const Answer &) {
        ++firstCalls;
        delete client;
    });
    for (auto &o : others)
        client->sendQuest("echo", Value::map(), o.callback());
    QTRY_COMPARE(firstCalls, 1);
    for (auto &o : others)
        QTRY_COMPARE(o.calls, 1);   // answered before, or 20002 from the destructor
    QCoreApplication::sendPostedEvents();   // nothing queued calls the first one again
    QCOMPARE(firstCalls, 1);

    // Deleted from inside a 20002 failure during close().
    auto *c2 = new FpnnClient(QStringLiteral("127.0.0.1"), server.serverPort());
    Outcome rest[3];
    int calls = 0;
    c2->sendQuest("echo", Value::map(), [&](const Answer &) {
        ++calls;
        delete c2;
    });
    for (auto &o : rest)
        c2->sendQuest("echo", Value::map(), o.callback());
    c2->close();   // c2 may be gone after this line
    QCOMPARE(calls, 1);
    for (auto &o : rest) {
        QCOMPARE(o.calls, 1);
        QCOMPARE(o.answer.code, int(CoreConnectionClosed));
    }
}

void TestFpnnRobustness::acceptErrorBacksOffAndRecovers()
{
    FpnnServer server;
    addEcho(server);
    ServerOptions so;
    so.acceptRetryDelayMs = 50;
    so.maxAcceptRetryDelayMs = 400;
    server.setOptions(so);
    QVERIFY(server.listen());

    // An ordinary connection first. (Qt's own accept loop remembered the EAGAIN that ended
    // it as a "temporary error" and then reported no EMFILE at all: it spun at 100% CPU.)
    FpnnClient client(QStringLiteral("127.0.0.1"), server.serverPort());
    Outcome first;
    client.sendQuest("echo", Value::map(), first.callback());
    QTRY_COMPARE(first.calls, 1);
    QVERIFY(first.answer.ok());
    QCOMPARE(server.failedAcceptCount(), 0);

    // Connect at the TCP level (the kernel completes the handshake from the backlog), then
    // use up every file descriptor so that accept() fails with EMFILE.
    FpnnWarnings warnings;
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    QVERIFY(fd >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(server.serverPort());
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    QCOMPARE(::connect(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr), 0);

    rlimit old{};
    QCOMPARE(getrlimit(RLIMIT_NOFILE, &old), 0);
    rlimit low = old;
    low.rlim_cur = std::min<rlim_t>(old.rlim_cur, 4096);
    QCOMPARE(setrlimit(RLIMIT_NOFILE, &low), 0);
    std::vector<int> hogs;
    for (;;) {
        const int h = ::dup(0);
        if (h < 0)
            break;
        hogs.push_back(h);
    }
    // Three failed attempts take 50 + 100 ms of back-off; a loop that does not back off
    // makes thousands in that time.
    QTRY_VERIFY(server.failedAcceptCount() >= 3);
    const int failures = server.failedAcceptCount();
    const int logged = warnings.count(QStringLiteral("accept"));
    for (int h : hogs)
        ::close(h);
    setrlimit(RLIMIT_NOFILE, &old);
    QVERIFY2(failures <= 10, qPrintable(QString::number(failures)));
    QCOMPARE(logged, 1);   // once per episode, not per attempt

    // After the next retry the server accepts the waiting connection and serves it.
    QTRY_COMPARE(server.connectionCount(), 2);
    const QByteArray bytes = encodeFrame(quest("echo", 1));
    QCOMPARE(::write(fd, bytes.constData(), size_t(bytes.size())), ssize_t(bytes.size()));
    QByteArray got;
    QTRY_VERIFY([&] {
        char buf[256];
        const ssize_t n = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
        if (n > 0)
            got.append(buf, qsizetype(n));
        return got.size() >= 16 + 1;
    }());
    FrameDecoder dec;
    dec.feed(got);
    QVERIFY(dec.hasFrame());
    QCOMPARE(dec.takeFrame().seq, 1u);
    ::close(fd);
    // And new connections keep being accepted.
    FpnnClient second(QStringLiteral("127.0.0.1"), server.serverPort());
    Outcome o;
    second.sendQuest("echo", Value::map(), o.callback());
    QTRY_COMPARE(o.calls, 1);
    QVERIFY(o.answer.ok());
    QCOMPARE(warnings.count(QStringLiteral("accept")), 1);
}

// A server that floods quests and never reads: the client's answers pile up in its
// write buffer until the bound closes the connection (it grew to 349 MB in 12 s before).
void TestFpnnRobustness::unsentBytesBoundedWhenServerNeverReads()
{
    QTcpServer listener;
    QVERIFY(listener.listen(QHostAddress::LocalHost, 0));
    FpnnClient client(QStringLiteral("127.0.0.1"), listener.serverPort());
    ClientOptions co;
    co.keepAlive = false;
    co.questTimeoutMs = 120000;
    co.maxUnsentBytes = 1024 * 1024;
    client.setOptions(co);
    QSignalSpy errors(&client, &FpnnClient::transportError);
    Outcome waiting;
    client.sendQuest("echo", Value::map(), waiting.callback());
    QTRY_VERIFY(listener.hasPendingConnections());
    QTcpSocket *peer = listener.nextPendingConnection();
    peer->setReadBufferSize(1);   // Qt stops reading for us: the kernel buffers fill up
    QTRY_COMPARE(client.state(), FpnnClient::State::Connected);

    // Quests with a long method name: the client answers each with a 20004 naming it.
    QByteArray batch;
    for (quint32 seq = 1; seq <= 1000; ++seq)
        batch += encodeFrame(quest(QByteArray(200, 'q'), seq));
    const qint64 heapBefore = testdata::heapInUse();
    qint64 heapPeak = heapBefore;
    auto refill = [&] {
        while (peer->state() == QAbstractSocket::ConnectedState && peer->bytesToWrite() < 256 * 1024)
            peer->write(batch);
        heapPeak = qMax(heapPeak, testdata::heapInUse());
    };
    connect(peer, &QTcpSocket::bytesWritten, &listener, refill);
    refill();
    constexpr qint64 kRunaway = 64 * 1024 * 1024;
    QTRY_VERIFY_WITH_TIMEOUT(waiting.calls == 1 || (heapBefore >= 0 && heapPeak - heapBefore > kRunaway), 60000);
    QCOMPARE(waiting.calls, 1);
    QCOMPARE(waiting.answer.code, int(CoreConnectionClosed));
    QVERIFY2(waiting.answer.errorText.contains(QStringLiteral("unsent")), qPrintable(waiting.answer.errorText));
    QCOMPARE(errors.count(), 1);
    QCOMPARE(errors.at(0).at(0).toInt(), int(CoreConnectionClosed));
    QCOMPARE(client.state(), FpnnClient::State::Disconnected);
    if (heapBefore >= 0)
        QVERIFY2(heapPeak - heapBefore < 16 * 1024 * 1024, qPrintable(QString::number(heapPeak - heapBefore)));
    QTRY_COMPARE(peer->state(), QAbstractSocket::UnconnectedState);
}

// Quests waiting for the connection count too: past the bound they end with 20002 (never
// inside sendQuest) instead of piling up.
void TestFpnnRobustness::unsentBoundCoversQueuedQuests()
{
    QTcpServer listener;   // accepts at the TCP level, never answers
    QVERIFY(listener.listen(QHostAddress::LocalHost, 0));
    FpnnClient client(QStringLiteral("127.0.0.1"), listener.serverPort());
    ClientOptions co;
    co.keepAlive = false;
    co.questTimeoutMs = 120000;
    co.maxUnsentBytes = 64 * 1024;
    client.setOptions(co);
    Value part = Value::map();
    part.insert("blob", Value::bin(std::string(30000, 'p')));
    std::vector<Outcome> out(3);
    for (auto &o : out) {
        client.sendQuest("echo", part, o.callback());
        QCOMPARE(o.calls, 0);
    }
    for (auto &o : out) {
        QTRY_COMPARE(o.calls, 1);
        QCOMPARE(o.answer.code, int(CoreConnectionClosed));
        QVERIFY2(o.answer.errorText.contains(QStringLiteral("unsent")), qPrintable(o.answer.errorText));
    }
    QCOMPARE(client.pendingCount(), 0);
    // Below the bound quests go out as usual (the listener accepts; nobody answers).
    Outcome small;
    client.sendQuest("echo", Value::map(), small.callback(), 300);
    QTRY_COMPARE(small.calls, 1);
    QCOMPARE(small.answer.code, int(CoreTimeout));
}

void TestFpnnRobustness::connectTimeout()
{
    // TEST-NET-1 is never routed: the connect either hangs (then our timeout ends it) or
    // fails at once; the quest ends with 20012 both ways.
    FpnnClient client(QStringLiteral("192.0.2.1"), 9);
    ClientOptions co;
    co.connectTimeoutMs = 300;
    client.setOptions(co);
    Outcome o;
    client.sendQuest("echo", Value::map(), o.callback());
    QTRY_COMPARE_WITH_TIMEOUT(o.calls, 1, 3000);
    QCOMPARE(o.answer.code, int(CoreInvalidConnection));
    QCOMPARE(client.state(), FpnnClient::State::Disconnected);
}

void TestFpnnRobustness::connectFailsSynchronously()
{
    // Qt reports "network unreachable" for the broadcast address from inside
    // connectToHost(): the quest must still not end inside sendQuest().
    FpnnClient client(QStringLiteral("255.255.255.255"), 9);
    QSignalSpy errors(&client, &FpnnClient::transportError);
    Outcome o1, o2;
    client.sendQuest("echo", Value::map(), o1.callback());
    QCOMPARE(o1.calls, 0);
    client.sendQuest("echo", Value::map(), o2.callback());
    QCOMPARE(o2.calls, 0);
    QTRY_COMPARE(o1.calls, 1);
    QTRY_COMPARE(o2.calls, 1);
    QCOMPARE(o1.answer.code, int(CoreInvalidConnection));
    QCOMPARE(o2.answer.code, int(CoreInvalidConnection));
    QVERIFY(errors.count() >= 1);
    QCOMPARE(client.state(), FpnnClient::State::Disconnected);
    QVERIFY(client.sendOneway("note", Value::map()));   // queued, then dropped
    QTRY_COMPARE(client.state(), FpnnClient::State::Disconnected);
    QCoreApplication::sendPostedEvents();
    QCOMPARE(o1.calls, 1);
}

void TestFpnnRobustness::delayedAnswerAfterPeerLeft()
{
    FpnnServer server;
    int handled = 0;
    server.addMethod("echo", [&handled](const IncomingQuest &q) {
        ++handled;
        return Answer::success(q.payload);
    });
    ServerOptions so;
    so.answerDelayMs = 200;
    server.setOptions(so);
    QVERIFY(server.listen());
    QSignalSpy closed(&server, &FpnnServer::connectionClosed);
    {
        auto raw = connectRaw(server.serverPort());
        for (quint32 i = 1; i <= 10; ++i)
            raw->send(quest("echo", i));
        QTRY_COMPARE(handled, 10);
        raw->socket->abort();   // gone before any answer is due
    }
    QTRY_COMPARE(closed.count(), 1);
    QCOMPARE(server.connectionCount(), 0);
    // Still serving. This answer has the same delay and was asked for later, so when it
    // arrives the ten delayed answers have fired into the closed connection (no crash).
    auto raw2 = connectRaw(server.serverPort());
    raw2->send(quest("echo", 1));
    QTRY_COMPARE(raw2->frames.size(), size_t(1));
    QCOMPARE(handled, 11);
}

void TestFpnnRobustness::handlerClosesServer()
{
    FpnnServer server;
    addEcho(server);
    server.addMethod("shutdown", [&server](const IncomingQuest &) {
        server.close();
        return Answer::success();
    });
    QVERIFY(server.listen());
    FpnnClient client(QStringLiteral("127.0.0.1"), server.serverPort());
    Outcome before, shut, after;
    client.sendQuest("echo", Value::map(), before.callback());
    client.sendQuest("shutdown", Value::map(), shut.callback());
    client.sendQuest("echo", Value::map(), after.callback());
    QTRY_COMPARE(shut.calls, 1);
    QTRY_COMPARE(after.calls, 1);
    QCOMPARE(before.calls, 1);
    QCOMPARE(shut.answer.code, int(CoreConnectionClosed));   // closed before answering
    QCOMPARE(after.answer.code, int(CoreConnectionClosed));
    QVERIFY(!server.isListening());
    QCOMPARE(server.connectionCount(), 0);
}

QTEST_GUILESS_MAIN(TestFpnnRobustness)
#include "tst_fpnnrobustness.moc"// A callback that runs a nested event loop (a modal dialog's processEvents does this):
// answers that arrive meanwhile do not get a second readyRead from QAbstractSocket, so the
// client must keep reading what is buffered once the callback returns.
void TestFpnnRobustness::answerArrivingDuringNestedLoop()
{
    FpnnServer server;
    addEcho(server);
    QVERIFY(server.listen());
    FpnnClient client(QStringLiteral("127.0.0.1"), server.serverPort());
    ClientOptions options = client.options();
    options.questTimeoutMs = 60000;   // a lost answer would show as a hang, not a timeout
    client.setOptions(options);

    Outcome second;
    bool nestedLoopDone = false;
    client.sendQuest("echo", Value::map(), [&](const Answer &) {
        client.sendQuest("echo", Value::map(), second.callback());
        QEventLoop nested;
        // Long enough for the second answer to arrive while we are still in here.
        QTimer::singleShot(300, &nested, &QEventLoop::quit);
        nested.exec();
        nestedLoopDone = true;
    });
    QTRY_VERIFY(nestedLoopDone);
    QTRY_COMPARE_WITH_TIMEOUT(second.calls, 1, 5000);
    QVERIFY(second.answer.ok());
}


