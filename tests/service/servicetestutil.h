#pragma once

// Helpers shared by the service tests: an in-process sandbox on a free loopback port,
// session settings for it, and a server that accepts connections and never answers.

#include <memory>

#include <QList>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include "sandbox/messagestore.h"
#include "sandbox/sandboxserver.h"
#include "service/rtmsession.h"

namespace testutil {

inline std::unique_ptr<sandbox::SandboxServer> startSandbox(const sandbox::SandboxOptions &options = {})
{
    auto server = std::make_unique<sandbox::SandboxServer>(options);
    if (!server->listen(QHostAddress::LocalHost, 0)) {
        qWarning("sandbox did not start: %s", qPrintable(server->errorString()));
        return nullptr;
    }
    return server;
}

inline service::SessionConfig configFor(quint16 port, const QByteArray &secret = sandbox::kDemoSecret)
{
    service::SessionConfig c;
    c.profileName = QStringLiteral("test-profile");
    c.host = QStringLiteral("127.0.0.1");
    c.port = port;
    c.pid = sandbox::kDemoPid;
    c.secret = secret;
    c.defaultTimeoutMs = 10000;
    c.rateLimitPerSecond = 0;
    return c;
}

// Accepts connections, reads and drops everything, never answers (timeouts), or closes
// each connection as soon as data arrives (closeOnData: connection closed mid-request).
class SilentServer : public QTcpServer {
public:
    explicit SilentServer(bool closeOnData = false) : m_closeOnData(closeOnData)
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = nextPendingConnection()) {
                ++connections;
                connect(s, &QTcpSocket::readyRead, s, [this, s] {
                    s->readAll();
                    if (m_closeOnData)
                        s->abort();
                });
            }
        });
        listen(QHostAddress::LocalHost, 0);
    }
    int connections = 0;

private:
    bool m_closeOnData;
};

} // namespace testutil
