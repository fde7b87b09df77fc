// waitForReply(): blocks from a test function / main(), refuses inside a running loop.

#include <QEventLoop>
#include <QTemporaryDir>
#include <QTimer>
#include <QTest>

#include "servicetestutil.h"
#include "service/blockingcall.h"
#include "service/rtmsession.h"

using service::RtmSession;

class TestBlockingCall : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        qputenv("RTM_AUDIT_LOG", m_dir.filePath(QStringLiteral("audit.jsonl")).toUtf8());
    }

    void waitsForTheResult()
    {
        auto sb = testutil::startSandbox();
        QVERIFY(sb);
        RtmSession session(testutil::configFor(sb->port()));
        QVERIFY(service::canBlockHere());
        const service::ReplyResult sent = service::waitForReply(
            session.sendRoomMessage(51, 11, 22, rtm::MessageBody::text(QStringLiteral("blocking")), "{}", 987654321012345678LL));
        QVERIFY2(sent.ok(), qPrintable(sent.error.message));
        QCOMPARE(sent.kind, service::RtmReply::Kind::Send);
        QCOMPARE(sent.send.mid, 987654321012345678LL);
        QVERIFY(sent.send.mtime > 0);

        const service::ReplyResult info = service::waitForReply(session.getRoomMessageInfo(987654321012345678LL, 11, 22));
        QVERIFY(info.ok());
        QCOMPARE(info.info.message, QByteArray("blocking"));

        const service::ReplyResult probe = service::waitForReply(session.checkConnection());
        QVERIFY(probe.ok());
        const service::ReplyResult missing = service::waitForReply(session.getRoomMessageInfo(1, 11, 22));
        QCOMPARE(missing.error.code, int(rtm::MessageNotFound));
    }

    void refusesInsideARunningEventLoop()
    {
        auto sb = testutil::startSandbox();
        QVERIFY(sb);
        RtmSession session(testutil::configFor(sb->port()));
        service::setAssertOnBlockingMisuse(false);
        service::ReplyResult result;
        bool refusedRan = false;
        service::RtmReply *reply = session.checkConnection();
        bool replyFinished = false;
        connect(reply, &service::RtmReply::finished, this, [&] { replyFinished = true; });
        QEventLoop loop;
        QTimer::singleShot(0, &loop, [&] {
            QVERIFY(!service::canBlockHere());
            result = service::waitForReply(reply);   // inside loop.exec(): refused at once
            refusedRan = true;
            loop.quit();
        });
        loop.exec();
        service::setAssertOnBlockingMisuse(true);
        QVERIFY(refusedRan);
        QCOMPARE(result.error.code, 20013);
        // The refused reply keeps running and finishes normally.
        QTRY_VERIFY(replyFinished);
    }

    void timeoutAborts()
    {
        testutil::SilentServer silent;
        RtmSession session(testutil::configFor(silent.serverPort()));
        const service::ReplyResult r = service::waitForReply(session.checkConnection(), 200);
        QCOMPARE(r.error.code, 20015);
    }
};

QTEST_GUILESS_MAIN(TestBlockingCall)
#include "tst_blockingcall.moc"
