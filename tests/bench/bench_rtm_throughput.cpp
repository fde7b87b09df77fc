// bench_rtm_throughput: RtmClient against the in-process sandbox (SandboxThread: the server
// on its own thread) over loopback TCP.
//  - queries per second with 1 and with 10 connections (one RtmClient each, one call in
//    flight per connection), for sends (sendgroupmsg, a 60-byte body) and for history pages
//    (getgroupmsg, 20 rows from a random lastid of the group the sends filled);
//  - CPU time per call of the whole process: client, sandbox and the loopback syscalls,
//    i.e. both sides end to end (bench_history_codec measures each side alone).
// Build in Release (or RelWithDebInfo); run: bench_rtm_throughput [--calls N] [--skip-memory]
//
// It also prints the heap bytes per row of service::HistoryModel holding 100,000 rows
// read from real history answers (the same rows the console's table keeps).

#include <cstdio>
#include <functional>
#include <memory>
#include <random>
#include <vector>

#include <sys/resource.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QLoggingCategory>
#include <QStringList>
#include <QTimer>

#include "../common/heapusage.h"
#include "fpnn/fpnnclient.h"
#include "rtm/rtmclient.h"
#include "sandbox/sandboxoptions.h"
#include "sandbox/sandboxthread.h"
#include "service/historymodel.h"

