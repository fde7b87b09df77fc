// bench_history_page: time per history page of the sandbox store at 10k, 100k and 1M
// messages — desc and asc, unfiltered and with an mtypes filter — directly on the store,
// and optionally (--loopback) as getgroupmsg round trips through SandboxServer over TCP.
//
// Layout of each store: 40% of the messages in one hot group (the worst case for a
// scan), the rest spread over 1,000 groups and 2,000 P2P pairs; mtypes 30 (60%), 51..55
// (30%) and 40/41 (10%). Pages start at random cursor positions (lastid) of the hot group.
// Build in Release: cmake -DCMAKE_BUILD_TYPE=Release; run: bench_history_page [--loopback] [--sizes 10000,100000]

#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <random>
#include <vector>

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QLoggingCategory>
#include <QStringList>

#include "fpnn/fpnnclient.h"
#include "rtm/rtmwire.h"
#include "sandbox/messagestore.h"
#include "sandbox/sandboxserver.h"

using namespace sandbox;

namespace {

constexpr qint64 kHotGroup = 2001;

quint8 pickMtype(std::mt19937_64 &rng)
{
    const quint64 r = rng() % 100;
    if (r < 60)
        return 30;
    if (r < 90)
        return quint8(51 + rng() % 5);
    return r < 95 ? 40 : 41;
}

void fill(MessageStore &store, qint64 count, std::mt19937_64 &rng)
{
    const qint64 start = QDateTime::currentMSecsSinceEpoch() - count * 10;
    const QByteArray body("a typical short chat message, about fifty bytes.");
    for (qint64 i = 0; i < count; ++i) {
        StoredMessage m;
        const quint64 r = rng() % 100;
        if (r < 40) {
            m.category = Category::Group;
            m.to = kHotGroup;
        } else if (r < 75) {
            m.category = Category::Group;
            m.to = 3000 + qint64(rng() % 1000);
        } else {
            m.category = Category::P2P;
            const qint64 pair = qint64(rng() % 2000);
            m.from = 10000 + pair;
            m.to = 20000 + pair;
        }
        if (!m.from)
            m.from = 1000 + qint64(rng() % 500);
        m.mid = i + 1;
        m.mtype = pickMtype(rng);
        m.mtime = start + i * 10;
        m.msg = body;
        store.append(std::move(m));
    }
}

struct Case {
    const char *name;
    bool desc;
    QList<int> mtypes;
};

const Case kCases[] = {
    {"desc, all mtypes", true, {}},
    {"asc,  all mtypes", false, {}},
    {"desc, mtypes [40,41]", true, {40, 41}},
    {"asc,  mtypes [40,41]", false, {40, 41}},
    {"desc, mtypes [30,51,52,53,54,55]", true, {30, 51, 52, 53, 54, 55}},
};

double benchStore(const MessageStore &store, const Case &c, std::mt19937_64 &rng, int pages, size_t *rowsOut)
{
    HistoryRequest r;
    r.conversation = ConversationKey::of(Category::Group, kHotGroup);
    r.desc = c.desc;
    r.num = 20;
    r.mtypes = c.mtypes;
    size_t rows = 0;
    const auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < pages; ++i) {
        r.lastId = qint64(rng() % quint64(store.lastId())) + 1;
        rows += store.history(r).rows.size();
    }
    const auto t1 = std::chrono::steady_clock::now();
    *rowsOut = rows;
    return std::chrono::duration<double, std::micro>(t1 - t0).count() / pages;
}

// One getgroupmsg round trip at a time over loopback; returns µs per page.
double benchLoopback(SandboxServer &server, const Case &c, std::mt19937_64 &rng, int pages)
{
    fpnn::FpnnClient client(QStringLiteral("127.0.0.1"), server.port());
    const qint64 lastId = server.store().lastId();
    qint64 salt = 1;
    int done = 0;
    int failures = 0;
    QEventLoop loop;
    std::function<void()> next = [&] {
        const qint64 ts = QDateTime::currentMSecsSinceEpoch() / 1000;
        fpnn::Value p = fpnn::Value::map();
        p.insert("pid", kDemoPid);
        p.insert("sign", fpnn::Value::str(rtm::computeSign(kDemoPid, kDemoSecret, ++salt, "getgroupmsg", ts)));
        p.insert("salt", salt);
        p.insert("ts", ts);
        p.insert("uid", 1);
        p.insert("gid", kHotGroup);
        p.insert("desc", c.desc);
        p.insert("num", 20);
        p.insert("lastid", qint64(rng() % quint64(lastId)) + 1);
        if (!c.mtypes.isEmpty()) {
            fpnn::ValueArray types;
            for (int t : c.mtypes)
                types.push_back(fpnn::Value(t));
            p.insert("mtypes", fpnn::Value(std::move(types)));
        }
        client.sendQuest("getgroupmsg", p, [&](const fpnn::Answer &a) {
            if (!a.ok())
                ++failures;
            if (++done == pages)
                loop.quit();
            else
                next();
        });
    };
    QElapsedTimer t;
    t.start();
    next();
    loop.exec();
    const double us = double(t.nsecsElapsed()) / 1000.0 / pages;
    if (failures)
        std::printf("    (%d failed quests)\n", failures);
    return us;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("rtm.*.debug=false\nrtm.*.info=false"));
    const QStringList args = app.arguments();
    const bool loopback = args.contains(QStringLiteral("--loopback"));
    std::vector<qint64> sizes = {10'000, 100'000, 1'000'000};
    if (const int i = int(args.indexOf(QStringLiteral("--sizes"))); i > 0 && i + 1 < args.size()) {
        sizes.clear();
        for (const QString &s : args[i + 1].split(QLatin1Char(',')))
            sizes.push_back(s.toLongLong());
    }
#ifndef NDEBUG
    std::printf("note: this is not a Release build; figures are pessimistic\n");
#endif
    std::printf("history page = 20 rows from a random lastid in the hot group (40%% of the store)\n\n");
    for (qint64 size : sizes) {
        std::mt19937_64 rng(12345);
        SandboxOptions options;
        options.idleTimeoutSec = 0;
        SandboxServer server(options);
        QElapsedTimer fillTimer;
        fillTimer.start();
        fill(server.store(), size, rng);
        std::printf("store of %lld messages (filled in %lld ms)\n", (long long)size, (long long)fillTimer.elapsed());
        for (const Case &c : kCases) {
            size_t rows = 0;
            const int pages = 20000;
            benchStore(server.store(), c, rng, 2000, &rows);   // warm-up
            const double us = benchStore(server.store(), c, rng, pages, &rows);
            std::printf("  store     %-34s %8.2f us/page  (%.1f rows/page)\n", c.name, us, double(rows) / pages);
        }
        if (loopback) {
            if (!server.listen(QHostAddress::LocalHost, 0)) {
                std::printf("  loopback: cannot listen: %s\n", qPrintable(server.errorString()));
                continue;
            }
            for (const Case &c : kCases) {
                benchLoopback(server, c, rng, 200);   // warm-up, connect
                const double us = benchLoopback(server, c, rng, 2000);
                std::printf("  loopback  %-34s %8.2f us/page  (signed quest, one at a time)\n", c.name, us);
            }
        }
        std::printf("\n");
        std::fflush(stdout);
    }
    return 0;
}
