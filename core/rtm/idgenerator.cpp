#include "idgenerator.h"

#include <thread>

#include <QDateTime>
#include <QRandomGenerator>

namespace rtm {

namespace {
constexpr qint64 kRandomMask = (qint64(1) << kIdRandomBits) - 1;
constexpr qint64 kCounterMask = (qint64(1) << kIdCounterBits) - 1;
constexpr int kMsShift = kIdRandomBits + kIdCounterBits;
} // namespace

IdFields decodeId(qint64 id)
{
    IdFields f;
    f.msSinceEpoch = id >> kMsShift;
    f.random = static_cast<int>((id >> kIdCounterBits) & kRandomMask);
    f.counter = static_cast<int>(id & kCounterMask);
    return f;
}

qint64 composeId(qint64 msSinceEpoch, int random, int counter)
{
    return (msSinceEpoch << kMsShift) | ((qint64(random) & kRandomMask) << kIdCounterBits)
        | (qint64(counter) & kCounterMask);
}

IdGenerator::IdGenerator()
    : IdGenerator(static_cast<int>(QRandomGenerator::system()->bounded(1u << kIdRandomBits)))
{
}

IdGenerator::IdGenerator(int random10)
    : m_random(random10 & static_cast<int>(kRandomMask))
    , m_wallAnchorMs(QDateTime::currentMSecsSinceEpoch() - kIdEpochMs)
    , m_steadyAnchor(std::chrono::steady_clock::now())
{
}

IdGenerator &IdGenerator::global()
{
    static IdGenerator generator;
    return generator;
}

qint64 IdGenerator::nowMs() const
{
    // A steady clock cannot step back when the wall clock is adjusted, which would
    // otherwise replay milliseconds that already handed out ids.
    const auto elapsed = std::chrono::steady_clock::now() - m_steadyAnchor;
    return m_wallAnchorMs + std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count();
}

qint64 IdGenerator::next()
{
    std::lock_guard lock(m_mutex);
    qint64 ms = nowMs();
    if (ms > m_lastMs) {
        m_lastMs = ms;
        m_counter = 0;
    } else if (m_counter >= kCounterMask) {
        // 4096 ids in this millisecond already: wait for the next one (at most ~1 ms).
        while ((ms = nowMs()) <= m_lastMs)
            std::this_thread::yield();
        m_lastMs = ms;
        m_counter = 0;
    } else {
        ++m_counter;
    }
    return composeId(m_lastMs, m_random, m_counter);
}

} // namespace rtm
