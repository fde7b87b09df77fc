// RtmClient itself (not just the builders) against a scripted loopback peer: with the
// vectors' salt, ts and mids, each of the 25 plaintext_cases goes through the real call
// and must put the SDK's quest bytes on the wire (our version byte is 1, the SDK's 0);
// the vector answer then comes back through the callback. Also: reads are retried once
// after the connection drops, sends and deletes are not.

#include <deque>
#include <functional>
#include <memory>
#include <optional>

#include <QDeadlineTimer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QtTest>

#include "fpnn/answer.h"
#include "fpnn/framecodec.h"
#include "fpnn/msgpackcodec.h"
#include "historytestdata.h"
#include "rtm/rtmclient.h"
#include "rtmvectors.h"

using namespace Qt::StringLiterals;

using namespace rtm;

namespace {

bool spinUntil(const std::function<bool()> &done, int timeoutMs = 10000)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!done() && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    return done();
}

// A scripted FPNN peer: records every quest frame and asks `reply` what to do with it
// (bytes to write, or an empty array to drop the connection).
class ScriptedPeer : public QObject {
public:
    std::function<QByteArray(const fpnn::Frame &quest, const QByteArray &wire)> reply;
    std::vector<QByteArray> questWires;
    std::vector<fpnn::Frame> quests;
    int connections = 0;

    ScriptedPeer()
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = m_server.nextPendingConnection()) {
                ++connections;
                auto decoder = std::make_shared<fpnn::FrameDecoder>();
                QObject::connect(s, &QTcpSocket::readyRead, s, [this, s, decoder] { onData(s, *decoder); });
                QObject::connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
            }
        });
        m_server.listen(QHostAddress::LocalHost, 0);
    }
    quint16 port() const { return m_server.serverPort(); }

private:
    void onData(QTcpSocket *s, fpnn::FrameDecoder &decoder)
    {
        const QByteArray bytes = s->readAll();
        decoder.feed(bytes);
        while (decoder.hasFrame()) {
            fpnn::Frame f = decoder.takeFrame();
            if (!f.isQuest())
                continue;
            fpnn::Frame copy = f;
            copy.version = 0;
            const QByteArray wire = fpnn::encodeFrame(copy);   // re-encoded, version 0
            if (f.method == "*ping") {
                s->write(fpnn::encodeFrame(fpnn::frameForAnswer(fpnn::Answer::success(), f.seq, f.version)));
                continue;
            }
            quests.push_back(f);
            questWires.push_back(wire);
            const QByteArray out = reply ? reply(f, wire) : QByteArray();
            if (out.isEmpty()) {
                s->abort();
                return;
            }
            s->write(out);
        }
    }
    QTcpServer m_server;
};

fpnn::Frame okAnswer(quint32 seq, const QByteArray &payload)
{
    fpnn::Frame f;
    f.kind = fpnn::FrameKind::Answer;
    f.seq = seq;
    f.payload = payload;
    return f;
}

// The answer frame of a vector case, with the seq of the quest it answers.
QByteArray answerFor(const QJsonObject &c, quint32 seq)
{
    QByteArray a = rtmtest::hex(c.value(u"answer_frame_hex"_s));
    a[12] = char(seq & 0xff);
    a[13] = char((seq >> 8) & 0xff);
    a[14] = char((seq >> 16) & 0xff);
    a[15] = char((seq >> 24) & 0xff);
    return a;
}

struct Result {
    int calls = 0;
    RtmError error;
    QString summary;   // a few mapped fields, compared with sdk_result below
};

} // namespace

class TestRtmClientVectors : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void everyPlaintextCase_data();
    void everyPlaintextCase();
    void readsRetriedOnceAfterDrop_data();
    void readsRetriedOnceAfterDrop();
    void sendsAndDeletesNotRetried_data();
    void sendsAndDeletesNotRetried();
    void readRetriedOnlyOnce();
    void historyAnswersReadAsBefore();

private:
    void startCall(RtmClient &client, const QJsonObject &c, const std::shared_ptr<Result> &out);
};

