// The 18 calls of RtmClient end to end over loopback against the sandbox: results,
// paging in both orders, deleted rows, file messages, the 200006 re-sign retry and
// authentication errors.

#include <functional>
#include <memory>
#include <set>

#include <QDateTime>
#include <QDeadlineTimer>
#include <QtTest>

#include "rtm/rtmclient.h"
#include "sandbox/sandboxserver.h"

using namespace Qt::StringLiterals;

using namespace rtm;

namespace {

constexpr qint64 kPid = 41000001;
const QByteArray kSecret = "e2e-secret";
constexpr int kWaitMs = 15000;

// Runs the event loop until `done` or the deadline.
bool spinUntil(const std::function<bool()> &done, int timeoutMs = kWaitMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!done() && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    return done();
}

template <class T>
struct Outcome {
    int calls = 0;
    RtmError error;
    T value{};
};

struct Done {
    int calls = 0;
    RtmError error;
};

// Blocking helpers for readability; each checks that the callback ran exactly once.
template <class T, class Start>
Outcome<T> await(Start start)
{
    auto out = std::make_shared<Outcome<T>>();
    start([out](const RtmError &e, const T &v) {
        ++out->calls;
        out->error = e;
        out->value = v;
    });
    spinUntil([&] { return out->calls > 0; });
    QCoreApplication::processEvents();   // a second call would show up here
    return *out;
}

template <class Start>
Done awaitDone(Start start)
{
    auto out = std::make_shared<Done>();
    start([out](const RtmError &e) {
        ++out->calls;
        out->error = e;
    });
    spinUntil([&] { return out->calls > 0; });
    QCoreApplication::processEvents();
    return *out;
}

const HistoryMessage *findMid(const HistoryPage &page, qint64 mid)
{
    for (const HistoryMessage &m : page.messages)
        if (m.messageId == mid)
            return &m;
    return nullptr;
}

HistoryQuery query(bool desc, int num)
{
    HistoryQuery q;
    q.desc = desc;
    q.num = num;
    return q;
}

} // namespace

class TestRtmE2E : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void sendAndReadP2P();
    void sendMessagesFanOut();
    void groupRoomBroadcast_data();
    void groupRoomBroadcast();
    void messageNum();
    void deleteEveryCategory_data();
    void deleteEveryCategory();
    void paging_data();
    void paging();
    void numAbove20IsClamped();
    void fileMessageInfo();
    void binaryBody();
    void sameSignIsResignedOnce();
    void sameSignTwiceReachesCaller();
    void wrongSecret();
    void clockSkew();
    void destroyWithPendingQuest();
    void secretAndSignNeverLogged();
    void destroyInsideCallback();
    void callFromCallbackDuringDestruction();
    void contextDestroyedDropsCallback();

private:
    std::unique_ptr<RtmClient> makeClient(const QByteArray &secret = kSecret);
    SendResult sendGroup(qint64 from, qint64 gid, const QByteArray &text, int mtype = 51);

    std::unique_ptr<sandbox::SandboxServer> m_server;
    std::unique_ptr<sandbox::SandboxServer> m_strictServer;   // rejectReplayedSign
    std::unique_ptr<RtmClient> m_client;
};

void TestRtmE2E::initTestCase()
{
    // Thousands of quests: keep the debug chatter out of the test log.
    QLoggingCategory::setFilterRules(QStringLiteral("rtm.*.debug=false"));
    sandbox::SandboxOptions o;
    o.pid = kPid;
    o.secret = kSecret;
    m_server = std::make_unique<sandbox::SandboxServer>(o);
    QVERIFY2(m_server->listen(QHostAddress::LocalHost, 0), qPrintable(m_server->errorString()));
    QVERIFY(m_server->port() != 0);

    o.rejectReplayedSign = true;
    m_strictServer = std::make_unique<sandbox::SandboxServer>(o);
    QVERIFY2(m_strictServer->listen(QHostAddress::LocalHost, 0), qPrintable(m_strictServer->errorString()));

    m_client = makeClient();
    m_client->setDefaultTimeoutMs(10000);
}

void TestRtmE2E::cleanupTestCase()
{
    m_client.reset();
    m_server.reset();
    m_strictServer.reset();
}

std::unique_ptr<RtmClient> TestRtmE2E::makeClient(const QByteArray &secret)
{
    return std::make_unique<RtmClient>(kPid, secret, QStringLiteral("127.0.0.1"), m_server->port());
}

