#pragma once

// Shared by the GUI tests: an in-process sandbox on its own thread, sessions to it, and a
// settings/audit sandbox in a temporary directory so tests never touch the user's files.

#include <memory>

#include <QFile>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "common/testisolation.h"
#include "sandbox/sandboxoptions.h"
#include "sandbox/sandboxthread.h"
#include "service/blockingcall.h"
#include "service/rtmsession.h"

namespace uitest {

// QSettings, the audit log and the secret store go to a private temporary folder. Every
// test program does this before main() already (common/testisolation.cpp); calling it
// from initMain() says so where the test starts.
inline void isolateUserFiles()
{
    rtmtest::isolateUserFiles();
}

// The named child widget of `parent`; a missing one ends the test at once (a renamed
// objectName would otherwise show up as a null dereference far from its cause).
template <typename T> T *child(QObject *parent, const char *name)
{
    T *w = parent->findChild<T *>(QString::fromLatin1(name));
    if (!w)
        qFatal("no child %s", name);
    return w;
}

inline QString auditPath()
{
    return qEnvironmentVariable("RTM_AUDIT_LOG");
}

inline QList<QByteArray> auditLines(const QByteArray &mustContain = {})
{
    QFile f(auditPath());
    QList<QByteArray> lines;
    if (!f.open(QIODevice::ReadOnly))
        return lines;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (!line.isEmpty() && (mustContain.isEmpty() || line.contains(mustContain)))
            lines << line;
    return lines;
}

struct Sandbox {
    std::unique_ptr<sandbox::SandboxThread> thread;
    quint16 port = 0;

    bool start(const sandbox::SandboxOptions &options = {})
    {
        thread = std::make_unique<sandbox::SandboxThread>(options);
        QSignalSpy started(thread.get(), &sandbox::SandboxThread::started);
        thread->start();
        // `started` is emitted on the sandbox thread and the spy records it there, possibly
        // before a wait() would begin (wait() only sees later emissions): poll instead.
        if (!QTest::qWaitFor([&] { return !started.isEmpty(); }, 20000))
            return false;
        port = started.first().first().value<quint16>();
        return port != 0;
    }

    service::SessionConfig config() const
    {
        service::SessionConfig c;
        c.profileName = QStringLiteral("test sandbox");
        c.host = QStringLiteral("127.0.0.1");
        c.port = port;
        c.pid = sandbox::kDemoPid;
        c.secret = sandbox::kDemoSecret;
        c.rateLimitPerSecond = 0;
        c.defaultTimeoutMs = 10000;
        return c;
    }
};

// Sends `count` text messages to a group from senders firstUid.. (round robin over
// `senders`); returns the mids in send order.
inline QList<qint64> seedGroup(service::RtmSession *session, qint64 gid, int count, int senders = 3,
                               qint64 firstUid = 7001, int mtype = 51)
{
    QList<qint64> mids;
    for (int i = 0; i < count; ++i) {
        const qint64 from = firstUid + i % senders;
        const service::ReplyResult r = service::waitForReply(session->sendGroupMessage(
            mtype, from, gid, rtm::MessageBody::text(QStringLiteral("message %1 of group %2").arg(i).arg(gid)),
            QByteArrayLiteral("{\"n\":") + QByteArray::number(i) + '}'));
        if (!r.ok())
            return {};
        mids << r.send.mid;
    }
    return mids;
}

} // namespace uitest
