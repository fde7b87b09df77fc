#include "rtmsession.h"

#include <algorithm>
#include <deque>
#include <functional>
#include <map>

#include <QDeadlineTimer>
#include <QFutureWatcher>
#include <QPointer>
#include <QTimer>

#include "auditlog.h"
#include "fpnn/fpnnerrorcodes.h"
#include "rtm/categorytable.h"
#include "rtm/endpoint.h"
#include "rtm/idgenerator.h"
#include "rtm/rtmclient.h"
#include "requestpacer.h"
#include "servicelog.h"
#include "sessionencryption_p.h"

namespace service {

using rtm::RtmError;

namespace {

struct Request;
using RequestPtr = std::shared_ptr<Request>;
using Dispatch = std::function<void(const RequestPtr &)>;

struct Request {
    quint64 seq = 0;
    QPointer<RtmReply> reply;
    Dispatch dispatch;
    int timeoutMs = 0;
    QDeadlineTimer deadline;     // the whole request: queue, audit, retries (fixed at the call)
    bool audited = false;        // sends and deletes
    AuditRecord audit;
    AuditLog *auditLog = nullptr;
};

QString messageTarget(rtm::MessageCategory c, qint64 mid, qint64 from, qint64 target)
{
    const QString name = rtm::categoryLogName(int(c));
    if (c == rtm::MessageCategory::P2P)   // the target is the receiver, not a conversation
        return QStringLiteral("%1 %2→%3 mid %4").arg(name).arg(from).arg(target).arg(mid);
    if (!rtm::categoryRow(c).hasTarget)
        return QStringLiteral("%1 from %2 mid %3").arg(name).arg(from).arg(mid);
    return QStringLiteral("%1 %2 from %3 mid %4").arg(name).arg(target).arg(from).arg(mid);
}

QString usersTarget(const QList<qint64> &tos)
{
    QStringList parts;
    const qsizetype shown = std::min<qsizetype>(tos.size(), 5);
    for (qsizetype i = 0; i < shown; ++i)
        parts << QString::number(tos.at(i));
    QString text = QStringLiteral("users ") + parts.join(QStringLiteral(","));
    if (tos.size() > shown)
        text += QStringLiteral(" (+%1 more)").arg(tos.size() - shown);
    return text;
}

bool isLocalFailure(int code)
{
    return code == fpnn::CoreConnectionClosed || code == fpnn::CoreTimeout
        || code == fpnn::CoreInvalidConnection || code == fpnn::CoreCancelled
        || code == fpnn::CoreSendError;
}

} // namespace

class RtmSession::Private {
public:
    Private(RtmSession *owner, const SessionConfig &cfg) : q(owner), config(cfg) {}

    RtmSession *q;
    SessionConfig config;
    rtm::RtmClient *client = nullptr;
    RequestPacer pacer;
    std::deque<RequestPtr> queue;          // ordered by seq
    std::map<quint64, RequestPtr> inFlight;
    std::map<quint64, RequestPtr> awaitingAudit;   // queued, attempt line not on disk yet
    quint64 nextSeq = 1;
    State state = State::Disconnected;
    AuditLog *audit = AuditLog::defaultLog();
    int maxRetries = 5;
    int retryPauseMs = 250;
    int answersSinceConnect = 0;
    int frequencyLimitedAnswers = 0;
    int lastRtt = -1;
    bool destroying = false;
    bool pumpScheduled = false;
    rtm::RtmError configError;   // unusable encryption settings: nothing is ever sent
    QString curveName;           // of the server key, when encrypting

    int timeoutFor(int ms) const { return ms > 0 ? ms : config.defaultTimeoutMs; }
    // What is left of the request's deadline goes to the client (which also bounds its retry).
    rtm::CallOptions options(const RequestPtr &req) const
    {
        return rtm::CallOptions{int(std::max<qint64>(1, req->deadline.remainingTime())), q};
    }

    // `content` goes on the attempt line (sends: what is sent; deletes: what is deleted).
    RtmReply *enqueue(RtmReply::Kind kind, const char *method, const QString &target, qint64 mid,
                      int timeoutMs, Dispatch dispatch, const AuditContent &content = {});
    RtmReply *failLater(RtmReply::Kind kind, const char *method, const QString &target, const RtmError &error);
    void schedulePump();
    void pump();
    void writeAttemptLinesAhead();
    bool needsAttemptLine(const RequestPtr &req) const;
    void writeAttemptLine(const RequestPtr &req);
    void onAttemptWritten(const RequestPtr &req, const AuditWriteResult &result);
    void dispatch(const RequestPtr &req);
    void startDeadline(const RequestPtr &req);
    void onDeadline(const RequestPtr &req);
    void complete(const RequestPtr &req, const RtmError &error, const std::function<void(RtmReply *)> &onOk);
    void onReplyFinished(const RequestPtr &req, RtmReply *reply);
    void insertBySeq(const RequestPtr &req);
    void finishAllForShutdown();
    void applyTransportOptions();

