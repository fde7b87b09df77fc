// Encrypted connections (protocol.md 2) end to end: FpnnClient against FpnnServer over real
// loopback sockets, on every curve, key size and mode; wrong keys, refused plain clients
// and malformed handshakes from raw sockets.

#include <memory>
#include <optional>
#include <vector>

#include <QLoggingCategory>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include "common/fpnntesthelpers.h"
#include "common/testvectors.h"
#include "fpnn/connectioncodec.h"
#include "fpnn/fpnnclient.h"
#include "fpnn/fpnnerrorcodes.h"
#include "fpnn/fpnnserver.h"
#include "fpnn/framecodec.h"
#include "fpnn/keyexchange.h"
#include "fpnn/msgpackcodec.h"

using namespace fpnn;
using testdata::Outcome;

namespace {

QString keyPath(const QString &name)
{
    return testdata::dataDir() + QStringLiteral("/keys/") + name;
}

EccPrivateKey serverKey(const QString &curve)
{
    return EccPrivateKey::fromPemFile(keyPath(curve + QStringLiteral("-private.pem")));
}

EccPublicKey publicKey(const QString &file)
{
    return EccPublicKey::fromFile(keyPath(file));
}

// A byte pattern that is not the same in every block, so that a cipher slip shows.
QByteArray pattern(int size)
{
    QByteArray b(size, Qt::Uninitialized);
    quint32 x = 0x12345678;
    for (int i = 0; i < size; ++i) {
        x = x * 1103515245u + 12345u;
        b[i] = char(x >> 24);
    }
    return b;
}

Value blobPayload(const QByteArray &blob)
{
    Value m = Value::map();
    m.insert("blob", Value::bin(blob));
    return m;
}

QByteArray blobOf(const Answer &a)
{
    const Value *v = a.payload.find("blob");
    return v && v->bytes() ? QByteArray::fromStdString(*v->bytes()) : QByteArray();
}

// An FpnnServer with "echo", optionally with a key; remembers its connections.
class KeyServer {
public:
    explicit KeyServer(const EccPrivateKey &key = {}, bool forceEncrypt = false)
    {
        ServerOptions o;
        o.eccKey = key;
        o.forceEncrypt = forceEncrypt;
        server.setOptions(o);
        server.addMethod("echo", [](const IncomingQuest &q) { return Answer::success(q.payload); });
        QObject::connect(&server, &FpnnServer::connectionOpened, &server, [this](quint64 id) { opened.push_back(id); });
        QObject::connect(&server, &FpnnServer::connectionClosed, &server,
                         [this](quint64 id, const QString &reason) { closed.push_back({id, reason}); });
    }
    bool listen(quint16 port = 0) { return server.listen(QHostAddress::LocalHost, port); }
    quint16 port() const { return server.serverPort(); }
    bool wasClosed(quint64 id) const
    {
        for (const auto &c : closed)
            if (c.first == id)
                return true;
        return false;
    }

    FpnnServer server;
    std::vector<quint64> opened;
    std::vector<std::pair<quint64, QString>> closed;
};

ClientOptions encryptedOptions(const EccPublicKey &key, int bits = 128, bool streamMode = false)
{
    ClientOptions o;
    o.connectTimeoutMs = 10000;
    o.questTimeoutMs = 20000;
    o.encryption.serverKey = key;
    o.encryption.options.bits = bits;
    o.encryption.options.streamMode = streamMode;
    return o;
}

// A raw client socket speaking the handshake by hand, for what FpnnClient never sends.
class RawPeer {
public:
    explicit RawPeer(quint16 port)
    {
        QObject::connect(&socket, &QTcpSocket::readyRead, &socket, [this] { received += socket.readAll(); });
        socket.connectToHost(QHostAddress::LocalHost, port);
    }
    bool waitConnected() { return socket.state() == QAbstractSocket::ConnectedState || socket.waitForConnected(10000); }
    static QByteArray frame(FrameKind kind, quint32 seq, const QByteArray &method, const Value &payload)
    {
        Frame f;
        f.kind = kind;
        f.seq = seq;
        f.method = method;
        f.payload = encodeMsgpack(payload);
        return encodeFrame(f);
    }
    static QByteArray keyQuest(const Value &payload, quint32 seq = 1)
    {
        return frame(FrameKind::TwowayQuest, seq, kKeyExchangeMethod, payload);
    }
    bool isGone() const { return socket.state() == QAbstractSocket::UnconnectedState; }