SendResult TestRtmE2E::sendGroup(qint64 from, qint64 gid, const QByteArray &text, int mtype)
{
    auto r = await<SendResult>([&](SendCallback cb) {
        m_client->sendGroupMessage(mtype, from, gid, MessageBody::text(QString::fromUtf8(text)), "", 0, cb);
    });
    if (r.calls != 1 || r.error)
        qWarning() << "send failed" << r.calls << r.error.code << r.error.message;
    return r.value;
}

void TestRtmE2E::sendAndReadP2P()
{
    const qint64 a = 510001, b = 510002;
    auto s1 = await<SendResult>([&](SendCallback cb) {
        m_client->sendMessage(51, a, b, MessageBody::text(QStringLiteral("hello b")), "{\"k\":1}", 0, cb);
    });
    QCOMPARE(s1.calls, 1);
    QVERIFY2(!s1.error, qPrintable(s1.error.message));
    QVERIFY(s1.value.mid > 0);   // generated
    QVERIFY(qAbs(s1.value.mtime - QDateTime::currentMSecsSinceEpoch()) < 60000);   // ms (protocol.md 7.2)

    const qint64 myMid = 777000111;
    auto s2 = await<SendResult>([&](SendCallback cb) {
        m_client->sendMessage(52, b, a, MessageBody::text(QStringLiteral("hello a")), "", myMid, cb);
    });
    QVERIFY(!s2.error);
    QCOMPARE(s2.value.mid, myMid);

    // Same mid again in the same conversation: 200053 (protocol.md 7.17), mid reported.
    auto dup = await<SendResult>([&](SendCallback cb) {
        m_client->sendMessage(52, b, a, MessageBody::text(QStringLiteral("again")), "", myMid, cb);
    });
    QCOMPARE(dup.calls, 1);
    QCOMPARE(dup.error.code, int(DuplicatedMid));
    QCOMPARE(dup.error.name, QStringLiteral("RTM_EC_DUPLCATED_MID"));
    QCOMPARE(dup.value.mid, myMid);

    // Both directions from a's side, newest first.
    auto h = await<HistoryPage>([&](HistoryCallback cb) { m_client->getP2PMessage(a, b, query(true, 10), cb); });
    QCOMPARE(h.calls, 1);
    QVERIFY2(!h.error, qPrintable(h.error.message));
    QCOMPARE(h.value.count, 2);
    QCOMPARE(h.value.messages.size(), size_t(2));
    const HistoryMessage &newest = h.value.messages[0];
    QCOMPARE(newest.messageId, myMid);
    QCOMPARE(newest.fromUid, b);
    QCOMPARE(newest.toId, a);
    QCOMPARE(newest.messageText(), QStringLiteral("hello a"));
    const HistoryMessage &older = h.value.messages[1];
    QCOMPARE(older.messageId, s1.value.mid);
    QCOMPARE(older.fromUid, a);
    QCOMPARE(older.toId, b);
    QCOMPARE(older.attrs, QByteArray("{\"k\":1}"));
    QCOMPARE(older.messageType, 51);
    QCOMPARE(older.modifiedTime, s1.value.mtime);
    QVERIFY(!older.deleted);

    // From b's side the directions swap.
    auto hb = await<HistoryPage>([&](HistoryCallback cb) { m_client->getP2PMessage(b, a, query(true, 10), cb); });
    QVERIFY(!hb.error);
    const HistoryMessage *m = findMid(hb.value, s1.value.mid);
    QVERIFY(m);
    QCOMPARE(m->fromUid, a);
    QCOMPARE(m->toId, b);

    auto info = await<MessageInfo>([&](InfoCallback cb) { m_client->getP2PMessageInfo(s1.value.mid, a, b, cb); });
    QCOMPARE(info.calls, 1);
    QVERIFY2(!info.error, qPrintable(info.error.message));
    QCOMPARE(info.value.message, QByteArray("hello b"));
    QCOMPARE(info.value.attrs, QByteArray("{\"k\":1}"));
    QCOMPARE(info.value.messageType, 51);
    QCOMPARE(info.value.modifiedTime, s1.value.mtime);
    QCOMPARE(info.value.cursorId, older.cursorId);
    QVERIFY(!info.value.fileInfo);
}

