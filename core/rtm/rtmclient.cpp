#include "rtmclient.h"

#include <algorithm>

#include <QDateTime>
#include <QDeadlineTimer>
#include <QLoggingCategory>
#include <QPointer>

#include "fpnn/fpnnerrorcodes.h"
#include "questbuilder.h"
#include "resultmapper.h"

Q_LOGGING_CATEGORY(lcRtmClient, "rtm.client")

namespace rtm {

// One logical request; it may go out twice (re-signed after 200006, or a read after the
// connection dropped), but its callback runs once.
struct RtmClient::Attempt {
    QByteArray method;
    fpnn::ValueMap params;
    CallOptions options;
    QDeadlineTimer deadline;   // one for every attempt of this request: a retry gets what is left
    bool retryReads = false;
    fpnn::AnswerPayload answerForm = fpnn::AnswerPayload::Tree;
    bool resigned = false;
    bool retried = false;
    std::function<void(const fpnn::Answer &)> callback;
};

RtmClient::RtmClient(qint64 pid, const QByteArray &secret, const QString &host, quint16 port, QObject *parent)
    : QObject(parent)
    , m_pid(pid)
    , m_secret(secret)
    , m_connection(new fpnn::FpnnClient(host, port, this))
{
}

RtmClient::~RtmClient()
{
    // Delete the connection while this object is still whole: its pending quests end with
    // 20002 now, and the retry paths see m_destroying and deliver instead of resending.
    m_destroying = true;
    fpnn::FpnnClient *connection = m_connection;
    m_connection = nullptr;   // a call made from one of those callbacks fails at once
    delete connection;
}

QString RtmClient::host() const
{
    return m_connection ? m_connection->host() : QString();
}

quint16 RtmClient::port() const
{
    return m_connection ? m_connection->port() : 0;
}

void RtmClient::setDefaultTimeoutMs(int ms)
{
    m_defaultTimeoutMs = qMax(0, ms);
}

int RtmClient::defaultTimeoutMs() const
{
    return m_defaultTimeoutMs;
}

void RtmClient::setSaltSource(IdSource source)
{
    m_saltSource = std::move(source);
}

void RtmClient::setMidSource(IdSource source)
{
    m_midSource = std::move(source);
}

void RtmClient::setTimeSource(std::function<qint64()> secondsSinceEpoch)
{
    m_timeSource = std::move(secondsSinceEpoch);
}

qint64 RtmClient::midFor(qint64 requested) const
{
    if (requested != 0)
        return requested;
    return m_midSource ? m_midSource() : IdGenerator::global().next();
}

void RtmClient::sendSignedQuest(const QByteArray &method, const fpnn::ValueMap &params,
                                std::function<void(const fpnn::Answer &)> callback, CallOptions options,
                                bool retryReads, fpnn::AnswerPayload answerForm)
{
    auto attempt = std::make_shared<Attempt>();
    attempt->method = method;
    attempt->params = params;
    attempt->options = options;
    attempt->retryReads = retryReads;
    attempt->answerForm = answerForm;
    attempt->callback = std::move(callback);
    int timeoutMs = options.timeoutMs > 0 ? options.timeoutMs : m_defaultTimeoutMs;
    if (timeoutMs <= 0 && m_connection)
        timeoutMs = m_connection->options().questTimeoutMs;
    attempt->deadline = QDeadlineTimer(std::max(1, timeoutMs), Qt::PreciseTimer);
    sendAttempt(attempt);
}

void RtmClient::sendAttempt(const std::shared_ptr<Attempt> &attempt)
{
    if (!m_connection) {
        // Only while this client is being destroyed (a callback of a failing quest made a
        // new call). Answer now: a queued callback would run after the client is gone.
        if (attempt->callback)
            attempt->callback(fpnn::Answer::failure(fpnn::CoreConnectionClosed, QStringLiteral("client destroyed")));
        return;
    }
    // A fresh salt (and ts) on every attempt, so a retry never repeats a signature.
    const qint64 salt = m_saltSource ? m_saltSource() : IdGenerator::global().next();
    const qint64 ts = m_timeSource ? m_timeSource() : QDateTime::currentSecsSinceEpoch();
    const quest::Auth auth = quest::Auth::make(m_pid, m_secret, salt, attempt->method, ts);
    const int timeoutMs = int(std::max<qint64>(1, attempt->deadline.remainingTime()));

    // Never log the secret or the sign; the salt alone reveals nothing.
    qCDebug(lcRtmClient).noquote() << "quest" << attempt->method << "salt" << salt << "ts" << ts
                                   << (attempt->resigned || attempt->retried ? "(retry)" : "");

    QPointer<RtmClient> self(this);
    m_connection->sendQuest(
        attempt->method, quest::withAuth(auth, attempt->params),
        [this, self, attempt](const fpnn::Answer &answer) {
            if (self && !m_destroying && m_connection) {
                const bool wouldRetry = (answer.code == SameSign && !attempt->resigned)
                    || (attempt->retryReads && !attempt->retried && m_connection->options().autoReconnect
                        && (answer.code == fpnn::CoreConnectionClosed || answer.code == fpnn::CoreInvalidConnection));
                if (wouldRetry && attempt->deadline.hasExpired()) {
                    // The request's time is used up: no retry beyond its deadline.
                    if (attempt->callback)
                        attempt->callback(fpnn::Answer::failure(
                            fpnn::CoreTimeout, QStringLiteral("no time left to retry after: %1").arg(answer.errorText)));
                    return;
                }
                if (answer.code == SameSign && !attempt->resigned) {
                    // The server saw this sign before (protocol.md 3.3): re-sign once.
                    attempt->resigned = true;
                    qCInfo(lcRtmClient).noquote() << attempt->method << "got 200006 RTM_EC_SAME_SIGN - re-signing once";
                    sendAttempt(attempt);
                    return;
                }
                if (attempt->retryReads && !attempt->retried && m_connection->options().autoReconnect
                    && (answer.code == fpnn::CoreConnectionClosed || answer.code == fpnn::CoreInvalidConnection)) {
                    // Reads are idempotent (protocol.md 3.5); sends and deletes never retry.
                    // Without auto-reconnect the retry could only fail with "auto-reconnect
                    // is off" and hide the real cause (refused, host not found, closed).
                    attempt->retried = true;
                    qCInfo(lcRtmClient).noquote() << attempt->method << "failed with" << answer.code
                                                  << errorName(answer.code) << "- retrying once";
                    sendAttempt(attempt);
                    return;
                }
            }
            if (answer.ok())
                qCDebug(lcRtmClient).noquote() << "answer" << attempt->method << "ok";
            else
                qCDebug(lcRtmClient).noquote() << "answer" << attempt->method << answer.code << errorName(answer.code);
            if (attempt->callback)
                attempt->callback(answer);
        },
        timeoutMs, attempt->options.context, attempt->answerForm);
}

// --- send ---

void RtmClient::sendMessageQuest(const char *method, const fpnn::ValueMap &params, qint64 mid,
                                 SendCallback callback, const CallOptions &options)
{
    sendSignedQuest(
        method, params,
        [mid, callback = std::move(callback)](const fpnn::Answer &answer) {
            SendResult result;
            result.mid = mid;   // also on failure, so the caller can check before resending
            RtmError error = result::errorFromAnswer(answer);
            if (!error)
                error = result::toSendResult(answer.payload, mid, &result);
            if (callback)
                callback(error, result);
        },
        options, false);
}

void RtmClient::sendMessage(int mtype, qint64 fromUid, qint64 toUid, const MessageBody &message,
                            const QByteArray &attrs, qint64 mid, SendCallback callback, CallOptions options)
{
    const qint64 m = midFor(mid);
    sendMessageQuest(method::SendMsg, quest::sendMessageParams(mtype, fromUid, toUid, m, message, attrs), m,
                     std::move(callback), options);
}

void RtmClient::sendMessages(int mtype, qint64 fromUid, const QList<qint64> &toUids, const MessageBody &message,
                             const QByteArray &attrs, qint64 mid, SendCallback callback, CallOptions options)
{
    const qint64 m = midFor(mid);
    sendMessageQuest(method::SendMsgs, quest::sendMessagesParams(mtype, fromUid, toUids, m, message, attrs), m,
                     std::move(callback), options);
}

void RtmClient::sendGroupMessage(int mtype, qint64 fromUid, qint64 gid, const MessageBody &message,
                                 const QByteArray &attrs, qint64 mid, SendCallback callback, CallOptions options)
{
    const qint64 m = midFor(mid);
    sendMessageQuest(method::SendGroupMsg, quest::sendGroupMessageParams(mtype, fromUid, gid, m, message, attrs), m,
                     std::move(callback), options);
}

void RtmClient::sendRoomMessage(int mtype, qint64 fromUid, qint64 rid, const MessageBody &message,
                                const QByteArray &attrs, qint64 mid, SendCallback callback, CallOptions options)
{
    const qint64 m = midFor(mid);
    sendMessageQuest(method::SendRoomMsg, quest::sendRoomMessageParams(mtype, fromUid, rid, m, message, attrs), m,
                     std::move(callback), options);
}

void RtmClient::broadcastMessage(int mtype, qint64 fromUid, const MessageBody &message,
                                 const QByteArray &attrs, qint64 mid, SendCallback callback, CallOptions options)
{
    const qint64 m = midFor(mid);
    sendMessageQuest(method::BroadcastMsg, quest::broadcastMessageParams(mtype, fromUid, m, message, attrs), m,
                     std::move(callback), options);
}

// --- history ---

void RtmClient::historyQuest(MessageCategory category, qint64 uid, qint64 target, const HistoryQuery &query,
                             HistoryCallback callback, const CallOptions &options)
{
    const result::HistoryContext context{category, uid, category == MessageCategory::Broadcast ? 0 : target};
    // The page is read straight from the answer's bytes (no Value tree), under the limits
    // the connection would have decoded it with.
    const fpnn::MsgpackLimits limits = m_connection ? m_connection->options().payloadLimits : fpnn::MsgpackLimits{};
    sendSignedQuest(
        quest::historyMethod(category), quest::historyParams(category, uid, target, query),
        [context, limits, callback = std::move(callback)](const fpnn::Answer &answer) {
            HistoryPage page;
            const RtmError error = result::toHistoryPage(answer, context, limits, &page);
            if (callback)
                callback(error, page);
        },
        options, true, fpnn::AnswerPayload::Packed);
}

void RtmClient::getP2PMessage(qint64 uid, qint64 ouid, const HistoryQuery &query, HistoryCallback callback,
                              CallOptions options)
{
    historyQuest(MessageCategory::P2P, uid, ouid, query, std::move(callback), options);
}

void RtmClient::getGroupMessage(qint64 uid, qint64 gid, const HistoryQuery &query, HistoryCallback callback,
                                CallOptions options)
{
    historyQuest(MessageCategory::Group, uid, gid, query, std::move(callback), options);
}

void RtmClient::getRoomMessage(qint64 uid, qint64 rid, const HistoryQuery &query, HistoryCallback callback,
                               CallOptions options)
{
    historyQuest(MessageCategory::Room, uid, rid, query, std::move(callback), options);
}

void RtmClient::getBroadcastMessage(qint64 uid, const HistoryQuery &query, HistoryCallback callback,
                                    CallOptions options)
{
    historyQuest(MessageCategory::Broadcast, uid, 0, query, std::move(callback), options);
}

// --- delete ---

void RtmClient::deleteQuest(MessageCategory category, qint64 mid, qint64 fromUid, qint64 xid,
                            DoneCallback callback, const CallOptions &options)
{
    sendSignedQuest(
        method::DelMsg, quest::messageRefParams(mid, fromUid, xid, category),
        [callback = std::move(callback)](const fpnn::Answer &answer) {
            if (callback)
                callback(result::errorFromAnswer(answer));
        },
        options, false);
}

void RtmClient::deleteP2PMessage(qint64 mid, qint64 fromUid, qint64 toUid, DoneCallback callback, CallOptions options)
{
    deleteQuest(MessageCategory::P2P, mid, fromUid, toUid, std::move(callback), options);
}

void RtmClient::deleteGroupMessage(qint64 mid, qint64 fromUid, qint64 gid, DoneCallback callback, CallOptions options)
{
    deleteQuest(MessageCategory::Group, mid, fromUid, gid, std::move(callback), options);
}

void RtmClient::deleteRoomMessage(qint64 mid, qint64 fromUid, qint64 rid, DoneCallback callback, CallOptions options)
{
    deleteQuest(MessageCategory::Room, mid, fromUid, rid, std::move(callback), options);
}

void RtmClient::deleteBroadcastMessage(qint64 mid, qint64 fromUid, DoneCallback callback, CallOptions options)
{
    deleteQuest(MessageCategory::Broadcast, mid, fromUid, 0, std::move(callback), options);
}

// --- info ---

void RtmClient::infoQuest(MessageCategory category, qint64 mid, qint64 fromUid, qint64 xid,
                          InfoCallback callback, const CallOptions &options)
{
    sendSignedQuest(
        method::GetMsg, quest::messageRefParams(mid, fromUid, xid, category),
        [callback = std::move(callback)](const fpnn::Answer &answer) {
            MessageInfo info;
            RtmError error = result::errorFromAnswer(answer);
            if (!error)
                error = result::toMessageInfo(answer.payload, &info);
            if (callback)
                callback(error, info);
        },
        options, true);
}

void RtmClient::getP2PMessageInfo(qint64 mid, qint64 fromUid, qint64 toUid, InfoCallback callback, CallOptions options)
{
    infoQuest(MessageCategory::P2P, mid, fromUid, toUid, std::move(callback), options);
}

void RtmClient::getGroupMessageInfo(qint64 mid, qint64 fromUid, qint64 gid, InfoCallback callback, CallOptions options)
{
    infoQuest(MessageCategory::Group, mid, fromUid, gid, std::move(callback), options);
}

void RtmClient::getRoomMessageInfo(qint64 mid, qint64 fromUid, qint64 rid, InfoCallback callback, CallOptions options)
{
    infoQuest(MessageCategory::Room, mid, fromUid, rid, std::move(callback), options);
}

void RtmClient::getBroadcastMessageInfo(qint64 mid, qint64 fromUid, InfoCallback callback, CallOptions options)
{
    infoQuest(MessageCategory::Broadcast, mid, fromUid, 0, std::move(callback), options);
}

// --- count ---

void RtmClient::getMessageNum(MessageCategory type, qint64 xid, const QList<int> &mtypes, qint64 begin, qint64 end,
                              CountCallback callback, CallOptions options)
{
    sendSignedQuest(
        method::GetMsgNum, quest::messageNumParams(type, xid, mtypes, begin, end),
        [callback = std::move(callback)](const fpnn::Answer &answer) {
            MessageCount count;
            RtmError error = result::errorFromAnswer(answer);
            if (!error)
                error = result::toMessageCount(answer.payload, &count);
            if (callback)
                callback(error, count);
        },
        options, true);
}

} // namespace rtm
