#pragma once

// FPNN server on QTcpServer: many connections, a method dispatch table, *ping, idle
// timeout, back-pressure against peers that never read, and recovery when accept()
// fails. A malformed frame closes only the connection that sent it.
//
// Abuse limits (ServerOptions; each closes only the offending connection; connections
// refused over a cap are logged at most once per 10 s):
// - maxConnections in total and maxConnectionsPerPeer per remote address (loopback is a
//   peer too, so tools opening many local connections may need a higher value);
// - frameDeadlineMs: a frame that has started must be complete within this time;
// - maxPreAuthBytes: until a connection has sent one complete, valid quest, its frames
//   may not be larger than this (the normal maxFrameSize applies afterwards; 64 KiB
//   holds any RTM quest: body 20,480 + attrs 2,048 + 2,000 receivers);
// - maxBufferedBytes: the bytes of incomplete frames held for all connections together;
//   the connection whose bytes go past it is closed;
// - when accept() fails (out of file descriptors), accepting pauses for
//   acceptRetryDelayMs, doubling per further failure up to maxAcceptRetryDelayMs; the
//   episode is logged once when it starts and once when it ends. (The server runs
//   accept4() itself for this, so it is POSIX-only like the rest of the project.)

#include <functional>
#include <memory>

#include <QHostAddress>
#include <QObject>

#include "ecckeys.h"
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
// The client's answer to a quest the server sent (20002 when the connection closed first).
using ServerAnswerCallback = std::function<void(const Answer &)>;

struct ServerOptions {
    int idleTimeoutMs = 60000;          // 0 = never close idle connections
    int maxConnections = 1024;
    int maxConnectionsPerPeer = 64;     // per remote IP address; 0 = no per-peer cap
    qint64 maxPendingWriteBytes = 16 * 1024 * 1024;   // cut off peers that never read
    quint32 maxFrameSize = kDefaultMaxFrameSize;
    int frameDeadlineMs = 30000;        // a started frame must be complete by then; 0 = no deadline
    qint64 maxPreAuthBytes = 64 * 1024; // largest frame before the first valid quest
    qint64 maxBufferedBytes = 64 * 1024 * 1024;   // incomplete frames of all connections together
    MsgpackLimits payloadLimits;
    int answerDelayMs = 0;              // rehearse a distant server (--latency-ms)
    int acceptRetryDelayMs = 500;       // first pause after accept() fails
    int maxAcceptRetryDelayMs = 8000;   // the pause doubles per failure up to this
    // Encryption (protocol.md 2). With a valid eccKey a connection may start with `*key`;
    // plain and encrypted clients share the port. A bad `*key`, `*key` not first, or a
    // second one closes the connection without an answer. Without eccKey, `*key` is an
    // unknown method (answered 20004 in plaintext; an encrypting client reports that).
    EccPrivateKey eccKey;
    // With eccKey: a connection whose first quest is not `*key` gets 20013 FORBIDDEN to that
    // quest (none to a oneway) and is closed once the answer is out.
    bool forceEncrypt = false;
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

    // Sends a quest to a client (twoway with a callback, oneway without). The callback runs
    // once, with the answer or with 20002 when the connection closes first. False when the
    // connection is unknown, closed, or has not sent its first frame yet (an encrypting
    // client's `*key` must come before anything the server sends).
    bool sendQuest(quint64 connectionId, const QByteArray &method, const Value &payload,
                   ServerAnswerCallback callback = {});
    // True when the connection finished its `*key` handshake.
    bool isConnectionEncrypted(quint64 connectionId) const;

    int connectionCount() const;   // safe to read from any thread
    // Bytes of incomplete frames held for all connections (bounded by maxBufferedBytes).
    qint64 bufferedBytes() const;
    // accept() calls that failed since listen() (out of descriptors and the like).
    int failedAcceptCount() const;

Q_SIGNALS:
    void connectionOpened(quint64 connectionId);
    void connectionClosed(quint64 connectionId, const QString &reason);

private:
    friend class FpnnServerPrivate;
    std::unique_ptr<FpnnServerPrivate> d;
};

} // namespace fpnn
