#include "sandboxserver.h"

#include <QDateTime>
#include <QTimer>

#include "auth.h"
#include "demodata.h"
#include "fpnn/fpnnserver.h"
#include "journal.h"
#include "messagestore.h"
#include "methods.h"
#include "rtm/endpoint.h"
#include "sandboxlog.h"
#include "serverkey.h"

namespace sandbox {

Q_LOGGING_CATEGORY(lcSandbox, "rtm.sandbox")

namespace {
constexpr qint64 kDayMs = 24LL * 3600 * 1000;
constexpr int kRetentionSweepMs = 60 * 1000;
} // namespace

class SandboxServerPrivate {
public:
    explicit SandboxServerPrivate(const SandboxOptions &o)
        : options(o),
          auth(Authenticator::Settings{o.pid, o.secret, o.tsWindowSec, o.rejectReplayedSign, o.rateLimit}),
          methods(store, nullptr)
    {
    }

    bool openData();
    bool loadKey();
    qint64 retentionCutoff(qint64 nowMs) const
    {
        return options.retentionDays > 0 ? nowMs - qint64(options.retentionDays) * kDayMs : 0;
    }

    SandboxOptions options;
    fpnn::FpnnServer server;
    MessageStore store;
    Journal journal;
    Authenticator auth;
    MessageMethods methods;
    QTimer retentionTimer;
    bool dataOpened = false;
    QString error;
};

// The key goes into the FPNN server's options before it listens; a file is read once.
bool SandboxServerPrivate::loadKey()
{
    fpnn::ServerOptions serverOptions = server.options();
    if (!options.eccKey.isValid() && !options.eccKeyFile.isEmpty()) {
        options.eccKey = loadServerKey(options.eccKeyFile, options.eccCurve, &error);
        if (!options.eccKey.isValid())
            return false;
    }
    if (options.forceEncrypt && !options.eccKey.isValid()) {
        error = QStringLiteral("encrypted connections only, but no encryption key was given");
        return false;
    }
    serverOptions.eccKey = options.eccKey;
    serverOptions.forceEncrypt = options.forceEncrypt;
    server.setOptions(serverOptions);
    return true;
}

bool SandboxServerPrivate::openData()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (!options.dataFile.isEmpty()) {
        qint64 refused = 0;
        const bool ok = journal.open(
            options.dataFile, options.pid,
            [&](StoredMessage &&m) {
                if (store.append(std::move(m)) == 0)
                    ++refused;   // out of order: only possible if the file was edited
            },
            [&](qint64 id) { store.markDeleted(id); });
        if (!ok) {
            error = journal.errorString();
            return false;
        }
        if (refused)
            qCWarning(lcSandbox) << "journal: ignored" << refused << "records out of id/time order";
        qCInfo(lcSandbox).noquote() << QStringLiteral("journal %1: %2 messages, %3 deletes replayed")
                                           .arg(options.dataFile)
                                           .arg(journal.replayStats().messages)
                                           .arg(journal.replayStats().deletes);
        methods.setJournal(&journal);
    }
    if (const qint64 cutoff = retentionCutoff(now)) {
        store.purgeOlderThan(cutoff);
        store.setVisibleFrom(cutoff);
    }
    const bool fresh = store.isEmpty() && (options.dataFile.isEmpty() || journal.wasNew());
    if (options.demoData && fresh) {
        const auto messages = generateDemoMessages(now);
        for (const StoredMessage &m : messages) {
            std::vector<StoredMessage> one{m};
            QString why;
            if (!methods.storeCall(one, &why)) {
                error = QStringLiteral("cannot store the demo data: %1").arg(why);
                store.clear();
                return false;
            }
        }
        qCInfo(lcSandbox) << "demo data loaded:" << messages.size() << "messages";
    } else if (options.demoData) {
        qCInfo(lcSandbox) << "demo data skipped: the store is not empty";
    }
    if (options.retentionDays > 0) {
        retentionTimer.setInterval(kRetentionSweepMs);
        QObject::connect(&retentionTimer, &QTimer::timeout, &server, [this] {
            const qint64 cutoff = retentionCutoff(QDateTime::currentMSecsSinceEpoch());
            store.purgeOlderThan(cutoff);
            store.setVisibleFrom(cutoff);
        });
        retentionTimer.start();
    }
    dataOpened = true;
    return true;
}

