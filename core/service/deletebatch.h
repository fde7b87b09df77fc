#pragma once

// Deleting many messages through an RtmSession: at most inFlightLimit() deletes outstanding
// at once — maxInFlight() (default 4), widened for a paced session to what keeps its pacer
// busy: rate × (round trip + 100 ms) + 2, so that the pace, not the wait for answers or
// audit lines, sets the speed (at 95/s and 50 ms that is 16) — one itemFinished() per item
// that was started, progress(done, total) after each, and finished() once at the end.
// cancel() starts nothing new; deletes already sent still finish and are reported, then
// finished() follows. Every delete is written to the audit log by the session (attempt
// and outcome lines). Signals are never emitted inside start() or cancel().
//
// An item that was sent and then ended with 20002 (connection closed), 20003 (timeout) or
// 20015 (aborted) may or may not have been deleted: it counts as unknown (itemUnknown(),
// unknownCount(); the audit log says "unknown — check by mid"), not as failed.

#include <QList>
#include <QObject>
#include <QPointer>

#include "auditcontent.h"
#include "rtm/rtmerror.h"
#include "rtm/rtmwire.h"

namespace service {

class RtmSession;
class RtmReply;

// What identifies a stored message (protocol.md 4.4): category, sender, target (peer uid
// for P2P, gid, rid, 0 for broadcast) and mid; `content` is what the caller read before
// deleting it, for the audit line.
struct MessageRef {
    rtm::MessageCategory category = rtm::MessageCategory::P2P;
    qint64 from = 0;
    qint64 target = 0;
    qint64 mid = 0;
    AuditContent content = {};
};

class DeleteBatch : public QObject {
    Q_OBJECT
public:
    DeleteBatch(RtmSession *session, const QList<MessageRef> &items, QObject *parent = nullptr);
    ~DeleteBatch() override;   // aborts deletes still in flight (their outcome: unknown)

    int maxInFlight() const { return m_maxInFlight; }
    void setMaxInFlight(int n);           // before start(); at least 1
    int inFlightLimit() const;            // maxInFlight(), or more for a paced session
    int timeoutMs() const { return m_timeoutMs; }
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }   // 0 = the session default

    const QList<MessageRef> &items() const { return m_items; }
    int total() const { return int(m_items.size()); }
    int doneCount() const { return m_done; }
    int failedCount() const { return m_failed; }     // definite failures; unknown ones excluded
    int unknownCount() const { return m_unknown; }
    int deletedCount() const { return m_done - m_failed - m_unknown; }
    int startedCount() const { return m_next; }
    int inFlightCount() const { return m_inFlight; }
    bool isRunning() const { return m_started && !m_finished; }
    bool isCancelled() const { return m_cancelled; }
    bool isFinished() const { return m_finished; }
    // Result of item i: none() when it succeeded; 20015 for items never started after cancel().
    rtm::RtmError itemError(int index) const { return m_errors.value(index); }
    bool itemDone(int index) const { return m_itemDone.value(index); }
    // Sent, then cut off: the server may or may not have deleted it (check by mid).
    bool itemUnknown(int index) const;
    static bool errorLeavesOutcomeUnknown(const rtm::RtmError &error);

public Q_SLOTS:
    void start();
    void cancel();

Q_SIGNALS:
    void itemFinished(int index, const rtm::RtmError &error);
    void progress(int done, int total);
    void finished();

private:
    void fill();
    void onItemFinished(int index, RtmReply *reply);
    void finishIfDone();

    QPointer<RtmSession> m_session;
    QList<MessageRef> m_items;
    QList<rtm::RtmError> m_errors;
    QList<bool> m_itemDone;
    QList<QPointer<RtmReply>> m_replies;
    int m_maxInFlight = 4;
    int m_timeoutMs = 0;
    int m_next = 0;
    int m_inFlight = 0;
    int m_done = 0;
    int m_failed = 0;
    int m_unknown = 0;
    bool m_started = false;
    bool m_cancelled = false;
    bool m_finished = false;
};

} // namespace service
