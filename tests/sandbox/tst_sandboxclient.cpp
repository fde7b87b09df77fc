// The project's RtmClient against the sandbox running on its own thread (SandboxThread),
// seeded with the demo data: the 18 calls end to end, paging through whole demo
// conversations, file messages, deletes and counts agreeing with history.

#include <memory>
#include <optional>

#include <QLoggingCategory>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "common/testvectors.h"
#include "fpnn/fpnnclient.h"
#include "fpnn/fpnnerrorcodes.h"
#include "rtm/rtmclient.h"
#include "sandbox/sandboxoptions.h"
#include "sandbox/sandboxserver.h"
#include "sandbox/sandboxthread.h"

using namespace rtm;

namespace {

template <typename Result>
struct Waiter {
    std::shared_ptr<std::optional<std::pair<RtmError, Result>>> out = std::make_shared<std::optional<std::pair<RtmError, Result>>>();
    std::function<void(const RtmError &, const Result &)> callback()
    {
        auto o = out;
        return [o](const RtmError &e, const Result &r) { *o = std::make_pair(e, r); };
    }
    bool wait() { return QTest::qWaitFor([&] { return out->has_value(); }, 15000); }
    const RtmError &error() const { return (*out)->first; }
    const Result &result() const { return (*out)->second; }
};

struct DoneWaiter {
    std::shared_ptr<std::optional<RtmError>> out = std::make_shared<std::optional<RtmError>>();
    DoneCallback callback()
    {
        auto o = out;
        return [o](const RtmError &e) { *o = e; };
    }
    bool wait() { return QTest::qWaitFor([&] { return out->has_value(); }, 15000); }
    const RtmError &error() const { return **out; }
};

} // namespace