SandboxServer::SandboxServer(const SandboxOptions &options, QObject *parent)
    : QObject(parent), d(std::make_unique<SandboxServerPrivate>(options))
{
    fpnn::ServerOptions serverOptions = d->server.options();
    serverOptions.idleTimeoutMs = qMax(0, options.idleTimeoutSec) * 1000;
    serverOptions.answerDelayMs = qMax(0, options.latencyMs);
    serverOptions.maxConnections = options.maxConnections;
    serverOptions.maxConnectionsPerPeer = options.maxConnectionsPerPeer;
    d->server.setOptions(serverOptions);

    for (const MessageMethods::Entry &entry : MessageMethods::table()) {
        const MessageMethods::Handler handler = entry.handler;
        d->server.addMethod(QByteArray(entry.method), [this, handler](const fpnn::IncomingQuest &quest) {
            const qint64 now = QDateTime::currentMSecsSinceEpoch();
            if (const qint64 cutoff = d->retentionCutoff(now))
                d->store.setVisibleFrom(cutoff);
            if (auto refused = d->auth.check(quest.method, quest.payload, now)) {
                // Method and code only: the quest carries the sign, which is never logged.
                qCDebug(lcSandbox) << quest.method << "from" << quest.peerAddress.toString() << "refused:" << refused->code;
                return *refused;
            }
            fpnn::Answer answer = (d->methods.*handler)(quest.payload, now);
            qCDebug(lcSandbox) << quest.method << "->" << answer.code;
            return answer;
        });
    }
}

SandboxServer::~SandboxServer()
{
    close();
    d->journal.close();
}

const SandboxOptions &SandboxServer::options() const
{
    return d->options;
}

bool SandboxServer::listen(const QHostAddress &address, quint16 port)
{
    d->error.clear();
    if (!d->loadKey())
        return false;
    if (!d->dataOpened && !d->openData())
        return false;
    if (!d->server.listen(address, port)) {
        d->error = d->server.errorString();
        return false;
    }
    const fpnn::ServerOptions &serverOptions = d->server.options();
    const QString encryption = !serverOptions.eccKey.isValid()
        ? QStringLiteral("encryption off")
        : QStringLiteral("encryption on: %1, %2").arg(fpnn::eccCurveName(serverOptions.eccKey.curve()),
                                                       serverOptions.forceEncrypt ? QStringLiteral("plain connections refused")
                                                                                  : QStringLiteral("plain connections accepted too"));
    qCInfo(lcSandbox).noquote() << QStringLiteral("listening on %1 (pid %2, %3 messages, %4)")
                                       .arg(rtm::Endpoint{d->server.serverAddress().toString(), d->server.serverPort()}.toString())
                                       .arg(d->options.pid)
                                       .arg(d->store.size())
                                       .arg(encryption);
    return true;
}

void SandboxServer::close()
{
    if (d->server.isListening() || d->server.connectionCount() > 0)
        d->server.close();
    d->journal.sync();
}

bool SandboxServer::isListening() const
{
    return d->server.isListening();
}

QHostAddress SandboxServer::address() const
{
    return d->server.serverAddress();
}

quint16 SandboxServer::port() const
{
    return d->server.serverPort();
}

QString SandboxServer::errorString() const
{
    return d->error;
}

int SandboxServer::connectionCount() const
{
    return d->server.connectionCount();
}

MessageStore &SandboxServer::store()
{
    return d->store;
}

} // namespace sandbox
