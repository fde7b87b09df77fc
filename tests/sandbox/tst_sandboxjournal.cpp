// Journal: replay of messages, fan-outs and deletes, a torn last record cut at every byte
// (a sendmsgs fan-out replays all copies or none), damage before the last record refused,
// the project id in the header, old-format journals, failed writes (a real EFBIG from a
// lowered file size limit) answered as errors and cut back, and SandboxServer restarting
// from its journal.

#include <csignal>

#include <sys/resource.h>

#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>

#include "rtm/rtmwire.h"
#include "sandbox/journal.h"
#include "sandbox/messagestore.h"
#include "sandbox/methods.h"
#include "sandbox/sandboxserver.h"
#include "sandboxtestutil.h"

using namespace Qt::StringLiterals;

using namespace sandbox;
using sandboxtest::mapOf;
using sandboxtest::message;

namespace {

constexpr qint64 kPid = 11000001;

struct Replayed {
    std::vector<StoredMessage> messages;
    std::vector<qint64> deletes;
};

bool replay(const QString &path, Replayed *out, Journal *journal, qint64 pid = kPid)
{
    return journal->open(
        path, pid, [&](StoredMessage &&m) { out->messages.push_back(std::move(m)); },
        [&](qint64 id) { out->deletes.push_back(id); });
}

// A store with its journal and the wire methods over both, as SandboxServer wires them.
struct Backend {
    MessageStore store;
    Journal journal;
    MessageMethods methods{store, &journal};
    bool open(const QString &path)
    {
        return journal.open(
            path, kPid, [&](StoredMessage &&m) { QVERIFY(store.append(std::move(m)) != 0); },
            [&](qint64 id) { QVERIFY(store.markDeleted(id)); });
    }
};

fpnn::Value sendParams(qint64 mid, qint64 to = 1002)
{
    return mapOf({{"mtype", 30}, {"from", 1001}, {"to", to}, {"mid", mid}, {"msg", "hello"}, {"attrs", ""}});
}

fpnn::Value fanOutParams(qint64 mid, int receivers)
{
    fpnn::ValueArray tos;
    for (int i = 0; i < receivers; ++i)
        tos.push_back(fpnn::Value(qint64(2000 + i)));
    return mapOf({{"mtype", 30}, {"from", 1000}, {"tos", fpnn::Value(std::move(tos))}, {"mid", mid},
                  {"msg", "notice to all"}, {"attrs", "{}"}});
}

fpnn::Value deleteParams(qint64 mid, qint64 to = 1002)
{
    return mapOf({{"mid", mid}, {"from", 1001}, {"xid", to}, {"type", 1}});
}

// Lowers this process's file size limit, so that write() beyond it fails for real with
// EFBIG (SIGXFSZ ignored meanwhile); restored when destroyed.
class FileSizeLimit {
public:
    explicit FileSizeLimit(qint64 bytes)
    {
        ::getrlimit(RLIMIT_FSIZE, &m_saved);
        m_savedHandler = std::signal(SIGXFSZ, SIG_IGN);
        rlimit lowered = m_saved;
        lowered.rlim_cur = rlim_t(bytes);
        m_ok = ::setrlimit(RLIMIT_FSIZE, &lowered) == 0;
    }
    ~FileSizeLimit()
    {
        ::setrlimit(RLIMIT_FSIZE, &m_saved);
        std::signal(SIGXFSZ, m_savedHandler);
    }
    bool ok() const { return m_ok; }

private:
    rlimit m_saved{};
    void (*m_savedHandler)(int) = nullptr;
    bool m_ok = false;
};

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
        const QString path = dir.filePath(u"j"_s);
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
        const QString path = dir.filePath(u"j"_s);
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
        const QString path = dir.filePath(u"j"_s);
        QByteArray data = Journal::header(kPid) + Journal::encodeMessage(sample(1, "one")) +
                          Journal::encodeMessage(sample(2, "two"));
        const int firstBody = int(Journal::kHeaderSize) + 8;
        data[firstBody + 3] = char(data[firstBody + 3] ^ 1);
        writeAll(path, data);
        Journal j;
        Replayed r;
        QVERIFY(!replay(path, &r, &j));
        QVERIFY(j.errorString().contains(u"damaged"_s));
        QCOMPARE(readAll(path), data);   // nothing was truncated
    }

    void foreignFileIsRefused()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"j"_s);
        writeAll(path, "{\"not\":\"a journal\"}\n");
        Journal j;
        Replayed r;
        QVERIFY(!replay(path, &r, &j));
        QVERIFY(j.errorString().contains(u"not a sandbox journal"_s));
    }

    void tornHeaderStartsAfresh()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"j"_s);
        for (int cut = 1; cut < Journal::kHeaderSize; ++cut) {
            writeAll(path, Journal::header(kPid).left(cut));
            Journal j;
            Replayed r;
            QVERIFY2(replay(path, &r, &j), qPrintable(j.errorString()));
            QVERIFY(j.wasNew());
            QCOMPARE(j.replayStats().skippedTailBytes, qint64(cut));
            j.close();
            QCOMPARE(readAll(path), Journal::header(kPid));
        }
    }

    // The header names the project; another project's journal is refused, untouched.
    void headerCarriesThePid()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"j"_s);
        {
            Journal j;
            Replayed r;
            QVERIFY(replay(path, &r, &j, 77));
            QCOMPARE(j.formatVersion(), 2);
            QVERIFY(j.appendMessage(sample(1, "one")));
        }
        QVERIFY(readAll(path).startsWith(Journal::header(77)));
        const QByteArray before = readAll(path);
        Journal j;
        Replayed r;
        QVERIFY(!replay(path, &r, &j, 78));
        QVERIFY2(j.errorString().contains(u"journal of project 77, not of project 78"_s), qPrintable(j.errorString()));
        QVERIFY(!j.isOpen());
        QVERIFY(r.messages.empty());
        QCOMPARE(readAll(path), before);
        QVERIFY(replay(path, &r, &j, 77));
        QCOMPARE(r.messages.size(), size_t(1));
    }

    // A journal of the first format (magic RTMSBJ01, no pid, kinds 1 and 2 only) still opens
    // for any pid, keeps its header and takes new records.
    void oldFormatStillReplays()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"j"_s);
        const QByteArray old = QByteArray(Journal::kMagicV1) + Journal::encodeMessage(sample(1, "one")) +
                               Journal::encodeMessage(sample(2, "two")) + Journal::encodeDelete(1);
        writeAll(path, old);
        for (qint64 pid : {kPid, qint64(5)}) {
            Journal j;
            Replayed r;
            QVERIFY2(replay(path, &r, &j, pid), qPrintable(j.errorString()));
            QCOMPARE(j.formatVersion(), 1);
            QVERIFY(!j.wasNew());
            QCOMPARE(r.messages.size(), size_t(2));
            QCOMPARE(r.messages[1].msg, QByteArray("two"));
            QCOMPARE(r.deletes, std::vector<qint64>{1});
        }
        {
            Journal j;
            Replayed r;
            QVERIFY(replay(path, &r, &j));
            StoredMessage copy = sample(3, "three");
            copy.id = 4;
            copy.to = 1003;
            QVERIFY(j.appendMessages({sample(3, "three"), copy}));   // a fan-out record in an old file
            QVERIFY(!j.appendMessages({sample(5, "five"), sample(6, "six")}));   // not copies of one call
        }
        QVERIFY(readAll(path).startsWith(old));
        Journal j;
        Replayed r;
        QVERIFY(replay(path, &r, &j, 5));
        QCOMPARE(r.messages.size(), size_t(4));
        QCOMPARE(r.messages[3].id, 4);
        QCOMPARE(r.messages[3].to, 1003);
        QCOMPARE(r.messages[3].msg, QByteArray("three"));
    }

    // sendmsgs is one record: a crash at any byte of it replays every copy or none, and a
    // retry with the same mid then succeeds (or is a duplicate, when all copies were kept).
    void tornFanOutIsAllOrNothing()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"j"_s);
        const int receivers = 10;
        QByteArray good, fanOut;
        qint64 mtime = 0;
        {
            Backend b;
            QVERIFY(b.open(path));
            QCOMPARE(b.methods.sendMsg(sendParams(1), sandboxtest::nowMs()).code, 0);
            good = readAll(path);
            const fpnn::Answer a = b.methods.sendMsgs(fanOutParams(9, receivers), sandboxtest::nowMs());
            QCOMPARE(a.code, 0);
            mtime = sandboxtest::intField(a.payload, "mtime");
            QCOMPARE(b.store.size(), qint64(1 + receivers));
            for (qint64 id = 2; id <= b.store.lastId(); ++id)
                QCOMPARE(b.store.byId(id)->mtime, mtime);   // one mtime for every copy
            fanOut = readAll(path).mid(good.size());
        }
        // One record (length + CRC + body of kind 3) holds every copy.
        QVERIFY(fanOut.size() > receivers * 16);
        QCOMPARE(qint64(qFromLittleEndian<quint32>(fanOut.constData())) + 8, qint64(fanOut.size()));
        QCOMPARE(int(fanOut[8]), 3);
        for (int cut = 0; cut <= fanOut.size(); ++cut) {
            writeAll(path, good + fanOut.left(cut));
            Backend b;
            QVERIFY2(b.open(path), qPrintable(QStringLiteral("cut at %1: %2").arg(cut).arg(b.journal.errorString())));
            const bool whole = cut == fanOut.size();
            QCOMPARE(b.store.size(), whole ? qint64(1 + receivers) : qint64(1));
            QCOMPARE(b.journal.replayStats().skippedTailBytes, whole ? 0 : qint64(cut));
            if (whole) {
                for (qint64 id = 2; id <= b.store.lastId(); ++id)
                    QCOMPARE(b.store.byId(id)->mtime, mtime);   // one mtime for every copy
            }
            const fpnn::Answer retry = b.methods.sendMsgs(fanOutParams(9, receivers), sandboxtest::nowMs());
            QCOMPARE(retry.code, whole ? int(rtm::DuplicatedMid) : 0);
            QCOMPARE(b.store.size(), qint64(1 + receivers));
        }
    }

    // A record that cannot be written completely is cut back off the file: the file stays
    // replayable and later records follow the last good one directly.
    void failedWriteIsCutBack()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"j"_s);
        Journal j;
        Replayed r;
        QVERIFY(replay(path, &r, &j));
        QVERIFY(j.appendMessage(sample(1, "one")));
        const QByteArray good = readAll(path);
        const QByteArray deletion = Journal::encodeDelete(1);
        QVERIFY(deletion.size() < 20);
        {
            FileSizeLimit limit(good.size() + 20);   // room for 20 more bytes: a message gets torn
            QVERIFY(limit.ok());
            QVERIFY(!j.appendMessage(sample(2, "two, which does not fit")));
            QVERIFY2(!j.errorString().isEmpty() && !j.errorString().contains(path), qPrintable(j.errorString()));
            QCOMPARE(QFileInfo(path).size(), qint64(good.size()));
            QVERIFY(!j.appendMessages({sample(2, "a"), sample(3, "a")}));
            QCOMPARE(QFileInfo(path).size(), qint64(good.size()));
            QVERIFY(j.appendDelete(1));   // small enough: lands right after the last good record
        }
        QVERIFY(j.appendMessage(sample(2, "two, after the limit went")));
        j.close();
        QCOMPARE(readAll(path), good + deletion + Journal::encodeMessage(sample(2, "two, after the limit went")));
        Replayed again;
        QVERIFY(replay(path, &again, &j));
        QCOMPARE(again.messages.size(), size_t(2));
        QCOMPARE(again.deletes, std::vector<qint64>{1});
        QCOMPARE(j.replayStats().skippedTailBytes, 0);
    }

    // The wire methods journal first: a failed write answers 200999 ("journal write failed")
    // and leaves the store as it was, for sends, fan-outs and deletes alike.
    void failedJournalWriteChangesNothing()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"j"_s);
        {
            Backend b;
            QVERIFY(b.open(path));
            QCOMPARE(b.methods.sendMsg(sendParams(1), sandboxtest::nowMs()).code, 0);
            QCOMPARE(b.methods.sendMsg(sendParams(2), sandboxtest::nowMs()).code, 0);
            const qint64 size = QFileInfo(path).size();
            {
                FileSizeLimit limit(size + 10);   // not even a delete fits
                QVERIFY(limit.ok());
                const fpnn::Answer sent = b.methods.sendMsg(sendParams(3), sandboxtest::nowMs());
                QCOMPARE(sent.code, int(rtm::UnknownError));
                QVERIFY2(sent.errorText.startsWith(u"journal write failed: "_s), qPrintable(sent.errorText));
                QVERIFY(!sent.errorText.contains(path));
                const fpnn::Answer fan = b.methods.sendMsgs(fanOutParams(4, 3), sandboxtest::nowMs());
                QCOMPARE(fan.code, int(rtm::UnknownError));
                const fpnn::Answer deleted = b.methods.delMsg(deleteParams(1), sandboxtest::nowMs());
                QCOMPARE(deleted.code, int(rtm::UnknownError));
                QVERIFY(deleted.errorText.startsWith(u"journal write failed: "_s));
                QCOMPARE(b.store.size(), 2);
                QVERIFY(!b.store.find(MessageRef{Category::P2P, 1001, 1002, 3}));
                QVERIFY(!b.store.find(MessageRef{Category::P2P, 1000, 2000, 4}));
                QVERIFY(!b.store.find(MessageRef{Category::P2P, 1001, 1002, 1})->deleted);
                QCOMPARE(b.methods.getMsg(deleteParams(1), sandboxtest::nowMs()).code, 0);
                QCOMPARE(QFileInfo(path).size(), size);
            }
            // The condition cleared: the same calls go through.
            QCOMPARE(b.methods.sendMsg(sendParams(3), sandboxtest::nowMs()).code, 0);
            QCOMPARE(b.methods.sendMsgs(fanOutParams(4, 3), sandboxtest::nowMs()).code, 0);
            QCOMPARE(b.methods.delMsg(deleteParams(1), sandboxtest::nowMs()).code, 0);
            QCOMPARE(b.store.size(), 6);
        }
        // What was answered OK is exactly what a restart finds.
        Backend b;
        QVERIFY(b.open(path));
        QCOMPARE(b.journal.replayStats().skippedTailBytes, 0);
        QCOMPARE(b.store.size(), 6);
        QVERIFY(b.store.byId(1)->deleted);
        QVERIFY(b.store.find(MessageRef{Category::P2P, 1001, 1002, 3}));
        QVERIFY(b.store.find(MessageRef{Category::P2P, 1000, 2002, 4}));
    }

    // The server writes sends and deletes to the journal and restores them on restart,
    // with ids and mtimes continuing; demo data is not loaded into a non-new journal.
    void serverRestartsFromJournal()
    {
        QTemporaryDir dir;
        SandboxOptions options;
        options.dataFile = dir.filePath(u"store.journal"_s);
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
