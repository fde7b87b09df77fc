// RequestPacer: no 1-second window holds more than the rate, whatever the arrivals; the
// long-run pace is the rate; FIFO order; rate changes and slow-downs keep the promise; the
// slow-down climbs back. Driven by a fake clock: no waiting, no timed assertions.

#include <algorithm>
#include <deque>
#include <functional>
#include <map>
#include <random>
#include <vector>

#include <QSignalSpy>
#include <QTest>

#include "service/requestpacer.h"

using service::RequestPacer;

namespace {

struct Release {
    int request = 0;
    qint64 time = 0;
};

// A queue in front of a pacer on a fake clock, as RtmSession uses it: requests arrive at
// given times, wait in FIFO order, and each leaves when tryAcquire() says so. The clock jumps
// to the next arrival, rate change or msUntilNextToken().
struct Simulation {
    qint64 now = 0;
    RequestPacer pacer;
    std::map<qint64, int> rateChanges;   // time -> rate
    std::vector<Release> releases;
    bool consistent = true;              // after waiting msUntilNextToken(), tryAcquire() succeeded
    std::function<qint64()> lateness;    // how late the timer fires after msUntilNextToken()

    explicit Simulation(int rate)
    {
        pacer.setClock([this] { return now; });
        pacer.setRate(rate);
    }

    int rateAt(qint64 t) const
    {
        auto it = rateChanges.upper_bound(t);
        if (it == rateChanges.begin())
            return initialRate;
        return std::prev(it)->second;
    }
    int initialRate = 0;

    void run(const std::vector<qint64> &arrivals)
    {
        initialRate = pacer.rate();
        std::deque<int> queue;
        size_t next = 0;
        bool waitedForToken = false;
        auto change = rateChanges.begin();
        while (next < arrivals.size() || !queue.empty()) {
            while (change != rateChanges.end() && change->first <= now) {
                pacer.setRate(change->second);
                ++change;
                waitedForToken = false;
            }
            while (next < arrivals.size() && arrivals[next] <= now)
                queue.push_back(int(next++));
            bool released = false;
            while (!queue.empty() && pacer.tryAcquire()) {
                releases.push_back({queue.front(), now});
                queue.pop_front();
                released = true;
            }
            if (waitedForToken && !released)
                consistent = false;
            qint64 wake = std::numeric_limits<qint64>::max();
            waitedForToken = false;
            if (!queue.empty()) {
                const int wait = pacer.msUntilNextToken();
                if (wait <= 0) {   // refused, yet "now": would spin
                    consistent = false;
                    return;
                }
                wake = now + wait + (lateness ? lateness() : 0);
                waitedForToken = true;
            }
            if (next < arrivals.size() && arrivals[next] < wake) {
                wake = arrivals[next];
                waitedForToken = false;
            }
            if (change != rateChanges.end() && change->first < wake) {
                wake = change->first;
                waitedForToken = false;
            }
            if (wake == std::numeric_limits<qint64>::max())
                break;   // all released: the clock stays at the last release
            now = wake;
        }
    }

    // The most releases in any window (t - 1000, t], over all t, compared with the rate in
    // force at t: returns the worst excess (<= 0 is fine) and where.
    int worstExcess(qint64 *at = nullptr) const
    {
        int worst = std::numeric_limits<int>::min();
        size_t first = 0;
        for (size_t i = 0; i < releases.size(); ++i) {
            const qint64 t = releases[i].time;
            while (releases[first].time <= t - 1000)
                ++first;
            // Windows ending at t also hold the releases at t after i.
            size_t last = i;
            while (last + 1 < releases.size() && releases[last + 1].time == t)
                ++last;
            const int excess = int(last - first + 1) - rateAt(t);
            if (excess > worst) {
                worst = excess;
                if (at)
                    *at = t;
            }
        }
        return worst;
    }

