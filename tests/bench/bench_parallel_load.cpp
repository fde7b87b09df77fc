// bench_parallel_load: "Load all" of one conversation over a slow, rate-limited link —
// sequential paging (one page per round trip) against ParallelHistoryLoader. Prints
// pages/s, rows/s and the 200010 (frequency limited) answers of each.
//
// The sandbox runs in this process on its own thread with --latency-ms and --rate-limit
// like `rtm-devserver --latency-ms 50 --rate-limit 100`; the session is paced at the
// client rate (default 100 calls/s, the service's limit). The group holds --rows messages
// (default 10,000, about 10 ms apart, a third sharing an mtime with the one before, one
// in ten deleted). Sequential reads --seq-pages pages (its rate is steady; the whole
// history would take minutes), parallel reads everything.
//
// Run: bench_parallel_load [--rows N] [--num N] [--latency-ms MS] [--server-rate N]
//                          [--client-rate N] [--seq-pages N] [--only sequential|parallel]

#include <cstdio>
#include <memory>
#include <random>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QLoggingCategory>
#include <QScopeGuard>
#include <QStringList>
#include <QThread>
#include <QTimer>

#include "sandbox/messagestore.h"
#include "sandbox/sandboxserver.h"
#include "service/parallelhistoryloader.h"
#include "service/rtmsession.h"

