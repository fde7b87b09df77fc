#pragma once

// The RTM server-side Message API: 18 asynchronous calls with the parameters of the
// official SDKs (protocol.md 4.1). Each quest is signed on its own (protocol.md 3);
// results arrive as typed values through a callback that runs exactly once on the
// client's thread — with a result, or with an RtmError (server error, 20003 timeout,
// 20002 connection closed) — and never after the optional context object is destroyed.

#include <functional>
#include <memory>

#include <QList>
#include <QObject>

#include "fpnn/fpnnclient.h"
#include "idgenerator.h"
#include "rtmerror.h"
#include "rtmtypes.h"

namespace rtm {

struct CallOptions {
    int timeoutMs = 0;             // 0 = the client's default
    QObject *context = nullptr;    // callback dropped when this is destroyed first
};

using SendCallback = std::function<void(const RtmError &, const SendResult &)>;
using HistoryCallback = std::function<void(const RtmError &, const HistoryPage &)>;
using InfoCallback = std::function<void(const RtmError &, const MessageInfo &)>;
using CountCallback = std::function<void(const RtmError &, const MessageCount &)>;
using DoneCallback = std::function<void(const RtmError &)>;

class RtmClient : public QObject {
    Q_OBJECT
public:
    RtmClient(qint64 pid, const QByteArray &secret, const QString &host, quint16 port,
              QObject *parent = nullptr);
    ~RtmClient() override;

    qint64 pid() const { return m_pid; }
    QString host() const;
    quint16 port() const;
    fpnn::FpnnClient *connection() const { return m_connection; }

    void setDefaultTimeoutMs(int ms);
    int defaultTimeoutMs() const;

    // Sources of salts, mids and ts (seconds). Defaults: IdGenerator::global() for both ids
    // and the system clock. Tests replace them (e.g. a repeating salt to provoke 200006).
    void setSaltSource(IdSource source);
    void setMidSource(IdSource source);
    void setTimeSource(std::function<qint64()> secondsSinceEpoch);

    // --- send (answer: the mid and the server time) ---
    void sendMessage(int mtype, qint64 fromUid, qint64 toUid, const MessageBody &message,
                     const QByteArray &attrs, qint64 mid, SendCallback callback, CallOptions options = {});
    void sendMessages(int mtype, qint64 fromUid, const QList<qint64> &toUids, const MessageBody &message,
                      const QByteArray &attrs, qint64 mid, SendCallback callback, CallOptions options = {});
    void sendGroupMessage(int mtype, qint64 fromUid, qint64 gid, const MessageBody &message,
                          const QByteArray &attrs, qint64 mid, SendCallback callback, CallOptions options = {});
    void sendRoomMessage(int mtype, qint64 fromUid, qint64 rid, const MessageBody &message,
                         const QByteArray &attrs, qint64 mid, SendCallback callback, CallOptions options = {});
    void broadcastMessage(int mtype, qint64 fromUid, const MessageBody &message,
                          const QByteArray &attrs, qint64 mid, SendCallback callback, CallOptions options = {});

    // --- history (one page; HistoryQuery carries desc/num/begin/end/lastid/mtypes) ---
    void getP2PMessage(qint64 uid, qint64 ouid, const HistoryQuery &query, HistoryCallback callback, CallOptions options = {});
    void getGroupMessage(qint64 uid, qint64 gid, const HistoryQuery &query, HistoryCallback callback, CallOptions options = {});
    void getRoomMessage(qint64 uid, qint64 rid, const HistoryQuery &query, HistoryCallback callback, CallOptions options = {});
    void getBroadcastMessage(qint64 uid, const HistoryQuery &query, HistoryCallback callback, CallOptions options = {});

    // --- delete ---
    void deleteP2PMessage(qint64 mid, qint64 fromUid, qint64 toUid, DoneCallback callback, CallOptions options = {});
    void deleteGroupMessage(qint64 mid, qint64 fromUid, qint64 gid, DoneCallback callback, CallOptions options = {});
    void deleteRoomMessage(qint64 mid, qint64 fromUid, qint64 rid, DoneCallback callback, CallOptions options = {});
    void deleteBroadcastMessage(qint64 mid, qint64 fromUid, DoneCallback callback, CallOptions options = {});

    // --- info ---
    void getP2PMessageInfo(qint64 mid, qint64 fromUid, qint64 toUid, InfoCallback callback, CallOptions options = {});
    void getGroupMessageInfo(qint64 mid, qint64 fromUid, qint64 gid, InfoCallback callback, CallOptions options = {});
    void getRoomMessageInfo(qint64 mid, qint64 fromUid, qint64 rid, InfoCallback callback, CallOptions options = {});
    void getBroadcastMessageInfo(qint64 mid, qint64 fromUid, InfoCallback callback, CallOptions options = {});

    // --- count (type 2 group or 3 room) ---
    void getMessageNum(MessageCategory type, qint64 xid, const QList<int> &mtypes, qint64 begin, qint64 end,
                       CountCallback callback, CallOptions options = {});

    // Generic signed quest, for probes and tests: adds pid/sign/salt/ts before params.
    // Retries once with a new signature on 200006. answerForm: see FpnnClient::sendQuest.
    void sendSignedQuest(const QByteArray &method, const fpnn::ValueMap &params,
                         std::function<void(const fpnn::Answer &)> callback, CallOptions options = {},
                         bool retryReads = false, fpnn::AnswerPayload answerForm = fpnn::AnswerPayload::Tree);

private:
    struct Attempt;
    void sendAttempt(const std::shared_ptr<Attempt> &attempt);
    void sendMessageQuest(const char *method, const fpnn::ValueMap &params, qint64 mid,
                          SendCallback callback, const CallOptions &options);
    void historyQuest(MessageCategory category, qint64 uid, qint64 target, const HistoryQuery &query,
                      HistoryCallback callback, const CallOptions &options);
    void deleteQuest(MessageCategory category, qint64 mid, qint64 fromUid, qint64 xid,
                     DoneCallback callback, const CallOptions &options);
    void infoQuest(MessageCategory category, qint64 mid, qint64 fromUid, qint64 xid,
                   InfoCallback callback, const CallOptions &options);
    qint64 midFor(qint64 requested) const;

    qint64 m_pid;
    QByteArray m_secret;   // never logged
    fpnn::FpnnClient *m_connection;
    int m_defaultTimeoutMs = 0;
    IdSource m_saltSource;
    IdSource m_midSource;
    std::function<qint64()> m_timeSource;
    bool m_destroying = false;
};

} // namespace rtm
