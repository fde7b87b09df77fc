// Salt/mid generator: distinct and positive under a multi-threaded burst, sane layout.

#include <algorithm>
#include <thread>
#include <vector>

#include <QDateTime>
#include <QtTest>

#include "rtm/idgenerator.h"

using namespace rtm;

class TestIdGenerator : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void layoutRoundTrip();
    void burstFromFourThreadsIsUnique();
    void counterWrapWaitsForNextMs();
    void positiveUntil2089();
};

void TestIdGenerator::layoutRoundTrip()
{
    const qint64 id = composeId(123456789, 0x2a5, 0xabc);
    const IdFields f = decodeId(id);
    QCOMPARE(f.msSinceEpoch, qint64(123456789));
    QCOMPARE(f.random, 0x2a5);
    QCOMPARE(f.counter, 0xabc);

    IdGenerator gen(0x155);
    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    const IdFields g = decodeId(gen.next());
    const qint64 after = QDateTime::currentMSecsSinceEpoch();
    QCOMPARE(g.random, 0x155);
    QVERIFY(g.unixMs() >= before - 5 && g.unixMs() <= after + 5);
}

void TestIdGenerator::burstFromFourThreadsIsUnique()
{
    constexpr int kThreads = 4;
    constexpr int kPerThread = 250000;   // 1,000,000 ids
    IdGenerator gen;
    std::vector<std::vector<qint64>> parts(kThreads);
    const qint64 startMs = QDateTime::currentMSecsSinceEpoch();
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&gen, &part = parts[t]] {
            part.reserve(kPerThread);
            for (int i = 0; i < kPerThread; ++i)
                part.push_back(gen.next());
        });
    }
    for (auto &th : threads)
        th.join();
    const qint64 endMs = QDateTime::currentMSecsSinceEpoch();

    std::vector<qint64> all;
    all.reserve(size_t(kThreads) * kPerThread);
    for (auto &p : parts) {
        QVERIFY(std::is_sorted(p.begin(), p.end()));   // one thread sees increasing ids
        all.insert(all.end(), p.begin(), p.end());
    }
    std::sort(all.begin(), all.end());
    QVERIFY(all.front() > 0);
    QVERIFY(std::adjacent_find(all.begin(), all.end()) == all.end());
    QCOMPARE(all.size(), size_t(kThreads) * kPerThread);
    const IdFields first = decodeId(all.front());
    const IdFields last = decodeId(all.back());
    QVERIFY(first.unixMs() >= startMs - 5);
    QVERIFY(last.unixMs() <= endMs + 5);
    QCOMPARE(first.random, gen.random10());
}

void TestIdGenerator::counterWrapWaitsForNextMs()
{
    // More than 4096 ids as fast as possible: the generator must move to later
    // milliseconds instead of reusing a counter value.
    IdGenerator gen(1);
    qint64 prev = gen.next();
    for (int i = 0; i < 20000; ++i) {
        const qint64 id = gen.next();
        QVERIFY(id > prev);
        const IdFields f = decodeId(id), p = decodeId(prev);
        QVERIFY(f.msSinceEpoch > p.msSinceEpoch || (f.msSinceEpoch == p.msSinceEpoch && f.counter == p.counter + 1));
        prev = id;
    }
}

void TestIdGenerator::positiveUntil2089()
{
    // 2^41 ms after 2020-01-01 is 2089-09-07: the layout stays positive until then.
    const qint64 ms2089 = QDateTime(QDate(2089, 9, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch() - kIdEpochMs;
    QVERIFY(composeId(ms2089, 1023, 4095) > 0);
}

QTEST_GUILESS_MAIN(TestIdGenerator)
#include "tst_idgenerator.moc"