namespace {

constexpr qint64 kGid = 2001;

struct Figures {
    qint64 rows = 0;
    int pages = 0;
    int calls = 0;            // pages plus the parallel load's far-bound probe and count
    double seconds = 0;
    int frequencyLimited = 0; // 200010 answers (each retried by the session)
    int maxInFlight = 1;
    int windows = 1;
    QString error;
};

void fill(sandbox::MessageStore &store, int rows)
{
    std::mt19937_64 rng(20261201);
    qint64 mtime = 1700000000000LL;
    const QByteArray body("a typical short chat message, about fifty bytes.");
    for (int i = 0; i < rows; ++i) {
        sandbox::StoredMessage m;
        m.category = sandbox::Category::Group;
        m.to = kGid;
        m.from = 1001 + qint64(rng() % 40);
        m.mid = i + 1;
        m.mtype = quint8(rng() % 3 == 0 ? 30 : 51);
        if (rng() % 3 != 0)
            mtime += 1 + qint64(rng() % 19);
        m.mtime = mtime;
        m.msg = body;
        m.attrs = "{}";
        const qint64 id = store.append(std::move(m));
        if (rng() % 10 == 0)
            store.markDeleted(id);
    }
}

service::SessionConfig sessionConfig(quint16 port, int clientRate)
{
    service::SessionConfig c;
    c.profileName = QStringLiteral("bench");
    c.port = port;
    c.pid = sandbox::kDemoPid;
    c.secret = sandbox::kDemoSecret;
    c.defaultTimeoutMs = 120000;
    c.rateLimitPerSecond = clientRate;
    return c;
}

// Lets the server's one-second rate window forget the previous run.
void pause(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

Figures runSequential(quint16 port, int clientRate, int num, int maxPages)
{
    service::RtmSession session(sessionConfig(port, clientRate));
    session.setAuditLog(nullptr);
    Figures f;
    rtm::HistoryQuery q;
    q.desc = true;
    q.num = num;
    QElapsedTimer clock;
    clock.start();
    for (;;) {
        service::RtmReply *reply = session.getGroupMessage(1001, kGid, q);
        QEventLoop loop;
        bool more = false;
        QObject::connect(reply, &service::RtmReply::finished, &loop, [&] {
            f.frequencyLimited += reply->retryCount();
            if (!reply->ok()) {
                f.error = reply->error().name + QLatin1Char(' ') + reply->error().message;
            } else {
                const rtm::HistoryPage &page = reply->historyPage();
                ++f.pages;
                f.rows += qint64(page.messages.size());
                more = page.count >= num;
                q.lastId = page.lastCursorId;
                q.begin = page.beginMsec;
                q.end = page.endMsec;
            }
            loop.quit();
        });
        loop.exec();
        if (!more || !f.error.isEmpty() || f.pages >= maxPages)
            break;
    }
    f.seconds = double(clock.nsecsElapsed()) / 1e9;
    f.calls = f.pages;
    return f;
}

Figures runParallel(quint16 port, int clientRate, int num)
{
    service::RtmSession session(sessionConfig(port, clientRate));
    session.setAuditLog(nullptr);
    service::HistoryLoadSpec spec;
    spec.category = rtm::MessageCategory::Group;
    spec.uid = 1001;
    spec.target = kGid;
    spec.desc = true;
    spec.pageSize = num;
    service::ParallelHistoryLoader loader(&session, spec);
    Figures f;
    int calls = 0;
    QObject::connect(&session, &service::RtmSession::activity, &loader, [&calls] { ++calls; });
    QObject::connect(&loader, &service::ParallelHistoryLoader::rowsReady, &loader,
                     [&f](const std::vector<rtm::HistoryMessage> &rows) { f.rows += qint64(rows.size()); });
    QEventLoop loop;
    QObject::connect(&loader, &service::ParallelHistoryLoader::finished, &loop, [&](const rtm::RtmError &e, bool) {
        if (e.isError())
            f.error = e.name + QLatin1Char(' ') + e.message;
        loop.quit();
    });
    QElapsedTimer clock;
    clock.start();
    loader.start();
    loop.exec();
    f.seconds = double(clock.nsecsElapsed()) / 1e9;
    const service::HistoryLoadProgress p = loader.progress();
    f.pages = p.pages;
    f.calls = calls;
    f.frequencyLimited = p.frequencyRetries;
    f.maxInFlight = p.maxInFlight;
    f.windows = p.windows;
    return f;
}

void print(const char *mode, const Figures &f, int rate)
{
    const double pagesPerSecond = f.seconds > 0 ? f.pages / f.seconds : 0;
    const double callsPerSecond = f.seconds > 0 ? f.calls / f.seconds : 0;
    std::printf("%-10s %7lld rows %6d pages %7.2f s %7.1f pages/s %8.0f rows/s %6.1f calls/s (%3.0f%% of %d) "
                "%4d x 200010  in flight <= %2d  windows %d%s%s\n",
                mode, static_cast<long long>(f.rows), f.pages, f.seconds, pagesPerSecond,
                f.seconds > 0 ? double(f.rows) / f.seconds : 0.0, callsPerSecond,
                rate > 0 ? 100.0 * callsPerSecond / rate : 0.0, rate, f.frequencyLimited, f.maxInFlight, f.windows,
                f.error.isEmpty() ? "" : "  ERROR ", qPrintable(f.error));
    std::fflush(stdout);
}

int intOption(const QStringList &args, const char *name, int fallback)
{
    const qsizetype i = args.indexOf(QLatin1String(name));
    return i >= 0 && i + 1 < args.size() ? args.at(i + 1).toInt() : fallback;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("*.debug=false\n*.info=false"));
    const QStringList args = app.arguments();
    const int rows = intOption(args, "--rows", 10000);
    const int num = intOption(args, "--num", 20);
    const int latency = intOption(args, "--latency-ms", 50);
    const int serverRate = intOption(args, "--server-rate", 100);
    const int clientRate = intOption(args, "--client-rate", 100);
    const int seqPages = intOption(args, "--seq-pages", 200);
    const qsizetype only = args.indexOf(QLatin1String("--only"));
    const QString mode = only >= 0 && only + 1 < args.size() ? args.at(only + 1) : QString();

    sandbox::SandboxOptions options;
    options.latencyMs = latency;
    options.rateLimit = serverRate;
    // The server on its own thread: its work must not delay the client's event loop (and
    // bunch the client's paced requests), as a distant server would not.
    QThread serverThread;
    QObject serverContext;
    serverContext.moveToThread(&serverThread);
    serverThread.start();
    std::unique_ptr<sandbox::SandboxServer> server;
    quint16 port = 0;
    QString listenError;
    QMetaObject::invokeMethod(&serverContext, [&] {
        server = std::make_unique<sandbox::SandboxServer>(options);
        fill(server->store(), rows);
        if (server->listen(QHostAddress::LocalHost, 0))
            port = server->port();
        else
            listenError = server->errorString();
    }, Qt::BlockingQueuedConnection);
    auto stopServer = qScopeGuard([&] {
        QMetaObject::invokeMethod(&serverContext, [&] { server.reset(); }, Qt::BlockingQueuedConnection);
        serverThread.quit();
        serverThread.wait();
    });
    if (port == 0) {
        std::printf("cannot listen: %s\n", qPrintable(listenError));
        return 1;
    }
    std::printf("group of %d messages, num %d, answers delayed %d ms, server limit %d calls/s, client paced at %d calls/s\n",
                rows, num, latency, serverRate, clientRate);
    if (mode.isEmpty() || mode == QLatin1String("sequential")) {
        print("sequential", runSequential(port, clientRate, num, seqPages), clientRate);
        pause(1500);
    }
    if (mode.isEmpty() || mode == QLatin1String("parallel"))
        print("parallel", runParallel(port, clientRate, num), clientRate);
    return 0;
}
