#pragma once

// A table of one conversation's history that loads page by page (canFetchMore/fetchMore),
// over RtmSession::getHistory. No QtWidgets here: the console's HistoryView and the tests
// use it the same way.
//
// Paging rules (style.md, protocol.md 4.3):
// - canFetchMore() is true when more pages exist, none is in flight, no parallel Load all
//   runs and the last page did not fail; fetchMore() does nothing otherwise.
// - One beginInsertRows/endInsertRows per page fetched by the view. The pages of "Load all"
//   (sequential or from ParallelHistoryLoader) come back to back and are batched instead
//   (queueMessages()): one insert, footer and progress update per coalesceMs, so the table
//   lays out ~10 times a second, not per page.
// - A generation counter drops any answer that arrives after the query changed.
// - When every row of a page is hidden (deleted rows while showDeleted is off) the model
//   asks for the next page itself, so the view never stalls on an empty page.
// - A full page whose lastid does not move strictly in the paging direction fails with
//   CursorNotAdvancing (historycursor.h) instead of paging forever; its rows are dropped.
// - "Load all" pages one after the other, or, with setParallelLoadAll(true) (the console),
//   through a ParallelHistoryLoader from where the loaded rows end: its batches arrive in
//   order and are appended like pages. On an error the rows so far stay (an exact prefix)
//   and retry() goes on sequentially from the last of them; cancelling drops what was in
//   flight.

#include <deque>
#include <vector>

#include <QAbstractTableModel>
#include <QPointer>
#include <QTimer>

#include "rtm/rtmerror.h"
#include "rtm/rtmtypes.h"
#include "rtm/rtmwire.h"
#include "loadallprogress.h"
#include "parallelhistoryloader.h"
#include "rtmreply.h"
#include "rtmsession.h"

namespace service {

class RtmSession;
class RtmReply;

// Which conversation and which rows: the history call's target plus the page parameters.
struct HistoryTarget {
    rtm::MessageCategory category = rtm::MessageCategory::Group;
    qint64 uid = 0;         // the reader (P2P: one side)
    qint64 target = 0;      // ouid / gid / rid; 0 for broadcast
    bool desc = true;       // newest first
    int pageSize = 20;      // 1..20
    qint64 begin = 0;       // ms, 0 = no lower bound
    qint64 end = 0;         // ms, 0 = now
    QList<int> mtypes;      // empty = all
    bool showDeleted = false;

    bool operator==(const HistoryTarget &) const = default;
    QString describe() const;   // "group 42 (uid 1001)"
};

class HistoryModel : public QAbstractTableModel {
    Q_OBJECT
    Q_PROPERTY(bool loading READ isLoading NOTIFY loadingChanged)
public:
    enum Column { TimeColumn, FromColumn, ToColumn, MtypeColumn, MidColumn, MessageColumn,
                  AttrsColumn, CursorColumn, StatusColumn, ColumnCount };
    Q_ENUM(Column)

    // Per-row state beyond what the server said.
    // DeleteUnknown: the delete was sent and cut off (20002/20003/aborted), it may or may
    // not have happened; StillPresent: a check by mid found it still there.
    enum class RowState { Normal, Deleted, DeleteFailed, DeleteUnknown, StillPresent };
    Q_ENUM(RowState)

    enum Role {
        SortRole = Qt::UserRole + 1,   // raw value of the cell (numbers as qint64)
        StateRole,                     // RowState as int
        DeletedRole,                   // bool
        ErrorNameRole,                 // QString, for DeleteFailed and DeleteUnknown
        SearchTextRole                 // full message text for local filtering
    };

    explicit HistoryModel(QObject *parent = nullptr);
    ~HistoryModel() override;

    void setSession(RtmSession *session);
    RtmSession *session() const;

    // Changing the target clears the rows, forgets any page in flight and starts again
    // (no request is sent until fetchMore()/reload()).
    void setTarget(const HistoryTarget &target);
    HistoryTarget target() const { return m_target; }
    bool hasTarget() const { return m_hasTarget; }

    // Clear and ask for the first page.
    void reload();
    // After a failed page: try the same page again.
    void retry();

    // Show times in UTC instead of local time (display only).
    void setUtc(bool utc);
    bool isUtc() const { return m_utc; }

    // --- QAbstractItemModel ---
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

    // --- state ---
    bool isLoading() const { return m_inFlight != nullptr || m_loader != nullptr; }
    bool isAtEnd() const { return m_atEnd; }
    bool hasFailed() const { return m_lastError.isError(); }
    rtm::RtmError lastError() const { return m_lastError; }
    int pagesLoaded() const { return m_pagesLoaded; }
    int hiddenCount() const { return m_hidden; }     // deleted rows skipped (showDeleted off)
    QString footerText() const;                      // "N loaded, more available" / "all N loaded"

    // Keep fetching pages until the end, an error, or cancelLoadAll(). For groups and rooms
    // it also asks getmsgnum how many messages the query covers (the progress total).
    // Cancelled or failed, the rows loaded so far stay and the table is marked partial.
    void loadAll();
    void cancelLoadAll();
    bool isLoadingAll() const { return m_loadingAll; }
    // Load all with several pages in flight (ParallelHistoryLoader) instead of one; default off.
    void setParallelLoadAll(bool on) { m_parallelLoadAll = on; }
    bool parallelLoadAll() const { return m_parallelLoadAll; }
    // The loader of a running parallel Load all (progress, windows), else nullptr.
    ParallelHistoryLoader *parallelLoader() const { return m_loader; }

    bool isPartial() const { return m_partial; }
    // Messages so far (deleted ones not counted, as getmsgnum does not), pages, total and
    // ETA of the running or last Load all; loadAllProgressChanged() follows the batches.
    const LoadAllProgress &loadAllProgress() const { return m_progress; }
    // The clock of the ETA (tests); milliseconds.
    void setProgressClock(LoadAllProgress::Clock clock);

