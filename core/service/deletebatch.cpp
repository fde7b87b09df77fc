#include "deletebatch.h"

#include <algorithm>

#include <QTimer>

#include "auditlog.h"
#include "fpnn/fpnnerrorcodes.h"
#include "rtmreply.h"
#include "rtmsession.h"
#include "servicelog.h"

namespace service {

namespace {
constexpr qint64 kQueuedAheadMs = 100;
} // namespace

DeleteBatch::DeleteBatch(RtmSession *session, const QList<MessageRef> &items, QObject *parent)
    : QObject(parent), m_session(session), m_items(items)
{
    m_errors.resize(m_items.size());
    m_itemDone.fill(false, m_items.size());
    m_replies.resize(m_items.size());
}

DeleteBatch::~DeleteBatch()
{
    for (const QPointer<RtmReply> &r : std::as_const(m_replies)) {
        if (r && !r->isFinished()) {
            QObject::disconnect(r, nullptr, this, nullptr);
            r->abort();
        }
    }
}

void DeleteBatch::setMaxInFlight(int n)
{
    m_maxInFlight = std::max(1, n);
}

int DeleteBatch::inFlightLimit() const
{
    if (!m_session)
        return m_maxInFlight;
    // rate × round trip are on the wire at any time; with fewer the pacer would wait for
    // answers. Another 100 ms worth wait in the session's queue, where their audit lines
    // are written ahead (RtmSession writes about 100 ms ahead), plus two to spare.
    const qint64 rate = m_session->effectiveRateLimit();
    const qint64 roundTripMs = m_session->lastRoundTripMs();
    if (rate <= 0 || roundTripMs <= 0)
        return m_maxInFlight;
    const qint64 window = rate * (roundTripMs + kQueuedAheadMs) / 1000 + 2;
    return int(std::max<qint64>(m_maxInFlight, std::min<qint64>(window, 1000)));
}

void DeleteBatch::start()
{
    if (m_started)
        return;
    m_started = true;
    // Starting from the event loop keeps start() free of signals (e.g. an empty batch).
    QTimer::singleShot(0, this, [this] {
        fill();
        finishIfDone();
    });
}

void DeleteBatch::cancel()
{
    if (m_cancelled || m_finished)
        return;
    m_cancelled = true;
    qCInfo(lcService) << "delete batch cancelled:" << m_next << "of" << m_items.size() << "started";
    const rtm::RtmError cancelled = rtm::RtmError::fromCode(fpnn::CoreCancelled, QStringLiteral("batch cancelled"));
    for (int i = m_next; i < m_items.size(); ++i)
        m_errors[i] = cancelled;
    if (m_started)
        QTimer::singleShot(0, this, [this] { finishIfDone(); });
}

void DeleteBatch::fill()
{
    if (!m_session) {
        if (!m_cancelled)
            cancel();
        return;
    }
    const int limit = inFlightLimit();
    while (!m_cancelled && m_inFlight < limit && m_next < m_items.size()) {
        const int index = m_next++;
        const MessageRef &ref = m_items.at(index);
        RtmReply *reply = m_session->deleteMessage(ref.category, ref.mid, ref.from, ref.target, m_timeoutMs, ref.content);
        m_replies[index] = reply;
        ++m_inFlight;
        connect(reply, &RtmReply::finished, this, [this, index, reply] { onItemFinished(index, reply); });
    }
}

void DeleteBatch::onItemFinished(int index, RtmReply *reply)
{
    --m_inFlight;
    ++m_done;
    m_itemDone[index] = true;
    const rtm::RtmError err = reply->ok() ? rtm::RtmError() : reply->error();
    m_errors[index] = err;
    if (errorLeavesOutcomeUnknown(err))
        ++m_unknown;
    else if (err.isError())
        ++m_failed;
    m_replies[index] = nullptr;
    Q_EMIT itemFinished(index, err);
    Q_EMIT progress(m_done, int(m_items.size()));
    fill();
    finishIfDone();
}

bool DeleteBatch::errorLeavesOutcomeUnknown(const rtm::RtmError &error)
{
    return error.isError() && AuditLog::outcomeIsUnknown(error.code);
}

bool DeleteBatch::itemUnknown(int index) const
{
    return itemDone(index) && errorLeavesOutcomeUnknown(m_errors.value(index));
}

void DeleteBatch::finishIfDone()
{
    if (m_finished || m_inFlight > 0)
        return;
    if (!m_cancelled && m_next < m_items.size())
        return;
    m_finished = true;
    Q_EMIT finished();
}

} // namespace service
