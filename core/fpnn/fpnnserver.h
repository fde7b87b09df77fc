#pragma once

// FPNN server on QTcpServer: many connections, a method dispatch table, *ping, idle
// timeout, a connection cap, back-pressure against peers that never read, and recovery
// when accept() fails. A malformed frame closes only the connection that sent it.

#include <functional>
#include <memory>

#include <QHostAddress>
#include <QObject>

#include "answer.h"
#include "value.h"

namespace fpnn {

struct IncomingQuest {
    quint64 connectionId = 0;
    QHostAddress peerAddress;
    quint16 peerPort = 0;
    QByteArray method;
    Value payload;        // decoded map
    bool twoway = true;
    quint8 version = 0;
};

// Handlers run on the server's thread and return the answer (ignored for oneway quests).
using QuestHandler = std::function<Answer(const IncomingQuest &)>;

struct ServerOptions {
    int idleTimeoutMs = 60000;          // 0 = never close idle connections
    int maxConnections = 1024;
    qint64 maxPendingWriteBytes = 16 * 1024 * 1024;   // cut off peers that never read
    quint32 maxFrameSize = kDefaultMaxFrameSize;
    MsgpackLimits payloadLimits;
    int answerDelayMs = 0;              // rehearse a distant server (--latency-ms)
    int acceptRetryDelayMs = 500;       // resume accepting after an accept error
};

class FpnnServerPrivate;

// Lives on one thread (it may be moved to a worker thread before listen()); call its
// methods on that thread. The destructor closes every connection without emitting
// connectionClosed. Handlers must not destroy the server.
class FpnnServer : public QObject {
    Q_OBJECT
public:
    explicit FpnnServer(QObject *parent = nullptr);
    ~FpnnServer() override;

    void setOptions(const ServerOptions &options);
    const ServerOptions &options() const;

    // Registers the handler for a method; replaces an earlier one.
    void addMethod(const QByteArray &method, QuestHandler handler);

    bool listen(const QHostAddress &address = QHostAddress::LocalHost, quint16 port = 0);
    void close();   // stops listening and closes every connection
    bool isListening() const;
    QHostAddress serverAddress() const;
    quint16 serverPort() const;
    QString errorString() const;

    int connectionCount() const;   // safe to read from any thread

Q_SIGNALS:
    void connectionOpened(quint64 connectionId);
    void connectionClosed(quint64 connectionId, const QString &reason);

private:
    friend class FpnnServerPrivate;
    std::unique_ptr<FpnnServerPrivate> d;
};

} // namespace fpnn
