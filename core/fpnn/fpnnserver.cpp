#include "fpnnserver.h"

#include <atomic>
#include <cerrno>
#include <exception>
#include <unordered_map>
#include <utility>

#include <sys/socket.h>
#include <unistd.h>

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QLoggingCategory>
#include <QPointer>
#include <QSocketNotifier>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include "connectioncodec.h"
#include "fpnnerrorcodes.h"
#include "framecodec.h"
#include "keyexchange.h"

namespace fpnn {

namespace {
Q_LOGGING_CATEGORY(lcServer, "rtm.fpnn")

constexpr int kAcceptBatch = 64;             // accepts per notification, then other events get a turn
constexpr qint64 kRefusalLogIntervalMs = 10000;
constexpr int kLingerMs = 2000;              // a refused connection's last answer gets this long to leave

// One accepted connection. A QObject so that delayed answers and timers can guard on it
// with QPointer / a context object; it lives on the server's thread.
class ServerConnection : public QObject {
public:
    ServerConnection(quint64 id, QTcpSocket *socket, const QHostAddress &peerKey, ConnectionCodec::Role role,
                     quint32 maxFrameSize, QObject *parent)
        : QObject(parent), id(id), socket(socket), codec(role, maxFrameSize), peerKey(peerKey)
    {
        socket->setParent(this);
        peerAddress = socket->peerAddress();
        peerPort = socket->peerPort();
        idleTimer.setSingleShot(true);
        frameTimer.setSingleShot(true);
    }

    quint64 id;
    QTcpSocket *socket;
    ConnectionCodec codec;       // plain, or encrypted after `*key` (protocol.md 2)
    QHostAddress peerAddress;
    QHostAddress peerKey;        // what the per-peer cap counts (IPv4-mapped addresses as IPv4)
    quint16 peerPort = 0;
    QTimer idleTimer{this};
    QTimer frameTimer{this};     // the frame deadline
    qint64 accountedBytes = 0;   // this connection's share of the server's bufferedBytes
    bool authenticated = false;  // sent a complete, valid quest
    bool closed = false;
    quint32 nextSeq = 1;         // for quests the server sends
    std::unordered_map<quint32, ServerAnswerCallback> questsSent;   // waiting for the client's answer
};

// A peer's address as the per-peer cap sees it: a dual-stack listener reports IPv4 peers
// as ::ffff:a.b.c.d, which must count as the same peer as a.b.c.d.
QHostAddress peerKeyOf(const QHostAddress &address)
{
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    if (isV4)
        return QHostAddress(v4);
    QHostAddress key = address;
    key.setScopeId(QString());
    return key;
}

// Errors accept() reports for one connection that already went away; the next one may
// be fine (accept(2), "Error handling").
bool isPerConnectionAcceptError(int err)
{
    switch (err) {
    case ECONNABORTED:
    case EPROTO:
    case ENETDOWN:
    case ENOPROTOOPT:
    case EHOSTDOWN:
    case ENONET:
    case EHOSTUNREACH:
    case EOPNOTSUPP:
    case ENETUNREACH:
    case EPERM:   // refused by a firewall rule
        return true;
    default:
        return false;
    }
}

// Lets the first of a kind of event through and then at most one per interval, counting
// what it swallowed, so that a flood of refused connections cannot flood the log.
class LogThrottle {
public:
    // True when this event should be logged; *skipped = events swallowed since the last one.
    bool allow(qint64 nowMs, int *skipped)
    {
        if (m_lastMs >= 0 && nowMs - m_lastMs < kRefusalLogIntervalMs) {
            ++m_skipped;
            return false;
        }
        m_lastMs = nowMs;
        *skipped = std::exchange(m_skipped, 0);
        return true;
    }

private:
    qint64 m_lastMs = -1;
    int m_skipped = 0;
};

} // namespace

class FpnnServerPrivate {
public:
    explicit FpnnServerPrivate(FpnnServer *q) : q(q) { clock.start(); }

