// bench_encrypted_qps: quests per second over loopback, plain against encrypted connections
// (protocol.md 2: package and stream mode, AES-128 and AES-256), with 1 and 10 connections.
//
// FpnnServer (one "echo" method, a secp256r1 key made at start) runs on its own thread;
// the FpnnClients run on the main thread and keep `--window` quests in flight per
// connection, each carrying a `--payload`-byte bin (default 200, the size of a typical RTM
// quest). Every configuration first connects (handshake included) and answers one quest,
// then runs for `--seconds`; the figure is answered quests per second in that time.
// Build in Release: cmake -DCMAKE_BUILD_TYPE=Release;
// run: bench_encrypted_qps [--seconds 3] [--window 32] [--payload 200]

#include <cstdio>
#include <ctime>
#include <functional>
#include <memory>
#include <vector>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QLoggingCategory>
#include <QStringList>
#include <QThread>
#include <QTimer>

#include "fpnn/fpnnclient.h"
#include "fpnn/fpnnserver.h"

using namespace fpnn;

namespace {

struct Config {
    const char *name;
    bool encrypted;
    int bits;
    bool streamMode;
};

// CPU time of the whole process (client and server threads), in µs.
double processCpuUs()
{
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e6 + double(ts.tv_nsec) / 1e3;
}

struct Figures {
    double qps = 0;
    double cpuUsPerQuest = 0;   // client + server, less sensitive to a busy machine than QPS
    qint64 answered = 0;
    qint64 failed = 0;
};

// Keeps `window` quests in flight on every client until told to stop.
class Load {
public:
    Load(std::vector<std::unique_ptr<FpnnClient>> &clients, const Value &payload, int window)
        : m_clients(clients), m_payload(payload), m_window(window) {}

    void start()
    {
        for (auto &c : m_clients)
            for (int i = 0; i < m_window; ++i)
                issue(c.get());
    }
    void stop() { m_running = false; }
    bool drained() const { return m_inFlight == 0; }

    qint64 answered = 0;
    qint64 failed = 0;

private:
    void issue(FpnnClient *client)
    {
        ++m_inFlight;
        client->sendQuest("echo", m_payload, [this, client](const Answer &a) {
            --m_inFlight;
            if (!m_running)
                return;
            if (a.ok())
                ++answered;
            else
                ++failed;
            issue(client);
        });
    }

    std::vector<std::unique_ptr<FpnnClient>> &m_clients;
    Value m_payload;
    int m_window;
    int m_inFlight = 0;
    bool m_running = true;
};

bool waitFor(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    }
    return true;
}