    QTcpSocket socket;
    QByteArray received;
};

} // namespace

class TestFpnnEncryption : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void roundTrip_data();
    void roundTrip();
    void plainAndEncryptedOnOnePort();
    void forceEncryptRefusesPlain();
    void wrongServerKey_data();
    void wrongServerKey();
    void serverWithoutKey();
    void handshakeWithoutAnswer();
    void questTimeoutDuringHandshake();
    void malformedKeyQuestClosesOnlyThatConnection_data();
    void malformedKeyQuestClosesOnlyThatConnection();
    void secondKeyQuestCloses();
    void replayedKeyQuestInsideSessionCloses();
    void reconnectRehandshakes();
    void preAuthLimitOnFirstFrame();
    void frameDeadlineAppliesToEncrypted();
    void bufferedBytesCapAppliesToEncrypted_data();
    void bufferedBytesCapAppliesToEncrypted();
};

void TestFpnnEncryption::initTestCase()
{
    QLoggingCategory::setFilterRules(QStringLiteral("rtm.fpnn.debug=false\nrtm.fpnn.info=false"));
    for (const char *curve : {"secp256k1", "secp256r1", "secp224r1", "secp192r1"}) {
        QVERIFY2(serverKey(QString::fromLatin1(curve)).isValid(), curve);
        QVERIFY2(publicKey(QString::fromLatin1(curve) + QStringLiteral("-public.pem")).isValid(), curve);
    }
}

void TestFpnnEncryption::roundTrip_data()
{
    QTest::addColumn<QString>("curve");
    QTest::addColumn<int>("bits");
    QTest::addColumn<bool>("streamMode");
    for (const char *curve : {"secp256k1", "secp256r1", "secp224r1", "secp192r1"})
        for (int bits : {128, 256})
            for (bool stream : {false, true})
                QTest::addRow("%s-%d-%s", curve, bits, stream ? "stream" : "package") << QString::fromLatin1(curve) << bits << stream;
}

// Quests both ways, a payload crossing many reads, pipelining while the handshake runs,
// and the server pushing quests to the client.
void TestFpnnEncryption::roundTrip()
{
    QFETCH(QString, curve);
    QFETCH(int, bits);
    QFETCH(bool, streamMode);

    KeyServer server(serverKey(curve));
    QVERIFY(server.listen());
    FpnnClient client(QStringLiteral("127.0.0.1"), server.port());
    // secp256r1 is also loaded from DER, the form some operators hand out.
    const EccPublicKey key = curve == QLatin1String("secp256r1") ? publicKey(QStringLiteral("secp256r1-public.der"))
                                                                 : publicKey(curve + QStringLiteral("-public.pem"));
    QVERIFY(key.isValid());
    client.setOptions(encryptedOptions(key, bits, streamMode));
    QSignalSpy connectedSpy(&client, &FpnnClient::connected);

    // Issued before the connection exists: they wait for the handshake, then leave encrypted.
    constexpr int kSmall = 8;
    std::vector<Outcome> small(kSmall);
    for (int i = 0; i < kSmall; ++i) {
        Value p = Value::map();
        p.insert("i", i);
        client.sendQuest("echo", p, small[i].callback());
    }
    const QByteArray big = pattern(300 * 1024);
    Outcome large;
    client.sendQuest("echo", blobPayload(big), large.callback());

    QTRY_VERIFY_WITH_TIMEOUT(large.calls == 1, 20000);
    QCOMPARE(large.answer.code, 0);
    QVERIFY(blobOf(large.answer) == big);
    for (int i = 0; i < kSmall; ++i) {
        QTRY_COMPARE(small[i].calls, 1);
        QCOMPARE(small[i].answer.code, 0);
        QCOMPARE(testdata::intField(small[i].answer.payload, "i"), i);
    }
    QCOMPARE(connectedSpy.count(), 1);
    QVERIFY(client.isEncrypted());
    QCOMPARE(server.opened.size(), size_t(1));
    QVERIFY(server.server.isConnectionEncrypted(server.opened.front()));

    // The server pushes quests: one the client answers, one it does not know.
    std::optional<Answer> pingAnswer;
    std::optional<Answer> unknownAnswer;
    QVERIFY(server.server.sendQuest(server.opened.front(), "ping", Value::map(), [&](const Answer &a) { pingAnswer = a; }));
    QVERIFY(server.server.sendQuest(server.opened.front(), "nosuch", blobPayload(pattern(1000)),
                                    [&](const Answer &a) { unknownAnswer = a; }));
    QTRY_VERIFY(pingAnswer.has_value() && unknownAnswer.has_value());
    QCOMPARE(pingAnswer->code, 0);
    QCOMPARE(unknownAnswer->code, int(CoreUnknownMethod));

    // Interleaved sizes after the push: the stream state must still line up both ways.
    std::vector<Outcome> mixed(6);
    std::vector<QByteArray> sent;
    for (int i = 0; i < 6; ++i) {
        sent.push_back(pattern(i % 2 ? 70000 + i : 10 + i));
        client.sendQuest("echo", blobPayload(sent.back()), mixed[i].callback());
    }
    for (int i = 0; i < 6; ++i) {
        QTRY_COMPARE(mixed[i].calls, 1);
        QCOMPARE(mixed[i].answer.code, 0);
        QVERIFY(blobOf(mixed[i].answer) == sent[i]);
    }
    QVERIFY(client.isEncrypted());
    QVERIFY(server.closed.empty());
}