    FpnnServer *q;
    ServerOptions options;
    QTcpServer *server = nullptr;          // owns the listening socket; we run accept() ourselves
    QSocketNotifier *acceptNotifier = nullptr;
    QHash<QByteArray, QuestHandler> methods;
    std::unordered_map<quint64, ServerConnection *> connections;
    QHash<QHostAddress, int> connectionsPerPeer;
    std::atomic<int> connectionCount{0};   // read from other threads by the console
    qint64 bufferedBytes = 0;              // incomplete frames of all connections
    quint64 nextId = 1;
    QElapsedTimer clock;
    QTimer *acceptRetryTimer = nullptr;
    int acceptRetryDelayMs = 0;            // > 0 while accepting is paused after failures
    int failedAccepts = 0;
    int failedAcceptsInEpisode = 0;
    LogThrottle totalCapLog;
    LogThrottle peerCapLog;
    LogThrottle plainRefusedLog;
    bool destroying = false;

    // Accepts what the backlog holds. QTcpServer's own loop cannot be used: once an
    // EAGAIN has ended it, its socket engine keeps reporting that first "temporary" error,
    // so a later EMFILE is neither reported nor paused on and the loop spins.
    void acceptPending()
    {
        // Re-checked per round: a connectionOpened slot may close the server.
        for (int i = 0; i < kAcceptBatch && acceptNotifier && acceptNotifier->isEnabled(); ++i) {
            sockaddr_storage from{};
            socklen_t fromLength = sizeof from;
            const int fd = ::accept4(int(server->socketDescriptor()), reinterpret_cast<sockaddr *>(&from), &fromLength, SOCK_NONBLOCK | SOCK_CLOEXEC);
            if (fd < 0) {
                const int err = errno;
                if (err == EINTR || isPerConnectionAcceptError(err))
                    continue;
                if (err == EAGAIN || err == EWOULDBLOCK) {
                    endAcceptEpisode();
                    return;
                }
                backOffAccepting(err);   // out of descriptors or memory: try again later
                return;
            }
            endAcceptEpisode();
            onAccepted(fd, QHostAddress(reinterpret_cast<const sockaddr *>(&from)));
        }
    }

    // Stops watching the listening socket for a while; the wait doubles per failure.
    void backOffAccepting(int err)
    {
        ++failedAccepts;
        ++failedAcceptsInEpisode;
        acceptNotifier->setEnabled(false);
        if (acceptRetryDelayMs == 0) {
            acceptRetryDelayMs = qMax(1, options.acceptRetryDelayMs);
            qCWarning(lcServer).noquote() << "accept failed:" << qt_error_string(err) << "- pausing new connections, retrying after"
                                          << acceptRetryDelayMs << "ms and less often while it persists";
        } else {
            acceptRetryDelayMs = qMin(acceptRetryDelayMs * 2, qMax(acceptRetryDelayMs, options.maxAcceptRetryDelayMs));
        }
        acceptRetryTimer->start(acceptRetryDelayMs);
    }

    void endAcceptEpisode()
    {
        if (acceptRetryDelayMs == 0)
            return;
        qCInfo(lcServer) << "accepting connections again after" << failedAcceptsInEpisode << "failed attempts";
        acceptRetryDelayMs = 0;
        failedAcceptsInEpisode = 0;
    }

    // Closes a connection over a cap before it costs more than its descriptor.
    void refuse(int fd, LogThrottle &throttle, const QString &why)
    {
        ::close(fd);
        int skipped = 0;
        if (!throttle.allow(clock.elapsed(), &skipped))
            return;
        if (skipped > 0)
            qCInfo(lcServer).noquote() << why << QStringLiteral("(and %1 more since the last report)").arg(skipped);
        else
            qCInfo(lcServer).noquote() << why;
    }