    // Typed completions for the client's callbacks.
    rtm::SendCallback sendDone(const RequestPtr &req)
    {
        return [this, req](const RtmError &e, const rtm::SendResult &r) {
            complete(req, e, [&](RtmReply *reply) {
                rtm::SendResult out = r;
                if (out.mid == 0)
                    out.mid = req->audit.mid;
                reply->finishSend(out);
            });
        };
    }
    rtm::HistoryCallback historyDone(const RequestPtr &req)
    {
        return [this, req](const RtmError &e, const rtm::HistoryPage &page) {
            complete(req, e, [&](RtmReply *reply) { reply->finishHistory(page); });
        };
    }
    rtm::DoneCallback deleteDone(const RequestPtr &req)
    {
        return [this, req](const RtmError &e) {
            complete(req, e, [&](RtmReply *reply) { reply->finishDelete(); });
        };
    }
    rtm::InfoCallback infoDone(const RequestPtr &req)
    {
        return [this, req](const RtmError &e, const rtm::MessageInfo &info) {
            complete(req, e, [&](RtmReply *reply) { reply->finishInfo(info); });
        };
    }
    rtm::CountCallback countDone(const RequestPtr &req)
    {
        return [this, req](const RtmError &e, const rtm::MessageCount &count) {
            complete(req, e, [&](RtmReply *reply) { reply->finishCount(count); });
        };
    }
};

RtmReply *RtmSession::Private::enqueue(RtmReply::Kind kind, const char *method, const QString &target,
                                       qint64 mid, int timeoutMs, Dispatch dispatch, const AuditContent &content)
{
    if (configError) {
        RtmError notSent = configError;
        notSent.message += QStringLiteral("; the request was not sent");
        return failLater(kind, method, target, notSent);
    }
    auto req = std::make_shared<Request>();
    req->seq = nextSeq++;
    req->timeoutMs = timeoutFor(timeoutMs);
    req->deadline = QDeadlineTimer(req->timeoutMs, Qt::PreciseTimer);
    req->dispatch = std::move(dispatch);
    req->audited = (kind == RtmReply::Kind::Send || kind == RtmReply::Kind::Delete);
    req->audit = AuditRecord{config.profileName, q->endpoint(), config.pid,
                             QString::fromLatin1(method), target, mid, content};

    auto *reply = new RtmReply(kind, QString::fromLatin1(method), target, q);
    reply->setMid(mid);
    req->reply = reply;
    QObject::connect(reply, &RtmReply::finished, q, [this, req, reply] { onReplyFinished(req, reply); });

    if (destroying) {
        // Only reachable from a slot running during shutdown; still never synchronous.
        QTimer::singleShot(0, reply, [reply] {
            reply->finishWithError(RtmError::fromCode(fpnn::CoreConnectionClosed, QStringLiteral("session closed")));
        });
        return reply;
    }
    startDeadline(req);
    queue.push_back(req);
    schedulePump();
    return reply;
}

void RtmSession::Private::startDeadline(const RequestPtr &req)
{
    // One timer per request, owned by its reply: it fires at the deadline wherever the
    // request is then (queued, waiting for the audit log, in flight, or pausing after 200010).
    auto *timer = new QTimer(req->reply);
    timer->setSingleShot(true);
    timer->setTimerType(Qt::PreciseTimer);
    QObject::connect(timer, &QTimer::timeout, req->reply, [this, req, timer] {
        if (!req->deadline.hasExpired()) {
            timer->start(int(std::max<qint64>(1, req->deadline.remainingTime())));
            return;
        }
        onDeadline(req);
    });
    timer->start(req->timeoutMs);
}

void RtmSession::Private::onDeadline(const RequestPtr &req)
{
    RtmReply *reply = req->reply;
    if (!reply || reply->isFinished() || destroying)
        return;
    QString detail;
    if (!reply->wasDispatched())
        detail = QStringLiteral("timed out after %1 ms waiting for its turn; it was never sent").arg(req->timeoutMs);
    else if (reply->retryCount() > 0)
        detail = QStringLiteral("no final answer within %1 ms (frequency limited, sent %2 times)")
                     .arg(req->timeoutMs)
                     .arg(reply->retryCount() + 1);
    else
        detail = QStringLiteral("no answer within %1 ms").arg(req->timeoutMs);
    inFlight.erase(req->seq);   // a late answer finds the reply finished and is dropped
    reply->finishWithError(RtmError::fromCode(fpnn::CoreTimeout, detail));
}

RtmReply *RtmSession::Private::failLater(RtmReply::Kind kind, const char *method, const QString &target,
                                         const RtmError &error)
{
    auto req = std::make_shared<Request>();
    req->seq = nextSeq++;
    auto *reply = new RtmReply(kind, QString::fromLatin1(method), target, q);
    req->reply = reply;
    QObject::connect(reply, &RtmReply::finished, q, [this, req, reply] { onReplyFinished(req, reply); });
    QTimer::singleShot(0, reply, [reply, error] { reply->finishWithError(error); });
    return reply;
}

void RtmSession::Private::schedulePump()
{
    if (pumpScheduled)
        return;
    pumpScheduled = true;
    QMetaObject::invokeMethod(q, [this] { pump(); }, Qt::QueuedConnection);
}

void RtmSession::Private::pump()
{
    pumpScheduled = false;
    // Requests leave in order: none overtakes one whose attempt line is still being written.
    // The line first, the pacer's turn after: a token taken before the (fdatasync'd) write
    // would let a slow write bunch the sends behind it on the wire.
    while (!queue.empty() && !destroying) {
        const RequestPtr front = queue.front();
        if (!front->reply || front->reply->isFinished()) {   // aborted while waiting
            queue.pop_front();
            continue;
        }
        writeAttemptLinesAhead();
        if (awaitingAudit.count(front->seq) > 0)
            return;   // onAttemptWritten() pumps again
        if (!pacer.tryAcquire()) {
            pacer.schedule();
            return;
        }
        queue.pop_front();
        dispatch(front);
    }
}

void RtmSession::Private::writeAttemptLinesAhead()
{
    // The lines of the next few requests are written while the first waits for its line or
    // for the pacer; one after the other, each fdatasync would add to every request's turn.
    // Only about 100 ms ahead at the current rate: a line written long before its request
    // leaves says "attempt" for a request that may still time out in the queue.
    const int rate = pacer.effectiveRate();
    const int ahead = rate > 0 ? std::clamp(rate / 10, 1, 8) : 8;
    int live = 0;
    for (const RequestPtr &req : queue) {
        if (live == ahead)
            break;
        if (!req->reply || req->reply->isFinished())
            continue;
        ++live;
        if (needsAttemptLine(req))
            writeAttemptLine(req);
    }
}

bool RtmSession::Private::needsAttemptLine(const RequestPtr &req) const
{
    return req->audited && audit && req->reply->auditAttemptId().isEmpty();
}

void RtmSession::Private::writeAttemptLine(const RequestPtr &req)
{
    // Fail closed: the request goes out only once its attempt line is on disk. The writer
    // thread does the disk work; the answer comes back through the event loop.
    RtmReply *reply = req->reply;
    req->auditLog = audit;
    const AuditLog::PendingLine line = audit->writeAttempt(req->audit);
    reply->setAuditAttemptId(line.attemptId);
    awaitingAudit[req->seq] = req;
    // Owned by the session, not the reply: an aborted reply must still unblock the queue.
    auto *watcher = new QFutureWatcher<AuditWriteResult>(q);
    QObject::connect(watcher, &QFutureWatcherBase::finished, q, [this, req, watcher] {
        const AuditWriteResult result = watcher->future().isValid() && watcher->future().resultCount() > 0
            ? watcher->result()
            : AuditWriteResult{false, QStringLiteral("the audit writer stopped")};
        watcher->deleteLater();
        onAttemptWritten(req, result);
    });
    watcher->setFuture(line.written);   // the request stays in the queue meanwhile
}

void RtmSession::Private::onAttemptWritten(const RequestPtr &req, const AuditWriteResult &result)
{
    if (destroying || awaitingAudit.erase(req->seq) == 0)
        return;   // finished meanwhile (deadline, abort): it never goes out
    schedulePump();
    RtmReply *reply = req->reply;
    if (!reply || reply->isFinished())
        return;
    if (!result.ok) {
        // No attempt line, no outcome line: nothing was sent.
        reply->setAuditAttemptId({});
        reply->finishWithError(RtmError::fromCode(
            rtm::AuditLogUnavailable, result.error + QStringLiteral("; the request was not sent")));
        return;
    }
    // Still in the queue; its turn comes when it is at the front and the pacer agrees.
}

void RtmSession::Private::dispatch(const RequestPtr &req)
{
    if (req->deadline.hasExpired()) {   // its timer has not run yet: do not send it late
        onDeadline(req);
        return;
    }
    RtmReply *reply = req->reply;
    reply->setDispatched(true);
    inFlight[req->seq] = req;
    qCDebug(lcService).noquote() << "send" << reply->method() << reply->target()
                                 << "retry" << reply->retryCount();
    req->dispatch(req);
}

void RtmSession::Private::insertBySeq(const RequestPtr &req)
{
    auto pos = std::upper_bound(queue.begin(), queue.end(), req->seq,
                                [](quint64 seq, const RequestPtr &r) { return seq < r->seq; });
    queue.insert(pos, req);
}

void RtmSession::Private::complete(const RequestPtr &req, const RtmError &error,
                                   const std::function<void(RtmReply *)> &onOk)
{
    inFlight.erase(req->seq);
    if (destroying)
        return;
    RtmReply *reply = req->reply;
    if (!reply || reply->isFinished())
        return;   // aborted: the late answer is dropped

    if (client) {
        const int rtt = client->connection()->lastRoundTripMs();
        if (rtt != lastRtt) {
            lastRtt = rtt;
            Q_EMIT q->roundTripChanged(rtt);
        }
    }
    const bool firstAnswer = answersSinceConnect == 0;
    if (!isLocalFailure(error.code))
        ++answersSinceConnect;

    if (error.code == rtm::FrequencyLimited)
        ++frequencyLimitedAnswers;
    if (error.code == rtm::FrequencyLimited && reply->retryCount() < maxRetries) {
        const int n = reply->retryCount() + 1;
        reply->setRetryCount(n);
        const int pause = std::min(2000, retryPauseMs << std::min(n - 1, 4));
        pacer.slowDown();
        pacer.pauseFor(pause);
        qCInfo(lcService).noquote() << reply->method() << reply->target() << "was frequency limited; retry" << n
                                    << "in" << pause << "ms at" << pacer.effectiveRate() << "calls/s";
        insertBySeq(req);
        pacer.schedule();
        return;
    }
    if (error.isError()) {
        RtmError e = error;
        if (looksLikeClockSkew(e, firstAnswer))
            e.message += QStringLiteral(" — ") + clockSkewHint();
        reply->finishWithError(e);
    } else {
        onOk(reply);
    }
}

void RtmSession::Private::onReplyFinished(const RequestPtr &req, RtmReply *reply)
{
    if (awaitingAudit.erase(req->seq) > 0)
        schedulePump();   // ended before its attempt line was on disk: never sent, the queue moves on
    const RtmError err = reply->error();
    ActivityEntry entry;
    entry.time = QDateTime::currentDateTime().addMSecs(-reply->durationMs());
    entry.method = reply->method();
    entry.target = reply->target();
    entry.durationMs = reply->durationMs();
    entry.code = reply->ok() ? 0 : err.code;
    entry.errorName = reply->ok() ? QStringLiteral("OK") : err.name;
    entry.errorMeaning = reply->ok() ? tr("success") : err.message;
    if (reply->retryCount() > 0)
        entry.errorMeaning += tr(" (after %n frequency-limit retry(s))", nullptr, reply->retryCount());

    if (req->auditLog && !reply->auditAttemptId().isEmpty())
        req->auditLog->writeOutcome(reply->auditAttemptId(), req->audit, reply->ok() ? RtmError() : err,
                                    reply->retryCount());
    Q_EMIT q->activity(entry);
}

void RtmSession::Private::finishAllForShutdown()
{
    const RtmError closed = RtmError::fromCode(fpnn::CoreConnectionClosed, QStringLiteral("session closed"));
    std::vector<RequestPtr> all(queue.begin(), queue.end());
    for (auto &[seq, req] : inFlight)
        all.push_back(req);   // (requests awaiting their audit line are in the queue)
    queue.clear();
    inFlight.clear();
    awaitingAudit.clear();
    std::sort(all.begin(), all.end(), [](const RequestPtr &a, const RequestPtr &b) { return a->seq < b->seq; });
    for (const RequestPtr &req : all) {
        if (req->reply)
            req->reply->finishWithError(closed);
    }
}

void RtmSession::Private::applyTransportOptions()
{
    fpnn::ClientOptions options = client->connection()->options();
    options.connectTimeoutMs = config.connectTimeoutMs;
    options.questTimeoutMs = config.defaultTimeoutMs;
    options.autoReconnect = config.autoReconnect;
    options.keepAlive = config.keepAlive;
    EncryptionCheck check;
    const fpnn::ClientEncryption encryption = loadClientEncryption(config.encryption, &check);
    if (!check.ok()) {
        configError = check.error;
        qCWarning(lcService).noquote() << "encryption settings unusable, not connecting:" << configError.message;
        client->connection()->setOptions(options);
        return;
    }
    curveName = check.curveName;
    options.encryption = encryption;
    client->connection()->setOptions(options);
    if (encryption.enabled())
        qCInfo(lcService).noquote() << "encrypted connections:" << q->encryptionDescription() << "server key"
                                    << config.encryption.serverKeyFile;
}

// ---------------------------------------------------------------------------------------

RtmSession::RtmSession(const SessionConfig &config, QObject *parent)
    : QObject(parent), d(std::make_unique<Private>(this, config))
{
    d->client = new rtm::RtmClient(config.pid, config.secret, config.host, config.port, this);
    d->client->setDefaultTimeoutMs(config.defaultTimeoutMs);
    d->pacer.setRate(config.rateLimitPerSecond);
    connect(&d->pacer, &RequestPacer::ready, this, [this] { d->pump(); });
    d->applyTransportOptions();

    fpnn::FpnnClient *conn = d->client->connection();
    d->state = State(int(conn->state()));
    connect(conn, &fpnn::FpnnClient::stateChanged, this, [this](fpnn::FpnnClient::State s) {
        const State ns = State(int(s));
        if (ns == d->state)
            return;
        d->state = ns;
        if (ns == State::Connected)
            d->answersSinceConnect = 0;
        qCDebug(lcService) << "state" << ns;
        Q_EMIT stateChanged(ns);
    });
}

RtmSession::~RtmSession()
{
    d->destroying = true;
    d->finishAllForShutdown();
    delete d->client;   // its callbacks find their replies finished and do nothing
    d->client = nullptr;
}

const SessionConfig &RtmSession::config() const { return d->config; }

QString RtmSession::endpoint() const
{
    return rtm::Endpoint{d->config.host, d->config.port}.toString();
}

qint64 RtmSession::pid() const { return d->config.pid; }
RtmSession::State RtmSession::state() const { return d->state; }

int RtmSession::lastRoundTripMs() const
{
    return d->client ? d->client->connection()->lastRoundTripMs() : d->lastRtt;
}

int RtmSession::defaultTimeoutMs() const { return d->config.defaultTimeoutMs; }

void RtmSession::setDefaultTimeoutMs(int ms)
{
    if (ms <= 0)
        return;
    d->config.defaultTimeoutMs = ms;
    d->client->setDefaultTimeoutMs(ms);
    fpnn::ClientOptions options = d->client->connection()->options();
    options.questTimeoutMs = ms;
    d->client->connection()->setOptions(options);
}

int RtmSession::rateLimitPerSecond() const { return d->config.rateLimitPerSecond; }

void RtmSession::setRateLimitPerSecond(int callsPerSecond)
{
    d->config.rateLimitPerSecond = std::max(0, callsPerSecond);
    d->pacer.setRate(d->config.rateLimitPerSecond);
    d->schedulePump();
}

int RtmSession::queuedCount() const
{
    return int(std::count_if(d->queue.begin(), d->queue.end(), [](const RequestPtr &r) {
        return r->reply && !r->reply->isFinished();
    }));
}

rtm::RtmClient *RtmSession::client() const { return d->client; }
QString RtmSession::profileName() const { return d->config.profileName; }
AuditLog *RtmSession::auditLog() const { return d->audit; }
void RtmSession::setAuditLog(AuditLog *log) { d->audit = log; }
int RtmSession::maxFrequencyRetries() const { return d->maxRetries; }
void RtmSession::setMaxFrequencyRetries(int n) { d->maxRetries = std::max(0, n); }
int RtmSession::frequencyRetryPauseMs() const { return d->retryPauseMs; }
void RtmSession::setFrequencyRetryPauseMs(int ms) { d->retryPauseMs = std::max(1, ms); }
int RtmSession::effectiveRateLimit() const { return d->pacer.effectiveRate(); }
int RtmSession::frequencyLimitedCount() const { return d->frequencyLimitedAnswers; }
int RtmSession::inFlightCount() const { return int(d->inFlight.size()); }
int RtmSession::awaitingAuditCount() const { return int(d->awaitingAudit.size()); }
void RtmSession::connectToServer()
{
    if (!d->configError)   // never a plain connection in place of an encrypted one
        d->client->connection()->connectToServer();
}
void RtmSession::disconnectFromServer() { d->client->connection()->close(); }

rtm::RtmError RtmSession::configurationError() const { return d->configError; }
bool RtmSession::isEncryptionConfigured() const { return !d->configError && d->config.encryption.enabled(); }
bool RtmSession::isEncrypted() const { return d->client && d->client->connection()->isEncrypted(); }
QString RtmSession::encryptionCurveName() const { return d->curveName; }

QString RtmSession::encryptionDescription() const
{
    return isEncryptionConfigured() ? describeEncryption(d->config.encryption, d->curveName) : QString();
}

bool RtmSession::isEncryptionHandshakeFailure(const rtm::RtmError &error)
{
    return isLocalFailure(error.code) && error.message.contains(QLatin1String("encryption handshake"), Qt::CaseInsensitive);
}

bool RtmSession::looksLikeClockSkew(const rtm::RtmError &error, bool firstAnswerAfterConnect)
{
    return error.code == rtm::InvalidServerTime
        || (error.code == rtm::InvalidPidOrSign && firstAnswerAfterConnect);
}

QString RtmSession::clockSkewHint()
{
    return tr("the server checks each request's time: make sure this computer's clock "
              "(and time zone setting) is right; for 200002 also check the pid and secret");
}

// --- sends ---

RtmReply *RtmSession::sendMessage(int mtype, qint64 from, qint64 to, const rtm::MessageBody &message,
                                  const QByteArray &attrs, qint64 mid, int timeoutMs)
{
    if (mid == 0)
        mid = rtm::IdGenerator::global().next();
    return d->enqueue(RtmReply::Kind::Send, rtm::method::SendMsg, QStringLiteral("user %1").arg(to), mid, timeoutMs,
                      [this, mtype, from, to, message, attrs, mid](const RequestPtr &req) {
                          d->client->sendMessage(mtype, from, to, message, attrs, mid, d->sendDone(req), d->options(req));
                      },
                      AuditContent::captured(mtype, message.bytes(), message.isBinary(), attrs));
}

RtmReply *RtmSession::sendMessages(int mtype, qint64 from, const QList<qint64> &tos, const rtm::MessageBody &message,
                                   const QByteArray &attrs, qint64 mid, int timeoutMs)
{
    if (mid == 0)
        mid = rtm::IdGenerator::global().next();
    return d->enqueue(RtmReply::Kind::Send, rtm::method::SendMsgs, usersTarget(tos), mid, timeoutMs,
                      [this, mtype, from, tos, message, attrs, mid](const RequestPtr &req) {
                          d->client->sendMessages(mtype, from, tos, message, attrs, mid, d->sendDone(req), d->options(req));
                      },
                      AuditContent::captured(mtype, message.bytes(), message.isBinary(), attrs));
}

RtmReply *RtmSession::sendGroupMessage(int mtype, qint64 from, qint64 gid, const rtm::MessageBody &message,
                                       const QByteArray &attrs, qint64 mid, int timeoutMs)
{
    if (mid == 0)
        mid = rtm::IdGenerator::global().next();
    return d->enqueue(RtmReply::Kind::Send, rtm::method::SendGroupMsg, QStringLiteral("group %1").arg(gid), mid,
                      timeoutMs, [this, mtype, from, gid, message, attrs, mid](const RequestPtr &req) {
                          d->client->sendGroupMessage(mtype, from, gid, message, attrs, mid, d->sendDone(req), d->options(req));
                      },
                      AuditContent::captured(mtype, message.bytes(), message.isBinary(), attrs));
}

RtmReply *RtmSession::sendRoomMessage(int mtype, qint64 from, qint64 rid, const rtm::MessageBody &message,
                                      const QByteArray &attrs, qint64 mid, int timeoutMs)
{
    if (mid == 0)
        mid = rtm::IdGenerator::global().next();
    return d->enqueue(RtmReply::Kind::Send, rtm::method::SendRoomMsg, QStringLiteral("room %1").arg(rid), mid,
                      timeoutMs, [this, mtype, from, rid, message, attrs, mid](const RequestPtr &req) {
                          d->client->sendRoomMessage(mtype, from, rid, message, attrs, mid, d->sendDone(req), d->options(req));
                      },
                      AuditContent::captured(mtype, message.bytes(), message.isBinary(), attrs));
}

RtmReply *RtmSession::broadcastMessage(int mtype, qint64 from, const rtm::MessageBody &message,
                                       const QByteArray &attrs, qint64 mid, int timeoutMs)
{
    if (mid == 0)
        mid = rtm::IdGenerator::global().next();
    return d->enqueue(RtmReply::Kind::Send, rtm::method::BroadcastMsg, QStringLiteral("broadcast"), mid, timeoutMs,
                      [this, mtype, from, message, attrs, mid](const RequestPtr &req) {
                          d->client->broadcastMessage(mtype, from, message, attrs, mid, d->sendDone(req), d->options(req));
                      },
                      AuditContent::captured(mtype, message.bytes(), message.isBinary(), attrs));
}

// --- history ---

namespace {
rtm::RtmError checkQuery(const rtm::HistoryQuery &query)
{
    if (query.num < 1 || query.num > rtm::limits::MaxHistoryRows)
        return rtm::RtmError::fromCode(rtm::InvalidParameter,
                                       QStringLiteral("num must be 1..%1").arg(rtm::limits::MaxHistoryRows));
    return {};
}
} // namespace

RtmReply *RtmSession::getP2PMessage(qint64 uid, qint64 ouid, const rtm::HistoryQuery &query, int timeoutMs)
{
    const QString target = QStringLiteral("p2p %1↔%2").arg(uid).arg(ouid);
    if (const auto e = checkQuery(query))
        return d->failLater(RtmReply::Kind::History, rtm::method::GetP2PMsg, target, e);
    return d->enqueue(RtmReply::Kind::History, rtm::method::GetP2PMsg, target, 0, timeoutMs,
                      [this, uid, ouid, query](const RequestPtr &req) {
                          d->client->getP2PMessage(uid, ouid, query, d->historyDone(req), d->options(req));
                      });
}

RtmReply *RtmSession::getGroupMessage(qint64 uid, qint64 gid, const rtm::HistoryQuery &query, int timeoutMs)
{
    const QString target = QStringLiteral("group %1 (as %2)").arg(gid).arg(uid);
    if (const auto e = checkQuery(query))
        return d->failLater(RtmReply::Kind::History, rtm::method::GetGroupMsg, target, e);
    return d->enqueue(RtmReply::Kind::History, rtm::method::GetGroupMsg, target, 0, timeoutMs,
                      [this, uid, gid, query](const RequestPtr &req) {
                          d->client->getGroupMessage(uid, gid, query, d->historyDone(req), d->options(req));
                      });
}

RtmReply *RtmSession::getRoomMessage(qint64 uid, qint64 rid, const rtm::HistoryQuery &query, int timeoutMs)
{
    const QString target = QStringLiteral("room %1 (as %2)").arg(rid).arg(uid);
    if (const auto e = checkQuery(query))
        return d->failLater(RtmReply::Kind::History, rtm::method::GetRoomMsg, target, e);
    return d->enqueue(RtmReply::Kind::History, rtm::method::GetRoomMsg, target, 0, timeoutMs,
                      [this, uid, rid, query](const RequestPtr &req) {
                          d->client->getRoomMessage(uid, rid, query, d->historyDone(req), d->options(req));
                      });
}

RtmReply *RtmSession::getBroadcastMessage(qint64 uid, const rtm::HistoryQuery &query, int timeoutMs)
{
    const QString target = QStringLiteral("broadcast (as %1)").arg(uid);
    if (const auto e = checkQuery(query))
        return d->failLater(RtmReply::Kind::History, rtm::method::GetBroadcastMsg, target, e);
    return d->enqueue(RtmReply::Kind::History, rtm::method::GetBroadcastMsg, target, 0, timeoutMs,
                      [this, uid, query](const RequestPtr &req) {
                          d->client->getBroadcastMessage(uid, query, d->historyDone(req), d->options(req));
                      });
}

// --- delete ---

RtmReply *RtmSession::deleteP2PMessage(qint64 mid, qint64 from, qint64 to, int timeoutMs, const AuditContent &content)
{
    return d->enqueue(RtmReply::Kind::Delete, rtm::method::DelMsg,
                      messageTarget(rtm::MessageCategory::P2P, mid, from, to), mid, timeoutMs,
                      [this, mid, from, to](const RequestPtr &req) {
                          d->client->deleteP2PMessage(mid, from, to, d->deleteDone(req), d->options(req));
                      },
                      content);
}

RtmReply *RtmSession::deleteGroupMessage(qint64 mid, qint64 from, qint64 gid, int timeoutMs, const AuditContent &content)
{
    return d->enqueue(RtmReply::Kind::Delete, rtm::method::DelMsg,
                      messageTarget(rtm::MessageCategory::Group, mid, from, gid), mid, timeoutMs,
                      [this, mid, from, gid](const RequestPtr &req) {
                          d->client->deleteGroupMessage(mid, from, gid, d->deleteDone(req), d->options(req));
                      },
                      content);
}

RtmReply *RtmSession::deleteRoomMessage(qint64 mid, qint64 from, qint64 rid, int timeoutMs, const AuditContent &content)
{
    return d->enqueue(RtmReply::Kind::Delete, rtm::method::DelMsg,
                      messageTarget(rtm::MessageCategory::Room, mid, from, rid), mid, timeoutMs,
                      [this, mid, from, rid](const RequestPtr &req) {
                          d->client->deleteRoomMessage(mid, from, rid, d->deleteDone(req), d->options(req));
                      },
                      content);
}

RtmReply *RtmSession::deleteBroadcastMessage(qint64 mid, qint64 from, int timeoutMs, const AuditContent &content)
{
    return d->enqueue(RtmReply::Kind::Delete, rtm::method::DelMsg,
                      messageTarget(rtm::MessageCategory::Broadcast, mid, from, 0), mid, timeoutMs,
                      [this, mid, from](const RequestPtr &req) {
                          d->client->deleteBroadcastMessage(mid, from, d->deleteDone(req), d->options(req));
                      },
                      content);
}

// --- info ---

RtmReply *RtmSession::getP2PMessageInfo(qint64 mid, qint64 from, qint64 to, int timeoutMs)
{
    return d->enqueue(RtmReply::Kind::Info, rtm::method::GetMsg,
                      messageTarget(rtm::MessageCategory::P2P, mid, from, to), 0, timeoutMs,
                      [this, mid, from, to](const RequestPtr &req) {
                          d->client->getP2PMessageInfo(mid, from, to, d->infoDone(req), d->options(req));
                      });
}

RtmReply *RtmSession::getGroupMessageInfo(qint64 mid, qint64 from, qint64 gid, int timeoutMs)
{
    return d->enqueue(RtmReply::Kind::Info, rtm::method::GetMsg,
                      messageTarget(rtm::MessageCategory::Group, mid, from, gid), 0, timeoutMs,
                      [this, mid, from, gid](const RequestPtr &req) {
                          d->client->getGroupMessageInfo(mid, from, gid, d->infoDone(req), d->options(req));
                      });
}

RtmReply *RtmSession::getRoomMessageInfo(qint64 mid, qint64 from, qint64 rid, int timeoutMs)
{
    return d->enqueue(RtmReply::Kind::Info, rtm::method::GetMsg,
                      messageTarget(rtm::MessageCategory::Room, mid, from, rid), 0, timeoutMs,
                      [this, mid, from, rid](const RequestPtr &req) {
                          d->client->getRoomMessageInfo(mid, from, rid, d->infoDone(req), d->options(req));
                      });
}

RtmReply *RtmSession::getBroadcastMessageInfo(qint64 mid, qint64 from, int timeoutMs)
{
    return d->enqueue(RtmReply::Kind::Info, rtm::method::GetMsg,
                      messageTarget(rtm::MessageCategory::Broadcast, mid, from, 0), 0, timeoutMs,
                      [this, mid, from](const RequestPtr &req) {
                          d->client->getBroadcastMessageInfo(mid, from, d->infoDone(req), d->options(req));
                      });
}

// --- count ---

RtmReply *RtmSession::getMessageNum(rtm::MessageCategory type, qint64 xid, const QList<int> &mtypes, qint64 begin,
                                    qint64 end, int timeoutMs)
{
    return d->enqueue(RtmReply::Kind::Count, rtm::method::GetMsgNum,
                      QStringLiteral("%1 %2").arg(rtm::categoryLogName(int(type))).arg(xid), 0, timeoutMs,
                      [this, type, xid, mtypes, begin, end](const RequestPtr &req) {
                          d->client->getMessageNum(type, xid, mtypes, begin, end, d->countDone(req), d->options(req));
                      });
}

// --- by category ---

RtmReply *RtmSession::getHistory(rtm::MessageCategory category, qint64 uid, qint64 target,
                                 const rtm::HistoryQuery &query, int timeoutMs)
{
    switch (category) {
    case rtm::MessageCategory::P2P: return getP2PMessage(uid, target, query, timeoutMs);
    case rtm::MessageCategory::Group: return getGroupMessage(uid, target, query, timeoutMs);
    case rtm::MessageCategory::Room: return getRoomMessage(uid, target, query, timeoutMs);
    case rtm::MessageCategory::Broadcast: return getBroadcastMessage(uid, query, timeoutMs);
    }
    return d->failLater(RtmReply::Kind::History, "gethistory", QStringLiteral("type %1").arg(int(category)),
                        RtmError::fromCode(rtm::InvalidParameter, QStringLiteral("unknown message category")));
}

RtmReply *RtmSession::deleteMessage(rtm::MessageCategory category, qint64 mid, qint64 from, qint64 target,
                                    int timeoutMs, const AuditContent &content)
{
    switch (category) {
    case rtm::MessageCategory::P2P: return deleteP2PMessage(mid, from, target, timeoutMs, content);
    case rtm::MessageCategory::Group: return deleteGroupMessage(mid, from, target, timeoutMs, content);
    case rtm::MessageCategory::Room: return deleteRoomMessage(mid, from, target, timeoutMs, content);
    case rtm::MessageCategory::Broadcast: return deleteBroadcastMessage(mid, from, timeoutMs, content);
    }
    return d->failLater(RtmReply::Kind::Delete, rtm::method::DelMsg, QStringLiteral("type %1").arg(int(category)),
                        RtmError::fromCode(rtm::InvalidParameter, QStringLiteral("unknown message category")));
}

RtmReply *RtmSession::getMessageInfo(rtm::MessageCategory category, qint64 mid, qint64 from, qint64 target,
                                     int timeoutMs)
{
    switch (category) {
    case rtm::MessageCategory::P2P: return getP2PMessageInfo(mid, from, target, timeoutMs);
    case rtm::MessageCategory::Group: return getGroupMessageInfo(mid, from, target, timeoutMs);
    case rtm::MessageCategory::Room: return getRoomMessageInfo(mid, from, target, timeoutMs);
    case rtm::MessageCategory::Broadcast: return getBroadcastMessageInfo(mid, from, timeoutMs);
    }
    return d->failLater(RtmReply::Kind::Info, rtm::method::GetMsg, QStringLiteral("type %1").arg(int(category)),
                        RtmError::fromCode(rtm::InvalidParameter, QStringLiteral("unknown message category")));
}

// --- probe ---

RtmReply *RtmSession::checkConnection(int timeoutMs)
{
    // A P2P message from a user to that same user cannot exist (sending to oneself is
    // refused with 200052), so getmsg of mid 1 from uid 1 to uid 1 must answer 200070
    // (message not found, protocol.md 7.7) once pid, sign and clock are accepted.
    return d->enqueue(RtmReply::Kind::Probe, rtm::method::GetMsg, QStringLiteral("connection check"), 0, timeoutMs,
                      [this](const RequestPtr &req) {
                          d->client->getP2PMessageInfo(
                              1, 1, 1,
                              [this, req](const RtmError &e, const rtm::MessageInfo &) {
                                  const RtmError err = e.code == rtm::MessageNotFound ? RtmError() : e;
                                  d->complete(req, err, [](RtmReply *reply) { reply->finishProbe(); });
                              },
                              d->options(req));
                      });
}

} // namespace service