void TestRtmClientVectors::initTestCase()
{
    QLoggingCategory::setFilterRules(QStringLiteral("rtm.*.debug=false"));
}

void TestRtmClientVectors::startCall(RtmClient &client, const QJsonObject &c, const std::shared_ptr<Result> &out)
{
    const QJsonObject p = c.value(u"quest"_s).toObject().value(u"payload"_s).toObject();
    const QByteArray method = c.value(u"quest"_s).toObject().value(u"method"_s).toString().toLatin1();
    const auto i64 = [&](const char *k) { return p.value(QLatin1String(k)).toInteger(); };
    const int mtype = int(i64("mtype"));
    const MessageBody body = rtmtest::bodyOf(p.value(u"msg"_s));
    const QByteArray attrs = p.value(u"attrs"_s).toString().toUtf8();
    const HistoryQuery q = rtmtest::historyQueryOf(p);
    const auto category = MessageCategory(i64("type"));

    const SendCallback onSend = [out](const RtmError &e, const SendResult &r) {
        ++out->calls;
        out->error = e;
        out->summary = QStringLiteral("%1 %2").arg(r.mid).arg(r.mtime);
    };
    const HistoryCallback onHistory = [out](const RtmError &e, const HistoryPage &page) {
        ++out->calls;
        out->error = e;
        out->summary = QStringLiteral("%1 %2 %3 %4 %5").arg(page.count).arg(page.lastCursorId)
                           .arg(page.beginMsec).arg(page.endMsec).arg(page.messages.size());
    };
    const InfoCallback onInfo = [out](const RtmError &e, const MessageInfo &info) {
        ++out->calls;
        out->error = e;
        out->summary = QStringLiteral("%1 %2 %3").arg(info.cursorId).arg(info.messageType).arg(info.modifiedTime);
    };
    const CountCallback onCount = [out](const RtmError &e, const MessageCount &count) {
        ++out->calls;
        out->error = e;
        out->summary = QStringLiteral("%1 %2").arg(count.sender).arg(count.num);
    };
    const DoneCallback onDone = [out](const RtmError &e) {
        ++out->calls;
        out->error = e;
    };

    if (method == method::SendMsg)
        client.sendMessage(mtype, i64("from"), i64("to"), body, attrs, i64("mid"), onSend);
    else if (method == method::SendMsgs)
        client.sendMessages(mtype, i64("from"), rtmtest::int64List(p.value(u"tos"_s)), body, attrs, i64("mid"), onSend);
    else if (method == method::SendGroupMsg)
        client.sendGroupMessage(mtype, i64("from"), i64("gid"), body, attrs, i64("mid"), onSend);
    else if (method == method::SendRoomMsg)
        client.sendRoomMessage(mtype, i64("from"), i64("rid"), body, attrs, i64("mid"), onSend);
    else if (method == method::BroadcastMsg)
        client.broadcastMessage(mtype, i64("from"), body, attrs, i64("mid"), onSend);
    else if (method == method::GetGroupMsg)
        client.getGroupMessage(i64("uid"), i64("gid"), q, onHistory);
    else if (method == method::GetRoomMsg)
        client.getRoomMessage(i64("uid"), i64("rid"), q, onHistory);
    else if (method == method::GetBroadcastMsg)
        client.getBroadcastMessage(i64("uid"), q, onHistory);
    else if (method == method::GetP2PMsg)
        client.getP2PMessage(i64("uid"), i64("ouid"), q, onHistory);
    else if (method == method::GetMsgNum)
        client.getMessageNum(category, i64("xid"), rtmtest::intList(p.value(u"mtypes"_s)), i64("begin"), i64("end"), onCount);
    else if (method == method::DelMsg || method == method::GetMsg) {
        const bool del = method == method::DelMsg;
        switch (category) {
        case MessageCategory::P2P:
            del ? client.deleteP2PMessage(i64("mid"), i64("from"), i64("xid"), onDone)
                : client.getP2PMessageInfo(i64("mid"), i64("from"), i64("xid"), onInfo);
            break;
        case MessageCategory::Group:
            del ? client.deleteGroupMessage(i64("mid"), i64("from"), i64("xid"), onDone)
                : client.getGroupMessageInfo(i64("mid"), i64("from"), i64("xid"), onInfo);
            break;
        case MessageCategory::Room:
            del ? client.deleteRoomMessage(i64("mid"), i64("from"), i64("xid"), onDone)
                : client.getRoomMessageInfo(i64("mid"), i64("from"), i64("xid"), onInfo);
            break;
        case MessageCategory::Broadcast:
            del ? client.deleteBroadcastMessage(i64("mid"), i64("from"), onDone)
                : client.getBroadcastMessageInfo(i64("mid"), i64("from"), onInfo);
            break;
        }
    }
}

