// ParallelHistoryLoader against the in-process sandbox over loopback: random stores (many
// equal mtimes, deleted rows, other conversations in between) read in both orders with
// several page sizes, open and given ranges and mtypes filters, compared row by row with a
// brute-force reading of the store (exactly once, in order). Plus the window split rule on
// its own, windows whose edges fall on equal mtimes, resuming, cancelling, an error in the
// middle and a cursor that does not move.

#include <algorithm>
#include <functional>
#include <random>

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "servicetestutil.h"
#include "fpnn/fpnnerrorcodes.h"
#include "fpnn/fpnnserver.h"
#include "sandbox/messagestore.h"
#include "sandbox/methods.h"
#include "service/historymodel.h"
#include "service/historywindow.h"
#include "service/parallelhistoryloader.h"
#include "service/rtmsession.h"

using sandbox::Category;
using service::HistoryLoadSpec;
using service::HistoryWindow;
using service::ParallelHistoryLoader;

namespace {

constexpr qint64 kGid = 7001;
constexpr qint64 kOtherGid = 7002;
constexpr qint64 kBase = 1700000000000LL;

// What the test stored, for the brute-force reading.
struct StoredRow {
    qint64 id = 0;
    qint64 mtime = 0;
    Category category = Category::Group;
    qint64 to = 0;
    int mtype = 0;
    bool deleted = false;
};

// How mtimes advance from one stored row to the next.
enum class Spacing {
    Random,       // half the rows share the previous mtime, the rest step 1 ms .. 5 s
    ThreeValues,  // only kBase, kBase + 1, kBase + 2 (every window edge is on equal mtimes)
    OneValue      // every row at kBase (nothing to split)
};

std::vector<StoredRow> fillStore(sandbox::MessageStore &store, quint64 seed, int count, Spacing spacing)
{
    std::mt19937_64 rng(seed);
    std::vector<StoredRow> rows;
    qint64 mtime = kBase;
    const int mtypes[] = {30, 51, 52, 60};
    for (int i = 0; i < count; ++i) {
        sandbox::StoredMessage m;
        const quint64 kind = rng() % 100;
        if (kind < 70 || spacing != Spacing::Random) {
            m.category = Category::Group;
            m.to = kGid;
        } else if (kind < 85) {
            m.category = Category::Group;
            m.to = kOtherGid;
        } else {
            m.category = Category::P2P;
            m.to = 1002;
        }
        m.from = 1001 + qint64(rng() % 5);
        if (m.category == Category::P2P)
            m.from = 1001;
        m.mid = i + 1;
        m.mtype = quint8(mtypes[rng() % 4]);
        switch (spacing) {
        case Spacing::Random: {
            const quint64 step = rng() % 10;
            if (i > 0 && step >= 5)
                mtime += step < 8 ? 1 : (step == 8 ? 2 + qint64(rng() % 50) : 100 + qint64(rng() % 5000));
            break;
        }
        case Spacing::ThreeValues:
            mtime = kBase + (i * 3) / count;
            break;
        case Spacing::OneValue:
            mtime = kBase;
            break;
        }
        m.mtime = mtime;
        m.msg = QByteArray("row ") + QByteArray::number(i);
        m.attrs = "{}";
        StoredRow r{0, m.mtime, m.category, m.to, m.mtype, false};
        r.id = store.append(std::move(m));
        if (r.id == 0)
            qFatal("the store refused row %d", i);
        rows.push_back(r);
    }
    // About one row in eight deleted: still in history, flagged.
    for (StoredRow &r : rows) {
        if (rng() % 8 == 0) {
            store.markDeleted(r.id);
            r.deleted = true;
        }
    }
    return rows;
}

// The brute-force reading: every row of group kGid that the query selects, in page order.
std::vector<StoredRow> expectedRows(const std::vector<StoredRow> &stored, const HistoryLoadSpec &spec)
{
    std::vector<StoredRow> out;
    for (const StoredRow &r : stored) {
        if (r.category != Category::Group || r.to != spec.target)
            continue;
        if (spec.begin > 0 && r.mtime < spec.begin)
            continue;
        if (spec.end > 0 && r.mtime > spec.end)
            continue;
        if (!spec.mtypes.isEmpty() && !spec.mtypes.contains(r.mtype))
            continue;
        if (spec.afterId != 0 && (spec.desc ? r.id >= spec.afterId : r.id <= spec.afterId))
            continue;
        out.push_back(r);
    }
    std::sort(out.begin(), out.end(), [&spec](const StoredRow &a, const StoredRow &b) {
        return spec.desc ? a.id > b.id : a.id < b.id;
    });
    return out;
}

struct LoadOutcome {
    std::vector<rtm::HistoryMessage> rows;
    rtm::RtmError error;
    bool partial = false;
    int finishedCount = 0;
    int batchesAfterFinish = 0;
    qint64 maxBuffered = 0;
    service::HistoryLoadProgress progress;
    qint64 lastDeliveredId = 0;
    qint64 lastDeliveredMtime = 0;
};

struct Tuning {
    int maxConcurrency = 16;
    int pagesPerWindow = 32;
    qint64 maxBufferedRows = 20000;
};

LoadOutcome runLoad(service::RtmSession &session, const HistoryLoadSpec &spec, const Tuning &tuning = {},
                    std::function<void(ParallelHistoryLoader &, LoadOutcome &)> onBatch = {})
{
    LoadOutcome out;
    ParallelHistoryLoader loader(&session, spec);
    loader.setMaxConcurrency(tuning.maxConcurrency);
    loader.setPagesPerWindow(tuning.pagesPerWindow);
    loader.setMaxBufferedRows(tuning.maxBufferedRows);
    QObject::connect(&loader, &ParallelHistoryLoader::rowsReady, &loader,
                     [&](const std::vector<rtm::HistoryMessage> &rows) {
                         if (out.finishedCount > 0)
                             ++out.batchesAfterFinish;
                         out.rows.insert(out.rows.end(), rows.begin(), rows.end());
                         if (onBatch)
                             onBatch(loader, out);
                     });
    QObject::connect(&loader, &ParallelHistoryLoader::progressChanged, &loader, [&] {
        out.maxBuffered = std::max(out.maxBuffered, loader.progress().rowsBuffered);
    });
    QSignalSpy finished(&loader, &ParallelHistoryLoader::finished);
    QObject::connect(&loader, &ParallelHistoryLoader::finished, &loader, [&](const rtm::RtmError &e, bool partial) {
        ++out.finishedCount;
        out.error = e;
        out.partial = partial;
    });
    loader.start();
    if (finished.isEmpty() && !finished.wait(120000))
        qWarning("the load did not finish");
    out.progress = loader.progress();
    out.lastDeliveredId = loader.lastDeliveredId();
    out.lastDeliveredMtime = loader.lastDeliveredMtime();
    return out;
}

// "" when `rows` are exactly `expected` (same ids in the same order, flags and mtimes as
// stored), else the first difference.
QString compareRows(const std::vector<rtm::HistoryMessage> &rows, const std::vector<StoredRow> &expected,
                    size_t count)
{
    if (rows.size() != count)
        return QStringLiteral("%1 rows delivered, %2 expected").arg(rows.size()).arg(count);
    for (size_t i = 0; i < count; ++i) {
        const rtm::HistoryMessage &m = rows[i];
        const StoredRow &e = expected[i];
        if (m.cursorId != e.id || m.modifiedTime != e.mtime || m.deleted != e.deleted || m.messageType != e.mtype)
            return QStringLiteral("row %1: id %2 mtime %3, expected id %4 mtime %5").arg(i).arg(m.cursorId)
                .arg(m.modifiedTime).arg(e.id).arg(e.mtime);
    }
    return {};
}

// An FPNN server with the sandbox's history methods over its own store that answers the
// failAt-th history quest (probes included) with an error: a failure in one window.
class FailingHistoryServer {
public:
    explicit FailingHistoryServer(int failAt) : m_methods(store, nullptr), m_failAt(failAt)
    {
        for (const sandbox::MessageMethods::Entry &e : sandbox::MessageMethods::table()) {
            const QByteArray method(e.method);
            const bool history = method.startsWith("get") && method.endsWith("msg");
            m_server.addMethod(method, [this, history, handler = e.handler](const fpnn::IncomingQuest &q) {
                if (history && ++historyQuests == m_failAt)
                    return fpnn::Answer::failure(200999, QStringLiteral("injected failure"));
                return (m_methods.*handler)(q.payload, QDateTime::currentMSecsSinceEpoch());
            });
        }
        m_server.listen(QHostAddress::LocalHost, 0);
    }
    quint16 port() const { return m_server.serverPort(); }

