#pragma once

// The sandbox: an RTM-compatible server for the 12 Message API wire methods (protocol.md
// 4, read as section 7 says) on top of fpnn::FpnnServer. Lives on one thread (the one
// that created it); SandboxThread runs one on its own thread.

#include <memory>

#include <QHostAddress>
#include <QObject>
#include <QString>

#include "sandboxoptions.h"

namespace sandbox {

class MessageStore;
class SandboxServerPrivate;

class SandboxServer : public QObject {
    Q_OBJECT
public:
    explicit SandboxServer(const SandboxOptions &options = {}, QObject *parent = nullptr);
    ~SandboxServer() override;   // closes connections, flushes and closes the journal

    const SandboxOptions &options() const;

    // Opens the data (journal replay, demo data into an empty store) on the first call,
    // then starts accepting. Port 0 picks a free port (see port()). False + errorString()
    // when the journal cannot be opened/replayed or the address cannot be bound.
    bool listen(const QHostAddress &address = QHostAddress::LocalHost, quint16 port = 0);
    void close();   // stops accepting, closes connections, flushes the journal

    bool isListening() const;
    QHostAddress address() const;
    quint16 port() const;
    QString errorString() const;
    int connectionCount() const;

    // Direct access for tests and tools on the server's thread.
    MessageStore &store();

private:
    std::unique_ptr<SandboxServerPrivate> d;
};

} // namespace sandbox