void TestRtmClientVectors::everyPlaintextCase_data()
{
    QTest::addColumn<QString>("name");
    for (const QString &n : rtmtest::plaintextCaseNames())
        QTest::newRow(qPrintable(n)) << n;
}

void TestRtmClientVectors::everyPlaintextCase()
{
    QFETCH(QString, name);
    const QJsonObject c = rtmtest::plaintextCase(name);
    const QJsonObject quest = c.value(u"quest"_s).toObject();
    const QJsonObject p = quest.value(u"payload"_s).toObject();
    const QJsonObject inputs = rtmtest::vectors().value(u"inputs"_s).toObject();

    ScriptedPeer peer;
    peer.reply = [&c](const fpnn::Frame &q, const QByteArray &) { return answerFor(c, q.seq); };
    RtmClient client(inputs.value(u"pid"_s).toInteger(), inputs.value(u"secret"_s).toString().toUtf8(),
                     QStringLiteral("127.0.0.1"), peer.port());
    const qint64 salt = p.value(u"salt"_s).toInteger();
    const qint64 ts = p.value(u"ts"_s).toInteger();
    client.setSaltSource([salt] { return salt; });
    client.setTimeSource([ts] { return ts; });
    client.setMidSource([] { return qint64(-1); });   // every vector call passes its mid

    auto out = std::make_shared<Result>();
    startCall(client, c, out);
    QVERIFY(spinUntil([&] { return out->calls > 0; }));
    // The callback is the final word: nothing is left pending that could answer (or retry) again.
    QCOMPARE(client.connection()->pendingCount(), 0);
    QCOMPARE(out->calls, 1);
    QCOMPARE(peer.quests.size(), size_t(1));

    // Bytes: the SDK's frame with our seq; our version byte is 1, compared as 0.
    QCOMPARE(int(peer.quests[0].version), 1);
    QByteArray expected = rtmtest::hex(c.value(u"quest_frame_hex"_s));
    const QByteArray &got = peer.questWires[0];
    QCOMPARE(got.size(), expected.size());
    expected.replace(12, 4, got.mid(12, 4));   // seq is the connection's own
    QCOMPARE(got.toHex(), expected.toHex());

    // The answer reached the typed callback.
    const QJsonValue sdk = c.value(u"sdk_result"_s);
    const QJsonObject answer = c.value(u"answer"_s).toObject();
    if (answer.value(u"ss"_s).toInt() != 0) {
        QCOMPARE(out->error.code, int(answer.value(u"payload"_s).toObject().value(u"code"_s).toInteger()));
        QVERIFY(!out->error.name.isEmpty());
        return;
    }
    QVERIFY2(!out->error, qPrintable(out->error.message));
    const QString method = quest.value(u"method"_s).toString();
    const QJsonObject py = sdk.isArray() ? sdk.toArray().at(0).toObject() : QJsonObject();
    if (method.startsWith(u"send"_s) || method == "broadcastmsg"_L1)
        QCOMPARE(out->summary, QStringLiteral("%1 %2").arg(sdk.toArray().at(0).toInteger()).arg(sdk.toArray().at(1).toInteger()));
    else if (method == "getmsgnum"_L1)
        QCOMPARE(out->summary, QStringLiteral("%1 %2").arg(py.value(u"sender"_s).toInteger()).arg(py.value(u"num"_s).toInteger()));
    else if (method == "getmsg"_L1)
        QCOMPARE(out->summary, QStringLiteral("%1 %2 %3").arg(py.value(u"cursor_id"_s).toInteger())
                                   .arg(py.value(u"message_type"_s).toInteger()).arg(py.value(u"modified_time"_s).toInteger()));
    else if (method != "delmsg"_L1)
        QCOMPARE(out->summary, QStringLiteral("%1 %2 %3 %4 %5").arg(py.value(u"count"_s).toInteger())
                                   .arg(py.value(u"last_cursor_id"_s).toInteger()).arg(py.value(u"begin_msec"_s).toInteger())
                                   .arg(py.value(u"end_msec"_s).toInteger()).arg(py.value(u"messages"_s).toArray().size()));
}