void TestFpnnEncryption::plainAndEncryptedOnOnePort()
{
    KeyServer server(serverKey(QStringLiteral("secp256k1")));
    QVERIFY(server.listen());
    FpnnClient plain(QStringLiteral("127.0.0.1"), server.port());
    FpnnClient encrypted(QStringLiteral("127.0.0.1"), server.port());
    encrypted.setOptions(encryptedOptions(publicKey(QStringLiteral("secp256k1-public.pem")), 256, true));
    Outcome a, b;
    plain.sendQuest("echo", blobPayload("plain"), a.callback());
    encrypted.sendQuest("echo", blobPayload("secret"), b.callback());
    QTRY_VERIFY(a.calls == 1 && b.calls == 1);
    QCOMPARE(a.answer.code, 0);
    QCOMPARE(b.answer.code, 0);
    QCOMPARE(blobOf(a.answer), QByteArray("plain"));
    QCOMPARE(blobOf(b.answer), QByteArray("secret"));
    QVERIFY(!plain.isEncrypted());
    QVERIFY(encrypted.isEncrypted());
    QCOMPARE(server.opened.size(), size_t(2));
    int encryptedConnections = 0;
    for (quint64 id : server.opened)
        encryptedConnections += server.server.isConnectionEncrypted(id) ? 1 : 0;
    QCOMPARE(encryptedConnections, 1);
}

void TestFpnnEncryption::forceEncryptRefusesPlain()
{
    KeyServer server(serverKey(QStringLiteral("secp224r1")), true);
    QVERIFY(server.listen());
    FpnnClient plain(QStringLiteral("127.0.0.1"), server.port());
    ClientOptions o;
    o.autoReconnect = false;
    plain.setOptions(o);
    QSignalSpy disconnected(&plain, &FpnnClient::disconnected);
    Outcome refused;
    plain.sendQuest("echo", blobPayload("x"), refused.callback());
    QTRY_COMPARE(refused.calls, 1);
    QCOMPARE(refused.answer.code, int(CoreForbidden));
    QVERIFY2(refused.answer.errorText.contains(QLatin1String("encrypted connections only")), qPrintable(refused.answer.errorText));
    QTRY_VERIFY(disconnected.count() == 1);
    QCOMPARE(server.closed.size(), size_t(1));

    // An encrypted client on the same server is served.
    FpnnClient encrypted(QStringLiteral("127.0.0.1"), server.port());
    encrypted.setOptions(encryptedOptions(publicKey(QStringLiteral("secp224r1-public.pem"))));
    Outcome ok;
    encrypted.sendQuest("echo", blobPayload("y"), ok.callback());
    QTRY_COMPARE(ok.calls, 1);
    QCOMPARE(ok.answer.code, 0);
}

