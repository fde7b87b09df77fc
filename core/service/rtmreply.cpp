#include "rtmreply.h"

#include "fpnn/fpnnerrorcodes.h"

namespace service {

RtmReply::RtmReply(Kind kind, QString method, QString target, QObject *parent)
    : QObject(parent), m_kind(kind), m_method(std::move(method)), m_target(std::move(target))
{
    m_clock.start();
}

RtmReply::~RtmReply() = default;

bool RtmReply::markFinished()
{
    if (m_finished)
        return false;
    m_finished = true;
    m_durationMs = int(m_clock.elapsed());
    return true;
}

void RtmReply::abort()
{
    if (m_finished)
        return;
    m_aborted = true;
    finishWithError(rtm::RtmError::fromCode(fpnn::CoreCancelled, QStringLiteral("aborted by the caller")));
}

void RtmReply::finishWithError(const rtm::RtmError &error)
{
    if (!markFinished())
        return;
    m_error = error;
    if (!m_error.isError())   // an error value must be an error: never finish "OK" by accident
        m_error = rtm::RtmError::fromCode(fpnn::CoreUnknownError, QStringLiteral("finished without a result"));
    Q_EMIT finished();
    deleteLater();
}

void RtmReply::finishSend(const rtm::SendResult &result)
{
    if (!markFinished())
        return;
    m_send = result;
    Q_EMIT finished();
    deleteLater();
}

void RtmReply::finishHistory(const rtm::HistoryPage &page)
{
    if (!markFinished())
        return;
    m_history = page;
    Q_EMIT finished();
    deleteLater();
}

void RtmReply::finishDelete()
{
    if (!markFinished())
        return;
    Q_EMIT finished();
    deleteLater();
}

void RtmReply::finishInfo(const rtm::MessageInfo &info)
{
    if (!markFinished())
        return;
    m_info = info;
    Q_EMIT finished();
    deleteLater();
}

void RtmReply::finishCount(const rtm::MessageCount &count)
{
    if (!markFinished())
        return;
    m_count = count;
    Q_EMIT finished();
    deleteLater();
}

void RtmReply::finishProbe()
{
    if (!markFinished())
        return;
    Q_EMIT finished();
    deleteLater();
}

} // namespace service