    void onAccepted(int fd, const QHostAddress &from)
    {
        const QHostAddress peer = peerKeyOf(from);
        if (int(connections.size()) >= options.maxConnections) {
            refuse(fd, totalCapLog, QStringLiteral("connection from %1 refused: limit of %2 connections reached")
                                        .arg(peer.toString()).arg(options.maxConnections));
            return;
        }
        if (options.maxConnectionsPerPeer > 0 && connectionsPerPeer.value(peer) >= options.maxConnectionsPerPeer) {
            refuse(fd, peerCapLog, QStringLiteral("connection from %1 refused: limit of %2 connections per peer reached")
                                       .arg(peer.toString()).arg(options.maxConnectionsPerPeer));
            return;
        }
        auto *socket = new QTcpSocket;
        if (!socket->setSocketDescriptor(fd)) {
            qCWarning(lcServer).noquote() << "cannot take over an accepted connection:" << socket->errorString();
            delete socket;
            ::close(fd);
            return;
        }
        addConnection(socket, peer);
    }

    void addConnection(QTcpSocket *socket, const QHostAddress &peer)
    {
        const quint64 id = nextId++;
        const auto role = options.eccKey.isValid() ? ConnectionCodec::Role::Server : ConnectionCodec::Role::Plain;
        auto *c = new ServerConnection(id, socket, peer, role, options.maxFrameSize, q);
        connections.emplace(id, c);
        connectionCount = int(connections.size());
        ++connectionsPerPeer[peer];
        QPointer<ServerConnection> guard(c);
        QObject::connect(socket, &QTcpSocket::readyRead, c, [this, c] { onReadyRead(c); });
        QObject::connect(socket, &QTcpSocket::disconnected, c, [this, c] { closeConnection(c, QStringLiteral("closed by peer")); });
        QObject::connect(socket, &QTcpSocket::errorOccurred, c, [this, c](QAbstractSocket::SocketError err) {
            closeConnection(c, err == QAbstractSocket::RemoteHostClosedError ? QStringLiteral("closed by peer")
                                                                           : c->socket->errorString());
        });
        QObject::connect(&c->idleTimer, &QTimer::timeout, c, [this, c] { closeConnection(c, QStringLiteral("idle timeout")); });
        QObject::connect(&c->frameTimer, &QTimer::timeout, c, [this, c] {
            qCInfo(lcServer) << "connection" << c->id << "did not complete a frame within" << options.frameDeadlineMs << "ms";
            closeConnection(c, QStringLiteral("frame not complete within %1 ms").arg(options.frameDeadlineMs));
        });
        touch(c);
        qCDebug(lcServer) << "connection" << id << "from" << c->peerAddress << c->peerPort;
        Q_EMIT q->connectionOpened(id);
        // Bytes may already be waiting (a fast peer); don't wait for the next notification.
        if (guard && !guard->closed && socket->bytesAvailable() > 0)
            onReadyRead(c);
    }

    void touch(ServerConnection *c)
    {
        if (options.idleTimeoutMs > 0)
            c->idleTimer.start(options.idleTimeoutMs);
    }

