#pragma once

// The gate that paces requests of one session: a token bucket refilled at `rate` calls
// per second with room for `burst` tokens (0 = no pacing). The session keeps the FIFO
// queue; it asks tryAcquire() for each request and, when refused, schedule() emits ready()
// once a token may be there. After a 200010 (frequency limited) answer the session calls
// slowDown() (halves the rate for a while, at most once per second) and pauseFor() (no
// tokens until the pause ends).

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace service {

class RequestPacer : public QObject {
    Q_OBJECT
public:
    explicit RequestPacer(QObject *parent = nullptr);

    int rate() const { return m_rate; }
    void setRate(int callsPerSecond);          // 0 = unlimited
    int burst() const;                         // bucket size for the current rate
    void setBurst(int tokens);                 // 0 = automatic: max(1, rate / 5)
    int slowDownPeriodMs() const { return m_slowDownPeriodMs; }
    void setSlowDownPeriodMs(int ms) { m_slowDownPeriodMs = ms; }

    // Current rate after slow-downs (0 = unlimited).
    int effectiveRate() const;
    bool isSlowedDown() const;
    bool isPaused() const;

    bool tryAcquire();                 // takes a token when one is there
    int msUntilNextToken() const;      // 0 when tryAcquire() would succeed now
    void schedule();                   // ready() after msUntilNextToken() (from the event loop)

    void slowDown();
    void pauseFor(int ms);

Q_SIGNALS:
    void ready();

private:
    qint64 now() const { return m_clock.elapsed(); }
    void refill();
    void restoreIfSlowDownOver();
    int bucketSize(int rate) const;

    QElapsedTimer m_clock;
    QTimer m_timer;
    int m_rate = 0;
    int m_burst = 0;
    int m_slowRate = 0;              // > 0 while slowed down
    qint64 m_slowUntil = 0;
    qint64 m_lastSlowDown = -1;
    qint64 m_pausedUntil = 0;
    int m_slowDownPeriodMs = 10000;
    double m_tokens = 0;
    qint64 m_lastRefill = 0;
};

} // namespace service