void TestRtmClientVectors::readsRetriedOnceAfterDrop_data()
{
    QTest::addColumn<QString>("name");
    for (const char *n : {"getgroupmsg_minimal", "getroommsg", "getbroadcastmsg", "getp2pmsg", "getmsg_p2p",
                          "getmsg_broadcast", "getmsgnum_all_params"})
        QTest::newRow(n) << QString::fromLatin1(n);
}

void TestRtmClientVectors::readsRetriedOnceAfterDrop()
{
    QFETCH(QString, name);
    const QJsonObject c = rtmtest::plaintextCase(name);
    ScriptedPeer peer;
    // First quest: drop the connection (20002 at the client); second: answer.
    peer.reply = [&peer, &c](const fpnn::Frame &q, const QByteArray &) {
        return peer.quests.size() == 1 ? QByteArray() : answerFor(c, q.seq);
    };
    RtmClient client(11000001, "secret", QStringLiteral("127.0.0.1"), peer.port());
    auto out = std::make_shared<Result>();
    startCall(client, c, out);
    QVERIFY(spinUntil([&] { return out->calls > 0; }));
    // The callback is the final word: nothing is left pending that could answer (or retry) again.
    QCOMPARE(client.connection()->pendingCount(), 0);
    QCOMPARE(out->calls, 1);
    QVERIFY2(!out->error, qPrintable(out->error.message));
    QCOMPARE(peer.quests.size(), size_t(2));
    QCOMPARE(peer.connections, 2);
    // The retry is signed afresh: another salt.
    const auto a = fpnn::decodePayload(peer.quests[0].payload), b = fpnn::decodePayload(peer.quests[1].payload);
    QVERIFY(a.ok() && b.ok());
    QVERIFY(!(*a.value.find("salt") == *b.value.find("salt")));
    QVERIFY(!(*a.value.find("sign") == *b.value.find("sign")));
}

void TestRtmClientVectors::sendsAndDeletesNotRetried_data()
{
    QTest::addColumn<QString>("name");
    for (const char *n : {"sendmsg", "sendmsgs", "sendgroupmsg", "sendroommsg", "broadcastmsg", "delmsg_p2p",
                          "delmsg_group", "delmsg_room", "delmsg_broadcast"})
        QTest::newRow(n) << QString::fromLatin1(n);
}

void TestRtmClientVectors::sendsAndDeletesNotRetried()
{
    QFETCH(QString, name);
    const QJsonObject c = rtmtest::plaintextCase(name);
    ScriptedPeer peer;
    peer.reply = [](const fpnn::Frame &, const QByteArray &) { return QByteArray(); };   // always drop
    RtmClient client(11000001, "secret", QStringLiteral("127.0.0.1"), peer.port());
    auto out = std::make_shared<Result>();
    startCall(client, c, out);
    QVERIFY(spinUntil([&] { return out->calls > 0; }));
    // The callback is the final word: nothing is left pending that could answer (or retry) again.
    QCOMPARE(client.connection()->pendingCount(), 0);
    QCOMPARE(out->calls, 1);
    QCOMPARE(out->error.code, 20002);
    QCOMPARE(out->error.name, QStringLiteral("FPNN_EC_CORE_CONNECTION_CLOSED"));
    QCOMPARE(peer.quests.size(), size_t(1));
    if (name.startsWith(u"send"_s) || name == "broadcastmsg"_L1) {
        // The mid is reported with the failure so the user can check before resending.
        const qint64 mid = c.value(u"quest"_s).toObject().value(u"payload"_s).toObject().value(u"mid"_s).toInteger();
        QVERIFY(out->summary.startsWith(QString::number(mid) + QLatin1Char(' ')));
    }
}