    // Closes one connection at once (abort: nothing more is sent). The object is deleted
    // later because we may be inside one of its socket's signals.
    // With `linger`, what was written still leaves (then FIN) before the socket goes.
    void closeConnection(ServerConnection *c, const QString &reason, bool notify = true, bool linger = false)
    {
        if (c->closed)
            return;
        c->closed = true;
        c->idleTimer.stop();
        c->frameTimer.stop();
        QTcpSocket *s = c->socket;
        s->disconnect(c);
        if (linger && !destroying && s->state() == QAbstractSocket::ConnectedState) {
            // Unread input would turn the close into a reset that can discard the answer.
            QObject::connect(s, &QTcpSocket::readyRead, c, [s] { s->readAll(); });
            s->readAll();
            s->disconnectFromHost();
        } else {
            s->abort();
        }
        connections.erase(c->id);
        connectionCount = int(connections.size());
        bufferedBytes -= std::exchange(c->accountedBytes, 0);
        if (auto it = connectionsPerPeer.find(c->peerKey); it != connectionsPerPeer.end() && --it.value() <= 0)
            connectionsPerPeer.erase(it);
        qCDebug(lcServer).noquote() << "connection" << c->id << "closed:" << reason;
        if (s->state() == QAbstractSocket::UnconnectedState) {
            c->deleteLater();
        } else {
            QObject::connect(s, &QTcpSocket::disconnected, c, &QObject::deleteLater);
            QTimer::singleShot(kLingerMs, c, &QObject::deleteLater);
        }
        auto unanswered = std::exchange(c->questsSent, {});
        if (notify)
            Q_EMIT q->connectionClosed(c->id, reason);
        const Answer closed = Answer::failure(CoreConnectionClosed, QStringLiteral("connection closed: %1").arg(reason));
        for (auto &[seq, callback] : unanswered) {
            Q_UNUSED(seq);
            if (callback)
                callback(closed);
        }
    }

    void onReadyRead(ServerConnection *c)
    {
        if (c->closed)
            return;
        const QByteArray data = c->socket->readAll();
        if (data.isEmpty())
            return;
        touch(c);
        c->codec.feed(data);
        const bool completedFrame = c->codec.hasFrame();
        QPointer<ServerConnection> guard(c);
        while (guard && !c->closed && c->codec.hasFrame())
            dispatch(c, c->codec.takeFrame());
        if (!guard || c->closed)
            return;
        if (c->codec.hasError()) {
            // On an encrypted connection this is also what a client with a wrong key looks like.
            qCInfo(lcServer).noquote() << "connection" << c->id << "sent a malformed frame:" << c->codec.errorMessage();
            closeConnection(c, QStringLiteral("malformed frame: %1").arg(c->codec.errorMessage()));
            return;
        }
        checkIncompleteFrame(c, completedFrame);
    }

    // Limits on the frame still being received: its size before the connection proved
    // itself, the bytes all connections hold, and the time it may take.
    void checkIncompleteFrame(ServerConnection *c, bool completedFrame)
    {
        const qint64 held = c->codec.bufferedBytes();
        bufferedBytes += held - std::exchange(c->accountedBytes, held);
        const qint64 frameSize = qMax<qint64>(c->codec.announcedFrameSize(), held);
        if (!c->authenticated && frameSize > options.maxPreAuthBytes) {
            qCInfo(lcServer) << "connection" << c->id << "announced a frame of" << frameSize << "bytes before its first quest";
            closeConnection(c, QStringLiteral("frame of %1 bytes before its first complete quest (limit %2)")
                                   .arg(frameSize).arg(options.maxPreAuthBytes));
            return;
        }
        if (bufferedBytes > options.maxBufferedBytes) {
            qCInfo(lcServer) << "connection" << c->id << "closed: incomplete frames of all connections exceed" << options.maxBufferedBytes << "bytes";
            closeConnection(c, QStringLiteral("server limit of %1 bytes for incomplete frames reached").arg(options.maxBufferedBytes));
            return;
        }
        // The deadline runs from a frame's first byte, not from the last read.
        if (held == 0 || options.frameDeadlineMs <= 0)
            c->frameTimer.stop();
        else if (completedFrame || !c->frameTimer.isActive())
            c->frameTimer.start(options.frameDeadlineMs);
    }

