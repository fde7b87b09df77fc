#pragma once

// The sequence numbers of one connection's quests: 1, 2, … up to 0x7fffffff, then 1 again
// (wraps like the Python SDK, protocol.md 1.5). Never 0 (that marks a oneway) and never a
// number whose quest still waits for its answer. FpnnClient keeps one per connection.

#include <QtGlobal>

namespace fpnn {

class QuestSequence {
public:
    static constexpr quint32 kMax = 0x7fffffff;

    // `next`: the first number to try (a fresh connection starts at 1).
    explicit QuestSequence(quint32 next = 1) : m_next(next) {}

    // The next free number; `isOutstanding(seq)` says which ones are still taken.
    template <typename Predicate> quint32 take(Predicate isOutstanding)
    {
        for (;;) {
            const quint32 s = m_next;
            m_next = (m_next >= kMax) ? 1 : m_next + 1;
            if (s != 0 && !isOutstanding(s))
                return s;
        }
    }

    void restart() { m_next = 1; }

private:
    quint32 m_next;
};

} // namespace fpnn