void TestRtmE2E::sendMessagesFanOut()
{
    const qint64 from = 520001;
    const QList<qint64> tos{520002, 520003, 520004};
    auto s = await<SendResult>([&](SendCallback cb) {
        m_client->sendMessages(60, from, tos, MessageBody::text(QStringLiteral("to many")), "", 0, cb);
    });
    QCOMPARE(s.calls, 1);
    QVERIFY2(!s.error, qPrintable(s.error.message));
    for (qint64 to : tos) {
        auto h = await<HistoryPage>([&](HistoryCallback cb) { m_client->getP2PMessage(from, to, query(true, 5), cb); });
        QVERIFY(!h.error);
        const HistoryMessage *m = findMid(h.value, s.value.mid);
        QVERIFY2(m, "each receiver has the message");
        QCOMPARE(m->toId, to);
        auto info = await<MessageInfo>([&](InfoCallback cb) { m_client->getP2PMessageInfo(s.value.mid, from, to, cb); });
        QVERIFY2(!info.error, qPrintable(info.error.message));
        QCOMPARE(info.value.message, QByteArray("to many"));
    }
}

void TestRtmE2E::groupRoomBroadcast_data()
{
    QTest::addColumn<int>("category");
    QTest::newRow("group") << int(MessageCategory::Group);
    QTest::newRow("room") << int(MessageCategory::Room);
    QTest::newRow("broadcast") << int(MessageCategory::Broadcast);
}

void TestRtmE2E::groupRoomBroadcast()
{
    QFETCH(int, category);
    const auto cat = MessageCategory(category);
    const qint64 from = 530001, reader = 530009;
    const qint64 target = cat == MessageCategory::Group ? 230001 : cat == MessageCategory::Room ? 330001 : 0;
    const QByteArray text = "in " + QByteArray::number(category);

    auto s = await<SendResult>([&](SendCallback cb) {
        if (cat == MessageCategory::Group)
            m_client->sendGroupMessage(55, from, target, MessageBody::text(QString::fromUtf8(text)), "{}", 0, cb);
        else if (cat == MessageCategory::Room)
            m_client->sendRoomMessage(55, from, target, MessageBody::text(QString::fromUtf8(text)), "{}", 0, cb);
        else
            m_client->broadcastMessage(55, from, MessageBody::text(QString::fromUtf8(text)), "{}", 0, cb);
    });
    QCOMPARE(s.calls, 1);
    QVERIFY2(!s.error, qPrintable(s.error.message));

    auto h = await<HistoryPage>([&](HistoryCallback cb) {
        if (cat == MessageCategory::Group)
            m_client->getGroupMessage(reader, target, query(true, 20), cb);
        else if (cat == MessageCategory::Room)
            m_client->getRoomMessage(reader, target, query(true, 20), cb);
        else
            m_client->getBroadcastMessage(reader, query(true, 20), cb);
    });
    QCOMPARE(h.calls, 1);
    QVERIFY2(!h.error, qPrintable(h.error.message));
    const HistoryMessage *m = findMid(h.value, s.value.mid);
    QVERIFY(m);
    QCOMPARE(m->fromUid, from);
    QCOMPARE(m->toId, target);   // gid/rid (we differ from Python here on purpose), 0 for broadcast
    QCOMPARE(m->message, text);
    QCOMPARE(m->modifiedTime, s.value.mtime);

    auto info = await<MessageInfo>([&](InfoCallback cb) {
        if (cat == MessageCategory::Group)
            m_client->getGroupMessageInfo(s.value.mid, from, target, cb);
        else if (cat == MessageCategory::Room)
            m_client->getRoomMessageInfo(s.value.mid, from, target, cb);
        else
            m_client->getBroadcastMessageInfo(s.value.mid, from, cb);
    });
    QCOMPARE(info.calls, 1);
    QVERIFY2(!info.error, qPrintable(info.error.message));
    QCOMPARE(info.value.message, text);
    QCOMPARE(info.value.cursorId, m->cursorId);
}

