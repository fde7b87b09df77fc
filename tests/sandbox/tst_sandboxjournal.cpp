// Journal: replay of messages and deletes, a torn last record cut at every byte,
// damage before the last record refused, and SandboxServer restarting from its journal.

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "sandbox/journal.h"
#include "sandbox/messagestore.h"
#include "sandbox/sandboxserver.h"
#include "sandboxtestutil.h"

using namespace sandbox;
using sandboxtest::message;

namespace {

struct Replayed {
    std::vector<StoredMessage> messages;
    std::vector<qint64> deletes;
};

bool replay(const QString &path, Replayed *out, Journal *journal)
{
    return journal->open(
        path, [&](StoredMessage &&m) { out->messages.push_back(std::move(m)); },
        [&](qint64 id) { out->deletes.push_back(id); });
}

StoredMessage sample(qint64 id, const QByteArray &msg)
{
    StoredMessage m = message(Category::P2P, 1001, 1002, 900 + id, 30, 1'700'000'000'000 + id, msg);
    m.id = id;
    m.attrs = "{\"k\":\"v\"}";
    m.binary = (id % 2) == 0;
    return m;
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    f.open(QIODevice::ReadOnly);
    return f.readAll();
}

void writeAll(const QString &path, const QByteArray &data)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(f.write(data), data.size());
}

} // namespace

class TestSandboxJournal : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void crcKnownValue()
    {
        QCOMPARE(Journal::crc32("123456789", 9), 0xCBF43926u);   // the CRC-32 check value
    }

    void roundTrip()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("j");
        {
            Journal j;
            Replayed r;
            QVERIFY(replay(path, &r, &j));
            QVERIFY(j.wasNew());
            QVERIFY(j.appendMessage(sample(1, "hello")));
            QVERIFY(j.appendMessage(sample(2, QByteArray("\x00\x01\xff", 3))));
            QVERIFY(j.appendMessage(sample(3, "你好 👋\nline 2")));
            QVERIFY(j.appendDelete(2));
        }
        Journal j;
        Replayed r;
        QVERIFY(replay(path, &r, &j));
        QVERIFY(!j.wasNew());
        QCOMPARE(r.messages.size(), size_t(3));
        QCOMPARE(r.deletes, std::vector<qint64>{2});
        for (qint64 i = 1; i <= 3; ++i) {
            const StoredMessage &m = r.messages[size_t(i - 1)];
            const StoredMessage e = sample(i, m.msg);
            QCOMPARE(m.id, e.id);
            QCOMPARE(m.mtime, e.mtime);
            QCOMPARE(m.from, e.from);
            QCOMPARE(m.to, e.to);
            QCOMPARE(m.mid, e.mid);
            QCOMPARE(m.mtype, e.mtype);
            QCOMPARE(m.binary, e.binary);
            QCOMPARE(m.attrs, e.attrs);
        }
        QCOMPARE(r.messages[1].msg, QByteArray("\x00\x01\xff", 3));
        QCOMPARE(r.messages[2].msg, QByteArray("你好 👋\nline 2"));
    }

    // A crash can leave any prefix of the last record: each must replay everything before it.
    void tornLastRecordAtEveryByte_data()
    {
        QTest::addColumn<bool>("lastIsDelete");
        QTest::newRow("last record is a message") << false;
        QTest::newRow("last record is a delete") << true;
    }
    void tornLastRecordAtEveryByte()
    {
        QFETCH(bool, lastIsDelete);
        QTemporaryDir dir;
        const QString path = dir.filePath("j");
        {
            Journal j;
            Replayed r;
            QVERIFY(replay(path, &r, &j));
            QVERIFY(j.appendMessage(sample(1, "one")));
            QVERIFY(j.appendMessage(sample(2, "two")));
            QVERIFY(j.appendDelete(1));
        }
        const QByteArray good = readAll(path);
        const QByteArray last = lastIsDelete ? Journal::encodeDelete(2) : Journal::encodeMessage(sample(3, "three, the torn one"));
        for (int cut = 0; cut < last.size(); ++cut) {
            writeAll(path, good + last.left(cut));
            Journal j;
            Replayed r;
            QVERIFY2(replay(path, &r, &j), qPrintable(QStringLiteral("cut at %1: %2").arg(cut).arg(j.errorString())));
            QCOMPARE(r.messages.size(), size_t(2));
            QCOMPARE(r.deletes, std::vector<qint64>{1});
            QCOMPARE(j.replayStats().skippedTailBytes, qint64(cut));
            // The torn bytes are gone, and appending continues on a clean file.
            QVERIFY(j.appendDelete(2));
            j.close();
            QCOMPARE(readAll(path), good + Journal::encodeDelete(2));
        }
        // A last record with all its bytes but a wrong checksum (garbage page) is skipped too.
        QByteArray bad = last;
        bad[bad.size() - 1] = char(bad[bad.size() - 1] ^ 0x5a);
        writeAll(path, good + bad);
        Journal j;
        Replayed r;
        QVERIFY(replay(path, &r, &j));
        QCOMPARE(r.messages.size(), size_t(2));
        QCOMPARE(j.replayStats().skippedTailBytes, qint64(bad.size()));
    }

    void damageBeforeLastRecordIsRefused()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("j");
        QByteArray data = QByteArray(Journal::kMagic) + Journal::encodeMessage(sample(1, "one")) +
                          Journal::encodeMessage(sample(2, "two"));
        const int firstBody = int(sizeof(Journal::kMagic) - 1) + 8;
        data[firstBody + 3] = char(data[firstBody + 3] ^ 1);
        writeAll(path, data);
        Journal j;
        Replayed r;
        QVERIFY(!replay(path, &r, &j));
        QVERIFY(j.errorString().contains("damaged"));
        QCOMPARE(readAll(path), data);   // nothing was truncated
    }

    void foreignFileIsRefused()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("j");
        writeAll(path, "{\"not\":\"a journal\"}\n");
        Journal j;
        Replayed r;
        QVERIFY(!replay(path, &r, &j));
        QVERIFY(j.errorString().contains("not a sandbox journal"));
    }

    void tornHeaderStartsAfresh()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("j");
        writeAll(path, QByteArray(Journal::kMagic).left(3));
        Journal j;
        Replayed r;
        QVERIFY(replay(path, &r, &j));
        QVERIFY(j.wasNew());
        j.close();
        QCOMPARE(readAll(path), QByteArray(Journal::kMagic));
    }

    // The server writes sends and deletes to the journal and restores them on restart,
    // with ids and mtimes continuing; demo data is not loaded into a non-new journal.
    void serverRestartsFromJournal()
    {
        QTemporaryDir dir;
        SandboxOptions options;
        options.dataFile = dir.filePath("store.journal");
        options.demoData = true;
        qint64 count = 0, lastId = 0, lastMtime = 0;
        {
            SandboxServer server(options);
            QVERIFY(server.listen());
            count = server.store().size();
            QVERIFY(count > 4000);
            const StoredMessage *m = server.store().byId(10);
            QVERIFY(m && !m->deleted);
            server.store().markDeleted(10);   // store-level only: not journaled
            lastId = server.store().lastId();
            lastMtime = server.store().lastMtime();
        }
        {
            SandboxServer server(options);
            QVERIFY(server.listen());
            QCOMPARE(server.store().size(), count);   // replayed, no second demo load
            QCOMPARE(server.store().lastId(), lastId);
            QCOMPARE(server.store().lastMtime(), lastMtime);
            QVERIFY(!server.store().byId(10)->deleted);
        }
    }
};

QTEST_GUILESS_MAIN(TestSandboxJournal)
#include "tst_sandboxjournal.moc"
