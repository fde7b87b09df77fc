#include "fpnnclient.h"

#include <deque>
#include <limits>
#include <unordered_map>
#include <utility>
#include <vector>

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

#include "connectioncodec.h"
#include "fpnnerrorcodes.h"
#include "framecodec.h"
#include "keyexchange.h"
#include "questsequence.h"

namespace fpnn {

namespace {
Q_LOGGING_CATEGORY(lcClient, "rtm.fpnn")

constexpr int kScanIntervalMs = 100;

struct Pending {
    AnswerCallback callback;
    QPointer<QObject> context;
    bool hasContext = false;
    bool internal = false;     // our own *ping or *key: not counted, callback ignored
    bool keyExchange = false;  // the `*key` quest that opens an encrypted connection
    bool written = false;
    AnswerPayload answerForm = AnswerPayload::Tree;
    QByteArray frame;          // kept only until written
    qint64 deadlineMs = 0;     // on the client's monotonic clock
    qint64 sentAtMs = 0;
};

struct Failed {
    Pending pending;
    Answer answer;
};

// Runs one callback, honouring the context guard. Touches nothing of the client, so it
// is safe even when a callback destroys the client.
void deliver(Pending &p, const Answer &answer)
{
    if (p.hasContext && p.context.isNull())
        return;
    if (!p.callback)
        return;
    AnswerCallback cb = std::move(p.callback);
    cb(answer);
}

} // namespace

class FpnnClientPrivate {
public:
    // Marks a public call that must not run callbacks synchronously; survives the client
    // being destroyed by a slot meanwhile.
    struct ApiScope {
        explicit ApiScope(FpnnClientPrivate *d) : guard(d->q), d(d) { ++d->apiDepth; }
        ~ApiScope()
        {
            if (guard)
                --d->apiDepth;
        }
        bool alive() const { return !guard.isNull(); }
        QPointer<FpnnClient> guard;
        FpnnClientPrivate *d;
    };

    explicit FpnnClientPrivate(FpnnClient *q) : q(q) { clock.start(); }

    FpnnClient *q;
    QString host = QStringLiteral("127.0.0.1");
    quint16 port = 0;
    ClientOptions options;
    FpnnClient::State state = FpnnClient::State::Disconnected;

    QTcpSocket *socket = nullptr;
    std::unique_ptr<ConnectionCodec> codec;   // one per connection: plain, or encrypted after `*key`
    std::unordered_map<quint32, Pending> pending;
    struct Outgoing { quint32 seq = 0; QByteArray oneway; };   // seq 0 = oneway bytes
    std::deque<Outgoing> outbox;   // waits for the connection, in order
    qint64 queuedBytes = 0;        // frames in the outbox (Pending::frame and oneway bytes)
    QuestSequence sequence;

    std::vector<Failed> deferred;  // ended before sendQuest returned; delivered later
    bool deferredScheduled = false;

    QElapsedTimer clock;
    QTimer *scanTimer = nullptr;
    QTimer *connectTimer = nullptr;
    QTimer *backoffTimer = nullptr;
    qint64 lastReceivedMs = 0;
    qint64 lastPingSentMs = -1;
    qint64 connectedAtMs = 0;
    int failedAttempts = 0;        // consecutive failed connects / short-lived connections
    qint64 backoffUntilMs = 0;
    bool hadConnection = false;    // for Connecting vs Reconnecting
    bool lost = false;             // last connection or attempt failed (autoReconnect)
    bool isConnected = false;      // between connected() and the teardown
    bool handshaking = false;      // TCP is up, the `*key` answer has not arrived yet
    bool destroying = false;
    int socketHandlerDepth = 0;    // > 0 while a socket signal is being handled
    int apiDepth = 0;              // > 0 inside sendQuest()/sendOneway()/connectToServer()
    int lastRtt = -1;

    qint64 now() const { return clock.elapsed(); }
    int pingTimeoutMs() const { return options.pingTimeoutMs > 0 ? options.pingTimeoutMs : options.questTimeoutMs; }

    void setState(FpnnClient::State s)
    {
        if (state == s)
            return;
        state = s;
        Q_EMIT q->stateChanged(s);
    }

    quint32 allocateSeq()
    {
        return sequence.take([this](quint32 s) { return pending.find(s) != pending.end(); });
    }