class TestSandboxClient : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<sandbox::SandboxThread> m_sandbox;
    std::unique_ptr<RtmClient> m_client;
    quint16 m_port = 0;

    HistoryPage page(MessageCategory kind, qint64 uid, qint64 target, const HistoryQuery &q)
    {
        Waiter<HistoryPage> w;
        switch (kind) {
        case MessageCategory::P2P: m_client->getP2PMessage(uid, target, q, w.callback()); break;
        case MessageCategory::Group: m_client->getGroupMessage(uid, target, q, w.callback()); break;
        case MessageCategory::Room: m_client->getRoomMessage(uid, target, q, w.callback()); break;
        case MessageCategory::Broadcast: m_client->getBroadcastMessage(uid, q, w.callback()); break;
        }
        if (!w.wait()) {
            QTest::qFail("history timed out", __FILE__, __LINE__);
            return {};
        }
        if (w.error())
            qWarning() << "history error" << w.error().code << w.error().message;
        return w.result();
    }

    // Every row of a conversation, paging with the answer's cursor values unchanged.
    std::vector<HistoryMessage> all(MessageCategory kind, qint64 uid, qint64 target, bool desc, QList<int> mtypes = {})
    {
        std::vector<HistoryMessage> out;
        HistoryQuery q;
        q.desc = desc;
        q.num = 20;
        q.mtypes = mtypes;
        for (int guard = 0; guard < 10000; ++guard) {
            const HistoryPage p = page(kind, uid, target, q);
            out.insert(out.end(), p.messages.begin(), p.messages.end());
            if (p.count < q.num)
                break;
            q.lastId = p.lastCursorId;
            q.begin = p.beginMsec;
            q.end = p.endMsec;
        }
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QLoggingCategory::setFilterRules(QStringLiteral("rtm.*.debug=false\nrtm.*.info=false"));
        sandbox::SandboxOptions options;
        options.demoData = true;
        m_sandbox = std::make_unique<sandbox::SandboxThread>(options);
        QSignalSpy started(m_sandbox.get(), &sandbox::SandboxThread::started);
        QSignalSpy failed(m_sandbox.get(), &sandbox::SandboxThread::failed);
        m_sandbox->start();
        QTRY_COMPARE_WITH_TIMEOUT(started.count(), 1, 15000);
        QCOMPARE(failed.count(), 0);
        m_port = started.first().first().value<quint16>();
        QVERIFY(m_port != 0);
        QCOMPARE(m_sandbox->port(), m_port);
        m_client = std::make_unique<RtmClient>(sandbox::kDemoPid, sandbox::kDemoSecret, QStringLiteral("127.0.0.1"), m_port);
    }

    void cleanupTestCase()
    {
        m_client.reset();
        QSignalSpy stopped(m_sandbox.get(), &sandbox::SandboxThread::stopped);
        m_sandbox->stop();
        QCOMPARE(stopped.count(), 1);
        QVERIFY(!m_sandbox->isRunning());
        m_sandbox.reset();
    }

    void sandboxThreadReportsFailure()
    {
        // The port is taken by the running sandbox.
        sandbox::SandboxThread second;
        QSignalSpy failed(&second, &sandbox::SandboxThread::failed);
        second.start(QHostAddress::LocalHost, m_port);
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 10000);
        QVERIFY(!failed.first().first().toString().isEmpty());
        // An unusable journal path.
        QTemporaryDir dir;
        sandbox::SandboxOptions o;
        o.dataFile = dir.path();   // a directory
        sandbox::SandboxThread third(o);
        QSignalSpy failed3(&third, &sandbox::SandboxThread::failed);
        third.start();
        QTRY_COMPARE_WITH_TIMEOUT(failed3.count(), 1, 10000);
        // Another project's journal: the console's sandbox (demo pid) refuses it with the reason.
        sandbox::SandboxOptions p77;
        p77.pid = 77;
        p77.dataFile = dir.filePath("p77.journal");
        {
            sandbox::SandboxServer owner(p77);
            QVERIFY(owner.listen());
        }
        sandbox::SandboxOptions demo;
        demo.dataFile = p77.dataFile;
        sandbox::SandboxThread fourth(demo);
        QSignalSpy failed4(&fourth, &sandbox::SandboxThread::failed);
        fourth.start();
        QTRY_COMPARE_WITH_TIMEOUT(failed4.count(), 1, 10000);
        QVERIFY2(failed4.first().first().toString().contains("journal of project 77"),
                 qPrintable(failed4.first().first().toString()));
    }   // destructors stop and join

    // RtmClient over an encrypted connection to a sandbox that refuses plain ones: a send
    // and the history that shows it, in both modes.
    void encryptedSendAndHistory_data()
    {
        QTest::addColumn<bool>("streamMode");
        QTest::addColumn<int>("bits");
        QTest::newRow("package, AES-128") << false << 128;
        QTest::newRow("stream, AES-256") << true << 256;
    }
    void encryptedSendAndHistory()
    {
        QFETCH(bool, streamMode);
        QFETCH(int, bits);
        const QString keys = testdata::dataDir() + QStringLiteral("/keys/");
        sandbox::SandboxOptions options;
        options.eccKeyFile = keys + QStringLiteral("secp256r1-private.pem");
        options.forceEncrypt = true;
        sandbox::SandboxThread server(options);
        QSignalSpy started(&server, &sandbox::SandboxThread::started);
        server.start();
        QTRY_COMPARE_WITH_TIMEOUT(started.count(), 1, 15000);
        const quint16 port = started.first().first().value<quint16>();

        RtmClient client(sandbox::kDemoPid, sandbox::kDemoSecret, QStringLiteral("127.0.0.1"), port);
        fpnn::ClientOptions connection = client.connection()->options();
        connection.encryption.serverKey = fpnn::EccPublicKey::fromFile(keys + QStringLiteral("secp256r1-public.pem"));
        connection.encryption.options.bits = bits;
        connection.encryption.options.streamMode = streamMode;
        client.connection()->setOptions(connection);

        const QByteArray body = QByteArray(20000, 'e') + "end";   // more than one read
        Waiter<SendResult> sent;
        client.sendMessage(30, 1101, 1102, MessageBody::text(QString::fromLatin1(body)), "{}", 4242, sent.callback());
        QVERIFY(sent.wait());
        QVERIFY2(!sent.error(), qPrintable(sent.error().message));
        QVERIFY(client.connection()->isEncrypted());

        Waiter<HistoryPage> history;
        HistoryQuery q;
        q.num = 10;
        client.getP2PMessage(1101, 1102, q, history.callback());
        QVERIFY(history.wait());
        QVERIFY2(!history.error(), qPrintable(history.error().message));
        QCOMPARE(history.result().messages.size(), size_t(1));
        QCOMPARE(history.result().messages.front().messageId, qint64(4242));
        QCOMPARE(history.result().messages.front().message, body);

        // The same sandbox refuses a plain client.
        RtmClient plain(sandbox::kDemoPid, sandbox::kDemoSecret, QStringLiteral("127.0.0.1"), port);
        Waiter<HistoryPage> refused;
        plain.getP2PMessage(1101, 1102, q, refused.callback());
        QVERIFY(refused.wait());
        QCOMPARE(refused.error().code, int(fpnn::CoreForbidden));
    }

    void sandboxThreadReportsBadKeyFile()
    {
        sandbox::SandboxOptions options;
        options.eccKeyFile = testdata::dataDir() + QStringLiteral("/keys/secp256r1-public.pem");
        sandbox::SandboxThread server(options);
        QSignalSpy failed(&server, &sandbox::SandboxThread::failed);
        server.start();
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 10000);
        const QString why = failed.first().first().toString();
        QVERIFY2(why.contains(QLatin1String("secp256r1-public.pem")) && why.contains(QLatin1String("not an unencrypted PEM private key")),
                 qPrintable(why));
    }

    void demoHistoryPagesThroughWholeConversations_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<qint64>("uid");
        QTest::addColumn<qint64>("target");
        QTest::newRow("p2p 1001-1002") << int(MessageCategory::P2P) << qint64(1001) << qint64(1002);
        QTest::newRow("group 2001") << int(MessageCategory::Group) << qint64(1001) << qint64(2001);
        QTest::newRow("room 3002") << int(MessageCategory::Room) << qint64(1005) << qint64(3002);
        QTest::newRow("broadcast") << int(MessageCategory::Broadcast) << qint64(1003) << qint64(0);
    }
    void demoHistoryPagesThroughWholeConversations()
    {
        QFETCH(int, kind);
        QFETCH(qint64, uid);
        QFETCH(qint64, target);
        const auto desc = all(MessageCategory(kind), uid, target, true);
        const auto asc = all(MessageCategory(kind), uid, target, false);
        QVERIFY(desc.size() > 20);
        QCOMPARE(desc.size(), asc.size());
        for (size_t i = 0; i < desc.size(); ++i) {
            QCOMPARE(desc[i].cursorId, asc[asc.size() - 1 - i].cursorId);
            if (i)
                QVERIFY(desc[i].cursorId < desc[i - 1].cursorId && desc[i].modifiedTime < desc[i - 1].modifiedTime);
            const HistoryMessage &m = desc[i];
            if (MessageCategory(kind) == MessageCategory::P2P)
                QVERIFY((m.fromUid == uid && m.toId == target) || (m.fromUid == target && m.toId == uid));
            if (m.deleted)
                QVERIFY(m.message.isEmpty());
        }
        if (MessageCategory(kind) == MessageCategory::Group || MessageCategory(kind) == MessageCategory::Room) {
            // getmsgnum counts what history shows minus the deleted rows.
            Waiter<MessageCount> w;
            m_client->getMessageNum(MessageCategory(kind), target, {}, 0, 0, w.callback());
            QVERIFY(w.wait());
            QVERIFY(!w.error());
            const auto live = std::count_if(desc.begin(), desc.end(), [](const HistoryMessage &m) { return !m.deleted; });
            QCOMPARE(w.result().num, qint64(live));
            QVERIFY(w.result().sender > 1);
        }
    }

    void demoFileMessagesMapToFileInfo()
    {
        const auto rows = all(MessageCategory::Group, 1001, 2001, true, {40, 41, 42, 50});
        QVERIFY(rows.size() > 10);
        int audio = 0;
        for (const HistoryMessage &m : rows) {
            QVERIFY(m.messageType >= 40 && m.messageType <= 50);
            if (m.deleted)
                continue;
            QVERIFY2(m.fileInfo.has_value(), m.message.constData());
            QVERIFY(m.fileInfo->url.startsWith("https://"));
            QVERIFY(m.fileInfo->size > 0);
            if (m.fileInfo->isRtmAudio) {
                ++audio;
                QVERIFY(!m.fileInfo->language.isEmpty());
                QVERIFY(m.fileInfo->duration > 0);
            }
        }
        QVERIFY(audio > 0);
    }

    void sendInfoDeleteRoundTrip()
    {
        const qint64 mid = 987654321;
        struct Kind {
            MessageCategory category;
            qint64 target;
        };
        for (const Kind k : {Kind{MessageCategory::P2P, 1002}, Kind{MessageCategory::Group, 2001},
                             Kind{MessageCategory::Room, 3001}, Kind{MessageCategory::Broadcast, 0}}) {
            Waiter<SendResult> s;
            const MessageBody body = MessageBody::text(QStringLiteral("测试 %1 👋").arg(int(k.category)));
            switch (k.category) {
            case MessageCategory::P2P: m_client->sendMessage(51, 1001, k.target, body, "{\"t\":1}", mid, s.callback()); break;
            case MessageCategory::Group: m_client->sendGroupMessage(51, 1001, k.target, body, "{\"t\":1}", mid, s.callback()); break;
            case MessageCategory::Room: m_client->sendRoomMessage(51, 1001, k.target, body, "{\"t\":1}", mid, s.callback()); break;
            case MessageCategory::Broadcast: m_client->broadcastMessage(51, 1001, body, "{\"t\":1}", mid, s.callback()); break;
            }
            QVERIFY(s.wait());
            QVERIFY2(!s.error(), qPrintable(s.error().message));
            QCOMPARE(s.result().mid, mid);
            QVERIFY(s.result().mtime > QDateTime::currentMSecsSinceEpoch() - 60000);

            auto info = [&] {
                Waiter<MessageInfo> w;
                switch (k.category) {
                case MessageCategory::P2P: m_client->getP2PMessageInfo(mid, 1001, k.target, w.callback()); break;
                case MessageCategory::Group: m_client->getGroupMessageInfo(mid, 1001, k.target, w.callback()); break;
                case MessageCategory::Room: m_client->getRoomMessageInfo(mid, 1001, k.target, w.callback()); break;
                case MessageCategory::Broadcast: m_client->getBroadcastMessageInfo(mid, 1001, w.callback()); break;
                }
                [&] { QVERIFY(w.wait()); }();
                return w;
            };
            auto before = info();
            QVERIFY(!before.error());
            QCOMPARE(before.result().message, body.bytes());
            QCOMPARE(before.result().attrs, QByteArray("{\"t\":1}"));
            QCOMPARE(before.result().modifiedTime, s.result().mtime);
            QCOMPARE(before.result().messageType, 51);

            for (int round = 0; round < 2; ++round) {   // the second delete succeeds too
                DoneWaiter d;
                switch (k.category) {
                case MessageCategory::P2P: m_client->deleteP2PMessage(mid, 1001, k.target, d.callback()); break;
                case MessageCategory::Group: m_client->deleteGroupMessage(mid, 1001, k.target, d.callback()); break;
                case MessageCategory::Room: m_client->deleteRoomMessage(mid, 1001, k.target, d.callback()); break;
                case MessageCategory::Broadcast: m_client->deleteBroadcastMessage(mid, 1001, d.callback()); break;
                }
                QVERIFY(d.wait());
                QVERIFY2(!d.error(), qPrintable(d.error().message));
            }
            auto after = info();
            QCOMPARE(after.error().code, int(MessageNotFound));
        }
        // sendMessages: one row per receiver, each visible in its own P2P history.
        Waiter<SendResult> s;
        m_client->sendMessages(30, 1000, {1031, 1032, 1033}, MessageBody::text(QStringLiteral("hello all")), {}, mid + 1, s.callback());
        QVERIFY(s.wait());
        QVERIFY(!s.error());
        for (qint64 uid : {1031, 1032, 1033}) {
            HistoryQuery q;
            q.num = 1;
            const HistoryPage p = page(MessageCategory::P2P, uid, 1000, q);
            QCOMPARE(p.count, 1);
            QCOMPARE(p.messages.front().messageId, mid + 1);
            QCOMPARE(p.messages.front().fromUid, 1000);
            QCOMPARE(p.messages.front().toId, uid);
            QCOMPARE(p.messages.front().modifiedTime, s.result().mtime);   // the answer's mtime is every receiver's
        }
        // A duplicate is refused with its name.
        Waiter<SendResult> dup;
        m_client->sendMessages(30, 1000, {1031}, MessageBody::text(QStringLiteral("again")), {}, mid + 1, dup.callback());
        QVERIFY(dup.wait());
        QCOMPARE(dup.error().code, int(DuplicatedMid));
    }

    void wrongSecretIsRefused()
    {
        RtmClient wrong(sandbox::kDemoPid, "not-the-secret", QStringLiteral("127.0.0.1"), m_port);
        Waiter<MessageCount> w;
        wrong.getMessageNum(MessageCategory::Group, 2001, {}, 0, 0, w.callback());
        QVERIFY(w.wait());
        QCOMPARE(w.error().code, int(InvalidPidOrSign));
    }
};

QTEST_GUILESS_MAIN(TestSandboxClient)
#include "tst_sandboxclient.moc"