    // --- batching ---
    // Rows that arrive back to back are held and inserted together, at most once per
    // coalesceMs. 0: insert at once; < 0: only on flushQueued() and when Load all ends
    // (tests drive the batches that way).
    static constexpr int DefaultCoalesceMs = 100;
    void setCoalesceMs(int ms);
    int coalesceMs() const { return m_coalesceMs; }
    // Rows for the end of the table, after everything queued before. Hidden rows (deleted
    // while showDeleted is off) are counted and dropped here. Whatever delivers rows in
    // table order can feed this: the pages of Load all do.
    void queueMessages(std::vector<rtm::HistoryMessage> messages);
    // Inserts what is queued, in one beginInsertRows, and reports status and progress.
    void flushQueued();
    int queuedCount() const { return int(m_queued.size()); }

    // --- rows ---
    const rtm::HistoryMessage &message(int row) const;
    RowState rowState(int row) const;
    QString rowError(int row) const;
    int rowForCursor(qint64 cursorId) const;         // -1 when not loaded
    int rowForMessage(qint64 from, qint64 to, qint64 mid) const;

    // Rows as if a page had arrived, without asking a server (benchmarks and tests that need
    // many rows; deleted rows are added like any other).
    void appendMessages(std::vector<rtm::HistoryMessage> messages);

    // --- Follow mode (historyfollower.h) ---
    // The newest cursor id of the query once the table holds its newest edge (desc: after
    // the first page; asc: at the end), counting hidden rows; 0 when the conversation had
    // none; -1 while the newest edge is not loaded yet.
    qint64 newestCursorId() const;
    // Rows newer than every row so far, in table order (desc: newest first, inserted above
    // row 0; asc: after the last row), without a reset. Rows at or below newestCursorId()
    // are dropped, so a row is never in the table twice; deleted ones are hidden as in pages.
    void insertNewest(std::vector<rtm::HistoryMessage> messages);

    // After the server confirmed a delete: the row leaves the table, or shows "deleted"
    // when deleted rows are shown.
    void markDeleted(int row);
    // A delete failed: the row stays, marked with the error name.
    void markDeleteFailed(int row, const rtm::RtmError &error);
    // A delete whose outcome is unknown ("unknown — check by mid"), and one that a check by
    // mid found still present: the row stays, marked.
    void markDeleteUnknown(int row, const rtm::RtmError &error);
    void markStillPresent(int row);

    // Text helpers shared with exports and the clipboard.
    QString timeText(qint64 msec) const;
    static QString oneLineMessage(const rtm::HistoryMessage &m, int maxChars = 300);
    static QString fullMessageText(const rtm::HistoryMessage &m);
    static QString sizeText(qint64 bytes);

Q_SIGNALS:
    void loadingChanged(bool loading);
    void pageLoaded(int rowsAdded, bool atEnd);
    void errorOccurred(const rtm::RtmError &error);
    void statusChanged();                 // footer text, counts
    void loadAllFinished(bool completed); // false when cancelled or failed
    void loadAllProgressChanged();

private:
    struct Row {
        rtm::HistoryMessage message;
        RowState state = RowState::Normal;
        QString errorName;
        QString errorMeaning;
    };
    void clearRows();
    void onPage(RtmReply *reply, quint64 generation);
    void failPage(const rtm::RtmError &error);
    void continueLoadAll();
    void startParallelLoad();
    void stopParallelLoad();
    void onLoadedRows(const std::vector<rtm::HistoryMessage> &rows);
    void onParallelLoadFinished(const rtm::RtmError &error);
    void insertRowsNow(std::vector<Row> rows);
    std::vector<Row> takeVisible(std::vector<rtm::HistoryMessage> messages);
    void scheduleFlush();
    void notifyStatus();
    void reportLoading();
    void requestTotal();
    void endLoadAll(bool completed);
    bool rowVisible(const rtm::HistoryMessage &m) const;
    QVariant displayText(const Row &row, int column) const;
    QVariant sortValue(const Row &row, int column) const;

    QPointer<RtmSession> m_session;
    HistoryTarget m_target;
    bool m_hasTarget = false;
    // A deque: growing to 100k rows never moves the rows already there (a vector's
    // reallocation at 65,536 rows held the GUI thread for tens of milliseconds).
    std::deque<Row> m_rows;
    quint64 m_generation = 0;
    QPointer<RtmReply> m_inFlight;
    qint64 m_cursorLastId = 0;
    qint64 m_cursorBegin = 0;
    qint64 m_cursorEnd = 0;
    qint64 m_cursorMtime = 0;            // mtime of the row m_cursorLastId, 0 = unknown
    QPointer<ParallelHistoryLoader> m_loader;
    bool m_parallelLoadAll = false;
    int m_pagesBeforeLoader = 0;
    bool m_atEnd = false;
    bool m_loadingAll = false;
    bool m_utc = false;
    int m_pagesLoaded = 0;
    int m_hidden = 0;
    qint64 m_liveReceived = 0;      // messages received that are not deleted
    qint64 m_maxSeenId = 0;         // largest cursor id received, hidden rows included
    rtm::RtmError m_lastError;
    bool m_reportedLoading = false; // what loadingChanged() last said
    bool m_partial = false;

    // Batching: rows held back until the next flush, and whether status and progress
    // changed since the last one.
    std::vector<Row> m_queued;
    int m_coalesceMs = DefaultCoalesceMs;
    QTimer m_flushTimer;
    bool m_statusDirty = false;
    LoadAllProgress m_progress;
    QPointer<RtmReply> m_totalReply;
};

} // namespace service