    void ensureScanTimer()
    {
        if (!scanTimer->isActive())
            scanTimer->start();
    }

    // Ends a quest outside of the caller's stack frame (sendQuest must never call back).
    void failLater(Pending p, Answer answer)
    {
        if (destroying) {
            // The destructor drains this list synchronously.
            deferred.push_back({std::move(p), std::move(answer)});
            return;
        }
        deferred.push_back({std::move(p), std::move(answer)});
        if (!deferredScheduled) {
            deferredScheduled = true;
            QMetaObject::invokeMethod(q, [this] { flushDeferred(); }, Qt::QueuedConnection);
        }
    }

    void flushDeferred()
    {
        deferredScheduled = false;
        std::vector<Failed> list;
        list.swap(deferred);
        for (Failed &f : list)
            deliver(f.pending, f.answer);   // may destroy the client: touch nothing after
    }

    // Detaches the table first: a callback may issue new quests or even destroy us.
    static void failAll(std::unordered_map<quint32, Pending> &&table, const Answer &answer)
    {
        std::unordered_map<quint32, Pending> list = std::move(table);
        for (auto &[seq, p] : list) {
            Q_UNUSED(seq);
            deliver(p, answer);
        }
    }

    std::unordered_map<quint32, Pending> detachPending()
    {
        std::unordered_map<quint32, Pending> table;
        table.swap(pending);
        outbox.clear();
        queuedBytes = 0;
        sequence.restart();   // seq counts per connection
        return table;
    }

    bool canStartConnect() const
    {
        return !destroying && !host.isEmpty() && port != 0;
    }

    qint64 backoffDelayMs() const
    {
        // protocol.md 6: the first 5 failures are retried at once; then 2 s, growing by
        // 23.6 s per further failure, capped (the Python SDK forgets the cap).
        const int immediate = options.immediateRetries;
        if (failedAttempts <= immediate)
            return 0;
        const qint64 extra = failedAttempts - immediate - 1;
        const qint64 delay = options.backoffBaseMs + extra * options.backoffStepMs;
        return qMin<qint64>(delay, options.maxBackoffMs);
    }

    // Lazy connect from a quest: honours the back-off.
    void connectLazily()
    {
        if (socket || backoffTimer->isActive() || !canStartConnect())
            return;
        const qint64 wait = backoffUntilMs - now();
        if (wait > 0) {
            backoffTimer->start(int(qMin<qint64>(wait, std::numeric_limits<int>::max())));
            ensureScanTimer();
            setState(FpnnClient::State::Reconnecting);
            return;
        }
        startConnect();
    }

    void startConnect()
    {
        backoffTimer->stop();
        if (socket || !canStartConnect())
            return;
        codec = std::make_unique<ConnectionCodec>(ConnectionCodec::Role::Client, options.maxFrameSize);
        handshaking = false;
        socket = new QTcpSocket(q);
        QTcpSocket *s = socket;
        QObject::connect(s, &QTcpSocket::connected, q, [this, s] {
            if (s == socket)
                inSocketHandler([this] { onConnected(); });
        });
        QObject::connect(s, &QTcpSocket::readyRead, q, [this, s] {
            if (s == socket)
                inSocketHandler([this] { onReadyRead(); });
        });
        QObject::connect(s, &QTcpSocket::disconnected, q, [this, s] {
            if (s == socket)
                inSocketHandler([this] { onSocketGone(QStringLiteral("connection closed by peer")); });
        });
        QObject::connect(s, &QTcpSocket::errorOccurred, q, [this, s](QAbstractSocket::SocketError) {
            if (s == socket)
                inSocketHandler([this, s] { onSocketGone(s->errorString()); });
        });
        connectTimer->start(qMax(1, options.connectTimeoutMs));
        ensureScanTimer();
        QPointer<FpnnClient> guard(q);
        setState((hadConnection || failedAttempts > 0) ? FpnnClient::State::Reconnecting
                                                       : FpnnClient::State::Connecting);
        if (!guard || socket != s)
            return;   // a stateChanged slot closed or destroyed us
        qCDebug(lcClient) << "connecting to" << host << port;
        s->connectToHost(host, port);
    }

    // Runs a socket signal handler; callbacks inside may destroy the client, so the
    // depth counter is only touched again when we are still alive.
    template<typename F>
    void inSocketHandler(F &&f)
    {
        QPointer<FpnnClient> guard(q);
        ++socketHandlerDepth;
        f();
        if (guard)
            --socketHandlerDepth;
    }

