#pragma once

// FPNN client on QTcpSocket. Connects lazily on the first quest (and again after a
// close, with the SDKs' back-off), keeps the link alive with *ping, answers the
// gateway's own quests, and ends every twoway quest exactly once: with its answer, an
// error answer, 20003 TIMEOUT or 20002 CONNECTION_CLOSED (also when closed or destroyed).
// Bytes waiting to be sent (the socket's write buffer plus quests waiting for the
// connection) are bounded by ClientOptions::maxUnsentBytes: a server that never reads
// (for instance while it floods us with quests we answer) gets the connection closed,
// and every pending quest ends with 20002 naming the cause.
//
// Encryption (ClientOptions::encryption, protocol.md 2): every connection starts with the
// plaintext `*key` quest (a new ephemeral key on the server key's curve) and switches to
// AES-CFB right after writing it. Until its answer arrives the connection counts as
// connecting: quests wait (their own deadlines still hold) and leave encrypted afterwards;
// nothing is ever sent in plaintext after `*key`. A failed handshake — an error answer, no
// answer within min(connectTimeoutMs, questTimeoutMs), the server closing the connection
// (what a server with another key, or on another curve, does), an answer that does not
// decrypt, or a plaintext answer from a server without encryption — ends the attempt like a
// failed connect: transportError and every waiting quest get 20012 with "encryption
// handshake failed with HOST:PORT: REASON", and the back-off applies to the next attempt.

#include <functional>
#include <memory>

#include <QObject>
#include <QString>

#include "clientencryption.h"
#include "answer.h"
#include "value.h"

namespace fpnn {

using AnswerCallback = std::function<void(const Answer &)>;

struct ClientOptions {
    int connectTimeoutMs = 30000;       // both server SDKs default to 30 s
    int questTimeoutMs = 30000;         // default per quest; a quest may give its own
    bool keepAlive = true;              // *ping when idle (protocol.md 1.8)
    int pingIntervalMs = 20000;         // ping when nothing was received for this long
    int pingTimeoutMs = 0;              // 0 = questTimeoutMs
    int maxPingRetryCount = 3;
    quint32 maxFrameSize = kDefaultMaxFrameSize;
    qint64 maxUnsentBytes = 16 * 1024 * 1024;   // past this the connection is closed; 0 = no bound
    MsgpackLimits payloadLimits;
    bool autoReconnect = true;          // reconnect lazily on the next quest after a loss
    int maxBackoffMs = 120000;          // cap of the reconnect back-off (protocol.md 6)
    int immediateRetries = 5;           // failed attempts retried without waiting
    int backoffBaseMs = 2000;           // first wait after those
    int backoffStepMs = 23600;          // growth per further failed attempt
    int backoffResetMs = 1500;          // a connection up this long resets the counters
    ClientEncryption encryption;        // `*key` handshake first on every connection; default = plain
};

class FpnnClientPrivate;

class FpnnClient : public QObject {
    Q_OBJECT
    Q_PROPERTY(State state READ state NOTIFY stateChanged)
public:
    enum class State { Disconnected, Connecting, Connected, Reconnecting, Closing };
    Q_ENUM(State)

    explicit FpnnClient(QObject *parent = nullptr);
    FpnnClient(const QString &host, quint16 port, QObject *parent = nullptr);
    ~FpnnClient() override;   // pending quests end with 20002, before the client is gone

    // Changing the endpoint closes the current connection (pending quests end with 20002).
    void setEndpoint(const QString &host, quint16 port);
    QString host() const;
    quint16 port() const;

    // Takes effect for new quests at once; encryption and connect settings from the next
    // connection (close() to apply them now).
    void setOptions(const ClientOptions &options);
    const ClientOptions &options() const;

    State state() const;
    int pendingCount() const;

    // Starts connecting now (quests do it lazily anyway).
    void connectToServer();
    // Closes the connection; pending quests end with 20002, their callbacks run before
    // close() returns. A later quest reconnects (also with autoReconnect off).
    void close();

    // Sends a twoway quest. The callback runs exactly once on this object's thread, from
    // the event loop (never inside this call). With a context object, the callback is
    // dropped if the context is destroyed first. timeoutMs 0 = the client default.
    // Returns the sequence number.
    // Connect failures: quests waiting for the connection end with 20012. During the
    // reconnect back-off a quest waits for the scheduled attempt: 20003 if its own timeout
    // comes first, 20012 if that attempt fails. With autoReconnect off, quests after a
    // lost connection end with 20012 until connectToServer() or close() is called.
    // AnswerPayload::Packed leaves an OK answer's result map undecoded (Answer::packedPayload)
    // for a caller that reads it itself.
    quint32 sendQuest(const QByteArray &method, const Value &payload, AnswerCallback callback,
                      int timeoutMs = 0, QObject *context = nullptr, AnswerPayload answerForm = AnswerPayload::Tree);

    // Sends a oneway quest (no answer). Returns false when it could not be queued.
    bool sendOneway(const QByteArray &method, const Value &payload);

    // Round-trip time of the last answered quest, in ms (-1 before the first).
    int lastRoundTripMs() const;

    // True while the current connection is encrypted (its `*key` handshake succeeded).
    bool isEncrypted() const;

Q_SIGNALS:
    void stateChanged(fpnn::FpnnClient::State state);
    void connected();
    void disconnected();
    // A transport or framing problem, described for logs (never contains payloads).
    void transportError(int code, const QString &message);

private:
    friend class FpnnClientPrivate;
    std::unique_ptr<FpnnClientPrivate> d;
};

} // namespace fpnn
