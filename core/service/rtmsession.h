#pragma once

// The Qt face of the RTM client for the GUI and rtmctl: owns an RtmClient, exposes the
// connection state as a property, paces requests (per-profile calls/s, none for the
// sandbox), retries a request answered 200010 after a pause, and reports every request
// to the activity log. Each call returns an RtmReply that finishes exactly once.
//
// - Replies never finish inside the call that returns them: connect to finished() right
//   after the call, before returning to the event loop (see rtmreply.h).
// - Pacing: requests wait in one FIFO queue and leave through the pacer
//   (requestpacer.h: at most rateLimitPerSecond in any second, evenly spread, no burst;
//   0 = no pacing). The pacer is asked at the last moment, after the audit line is on
//   disk, so what it counts is when requests go on the wire. A request answered 200010
//   (frequency limited) is not failed: the session halves its rate (climbing back over
//   10 s), pauses, and sends it again (up to maxFrequencyRetries() times, same mid), ahead
//   of younger requests.
// - Deadline: timeoutMs (or the default) is fixed when the call is made and covers the whole
//   request: the pacing queue, the audit write, the one read retry and every 200010 pause
//   and retry. When it passes the reply ends with 20003 (TIMEOUT); a request that was never
//   sent says so in the message.
// - Audit: each send and delete writes an attempt line before it is handed to the
//   connection and an outcome line when it ends (auditlog.h); AuditLog::defaultLog()
//   unless setAuditLog() says otherwise (nullptr = no audit, for tests only). The lines are
//   written by the log's writer thread; the request goes out only once its attempt line is
//   on disk, and later requests wait behind it. When the line cannot be written the request
//   is not sent: the reply ends with rtm::AuditLogUnavailable ("audit log unavailable: …").
// - The attempt line of a send records what is sent; that of a delete what the caller
//   read before deleting (the `content` argument; auditcontent.h).
// - Sends with mid 0 get a mid from rtm::IdGenerator::global() here, so the audit knows it up front.
// - Clock hints: 200008, and 200002 on the first answer after (re)connecting, get a note
//   about the local clock appended to the error message (looksLikeClockSkew()).
// - The activity() signal reports every finished request, never the secret or the sign.
// - Encryption: with config.encryption set, every connection starts with the `*key`
//   handshake (protocol.md 2). Settings that cannot be used (key file unreadable or not a
//   supported EC public key, bits not 128/256) never fall back to plain: the session does
//   not connect and every request ends with configurationError() (rtm::EncryptionKeyUnusable).
// - No FPNN types here (tst_coreapi checks the include closure): the transport settings a
//   caller may choose are plain fields of SessionConfig; client() is for rtmctl's raw `call`
//   and for tests, which include rtm/rtmclient.h themselves.

#include <memory>

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QString>

#include "auditcontent.h"
#include "rtm/rtmerror.h"
#include "rtm/rtmtypes.h"
#include "rtmreply.h"
#include "sessionencryption.h"

namespace rtm {
class RtmClient;
}

namespace service {

class AuditLog;

struct SessionConfig {
    QString profileName;
    QString host = QStringLiteral("127.0.0.1");
    quint16 port = 0;
    qint64 pid = 0;
    QByteArray secret;            // never logged, never written to settings
    int defaultTimeoutMs = 30000;
    int rateLimitPerSecond = 50;  // 0 = no pacing (the sandbox)
    SessionEncryption encryption; // default: plain

    // The connection under the session. Its own quests (*ping, the *key handshake) use
    // defaultTimeoutMs as well.
    int connectTimeoutMs = 30000; // one connect attempt, the *key handshake included
    bool autoReconnect = true;    // reconnect on the next request after a loss (reads retried once)
    bool keepAlive = true;        // *ping when idle (protocol.md 1.8)
};

// One finished request, for the activity log (never contains the secret or the sign).
struct ActivityEntry {
    QDateTime time;
    QString method;
    QString target;
    int durationMs = 0;
    int code = 0;                 // 0 = OK
    QString errorName;
    QString errorMeaning;
};

class RtmSession : public QObject {
    Q_OBJECT
    Q_PROPERTY(State state READ state NOTIFY stateChanged)
public:
    enum class State { Disconnected, Connecting, Connected, Reconnecting, Closing };
    Q_ENUM(State)

    explicit RtmSession(const SessionConfig &config, QObject *parent = nullptr);
    ~RtmSession() override;   // pending replies finish with 20002 first

    const SessionConfig &config() const;
    QString endpoint() const;          // "host:port"
    qint64 pid() const;
    State state() const;
    int lastRoundTripMs() const;       // -1 before the first answer
    int defaultTimeoutMs() const;
    void setDefaultTimeoutMs(int ms);
    int rateLimitPerSecond() const;
    void setRateLimitPerSecond(int callsPerSecond);   // 0 = unlimited
    int queuedCount() const;           // waiting for the pacer
    rtm::RtmClient *client() const;    // the client underneath (rtmctl `call`, tests)