    void onConnected()
    {
        connectTimer->stop();
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        qCDebug(lcClient) << "connected to" << host << port;
        if (options.encryption.enabled())
            startKeyExchange();
        else
            onLinkReady();
    }

    // protocol.md 2.1: `*key` goes first, in plaintext; the codec switches right after
    // writing it, so its answer and everything later are decrypted. Quests issued
    // meanwhile wait in the outbox and leave encrypted once the answer is in.
    void startKeyExchange()
    {
        KeyExchangeError error = KeyExchangeError::None;
        const auto exchange = startClientKeyExchange(options.encryption.serverKey, options.encryption.options, &error);
        if (!exchange) {
            failHandshake(QStringLiteral("cannot start the key exchange (%1)").arg(keyExchangeErrorName(error)));
            return;
        }
        handshaking = true;
        const qint64 t = now();
        Pending p;
        p.internal = true;
        p.keyExchange = true;
        // The handshake is part of connecting: it gets the connect timeout, and never more
        // than a quest's own (quests waiting for it keep their deadlines anyway).
        p.deadlineMs = t + qMax(1, qMin(options.connectTimeoutMs, options.questTimeoutMs));
        const quint32 seq = allocateSeq();
        Frame f;
        f.kind = FrameKind::TwowayQuest;
        f.version = kSendVersion;
        f.seq = seq;
        f.method = QByteArrayLiteral("*key");
        f.payload = encodeMsgpack(exchange->questPayload);
        p.frame = encodeFrame(f, options.maxFrameSize);
        auto &slot = pending[seq] = std::move(p);
        writeQuest(slot);
        codec->startEncryption(exchange->keys, exchange->streamMode);
        ensureScanTimer();
    }

    // The `*key` answer arrived (decrypted, or in plaintext from a server without encryption).
    void onKeyAnswer(const Frame &f)
    {
        if (codec->peerRepliedPlain()) {
            const Answer answer = answerFromFrame(f, options.payloadLimits);
            failHandshake(QStringLiteral("the server answered in plaintext (%1 %2) — it does not have encryption enabled")
                              .arg(answer.code).arg(answer.errorText));
            return;
        }
        if (f.isErrorAnswer()) {
            const Answer answer = answerFromFrame(f, options.payloadLimits);
            failHandshake(QStringLiteral("the server refused the key exchange (%1 %2)").arg(answer.code).arg(answer.errorText));
            return;
        }
        handshaking = false;
        qCInfo(lcClient).noquote() << QStringLiteral("encrypted connection to %1:%2 (%3, AES-%4, %5 mode)")
                                          .arg(host).arg(port)
                                          .arg(eccCurveName(options.encryption.serverKey.curve()))
                                          .arg(options.encryption.options.bits)
                                          .arg(codec->isStreamMode() ? QStringLiteral("stream") : QStringLiteral("package"));
        onLinkReady();
    }

    // A failed handshake ends the attempt like a failed connect: every waiting quest ends
    // with 20012 and the reason, and the next attempt follows the back-off.
    void failHandshake(const QString &reason)
    {
        const QString why = QStringLiteral("encryption handshake failed with %1:%2: %3").arg(host).arg(port).arg(reason);
        qCWarning(lcClient).noquote() << why;
        ++failedAttempts;
        dropConnection(CoreInvalidConnection, why, true);
    }

    // The connection can carry quests: TCP is up and, when asked for, encrypted.
    void onLinkReady()
    {
        hadConnection = true;
        lost = false;
        isConnected = true;
        connectedAtMs = now();
        lastReceivedMs = connectedAtMs;
        lastPingSentMs = -1;
        // Flush what waited for the connection, in order, before any slot can send more;
        // quests that timed out meanwhile are gone from the table and are skipped.
        std::deque<Outgoing> queue;
        queue.swap(outbox);
        queuedBytes = 0;
        for (Outgoing &o : queue) {
            if (o.seq == 0) {
                socket->write(codec->wrap(o.oneway));
                continue;
            }
            auto it = pending.find(o.seq);
            if (it == pending.end() || it->second.written)
                continue;
            writeQuest(it->second);
        }
        if (!checkUnsent())
            return;   // we may be gone: touch nothing
        ensureScanTimer();
        QPointer<FpnnClient> guard(q);
        setState(FpnnClient::State::Connected);
        if (guard && isConnected)
            Q_EMIT q->connected();
    }

