#include "parallelhistoryloader.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <QLoggingCategory>

#include "fpnn/fpnnerrorcodes.h"
#include "historycursor.h"
#include "rtmreply.h"
#include "rtmsession.h"

Q_LOGGING_CATEGORY(lcParallelLoad, "rtm.service.parallelload")

namespace service {

namespace {

constexpr double kUnknown = std::numeric_limits<double>::infinity();
constexpr int kRoundTripGuessMs = 100;   // before the session has measured one
constexpr size_t kRecentWindows = 4;     // finished windows behind the density estimate

} // namespace

ParallelHistoryLoader::ParallelHistoryLoader(RtmSession *session, const HistoryLoadSpec &spec, QObject *parent)
    : QObject(parent), m_session(session), m_spec(spec),
      m_num(std::clamp(spec.pageSize, 1, rtm::limits::MaxHistoryRows))
{
}

ParallelHistoryLoader::~ParallelHistoryLoader()
{
    m_state = State::Finished;
    abortAll();
}

void ParallelHistoryLoader::setMaxConcurrency(int pages)
{
    m_maxConcurrency = std::clamp(pages, 1, 64);
}

void ParallelHistoryLoader::setPagesPerWindow(int pages)
{
    m_pagesPerWindow = std::max(1, pages);
}

void ParallelHistoryLoader::setMaxBufferedRows(qint64 rows)
{
    m_maxBufferedRows = std::max<qint64>(0, rows);
}

int ParallelHistoryLoader::concurrency() const
{
    const int rate = m_session ? m_session->effectiveRateLimit() : 0;
    if (rate <= 0)
        return m_maxConcurrency;
    const int rtt = m_session->lastRoundTripMs() >= 0 ? m_session->lastRoundTripMs() : kRoundTripGuessMs;
    // Enough pages in flight to use the whole rate over this round trip, with room for jitter;
    // more would only wait in the session's queue.
    const int pages = int(std::ceil(double(rate) * std::max(1, rtt) / 1000.0 * 1.5)) + 1;
    return std::clamp(pages, 1, m_maxConcurrency);
}

void ParallelHistoryLoader::start()
{
    if (m_state != State::Idle)
        return;
    m_state = State::Running;
    if (!m_session) {
        QMetaObject::invokeMethod(this, [this] {
            if (isRunning())
                finish(rtm::RtmError::fromCode(fpnn::CoreConnectionClosed, QStringLiteral("no session")));
        }, Qt::QueuedConnection);
        return;
    }

    HistoryWindow first;
    first.begin = m_spec.begin;
    first.end = m_spec.end;
    first.lastId = m_spec.afterId;
    if (m_spec.afterId != 0) {
        // Resuming: the cursor row's mtime is the front edge; without it the window
        // cannot be split safely (historywindow.h).
        if (m_spec.afterMtime > 0)
            (m_spec.desc ? first.end : first.begin) = m_spec.afterMtime;
        else
            first.splittable = false;
    }
    m_floor = first.begin;
    m_ceiling = first.end;
    m_windows.push_back(Slot{first, {}, false, {}, 0, 0});
    m_progress.windows = 1;
    schedule();   // the first page goes out first
    askHints(first);
}

void ParallelHistoryLoader::askHints(const HistoryWindow &range)
{
    const bool farBoundOpen = m_spec.desc ? range.begin == 0 : range.end == 0;
    if (farBoundOpen) {
        // The far end of the range: one row in the other order.
        rtm::HistoryQuery q;
        q.desc = !m_spec.desc;
        q.num = 1;
        q.begin = range.begin;
        q.end = range.end;
        q.mtypes = m_spec.mtypes;
        m_probe = m_session->getHistory(m_spec.category, m_spec.uid, m_spec.target, q);
        connect(m_probe, &RtmReply::finished, this, [this, reply = m_probe.data()] { onProbe(reply); });
    }
    if (m_spec.category == rtm::MessageCategory::Group || m_spec.category == rtm::MessageCategory::Room) {
        m_count = m_session->getMessageNum(m_spec.category, m_spec.target, m_spec.mtypes, range.begin, range.end);
        connect(m_count, &RtmReply::finished, this, [this, reply = m_count.data()] {
            if (!isRunning())
                return;
            if (reply->ok()) {
                m_progress.expectedRows = reply->messageCount().num;
                emit progressChanged();
                schedule();
            } else {
                qCDebug(lcParallelLoad) << "getmsgnum failed, sizing without it:" << reply->error().name;
            }
        });
    }
}

void ParallelHistoryLoader::onProbe(RtmReply *reply)
{
    if (!isRunning())
        return;
    if (!reply->ok()) {
        qCDebug(lcParallelLoad) << "far-bound probe failed, sizing without it:" << reply->error().name;
        return;
    }
    const std::vector<rtm::HistoryMessage> &rows = reply->historyPage().messages;
    if (rows.empty())
        return;
    const qint64 mtime = rows.front().modifiedTime;
    if (m_spec.desc)
        m_floor = std::max(m_floor, mtime);
    else
        m_ceiling = m_ceiling > 0 ? std::min(m_ceiling, mtime) : mtime;
    schedule();
}

ParallelHistoryLoader::Slot *ParallelHistoryLoader::nextIdle()
{
    bool head = true;
    for (Slot &slot : m_windows) {
        if (!slot.done && !slot.reply && (head || m_progress.rowsBuffered < m_maxBufferedRows))
            return &slot;
        head = false;
    }
    return nullptr;
}

bool ParallelHistoryLoader::hasIdleAfter(const Slot *slot) const
{
    bool after = false;
    for (const Slot &s : m_windows) {
        if (after && !s.done && !s.reply)
            return true;
        after = after || &s == slot;
    }
    return false;
}

void ParallelHistoryLoader::schedule()
{
    if (isRunning() && !m_session) {
        finish(rtm::RtmError::fromCode(fpnn::CoreConnectionClosed, QStringLiteral("the session is gone")));
        return;
    }
    while (isRunning() && m_progress.inFlight < concurrency()) {
        Slot *slot = nextIdle();
        if (!slot)
            break;
        cutToSize(*slot, concurrency() - m_progress.inFlight);
        issue(*slot);
    }
}

double ParallelHistoryLoader::densityFor(const Slot &slot) const
{
    // Rows per ms: the window's own pages once it has a full one; else the windows that
    // finished last (the nearest region: windows finish roughly in order, and after a
    // dense stretch a sparse one is seen within one round); else all pages so far; else
    // getmsgnum over the known bounds.
    if (slot.rowsRead >= m_num)
        return double(slot.rowsRead) / double(std::max<qint64>(1, slot.coveredMs));
    qint64 recentRows = 0;
    qint64 recentCovered = 0;
    for (const auto &[rows, covered] : m_recentWindows) {
        recentRows += rows;
        recentCovered += covered;
    }
    if (recentCovered > 0)
        return double(recentRows) / double(recentCovered);
    if (m_rowsSeen > 0)
        return double(m_rowsSeen) / double(std::max<qint64>(1, m_coveredSeen));
    if (m_progress.expectedRows > 0 && m_floor > 0 && m_ceiling >= m_floor)
        return double(m_progress.expectedRows) / double(m_ceiling - m_floor + 1);
    return 0;
}

double ParallelHistoryLoader::estimatedRows(const Slot &slot, double density) const
{
    const bool desc = m_spec.desc;
    const qint64 front = slot.window.frontEdge(desc);
    qint64 back = slot.window.backEdge(desc);
    if (back == 0)
        back = desc ? m_floor : m_ceiling;
    if (front <= 0 || back <= 0)
        return kUnknown;
    const qint64 span = (desc ? front - back : back - front) + 1;
    return span > 0 ? double(span) * density : 0.0;
}

void ParallelHistoryLoader::cutToSize(Slot &slot, int freeSlots)
{
    const bool desc = m_spec.desc;
    const double density = densityFor(slot);
    const qint64 front = slot.window.frontEdge(desc);
    if (density <= 0 || front <= 0)
        return;
    const double estimate = estimatedRows(slot, density);
    if (estimate == kUnknown && m_probe && !m_probe->isFinished())
        return;   // the far bound is on its way: cutting blind could make many empty windows
    const double target = double(m_pagesPerWindow) * m_num;
    double want = 0;
    if (estimate > 1.5 * target)
        want = target;   // keep windows small: later ones wait in memory until this one is done
    else if (freeSlots > 1 && estimate >= 2.0 * m_num && !hasIdleAfter(&slot))
        want = estimate / 2;   // slots would stay empty: halve it
    else
        return;
    const qint64 span = std::max<qint64>(1, std::llround(want / density));
    const qint64 at = desc ? front - span + 1 : front + span;
    if (!canSplitAt(slot.window, desc, at))
        return;
    // A back part beyond the far bound holds nothing (yet): not worth a request.
    if (desc ? at - 1 < m_floor : (m_ceiling > 0 && at > m_ceiling))
        return;
    HistoryWindow back = splitAt(slot.window, desc, at);
    auto pos = std::find_if(m_windows.begin(), m_windows.end(), [&slot](const Slot &s) { return &s == &slot; });
    m_windows.insert(std::next(pos), Slot{back, {}, false, {}, 0, 0});
    ++m_progress.windows;
}

void ParallelHistoryLoader::issue(Slot &slot)
{
    const rtm::HistoryQuery q = slot.window.query(m_spec.desc, m_num, m_spec.mtypes);
    RtmReply *reply = m_session->getHistory(m_spec.category, m_spec.uid, m_spec.target, q);
    slot.reply = reply;
    ++m_progress.inFlight;
    m_progress.maxInFlight = std::max(m_progress.maxInFlight, m_progress.inFlight);
    Slot *s = &slot;   // list elements stay put; a slot leaves only after its last page
    connect(reply, &RtmReply::finished, this, [this, s, reply] { onPage(s, reply); });
}

void ParallelHistoryLoader::onPage(Slot *slot, RtmReply *reply)
{
    if (!isRunning())
        return;   // cancelled or failed: this is an abort of ours
    slot->reply = nullptr;
    --m_progress.inFlight;
    m_progress.frequencyRetries += reply->retryCount();
    if (!reply->ok()) {
        finish(reply->error());
        return;
    }
    const rtm::HistoryPage &page = reply->historyPage();
    ++m_progress.pages;
    if (const rtm::RtmError bad = checkPageInWindow(slot->window, m_spec.desc, page)) {
        finish(bad);
        return;
    }
    const int raw = std::max(page.count, int(page.messages.size()));
    const bool full = raw >= m_num;
    const qint64 frontBefore = slot->window.frontEdge(m_spec.desc);
    if (full) {
        // Another page of this window follows: its cursor must move on.
        if (const rtm::RtmError stuck = checkCursorAdvanced(m_spec.desc, slot->window.lastId, page.lastCursorId)) {
            finish(stuck);
            return;
        }
        slot->window.lastId = page.lastCursorId;
        if (!page.messages.empty() && page.messages.back().cursorId == page.lastCursorId)
            (m_spec.desc ? slot->window.end : slot->window.begin) = page.messages.back().modifiedTime;
        else
            slot->window.splittable = false;
    } else {
        slot->done = true;
        ++m_progress.windowsDone;
    }
    account(*slot, frontBefore, page);

    if (!page.messages.empty()) {
        if (slot == &m_windows.front()) {
            deliver(page.messages);
            if (!isRunning())
                return;
        } else {
            slot->rows.insert(slot->rows.end(), page.messages.begin(), page.messages.end());
            m_progress.rowsBuffered += qint64(page.messages.size());
        }
    }
    advanceHead();
    if (!isRunning())
        return;
    emit progressChanged();
    if (!isRunning())
        return;
    if (m_windows.empty())
        finish({});
    else
        schedule();
}

void ParallelHistoryLoader::account(Slot &slot, qint64 frontBefore, const rtm::HistoryPage &page)
{
    // The time span this page has covered, for the density estimate.
    const bool desc = m_spec.desc;
    const auto &rows = page.messages;
    if (rows.empty() && frontBefore <= 0)
        return;
    const qint64 from = frontBefore > 0 ? frontBefore : rows.front().modifiedTime;
    qint64 to = rows.empty() ? from : rows.back().modifiedTime;
    if (slot.done) {
        const qint64 back = slot.window.backEdge(desc);
        if (back > 0)
            to = back;
    }
    const qint64 covered = std::abs(from - to) + (slot.done ? 1 : 0);
    slot.rowsRead += qint64(rows.size());
    slot.coveredMs += covered;
    m_rowsSeen += qint64(rows.size());
    m_coveredSeen += covered;
    if (slot.done) {
        m_recentWindows.emplace_back(slot.rowsRead, slot.coveredMs);
        if (m_recentWindows.size() > kRecentWindows)
            m_recentWindows.pop_front();
    }
    if (!rows.empty()) {
        // The near bound of an open range is where the first page starts.
        if (desc && m_ceiling == 0)
            m_ceiling = rows.front().modifiedTime;
        if (!desc && m_floor == 0)
            m_floor = rows.front().modifiedTime;
    }
}

void ParallelHistoryLoader::advanceHead()
{
    while (!m_windows.empty() && m_windows.front().done) {
        m_windows.pop_front();
        if (m_windows.empty())
            break;
        Slot &next = m_windows.front();
        if (!next.rows.empty()) {
            std::vector<rtm::HistoryMessage> rows;
            rows.swap(next.rows);
            m_progress.rowsBuffered -= qint64(rows.size());
            deliver(std::move(rows));
            if (!isRunning())
                return;
        }
    }
}

void ParallelHistoryLoader::deliver(std::vector<rtm::HistoryMessage> rows)
{
    if (rows.empty())
        return;
    m_progress.rowsDelivered += qint64(rows.size());
    m_lastDeliveredId = rows.back().cursorId;
    m_lastDeliveredMtime = rows.back().modifiedTime;
    emit rowsReady(rows);
}

void ParallelHistoryLoader::cancel()
{
    if (!isRunning())
        return;
    finish(rtm::RtmError::fromCode(fpnn::CoreCancelled, QStringLiteral("history load cancelled")));
}

void ParallelHistoryLoader::finish(const rtm::RtmError &error)
{
    m_state = State::Finished;
    abortAll();
    if (error.isError()) {
        qCInfo(lcParallelLoad).noquote() << "stopped after" << m_progress.rowsDelivered << "rows:" << error.name
                                         << error.message;
    }
    m_progress.rowsBuffered = 0;
    m_progress.inFlight = 0;
    emit progressChanged();
    emit finished(error, error.isError());
}

void ParallelHistoryLoader::abortAll()
{
    // Aborting finishes a reply at once; onPage() sees the state and ignores it.
    std::vector<QPointer<RtmReply>> replies{m_probe, m_count};
    for (Slot &slot : m_windows)
        replies.push_back(slot.reply);
    m_windows.clear();
    for (QPointer<RtmReply> &reply : replies) {
        if (reply && !reply->isFinished())
            reply->abort();
    }
}

} // namespace service