void TestRtmE2E::messageNum()
{
    const qint64 gid = 240001, rid = 340001;
    for (qint64 from : {540001, 540002, 540001})
        QVERIFY(sendGroup(from, gid, "n").mid != 0);
    QVERIFY(sendGroup(540003, gid, "other type", 70).mid != 0);
    auto s = await<SendResult>([&](SendCallback cb) { m_client->sendRoomMessage(51, 540001, rid, MessageBody::text(QStringLiteral("r")), "", 0, cb); });
    QVERIFY(!s.error);

    auto all = await<MessageCount>([&](CountCallback cb) {
        m_client->getMessageNum(MessageCategory::Group, gid, {}, 0, 0, cb);
    });
    QCOMPARE(all.calls, 1);
    QVERIFY2(!all.error, qPrintable(all.error.message));
    QCOMPARE(all.value.num, qint64(4));
    QCOMPARE(all.value.sender, qint64(3));

    auto typed = await<MessageCount>([&](CountCallback cb) {
        m_client->getMessageNum(MessageCategory::Group, gid, {51}, 0, 0, cb);
    });
    QVERIFY(!typed.error);
    QCOMPARE(typed.value.num, qint64(3));
    QCOMPARE(typed.value.sender, qint64(2));

    auto none = await<MessageCount>([&](CountCallback cb) {
        m_client->getMessageNum(MessageCategory::Group, gid, {}, 1, 2, cb);   // window long ago
    });
    QVERIFY(!none.error);
    QCOMPARE(none.value.num, qint64(0));

    auto room = await<MessageCount>([&](CountCallback cb) {
        m_client->getMessageNum(MessageCategory::Room, rid, {}, 0, 0, cb);
    });
    QVERIFY(!room.error);
    QCOMPARE(room.value.num, qint64(1));

    // Only group and room are documented; the sandbox says 200034 for P2P (protocol.md 7.12).
    auto p2p = await<MessageCount>([&](CountCallback cb) {
        m_client->getMessageNum(MessageCategory::P2P, 1, {}, 0, 0, cb);
    });
    QCOMPARE(p2p.error.code, int(InvalidParameter));
    QCOMPARE(p2p.error.name, QStringLiteral("RTM_EC_INVALID_PARAMETER"));
}

void TestRtmE2E::deleteEveryCategory_data()
{
    groupRoomBroadcast_data();
    QTest::newRow("p2p") << int(MessageCategory::P2P);
}

void TestRtmE2E::deleteEveryCategory()
{
    QFETCH(int, category);
    const auto cat = MessageCategory(category);
    const qint64 from = 550001 + category, to = 550100 + category;
    const qint64 target = cat == MessageCategory::Group  ? 250001
                          : cat == MessageCategory::Room ? 350001
                          : cat == MessageCategory::P2P  ? to
                                                         : 0;
    auto s = await<SendResult>([&](SendCallback cb) {
        switch (cat) {
        case MessageCategory::P2P: m_client->sendMessage(51, from, to, MessageBody::text(QStringLiteral("bye")), "", 0, cb); break;
        case MessageCategory::Group: m_client->sendGroupMessage(51, from, target, MessageBody::text(QStringLiteral("bye")), "", 0, cb); break;
        case MessageCategory::Room: m_client->sendRoomMessage(51, from, target, MessageBody::text(QStringLiteral("bye")), "", 0, cb); break;
        case MessageCategory::Broadcast: m_client->broadcastMessage(51, from, MessageBody::text(QStringLiteral("bye")), "", 0, cb); break;
        }
    });
    QVERIFY2(!s.error, qPrintable(s.error.message));
    const qint64 mid = s.value.mid;

    const auto del = [&] {
        return awaitDone([&](DoneCallback cb) {
            switch (cat) {
            case MessageCategory::P2P: m_client->deleteP2PMessage(mid, from, to, cb); break;
            case MessageCategory::Group: m_client->deleteGroupMessage(mid, from, target, cb); break;
            case MessageCategory::Room: m_client->deleteRoomMessage(mid, from, target, cb); break;
            case MessageCategory::Broadcast: m_client->deleteBroadcastMessage(mid, from, cb); break;
            }
        });
    };
    const Done d = del();
    QCOMPARE(d.calls, 1);
    QVERIFY2(!d.error, qPrintable(d.error.message));
    QVERIFY2(!del().error, "deleting twice succeeds (protocol.md 7.7)");

    auto info = await<MessageInfo>([&](InfoCallback cb) {
        switch (cat) {
        case MessageCategory::P2P: m_client->getP2PMessageInfo(mid, from, to, cb); break;
        case MessageCategory::Group: m_client->getGroupMessageInfo(mid, from, target, cb); break;
        case MessageCategory::Room: m_client->getRoomMessageInfo(mid, from, target, cb); break;
        case MessageCategory::Broadcast: m_client->getBroadcastMessageInfo(mid, from, cb); break;
        }
    });
    QCOMPARE(info.calls, 1);
    QCOMPARE(info.error.code, int(MessageNotFound));
    QCOMPARE(info.error.name, QStringLiteral("RTM_EC_MESSAGE_NOT_FOUND"));

    // The row stays in history, flagged.
    auto h = await<HistoryPage>([&](HistoryCallback cb) {
        switch (cat) {
        case MessageCategory::P2P: m_client->getP2PMessage(from, to, query(true, 20), cb); break;
        case MessageCategory::Group: m_client->getGroupMessage(from, target, query(true, 20), cb); break;
        case MessageCategory::Room: m_client->getRoomMessage(from, target, query(true, 20), cb); break;
        case MessageCategory::Broadcast: m_client->getBroadcastMessage(from, query(true, 20), cb); break;
        }
    });
    QVERIFY2(!h.error, qPrintable(h.error.message));
    const HistoryMessage *row = findMid(h.value, mid);
    QVERIFY(row);
    QVERIFY(row->deleted);

    // Unknown mid: 200070 for delete as well.
    const Done unknown = awaitDone([&](DoneCallback cb) { m_client->deleteP2PMessage(123, from, to, cb); });
    QCOMPARE(unknown.error.code, int(MessageNotFound));
}

