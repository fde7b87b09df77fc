#pragma once

// The gate that paces the requests of one session. The session keeps the FIFO queue; it
// asks tryAcquire() right before a request goes on the wire and, when refused, schedule()
// emits ready() once one may go.
//
// The promise: in every window of kWindowMs + kWindowMarginMs (1 s + 5 ms), wherever it
// starts, at most effectiveRate() requests are released. So no 1-second window of any
// alignment — the service's fixed per-second buckets, the sandbox's sliding second — sees
// more than the rate from us. Two parts keep it:
//  - a token bucket that holds one token (no burst): releases are evenly spread, one per
//    (1000 + margin) / rate ms. While requests wait it keeps up to one more, so that a
//    timer firing a little late (always, by up to a ms or so) is made up and the long-run
//    pace stays at the rate;
//  - a log of the releases of the last window, which is what holds the promise: a release
//    waits until fewer than `rate` are in the window. So the releases made before the rate
//    went down (setRate(), a slow-down) count against the new rate, and a made-up late
//    release never makes a window hold one too many.
// Arithmetic is in whole ms and integer credit, so the long-run pace is exact:
// rate * 1000 / 1005, i.e. 99.5% of the rate.
//
// Why the margin: the server counts arrivals, not sends. A request delayed on the way by
// d ms more than the one `rate` places behind it lands in the same server second; at exactly
// the server's limit that is a 200010. The 5 ms margin absorbs clock granularity and small
// jitter on a quiet link; it cannot absorb a stall on a busy one (the connection holds a
// few requests, then delivers them together). Likewise requests released while the
// connection is still being made wait in the client and reach the server together once it
// is up (a fresh connection to a distant server). So "never more than the rate in any
// second at the send side" is what the client can promise, not what the server will count:
// the configured rate should stay a little under the server's limit (95/s against 100/s
// tolerates ~50 ms of bunching), and the session still retries a 200010.
//
// After a 200010 the session calls slowDown(): the effective rate halves at once, then
// climbs back in a straight line to the configured rate over slowDownPeriodMs() (default
// 10 s). A limit that really is lower (a backend sharing the project) is met again on the
// way up and halves the rate again: the rate settles around it instead of staying halved.
// Further 200010s within a second of a halving (answers to requests that were already on
// their way) do not halve again; they restart the climb from the halved rate. pauseFor()
// holds every release until the pause ends.

#include <algorithm>
#include <deque>
#include <functional>

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace service {

class RequestPacer : public QObject {
    Q_OBJECT
public:
    static constexpr int kWindowMs = 1000;
    static constexpr int kWindowMarginMs = 5;

    // Milliseconds on a monotonic clock.
    using Clock = std::function<qint64()>;

    explicit RequestPacer(QObject *parent = nullptr);

    // Tests drive the pacer with their own clock (schedule()'s timer still runs on real time).
    void setClock(Clock clock);

    int rate() const { return m_rate; }
    void setRate(int callsPerSecond);          // 0 = unlimited; ends a slow-down
    int slowDownPeriodMs() const { return m_slowDownPeriodMs; }
    void setSlowDownPeriodMs(int ms) { m_slowDownPeriodMs = std::max(1, ms); }

    // Current rate after slow-downs (0 = unlimited).
    int effectiveRate() const { return effectiveRateAt(now()); }
    bool isSlowedDown() const;
    bool isPaused() const;

    bool tryAcquire();                 // true = the caller sends one request now
    int msUntilNextToken() const;      // 0 when tryAcquire() would succeed now
    void schedule();                   // ready() after msUntilNextToken() (from the event loop)

    void slowDown();
    void pauseFor(int ms);

Q_SIGNALS:
    void ready();

private:
    qint64 now() const { return m_testClock ? m_testClock() : m_clock.elapsed(); }
    int effectiveRateAt(qint64 t) const;
    int slowTargetRate() const;
    qint64 creditCap(int rate) const;
    void refill(qint64 t);
    void forgetReleasesBefore(qint64 t);
    qint64 earliestRelease(qint64 t) const;

    QElapsedTimer m_clock;
    Clock m_testClock;
    QTimer m_timer;
    int m_rate = 0;
    int m_slowDownPeriodMs = 10000;
    // Slow-down: the rate was m_slowStartRate at m_slowSince and climbs to the target.
    int m_slowStartRate = 0;           // 0 = not slowed down
    qint64 m_slowSince = 0;
    qint64 m_lastHalving = -1;
    qint64 m_pausedUntil = 0;
    // Credit in rate-ms: every ms adds the effective rate; a release costs one window
    // (1005). Capped at one release (plus the part of a ms), so there is no burst.
    qint64 m_credit = 0;
    qint64 m_lastRefill = 0;
    bool m_demandWaiting = false;      // the last tryAcquire() was refused
    std::deque<qint64> m_released;     // release times within the last window, oldest first
};

} // namespace service
