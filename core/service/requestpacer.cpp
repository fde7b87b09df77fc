#include "requestpacer.h"

#include <algorithm>
#include <limits>

namespace service {

namespace {
// Reference when an unlimited session is told to slow down: the service's documented
// limit (protocol.md 4.9, 100 calls/s per project).
constexpr int kServiceLimitPerSecond = 100;
// The span the promise is about, and the credit one release costs (credit grows by the
// rate every ms).
constexpr qint64 kGuardedWindowMs = RequestPacer::kWindowMs + RequestPacer::kWindowMarginMs;
// 200010s closer together than this are answers about the same server window.
constexpr qint64 kHalvingIntervalMs = 1000;

qint64 ceilDiv(qint64 a, qint64 b)
{
    return (a + b - 1) / b;
}
} // namespace

RequestPacer::RequestPacer(QObject *parent) : QObject(parent)
{
    m_clock.start();
    m_credit = kGuardedWindowMs;
    m_lastRefill = now();
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);   // a coarse timer may fire up to 5% early
    connect(&m_timer, &QTimer::timeout, this, &RequestPacer::ready);
}

void RequestPacer::setClock(Clock clock)
{
    m_testClock = std::move(clock);
    m_credit = kGuardedWindowMs;
    m_lastRefill = now();
    m_released.clear();
    m_pausedUntil = 0;
    m_slowStartRate = 0;
    m_lastHalving = -1;
}

void RequestPacer::setRate(int callsPerSecond)
{
    const qint64 t = now();
    refill(t);
    const bool wasUnlimited = effectiveRateAt(t) == 0;
    m_rate = std::max(0, callsPerSecond);
    m_slowStartRate = 0;
    // An unlimited pacer kept no credit. Releases of the last window stay in the log either
    // way: a lower rate counts them.
    if (wasUnlimited)
        m_credit = kGuardedWindowMs;
}

int RequestPacer::slowTargetRate() const
{
    return m_rate > 0 ? m_rate : kServiceLimitPerSecond;
}

int RequestPacer::effectiveRateAt(qint64 t) const
{
    if (m_slowStartRate > 0 && t - m_slowSince < m_slowDownPeriodMs) {
        // Linear climb from the halved rate back to the target.
        const qint64 target = slowTargetRate();
        const qint64 climbed = (target - m_slowStartRate) * std::max<qint64>(0, t - m_slowSince) / m_slowDownPeriodMs;
        return int(std::max<qint64>(1, m_slowStartRate + climbed));
    }
    return m_rate;
}

bool RequestPacer::isSlowedDown() const
{
    return m_slowStartRate > 0 && now() - m_slowSince < m_slowDownPeriodMs;
}

bool RequestPacer::isPaused() const
{
    return now() < m_pausedUntil;
}

qint64 RequestPacer::creditCap(int rate) const
{
    // While requests wait, a timer that fires late must not cost throughput: up to one
    // more release is kept, so the next one comes that much sooner. The log still holds
    // every window to the rate.
    if (m_demandWaiting)
        return 2 * kGuardedWindowMs;
    // Idle: one release, plus what one ms adds beyond it: time moves in whole ms, and a cap
    // of exactly one release would throw that remainder away (at 1000/s every release would
    // then take 2 ms). n releases within W - 1 ms take n * W credit, at most this cap plus
    // rate * (W - 1) = rate * W + W - 1; so still n <= rate.
    return kGuardedWindowMs + rate - 1;
}

void RequestPacer::refill(qint64 t)
{
    const int r = effectiveRateAt(t);
    if (r > 0 && t > m_lastRefill)
        m_credit = std::min(creditCap(r), m_credit + (t - m_lastRefill) * r);
    m_lastRefill = std::max(m_lastRefill, t);
}

void RequestPacer::forgetReleasesBefore(qint64 t)
{
    // A release at e counts in the windows (x - window, x] with x < e + window.
    while (!m_released.empty() && m_released.front() <= t - kGuardedWindowMs)
        m_released.pop_front();
}

qint64 RequestPacer::earliestRelease(qint64 t) const
{
    qint64 at = std::max(t, m_pausedUntil);
    const int r = effectiveRateAt(t);
    if (r == 0)
        return at;
    const qint64 credit = std::min(creditCap(r), m_credit + std::max<qint64>(0, t - m_lastRefill) * r);
    if (credit < kGuardedWindowMs)
        at = std::max(at, t + ceilDiv(kGuardedWindowMs - credit, r));
    // With n >= r releases in the window ending now, the (n - r)-th oldest has to leave it.
    const auto live = std::upper_bound(m_released.begin(), m_released.end(), t - kGuardedWindowMs);
    const qint64 n = m_released.end() - live;
    if (n >= r)
        at = std::max(at, *(live + (n - r)) + kGuardedWindowMs);
    return at;
}

bool RequestPacer::tryAcquire()
{
    const qint64 t = now();
    refill(t);
    forgetReleasesBefore(t);
    if (earliestRelease(t) > t) {
        m_demandWaiting = true;
        return false;
    }
    m_demandWaiting = false;
    if (effectiveRateAt(t) > 0)
        m_credit -= kGuardedWindowMs;
    m_released.push_back(t);   // also when unlimited: a slow-down then counts them
    return true;
}

int RequestPacer::msUntilNextToken() const
{
    const qint64 t = now();
    return int(std::min<qint64>(earliestRelease(t) - t, std::numeric_limits<int>::max()));
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
    const qint64 t = now();
    refill(t);
    const int current = effectiveRateAt(t);
    if (m_slowStartRate > 0 && m_lastHalving >= 0 && t - m_lastHalving < kHalvingIntervalMs
        && t - m_slowSince < m_slowDownPeriodMs) {
        m_slowSince = t;   // still limited: climb again from the halved rate
        return;
    }
    m_slowStartRate = std::max(1, (current > 0 ? current : kServiceLimitPerSecond) / 2);
    m_slowSince = t;
    m_lastHalving = t;
}

void RequestPacer::pauseFor(int ms)
{
    m_pausedUntil = std::max(m_pausedUntil, now() + std::max(0, ms));
}

} // namespace service
