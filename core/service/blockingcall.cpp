#include "blockingcall.h"

#include <atomic>

#include <QCoreApplication>
#include <QEventLoop>
#include <QPointer>
#include <QThread>
#include <QTimer>

#include "fpnn/fpnnerrorcodes.h"
#include "servicelog.h"

namespace service {

namespace {
std::atomic_bool g_assertOnMisuse{true};

ReplyResult copyOf(const RtmReply *reply)
{
    ReplyResult r;
    r.kind = reply->kind();
    r.method = reply->method();
    r.target = reply->target();
    r.error = reply->error();
    r.durationMs = reply->durationMs();
    r.mid = reply->mid();
    if (reply->ok()) {
        switch (reply->kind()) {
        case RtmReply::Kind::Send: r.send = reply->sendResult(); break;
        case RtmReply::Kind::History: r.history = reply->historyPage(); break;
        case RtmReply::Kind::Info: r.info = reply->messageInfo(); break;
        case RtmReply::Kind::Count: r.count = reply->messageCount(); break;
        case RtmReply::Kind::Delete:
        case RtmReply::Kind::Probe: break;
        }
    }
    return r;
}
} // namespace

void setAssertOnBlockingMisuse(bool on)
{
    g_assertOnMisuse = on;
}

bool canBlockHere()
{
    return QThread::currentThread()->loopLevel() == 0;
}

ReplyResult waitForReply(RtmReply *reply, int timeoutMs)
{
    if (!reply) {
        ReplyResult r;
        r.error = rtm::RtmError::fromCode(fpnn::CoreUnknownError, QStringLiteral("no reply to wait for"));
        return r;
    }
    if (!canBlockHere() || reply->thread() != QThread::currentThread()) {
        if (g_assertOnMisuse)
            Q_ASSERT_X(false, "service::waitForReply",
                       "called inside a running event loop or for a reply of another thread");
        qCWarning(lcService) << "waitForReply refused: called inside a running event loop"
                                " or for a reply of another thread";
        ReplyResult r = copyOf(reply);
        r.error = rtm::RtmError::fromCode(
            fpnn::CoreForbidden,
            QStringLiteral("blocking wait refused: only main() of a console program or a test may block"));
        return r;
    }
    if (reply->isFinished())
        return copyOf(reply);   // only possible when the caller let the event loop run already

    ReplyResult result;
    QEventLoop loop;
    QObject::connect(reply, &RtmReply::finished, &loop, [&] {
        result = copyOf(reply);
        loop.quit();
    });
    QPointer<RtmReply> guard(reply);
    QTimer timer;
    if (timeoutMs > 0) {
        timer.setSingleShot(true);
        QObject::connect(&timer, &QTimer::timeout, &loop, [guard] {
            if (guard)
                guard->abort();
        });
        timer.start(timeoutMs);
    }
    loop.exec();
    return result;
}

} // namespace service
