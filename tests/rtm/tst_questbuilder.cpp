// Every plaintext_cases quest rebuilt with the quest builder (same seq, salt, ts, mid;
// version byte 0 like the Python SDK) must equal the SDK's bytes exactly.

#include <QtTest>

#include "fpnn/framecodec.h"
#include "fpnn/msgpackcodec.h"
#include "rtm/questbuilder.h"
#include "rtmvectors.h"

using namespace Qt::StringLiterals;

using namespace rtm;

class TestQuestBuilder : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void plaintextQuest_data();
    void plaintextQuest();
    void optionalKeysOmitted();
    void numClampedTo20();
    void broadcastXidIsZero();
    void noVersionKey();
    void textGoesAsStrBinaryAsBin();
};

namespace {

// The method params as our builder makes them from the case's decoded inputs.
fpnn::ValueMap paramsFor(const QByteArray &method, const QJsonObject &p)
{
    const auto i64 = [&](const char *k) { return p.value(QLatin1String(k)).toInteger(); };
    const int mtype = int(i64("mtype"));
    const MessageBody body = rtmtest::bodyOf(p.value(u"msg"_s));
    const QByteArray attrs = p.value(u"attrs"_s).toString().toUtf8();
    const HistoryQuery q = rtmtest::historyQueryOf(p);

    if (method == method::SendMsg)
        return quest::sendMessageParams(mtype, i64("from"), i64("to"), i64("mid"), body, attrs);
    if (method == method::SendMsgs)
        return quest::sendMessagesParams(mtype, i64("from"), rtmtest::int64List(p.value(u"tos"_s)), i64("mid"), body, attrs);
    if (method == method::SendGroupMsg)
        return quest::sendGroupMessageParams(mtype, i64("from"), i64("gid"), i64("mid"), body, attrs);
    if (method == method::SendRoomMsg)
        return quest::sendRoomMessageParams(mtype, i64("from"), i64("rid"), i64("mid"), body, attrs);
    if (method == method::BroadcastMsg)
        return quest::broadcastMessageParams(mtype, i64("from"), i64("mid"), body, attrs);
    if (method == method::GetGroupMsg)
        return quest::historyParams(MessageCategory::Group, i64("uid"), i64("gid"), q);
    if (method == method::GetRoomMsg)
        return quest::historyParams(MessageCategory::Room, i64("uid"), i64("rid"), q);
    if (method == method::GetBroadcastMsg)
        return quest::historyParams(MessageCategory::Broadcast, i64("uid"), 0, q);
    if (method == method::GetP2PMsg)
        return quest::historyParams(MessageCategory::P2P, i64("uid"), i64("ouid"), q);
    if (method == method::DelMsg || method == method::GetMsg)
        return quest::messageRefParams(i64("mid"), i64("from"), i64("xid"), MessageCategory(i64("type")));
    if (method == method::GetMsgNum)
        return quest::messageNumParams(MessageCategory(i64("type")), i64("xid"), rtmtest::intList(p.value(u"mtypes"_s)),
                                       i64("begin"), i64("end"));
    return {};
}

QByteArray questFrame(const QByteArray &method, quint32 seq, const fpnn::Value &payload, quint8 version)
{
    fpnn::Frame f;
    f.kind = fpnn::FrameKind::TwowayQuest;
    f.version = version;
    f.seq = seq;
    f.method = method;
    f.payload = fpnn::encodeMsgpack(payload);
    return fpnn::encodeFrame(f);
}

QStringList keysOf(const fpnn::Value &v)
{
    QStringList keys;
    for (const auto &[k, _] : *v.asMap())
        keys << QString::fromStdString(k);
    return keys;
}

quest::Auth fixedAuth(const char *method)
{
    return quest::Auth::make(11000001, "secret", 42, method, 1700000000);
}

} // namespace

void TestQuestBuilder::plaintextQuest_data()
{
    QTest::addColumn<QString>("name");
    const QStringList names = rtmtest::plaintextCaseNames();
    QCOMPARE(names.size(), 25);
    for (const QString &n : names)
        QTest::newRow(qPrintable(n)) << n;
}

void TestQuestBuilder::plaintextQuest()
{
    QFETCH(QString, name);
    const QJsonObject c = rtmtest::plaintextCase(name);
    const QJsonObject q = c.value(u"quest"_s).toObject();
    const QJsonObject p = q.value(u"payload"_s).toObject();
    const QByteArray method = q.value(u"method"_s).toString().toLatin1();
    const QJsonObject inputs = rtmtest::vectors().value(u"inputs"_s).toObject();

    // The sign must come out of our signer, not out of the vector.
    const quest::Auth auth = quest::Auth::make(inputs.value(u"pid"_s).toInteger(),
                                               inputs.value(u"secret"_s).toString().toUtf8(),
                                               p.value(u"salt"_s).toInteger(), method, p.value(u"ts"_s).toInteger());
    QCOMPARE(auth.sign, p.value(u"sign"_s).toString().toLatin1());

    const fpnn::ValueMap params = paramsFor(method, p);
    QVERIFY2(!params.empty(), "no builder for this method");
    const fpnn::Value payload = quest::withAuth(auth, params);

    // Key order first (clearer failure than a byte diff), then bytes.
    QStringList expectedKeys;
    for (const QJsonValue &t : q.value(u"payload_wire_types"_s).toArray())
        expectedKeys << t.toArray().at(0).toString();
    QCOMPARE(keysOf(payload), expectedKeys);
    QCOMPARE(fpnn::encodeMsgpack(payload).toHex(), q.value(u"payload_hex"_s).toString().toLatin1());

    const QByteArray frame = questFrame(method, quint32(q.value(u"seq"_s).toInteger()), payload, 0);
    QCOMPARE(frame.toHex(), c.value(u"quest_frame_hex"_s).toString().toLatin1());
}