void TestFpnnEncryption::wrongServerKey_data()
{
    QTest::addColumn<QString>("clientKey");
    QTest::addColumn<bool>("streamMode");
    QTest::addColumn<QString>("expected");
    // Same curve, another key: the server derives other session keys, so its answer does
    // not decrypt (or, with a first encrypted quest, the server drops us).
    QTest::newRow("same curve, package") << QStringLiteral("secp256r1-other-public.pem") << false << QStringLiteral("is the server key right?");
    QTest::newRow("same curve, stream") << QStringLiteral("secp256r1-other-public.pem") << true << QStringLiteral("is the server key right?");
    // Another curve: the public key has the wrong length, the server closes without an answer.
    QTest::newRow("other curve") << QStringLiteral("secp192r1-public.pem") << false
                                 << QStringLiteral("the server closed the connection during the encryption handshake");
}

void TestFpnnEncryption::wrongServerKey()
{
    QFETCH(QString, clientKey);
    QFETCH(bool, streamMode);
    QFETCH(QString, expected);

    KeyServer server(serverKey(QStringLiteral("secp256r1")));
    QVERIFY(server.listen());
    FpnnClient client(QStringLiteral("127.0.0.1"), server.port());
    ClientOptions o = encryptedOptions(publicKey(clientKey), 128, streamMode);
    o.autoReconnect = false;
    client.setOptions(o);
    QSignalSpy errors(&client, &FpnnClient::transportError);
    QSignalSpy connectedSpy(&client, &FpnnClient::connected);
    std::vector<Outcome> quests(3);
    for (Outcome &q : quests)
        client.sendQuest("echo", blobPayload("never"), q.callback());
    for (Outcome &q : quests) {
        QTRY_COMPARE(q.calls, 1);
        QCOMPARE(q.answer.code, int(CoreInvalidConnection));
        QVERIFY2(q.answer.errorText.contains(QLatin1String("encryption handshake failed")), qPrintable(q.answer.errorText));
        QVERIFY2(q.answer.errorText.contains(expected), qPrintable(q.answer.errorText));
    }
    QCOMPARE(errors.count(), 1);
    QCOMPARE(errors.first().at(0).toInt(), int(CoreInvalidConnection));
    QVERIFY(errors.first().at(1).toString().contains(QLatin1String("encryption handshake failed")));
    QCOMPARE(connectedSpy.count(), 0);
    QVERIFY(!client.isEncrypted());
}

void TestFpnnEncryption::serverWithoutKey()
{
    KeyServer server;   // no key: `*key` is an unknown method, answered in plaintext
    QVERIFY(server.listen());
    FpnnClient client(QStringLiteral("127.0.0.1"), server.port());
    ClientOptions o = encryptedOptions(publicKey(QStringLiteral("secp256k1-public.pem")));
    o.autoReconnect = false;
    client.setOptions(o);
    Outcome q;
    client.sendQuest("echo", blobPayload("x"), q.callback());
    QTRY_COMPARE(q.calls, 1);
    QCOMPARE(q.answer.code, int(CoreInvalidConnection));
    QVERIFY2(q.answer.errorText.contains(QLatin1String("does not have encryption enabled")), qPrintable(q.answer.errorText));
    QVERIFY2(q.answer.errorText.contains(QLatin1String("20004")), qPrintable(q.answer.errorText));
}

namespace {

// Accepts connections and records what they send; never answers.
struct SilentServer {
    SilentServer()
    {
        QObject::connect(&server, &QTcpServer::newConnection, &server, [this] {
            while (QTcpSocket *s = server.nextPendingConnection())
                QObject::connect(s, &QTcpSocket::readyRead, s, [this, s] { received += s->readAll(); });
        });
    }
    QTcpServer server;
    QByteArray received;
};

} // namespace