    void dispatch(ServerConnection *c, Frame frame)
    {
        if (frame.isAnswer()) {
            handleAnswer(c, frame);
            return;
        }
        if (frame.method == kKeyExchangeMethod && options.eccKey.isValid()) {
            handleKeyQuest(c, frame);
            return;
        }
        if (options.forceEncrypt && options.eccKey.isValid() && !c->codec.isEncrypted()) {
            refusePlain(c, frame);
            return;
        }
        const bool twoway = frame.kind == FrameKind::TwowayQuest;
        // An unreadable quest payload (or one that is not a map with string keys) is
        // treated like a framing error: FPNN drops the connection too.
        PayloadDecodeResult decoded = decodePayload(frame.payload, options.payloadLimits);
        if (!decoded.ok()) {
            closeConnection(c, QStringLiteral("unreadable payload in quest %1: %2")
                                   .arg(QString::fromLatin1(frame.method), decoded.message));
            return;
        }
        c->authenticated = true;   // a real FPNN client: the full frame size applies from now on

        Answer answer;
        auto it = methods.constFind(frame.method);
        if (it != methods.cend()) {
            IncomingQuest quest;
            quest.connectionId = c->id;
            quest.peerAddress = c->peerAddress;
            quest.peerPort = c->peerPort;
            quest.method = frame.method;
            quest.payload = std::move(decoded.value);
            quest.twoway = twoway;
            quest.version = frame.version;
            QuestHandler handler = it.value();   // a handler may replace itself
            try {
                answer = handler(quest);
            } catch (const std::exception &e) {
                qCWarning(lcServer) << "handler for" << frame.method << "threw:" << e.what();
                answer = Answer::failure(CoreUnknownError, QStringLiteral("internal error in %1").arg(QString::fromLatin1(frame.method)));
            } catch (...) {
                qCWarning(lcServer) << "handler for" << frame.method << "threw";
                answer = Answer::failure(CoreUnknownError, QStringLiteral("internal error in %1").arg(QString::fromLatin1(frame.method)));
            }
        } else if (frame.method == "*ping") {
            Value ts = Value::map();
            ts.insert("ts", static_cast<long long>(QDateTime::currentMSecsSinceEpoch()));
            answer = Answer::success(std::move(ts));
        } else if (twoway) {
            answer = Answer::failure(CoreUnknownMethod, QStringLiteral("Unknow method:%1, %2:%3")
                                                           .arg(QString::fromLatin1(frame.method), c->peerAddress.toString())
                                                           .arg(c->peerPort));
        } else {
            qCDebug(lcServer) << "oneway quest for unknown method" << frame.method << "dropped";
            return;
        }
        if (!twoway)
            return;

        // Plaintext frame bytes: the codec encrypts them when they are written, in order.
        QByteArray bytes = encodeFrame(frameForAnswer(answer, frame.seq, frame.version), options.maxFrameSize);
        if (bytes.isEmpty()) {
            qCWarning(lcServer) << "answer to" << frame.method << "too large to send";
            bytes = encodeFrame(frameForAnswer(Answer::failure(CoreEncoding, QStringLiteral("answer too large")), frame.seq, frame.version),
                                options.maxFrameSize);
        }
        if (options.answerDelayMs > 0) {
            QPointer<ServerConnection> guard(c);
            QTimer::singleShot(options.answerDelayMs, c, [this, guard, bytes] {
                if (guard && !guard->closed)
                    writeFrame(guard, bytes);
            });
        } else {
            writeFrame(c, bytes);
        }
    }

    // Plaintext frame bytes out, encrypted here when the connection is.
    void writeFrame(ServerConnection *c, const QByteArray &bytes)
    {
        if (c->closed)
            return;
        QTcpSocket *s = c->socket;
        if (s->bytesToWrite() > options.maxPendingWriteBytes) {
            s->flush();   // hand what we can to the kernel before judging the peer
            if (s->bytesToWrite() > options.maxPendingWriteBytes) {
                qCInfo(lcServer) << "connection" << c->id << "does not read;" << s->bytesToWrite() << "bytes pending";
                closeConnection(c, QStringLiteral("peer does not read (%1 bytes pending)").arg(s->bytesToWrite()));
                return;
            }
        }
        s->write(c->codec.wrap(bytes));   // one write call per frame
        touch(c);
    }