void TestQuestBuilder::optionalKeysOmitted()
{
    HistoryQuery q;
    q.desc = false;
    q.num = 10;
    const fpnn::Value v = quest::withAuth(fixedAuth("getgroupmsg"), quest::historyParams(MessageCategory::Group, 1, 2, q));
    QCOMPARE(keysOf(v), (QStringList{u"pid"_s, u"sign"_s, u"salt"_s, u"ts"_s, u"uid"_s, u"gid"_s, u"desc"_s, u"num"_s}));

    q.lastId = 7;
    q.mtypes = {51};
    const fpnn::Value w = quest::withAuth(fixedAuth("getp2pmsg"), quest::historyParams(MessageCategory::P2P, 1, 2, q));
    QCOMPARE(keysOf(w), (QStringList{u"pid"_s, u"sign"_s, u"salt"_s, u"ts"_s, u"uid"_s, u"ouid"_s, u"desc"_s, u"num"_s, u"lastid"_s, u"mtypes"_s}));

    const fpnn::Value n = quest::withAuth(fixedAuth("getmsgnum"), quest::messageNumParams(MessageCategory::Room, 3, {}, 0, 9));
    QCOMPARE(keysOf(n), (QStringList{u"pid"_s, u"sign"_s, u"salt"_s, u"ts"_s, u"type"_s, u"xid"_s, u"end"_s}));
}

void TestQuestBuilder::numClampedTo20()
{
    HistoryQuery q;
    for (auto [asked, sent] : {std::pair{21, 20}, {100, 20}, {20, 20}, {7, 7}, {1, 1}, {0, 1}, {-5, 1}}) {
        q.num = asked;
        const fpnn::ValueMap p = quest::historyParams(MessageCategory::Broadcast, 1, 0, q);
        const fpnn::Value v(p);
        QCOMPARE(v.find("num")->toInt64().value(), qint64(sent));
    }
}

void TestQuestBuilder::broadcastXidIsZero()
{
    const fpnn::Value v(quest::messageRefParams(5, 6, 999, MessageCategory::Broadcast));
    QCOMPARE(v.find("xid")->toInt64().value(), qint64(0));
    QCOMPARE(v.find("type")->toInt64().value(), qint64(4));
}

void TestQuestBuilder::noVersionKey()
{
    const fpnn::Value v = quest::withAuth(fixedAuth("sendmsg"), quest::sendMessageParams(51, 1, 2, 3, MessageBody::text(QStringLiteral("x")), ""));
    QVERIFY(!v.find("version"));
    QVERIFY(v.find("msg")->isStr());
    const fpnn::Value b = quest::withAuth(fixedAuth("sendmsg"),
                                          quest::sendMessageParams(51, 1, 2, 3, MessageBody::binary(QByteArray("\x01")), ""));
    QVERIFY(b.find("msg")->isBin());
}

// MessageBody::text() is UTF-8 in a msgpack str; binary() is the bytes as they are in a bin,
// even when they would be valid UTF-8 — the caller says which, never the bytes.
void TestQuestBuilder::textGoesAsStrBinaryAsBin()
{
    const QString text = QStringLiteral("héllo 测试");
    const fpnn::Value t = quest::bodyValue(MessageBody::text(text));
    QVERIFY(t.isStr());
    QCOMPARE(QByteArray::fromStdString(*t.bytes()), text.toUtf8());

    const QByteArray utf8Bytes("plain ascii");
    const fpnn::Value b = quest::bodyValue(MessageBody::binary(utf8Bytes));
    QVERIFY(b.isBin());
    QCOMPARE(QByteArray::fromStdString(*b.bytes()), utf8Bytes);

    const QByteArray invalidUtf8("\xff\xfe\x00\x01", 4);
    const fpnn::Value raw = quest::bodyValue(MessageBody::binary(invalidUtf8));
    QVERIFY(raw.isBin());
    QCOMPARE(QByteArray::fromStdString(*raw.bytes()), invalidUtf8);

    // In a whole quest the body's key keeps its form.
    const fpnn::Value quest = quest::sendGroupMessageParams(51, 1, 2, 3, MessageBody::binary(utf8Bytes), "");
    QVERIFY(quest.find("msg")->isBin());
    QVERIFY(MessageBody().bytes().isEmpty());
    QVERIFY(!MessageBody().isBinary());
}

QTEST_GUILESS_MAIN(TestQuestBuilder)
#include "tst_questbuilder.moc"
