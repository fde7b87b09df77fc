#pragma once

// Reads every row of one conversation's history ("Load all", `rtmctl --all`) with several
// pages in flight at once, and hands the rows over in the requested order, each exactly once.
//
// How (protocol.md 4.3; rules of a window in historywindow.h):
// - The range [begin, end] is read as time windows, each paged on its own with lastid.
//   The first window is the whole range; its first page gives the density (rows per ms).
//   From then on a window estimated to hold more than pagesPerWindow pages gets its front
//   cut off at that size (the rest stays one window behind it), so windows are read in
//   order of their position, at most concurrency() pages in flight. A window that turns
//   out dense is cut again after its next page; when slots are free and nothing else is
//   waiting, a window is halved, so parallelism lasts to the end. Windows are split only
//   between their pages, never while one is in flight.
// - Open bounds: `end` 0 (desc) or `begin` 0 (asc) stays open for the first window's first
//   page, whose first row fixes it; for the far bound one num=1 page in the other order
//   (and, for groups and rooms, getmsgnum) is asked at the start. Both only size the
//   windows: queries keep the open bound, so the result never depends on them.
// - Order: the first window delivers each page as it arrives; later windows keep their
//   rows until every window before them is done (rowsReady() in order, in batches).
//   While more than maxBufferedRows rows wait, only the first window asks for pages.
// - Concurrency: rate × round trip × 1.5 + 1 pages (rate = the session's effective calls/s,
//   round trip = its last one, 100 ms before the first), at most maxConcurrency(); no rate
//   (0) = maxConcurrency(). Every request goes through the session and its pacer.
// - Errors: a failed page (after the session's own 200010 retries), a full page whose
//   cursor does not move (checkCursorAdvanced) or a row outside its window ends the whole
//   load: in-flight pages are aborted, buffered rows of later windows are dropped, and
//   finished(error, partial = true). The rows delivered are then the exact prefix of the
//   result up to lastDeliveredId()/lastDeliveredMtime(), from where a sequential read
//   can continue. The far-bound probe and getmsgnum are hints: their errors are ignored.
// - cancel() aborts everything and emits finished(CANCELLED, true) before it returns.
// - The upper bound is read as it is when each window starts: an ascending load with an
//   open end still sees rows stored meanwhile (like sequential paging); a descending one
//   starts below the first row it reads.
//
// Signals come from the event loop; slots may call cancel() but must not delete the loader
// (use deleteLater()).

#include <deque>
#include <list>
#include <utility>
#include <vector>

#include <QObject>
#include <QPointer>

#include "historywindow.h"
#include "rtm/rtmerror.h"
#include "rtm/rtmtypes.h"

namespace service {

class RtmSession;
class RtmReply;

// What to read: the history call's target and page parameters.
struct HistoryLoadSpec {
    rtm::MessageCategory category = rtm::MessageCategory::Group;
    qint64 uid = 0;
    qint64 target = 0;       // ouid / gid / rid; 0 for broadcast
    bool desc = true;
    int pageSize = 20;       // 1..20
    qint64 begin = 0;        // ms, inclusive, 0 = open
    qint64 end = 0;          // ms, inclusive, 0 = now
    QList<int> mtypes;       // empty = all
    // Continue after rows already read: the id and mtime of the last one (0 = from the start).
    qint64 afterId = 0;
    qint64 afterMtime = 0;
};

struct HistoryLoadProgress {
    int windows = 0;            // made so far
    int windowsDone = 0;
    int pages = 0;              // history pages answered (probe and count not included)
    int inFlight = 0;
    int maxInFlight = 0;
    qint64 rowsDelivered = 0;
    qint64 rowsBuffered = 0;    // read, waiting for an earlier window
    qint64 expectedRows = -1;   // getmsgnum (group/room; deleted rows not counted), -1 = unknown
    int frequencyRetries = 0;   // 200010 answers the session retried
};

class ParallelHistoryLoader : public QObject {
    Q_OBJECT
public:
    ParallelHistoryLoader(RtmSession *session, const HistoryLoadSpec &spec, QObject *parent = nullptr);
    ~ParallelHistoryLoader() override;   // aborts what is in flight, emits nothing

    int maxConcurrency() const { return m_maxConcurrency; }
    void setMaxConcurrency(int pages);          // 1..64, default 16
    int pagesPerWindow() const { return m_pagesPerWindow; }
    void setPagesPerWindow(int pages);          // >= 1, default 32
    qint64 maxBufferedRows() const { return m_maxBufferedRows; }
    void setMaxBufferedRows(qint64 rows);       // >= 0, default 20000

    // Starts once; the first requests go out from here, answers come through the event loop.
    void start();
    void cancel();
    bool isRunning() const { return m_state == State::Running; }
    bool isFinished() const { return m_state == State::Finished; }

    HistoryLoadProgress progress() const { return m_progress; }
    int concurrency() const;                    // pages in flight allowed now
    qint64 lastDeliveredId() const { return m_lastDeliveredId; }
    qint64 lastDeliveredMtime() const { return m_lastDeliveredMtime; }

Q_SIGNALS:
    void rowsReady(const std::vector<rtm::HistoryMessage> &rows);
    void progressChanged();
    void finished(const rtm::RtmError &error, bool partial);

private:
    enum class State { Idle, Running, Finished };
    struct Slot {
        HistoryWindow window;
        QPointer<RtmReply> reply;
        bool done = false;
        std::vector<rtm::HistoryMessage> rows;   // held until the windows before are done
        qint64 rowsRead = 0;
        qint64 coveredMs = 0;                    // time span those rows came from
    };

    void schedule();
    Slot *nextIdle();
    bool hasIdleAfter(const Slot *slot) const;
    void cutToSize(Slot &slot, int freeSlots);
    double densityFor(const Slot &slot) const;
    double estimatedRows(const Slot &slot, double density) const;
    void issue(Slot &slot);
    void onPage(Slot *slot, RtmReply *reply);
    void account(Slot &slot, qint64 frontBefore, const rtm::HistoryPage &page);
    void advanceHead();
    void deliver(std::vector<rtm::HistoryMessage> rows);
    void askHints(const HistoryWindow &range);
    void onProbe(RtmReply *reply);
    void finish(const rtm::RtmError &error);
    void abortAll();

    QPointer<RtmSession> m_session;
    HistoryLoadSpec m_spec;
    int m_num = 20;
    int m_maxConcurrency = 16;
    int m_pagesPerWindow = 32;
    qint64 m_maxBufferedRows = 20000;
    State m_state = State::Idle;
    std::list<Slot> m_windows;                   // in delivery order; front = being delivered
    QPointer<RtmReply> m_probe;
    QPointer<RtmReply> m_count;
    qint64 m_floor = 0;                          // estimation bounds of the range, 0 = unknown
    qint64 m_ceiling = 0;
    qint64 m_rowsSeen = 0;
    qint64 m_coveredSeen = 0;
    std::deque<std::pair<qint64, qint64>> m_recentWindows;   // (rows, covered ms) of the last finished
    qint64 m_lastDeliveredId = 0;
    qint64 m_lastDeliveredMtime = 0;
    HistoryLoadProgress m_progress;
};

} // namespace service