void TestRtmE2E::paging_data()
{
    QTest::addColumn<bool>("desc");
    QTest::addColumn<int>("num");
    QTest::addColumn<qint64>("gid");
    QTest::newRow("desc/20") << true << 20 << qint64(260001);
    QTest::newRow("desc/7") << true << 7 << qint64(260002);
    QTest::newRow("asc/20") << false << 20 << qint64(260003);
    QTest::newRow("asc/7") << false << 7 << qint64(260004);
}

void TestRtmE2E::paging()
{
    QFETCH(bool, desc);
    QFETCH(int, num);
    QFETCH(qint64, gid);
    constexpr int kMessages = 131;
    const qint64 reader = 560001;

    // Pipeline the sends: the callbacks fill the mids in.
    auto sent = std::make_shared<std::vector<SendResult>>();
    auto failures = std::make_shared<int>(0);
    for (int i = 0; i < kMessages; ++i) {
        m_client->sendGroupMessage(51 + i % 3, 560100 + i % 5, gid, MessageBody::text(QStringLiteral("m%1").arg(i)), "", 0,
                                   [sent, failures](const RtmError &e, const SendResult &r) {
                                       if (e)
                                           ++*failures;
                                       sent->push_back(r);
                                   });
    }
    QVERIFY(spinUntil([&] { return int(sent->size()) == kMessages; }));
    QCOMPARE(*failures, 0);

    // Delete a few: their rows must still be paged through once, flagged.
    std::set<qint64> deletedMids;
    for (int i : {0, 64, 130}) {
        const qint64 mid = (*sent)[size_t(i)].mid;
        const qint64 from = 560100 + i % 5;   // sent in order over one connection
        const Done d = awaitDone([&](DoneCallback cb) { m_client->deleteGroupMessage(mid, from, gid, cb); });
        QVERIFY2(!d.error, qPrintable(d.error.message));
        deletedMids.insert(mid);
    }

    // The sandbox may hand out mtimes slightly ahead of the clock under a burst; "end = 0"
    // means now, so wait until now has passed the last one.
    qint64 lastMtime = 0;
    for (const SendResult &r : *sent)
        lastMtime = qMax(lastMtime, r.mtime);
    QVERIFY(spinUntil([&] { return QDateTime::currentMSecsSinceEpoch() > lastMtime; }));

    std::set<qint64> expected;
    for (const SendResult &r : *sent)
        expected.insert(r.mid);
    QCOMPARE(int(expected.size()), kMessages);

    std::multiset<qint64> seen;
    int flagged = 0;
    HistoryQuery q = query(desc, num);
    qint64 previousMtime = desc ? std::numeric_limits<qint64>::max() : 0;
    int calls = 0;
    for (;;) {
        auto page = await<HistoryPage>([&](HistoryCallback cb) { m_client->getGroupMessage(reader, gid, q, cb); });
        QCOMPARE(page.calls, 1);
        QVERIFY2(!page.error, qPrintable(page.error.message));
        QVERIFY(++calls <= kMessages / num + 3);
        QVERIFY(page.value.count <= num);
        for (const HistoryMessage &m : page.value.messages) {
            seen.insert(m.messageId);
            if (m.deleted) {
                ++flagged;
                QVERIFY(deletedMids.count(m.messageId));
            }
            QCOMPARE(m.toId, gid);
            if (desc)
                QVERIFY(m.modifiedTime <= previousMtime);
            else
                QVERIFY(m.modifiedTime >= previousMtime);
            previousMtime = m.modifiedTime;
        }
        if (isLastPage(q, page.value))
            break;   // the end: fewer rows than asked (protocol.md 4.3)
        q = nextPageQuery(q, page.value);
    }
    QCOMPARE(int(seen.size()), kMessages);
    for (qint64 mid : expected)
        QCOMPARE(int(seen.count(mid)), 1);
    QCOMPARE(flagged, 3);
}

