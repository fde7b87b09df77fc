#pragma once

// How far a "Load all" has come: messages and pages so far and, when the total is known
// (getmsgnum, groups and rooms only), "n of N" with an estimate of the time left from the
// rate since the load began. The clock is injectable, so tests can drive the estimate.

#include <functional>

#include <QCoreApplication>
#include <QString>
#include <QtGlobal>

namespace service {

class LoadAllProgress {
    Q_DECLARE_TR_FUNCTIONS(LoadAllProgress)
public:
    using Clock = std::function<qint64()>;   // milliseconds, never going back

    // Without a clock: a monotonic one (QElapsedTimer).
    explicit LoadAllProgress(Clock clock = {});

    // Load all begins with `loaded` messages already there (earlier pages); the rate counts
    // only what arrives from now on. The total is unknown until setTotal().
    void start(qint64 loaded, int pages);
    void update(qint64 loaded, int pages);
    void setTotal(qint64 total);              // < 0: unknown

    qint64 loaded() const { return m_loaded; }
    int pages() const { return m_pages; }
    qint64 total() const { return m_total; }
    bool hasTotal() const { return m_total >= 0; }
    // Milliseconds left at the rate so far; -1 while it cannot be told (no total, nothing
    // arrived yet since start()).
    qint64 etaMs() const;

    // "1,234 loaded · page 62" or, with the total, "1,234 of 100,000 loaded · page 62 ·
    // ETA 1:05" (messages, deleted ones not counted).
    QString text() const;
    // "m:ss" (minutes may exceed 59: "75:00").
    static QString durationText(qint64 ms);

private:
    Clock m_clock;
    qint64 m_startMs = 0;
    qint64 m_startLoaded = 0;
    qint64 m_loaded = 0;
    int m_pages = 0;
    qint64 m_total = -1;
};

} // namespace service
