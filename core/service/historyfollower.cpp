#include "historyfollower.h"

#include <algorithm>
#include <utility>

#include <QLoggingCategory>

#include "historycursor.h"
#include "rtmreply.h"
#include "rtmsession.h"

Q_LOGGING_CATEGORY(lcFollow, "rtm.service.follow")

namespace service {

HistoryFollower::HistoryFollower(RtmSession *session, const HistoryTarget &target, qint64 newestKnownId,
                                 QObject *parent)
    : QObject(parent), m_session(session), m_target(target), m_newestId(std::max<qint64>(0, newestKnownId)),
      m_clock([] { return QDateTime::currentDateTime(); }), m_timer(new QTimer(this))
{
    m_timer->setObjectName(QStringLiteral("followPollTimer"));
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &HistoryFollower::pollNow);
    if (session)
        connect(session, &QObject::destroyed, this, &HistoryFollower::onSessionGone);
}

HistoryFollower::~HistoryFollower()
{
    m_stopped = true;
    if (QPointer<RtmReply> reply = std::exchange(m_inFlight, nullptr))
        reply->abort();   // its answer is no longer ours (the guard sees m_inFlight changed)
}

QString HistoryFollower::unsupportedReason(const HistoryTarget &target)
{
    if (target.end != 0)
        return tr("Following needs the query to reach now: clear the pinned “To” time.");
    return {};
}

void HistoryFollower::setIntervalMs(int ms)
{
    m_intervalMs = std::max(1, ms);
    if (m_errors == 0)
        m_delayMs = m_intervalMs;
    if (m_timer->isActive())
        m_timer->start(m_delayMs);
}

void HistoryFollower::setMaxBackoffMs(int ms)
{
    m_maxBackoffMs = std::max(1, ms);
    m_delayMs = std::min(m_delayMs, std::max(m_maxBackoffMs, m_intervalMs));
}

void HistoryFollower::setClock(std::function<QDateTime()> clock)
{
    m_clock = std::move(clock);
}

void HistoryFollower::start()
{
    if (m_running || m_stopped)
        return;
    if (!m_session) {
        stop(StopReason::SessionGone, tr("Not connected."));
        return;
    }
    if (const QString why = unsupportedReason(m_target); !why.isEmpty()) {
        stop(StopReason::Fatal, why);
        return;
    }
    m_running = true;
    m_delayMs = m_intervalMs;
    qCDebug(lcFollow) << "following" << m_target.describe() << "after id" << m_newestId;
    pollNow();
}

void HistoryFollower::setHeld(bool held)
{
    if (m_held == held)
        return;
    m_held = held;
    if (!held && std::exchange(m_pollWhenReleased, false))
        pollNow();
}

void HistoryFollower::pollNow()
{
    if (!m_running || m_inFlight)
        return;   // one request at a time; the answer schedules the next poll
    if (m_held) {
        m_timer->stop();
        m_pollWhenReleased = true;
        return;
    }
    m_timer->stop();
    m_run.clear();
    requestPage(0, m_target.begin, 0);
}

void HistoryFollower::requestPage(qint64 lastId, qint64 begin, qint64 end)
{
    if (!m_session) {
        onSessionGone();
        return;
    }
    rtm::HistoryQuery q;
    q.desc = true;   // the newest rows first, whatever order the table shows
    q.num = rtm::limits::MaxHistoryRows;
    q.begin = begin;
    q.end = end;
    q.lastId = lastId;
    q.mtypes = m_target.mtypes;
    m_pageLastId = lastId;
    RtmReply *reply = m_session->getHistory(m_target.category, m_target.uid, m_target.target, q);
    m_inFlight = reply;
    emit pageRequested(lastId);
    QPointer<RtmReply> guard(reply);
    const auto answered = [this, guard] {
        if (guard && guard == m_inFlight)
            onAnswer(guard);
    };
    if (reply->isFinished())
        QMetaObject::invokeMethod(this, answered, Qt::QueuedConnection);
    else
        connect(reply, &RtmReply::finished, this, answered);
}