void TestRtmE2E::numAbove20IsClamped()
{
    const qint64 gid = 270001;
    for (int i = 0; i < 25; ++i)
        QVERIFY(sendGroup(570001, gid, "x").mid != 0);
    auto h = await<HistoryPage>([&](HistoryCallback cb) { m_client->getGroupMessage(1, gid, query(false, 50), cb); });
    QVERIFY2(!h.error, qPrintable(h.error.message));
    QCOMPARE(h.value.count, 20);
    QCOMPARE(h.value.messages.size(), size_t(20));
    QVERIFY(!isLastPage(query(false, 50), h.value));   // compared with the 20 actually asked
}

void TestRtmE2E::fileMessageInfo()
{
    const qint64 gid = 280001, from = 580001;
    const QByteArray body = R"({"url":"https://files.example.invalid/v.amr","size":3000})";
    const QByteArray attrs =
        R"({"rtm":{"type":"audiomsg","lang":"en-US","duration":3200,"filename":"v.amr"},"custom":{"c":1}})";
    auto s = await<SendResult>([&](SendCallback cb) { m_client->sendGroupMessage(41, from, gid, MessageBody::text(QString::fromUtf8(body)), attrs, 0, cb); });
    QVERIFY2(!s.error, qPrintable(s.error.message));

    auto h = await<HistoryPage>([&](HistoryCallback cb) { m_client->getGroupMessage(from, gid, query(true, 5), cb); });
    QVERIFY(!h.error);
    const HistoryMessage *m = findMid(h.value, s.value.mid);
    QVERIFY(m);
    QVERIFY(m->fileInfo);
    QCOMPARE(m->fileInfo->url, QStringLiteral("https://files.example.invalid/v.amr"));
    QCOMPARE(m->fileInfo->size, qint64(3000));
    QVERIFY(m->fileInfo->isRtmAudio);
    QCOMPARE(m->fileInfo->language, QStringLiteral("en-US"));
    QCOMPARE(m->fileInfo->duration, qint64(3200));
    QCOMPARE(m->fileInfo->fileName, QStringLiteral("v.amr"));
    QCOMPARE(m->message, body);   // raw body and attrs are kept
    QCOMPARE(m->attrs, attrs);

    auto info = await<MessageInfo>([&](InfoCallback cb) { m_client->getGroupMessageInfo(s.value.mid, from, gid, cb); });
    QVERIFY2(!info.error, qPrintable(info.error.message));
    QVERIFY(info.value.fileInfo);
    QCOMPARE(info.value.fileInfo->url, m->fileInfo->url);
    QCOMPARE(info.value.fileInfo->duration, qint64(3200));
    QCOMPARE(info.value.attrs, attrs);
}

void TestRtmE2E::binaryBody()
{
    const QByteArray bytes("\x00\x01\xfe\xff", 4);
    auto s = await<SendResult>([&](SendCallback cb) {
        m_client->sendMessage(61, 590001, 590002, MessageBody::binary(bytes), "", 0, cb);
    });
    QVERIFY2(!s.error, qPrintable(s.error.message));
    auto info = await<MessageInfo>([&](InfoCallback cb) { m_client->getP2PMessageInfo(s.value.mid, 590001, 590002, cb); });
    QVERIFY2(!info.error, qPrintable(info.error.message));
    QCOMPARE(info.value.message, bytes);
    auto h = await<HistoryPage>([&](HistoryCallback cb) { m_client->getP2PMessage(590002, 590001, query(true, 5), cb); });
    QVERIFY(!h.error);
    const HistoryMessage *m = findMid(h.value, s.value.mid);
    QVERIFY(m);
    QCOMPARE(m->message, bytes);
    QVERIFY(!m->messageIsValidUtf8());
}