    // --- additions to the contract ---
    QString profileName() const;
    AuditLog *auditLog() const;
    void setAuditLog(AuditLog *log);                 // not owned; nullptr = no audit
    int maxFrequencyRetries() const;                 // default 5
    void setMaxFrequencyRetries(int n);
    int frequencyRetryPauseMs() const;               // first pause, doubled per retry (cap 2 s); default 250
    void setFrequencyRetryPauseMs(int ms);
    int effectiveRateLimit() const;                  // after 200010 slow-downs (0 = unlimited)
    int frequencyLimitedCount() const;               // 200010 answers so far, retried or not
    int inFlightCount() const;                       // sent, not yet answered
    int awaitingAuditCount() const;                  // sends/deletes waiting for their attempt line
    // Starts connecting now (calls connect lazily anyway) / closes the connection
    // (in-flight requests end with 20002).
    void connectToServer();
    void disconnectFromServer();
    // True when the error suggests a wrong local clock: 200008 always, 200002 when it was
    // the first answer after connecting.
    static bool looksLikeClockSkew(const rtm::RtmError &error, bool firstAnswerAfterConnect = false);
    static QString clockSkewHint();

    // --- transport encryption (config().encryption) ---
    // What is wrong with the encryption settings, found when the session was made; none
    // when they are usable (or plain). While set the session never connects.
    rtm::RtmError configurationError() const;
    bool isEncryptionConfigured() const;   // usable settings that ask for encryption
    bool isEncrypted() const;              // the current connection passed the `*key` handshake
    QString encryptionCurveName() const;   // the server key's curve, "secp256r1"; "" when plain
    QString encryptionDescription() const; // "AES-128 package, secp256r1"; "" when plain
    // True when a request failed because the `*key` handshake did (wrong server key, a
    // server without encryption, no answer to *key): FpnnClient ends the quests waiting for
    // it with 20012 (or 20003 at their own deadline) and says "encryption handshake".
    static bool isEncryptionHandshakeFailure(const rtm::RtmError &error);

    // --- the 18 calls (mid 0 = generate; timeoutMs 0 = default) ---
    RtmReply *sendMessage(int mtype, qint64 from, qint64 to, const rtm::MessageBody &message, const QByteArray &attrs, qint64 mid = 0, int timeoutMs = 0);
    RtmReply *sendMessages(int mtype, qint64 from, const QList<qint64> &tos, const rtm::MessageBody &message, const QByteArray &attrs, qint64 mid = 0, int timeoutMs = 0);
    RtmReply *sendGroupMessage(int mtype, qint64 from, qint64 gid, const rtm::MessageBody &message, const QByteArray &attrs, qint64 mid = 0, int timeoutMs = 0);
    RtmReply *sendRoomMessage(int mtype, qint64 from, qint64 rid, const rtm::MessageBody &message, const QByteArray &attrs, qint64 mid = 0, int timeoutMs = 0);
    RtmReply *broadcastMessage(int mtype, qint64 from, const rtm::MessageBody &message, const QByteArray &attrs, qint64 mid = 0, int timeoutMs = 0);

    RtmReply *getP2PMessage(qint64 uid, qint64 ouid, const rtm::HistoryQuery &query, int timeoutMs = 0);
    RtmReply *getGroupMessage(qint64 uid, qint64 gid, const rtm::HistoryQuery &query, int timeoutMs = 0);
    RtmReply *getRoomMessage(qint64 uid, qint64 rid, const rtm::HistoryQuery &query, int timeoutMs = 0);
    RtmReply *getBroadcastMessage(qint64 uid, const rtm::HistoryQuery &query, int timeoutMs = 0);

    // `content`: the message as read before the delete (or why it was not), for the audit
    // line (auditcontent.h); default: none recorded.
    RtmReply *deleteP2PMessage(qint64 mid, qint64 from, qint64 to, int timeoutMs = 0, const AuditContent &content = {});
    RtmReply *deleteGroupMessage(qint64 mid, qint64 from, qint64 gid, int timeoutMs = 0, const AuditContent &content = {});
    RtmReply *deleteRoomMessage(qint64 mid, qint64 from, qint64 rid, int timeoutMs = 0, const AuditContent &content = {});
    RtmReply *deleteBroadcastMessage(qint64 mid, qint64 from, int timeoutMs = 0, const AuditContent &content = {});

    RtmReply *getP2PMessageInfo(qint64 mid, qint64 from, qint64 to, int timeoutMs = 0);
    RtmReply *getGroupMessageInfo(qint64 mid, qint64 from, qint64 gid, int timeoutMs = 0);
    RtmReply *getRoomMessageInfo(qint64 mid, qint64 from, qint64 rid, int timeoutMs = 0);
    RtmReply *getBroadcastMessageInfo(qint64 mid, qint64 from, int timeoutMs = 0);

    RtmReply *getMessageNum(rtm::MessageCategory type, qint64 xid, const QList<int> &mtypes, qint64 begin, qint64 end, int timeoutMs = 0);

    // Generic helpers by category (the GUI works per kind): category + target id
    // (0 for broadcast). For P2P, `target` is the other uid.
    RtmReply *getHistory(rtm::MessageCategory category, qint64 uid, qint64 target, const rtm::HistoryQuery &query, int timeoutMs = 0);
    RtmReply *deleteMessage(rtm::MessageCategory category, qint64 mid, qint64 from, qint64 target, int timeoutMs = 0,
                            const AuditContent &content = {});
    RtmReply *getMessageInfo(rtm::MessageCategory category, qint64 mid, qint64 from, qint64 target, int timeoutMs = 0);

    // The signed, harmless probe of `rtmctl check` / "Test connection": getmsg of a mid
    // that cannot exist; 200070 means endpoint, pid, secret and clock are all right.
    // The reply finishes OK in that case, with the error otherwise.
    RtmReply *checkConnection(int timeoutMs = 0);

Q_SIGNALS:
    void stateChanged(service::RtmSession::State state);
    void roundTripChanged(int ms);
    void activity(const service::ActivityEntry &entry);

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace service