    // protocol.md 2.1: `*key` only as the first quest; a bad one closes the connection
    // without an answer. The answer to a good one is already encrypted.
    void handleKeyQuest(ServerConnection *c, const Frame &frame)
    {
        if (frame.kind != FrameKind::TwowayQuest || !c->codec.awaitingKeys()) {
            const QString why = frame.kind != FrameKind::TwowayQuest ? QStringLiteral("*key sent as a oneway quest")
                : c->codec.isEncrypted()                              ? QStringLiteral("a second *key on an encrypted connection")
                                                                      : QStringLiteral("*key after other quests (it must come first)");
            qCInfo(lcServer).noquote() << "connection" << c->id << "closed:" << why;
            closeConnection(c, why);
            return;
        }
        PayloadDecodeResult decoded = decodePayload(frame.payload, options.payloadLimits);
        KeyExchangeError error = KeyExchangeError::None;
        const auto exchange = decoded.ok() ? acceptKeyQuest(options.eccKey, decoded.value, &error) : std::nullopt;
        if (!exchange) {
            const QString why = decoded.ok() ? keyExchangeErrorName(error) : decoded.message;
            qCInfo(lcServer).noquote() << "connection" << c->id << "sent a bad *key:" << why;
            closeConnection(c, QStringLiteral("bad *key: %1").arg(why));
            return;
        }
        // Switch before encoding the answer: it is the first encrypted frame we send.
        if (!c->codec.startEncryption(exchange->keys, exchange->streamMode)) {
            closeConnection(c, QStringLiteral("cannot switch to encryption"));
            return;
        }
        c->authenticated = true;
        qCDebug(lcServer) << "connection" << c->id << "encrypted:" << (exchange->streamMode ? "stream" : "package") << "mode";
        writeFrame(c, encodeFrame(frameForAnswer(Answer::success(), frame.seq, frame.version), options.maxFrameSize));
    }

    // forceEncrypt: a plain client learns why (20013 to a twoway quest), then the
    // connection closes once that answer is out.
    void refusePlain(ServerConnection *c, const Frame &frame)
    {
        int skipped = 0;
        if (plainRefusedLog.allow(clock.elapsed(), &skipped))
            qCInfo(lcServer).noquote() << QStringLiteral("connection %1 from %2 refused: not encrypted, and encryption is required%3")
                                              .arg(c->id).arg(c->peerAddress.toString())
                                              .arg(skipped > 0 ? QStringLiteral(" (and %1 more since the last report)").arg(skipped) : QString());
        if (frame.kind == FrameKind::TwowayQuest) {
            const Answer refusal = Answer::failure(CoreForbidden, QStringLiteral("this server accepts encrypted connections only"));
            writeFrame(c, encodeFrame(frameForAnswer(refusal, frame.seq, frame.version), options.maxFrameSize));
        }
        closeConnection(c, QStringLiteral("not encrypted, and encryption is required"), true, true);
    }

    void handleAnswer(ServerConnection *c, const Frame &frame)
    {
        auto it = c->questsSent.find(frame.seq);
        if (it == c->questsSent.end()) {
            qCDebug(lcServer) << "connection" << c->id << "sent an unexpected answer, seq" << frame.seq;
            return;
        }
        ServerAnswerCallback callback = std::move(it->second);
        c->questsSent.erase(it);
        if (callback)
            callback(answerFromFrame(frame, options.payloadLimits));
    }

    // The notifier goes before QTcpServer closes the descriptor it watches.
    void stopListening()
    {
        acceptRetryTimer->stop();
        delete std::exchange(acceptNotifier, nullptr);
        acceptRetryDelayMs = 0;
        failedAcceptsInEpisode = 0;
        server->close();
    }

