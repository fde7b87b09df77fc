#pragma once

// Follow mode of one history tab: the "Following" toggle (toolbar button, Ctrl+Shift+L),
// its status text ("Following · checked 14:03:07 · 3 new") and the HistoryFollower that
// polls the open conversation and adds its new rows to the table.
//
// - Rows are inserted at the newest edge without a reset: selection, current row, filter
//   and scroll position stay. The table stays at the newest edge only if it was there;
//   otherwise the rows on screen stay on screen.
// - Rows that arrived while following are tinted (FreshRowDelegate) until the user makes
//   one current or selects it, or highlightMs() passes.
// - Following needs the newest rows in the table first (desc: the first page; asc: the
//   last one) and waits for them; a pinned "To" time cannot be followed.
// - Load all: polls pause while it runs and catch up when it ends (nothing is missed: the
//   follower pages back to the newest row it knew).
// - It stops, saying why, on a fatal error, a new connection (setSession()), a different
//   query, an edit of the conversation fields (queryEdited()), or the toggle. Reload of the
//   same query keeps following, from the reloaded rows.
// - Preferences (QSettings): history/followIntervalMs (default 2000),
//   history/followHighlightMs (default 30000).

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QPointer>

#include "rtm/rtmerror.h"
#include "service/historyfollower.h"
#include "service/historymodel.h"

class QAction;
class QLabel;
class QTableView;
class QTimer;

namespace service {
class RtmSession;
}

namespace ui {

class FollowControl : public QObject {
    Q_OBJECT
public:
    static constexpr int DefaultHighlightMs = 30000;

    FollowControl(service::HistoryModel *model, QTableView *table, QWidget *parent);
    ~FollowControl() override;

    QAction *action() const { return m_action; }      // "actionFollow", checkable
    QLabel *statusLabel() const { return m_status; }  // "followStatus"

    // A different session (another connection, or none) ends following.
    void setSession(service::RtmSession *session);
    bool isFollowing() const { return m_wanted; }
    bool isFresh(qint64 cursorId) const { return m_fresh.contains(cursorId); }
    int highlightMs() const { return m_highlightMs; }
    void setHighlightMs(int ms);

public Q_SLOTS:
    void setFollowing(bool on);
    // The user edited the conversation fields: what the table shows is no longer what the
    // form names.
    void queryEdited();

Q_SIGNALS:
    void statusMessage(const QString &text);

private:
    void tryStart();
    void stopWith(const QString &why);
    void dropFollower();
    void onModelReset();
    void onArrived(const std::vector<rtm::HistoryMessage> &rows);
    void onStopped(service::HistoryFollower::StopReason reason, const QString &why);
    void updateHold();
    void updateStatus();
    void forget(qint64 cursorId);
    void expireFresh();
    QString timeText(const QDateTime &t) const;

    service::HistoryModel *m_model;
    QTableView *m_table;
    QPointer<service::RtmSession> m_session;
    QAction *m_action;
    QLabel *m_status;
    QPointer<service::HistoryFollower> m_follower;
    bool m_wanted = false;                 // the toggle is on
    service::HistoryTarget m_followed;     // the query being followed
    int m_newRows = 0;                     // rows added since the toggle went on
    rtm::RtmError m_error;                 // of the last poll, none after a good one
    int m_retryMs = 0;
    QString m_stopText;                    // why following ended, shown until toggled again

    // Tinted rows: cursor id -> when the tint ends (m_clock ms).
    QHash<qint64, qint64> m_fresh;
    int m_highlightMs = DefaultHighlightMs;
    QElapsedTimer m_clock;
    QTimer *m_expire;
};

} // namespace ui