void TestRtmClientVectors::readRetriedOnlyOnce()
{
    const QJsonObject c = rtmtest::plaintextCase(QStringLiteral("getmsgnum_minimal"));
    ScriptedPeer peer;
    peer.reply = [](const fpnn::Frame &, const QByteArray &) { return QByteArray(); };
    RtmClient client(11000001, "secret", QStringLiteral("127.0.0.1"), peer.port());
    auto out = std::make_shared<Result>();
    startCall(client, c, out);
    QVERIFY(spinUntil([&] { return out->calls > 0; }));
    // The callback is the final word: nothing is left pending that could answer (or retry) again.
    QCOMPARE(client.connection()->pendingCount(), 0);
    QCOMPARE(out->calls, 1);
    QCOMPARE(out->error.code, 20002);
    QCOMPARE(peer.quests.size(), size_t(2));
}

// History answers now reach RtmClient packed and are read by the fast reader (falling back
// to the Value tree): over a real connection, every page and every error must be what the
// generic path makes of the same bytes (what RtmClient did before).
void TestRtmClientVectors::historyAnswersReadAsBefore()
{
    std::vector<QByteArray> payloads = {
        QByteArray::fromHex("80"),                                   // {}: defaults
        QByteArray::fromHex("9100"),                                 // not a map
        QByteArray::fromHex("81a36e756da23132"),                     // num is a str
        QByteArray::fromHex("81a46d736773dd00001000"),               // 4096 rows announced, none there
        QByteArray::fromHex("81a46d736773dfffffffff"),               // msgs: a huge map
        QByteArray::fromHex("82a36e756d01a36e756d02"),               // duplicate key: last wins
        QByteArray::fromHex("81a178d40100"),                         // ext type
        QByteArray::fromHex("81a46d736773919801020304c2a0a006ff"),  // trailing byte
        QByteArray::fromHex("81a46d7367739198010203"),               // truncated row
    };
    historytest::AnswerGenerator gen(8080);
    for (int i = 0; i < 150; ++i)
        payloads.push_back(fpnn::encodeMsgpack(gen.answer(i % 3 == 0)));

    QByteArray next;
    ScriptedPeer peer;
    peer.reply = [&next](const fpnn::Frame &q, const QByteArray &) { return fpnn::encodeFrame(okAnswer(q.seq, next)); };
    RtmClient client(11000001, "secret", QStringLiteral("127.0.0.1"), peer.port());
    const result::HistoryContext context{MessageCategory::Group, 1001, 2001};
    int errors = 0;
    for (const QByteArray &payload : payloads) {
        next = payload;
        auto got = std::make_shared<std::optional<historytest::Outcome>>();
        client.getGroupMessage(1001, 2001, HistoryQuery{}, [got](const RtmError &e, const HistoryPage &page) {
            *got = historytest::Outcome{e.code, e.message, historytest::describePage(page)};
        });
        QVERIFY(spinUntil([&] { return got->has_value(); }));
        const historytest::Outcome expected = historytest::genericPath(payload, context);
        QCOMPARE((*got)->toString(), expected.toString());
        errors += expected.code != 0;
    }
    QVERIFY(errors > 10);
    QCOMPARE(peer.connections, 1);   // a bad answer is the quest's error, not the connection's
}

QTEST_GUILESS_MAIN(TestRtmClientVectors)
#include "tst_rtmclient_vectors.moc"