// Nothing after `*key` leaves while its answer is missing: the quests that wait end with the
// named error when the handshake's deadline (the connect timeout) passes.
void TestFpnnEncryption::handshakeWithoutAnswer()
{
    SilentServer silent;
    QVERIFY(silent.server.listen(QHostAddress::LocalHost, 0));
    FpnnClient client(QStringLiteral("127.0.0.1"), silent.server.serverPort());
    ClientOptions o = encryptedOptions(publicKey(QStringLiteral("secp256k1-public.pem")));
    o.connectTimeoutMs = 1000;
    o.autoReconnect = false;
    client.setOptions(o);
    QSignalSpy errors(&client, &FpnnClient::transportError);
    std::vector<Outcome> quests(3);
    for (Outcome &q : quests)
        client.sendQuest("echo", blobPayload("never in plaintext"), q.callback());
    for (Outcome &q : quests) {
        QTRY_COMPARE_WITH_TIMEOUT(q.calls, 1, 15000);
        QCOMPARE(q.answer.code, int(CoreInvalidConnection));
        QVERIFY2(q.answer.errorText.contains(QLatin1String("encryption handshake failed")), qPrintable(q.answer.errorText));
        QVERIFY2(q.answer.errorText.contains(QLatin1String("no answer to the key exchange within 1000 ms")), qPrintable(q.answer.errorText));
    }
    QCOMPARE(errors.count(), 1);
    // The server saw exactly one frame: the plaintext `*key`.
    FrameDecoder decoder;
    decoder.feed(silent.received);
    QVERIFY(decoder.hasFrame());
    const Frame f = decoder.takeFrame();
    QCOMPARE(f.method, QByteArray(kKeyExchangeMethod));
    QVERIFY(!decoder.hasFrame());
    QCOMPARE(decoder.bufferedBytes(), 0);
    QVERIFY(!silent.received.contains("never in plaintext"));
}

// A quest's own deadline still holds while it waits for the handshake.
void TestFpnnEncryption::questTimeoutDuringHandshake()
{
    SilentServer silent;
    QVERIFY(silent.server.listen(QHostAddress::LocalHost, 0));
    FpnnClient client(QStringLiteral("127.0.0.1"), silent.server.serverPort());
    client.setOptions(encryptedOptions(publicKey(QStringLiteral("secp256k1-public.pem"))));   // handshake deadline 10 s
    Outcome q;
    client.sendQuest("echo", blobPayload("x"), q.callback(), 200);
    QTRY_COMPARE_WITH_TIMEOUT(q.calls, 1, 15000);
    QCOMPARE(q.answer.code, int(CoreTimeout));
    QVERIFY2(q.answer.errorText.contains(QLatin1String("waiting for the encryption handshake")), qPrintable(q.answer.errorText));
    QCOMPARE(client.state(), FpnnClient::State::Connecting);   // the handshake itself goes on
}

void TestFpnnEncryption::malformedKeyQuestClosesOnlyThatConnection_data()
{
    QTest::addColumn<QByteArray>("bytes");
    const EccPrivateKey client = EccPrivateKey::generate(EccCurve::Secp256k1);
    const QByteArray xy = client.publicXY();
    auto payload = [](Value publicKey, std::optional<Value> stream, std::optional<Value> bits) {
        Value m = Value::map();
        m.insert("publicKey", std::move(publicKey));
        if (stream)
            m.insert("streamMode", *stream);
        if (bits)
            m.insert("bits", *bits);
        return m;
    };
    QByteArray offCurve = xy;
    offCurve[63] = char(offCurve[63] ^ 1);
    QTest::newRow("point not on the curve") << RawPeer::keyQuest(payload(Value::bin(offCurve), false, 128));
    QTest::newRow("key too short") << RawPeer::keyQuest(payload(Value::bin(xy.first(48)), false, 128));
    QTest::newRow("bits 192") << RawPeer::keyQuest(payload(Value::bin(xy), false, 192));
    QTest::newRow("publicKey an integer") << RawPeer::keyQuest(payload(Value(42), false, 128));
    QTest::newRow("streamMode a string") << RawPeer::keyQuest(payload(Value::bin(xy), Value("yes"), 128));
    QTest::newRow("bits a string") << RawPeer::keyQuest(payload(Value::bin(xy), false, Value("128")));
    QTest::newRow("no publicKey") << RawPeer::keyQuest(Value::map());
    QTest::newRow("oneway *key") << RawPeer::frame(FrameKind::OnewayQuest, 0, kKeyExchangeMethod, payload(Value::bin(xy), false, 128));
    QTest::newRow("*key not first")
        << QByteArray(RawPeer::frame(FrameKind::TwowayQuest, 1, "echo", Value::map())
                      + RawPeer::keyQuest(payload(Value::bin(xy), false, 128), 2));
}

