#include "followcommand.h"

#include <csignal>
#include <cstdio>

#include <QEventLoop>
#include <QTimer>

#include "output.h"
#include "service/historyfollower.h"
#include "service/rtmsession.h"

namespace rtmctl {

namespace {

volatile std::sig_atomic_t g_interrupted = 0;

extern "C" void onInterrupt(int)
{
    g_interrupted = 1;
}

void printLine(FILE *stream, const QByteArray &line)
{
    std::fwrite(line.constData(), 1, size_t(line.size()), stream);
    std::fputc('\n', stream);
    std::fflush(stream);
}

} // namespace

int runFollow(service::RtmSession &session, const service::HistoryTarget &target, qint64 newestSeenId,
              bool includeDeleted)
{
    using service::HistoryFollower;
    service::HistoryTarget oldestFirst = target;
    oldestFirst.desc = false;   // the order rows are printed in; polls always read newest first
    HistoryFollower follower(&session, oldestFirst, newestSeenId);

    int exitCode = 0;
    QEventLoop loop;
    QObject::connect(&follower, &HistoryFollower::messagesArrived, &loop,
                     [includeDeleted](const std::vector<rtm::HistoryMessage> &rows) {
                         for (const rtm::HistoryMessage &m : rows)
                             if (!m.deleted || includeDeleted)
                                 printLine(stdout, messageJson(m));
                     });
    QObject::connect(&follower, &HistoryFollower::errorOccurred, &loop,
                     [](const rtm::RtmError &e, int retryMs) {
                         printLine(stderr, QByteArray("rtmctl: follow: ") + e.name.toUtf8() + " — " + e.message.toUtf8()
                                               + "; next try in " + QByteArray::number((retryMs + 999) / 1000) + " s");
                     });
    QObject::connect(&follower, &HistoryFollower::stopped, &loop,
                     [&follower, &exitCode, &loop](HistoryFollower::StopReason, const QString &why) {
                         if (const rtm::RtmError error = follower.lastError(); error.isError())
                             printLine(stdout, errorJson(error));
                         else
                             printLine(stderr, QByteArray("rtmctl: follow stopped: ") + why.toUtf8());
                         exitCode = 1;
                         loop.quit();
                     });

    // Ctrl-C: the handler only sets a flag; the loop looks at it.
    g_interrupted = 0;
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
    QTimer interruptCheck;
    QObject::connect(&interruptCheck, &QTimer::timeout, &loop, [&loop] {
        if (g_interrupted)
            loop.quit();
    });
    interruptCheck.start(100);

    follower.start();
    if (follower.isRunning())
        loop.exec();
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    return exitCode;
}

} // namespace rtmctl