    void writeQuest(Pending &p)
    {
        p.written = true;
        p.sentAtMs = now();
        socket->write(codec->wrap(p.frame));   // one write call per frame, encrypted in write order
        p.frame = QByteArray();
    }

    // Bytes we hold that the server has not taken yet. Past maxUnsentBytes the server does
    // not read (or we produce far faster than the link drains): close rather than buffer
    // without end. Returns false when the connection was dropped; the client may be gone
    // then (a callback may destroy it), so callers return without touching anything.
    bool checkUnsent()
    {
        if (options.maxUnsentBytes <= 0)
            return true;
        qint64 unsent = queuedBytes + (socket ? socket->bytesToWrite() : 0);
        if (unsent > options.maxUnsentBytes && socket && isConnected) {
            QPointer<FpnnClient> guard(q);
            socket->flush();   // hand what we can to the kernel before judging the server
            if (!guard || !socket)
                return false;   // the flush found the connection broken
            unsent = queuedBytes + socket->bytesToWrite();
        }
        if (unsent <= options.maxUnsentBytes)
            return true;
        const QString why = QStringLiteral("%1 unsent bytes exceed the limit of %2 (%3)")
                                .arg(unsent)
                                .arg(options.maxUnsentBytes)
                                .arg(isConnected ? QStringLiteral("the server does not read")
                                                 : QStringLiteral("too much queued while connecting"));
        qCWarning(lcClient).noquote() << QStringLiteral("closing the connection to %1:%2:").arg(host).arg(port) << why;
        backoffTimer->stop();
        dropConnection(CoreConnectionClosed, why, true);
        return false;
    }

    // The socket failed to connect, was closed by the peer, or errored.
    void onSocketGone(const QString &reason)
    {
        if (handshaking) {
            // A server with another key cannot decrypt our first quest and drops us.
            failHandshake(QStringLiteral("the server closed the connection during the encryption handshake (%1) — is the server key right?")
                              .arg(reason));
            return;
        }
        if (isConnected) {
            if (now() - connectedAtMs > options.backoffResetMs)
                failedAttempts = 0;
            else
                ++failedAttempts;
            dropConnection(CoreConnectionClosed, reason, true);
        } else {
            ++failedAttempts;
            dropConnection(CoreInvalidConnection, QStringLiteral("cannot connect to %1:%2: %3").arg(host).arg(port).arg(reason), true);
        }
    }

    void retireSocket()
    {
        QTcpSocket *s = std::exchange(socket, nullptr);
        if (!s)
            return;
        s->disconnect(q);   // no re-entrant disconnected/error signals from abort()
        s->abort();
        if (socketHandlerDepth > 0) {
            // We are inside one of its signals: it must outlive them, even if we don't.
            s->setParent(nullptr);
            s->deleteLater();
        } else {
            delete s;
        }
    }

    // Tears the connection down and ends every pending quest with `code`.
    void dropConnection(int code, const QString &reason, bool unexpected)
    {
        connectTimer->stop();
        retireSocket();
        codec.reset();
        handshaking = false;
        const bool wasConnected = std::exchange(isConnected, false);
        if (unexpected)
            backoffUntilMs = now() + backoffDelayMs();
        lost = unexpected;
        auto table = detachPending();
        const Answer failure = Answer::failure(code, reason);
        if (unexpected)
            qCInfo(lcClient).noquote() << "connection to" << host << port << "lost:" << reason;
        if (apiDepth > 0) {
            // Failed synchronously inside sendQuest()/connectToServer() (a connect can fail
            // at once): callbacks must not run in there, so they are queued.
            for (auto &[seq, p] : table) {
                Q_UNUSED(seq);
                failLater(std::move(p), failure);
            }
            table.clear();
        }
        // Slots may close or destroy us: check after every emission; the detached table
        // is ours alone.
        QPointer<FpnnClient> guard(q);
        setState(FpnnClient::State::Disconnected);
        if (guard && unexpected)
            Q_EMIT q->transportError(code, reason);
        if (guard && wasConnected)
            Q_EMIT q->disconnected();
        failAll(std::move(table), failure);
    }