namespace {

constexpr qint64 kGroup = 2001;

double processCpuUs()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e6 + double(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

struct Run {
    double qps = 0;
    double cpuUsPerCall = 0;
    int failures = 0;
    double rowsPerCall = 0;
};

enum class Kind { Send, History };

// `calls` calls spread over the clients, each client with one call in flight.
Run run(std::vector<std::unique_ptr<rtm::RtmClient>> &clients, Kind kind, int calls, qint64 maxCursor,
        std::mt19937_64 &rng)
{
    int started = 0;
    int done = 0;
    Run r;
    qint64 rows = 0;
    QEventLoop loop;
    const QByteArray body("a typical short chat message of about sixty bytes, in ASCII.");
    std::function<void(rtm::RtmClient *)> next = [&](rtm::RtmClient *client) {
        if (started == calls)
            return;
        ++started;
        auto finished = [&, client](bool ok) {
            if (!ok)
                ++r.failures;
            if (++done == calls)
                loop.quit();
            else
                next(client);
        };
        if (kind == Kind::Send) {
            client->sendGroupMessage(30, 1001 + started % 40, kGroup, rtm::MessageBody::text(QString::fromLatin1(body)), QByteArray(), 0,
                                     [finished](const rtm::RtmError &e, const rtm::SendResult &) { finished(!e); });
        } else {
            rtm::HistoryQuery q;
            q.desc = true;
            q.num = 20;
            q.lastId = 41 + qint64(rng() % quint64(qMax<qint64>(1, maxCursor - 40)));
            client->getGroupMessage(1001, kGroup, q, [finished, &rows](const rtm::RtmError &e, const rtm::HistoryPage &page) {
                rows += qint64(page.messages.size());
                finished(!e);
            });
        }
    };
    QElapsedTimer wall;
    const double cpu0 = processCpuUs();
    wall.start();
    for (auto &c : clients)
        next(c.get());
    loop.exec();
    const double seconds = double(wall.nsecsElapsed()) / 1e9;
    r.qps = calls / seconds;
    r.cpuUsPerCall = (processCpuUs() - cpu0) / calls;
    r.rowsPerCall = double(rows) / calls;
    return r;
}

std::vector<std::unique_ptr<rtm::RtmClient>> makeClients(int n, quint16 port)
{
    std::vector<std::unique_ptr<rtm::RtmClient>> clients;
    for (int i = 0; i < n; ++i) {
        auto c = std::make_unique<rtm::RtmClient>(sandbox::kDemoPid, sandbox::kDemoSecret, QStringLiteral("127.0.0.1"), port);
        fpnn::ClientOptions o = c->connection()->options();
        o.keepAlive = false;
        c->connection()->setOptions(o);
        clients.push_back(std::move(c));
    }
    return clients;
}

// Heap bytes per row of a HistoryModel holding `count` rows fetched as 20-row pages.
void memoryPerRow(quint16 port, qint64 maxCursor, int count)
{
    auto clients = makeClients(1, port);
    std::vector<rtm::HistoryMessage> page;
    // One real page of rows, read by RtmClient, repeated with fresh (unshared) bytes.
    QEventLoop loop;
    rtm::HistoryQuery q;
    q.lastId = maxCursor;
    clients[0]->getGroupMessage(1001, kGroup, q, [&](const rtm::RtmError &, const rtm::HistoryPage &p) {
        page = p.messages;
        loop.quit();
    });
    loop.exec();
    if (page.empty()) {
        std::printf("memory: no rows to copy\n");
        return;
    }
    const qint64 before = testdata::heapInUse();   // the one page above stays; all else is the model
    if (before < 0) {
        std::printf("memory: heap size unknown on this platform / sanitizer build\n");
        return;
    }
    auto *model = new service::HistoryModel;
    {
        // All rows in one appendMessages(): its reserve() then sizes the table exactly (rows that
        // arrive page by page also pay for the vector's growth slack, up to 2x the Row array).
        std::vector<rtm::HistoryMessage> rows;
        rows.reserve(size_t(count));
        for (int i = 0; i < count; ++i) {
            const rtm::HistoryMessage &m = page[size_t(i) % page.size()];
            rtm::HistoryMessage copy = m;
            copy.message = QByteArray(m.message.constData(), m.message.size());   // own bytes per row,
            copy.attrs = QByteArray(m.attrs.constData(), m.attrs.size());         // as read from the wire
            copy.cursorId = i + 1;
            rows.push_back(std::move(copy));
        }
        model->appendMessages(std::move(rows));
    }
    const qint64 after = testdata::heapInUse();
    qint64 bodies = 0;
    for (int i = 0; i < model->rowCount(); ++i)
        bodies += model->message(i).message.size() + model->message(i).attrs.size();
    std::printf("HistoryModel with %d rows: %.0f heap bytes per row (of which %.0f bytes of message/attrs text;"
                " sizeof(HistoryMessage) = %zu)\n",
                model->rowCount(), double(after - before) / model->rowCount(), double(bodies) / model->rowCount(),
                sizeof(rtm::HistoryMessage));
    delete model;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("rtm.*.debug=false\nrtm.*.info=false"));
    const QStringList args = app.arguments();
    int calls = 4000;
    if (const int i = int(args.indexOf(QStringLiteral("--calls"))); i > 0 && i + 1 < args.size())
        calls = qMax(100, args[i + 1].toInt());
#ifndef NDEBUG
    std::printf("note: this is not a Release build; figures are pessimistic\n");
#endif

    sandbox::SandboxOptions options;
    options.idleTimeoutSec = 0;
    sandbox::SandboxThread sandboxThread(options);
    quint16 port = 0;
    {
        QEventLoop wait;
        QObject::connect(&sandboxThread, &sandbox::SandboxThread::started, &wait, [&](quint16 p) {
            port = p;
            wait.quit();
        });
        QObject::connect(&sandboxThread, &sandbox::SandboxThread::failed, &wait, [&](const QString &why) {
            std::printf("sandbox failed: %s\n", qPrintable(why));
            wait.quit();
        });
        sandboxThread.start();
        wait.exec();
    }
    if (!port)
        return 1;

    std::mt19937_64 rng(99);
    std::printf("RtmClient -> in-process sandbox over loopback; one call in flight per connection;"
                " CPU = whole process (client + sandbox + kernel) per call\n\n");
    qint64 stored = 0;
    for (Kind kind : {Kind::Send, Kind::History}) {
        for (int connections : {1, 10}) {
            auto clients = makeClients(connections, port);
            const int total = connections == 1 ? calls : calls * 2;
            run(clients, kind, qMin(total / 10, 400), stored, rng);   // connect and warm up
            if (kind == Kind::Send)
                stored += qMin(total / 10, 400);
            const Run r = run(clients, kind, total, stored, rng);
            if (kind == Kind::Send)
                stored += total - r.failures;
            std::printf("%-8s %2d connection%s %8.0f calls/s  %6.1f us CPU/call%s",
                        kind == Kind::Send ? "send" : "history", connections, connections == 1 ? " " : "s", r.qps,
                        r.cpuUsPerCall, kind == Kind::History ? "" : "\n");
            if (kind == Kind::History)
                std::printf("  (%.1f rows/page)\n", r.rowsPerCall);
            if (r.failures)
                std::printf("   %d calls failed\n", r.failures);
        }
    }
    std::fflush(stdout);
    if (!args.contains(QStringLiteral("--skip-memory"))) {
        std::printf("\n");
        memoryPerRow(port, stored, 100000);
    }
    return 0;
}