void HistoryFollower::onAnswer(RtmReply *reply)
{
    m_inFlight = nullptr;
    if (m_stopped)
        return;
    if (!m_session) {
        onSessionGone();
        return;
    }
    if (!reply->ok()) {
        fail(reply->error());
        return;
    }
    const rtm::HistoryPage &page = reply->historyPage();
    const int raw = std::max(page.count, int(page.messages.size()));
    bool reachedKnown = raw < rtm::limits::MaxHistoryRows;   // a short page: the conversation's start
    for (const rtm::HistoryMessage &m : page.messages) {
        if (m.cursorId <= m_newestId) {
            reachedKnown = true;
            break;
        }
        // Strictly older than the row before (pages are newest first): a repeat is never taken twice.
        if (m_run.empty() || m.cursorId < m_run.back().cursorId)
            m_run.push_back(m);
    }
    if (reachedKnown) {
        finishRun();
        return;
    }
    // A whole page of new rows: more may lie between it and the rows we know.
    if (const rtm::RtmError stuck = checkCursorAdvanced(true, m_pageLastId, page.lastCursorId)) {
        fail(stuck);
        return;
    }
    qCDebug(lcFollow) << "paging back from id" << page.lastCursorId << "for" << m_target.describe();
    requestPage(page.lastCursorId, page.beginMsec, page.endMsec);
}

void HistoryFollower::finishRun()
{
    std::vector<rtm::HistoryMessage> rows = std::exchange(m_run, {});
    if (!rows.empty())
        m_newestId = rows.front().cursorId;
    if (!m_target.desc)
        std::reverse(rows.begin(), rows.end());
    m_lastError = {};
    m_errors = 0;
    m_delayMs = m_intervalMs;
    m_lastCheck = m_clock();
    const int added = int(rows.size());
    if (added > 0)
        emit messagesArrived(rows);
    if (m_stopped)
        return;   // a receiver stopped us
    emit checked(m_lastCheck, added);
    schedule();
}

void HistoryFollower::fail(const rtm::RtmError &error)
{
    m_run.clear();   // read again from the newest page: nothing half-reported
    m_lastError = error;
    if (isFatal(error)) {
        stop(StopReason::Fatal, tr("%1 — %2").arg(error.name, error.message));
        return;
    }
    ++m_errors;
    // Each error in a row doubles the wait, up to the cap.
    m_delayMs = int(std::min<qint64>(qint64(m_delayMs) * 2, std::max(m_maxBackoffMs, m_intervalMs)));
    qCInfo(lcFollow) << "poll failed:" << error.name << "- next try in" << m_delayMs << "ms";
    emit errorOccurred(error, m_delayMs);
    if (!m_stopped)
        schedule();
}

void HistoryFollower::schedule()
{
    if (m_running && !m_stopped)
        m_timer->start(m_delayMs);
}

void HistoryFollower::stop(StopReason reason, const QString &why)
{
    if (m_stopped)
        return;
    m_stopped = true;
    m_running = false;
    m_timer->stop();
    m_run.clear();
    m_stopReason = reason;
    m_stopText = why;
    if (m_inFlight) {
        QPointer<RtmReply> reply = std::exchange(m_inFlight, nullptr);
        reply->abort();
    }
    qCDebug(lcFollow) << "stopped following" << m_target.describe() << reason << why;
    emit stopped(reason, why);
}

void HistoryFollower::onSessionGone()
{
    stop(StopReason::SessionGone, tr("The connection was closed."));
}

bool HistoryFollower::isFatal(const rtm::RtmError &error)
{
    switch (error.code) {
    case 200001:   // invalid pid or uid
    case 200002:   // invalid pid or bad signature (secret)
    case 200008:   // the local clock is off
    case 200020:   // method forbidden
    case 200021:   // permission denied
    case rtm::CursorNotAdvancing:
    case rtm::EncryptionKeyUnusable:
        return true;
    default:
        return false;
    }
}

} // namespace service
