#pragma once

// Driving the event loop from a benchmark's main function, shared by the programs that
// measure event-loop gaps.

#include <functional>

#include <QEventLoop>
#include <QTimer>

namespace bench {

// Runs the event loop for `ms`.
inline void runFor(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

// Runs `action` from inside the event loop (so its time counts as a gap), then the loop for `ms`.
inline void step(const std::function<void()> &action, int ms)
{
    QEventLoop loop;
    QTimer::singleShot(0, &loop, action);
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

} // namespace bench
