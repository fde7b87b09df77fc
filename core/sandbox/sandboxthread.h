#pragma once

// Runs a SandboxServer on its own QThread, for `rtm-console --sandbox` and tests:
//
//   auto *sandbox = new sandbox::SandboxThread(options, this);
//   connect(sandbox, &sandbox::SandboxThread::started, this, [](quint16 port) { ... });
//   connect(sandbox, &sandbox::SandboxThread::failed, this, [](const QString &why) { ... });
//   sandbox->start();               // 127.0.0.1, free port
//
// Signals arrive on the thread that owns the SandboxThread object. Destroying it (or
// stop()) closes the server, flushes the journal and joins the thread.

#include <atomic>

#include <QHostAddress>
#include <QObject>
#include <QString>

#include "sandboxoptions.h"

class QThread;

namespace sandbox {

class SandboxServer;

class SandboxThread : public QObject {
    Q_OBJECT
public:
    explicit SandboxThread(const SandboxOptions &options = {}, QObject *parent = nullptr);
    ~SandboxThread() override;

    // Starts the thread and listens there; reports with started() or failed().
    // A second call is ignored until stop() — also after failed(): call stop() (or
    // destroy the object) before trying again with other options or another port.
    void start(const QHostAddress &address = QHostAddress::LocalHost, quint16 port = 0);
    // Stops the server and joins the thread (blocks until the journal is flushed).
    void stop();

    bool isRunning() const;   // between start() and stop(), whatever the outcome
    quint16 port() const;   // 0 until started() (read from any thread after started())
    const SandboxOptions &options() const { return m_options; }

Q_SIGNALS:
    void started(quint16 port);
    void failed(const QString &reason);
    void stopped();

private:
    SandboxOptions m_options;
    QThread *m_thread = nullptr;
    QObject *m_context = nullptr;       // lives on m_thread; owns the server
    SandboxServer *m_server = nullptr;  // touched only on m_thread
    std::atomic<quint16> m_port{0};
};

} // namespace sandbox
