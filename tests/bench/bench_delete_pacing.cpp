// bench_delete_pacing: deletes per second of a DeleteBatch through a paced RtmSession over
// a slow link — an in-process sandbox with the options of
// `rtm-devserver --latency-ms 50 --rate-limit 100` — at several session rates, and how many
// deletes the sandbox answered 200010 (each one halves the session's pace for a while).
// Every delete writes its audit lines (fdatasync'd) into a temporary directory, as in the
// console. A fresh sandbox per rate, so one run's last second does not count against the next.
//
// Run: bench_delete_pacing [--count 500] [--rates 80,95,100] [--latency-ms 50] [--limit 100]
//      [--max-in-flight N] [--no-audit]
// With BENCH_SAMPLES=1 in the environment it also prints (to stderr) how often the session
// had nothing queued or waited only for audit lines, sampled every 5 ms.

#include <cstdio>
#include <cstdlib>
#include <memory>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QLoggingCategory>
#include <QStringList>
#include <QTemporaryDir>
#include <QTimer>

#include "sandbox/messagestore.h"
#include "sandbox/sandboxserver.h"
#include "service/auditlog.h"
#include "service/deletebatch.h"
#include "service/requestpacer.h"
#include "service/rtmsession.h"

namespace {

struct Settings {
    int count = 500;
    QList<int> rates{80, 95, 100};
    int latencyMs = 50;
    int limit = 100;
    bool audit = true;
    int maxInFlight = 0;   // 0 = DeleteBatch's default
};

struct Outcome {
    double seconds = 0;
    int deleted = 0;
    int failed = 0;
    int limited = 0;       // 200010 answers
    int finalRate = 0;
};

QList<service::MessageRef> seed(sandbox::MessageStore &store, int count)
{
    QList<service::MessageRef> refs;
    for (int i = 0; i < count; ++i) {
        sandbox::StoredMessage m;
        m.category = sandbox::Category::Group;
        m.from = 100;
        m.to = 4100;
        m.mid = 1000000 + i;
        m.mtype = 51;
        m.msg = "to delete";
        store.append(m);
        refs << service::MessageRef{rtm::MessageCategory::Group, 100, 4100, m.mid};
    }
    return refs;
}

// The pacer alone on real timers, no network: what the timer lets it reach.
double pacerAlone(int rate, int count)
{
    service::RequestPacer pacer;
    pacer.setRate(rate);
    QEventLoop loop;
    int released = 0;
    auto pump = [&] {
        while (released < count && pacer.tryAcquire())
            ++released;
        if (released < count)
            pacer.schedule();
        else
            loop.quit();
    };
    QObject::connect(&pacer, &service::RequestPacer::ready, &loop, pump);
    QElapsedTimer clock;
    clock.start();
    QTimer::singleShot(0, &loop, pump);
    loop.exec();
    return (count - 1) / (double(clock.nsecsElapsed()) / 1e9);
}

Outcome runOnce(const Settings &s, int rate, const QString &auditPath)
{
    sandbox::SandboxOptions options;
    options.latencyMs = s.latencyMs;
    options.rateLimit = s.limit;
    sandbox::SandboxServer server(options);
    if (!server.listen(QHostAddress::LocalHost, 0)) {
        std::fprintf(stderr, "sandbox did not start: %s\n", qPrintable(server.errorString()));
        return {};
    }
    const QList<service::MessageRef> refs = seed(server.store(), s.count);

    service::SessionConfig config;
    config.profileName = QStringLiteral("bench");
    config.port = server.port();
    config.pid = sandbox::kDemoPid;
    config.secret = sandbox::kDemoSecret;
    config.rateLimitPerSecond = rate;
    service::RtmSession session(config);
    std::unique_ptr<service::AuditLog> audit;
    if (s.audit)
        audit = std::make_unique<service::AuditLog>(auditPath);
    session.setAuditLog(audit.get());

    // Connected first, as a console that has been in use is.
    QEventLoop loop;
    QObject::connect(&session, &service::RtmSession::stateChanged, &loop, [&](service::RtmSession::State st) {
        if (st == service::RtmSession::State::Connected)
            loop.quit();
    });
    session.connectToServer();
    loop.exec();

    service::DeleteBatch batch(&session, refs);
    if (s.maxInFlight > 0)
        batch.setMaxInFlight(s.maxInFlight);
    QObject::connect(&batch, &service::DeleteBatch::finished, &loop, &QEventLoop::quit);
    QElapsedTimer clock;
    clock.start();
    // Where the time goes, sampled every 5 ms: nothing queued in the session (the batch
    // waits for answers), the first queued request waiting for its audit line, or for the pacer.
    QTimer sampler;
    int samples = 0, starved = 0, auditWait = 0;
    QObject::connect(&sampler, &QTimer::timeout, &loop, [&] {
        ++samples;
        if (session.queuedCount() == 0)
            ++starved;
        else if (session.awaitingAuditCount() > 0 && session.queuedCount() <= session.awaitingAuditCount())
            ++auditWait;
    });
    sampler.start(5);
    batch.start();
    loop.exec();
    if (std::getenv("BENCH_SAMPLES"))
        std::fprintf(stderr, "rate %d: %d samples, %d%% nothing queued, %d%% all queued wait for audit lines, max window %d\n",
                     rate, samples, samples ? 100 * starved / samples : 0, samples ? 100 * auditWait / samples : 0,
                     batch.inFlightLimit());

    Outcome o;
    o.seconds = double(clock.nsecsElapsed()) / 1e9;
    o.deleted = batch.deletedCount();
    o.failed = batch.failedCount() + batch.unknownCount();
    o.limited = session.frequencyLimitedCount();
    o.finalRate = session.effectiveRateLimit();
    return o;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("*.debug=false\n*.info=false"));
    Settings s;
    const QStringList args = app.arguments();
    for (int i = 1; i < args.size(); ++i) {
        const QString &a = args.at(i);
        const QString next = i + 1 < args.size() ? args.at(i + 1) : QString();
        if (a == QLatin1String("--count")) {
            s.count = next.toInt();
            ++i;
        } else if (a == QLatin1String("--rates")) {
            s.rates.clear();
            for (const QString &r : next.split(QLatin1Char(',')))
                s.rates << r.toInt();
            ++i;
        } else if (a == QLatin1String("--latency-ms")) {
            s.latencyMs = next.toInt();
            ++i;
        } else if (a == QLatin1String("--limit")) {
            s.limit = next.toInt();
            ++i;
        } else if (a == QLatin1String("--max-in-flight")) {
            s.maxInFlight = next.toInt();
            ++i;
        } else if (a == QLatin1String("--no-audit")) {
            s.audit = false;
        } else {
            std::fprintf(stderr, "usage: bench_delete_pacing [--count N] [--rates 80,95,100] [--latency-ms MS] [--limit N] [--max-in-flight N] [--no-audit]\n");
            return 2;
        }
    }
    if (s.count <= 0 || s.rates.isEmpty()) {
        std::fprintf(stderr, "--count and --rates need positive numbers\n");
        return 2;
    }
    QTemporaryDir dir;
    if (!dir.isValid()) {
        std::fprintf(stderr, "no temporary directory\n");
        return 1;
    }

    std::printf("batch delete of %d messages, sandbox --latency-ms %d --rate-limit %d, audit %s\n",
                s.count, s.latencyMs, s.limit, s.audit ? "on" : "off");
    std::printf("%8s %10s %10s %8s %8s %8s %12s %12s\n", "rate/s", "seconds", "deletes/s", "deleted", "failed", "200010",
                "final rate", "pacer alone");
    for (int rate : std::as_const(s.rates)) {
        const Outcome o = runOnce(s, rate, dir.filePath(QStringLiteral("audit-%1.jsonl").arg(rate)));
        const double alone = pacerAlone(rate, s.count);
        std::printf("%8d %10.2f %10.1f %8d %8d %8d %12d %12.1f\n", rate, o.seconds, o.seconds > 0 ? o.deleted / o.seconds : 0.0,
                    o.deleted, o.failed, o.limited, o.finalRate, alone);
        std::fflush(stdout);
    }
    return 0;
}