    bool inOrder() const
    {
        for (size_t i = 0; i < releases.size(); ++i) {
            if (releases[i].request != int(i))
                return false;
        }
        return true;
    }
};

std::vector<qint64> allAtOnce(int n)
{
    return std::vector<qint64>(size_t(n), 0);
}

// Bursts of `size` every `gapMs`: each starts after the pacer has been idle.
std::vector<qint64> bursts(int count, int size, qint64 gapMs)
{
    std::vector<qint64> v;
    for (int b = 0; b < count; ++b)
        v.insert(v.end(), size_t(size), b * gapMs);
    return v;
}

// Random arrivals offering `load` times the rate (fixed seed).
std::vector<qint64> randomArrivals(int n, int rate, double load, unsigned seed)
{
    std::mt19937_64 rng(seed);
    std::exponential_distribution<double> gap(rate * load / 1000.0);
    std::vector<qint64> v;
    double t = 0;
    for (int i = 0; i < n; ++i) {
        t += gap(rng);
        v.push_back(qint64(t));
    }
    return v;
}

// Half the rate for three seconds, then three seconds' worth at once, then the rate exactly.
std::vector<qint64> trickleThenFlood(int rate)
{
    std::vector<qint64> v;
    const int half = std::max(1, rate / 2);
    for (int i = 0; i < 3 * half; ++i)
        v.push_back(i * 1000 / half);
    v.insert(v.end(), size_t(3 * rate), 3000);
    for (int i = 0; i < 3 * rate; ++i)
        v.push_back(3001 + i * 1000 / rate);
    return v;
}

} // namespace

