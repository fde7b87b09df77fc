#pragma once

// Follow mode: keeps asking one conversation for its newest page and reports the rows that
// are newer than the newest one seen, in the order the table shows them.
//
// - One poll = the newest page (desc, end = now, the query's begin and mtypes) through
//   RtmSession::getHistory, so the session's pacer and 200010 handling apply. Rows with a
//   cursor id above the newest known one are new (ids grow in store order, protocol.md 4.3;
//   mtimes may repeat, ids never do). A full page of new rows means more may have arrived
//   than a page holds: the follower pages back (lastid/begin/end of the answer) until a row
//   it knows, or the end of the conversation, and only then reports the whole run, so
//   nothing is skipped and nothing reported twice. A run cut off by an error is dropped and
//   read again from the newest page on the next poll.
// - At most one request is in flight; the next poll is scheduled intervalMs() after the
//   previous answer (pollNow() asks at once, and is ignored while a poll runs).
// - Errors: reported (errorOccurred) and retried after a doubled delay, up to
//   maxBackoffMs(); the first good answer goes back to intervalMs(). Errors that waiting
//   cannot fix (wrong pid/secret/clock, a method the project may not call, unusable
//   encryption settings, a server cursor that does not move) stop following, as does the
//   session going away; stopped() says why.
// - setHeld(true) defers polls (the table is busy with Load all); releasing polls at once.
//   Nothing is missed meanwhile: the next poll pages back to the newest known row.
// - Timing is injectable: setIntervalMs()/setMaxBackoffMs(), pollNow(), setClock().

#include <functional>
#include <vector>

#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include "historymodel.h"
#include "rtm/rtmerror.h"
#include "rtm/rtmtypes.h"

namespace service {

class RtmReply;
class RtmSession;

class HistoryFollower : public QObject {
    Q_OBJECT
public:
    enum class StopReason { User, SessionGone, ConnectionChanged, QueryChanged, Fatal };
    Q_ENUM(StopReason)

    static constexpr int DefaultIntervalMs = 2000;
    static constexpr int DefaultMaxBackoffMs = 60000;

    // `target`: the conversation and query of the table (end must be 0, "now"); `newestKnownId`:
    // the newest cursor id the table holds (0 = none: the conversation was empty).
    HistoryFollower(RtmSession *session, const HistoryTarget &target, qint64 newestKnownId,
                    QObject *parent = nullptr);
    ~HistoryFollower() override;

    // Why a table cannot be followed, or "" when it can (the query must reach "now").
    static QString unsupportedReason(const HistoryTarget &target);

    RtmSession *session() const { return m_session; }
    const HistoryTarget &target() const { return m_target; }
    qint64 newestKnownId() const { return m_newestId; }

    void setIntervalMs(int ms);
    int intervalMs() const { return m_intervalMs; }
    void setMaxBackoffMs(int ms);
    int maxBackoffMs() const { return m_maxBackoffMs; }
    // The delay before the next poll: intervalMs(), or the back-off after errors.
    int currentDelayMs() const { return m_delayMs; }
    // Time source of lastCheck() (tests pin it).
    void setClock(std::function<QDateTime()> clock);

    // Starts polling (the first poll at once). Ignored after stop().
    void start();
    bool isRunning() const { return m_running; }
    bool isPolling() const { return m_inFlight != nullptr; }
    void setHeld(bool held);
    bool isHeld() const { return m_held; }

    QDateTime lastCheck() const { return m_lastCheck; }   // invalid before the first answer
    rtm::RtmError lastError() const { return m_lastError; } // none after a good answer
    int consecutiveErrors() const { return m_errors; }
    StopReason stopReason() const { return m_stopReason; }
    QString stopText() const { return m_stopText; }

    // Whether waiting and asking again cannot help with this error.
    static bool isFatal(const rtm::RtmError &error);

public Q_SLOTS:
    // Polls now unless a poll is running, the follower is held or stopped.
    void pollNow();
    // Stops for good; emits stopped() once.
    void stop(service::HistoryFollower::StopReason reason, const QString &why = {});

Q_SIGNALS:
    // New rows, newest first when the target is desc, oldest first otherwise.
    void messagesArrived(const std::vector<rtm::HistoryMessage> &rows);
    // After every answered poll (rows: how many were new).
    void checked(const QDateTime &at, int newRows);
    // A failed poll; the next try comes after retryInMs.
    void errorOccurred(const rtm::RtmError &error, int retryInMs);
    // Every request as it is sent (lastId 0 = the newest page).
    void pageRequested(qint64 lastId);
    void stopped(service::HistoryFollower::StopReason reason, const QString &why);

private:
    void requestPage(qint64 lastId, qint64 begin, qint64 end);
    void onAnswer(RtmReply *reply);
    void finishRun();
    void fail(const rtm::RtmError &error);
    void schedule();
    void onSessionGone();

    QPointer<RtmSession> m_session;
    HistoryTarget m_target;
    qint64 m_newestId = 0;
    int m_intervalMs = DefaultIntervalMs;
    int m_maxBackoffMs = DefaultMaxBackoffMs;
    int m_delayMs = DefaultIntervalMs;
    std::function<QDateTime()> m_clock;
    QTimer *m_timer;   // child "followPollTimer": the next poll
    QPointer<RtmReply> m_inFlight;
    qint64 m_pageLastId = 0;            // lastid asked for by the request in flight
    std::vector<rtm::HistoryMessage> m_run;   // new rows of this poll so far, newest first
    bool m_running = false;
    bool m_stopped = false;
    bool m_held = false;
    bool m_pollWhenReleased = false;
    QDateTime m_lastCheck;
    rtm::RtmError m_lastError;
    int m_errors = 0;
    StopReason m_stopReason = StopReason::User;
    QString m_stopText;
};

} // namespace service
