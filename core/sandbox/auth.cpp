#include "auth.h"

#include "fpnn/fpnnerrorcodes.h"
#include "params.h"
#include "rtm/rtmwire.h"

namespace sandbox {

Authenticator::Authenticator(Settings settings) : m_settings(std::move(settings)) {}

std::optional<fpnn::Answer> Authenticator::check(const QByteArray &method, const fpnn::Value &payload, qint64 nowMs)
{
    ParamReader params(payload);
    const qint64 pid = params.requireInt("pid");
    const QByteArray sign = params.requireBytes("sign");
    const qint64 salt = params.requireInt("salt");
    const qint64 ts = params.requireInt("ts");
    if (params.failed())
        return params.error();

    if (pid != m_settings.pid)
        return fpnn::Answer::failure(rtm::InvalidPidOrSign, QStringLiteral("invalid pid or sign"));
    const QByteArray expected = rtm::computeSign(pid, m_settings.secret, salt, method, ts);
    if (sign != expected)
        return fpnn::Answer::failure(rtm::InvalidPidOrSign, QStringLiteral("invalid pid or sign"));

    const qint64 window = qint64(m_settings.tsWindowSec);
    const qint64 nowSec = nowMs / 1000;
    if (ts < nowSec - window || ts > nowSec + window)
        return fpnn::Answer::failure(
            rtm::InvalidServerTime,
            QStringLiteral("ts %1 is more than %2 s away from server time %3; check the clock").arg(ts).arg(window).arg(nowSec));

    if (m_settings.rejectReplayedSign && seenBefore(sign, nowMs))
        return fpnn::Answer::failure(rtm::SameSign, QStringLiteral("signature already used"));

    if (m_settings.rateLimit > 0 && overRate(nowMs))
        return fpnn::Answer::failure(rtm::FrequencyLimited,
                                     QStringLiteral("more than %1 calls per second").arg(m_settings.rateLimit));
    return std::nullopt;
}

bool Authenticator::seenBefore(const QByteArray &sign, qint64 nowMs)
{
    // A sign is only valid while its ts is within the window, i.e. for at most 2 windows.
    while (!m_seenOrder.empty() && m_seenOrder.front().first <= nowMs) {
        auto it = m_seen.find(m_seenOrder.front().second);
        if (it != m_seen.end() && it->second == m_seenOrder.front().first)
            m_seen.erase(it);
        m_seenOrder.pop_front();
    }
    std::string key = sign.toStdString();
    if (m_seen.find(key) != m_seen.end())
        return true;
    const qint64 forgetAt = nowMs + 2 * qint64(m_settings.tsWindowSec) * 1000 + 1000;
    m_seen.emplace(key, forgetAt);
    m_seenOrder.emplace_back(forgetAt, std::move(key));
    return false;
}

bool Authenticator::overRate(qint64 nowMs)
{
    // Sliding one-second window over the calls that were let through.
    while (!m_recentCalls.empty() && m_recentCalls.front() <= nowMs - 1000)
        m_recentCalls.pop_front();
    if (qint64(m_recentCalls.size()) >= m_settings.rateLimit)
        return true;
    m_recentCalls.push_back(nowMs);
    return false;
}

} // namespace sandbox