void TestRtmE2E::sameSignIsResignedOnce()
{
    RtmClient client(kPid, kSecret, QStringLiteral("127.0.0.1"), m_strictServer->port());
    const qint64 ts = QDateTime::currentSecsSinceEpoch();
    client.setTimeSource([ts] { return ts; });
    // The first two draws repeat a salt: the second request's sign is a replay.
    const qint64 repeated = IdGenerator::global().next();
    auto draws = std::make_shared<int>(0);
    client.setSaltSource([draws, repeated] { return ++*draws <= 2 ? repeated : IdGenerator::global().next(); });

    auto first = await<MessageCount>([&](CountCallback cb) { client.getMessageNum(MessageCategory::Group, 1, {}, 0, 0, cb); });
    QVERIFY2(!first.error, qPrintable(first.error.message));
    auto second = await<MessageCount>([&](CountCallback cb) { client.getMessageNum(MessageCategory::Group, 1, {}, 0, 0, cb); });
    QCOMPARE(second.calls, 1);
    QVERIFY2(!second.error, qPrintable(second.error.message));
    QCOMPARE(*draws, 3);   // 200006, then re-signed with a fresh salt

    // A send is re-signed too (200006 means the server did not take it).
    *draws = 0;
    auto sendA = await<SendResult>([&](SendCallback cb) { client.sendMessage(51, 591001, 591002, MessageBody::text(QStringLiteral("a")), "", 0, cb); });
    QVERIFY(!sendA.error);
    // Same salt and ts, but another method: a different sign, no replay.
    QCOMPARE(*draws, 1);
    auto sendB = await<SendResult>([&](SendCallback cb) { client.sendMessage(51, 591001, 591002, MessageBody::text(QStringLiteral("b")), "", 0, cb); });
    QCOMPARE(sendB.calls, 1);
    QVERIFY2(!sendB.error, qPrintable(sendB.error.message));
    QCOMPARE(*draws, 3);
}

void TestRtmE2E::sameSignTwiceReachesCaller()
{
    RtmClient client(kPid, kSecret, QStringLiteral("127.0.0.1"), m_strictServer->port());
    const qint64 ts = QDateTime::currentSecsSinceEpoch();
    const qint64 salt = IdGenerator::global().next();
    client.setTimeSource([ts] { return ts; });
    client.setSaltSource([salt] { return salt; });
    auto first = await<MessageCount>([&](CountCallback cb) { client.getMessageNum(MessageCategory::Room, 1, {}, 0, 0, cb); });
    QVERIFY(!first.error);
    auto second = await<MessageCount>([&](CountCallback cb) { client.getMessageNum(MessageCategory::Room, 1, {}, 0, 0, cb); });
    QCOMPARE(second.calls, 1);
    QCOMPARE(second.error.code, int(SameSign));
    QCOMPARE(second.error.name, QStringLiteral("RTM_EC_SAME_SIGN"));
}

void TestRtmE2E::wrongSecret()
{
    auto client = makeClient("not-the-secret");
    auto s = await<SendResult>([&](SendCallback cb) { client->sendMessage(51, 1, 2, MessageBody::text(QStringLiteral("x")), "", 0, cb); });
    QCOMPARE(s.calls, 1);
    QCOMPARE(s.error.code, int(InvalidPidOrSign));
    QCOMPARE(s.error.name, QStringLiteral("RTM_EC_INVALID_PID_OR_SIGN"));
    QVERIFY(!s.error.message.isEmpty());
    auto h = await<HistoryPage>([&](HistoryCallback cb) { client->getGroupMessage(1, 2, query(true, 5), cb); });
    QCOMPARE(h.error.code, int(InvalidPidOrSign));

    RtmClient wrongPid(kPid + 1, kSecret, QStringLiteral("127.0.0.1"), m_server->port());
    auto c = await<MessageCount>([&](CountCallback cb) { wrongPid.getMessageNum(MessageCategory::Group, 1, {}, 0, 0, cb); });
    QCOMPARE(c.error.code, int(InvalidPidOrSign));
}

void TestRtmE2E::clockSkew()
{
    auto client = makeClient();
    client->setTimeSource([] { return QDateTime::currentSecsSinceEpoch() - 3600; });
    auto c = await<MessageCount>([&](CountCallback cb) { client->getMessageNum(MessageCategory::Group, 1, {}, 0, 0, cb); });
    QCOMPARE(c.calls, 1);
    QCOMPARE(c.error.code, int(InvalidServerTime));
    QVERIFY(isClockError(c.error.code));
}

void TestRtmE2E::destroyWithPendingQuest()
{
    auto client = makeClient();
    auto calls = std::make_shared<int>(0);
    auto code = std::make_shared<int>(0);
    client->getGroupMessage(1, 2, query(true, 5), [calls, code](const RtmError &e, const HistoryPage &) {
        ++*calls;
        *code = e.code;
    });
    client.reset();   // before the event loop ran: the quest is still pending
    QCOMPARE(*calls, 1);
    QCOMPARE(*code, 20002);
    QCoreApplication::sendPostedEvents();   // anything queued by the destruction runs now
    QCOMPARE(*calls, 1);
}

