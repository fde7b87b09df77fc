#include "fpnnserver.h"

#include <atomic>
#include <exception>
#include <unordered_map>

#include <QDateTime>
#include <QHash>
#include <QLoggingCategory>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include "fpnnerrorcodes.h"
#include "framecodec.h"

namespace fpnn {

namespace {
Q_LOGGING_CATEGORY(lcServer, "rtm.fpnn")

// One accepted connection. A QObject so that delayed answers and timers can guard on it
// with QPointer / a context object; it lives on the server's thread.
class ServerConnection : public QObject {
public:
    ServerConnection(quint64 id, QTcpSocket *socket, quint32 maxFrameSize, QObject *parent)
        : QObject(parent), id(id), socket(socket), decoder(maxFrameSize)
    {
        socket->setParent(this);
        peerAddress = socket->peerAddress();
        peerPort = socket->peerPort();
        idleTimer.setSingleShot(true);
    }

    quint64 id;
    QTcpSocket *socket;
    FrameDecoder decoder;
    QHostAddress peerAddress;
    quint16 peerPort = 0;
    QTimer idleTimer{this};
    bool closed = false;
};

} // namespace

class FpnnServerPrivate {
public:
    explicit FpnnServerPrivate(FpnnServer *q) : q(q) {}

    FpnnServer *q;
    ServerOptions options;
    QTcpServer *server = nullptr;
    QHash<QByteArray, QuestHandler> methods;
    std::unordered_map<quint64, ServerConnection *> connections;
    std::atomic<int> connectionCount{0};   // read from other threads by the console
    quint64 nextId = 1;
    QTimer *acceptRetryTimer = nullptr;
    bool destroying = false;
    int failedAccepts = 0;

    void onNewConnections()
    {
        while (server->hasPendingConnections()) {
            QTcpSocket *socket = server->nextPendingConnection();
            if (!socket)
                break;
            if (int(connections.size()) >= options.maxConnections) {
                qCInfo(lcServer) << "connection from" << socket->peerAddress() << "refused: limit of"
                                 << options.maxConnections << "reached";
                socket->abort();
                socket->deleteLater();
                continue;
            }
            addConnection(socket);
        }
    }

    void addConnection(QTcpSocket *socket)
    {
        const quint64 id = nextId++;
        auto *c = new ServerConnection(id, socket, options.maxFrameSize, q);
        connections.emplace(id, c);
        connectionCount = int(connections.size());
        QPointer<ServerConnection> guard(c);
        QObject::connect(socket, &QTcpSocket::readyRead, c, [this, c] { onReadyRead(c); });
        QObject::connect(socket, &QTcpSocket::disconnected, c, [this, c] { closeConnection(c, QStringLiteral("closed by peer")); });
        QObject::connect(socket, &QTcpSocket::errorOccurred, c, [this, c](QAbstractSocket::SocketError err) {
            closeConnection(c, err == QAbstractSocket::RemoteHostClosedError ? QStringLiteral("closed by peer")
                                                                           : c->socket->errorString());
        });
        QObject::connect(&c->idleTimer, &QTimer::timeout, c, [this, c] { closeConnection(c, QStringLiteral("idle timeout")); });
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
    void closeConnection(ServerConnection *c, const QString &reason, bool notify = true)
    {
        if (c->closed)
            return;
        c->closed = true;
        c->idleTimer.stop();
        c->socket->disconnect(c);
        c->socket->abort();
        connections.erase(c->id);
        connectionCount = int(connections.size());
        qCDebug(lcServer).noquote() << "connection" << c->id << "closed:" << reason;
        c->deleteLater();
        if (notify)
            Q_EMIT q->connectionClosed(c->id, reason);
    }

    void onReadyRead(ServerConnection *c)
    {
        if (c->closed)
            return;
        const QByteArray data = c->socket->readAll();
        if (data.isEmpty())
            return;
        touch(c);
        c->decoder.feed(data);
        QPointer<ServerConnection> guard(c);
        while (guard && !c->closed && c->decoder.hasFrame())
            dispatch(c, c->decoder.takeFrame());
        if (!guard || c->closed)
            return;
        if (c->decoder.error() != FrameError::None) {
            qCInfo(lcServer).noquote() << "connection" << c->id << "sent a malformed frame:" << c->decoder.errorMessage();
            closeConnection(c, QStringLiteral("malformed frame: %1").arg(c->decoder.errorMessage()));
        }
    }

    void dispatch(ServerConnection *c, Frame frame)
    {
        if (frame.isAnswer()) {
            // We never send quests, so no answer can be expected.
            qCDebug(lcServer) << "connection" << c->id << "sent an unexpected answer, seq" << frame.seq;
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
                    writeAnswer(guard, bytes);
            });
        } else {
            writeAnswer(c, bytes);
        }
    }

    void writeAnswer(ServerConnection *c, const QByteArray &bytes)
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
        s->write(bytes);   // one write call per frame
        touch(c);
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
    connect(d->server, &QTcpServer::newConnection, this, [this] { d->onNewConnections(); });
    d->acceptRetryTimer = new QTimer(this);
    d->acceptRetryTimer->setSingleShot(true);
    connect(d->acceptRetryTimer, &QTimer::timeout, this, [this] {
        if (d->server->isListening()) {
            qCInfo(lcServer) << "accepting connections again";
            d->server->resumeAccepting();
        }
    });
    // QTcpServer stops accepting after an accept() failure (e.g. out of file descriptors);
    // try again a little later instead of staying deaf for good.
    connect(d->server, &QTcpServer::acceptError, this, [this](QAbstractSocket::SocketError) {
        ++d->failedAccepts;
        qCWarning(lcServer).noquote() << "accept failed:" << d->server->errorString() << "- retrying in"
                                      << d->options.acceptRetryDelayMs << "ms";
        d->server->pauseAccepting();
        d->acceptRetryTimer->start(qMax(0, d->options.acceptRetryDelayMs));
    });
}

FpnnServer::~FpnnServer()
{
    d->destroying = true;
    d->acceptRetryTimer->stop();
    d->server->close();
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
    qCInfo(lcServer).noquote() << "listening on" << d->server->serverAddress().toString() << d->server->serverPort();
    return true;
}

void FpnnServer::close()
{
    d->acceptRetryTimer->stop();
    d->server->close();
    d->closeAll(true);
}

bool FpnnServer::isListening() const { return d->server->isListening(); }
QHostAddress FpnnServer::serverAddress() const { return d->server->serverAddress(); }
quint16 FpnnServer::serverPort() const { return d->server->serverPort(); }
QString FpnnServer::errorString() const { return d->server->errorString(); }
int FpnnServer::connectionCount() const { return d->connectionCount.load(); }
int FpnnServer::failedAcceptCount() const { return d->failedAccepts; }
qint64 FpnnServer::bufferedBytes() const
{
    qint64 n = 0;
    for (const auto &[id, c] : d->connections)
        n += c->decoder.bufferedBytes();
    return n;
}

} // namespace fpnn