class TestRequestPacer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void unlimitedAlwaysAcquires()
    {
        RequestPacer p;
        p.setRate(0);
        for (int i = 0; i < 1000; ++i)
            QVERIFY(p.tryAcquire());
        QCOMPARE(p.msUntilNextToken(), 0);
    }

    // GIVEN a rate of 10/s THEN one request may go at once (no burst), the next after
    // (1000 + margin) / 10 ms, not a ms earlier.
    void oneAtATimeWithoutBurst()
    {
        qint64 now = 0;
        RequestPacer p;
        p.setClock([&now] { return now; });
        p.setRate(10);
        QVERIFY(p.tryAcquire());
        QVERIFY(!p.tryAcquire());
        const int interval = (RequestPacer::kWindowMs + RequestPacer::kWindowMarginMs + 9) / 10;
        QCOMPARE(p.msUntilNextToken(), interval);
        now += interval - 1;
        QVERIFY(!p.tryAcquire());
        QCOMPARE(p.msUntilNextToken(), 1);
        now += 1;
        QVERIFY(p.tryAcquire());
        // Idle for a minute: still only one at once.
        now += 60000;
        QVERIFY(p.tryAcquire());
        QVERIFY(!p.tryAcquire());
    }

    void slidingWindowHoldsTheRate_data()
    {
        QTest::addColumn<int>("rate");
        QTest::addColumn<QString>("pattern");
        for (int rate : {1, 7, 50, 95, 100, 1000}) {
            for (const char *pattern : {"all-at-once", "bursts", "random", "random-underload", "trickle-then-flood"})
                QTest::addRow("%d/s %s", rate, pattern) << rate << QString::fromLatin1(pattern);
        }
    }

    // GIVEN a rate and an arrival pattern THEN every sliding 1-second window of release times
    // holds at most `rate`, requests leave in arrival order, and msUntilNextToken() is exact.
    void slidingWindowHoldsTheRate()
    {
        QFETCH(int, rate);
        QFETCH(QString, pattern);
        std::vector<qint64> arrivals;
        const int n = std::max(40, 6 * rate);
        if (pattern == QLatin1String("all-at-once"))
            arrivals = allAtOnce(n);
        else if (pattern == QLatin1String("bursts"))
            arrivals = bursts(4, 2 * rate + 1, 2500);
        else if (pattern == QLatin1String("random"))
            arrivals = randomArrivals(n, rate, 1.5, 7);
        else if (pattern == QLatin1String("random-underload"))
            arrivals = randomArrivals(n, rate, 0.8, 11);
        else
            arrivals = trickleThenFlood(rate);

        Simulation sim(rate);
        sim.run(arrivals);
        QVERIFY(sim.consistent);
        QCOMPARE(sim.releases.size(), arrivals.size());
        QVERIFY(sim.inOrder());
        qint64 at = 0;
        const int excess = sim.worstExcess(&at);
        QVERIFY2(excess <= 0, qPrintable(QStringLiteral("%1 over the rate in the second ending at %2 ms").arg(excess).arg(at)));
        for (const Release &r : sim.releases)
            QVERIFY(r.time >= arrivals[size_t(r.request)]);
    }

    void longRunPaceIsTheRate_data()
    {
        QTest::addColumn<int>("rate");
        for (int rate : {1, 7, 50, 95, 100, 1000})
            QTest::addRow("%d/s", rate) << rate;
    }

    // GIVEN a queue that never runs dry THEN the pacer releases at least 99% of the rate.
    void longRunPaceIsTheRate()
    {
        QFETCH(int, rate);
        const int n = std::max(100, 20 * rate);
        Simulation sim(rate);
        sim.run(allAtOnce(n));
        QCOMPARE(int(sim.releases.size()), n);
        const qint64 span = sim.releases.back().time - sim.releases.front().time;
        const double perSecond = double(n - 1) * 1000.0 / double(span);
        QVERIFY2(perSecond >= 0.99 * rate, qPrintable(QStringLiteral("%1/s at rate %2").arg(perSecond).arg(rate)));
        QVERIFY(perSecond <= rate);
    }

    void lateTimersAreMadeUp_data()
    {
        QTest::addColumn<int>("rate");
        QTest::addColumn<int>("maxLateMs");
        QTest::addColumn<int>("stallEvery");   // a 40 ms stall every n-th wake-up (0 = none)
        for (int rate : {1, 7, 50, 95, 100}) {
            QTest::addRow("%d/s late by up to 2 ms", rate) << rate << 2 << 0;
            QTest::addRow("%d/s late by up to 2 ms, 40 ms stalls", rate) << rate << 2 << 7;
        }
        // Not 1000/s: with one release of slack, a ms-grained timer cannot make up ms delays
        // at one release per ms (the service allows 100/s).
    }

    // GIVEN a timer that fires late (as real timers do, and more so on a busy machine) THEN
    // the window still holds the rate, and small delays do not lower the long-run pace.
    void lateTimersAreMadeUp()
    {
        QFETCH(int, rate);
        QFETCH(int, maxLateMs);
        QFETCH(int, stallEvery);
        std::mt19937_64 rng(5);
        int wakeUps = 0;
        Simulation sim(rate);
        sim.lateness = [&]() -> qint64 {
            ++wakeUps;
            if (stallEvery > 0 && wakeUps % stallEvery == 0)
                return 40;
            return qint64(rng() % quint64(maxLateMs + 1));
        };
        const int n = std::max(100, 20 * rate);
        sim.run(allAtOnce(n));
        QVERIFY(sim.consistent);
        QVERIFY(sim.inOrder());
        qint64 at = 0;
        const int excess = sim.worstExcess(&at);
        QVERIFY2(excess <= 0, qPrintable(QStringLiteral("%1 over the rate in the second ending at %2 ms").arg(excess).arg(at)));
        if (stallEvery == 0) {
            const qint64 span = sim.releases.back().time - sim.releases.front().time;
            const double perSecond = double(n - 1) * 1000.0 / double(span);
            QVERIFY2(perSecond >= 0.99 * rate, qPrintable(QStringLiteral("%1/s at rate %2").arg(perSecond).arg(rate)));
        }
    }

    void rateChangeKeepsTheWindow_data()
    {
        QTest::addColumn<QList<int>>("rates");   // a new rate every 700 ms
        QTest::addRow("down") << QList<int>{100, 20, 5, 1};
        QTest::addRow("up") << QList<int>{1, 7, 50, 1000};
        QTest::addRow("mixed") << QList<int>{95, 7, 100, 50, 1000, 1, 95};
        QTest::addRow("via unlimited") << QList<int>{50, 0, 20, 0, 7};
    }

    // GIVEN a full queue and the rate changed mid-run THEN every 1-second window holds at most
    // the rate in force at its end: after a cut, the releases of the last second still count.
    void rateChangeKeepsTheWindow()
    {
        QFETCH(QList<int>, rates);
        Simulation sim(rates.first());
        for (int i = 1; i < rates.size(); ++i)
            sim.rateChanges[700 * i + 3 * i] = rates.at(i);
        // Enough to keep the queue busy through every phase (unlimited phases drain fast).
        std::vector<qint64> arrivals;
        for (qint64 t = 0; t < 700 * qint64(rates.size()); t += 50)
            arrivals.insert(arrivals.end(), 60, t);
        sim.run(arrivals);
        QVERIFY(sim.consistent);
        QVERIFY(sim.inOrder());
        // Unlimited phases have no rate to hold; check the windows that end in limited ones.
        int worst = std::numeric_limits<int>::min();
        qint64 at = 0;
        size_t first = 0;
        for (size_t i = 0; i < sim.releases.size(); ++i) {
            const qint64 t = sim.releases[i].time;
            while (sim.releases[first].time <= t - 1000)
                ++first;
            size_t last = i;
            while (last + 1 < sim.releases.size() && sim.releases[last + 1].time == t)
                ++last;
            const int rate = sim.rateAt(t);
            if (rate == 0)
                continue;
            const int excess = int(last - first + 1) - rate;
            if (excess > worst) {
                worst = excess;
                at = t;
            }
        }
        QVERIFY2(worst <= 0, qPrintable(QStringLiteral("%1 over the rate in the second ending at %2 ms").arg(worst).arg(at)));
    }

    // GIVEN 100/s WHEN a 200010 slows the pacer down THEN the rate halves at once, a second
    // 200010 within the second does not halve again, the rate climbs back in a straight line
    // over the slow-down period, and a 200010 more than a second later halves again.
    void slowDownHalvesThenClimbsBack()
    {
        qint64 now = 0;
        RequestPacer p;
        p.setClock([&now] { return now; });
        p.setRate(100);
        p.setSlowDownPeriodMs(10000);
        p.slowDown();
        QVERIFY(p.isSlowedDown());
        QCOMPARE(p.effectiveRate(), 50);
        now = 500;
        QCOMPARE(p.effectiveRate(), 52);
        p.slowDown();                       // the same server window: no second halving,
        QCOMPARE(p.effectiveRate(), 50);    // but the climb starts again from the bottom
        now = 500 + 5000;                   // half-way up
        QCOMPARE(p.effectiveRate(), 75);
        now = 500 + 9999;
        QVERIFY(p.isSlowedDown());
        QCOMPARE(p.effectiveRate(), 99);
        now = 500 + 10000;
        QVERIFY(!p.isSlowedDown());
        QCOMPARE(p.effectiveRate(), 100);
        now = 20000;
        p.slowDown();
        QCOMPARE(p.effectiveRate(), 50);
        now = 21500;                        // a second and a half later, still limited
        QCOMPARE(p.effectiveRate(), 57);
        p.slowDown();
        QCOMPARE(p.effectiveRate(), 28);
        p.setRate(100);                     // a new rate ends the slow-down
        QVERIFY(!p.isSlowedDown());
        QCOMPARE(p.effectiveRate(), 100);
    }

    // GIVEN a busy queue at 100/s WHEN a slow-down and a pause come THEN nothing leaves during
    // the pause, every window holds at most the effective rate at its end (the requests of
    // the second before the 200010 count against the halved rate), and the pace climbs back.
    void slowDownKeepsTheWindowWhileClimbing()
    {
        Simulation sim(100);
        sim.pacer.setSlowDownPeriodMs(4000);
        std::vector<qint64> arrivals = allAtOnce(900);
        // Run 1.5 s, slow down with a 250 ms pause, run on.
        sim.run(std::vector<qint64>(arrivals.begin(), arrivals.begin() + 150));
        const qint64 limitedAt = sim.now;
        sim.pacer.slowDown();
        sim.pacer.pauseFor(250);
        QVERIFY(!sim.pacer.tryAcquire());
        const size_t releasedBefore = sim.releases.size();
        std::vector<qint64> rest(arrivals.size() - 150, limitedAt);
        // Requests numbered on from 150 keep FIFO order in the check below.
        Simulation &s = sim;   // driven by hand from here: the effective rate changes per release
        std::deque<int> queue;
        for (size_t i = 0; i < rest.size(); ++i)
            queue.push_back(int(150 + i));
        std::vector<int> effective;   // effective rate at each release
        while (!queue.empty()) {
            while (!queue.empty() && s.pacer.tryAcquire()) {
                s.releases.push_back({queue.front(), s.now});
                effective.push_back(s.pacer.effectiveRate());
                queue.pop_front();
            }
            if (!queue.empty()) {
                const int wait = s.pacer.msUntilNextToken();
                QVERIFY(wait > 0);
                s.now += wait;
            }
        }
        QVERIFY(s.inOrder());
        QVERIFY(s.releases[releasedBefore].time >= limitedAt + 250);
        size_t first = 0;
        for (size_t i = releasedBefore; i < s.releases.size(); ++i) {
            const qint64 t = s.releases[i].time;
            while (s.releases[first].time <= t - 1000)
                ++first;
            const int inWindow = int(i - first + 1);
            QVERIFY2(inWindow <= effective[i - releasedBefore],
                     qPrintable(QStringLiteral("%1 in the second ending at %2 ms, effective rate %3")
                                    .arg(inWindow).arg(t).arg(effective[i - releasedBefore])));
        }
        QVERIFY(!s.pacer.isSlowedDown());
        QCOMPARE(s.pacer.effectiveRate(), 100);
        // The last second ran at the full rate again (>= 99%).
        const qint64 end = s.releases.back().time;
        const auto lastSecond = std::count_if(s.releases.begin(), s.releases.end(),
                                              [end](const Release &r) { return r.time > end - 1000; });
        QVERIFY2(lastSecond >= 99, qPrintable(QString::number(lastSecond)));
    }

    void slowDownFromUnlimitedUsesServiceLimit()
    {
        qint64 now = 0;
        RequestPacer p;
        p.setClock([&now] { return now; });
        p.setRate(0);
        p.setSlowDownPeriodMs(200);
        p.slowDown();
        QCOMPARE(p.effectiveRate(), 50);
        now = 100;
        QCOMPARE(p.effectiveRate(), 75);
        now = 200;
        QCOMPARE(p.effectiveRate(), 0);   // back to unlimited
    }

    void pauseHoldsReleases()
    {
        qint64 now = 0;
        RequestPacer p;
        p.setClock([&now] { return now; });
        p.setRate(1000);
        p.pauseFor(300);
        QVERIFY(p.isPaused());
        QVERIFY(!p.tryAcquire());
        QCOMPARE(p.msUntilNextToken(), 300);
        now = 299;
        QVERIFY(!p.tryAcquire());
        now = 300;
        QVERIFY(!p.isPaused());
        QVERIFY(p.tryAcquire());
    }

    // schedule() on the real clock: ready() comes once a request may go.
    void scheduleEmitsReady()
    {
        RequestPacer p;
        p.setRate(10);
        QVERIFY(p.tryAcquire());
        QVERIFY(!p.tryAcquire());
        QSignalSpy ready(&p, &RequestPacer::ready);
        p.schedule();
        QVERIFY(ready.wait(5000));
        QVERIFY(p.tryAcquire());
    }
};

QTEST_GUILESS_MAIN(TestRequestPacer)
#include "tst_requestpacer.moc"
