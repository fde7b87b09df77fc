#pragma once

// Helpers shared by the service tests: an in-process sandbox on a free loopback port,
// session settings for it, a server that accepts connections and never answers, and an
// FPNN server whose history cursor cycles.

#include <memory>

#include <QList>
#include <QProcessEnvironment>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include "fpnn/fpnnserver.h"
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

// Answers every history quest with a full page (`num` rows) whose lastid is the next of
// `lastIds`, round and round: a server cursor that repeats instead of advancing.
class CyclingHistoryServer {
public:
    explicit CyclingHistoryServer(QList<qint64> lastIds) : m_lastIds(std::move(lastIds))
    {
        for (const char *method : {"getp2pmsg", "getgroupmsg", "getroommsg", "getbroadcastmsg"})
            m_server.addMethod(method, [this](const fpnn::IncomingQuest &q) { return page(q); });
        m_server.listen(QHostAddress::LocalHost, 0);
    }
    quint16 port() const { return m_server.serverPort(); }
    int quests = 0;

private:
    fpnn::Answer page(const fpnn::IncomingQuest &q)
    {
        const fpnn::Value *numField = q.payload.find("num");
        const qint64 num = numField ? numField->toInt64().value_or(1) : 1;
        const qint64 lastId = m_lastIds.at(quests % m_lastIds.size());
        ++quests;
        fpnn::Value rows = fpnn::Value::array();
        for (qint64 i = 0; i < num; ++i) {
            fpnn::ValueArray row{fpnn::Value(lastId + num - 1 - i), fpnn::Value(1), fpnn::Value(51),
                                 fpnn::Value(qint64(quests) * 1000 + i), fpnn::Value(false), fpnn::Value("row"),
                                 fpnn::Value(""), fpnn::Value(1700000000000LL)};
            rows.append(fpnn::Value(std::move(row)));
        }
        fpnn::Value answer = fpnn::Value::map();
        answer.insert("num", fpnn::Value(num));
        answer.insert("lastid", fpnn::Value(lastId));
        answer.insert("begin", fpnn::Value(0));
        answer.insert("end", fpnn::Value(0));
        answer.insert("msgs", std::move(rows));
        return fpnn::Answer::success(std::move(answer));
    }

    fpnn::FpnnServer m_server;
    QList<qint64> m_lastIds;
};

// The environment for running the real rtmctl in a test: none of the user's RTM_* settings
// or logging rules, the given secret, and the test's own audit log.
inline QProcessEnvironment rtmctlEnvironment(const QByteArray &secret, const QString &auditPath)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"RTM_ENDPOINT", "RTM_PID", "RTM_SECRET", "RTM_PROFILE", "RTM_RATE_LIMIT",
                             "RTM_VERBOSE", "QT_LOGGING_RULES"})
        env.remove(QString::fromLatin1(name));
    env.insert(QStringLiteral("RTM_SECRET"), QString::fromLatin1(secret));
    env.insert(QStringLiteral("RTM_AUDIT_LOG"), auditPath);
    return env;
}

} // namespace testutil