// No answer to a bad `*key` (protocol.md 2.1), the connection closes, and a good encrypted
// client keeps being served meanwhile.
void TestFpnnEncryption::malformedKeyQuestClosesOnlyThatConnection()
{
    QFETCH(QByteArray, bytes);
    KeyServer server(serverKey(QStringLiteral("secp256k1")));
    QVERIFY(server.listen());
    FpnnClient good(QStringLiteral("127.0.0.1"), server.port());
    good.setOptions(encryptedOptions(publicKey(QStringLiteral("secp256k1-public.pem"))));
    Outcome before;
    good.sendQuest("echo", blobPayload("before"), before.callback());
    QTRY_COMPARE(before.calls, 1);
    QCOMPARE(before.answer.code, 0);

    RawPeer bad(server.port());
    QVERIFY(bad.waitConnected());
    bad.socket.write(bytes);
    QTRY_VERIFY(bad.isGone());
    QTRY_COMPARE(server.closed.size(), size_t(1));
    // "*key not first": the echo before it is answered in plaintext; nothing answers *key.
    FrameDecoder answers;
    answers.feed(bad.received);
    int answered = 0;
    while (answers.hasFrame()) {
        const Frame f = answers.takeFrame();
        QVERIFY(f.isAnswer());
        QCOMPARE(f.seq, 1u);
        ++answered;
    }
    QVERIFY(answered <= 1);
    QCOMPARE(answers.bufferedBytes(), 0);

    Outcome after;
    good.sendQuest("echo", blobPayload("after"), after.callback());
    QTRY_COMPARE(after.calls, 1);
    QCOMPARE(after.answer.code, 0);
    QCOMPARE(blobOf(after.answer), QByteArray("after"));
    QCOMPARE(server.server.connectionCount(), 1);
}

namespace {

// Does the handshake by hand on a raw socket; returns the codec that encrypts from now on.
std::unique_ptr<ConnectionCodec> handshake(RawPeer &peer, const EccPublicKey &key, bool streamMode, QByteArray *keyQuestBytes)
{
    EncryptionOptions options;
    options.streamMode = streamMode;
    const auto exchange = startClientKeyExchange(key, options);
    if (!exchange)
        return nullptr;
    auto codec = std::make_unique<ConnectionCodec>(ConnectionCodec::Role::Client);
    Frame f;
    f.kind = FrameKind::TwowayQuest;
    f.seq = 1;
    f.method = kKeyExchangeMethod;
    f.payload = encodeMsgpack(exchange->questPayload);
    *keyQuestBytes = codec->encode(f);
    peer.socket.write(*keyQuestBytes);
    codec->startEncryption(exchange->keys, exchange->streamMode);
    return codec;
}

// Decrypts what the peer received so far; returns how many frames arrived in all.
size_t drainFrames(RawPeer &peer, ConnectionCodec &codec, std::vector<Frame> &frames)
{
    codec.feed(std::exchange(peer.received, QByteArray()));
    while (codec.hasFrame())
        frames.push_back(codec.takeFrame());
    return frames.size();
}

} // namespace