    void onReadyRead()
    {
        QPointer<FpnnClient> guard(q);
        // Loop until the socket's buffer is empty: when a callback runs a nested event
        // loop, bytes that arrive meanwhile are buffered without a second readyRead.
        while (socket && socket->bytesAvailable() > 0) {
            const QByteArray data = socket->readAll();
            lastReceivedMs = now();
            codec->feed(data);
            while (guard && socket && codec->hasFrame()) {
                Frame f = codec->takeFrame();
                if (handshaking && !(f.isAnswer() && isKeyAnswer(f))) {
                    failHandshake(QStringLiteral("the server sent something other than the answer to *key first"));
                    return;
                }
                if (f.isAnswer())
                    handleAnswer(f);
                else
                    handleServerQuest(f);
            }
            if (!guard)
                return;   // a callback destroyed the client
            if (socket && codec->hasError()) {
                if (handshaking) {
                    failHandshake(QStringLiteral("the server's answer cannot be decrypted (%1) — is the server key right?")
                                      .arg(codec->errorMessage()));
                    return;
                }
                const QString why = codec->errorMessage();
                qCWarning(lcClient).noquote() << why;
                dropConnection(CoreConnectionClosed, why, true);
                return;
            }
        }
    }

    bool isKeyAnswer(const Frame &f) const
    {
        const auto it = pending.find(f.seq);
        return it != pending.end() && it->second.keyExchange;
    }

    void handleAnswer(const Frame &f)
    {
        auto it = pending.find(f.seq);
        if (it == pending.end()) {
            qCDebug(lcClient) << "answer for unknown seq" << f.seq << "ignored";
            return;
        }
        Pending p = std::move(it->second);
        pending.erase(it);
        queuedBytes -= p.frame.size();   // only unwritten quests still hold their frame
        lastRtt = int(now() - p.sentAtMs);
        if (p.keyExchange) {
            onKeyAnswer(f);
            return;
        }
        if (p.internal)
            return;
        const Answer answer = answerFromFrame(f, options.payloadLimits, p.answerForm);
        deliver(p, answer);
    }

    void handleServerQuest(const Frame &f)
    {
        if (f.kind == FrameKind::OnewayQuest)
            return;   // nothing we handle; the gateway expects no reply
        Answer answer;
        if (f.method == "ping") {
            answer = Answer::success();
        } else {
            qCDebug(lcClient) << "server quest" << f.method << "answered with 20004";
            answer = Answer::failure(CoreUnknownMethod, QStringLiteral("Unknow method:") + QString::fromLatin1(f.method));
        }
        const QByteArray bytes = encodeFrame(frameForAnswer(answer, f.seq, f.version), options.maxFrameSize);
        if (!bytes.isEmpty() && socket) {
            socket->write(codec->wrap(bytes));
            checkUnsent();   // the caller's loop stops when the connection went
        }
    }

    void scan()
    {
        const qint64 t = now();
        // Expired quests. Collect first: callbacks may change the table.
        std::vector<Pending> expired;
        bool keyExchangeExpired = false;
        const bool waitedForHandshake = handshaking;
        for (auto it = pending.begin(); it != pending.end();) {
            if (it->second.deadlineMs <= t) {
                queuedBytes -= it->second.frame.size();   // still waiting in the outbox
                keyExchangeExpired = keyExchangeExpired || it->second.keyExchange;
                expired.push_back(std::move(it->second));
                it = pending.erase(it);
            } else {
                ++it;
            }
        }
        QPointer<FpnnClient> guard(q);
        if (keyExchangeExpired && handshaking)
            failHandshake(QStringLiteral("no answer to the key exchange within %1 ms")
                              .arg(qMin(options.connectTimeoutMs, options.questTimeoutMs)));   // may run callbacks
        if (guard && state == FpnnClient::State::Connected && socket && options.keepAlive)
            keepAlive(t);   // may drop the connection and run callbacks
        if (guard) {
            const bool needed = !pending.empty() || (isConnected && options.keepAlive);
            if (!needed)
                scanTimer->stop();
        }
        if (!expired.empty()) {
            const Answer timeout = Answer::failure(
                CoreTimeout, waitedForHandshake ? QStringLiteral("quest timed out waiting for the encryption handshake (no answer to *key yet)")
                                                : QStringLiteral("quest timed out"));
            for (Pending &p : expired) {
                if (!p.internal)
                    deliver(p, timeout);   // may destroy the client: touch nothing after
            }
        }
    }