void TestRtmE2E::destroyInsideCallback()
{
    auto *client = makeClient().release();
    auto calls = std::make_shared<int>(0);
    client->getMessageNum(MessageCategory::Group, 1, {}, 0, 0, [&client, calls](const RtmError &e, const MessageCount &) {
        ++*calls;
        QVERIFY(!e);
        delete client;   // allowed: nothing touches the client after the callback
        client = nullptr;
    });
    QVERIFY(spinUntil([&] { return *calls > 0; }));
    QCoreApplication::sendPostedEvents();   // anything queued by the destruction runs now
    QCOMPARE(*calls, 1);
    QVERIFY(!client);
}

void TestRtmE2E::callFromCallbackDuringDestruction()
{
    auto client = makeClient();
    RtmClient *raw = client.get();
    auto codes = std::make_shared<QList<int>>();
    client->getMessageNum(MessageCategory::Group, 1, {}, 0, 0, [raw, codes](const RtmError &e, const MessageCount &) {
        codes->append(e.code);
        // A follow-up call while the client is going away ends at once, exactly once.
        raw->getMessageNum(MessageCategory::Group, 1, {}, 0, 0,
                           [codes](const RtmError &e2, const MessageCount &) { codes->append(e2.code); });
    });
    client.reset();
    QCOMPARE(*codes, (QList<int>{20002, 20002}));   // both before reset() returned
    QCoreApplication::sendPostedEvents();           // and nothing queued adds a third
    QCOMPARE(*codes, (QList<int>{20002, 20002}));
}

void TestRtmE2E::contextDestroyedDropsCallback()
{
    auto client = makeClient();
    auto calls = std::make_shared<int>(0);
    auto *context = new QObject;
    CallOptions options;
    options.context = context;
    client->getMessageNum(MessageCategory::Group, 1, {}, 0, 0, [calls](const RtmError &, const MessageCount &) { ++*calls; },
                          options);
    delete context;
    auto other = await<MessageCount>([&](CountCallback cb) { client->getMessageNum(MessageCategory::Group, 1, {}, 0, 0, cb); });
    QCOMPARE(other.calls, 1);   // the connection answered meanwhile (answers come in order)
    QCOMPARE(client->connection()->pendingCount(), 0);
    QCoreApplication::sendPostedEvents();
    QCOMPARE(*calls, 0);
}

namespace {
QStringList *g_captured = nullptr;
void captureMessage(QtMsgType, const QMessageLogContext &context, const QString &text)
{
    g_captured->append(QString::fromLatin1(context.category ? context.category : "") + QLatin1Char(' ') + text);
}
} // namespace

void TestRtmE2E::secretAndSignNeverLogged()
{
    QStringList captured;
    g_captured = &captured;
    QLoggingCategory::setFilterRules(QStringLiteral("rtm.*=true"));
    const QtMessageHandler previous = qInstallMessageHandler(captureMessage);

    auto client = makeClient();
    const qint64 ts = QDateTime::currentSecsSinceEpoch();
    const qint64 salt = IdGenerator::global().next();
    client->setTimeSource([ts] { return ts; });
    client->setSaltSource([salt] { return salt; });
    auto s = await<SendResult>([&](SendCallback cb) { client->sendMessage(51, 592001, 592002, MessageBody::text(QStringLiteral("log me")), "", 0, cb); });
    auto bad = makeClient("other-secret-xyz");
    auto e = await<SendResult>([&](SendCallback cb) { bad->sendMessage(51, 592001, 592002, MessageBody::text(QStringLiteral("x")), "", 0, cb); });
    client.reset();
    bad.reset();

    qInstallMessageHandler(previous);
    QLoggingCategory::setFilterRules(QStringLiteral("rtm.*.debug=false"));
    g_captured = nullptr;

    QVERIFY(!s.error);
    QCOMPARE(e.error.code, int(InvalidPidOrSign));
    QVERIFY2(captured.join(u'\n').contains(QLatin1String("rtm.client")), "debug logging was on");
    const QByteArray sign = computeSign(kPid, kSecret, salt, method::SendMsg, ts);
    for (const QString &line : captured) {
        QVERIFY2(!line.contains(QString::fromLatin1(kSecret)), qPrintable(line));
        QVERIFY2(!line.contains(QLatin1String("other-secret-xyz")), qPrintable(line));
        QVERIFY2(!line.contains(QString::fromLatin1(sign), Qt::CaseInsensitive), qPrintable(line));
    }
}

QTEST_GUILESS_MAIN(TestRtmE2E)
#include "tst_rtm_e2e.moc"