    void closeAll(bool notify)
    {
        std::vector<ServerConnection *> list;
        list.reserve(connections.size());
        for (auto &[id, c] : connections) {
            Q_UNUSED(id);
            list.push_back(c);
        }
        for (ServerConnection *c : list)
            closeConnection(c, QStringLiteral("server closed"), notify);
    }
};

FpnnServer::FpnnServer(QObject *parent)
    : QObject(parent), d(std::make_unique<FpnnServerPrivate>(this))
{
    d->server = new QTcpServer(this);
    d->acceptRetryTimer = new QTimer(this);
    d->acceptRetryTimer->setSingleShot(true);
    // The notifier fires again only if connections still wait in the backlog.
    connect(d->acceptRetryTimer, &QTimer::timeout, this, [this] {
        if (d->acceptNotifier)
            d->acceptNotifier->setEnabled(true);
    });
}

FpnnServer::~FpnnServer()
{
    d->destroying = true;
    d->stopListening();
    d->closeAll(false);
}

void FpnnServer::setOptions(const ServerOptions &options) { d->options = options; }
const ServerOptions &FpnnServer::options() const { return d->options; }

void FpnnServer::addMethod(const QByteArray &method, QuestHandler handler)
{
    d->methods.insert(method, std::move(handler));
}

bool FpnnServer::listen(const QHostAddress &address, quint16 port)
{
    if (!d->server->listen(address, port)) {
        qCWarning(lcServer).noquote() << "cannot listen on" << address.toString() << port << ":" << d->server->errorString();
        return false;
    }
    // QTcpServer keeps the listening socket; accepting is ours (see acceptPending).
    d->server->pauseAccepting();
    delete d->acceptNotifier;
    d->acceptNotifier = new QSocketNotifier(d->server->socketDescriptor(), QSocketNotifier::Read, this);
    connect(d->acceptNotifier, &QSocketNotifier::activated, this, [this] { d->acceptPending(); });
    qCInfo(lcServer).noquote() << "listening on" << d->server->serverAddress().toString() << d->server->serverPort();
    return true;
}

void FpnnServer::close()
{
    d->stopListening();
    d->closeAll(true);
}

bool FpnnServer::isListening() const { return d->server->isListening(); }
QHostAddress FpnnServer::serverAddress() const { return d->server->serverAddress(); }
quint16 FpnnServer::serverPort() const { return d->server->serverPort(); }
QString FpnnServer::errorString() const { return d->server->errorString(); }
bool FpnnServer::sendQuest(quint64 connectionId, const QByteArray &method, const Value &payload, ServerAnswerCallback callback)
{
    auto it = d->connections.find(connectionId);
    if (it == d->connections.end())
        return false;
    ServerConnection *c = it->second;
    // Before the client's first frame we would break `*key`, which must come before
    // anything the server sends.
    if (c->closed || (!c->codec.isEncrypted() && !c->codec.isPlainForGood()))
        return false;
    Frame f;
    f.kind = callback ? FrameKind::TwowayQuest : FrameKind::OnewayQuest;
    f.version = kSendVersion;
    f.method = method;
    f.payload = encodeMsgpack(payload);
    if (callback) {
        f.seq = c->nextSeq++;
        if (c->nextSeq == 0)
            c->nextSeq = 1;
    }
    const QByteArray bytes = encodeFrame(f, d->options.maxFrameSize);
    if (bytes.isEmpty())
        return false;
    if (callback)
        c->questsSent[f.seq] = std::move(callback);
    d->writeFrame(c, bytes);
    return true;
}

bool FpnnServer::isConnectionEncrypted(quint64 connectionId) const
{
    auto it = d->connections.find(connectionId);
    return it != d->connections.end() && it->second->codec.isEncrypted();
}

int FpnnServer::connectionCount() const { return d->connectionCount.load(); }
int FpnnServer::failedAcceptCount() const { return d->failedAccepts; }
qint64 FpnnServer::bufferedBytes() const { return d->bufferedBytes; }

} // namespace fpnn