Figures run(const Config &config, int connections, quint16 port, const EccPublicKey &key, const Value &payload,
            int window, int seconds)
{
    std::vector<std::unique_ptr<FpnnClient>> clients;
    for (int i = 0; i < connections; ++i) {
        auto c = std::make_unique<FpnnClient>(QStringLiteral("127.0.0.1"), port);
        ClientOptions o;
        o.keepAlive = false;
        if (config.encrypted) {
            o.encryption.serverKey = key;
            o.encryption.options.bits = config.bits;
            o.encryption.options.streamMode = config.streamMode;
        }
        c->setOptions(o);
        clients.push_back(std::move(c));
    }
    // Connect (and shake hands) outside the measured time.
    int warm = 0;
    int warmFailed = 0;
    for (auto &c : clients)
        c->sendQuest("echo", payload, [&](const Answer &a) { a.ok() ? ++warm : ++warmFailed; });
    if (!waitFor([&] { return warm + warmFailed == connections; }, 30000) || warmFailed > 0) {
        std::fprintf(stderr, "%s: warm-up failed\n", config.name);
        return {};
    }
    for (auto &c : clients) {
        if (c->isEncrypted() != config.encrypted) {
            std::fprintf(stderr, "%s: connection not in the expected mode\n", config.name);
            return {};
        }
    }

    Load load(clients, payload, window);
    QElapsedTimer elapsed;
    elapsed.start();
    const double cpuStart = processCpuUs();
    load.start();
    bool over = false;
    QTimer::singleShot(seconds * 1000, [&] { over = true; });
    waitFor([&] { return over; }, seconds * 1000 + 60000);
    const qint64 ms = elapsed.elapsed();
    const double cpu = processCpuUs() - cpuStart;
    load.stop();
    const Figures f{double(load.answered) * 1000.0 / double(qMax<qint64>(1, ms)), cpu / double(qMax<qint64>(1, load.answered)),
                    load.answered, load.failed};
    waitFor([&] { return load.drained(); }, 30000);   // the rest is answered before the clients go
    return f;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("rtm.*.debug=false\nrtm.*.info=false"));
    int seconds = 3;
    int window = 32;
    int payloadBytes = 200;
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); i += 2) {
        if (args[i] == QLatin1String("--seconds"))
            seconds = qMax(1, args[i + 1].toInt());
        else if (args[i] == QLatin1String("--window"))
            window = qMax(1, args[i + 1].toInt());
        else if (args[i] == QLatin1String("--payload"))
            payloadBytes = qMax(0, args[i + 1].toInt());
    }

    const EccPrivateKey serverKey = EccPrivateKey::generate(EccCurve::Secp256r1);
    const EccPublicKey publicKey = EccPublicKey::fromXY(EccCurve::Secp256r1, serverKey.publicXY());
    if (!serverKey.isValid() || !publicKey.isValid()) {
        std::fprintf(stderr, "cannot make a key\n");
        return 1;
    }

    QThread serverThread;
    auto *server = new FpnnServer;
    ServerOptions so;
    so.eccKey = serverKey;
    so.idleTimeoutMs = 0;
    server->setOptions(so);
    server->addMethod("echo", [](const IncomingQuest &q) { return Answer::success(q.payload); });
    server->moveToThread(&serverThread);
    QObject::connect(&serverThread, &QThread::finished, server, &QObject::deleteLater);
    serverThread.start();
    bool listening = false;
    QMetaObject::invokeMethod(server, [&] { listening = server->listen(QHostAddress::LocalHost, 0); }, Qt::BlockingQueuedConnection);
    if (!listening) {
        std::fprintf(stderr, "cannot listen\n");
        return 1;
    }
    const quint16 port = server->serverPort();

    Value payload = Value::map();
    payload.insert("data", Value::bin(QByteArray(payloadBytes, 'x')));

    const Config configs[] = {
        {"plain", false, 0, false},
        {"package AES-128", true, 128, false},
        {"package AES-256", true, 256, false},
        {"stream AES-128", true, 128, true},
        {"stream AES-256", true, 256, true},
    };
    std::printf("echo quests of %d payload bytes, %d in flight per connection, %d s per figure, secp256r1, %d CPU threads\n",
                payloadBytes, window, seconds, QThread::idealThreadCount());
    std::printf("%-16s %13s %13s %11s %11s %13s %13s\n", "mode", "QPS 1 conn", "QPS 10 conn", "vs plain 1", "vs plain 10",
                "CPU us/q 1", "CPU us/q 10");
    double plain1 = 0;
    double plain10 = 0;
    for (const Config &c : configs) {
        const Figures one = run(c, 1, port, publicKey, payload, window, seconds);
        const Figures ten = run(c, 10, port, publicKey, payload, window, seconds);
        if (!c.encrypted) {
            plain1 = one.qps;
            plain10 = ten.qps;
        }
        std::printf("%-16s %13.0f %13.0f %10.0f%% %10.0f%% %13.1f %13.1f\n", c.name, one.qps, ten.qps,
                    plain1 > 0 ? 100.0 * one.qps / plain1 : 0.0, plain10 > 0 ? 100.0 * ten.qps / plain10 : 0.0,
                    one.cpuUsPerQuest, ten.cpuUsPerQuest);
        if (one.failed + ten.failed > 0)
            std::printf("  (%lld quests failed)\n", static_cast<long long>(one.failed + ten.failed));
        std::fflush(stdout);
    }

    serverThread.quit();
    serverThread.wait();
    return 0;
}