    void keepAlive(qint64 t)
    {
        const qint64 silent = t - lastReceivedMs;
        const qint64 pingTimeout = pingTimeoutMs();
        if (silent >= pingTimeout * qMax(1, options.maxPingRetryCount) + options.pingIntervalMs) {
            dropConnection(CoreConnectionClosed, QStringLiteral("keep-alive: nothing received for %1 ms").arg(silent), true);
            return;
        }
        if (silent >= options.pingIntervalMs && (lastPingSentMs < 0 || t - lastPingSentMs >= pingTimeout)) {
            lastPingSentMs = t;
            Pending p;
            p.internal = true;
            const quint32 seq = allocateSeq();
            p.deadlineMs = t + pingTimeout;
            Frame f;
            f.kind = FrameKind::TwowayQuest;
            f.version = kSendVersion;
            f.seq = seq;
            f.method = QByteArrayLiteral("*ping");
            f.payload = encodeMsgpack(Value::map());
            p.frame = encodeFrame(f, options.maxFrameSize);
            auto &slot = pending[seq] = std::move(p);
            writeQuest(slot);
            checkUnsent();   // scan() checks that we are still alive
        }
    }
};

FpnnClient::FpnnClient(QObject *parent)
    : QObject(parent), d(std::make_unique<FpnnClientPrivate>(this))
{
    d->scanTimer = new QTimer(this);
    d->scanTimer->setInterval(kScanIntervalMs);
    connect(d->scanTimer, &QTimer::timeout, this, [this] { d->scan(); });
    d->connectTimer = new QTimer(this);
    d->connectTimer->setSingleShot(true);
    connect(d->connectTimer, &QTimer::timeout, this, [this] {
        if (d->socket && d->state != State::Connected) {
            ++d->failedAttempts;
            d->dropConnection(CoreInvalidConnection, QStringLiteral("connect to %1:%2 timed out").arg(d->host).arg(d->port), true);
        }
    });
    d->backoffTimer = new QTimer(this);
    d->backoffTimer->setSingleShot(true);
    connect(d->backoffTimer, &QTimer::timeout, this, [this] { d->startConnect(); });
}

FpnnClient::FpnnClient(const QString &host, quint16 port, QObject *parent)
    : FpnnClient(parent)
{
    setEndpoint(host, port);
}

// Pending quests end here with 20002, synchronously, while the object is still whole.
// Quests issued from those callbacks end the same way.
FpnnClient::~FpnnClient()
{
    d->destroying = true;
    d->scanTimer->stop();
    d->connectTimer->stop();
    d->backoffTimer->stop();
    d->retireSocket();
    const Answer closed = Answer::failure(CoreConnectionClosed, QStringLiteral("client destroyed"));
    while (!d->pending.empty() || !d->deferred.empty()) {
        FpnnClientPrivate::failAll(d->detachPending(), closed);
        std::vector<Failed> list;
        list.swap(d->deferred);
        for (Failed &f : list)
            deliver(f.pending, f.answer);
    }
}

void FpnnClient::setEndpoint(const QString &host, quint16 port)
{
    if (d->host == host && d->port == port)
        return;
    // The old connection (if any) goes: the next quest must reach the new endpoint.
    if (d->socket || !d->pending.empty() || !d->outbox.empty()) {
        QPointer<FpnnClient> guard(this);
        close();
        if (!guard)
            return;
    }
    d->host = host;
    d->port = port;
    d->failedAttempts = 0;
    d->backoffUntilMs = 0;
    d->lost = false;
}

QString FpnnClient::host() const { return d->host; }
quint16 FpnnClient::port() const { return d->port; }

void FpnnClient::setOptions(const ClientOptions &options)
{
    d->options = options;
    if (d->isConnected && options.keepAlive)
        d->ensureScanTimer();
}

const ClientOptions &FpnnClient::options() const { return d->options; }

FpnnClient::State FpnnClient::state() const { return d->state; }

int FpnnClient::pendingCount() const
{
    int n = 0;
    for (const auto &[seq, p] : d->pending) {
        Q_UNUSED(seq);
        n += p.internal ? 0 : 1;
    }
    return n;
}

int FpnnClient::lastRoundTripMs() const { return d->lastRtt; }

bool FpnnClient::isEncrypted() const { return d->isConnected && d->codec && d->codec->isEncrypted(); }

void FpnnClient::connectToServer()
{
    if (d->socket || d->destroying)
        return;
    FpnnClientPrivate::ApiScope scope(d.get());
    d->startConnect();   // explicit: skips the back-off wait
}

void FpnnClient::close()
{
    if (d->destroying)
        return;
    d->backoffTimer->stop();
    const bool any = d->socket || !d->pending.empty() || !d->outbox.empty();
    if (!any && d->state == State::Disconnected)
        return;
    // A deliberate close is not a failure: the next quest reconnects at once.
    d->failedAttempts = 0;
    d->backoffUntilMs = 0;
    QPointer<FpnnClient> guard(this);
    d->setState(State::Closing);
    if (!guard)
        return;
    d->dropConnection(CoreConnectionClosed, QStringLiteral("connection closed"), false);
}

quint32 FpnnClient::sendQuest(const QByteArray &method, const Value &payload, AnswerCallback callback,
                              int timeoutMs, QObject *context, AnswerPayload answerForm)
{
    Pending p;
    p.callback = std::move(callback);
    p.answerForm = answerForm;
    p.context = context;
    p.hasContext = context != nullptr;
    const qint64 timeout = timeoutMs > 0 ? timeoutMs : d->options.questTimeoutMs;

    if (d->destroying) {
        d->failLater(std::move(p), Answer::failure(CoreConnectionClosed, QStringLiteral("client destroyed")));
        return 0;
    }

    const quint32 seq = d->allocateSeq();
    Frame f;
    f.kind = FrameKind::TwowayQuest;
    f.version = kSendVersion;
    f.seq = seq;
    f.method = method;
    f.payload = encodeMsgpack(payload);
    p.frame = encodeFrame(f, d->options.maxFrameSize);
    if (p.frame.isEmpty()) {
        qCWarning(lcClient) << "quest" << method << "refused: frame cannot be encoded (size" << f.payload.size() << ")";
        d->failLater(std::move(p), Answer::failure(CoreEncoding, QStringLiteral("quest too large or invalid method name")));
        return seq;
    }
    if (!d->socket && !d->options.autoReconnect && d->lost) {
        d->failLater(std::move(p), Answer::failure(CoreInvalidConnection, QStringLiteral("connection lost and auto-reconnect is off")));
        return seq;
    }
    if (!d->socket && !d->canStartConnect()) {
        d->failLater(std::move(p), Answer::failure(CoreInvalidConnection, QStringLiteral("no server endpoint set")));
        return seq;
    }

    p.deadlineMs = d->now() + timeout;
    auto &slot = d->pending[seq] = std::move(p);
    // Past the unsent-bytes bound this quest ends with 20002 like the others, after this call.
    FpnnClientPrivate::ApiScope scope(d.get());
    if (d->state == State::Connected && d->socket) {
        d->writeQuest(slot);
        if (!d->checkUnsent())
            return seq;
    } else {
        d->queuedBytes += slot.frame.size();
        d->outbox.push_back({seq, {}});
        if (!d->checkUnsent())
            return seq;
        // During the back-off wait a quest simply waits: it ends with 20003 when its own
        // timeout comes first, or with 20012 when the scheduled attempt fails.
        d->connectLazily();
        if (!scope.alive())
            return seq;   // a stateChanged slot destroyed the client
    }
    d->ensureScanTimer();
    return seq;
}

bool FpnnClient::sendOneway(const QByteArray &method, const Value &payload)
{
    if (d->destroying)
        return false;
    Frame f;
    f.kind = FrameKind::OnewayQuest;
    f.version = kSendVersion;
    f.method = method;
    f.payload = encodeMsgpack(payload);
    QByteArray bytes = encodeFrame(f, d->options.maxFrameSize);
    if (bytes.isEmpty())
        return false;
    FpnnClientPrivate::ApiScope scope(d.get());
    if (d->state == State::Connected && d->socket) {
        d->socket->write(bytes);
        return d->checkUnsent();
    }
    if (!d->socket && ((!d->options.autoReconnect && d->lost) || !d->canStartConnect()))
        return false;
    d->queuedBytes += bytes.size();
    d->outbox.push_back({0, std::move(bytes)});
    if (!d->checkUnsent())
        return false;
    d->connectLazily();
    return true;
}

} // namespace fpnn
