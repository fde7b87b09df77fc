// rtm-devserver: the sandbox as a standalone RTM-compatible server (see --help and
// core/sandbox/README.md). Prints exactly one line "listening on HOST:PORT" on stdout
// once it accepts connections; logs go to stderr. SIGINT/SIGTERM stop it cleanly. A file
// size limit (SIGXFSZ) does not kill it: the journal write fails and the call is refused.

#include <csignal>
#include <cstdio>

#include <sys/socket.h>
#include <unistd.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QHostAddress>
#include <QLoggingCategory>
#include <QSocketNotifier>

#include "rtm/endpoint.h"
#include "sandbox/sandboxserver.h"
#include "version.h"

namespace {

int g_signalPipe[2] = {-1, -1};

// Only async-signal-safe work here: wake the event loop through the self-pipe.
void onSignal(int signo)
{
    const char byte = char(signo);
    [[maybe_unused]] ssize_t n = ::write(g_signalPipe[1], &byte, 1);
}

int fail(const QString &message)
{
    std::fprintf(stderr, "rtm-devserver: %s\n", qPrintable(message));
    return 2;
}

bool parsePositive(const QString &text, qint64 min, qint64 max, qint64 *out)
{
    bool ok = false;
    const qint64 v = text.toLongLong(&ok);
    if (!ok || v < min || v > max)
        return false;
    *out = v;
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("rtm-devserver"));
    QCoreApplication::setApplicationVersion(QString::fromLatin1(rtm::kVersion));
    // Per-quest debug lines only on request (QT_LOGGING_RULES="rtm.*.debug=true" overrides this).
    QLoggingCategory::setFilterRules(QStringLiteral("rtm.*.debug=false"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Local RTM-compatible server (the sandbox) for the RTM server-side Message API over FPNN/TCP.\n"
        "Prints \"listening on HOST:PORT\" on stdout once ready. Without --pid/--secret it serves the demo\n"
        "project (pid 11000001, secret \"sandbox-secret\"), which is refused together with --allow-remote."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption listen(QStringLiteral("listen"),
        QStringLiteral("Address to listen on (default 127.0.0.1:%1; port 0 picks a free port). "
                       "A non-loopback host needs --allow-remote.").arg(sandbox::kDefaultPort),
        QStringLiteral("HOST:PORT"), QStringLiteral("127.0.0.1:%1").arg(sandbox::kDefaultPort));
    const QCommandLineOption pid(QStringLiteral("pid"), QStringLiteral("Project id (default: demo pid 11000001)."), QStringLiteral("N"));
    const QCommandLineOption secret(QStringLiteral("secret"),
        QStringLiteral("Project secret key (or environment RTM_SECRET; default: the demo secret). "
                       "Prefer RTM_SECRET: command lines are visible to other users."),
        QStringLiteral("S"));
    const QCommandLineOption demoData(QStringLiteral("demo-data"),
        QStringLiteral("Seed an empty store with ~5,000 deterministic demo messages over the last 7 days "
                       "(with --data: only when the journal is new)."));
    const QCommandLineOption data(QStringLiteral("data"),
        QStringLiteral("Keep messages in this append-only journal file (replayed at start). Default: memory only."),
        QStringLiteral("FILE"));
    const QCommandLineOption rateLimit(QStringLiteral("rate-limit"),
        QStringLiteral("At most N calls per second for the project, else 200010 (default 0 = unlimited)."), QStringLiteral("N"));
    const QCommandLineOption latency(QStringLiteral("latency-ms"),
        QStringLiteral("Delay every answer by N ms (default 0)."), QStringLiteral("N"));
    const QCommandLineOption idle(QStringLiteral("idle-timeout"),
        QStringLiteral("Close connections idle for S seconds (default 60, 0 = never)."), QStringLiteral("S"));
    const QCommandLineOption tsWindow(QStringLiteral("ts-window"),
        QStringLiteral("Accepted |ts - server time| in seconds, else 200008 (default 300)."), QStringLiteral("S"));
    const QCommandLineOption replay(QStringLiteral("reject-replayed-sign"),
        QStringLiteral("Answer 200006 to a sign already seen within the ts window (default off)."));
    const QCommandLineOption retention(QStringLiteral("retention-days"),
        QStringLiteral("Drop messages older than N days (default 0 = keep forever)."), QStringLiteral("N"));
    const QCommandLineOption perPeer(QStringLiteral("max-connections-per-peer"),
        QStringLiteral("At most N connections from one IP address, loopback included; more are closed at once "
                       "(default 64, 0 = no per-address limit; 1024 connections in all)."), QStringLiteral("N"));
    const QCommandLineOption allowRemote(QStringLiteral("allow-remote"),
        QStringLiteral("Allow a non-loopback listen address (needs explicit --pid and --secret/RTM_SECRET of at "
                       "least %1 characters, not the demo secret).").arg(sandbox::kMinRemoteSecretLength));
    const QCommandLineOption eccKey(QStringLiteral("ecc-key"),
        QStringLiteral("Accept encrypted connections (FPNN *key: ECDH + AES-CFB, package or stream mode, 128 or 256 "
                       "bits) with this EC private key: PEM, PKCS#8 or SEC1, on secp256k1, secp256r1, secp224r1 or "
                       "secp192r1. Clients need the matching public key (openssl pkey -in FILE -pubout). Plain "
                       "clients are still served unless --force-encrypt."),
        QStringLiteral("FILE"));
    const QCommandLineOption eccCurve(QStringLiteral("ecc-curve"),
        QStringLiteral("The curve of an --ecc-key file in FPNN's raw format (the big-endian private scalar, "
                       "field-size bytes); with a PEM file, checks the key is on that curve."),
        QStringLiteral("NAME"));
    const QCommandLineOption forceEncrypt(QStringLiteral("force-encrypt"),
        QStringLiteral("Only encrypted connections (needs --ecc-key): a connection whose first quest is not *key "
                       "gets 20013 and is closed."));
    parser.addOptions({listen, pid, secret, demoData, data, rateLimit, latency, idle, tsWindow, replay, retention, perPeer, allowRemote,
                       eccKey, eccCurve, forceEncrypt});
    parser.process(app);
    if (!parser.positionalArguments().isEmpty())
        return fail(QStringLiteral("unexpected argument: %1 (see --help)").arg(parser.positionalArguments().first()));

    sandbox::SandboxOptions options;
    qint64 number = 0;

    // --listen HOST:PORT ([v6]:PORT for IPv6; port 0 picks a free one)
    const QString listenText = parser.value(listen);
    QString why;
    const std::optional<rtm::Endpoint> listenAt = rtm::Endpoint::parse(listenText, &why, rtm::Endpoint::PortZero::Allowed);
    if (!listenAt)
        return fail(QStringLiteral("--listen wants HOST:PORT, got \"%1\": %2").arg(listenText, why));
    const QString host = listenAt->host;
    const quint16 port = listenAt->port;
    QHostAddress address;
    if (host == QLatin1String("localhost"))
        address = QHostAddress::LocalHost;
    else if (!address.setAddress(host))
        return fail(QStringLiteral("--listen: \"%1\" is not an IP address").arg(host));

    const bool remote = parser.isSet(allowRemote);
    const QByteArray envSecret = qgetenv("RTM_SECRET");
    const bool secretGiven = parser.isSet(secret) || !envSecret.isEmpty();
    if (remote && (!parser.isSet(pid) || !secretGiven))
        return fail(QStringLiteral("--allow-remote needs an explicit --pid and --secret (or RTM_SECRET): "
                                   "the demo credentials are public"));
    if (!address.isLoopback() && !remote)
        return fail(QStringLiteral("%1 is not a loopback address; add --allow-remote to listen there").arg(host));

    if (parser.isSet(pid)) {
        if (!parsePositive(parser.value(pid), 1, 0x7fffffff, &number))
            return fail(QStringLiteral("--pid wants a positive integer"));
        options.pid = number;
    }
    if (parser.isSet(secret))
        options.secret = parser.value(secret).toUtf8();
    else if (!envSecret.isEmpty())
        options.secret = envSecret;
    if (options.secret.isEmpty())
        return fail(QStringLiteral("the secret must not be empty"));
    // Reachable from elsewhere, the key is all that guards the data: not the public demo
    // one, nor one short enough to guess. (The secret itself is never echoed.)
    if (remote && options.secret == sandbox::kDemoSecret)
        return fail(QStringLiteral("--allow-remote refuses the demo secret: it is public; choose your own"));
    if (remote && QString::fromUtf8(options.secret).size() < sandbox::kMinRemoteSecretLength)
        return fail(QStringLiteral("--allow-remote needs a secret of at least %1 characters")
                        .arg(sandbox::kMinRemoteSecretLength));
    if (parser.isSet(forceEncrypt) && !parser.isSet(eccKey))
        return fail(QStringLiteral("--force-encrypt needs --ecc-key FILE"));
    if (parser.isSet(eccCurve) && !parser.isSet(eccKey))
        return fail(QStringLiteral("--ecc-curve needs --ecc-key FILE"));
    if (parser.isSet(eccKey) && parser.value(eccKey).isEmpty())
        return fail(QStringLiteral("--ecc-key wants a file name"));
    options.eccKeyFile = parser.value(eccKey);
    options.eccCurve = parser.value(eccCurve);
    options.forceEncrypt = parser.isSet(forceEncrypt);
    if (!address.isLoopback())
        std::fprintf(stderr, "rtm-devserver: WARNING: listening on non-loopback address %s; the sandbox is a "
                             "test server%s\n", qPrintable(host),
                     !options.eccKeyFile.isEmpty() ? "" : " without encryption (see --ecc-key)");

    auto intOption = [&](const QCommandLineOption &o, int min, int max, int *out) {
        if (!parser.isSet(o))
            return true;
        if (!parsePositive(parser.value(o), min, max, &number))
            return false;
        *out = int(number);
        return true;
    };
    if (!intOption(rateLimit, 0, 1000000, &options.rateLimit))
        return fail(QStringLiteral("--rate-limit wants an integer >= 0"));
    if (!intOption(latency, 0, 600000, &options.latencyMs))
        return fail(QStringLiteral("--latency-ms wants an integer >= 0"));
    if (!intOption(idle, 0, 86400 * 365, &options.idleTimeoutSec))
        return fail(QStringLiteral("--idle-timeout wants seconds >= 0"));
    if (!intOption(tsWindow, 1, 86400 * 365, &options.tsWindowSec))
        return fail(QStringLiteral("--ts-window wants seconds >= 1"));
    if (!intOption(retention, 0, 36500, &options.retentionDays))
        return fail(QStringLiteral("--retention-days wants an integer >= 0"));
    if (!intOption(perPeer, 0, 1000000, &options.maxConnectionsPerPeer))
        return fail(QStringLiteral("--max-connections-per-peer wants an integer >= 0"));
    options.demoData = parser.isSet(demoData);
    options.dataFile = parser.value(data);
    options.rejectReplayedSign = parser.isSet(replay);

    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalPipe) != 0)
        return fail(QStringLiteral("cannot create the signal pipe"));
    QSocketNotifier notifier(g_signalPipe[0], QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, &app, [&] {
        char byte = 0;
        [[maybe_unused]] ssize_t n = ::read(g_signalPipe[0], &byte, 1);
        std::fprintf(stderr, "rtm-devserver: signal %d, shutting down\n", int(byte));
        QCoreApplication::quit();
    });
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    ::sigaction(SIGINT, &action, nullptr);
    ::sigaction(SIGTERM, &action, nullptr);
    // Past a file size limit write() then fails with EFBIG: the journal refuses that call.
    ::signal(SIGXFSZ, SIG_IGN);

    sandbox::SandboxServer server(options);
    if (!server.listen(address, port))
        return fail(server.errorString());

    const rtm::Endpoint listening{server.address().toString(), server.port()};
    std::printf("listening on %s\n", qPrintable(listening.toString()));
    std::fflush(stdout);

    const int rc = app.exec();
    server.close();   // journal flushed and synced
    return rc;
}