    sandbox::MessageStore store;
    int historyQuests = 0;

private:
    sandbox::MessageMethods m_methods;
    fpnn::FpnnServer m_server;
    int m_failAt;
};

HistoryLoadSpec groupSpec(bool desc, int num)
{
    HistoryLoadSpec spec;
    spec.category = rtm::MessageCategory::Group;
    spec.uid = 1001;
    spec.target = kGid;
    spec.desc = desc;
    spec.pageSize = num;
    return spec;
}

} // namespace

class TestParallelHistoryLoader : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    std::unique_ptr<sandbox::SandboxServer> newSandbox()
    {
        auto server = testutil::startSandbox();
        if (server)
            server->store().clear();
        return server;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        qputenv("RTM_AUDIT_LOG", m_dir.filePath(QStringLiteral("audit.jsonl")).toUtf8());
    }

    void splitRule_data()
    {
        QTest::addColumn<bool>("desc");
        QTest::addColumn<qint64>("begin");
        QTest::addColumn<qint64>("end");
        QTest::addColumn<qint64>("lastId");
        QTest::addColumn<qint64>("at");
        QTest::addColumn<bool>("allowed");
        QTest::addColumn<qint64>("frontBegin");
        QTest::addColumn<qint64>("frontEnd");
        QTest::addColumn<qint64>("backBegin");
        QTest::addColumn<qint64>("backEnd");
        // desc: front [at, end] keeps the cursor, back [begin, at - 1].
        QTest::newRow("desc middle") << true << qint64(100) << qint64(200) << qint64(55) << qint64(150) << true
                                     << qint64(150) << qint64(200) << qint64(100) << qint64(149);
        QTest::newRow("desc at the front edge") << true << qint64(100) << qint64(200) << qint64(55) << qint64(200)
                                                << true << qint64(200) << qint64(200) << qint64(100) << qint64(199);
        QTest::newRow("desc back of one ms") << true << qint64(100) << qint64(200) << qint64(0) << qint64(101) << true
                                             << qint64(101) << qint64(200) << qint64(100) << qint64(100);
        QTest::newRow("desc at begin: empty back") << true << qint64(100) << qint64(200) << qint64(0) << qint64(100)
                                                   << false << qint64(0) << qint64(0) << qint64(0) << qint64(0);
        QTest::newRow("desc past the front") << true << qint64(100) << qint64(200) << qint64(0) << qint64(201) << false
                                             << qint64(0) << qint64(0) << qint64(0) << qint64(0);
        QTest::newRow("desc open begin") << true << qint64(0) << qint64(200) << qint64(9) << qint64(2) << true
                                         << qint64(2) << qint64(200) << qint64(0) << qint64(1);
        QTest::newRow("desc back would end at 0 (open)") << true << qint64(0) << qint64(200) << qint64(0) << qint64(1)
                                                         << false << qint64(0) << qint64(0) << qint64(0) << qint64(0);
        QTest::newRow("desc started, front unknown") << true << qint64(100) << qint64(0) << qint64(9) << qint64(150)
                                                     << false << qint64(0) << qint64(0) << qint64(0) << qint64(0);
        QTest::newRow("desc not started, open end") << true << qint64(100) << qint64(0) << qint64(0) << qint64(150)
                                                    << true << qint64(150) << qint64(0) << qint64(100) << qint64(149);
        // asc: front [begin, at - 1] keeps the cursor, back [at, end].
        QTest::newRow("asc middle") << false << qint64(100) << qint64(200) << qint64(55) << qint64(150) << true
                                    << qint64(100) << qint64(149) << qint64(150) << qint64(200);
        QTest::newRow("asc back of one ms") << false << qint64(100) << qint64(200) << qint64(55) << qint64(200) << true
                                            << qint64(100) << qint64(199) << qint64(200) << qint64(200);
        QTest::newRow("asc at begin: empty front") << false << qint64(100) << qint64(200) << qint64(55) << qint64(100)
                                                   << false << qint64(0) << qint64(0) << qint64(0) << qint64(0);
        QTest::newRow("asc past the end") << false << qint64(100) << qint64(200) << qint64(0) << qint64(201) << false
                                          << qint64(0) << qint64(0) << qint64(0) << qint64(0);
        QTest::newRow("asc open end") << false << qint64(100) << qint64(0) << qint64(55) << qint64(5000) << true
                                      << qint64(100) << qint64(4999) << qint64(5000) << qint64(0);
        QTest::newRow("asc started, front unknown") << false << qint64(0) << qint64(200) << qint64(55) << qint64(150)
                                                    << false << qint64(0) << qint64(0) << qint64(0) << qint64(0);
        QTest::newRow("asc front would end at 0 (open)") << false << qint64(0) << qint64(200) << qint64(0) << qint64(1)
                                                         << false << qint64(0) << qint64(0) << qint64(0) << qint64(0);
    }

    void splitRule()
    {
        QFETCH(bool, desc);
        QFETCH(qint64, begin);
        QFETCH(qint64, end);
        QFETCH(qint64, lastId);
        QFETCH(qint64, at);
        QFETCH(bool, allowed);
        HistoryWindow w;
        w.begin = begin;
        w.end = end;
        w.lastId = lastId;
        QCOMPARE(service::canSplitAt(w, desc, at), allowed);
        if (!allowed)
            return;
        const HistoryWindow back = service::splitAt(w, desc, at);
        QFETCH(qint64, frontBegin);
        QFETCH(qint64, frontEnd);
        QFETCH(qint64, backBegin);
        QFETCH(qint64, backEnd);
        QCOMPARE(w.begin, frontBegin);
        QCOMPARE(w.end, frontEnd);
        QCOMPARE(w.lastId, lastId);   // the cursor stays in front
        QCOMPARE(back.begin, backBegin);
        QCOMPARE(back.end, backEnd);
        QCOMPARE(back.lastId, qint64(0));
        // Adjacent and disjoint: the mtime `at` is in exactly one part.
        const HistoryWindow &lower = desc ? back : w;
        const HistoryWindow &upper = desc ? w : back;
        QCOMPARE(lower.end, at - 1);
        QCOMPARE(upper.begin, at);
    }

    // GIVEN random stores (equal mtimes, deleted rows, other conversations in between)
    // WHEN the whole group is read in parallel with the given order, page size, range and filter
    // THEN the rows are exactly those of the brute-force reading, in order, and the load
    //      really ran several windows at once with a bounded buffer.
    void matchesBruteForce_data()
    {
        QTest::addColumn<quint64>("seed");
        QTest::addColumn<bool>("desc");
        QTest::addColumn<int>("num");
        QTest::addColumn<int>("range");        // 0 open, 1 both given, 2 begin only, 3 end only
        QTest::addColumn<bool>("filtered");    // an mtypes filter
        QTest::addColumn<int>("pagesPerWindow");
        QTest::addColumn<qint64>("maxBuffered");
        const int nums[] = {1, 3, 7, 20};
        for (quint64 seed = 1; seed <= 32; ++seed) {
            const bool desc = seed % 2 == 0;
            const int num = nums[(seed / 2) % 4];
            const int range = int((seed / 8) % 4);
            const bool filtered = seed % 3 == 0;
            const int pagesPerWindow = int(1 + seed % 4);
            const qint64 maxBuffered = seed % 5 == 0 ? 30 : 20000;
            QTest::addRow("seed %llu %s num %d range %d%s ppw %d buf %lld", seed, desc ? "desc" : "asc", num, range,
                          filtered ? " mtypes" : "", pagesPerWindow, maxBuffered)
                << seed << desc << num << range << filtered << pagesPerWindow << maxBuffered;
        }
    }

    void matchesBruteForce()
    {
        QFETCH(quint64, seed);
        QFETCH(bool, desc);
        QFETCH(int, num);
        QFETCH(int, range);
        QFETCH(bool, filtered);
        QFETCH(int, pagesPerWindow);
        QFETCH(qint64, maxBuffered);

        auto server = newSandbox();
        QVERIFY(server);
        const std::vector<StoredRow> stored = fillStore(server->store(), seed, 700, Spacing::Random);
        service::RtmSession session(testutil::configFor(server->port()));
        session.setAuditLog(nullptr);

        HistoryLoadSpec spec = groupSpec(desc, num);
        // Given bounds sit on mtimes that several rows share, so the range edges cut runs.
        std::mt19937_64 rng(seed * 7919);
        auto sharedMtime = [&](size_t from, size_t to) {
            for (size_t i = from + size_t(rng() % (to - from)); i + 1 < stored.size(); ++i)
                if (stored[i].mtime == stored[i + 1].mtime)
                    return stored[i].mtime;
            return stored[from].mtime;
        };
        if (range == 1 || range == 2)
            spec.begin = sharedMtime(50, 250);
        if (range == 1 || range == 3)
            spec.end = sharedMtime(450, 650);
        if (filtered)
            spec.mtypes = {51, 60};
        const std::vector<StoredRow> expected = expectedRows(stored, spec);
        QVERIFY(expected.size() > 50);

        const Tuning tuning{8, pagesPerWindow, maxBuffered};
        const LoadOutcome out = runLoad(session, spec, tuning);
        QCOMPARE(out.finishedCount, 1);
        QVERIFY2(!out.error.isError(), qPrintable(out.error.name + QLatin1Char(' ') + out.error.message));
        QVERIFY(!out.partial);
        const QString diff = compareRows(out.rows, expected, expected.size());
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        QCOMPARE(out.progress.rowsDelivered, qint64(expected.size()));
        QCOMPARE(out.lastDeliveredId, expected.back().id);

        // Several windows, several pages in flight; the buffer stays within its bound plus
        // the pages that were already asked for.
        if (qint64(expected.size()) >= 6LL * num * pagesPerWindow) {
            QVERIFY2(out.progress.windows > 2, qPrintable(QString::number(out.progress.windows)));
            QVERIFY2(out.progress.maxInFlight > 1, qPrintable(QString::number(out.progress.maxInFlight)));
        }
        QVERIFY2(out.maxBuffered <= maxBuffered + qint64(tuning.maxConcurrency) * num,
                 qPrintable(QString::number(out.maxBuffered)));
    }

    // GIVEN rows on three consecutive mtimes only (or all on one)
    // WHEN they are read with one-page windows
    // THEN every split lies on an edge between equal-mtime runs and still no row is lost or
    //      doubled; with a single mtime nothing can be split and the load stays one window.
    void windowEdgesOnEqualMtimes_data()
    {
        QTest::addColumn<bool>("desc");
        QTest::addColumn<int>("num");
        QTest::addColumn<bool>("oneValue");
        QTest::newRow("three mtimes desc num 7") << true << 7 << false;
        QTest::newRow("three mtimes asc num 7") << false << 7 << false;
        QTest::newRow("three mtimes desc num 20") << true << 20 << false;
        QTest::newRow("three mtimes asc num 1") << false << 1 << false;
        QTest::newRow("one mtime desc") << true << 6 << true;
        QTest::newRow("one mtime asc") << false << 6 << true;
    }

    void windowEdgesOnEqualMtimes()
    {
        QFETCH(bool, desc);
        QFETCH(int, num);
        QFETCH(bool, oneValue);
        auto server = newSandbox();
        QVERIFY(server);
        const std::vector<StoredRow> stored =
            fillStore(server->store(), 99, 450, oneValue ? Spacing::OneValue : Spacing::ThreeValues);
        service::RtmSession session(testutil::configFor(server->port()));
        session.setAuditLog(nullptr);
        const HistoryLoadSpec spec = groupSpec(desc, num);
        const std::vector<StoredRow> expected = expectedRows(stored, spec);
        QCOMPARE(expected.size(), size_t(450));

        const LoadOutcome out = runLoad(session, spec, Tuning{8, 1, 20000});
        QCOMPARE(out.finishedCount, 1);
        QVERIFY(!out.error.isError());
        const QString diff = compareRows(out.rows, expected, expected.size());
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        if (oneValue)
            QCOMPARE(out.progress.windows, 1);
        else
            QVERIFY2(out.progress.windows >= 3, qPrintable(QString::number(out.progress.windows)));
    }

    // GIVEN rows already read up to a row in the middle of an equal-mtime run
    // WHEN the load resumes after it (its id and mtime)
    // THEN exactly the rows after it arrive, in order.
    void resumesAfterARow_data()
    {
        QTest::addColumn<bool>("desc");
        QTest::newRow("desc") << true;
        QTest::newRow("asc") << false;
    }

    void resumesAfterARow()
    {
        QFETCH(bool, desc);
        auto server = newSandbox();
        QVERIFY(server);
        const std::vector<StoredRow> stored = fillStore(server->store(), 4242, 700, Spacing::Random);
        service::RtmSession session(testutil::configFor(server->port()));
        session.setAuditLog(nullptr);
        HistoryLoadSpec spec = groupSpec(desc, 5);
        const std::vector<StoredRow> all = expectedRows(stored, spec);
        // A row followed (in page order) by one with the same mtime.
        size_t cut = all.size() / 3;
        while (cut + 1 < all.size() && all[cut].mtime != all[cut + 1].mtime)
            ++cut;
        QVERIFY(cut + 1 < all.size());
        spec.afterId = all[cut].id;
        spec.afterMtime = all[cut].mtime;
        const std::vector<StoredRow> expected(all.begin() + qsizetype(cut) + 1, all.end());

        const LoadOutcome out = runLoad(session, spec, Tuning{8, 2, 20000});
        QVERIFY(!out.error.isError());
        const QString diff = compareRows(out.rows, expected, expected.size());
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        QVERIFY(out.progress.windows > 2);
    }

    // GIVEN a load with several windows in flight
    // WHEN it is cancelled inside its first batch of rows
    // THEN finished(CANCELLED, partial) comes once before cancel() returns, no row arrives
    //      afterwards (late answers are dropped), and what arrived is a prefix of the result.
    void cancelStopsEverything()
    {
        auto server = newSandbox();
        QVERIFY(server);
        const std::vector<StoredRow> stored = fillStore(server->store(), 77, 700, Spacing::Random);
        service::RtmSession session(testutil::configFor(server->port()));
        session.setAuditLog(nullptr);
        const HistoryLoadSpec spec = groupSpec(true, 3);
        const std::vector<StoredRow> expected = expectedRows(stored, spec);

        int finishedInsideCancel = -1;
        int inFlightAtCancel = 0;
        const LoadOutcome out = runLoad(session, spec, Tuning{8, 1, 20000},
                                        [&](ParallelHistoryLoader &loader, LoadOutcome &o) {
                                            if (finishedInsideCancel >= 0 || loader.progress().windows < 3)
                                                return;
                                            inFlightAtCancel = loader.progress().inFlight;
                                            loader.cancel();
                                            finishedInsideCancel = o.finishedCount;
                                            loader.cancel();   // twice is harmless
                                        });
        QCOMPARE(finishedInsideCancel, 1);
        QVERIFY2(inFlightAtCancel > 1, qPrintable(QString::number(inFlightAtCancel)));
        QCOMPARE(out.finishedCount, 1);
        QCOMPARE(out.error.code, int(fpnn::CoreCancelled));
        QVERIFY(out.partial);
        QVERIFY(!out.rows.empty() && out.rows.size() < expected.size());
        const QString diff = compareRows(out.rows, expected, out.rows.size());
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        // Let every answer that was on its way arrive: nothing more is delivered.
        QTRY_COMPARE_WITH_TIMEOUT(session.inFlightCount() + session.queuedCount(), 0, 20000);
        QCOMPARE(out.batchesAfterFinish, 0);
    }

    // GIVEN a server that fails one history quest in the middle of the load
    // WHEN the load runs
    // THEN it ends once with that error, marked partial; the rows delivered are exactly the
    //      first ones of the result, and a load resumed after lastDelivered* brings the rest.
    void errorInOneWindowEndsTheLoad_data()
    {
        QTest::addColumn<bool>("desc");
        QTest::addColumn<int>("failAt");
        QTest::newRow("desc, 9th quest") << true << 9;
        QTest::newRow("asc, 9th quest") << false << 9;
        QTest::newRow("desc, 30th quest") << true << 30;
        QTest::newRow("asc, first page") << false << 1;
    }

    void errorInOneWindowEndsTheLoad()
    {
        QFETCH(bool, desc);
        QFETCH(int, failAt);
        FailingHistoryServer server(failAt);
        QVERIFY(server.port() != 0);
        const std::vector<StoredRow> stored = fillStore(server.store, 555, 700, Spacing::Random);
        service::RtmSession session(testutil::configFor(server.port()));
        session.setAuditLog(nullptr);
        HistoryLoadSpec spec = groupSpec(desc, 3);
        const std::vector<StoredRow> expected = expectedRows(stored, spec);

        const LoadOutcome out = runLoad(session, spec, Tuning{8, 2, 20000});
        QCOMPARE(out.finishedCount, 1);
        QCOMPARE(out.error.code, 200999);
        QVERIFY(out.error.message.contains(QStringLiteral("injected failure")));
        QVERIFY(out.partial);
        QVERIFY(out.rows.size() < expected.size());
        const QString diff = compareRows(out.rows, expected, out.rows.size());
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        QTRY_COMPARE_WITH_TIMEOUT(session.inFlightCount() + session.queuedCount(), 0, 20000);
        QCOMPARE(out.batchesAfterFinish, 0);

        // No silent gap: resuming from the delivered prefix gives the rest.
        HistoryLoadSpec rest = spec;
        rest.afterId = out.lastDeliveredId;
        rest.afterMtime = out.lastDeliveredMtime;
        const LoadOutcome second = runLoad(session, rest, Tuning{8, 2, 20000});
        QVERIFY(!second.error.isError());
        std::vector<rtm::HistoryMessage> all = out.rows;
        all.insert(all.end(), second.rows.begin(), second.rows.end());
        const QString allDiff = compareRows(all, expected, expected.size());
        QVERIFY2(allDiff.isEmpty(), qPrintable(allDiff));
    }

    // GIVEN a server whose lastid cycles 30, 20, 30, … on full pages
    // WHEN everything is loaded in parallel
    // THEN the load stops with CursorNotAdvancing instead of paging forever.
    void cyclingCursorStopsTheLoad()
    {
        testutil::CyclingHistoryServer server({30, 20});
        QVERIFY(server.port() != 0);
        service::RtmSession session(testutil::configFor(server.port()));
        session.setAuditLog(nullptr);
        HistoryLoadSpec spec = groupSpec(true, 3);
        spec.target = 2;
        const LoadOutcome out = runLoad(session, spec);
        QCOMPARE(out.finishedCount, 1);
        QCOMPARE(out.error.code, int(rtm::CursorNotAdvancing));
        QVERIFY(out.partial);
        QVERIFY(server.quests < 10);
    }

    // GIVEN an empty conversation
    // WHEN it is loaded
    // THEN the load finishes at once, complete, with no rows.
    void emptyConversation()
    {
        auto server = newSandbox();
        QVERIFY(server);
        service::RtmSession session(testutil::configFor(server->port()));
        session.setAuditLog(nullptr);
        const LoadOutcome out = runLoad(session, groupSpec(true, 20));
        QCOMPARE(out.finishedCount, 1);
        QVERIFY(!out.error.isError());
        QVERIFY(!out.partial);
        QVERIFY(out.rows.empty());
        QCOMPARE(out.progress.pages, 1);
    }

    // GIVEN a model with parallel Load all whose first page is already loaded
    // WHEN Load all runs to the end
    // THEN the model holds exactly the visible rows of the brute-force reading, in order,
    //      the deleted ones counted as hidden, under QAbstractItemModelTester.
    void modelLoadsAllInParallel_data()
    {
        QTest::addColumn<bool>("desc");
        QTest::newRow("desc") << true;
        QTest::newRow("asc") << false;
    }

    void modelLoadsAllInParallel()
    {
        QFETCH(bool, desc);
        auto server = newSandbox();
        QVERIFY(server);
        const std::vector<StoredRow> stored = fillStore(server->store(), 31337, 900, Spacing::Random);
        service::RtmSession session(testutil::configFor(server->port()));
        session.setAuditLog(nullptr);
        const std::vector<StoredRow> all = expectedRows(stored, groupSpec(desc, 7));

        service::HistoryModel model;
        model.setParallelLoadAll(true);
        model.setSession(&session);
        service::HistoryTarget target;
        target.category = rtm::MessageCategory::Group;
        target.uid = 1001;
        target.target = kGid;
        target.desc = desc;
        target.pageSize = 7;
        model.setTarget(target);
        model.fetchMore({});
        QTRY_VERIFY(!model.isLoading());
        QVERIFY(model.rowCount() > 0);

        // The tester fetches like a view, so it comes after the first page: a page may be on
        // its way when Load all starts; the loader starts after it.
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy finished(&model, &service::HistoryModel::loadAllFinished);
        // The loader is caught with its first rows, not by polling: on a fast machine it can
        // start and finish between two polls.
        service::HistoryLoadProgress used;
        ParallelHistoryLoader *seen = nullptr;
        bool loadingWithoutViewFetch = false;
        connect(&model, &service::HistoryModel::pageLoaded, this, [&] {
            ParallelHistoryLoader *loader = model.parallelLoader();
            if (!loader || loader == seen)
                return;
            seen = loader;
            loadingWithoutViewFetch = model.isLoading() && !model.canFetchMore({});
            connect(loader, &ParallelHistoryLoader::finished, this, [&used, loader] { used = loader->progress(); });
        });
        model.loadAll();
        if (finished.isEmpty())
            QVERIFY(finished.wait(60000));
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.at(0).at(0).toBool(), true);
        QVERIFY(model.isAtEnd());
        QVERIFY(!model.isLoading());
        QVERIFY(model.parallelLoader() == nullptr);
        QVERIFY(seen != nullptr);
        QVERIFY(loadingWithoutViewFetch);

        std::vector<StoredRow> visible;
        for (const StoredRow &r : all)
            if (!r.deleted)
                visible.push_back(r);
        QCOMPARE(model.rowCount(), int(visible.size()));
        QCOMPARE(model.hiddenCount(), int(all.size() - visible.size()));
        for (int i = 0; i < model.rowCount(); ++i)
            QCOMPARE(model.message(i).cursorId, visible[size_t(i)].id);
        QVERIFY(model.footerText().startsWith(QStringLiteral("all ")));
        QVERIFY2(used.windows > 2 && used.maxInFlight > 1, qPrintable(QString::number(used.windows)));
    }

    // GIVEN a model whose parallel Load all fails in the middle
    // WHEN the error has been reported
    // THEN the rows so far are the first ones of the result (no gap), Retry goes on from the
    //      last of them, and a second Load all brings exactly the rest. Cancelling a third
    //      load leaves the model able to go on as well.
    void modelKeepsAPrefixOnErrorAndRetries()
    {
        FailingHistoryServer server(12);
        QVERIFY(server.port() != 0);
        const std::vector<StoredRow> stored = fillStore(server.store, 2024, 900, Spacing::Random);
        service::RtmSession session(testutil::configFor(server.port()));
        session.setAuditLog(nullptr);
        const std::vector<StoredRow> all = expectedRows(stored, groupSpec(true, 5));

        service::HistoryModel model;   // no tester here: it would fetch like a view
        model.setParallelLoadAll(true);
        model.setSession(&session);
        service::HistoryTarget target;
        target.category = rtm::MessageCategory::Group;
        target.uid = 1001;
        target.target = kGid;
        target.desc = true;
        target.pageSize = 5;
        target.showDeleted = true;
        model.setTarget(target);

        QSignalSpy finished(&model, &service::HistoryModel::loadAllFinished);
        QSignalSpy errors(&model, &service::HistoryModel::errorOccurred);
        model.loadAll();
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.at(0).at(0).toBool(), false);
        QCOMPARE(errors.size(), 1);
        QCOMPARE(model.lastError().code, 200999);
        QVERIFY(!model.isLoading());
        const int kept = model.rowCount();
        QVERIFY(kept < int(all.size()));
        for (int i = 0; i < kept; ++i)
            QCOMPARE(model.message(i).cursorId, all[size_t(i)].id);

        // Retry: one page, sequentially, right after the last row kept.
        model.retry();
        QTRY_VERIFY(!model.isLoading());
        QVERIFY(!model.hasFailed());
        QCOMPARE(model.rowCount(), kept + 5);
        for (int i = 0; i < model.rowCount(); ++i)
            QCOMPARE(model.message(i).cursorId, all[size_t(i)].id);

        // Cancel a parallel load at once: nothing more lands, the model can go on.
        finished.clear();
        model.loadAll();
        const int beforeCancel = model.rowCount();
        model.cancelLoadAll();
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.at(0).at(0).toBool(), false);
        QVERIFY(!model.isLoading());
        QTRY_COMPARE_WITH_TIMEOUT(session.inFlightCount() + session.queuedCount(), 0, 20000);
        QCOMPARE(model.rowCount(), beforeCancel);
        QVERIFY(model.canFetchMore({}));

        // Load all again: exactly the rest.
        finished.clear();
        model.loadAll();
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.at(0).at(0).toBool(), true);
        QCOMPARE(model.rowCount(), int(all.size()));
        for (int i = 0; i < model.rowCount(); ++i)
            QCOMPARE(model.message(i).cursorId, all[size_t(i)].id);
    }

    // The number of pages in flight follows the session's rate and round trip, bounded.
    void concurrencyFollowsTheRate()
    {
        auto server = newSandbox();
        QVERIFY(server);
        service::RtmSession session(testutil::configFor(server->port()));
        session.setAuditLog(nullptr);
        ParallelHistoryLoader loader(&session, groupSpec(true, 20));
        loader.setMaxConcurrency(16);
        QCOMPARE(loader.concurrency(), 16);              // no pacing: the maximum
        session.setRateLimitPerSecond(100);
        QCOMPARE(session.lastRoundTripMs(), -1);         // no answer yet: 100 ms assumed
        QCOMPARE(loader.concurrency(), 16);              // 100/s × 0.1 s × 1.5 + 1 = 16
        session.setRateLimitPerSecond(10);
        QCOMPARE(loader.concurrency(), 3);               // 10/s × 0.1 s × 1.5 + 1
        loader.setMaxConcurrency(2);
        QCOMPARE(loader.concurrency(), 2);
    }
};

QTEST_GUILESS_MAIN(TestParallelHistoryLoader)
#include "tst_parallelhistoryloader.moc"
