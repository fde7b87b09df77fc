#pragma once

// Salts and mids (protocol.md 3.3): one 64-bit value per draw that never repeats within
// the process, laid out as
//     (ms since 2020-01-01 UTC << 22) | (random10 << 12) | counter12
// random10 is drawn once per generator and tells processes apart; the counter numbers
// the draws of one millisecond, and when it is used up the generator waits for the next
// millisecond (4096 ids per ms, far above any real rate). The 2020 epoch keeps values
// positive int64 until 2089-09 (2^41 ms).

#include <chrono>
#include <functional>
#include <mutex>

#include <QtGlobal>

namespace rtm {

inline constexpr qint64 kIdEpochMs = 1577836800000;   // 2020-01-01T00:00:00Z
inline constexpr int kIdRandomBits = 10;
inline constexpr int kIdCounterBits = 12;

struct IdFields {
    qint64 msSinceEpoch = 0;   // since kIdEpochMs
    int random = 0;
    int counter = 0;
    qint64 unixMs() const { return msSinceEpoch + kIdEpochMs; }
};

IdFields decodeId(qint64 id);
qint64 composeId(qint64 msSinceEpoch, int random, int counter);

class IdGenerator {
public:
    IdGenerator();                        // random10 from the system's random source
    explicit IdGenerator(int random10);   // fixed (tests)

    // Thread-safe; never returns the same value twice from one generator.
    qint64 next();
    int random10() const { return m_random; }

    // The one generator shared by every RtmClient of the process, so that ids stay
    // distinct across clients as well.
    static IdGenerator &global();

private:
    qint64 nowMs() const;   // monotonic, anchored to the wall clock at construction

    const int m_random;
    const qint64 m_wallAnchorMs;
    const std::chrono::steady_clock::time_point m_steadyAnchor;
    std::mutex m_mutex;
    qint64 m_lastMs = -1;
    int m_counter = 0;
};

// Where RtmClient takes its salts and mids from; tests replace it to force a repeated
// salt (200006 path). The default draws from IdGenerator::global().
using IdSource = std::function<qint64()>;

} // namespace rtm