void TestFpnnEncryption::secondKeyQuestCloses()
{
    KeyServer server(serverKey(QStringLiteral("secp256k1")));
    QVERIFY(server.listen());
    RawPeer peer(server.port());
    QVERIFY(peer.waitConnected());
    QByteArray keyQuest;
    auto codec = handshake(peer, publicKey(QStringLiteral("secp256k1-public.pem")), true, &keyQuest);
    QVERIFY(codec);
    // An encrypted echo proves the session works; then an encrypted second `*key`.
    Frame echo;
    echo.seq = 2;
    echo.method = "echo";
    echo.payload = encodeMsgpack(blobPayload("one"));
    peer.socket.write(codec->encode(echo));
    std::vector<Frame> answers;
    QTRY_COMPARE(drainFrames(peer, *codec, answers), size_t(2));   // *key, echo
    QVERIFY(!codec->hasError());
    QCOMPARE(answers[0].seq, 1u);
    QCOMPARE(answers[1].seq, 2u);
    QVERIFY(!answers[1].isErrorAnswer());

    Frame again;
    again.seq = 3;
    again.method = kKeyExchangeMethod;
    again.payload = encodeMsgpack(buildKeyQuestPayload(EccPrivateKey::generate(EccCurve::Secp256k1).publicXY(), {}));
    peer.socket.write(codec->encode(again));
    QTRY_VERIFY(peer.isGone());
    QTRY_COMPARE(server.closed.size(), size_t(1));
    QVERIFY2(server.closed.front().second.contains(QLatin1String("second *key")), qPrintable(server.closed.front().second));
}

// The captured plaintext `*key` sent again inside the encrypted session decrypts to noise:
// the server closes the connection.
void TestFpnnEncryption::replayedKeyQuestInsideSessionCloses()
{
    KeyServer server(serverKey(QStringLiteral("secp256r1")));
    QVERIFY(server.listen());
    RawPeer peer(server.port());
    QVERIFY(peer.waitConnected());
    QByteArray keyQuest;
    auto codec = handshake(peer, publicKey(QStringLiteral("secp256r1-public.pem")), false, &keyQuest);
    QVERIFY(codec);
    QTRY_VERIFY(!peer.received.isEmpty());   // the encrypted *key answer
    peer.socket.write(keyQuest);
    QTRY_VERIFY(peer.isGone());
    QTRY_COMPARE(server.closed.size(), size_t(1));
    QVERIFY2(server.closed.front().second.contains(QLatin1String("malformed")), qPrintable(server.closed.front().second));
}

void TestFpnnEncryption::reconnectRehandshakes()
{
    auto server = std::make_unique<KeyServer>(serverKey(QStringLiteral("secp192r1")));
    QVERIFY(server->listen());
    const quint16 port = server->port();
    FpnnClient client(QStringLiteral("127.0.0.1"), port);
    client.setOptions(encryptedOptions(publicKey(QStringLiteral("secp192r1-public.pem")), 256, true));
    QSignalSpy disconnected(&client, &FpnnClient::disconnected);
    Outcome first;
    client.sendQuest("echo", blobPayload("first"), first.callback());
    QTRY_COMPARE(first.calls, 1);
    QCOMPARE(first.answer.code, 0);
    QVERIFY(client.isEncrypted());

    // The server goes away (drop) and comes back on the same port with the same key.
    server.reset();
    QTRY_COMPARE(disconnected.count(), 1);
    QVERIFY(!client.isEncrypted());
    server = std::make_unique<KeyServer>(serverKey(QStringLiteral("secp192r1")));
    QVERIFY(server->listen(port));

    Outcome second;
    client.sendQuest("echo", blobPayload(pattern(100000)), second.callback());
    QTRY_COMPARE(second.calls, 1);
    QCOMPARE(second.answer.code, 0);
    QVERIFY(blobOf(second.answer) == pattern(100000));
    QVERIFY(client.isEncrypted());
    QCOMPARE(server->opened.size(), size_t(1));
    QVERIFY(server->server.isConnectionEncrypted(server->opened.front()));
}

