#include "sandboxthread.h"

#include <QThread>

#include "sandboxserver.h"

namespace sandbox {

SandboxThread::SandboxThread(const SandboxOptions &options, QObject *parent)
    : QObject(parent), m_options(options)
{
}

SandboxThread::~SandboxThread()
{
    stop();
}

void SandboxThread::start(const QHostAddress &address, quint16 port)
{
    if (m_thread)
        return;
    m_thread = new QThread;
    m_thread->setObjectName(QStringLiteral("rtm-sandbox"));
    m_context = new QObject;
    m_context->moveToThread(m_thread);
    m_thread->start();
    // The server is created, used and destroyed on the sandbox thread only.
    QMetaObject::invokeMethod(m_context, [this, address, port] {
        auto *server = new SandboxServer(m_options, m_context);
        if (!server->listen(address, port)) {
            const QString reason = server->errorString();
            delete server;
            Q_EMIT failed(reason);   // queued to this object's thread
            return;
        }
        m_server = server;
        m_port = server->port();
        Q_EMIT started(server->port());
    });
}

void SandboxThread::stop()
{
    if (!m_thread)
        return;
    // Must not be called from the sandbox thread itself (it would wait for itself).
    QMetaObject::invokeMethod(m_context, [this] {
        delete m_server;   // closes connections, syncs the journal
        m_server = nullptr;
    }, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    delete m_context;   // its thread has finished; nothing else can touch it
    m_context = nullptr;
    delete m_thread;
    m_thread = nullptr;
    m_port = 0;
    Q_EMIT stopped();
}

bool SandboxThread::isRunning() const
{
    return m_thread != nullptr;
}

quint16 SandboxThread::port() const
{
    return m_port;
}

} // namespace sandbox
