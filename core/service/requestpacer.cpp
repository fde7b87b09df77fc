#include "requestpacer.h"

#include <algorithm>
#include <cmath>

namespace service {

namespace {
// Reference when an unlimited session is told to slow down: the service's documented
// limit (protocol.md 4.9, 100 calls/s per project).
constexpr int kServiceLimitPerSecond = 100;
} // namespace

RequestPacer::RequestPacer(QObject *parent) : QObject(parent)
{
    m_clock.start();
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);   // a coarse timer may fire up to 5% early
    connect(&m_timer, &QTimer::timeout, this, &RequestPacer::ready);
}

void RequestPacer::setRate(int callsPerSecond)
{
    refill();
    const bool wasUnlimited = effectiveRate() == 0;
    m_rate = std::max(0, callsPerSecond);
    m_slowRate = 0;
    m_slowUntil = 0;
    if (m_rate > 0)
        m_tokens = wasUnlimited ? double(bucketSize(m_rate)) : std::min(m_tokens, double(bucketSize(m_rate)));
}

int RequestPacer::bucketSize(int rate) const
{
    if (m_burst > 0)
        return m_burst;
    return std::max(1, rate / 5);
}

int RequestPacer::burst() const
{
    const int r = effectiveRate();
    return r > 0 ? bucketSize(r) : 0;
}

void RequestPacer::setBurst(int tokens)
{
    m_burst = std::max(0, tokens);
}

int RequestPacer::effectiveRate() const
{
    if (m_slowRate > 0 && now() < m_slowUntil)
        return m_slowRate;
    return m_rate;
}

bool RequestPacer::isSlowedDown() const
{
    return m_slowRate > 0 && now() < m_slowUntil;
}

bool RequestPacer::isPaused() const
{
    return now() < m_pausedUntil;
}

void RequestPacer::restoreIfSlowDownOver()
{
    if (m_slowRate > 0 && now() >= m_slowUntil) {
        m_slowRate = 0;
        if (m_rate > 0)
            m_tokens = std::min(m_tokens, double(bucketSize(m_rate)));
    }
}

void RequestPacer::refill()
{
    const qint64 t = now();
    const int r = effectiveRate();
    if (r > 0) {
        m_tokens = std::min(double(bucketSize(r)), m_tokens + double(t - m_lastRefill) * r / 1000.0);
    }
    m_lastRefill = t;
}

bool RequestPacer::tryAcquire()
{
    refill();
    restoreIfSlowDownOver();
    if (isPaused())
        return false;
    if (effectiveRate() == 0)
        return true;
    if (m_tokens >= 1.0) {
        m_tokens -= 1.0;
        return true;
    }
    return false;
}

int RequestPacer::msUntilNextToken() const
{
    const qint64 t = now();
    if (t < m_pausedUntil)
        return int(m_pausedUntil - t);
    const int r = effectiveRate();
    if (r == 0)
        return 0;
    const double tokens = std::min(double(bucketSize(r)), m_tokens + double(t - m_lastRefill) * r / 1000.0);
    if (tokens >= 1.0)
        return 0;
    return std::max(1, int(std::ceil((1.0 - tokens) * 1000.0 / r)));
}

void RequestPacer::schedule()
{
    const int ms = msUntilNextToken();
    if (m_timer.isActive() && m_timer.remainingTime() <= ms)
        return;
    m_timer.start(ms);
}

void RequestPacer::slowDown()
{
    refill();
    const qint64 t = now();
    if (m_lastSlowDown >= 0 && t - m_lastSlowDown < 1000 && isSlowedDown()) {
        m_slowUntil = t + m_slowDownPeriodMs;   // still limited: keep the slower rate longer
        return;
    }
    const int current = effectiveRate() > 0 ? effectiveRate() : kServiceLimitPerSecond;
    m_slowRate = std::max(1, current / 2);
    m_slowUntil = t + m_slowDownPeriodMs;
    m_lastSlowDown = t;
    m_tokens = std::min(m_tokens, 1.0);
}

void RequestPacer::pauseFor(int ms)
{
    refill();
    m_pausedUntil = std::max(m_pausedUntil, now() + std::max(0, ms));
}

} // namespace service