// On a server with a key the first frame is read by the handshake-aware codec: the
// pre-auth cap still applies from its header, before its bytes are buffered.
void TestFpnnEncryption::preAuthLimitOnFirstFrame()
{
    KeyServer server(serverKey(QStringLiteral("secp256k1")));
    ServerOptions o = server.server.options();
    o.maxPreAuthBytes = 1024;
    server.server.setOptions(o);
    QVERIFY(server.listen());
    // A first frame announcing more than the pre-auth limit: closed from its header.
    RawPeer peer(server.port());
    QVERIFY(peer.waitConnected());
    QByteArray header = RawPeer::frame(FrameKind::TwowayQuest, 1, kKeyExchangeMethod, blobPayload(pattern(5000)));
    peer.socket.write(header.first(16));
    QTRY_VERIFY(peer.isGone());
    QVERIFY2(server.closed.front().second.contains(QLatin1String("before its first complete quest")),
             qPrintable(server.closed.front().second));
}

// After the handshake, an incomplete encrypted frame counts against the server's cap on
// buffered bytes like a plain one; its announced size counts as soon as it is known.
void TestFpnnEncryption::bufferedBytesCapAppliesToEncrypted_data()
{
    QTest::addColumn<bool>("streamMode");
    QTest::newRow("package") << false;
    QTest::newRow("stream") << true;
}

void TestFpnnEncryption::bufferedBytesCapAppliesToEncrypted()
{
    QFETCH(bool, streamMode);
    KeyServer server(serverKey(QStringLiteral("secp256k1")));
    ServerOptions o = server.server.options();
    o.maxBufferedBytes = 50000;
    server.server.setOptions(o);
    QVERIFY(server.listen());
    RawPeer peer(server.port());
    QVERIFY(peer.waitConnected());
    QByteArray keyQuest;
    auto codec = handshake(peer, publicKey(QStringLiteral("secp256k1-public.pem")), streamMode, &keyQuest);
    QVERIFY(codec);
    std::vector<Frame> frames;
    QTRY_COMPARE(drainFrames(peer, *codec, frames), size_t(1));   // the *key answer
    QVERIFY(!frames.front().isErrorAnswer());

    Frame echo;
    echo.seq = 2;
    echo.method = "echo";
    echo.payload = encodeMsgpack(blobPayload(pattern(200000)));
    const QByteArray wire = codec->encode(echo);
    peer.socket.write(wire.first(100000));   // never completed
    QTRY_VERIFY(peer.isGone());
    QCOMPARE(server.closed.size(), size_t(1));
    QVERIFY2(server.closed.front().second.contains(QLatin1String("server limit")), qPrintable(server.closed.front().second));
    QCOMPARE(server.server.bufferedBytes(), 0);
}

// An encrypted frame that never completes is cut off by the frame deadline, and the
// connection's buffered bytes are released.
void TestFpnnEncryption::frameDeadlineAppliesToEncrypted()
{
    KeyServer server(serverKey(QStringLiteral("secp224r1")));
    ServerOptions o = server.server.options();
    o.frameDeadlineMs = 300;
    server.server.setOptions(o);
    QVERIFY(server.listen());
    RawPeer peer(server.port());
    QVERIFY(peer.waitConnected());
    QByteArray keyQuest;
    auto codec = handshake(peer, publicKey(QStringLiteral("secp224r1-public.pem")), true, &keyQuest);
    QVERIFY(codec);
    std::vector<Frame> frames;
    QTRY_COMPARE(drainFrames(peer, *codec, frames), size_t(1));
    Frame echo;
    echo.seq = 2;
    echo.method = "echo";
    echo.payload = encodeMsgpack(blobPayload(pattern(5000)));
    const QByteArray wire = codec->encode(echo);
    peer.socket.write(wire.first(wire.size() / 2));
    QTRY_VERIFY_WITH_TIMEOUT(peer.isGone(), 15000);
    QCOMPARE(server.closed.size(), size_t(1));
    QVERIFY2(server.closed.front().second.contains(QLatin1String("frame not complete within 300 ms")),
             qPrintable(server.closed.front().second));
    QCOMPARE(server.server.bufferedBytes(), 0);
}

QTEST_GUILESS_MAIN(TestFpnnEncryption)
#include "tst_fpnnencryption.moc"
