#pragma once

// The status bar's permanent part: environment badge, connection state, a padlock with
// the encryption mode while the connection is encrypted, endpoint, pid and the last
// round-trip time.

#include <QPointer>
#include <QWidget>

#include "connectionprofile.h"
#include "service/rtmsession.h"

class QLabel;

namespace service {
class RtmSession;
}

namespace ui {

class ConnectionStatus : public QWidget {
    Q_OBJECT
public:
    explicit ConnectionStatus(QWidget *parent = nullptr);
    void setSession(service::RtmSession *session, const ConnectionProfile &profile);
    void clear();
    QString stateText() const;
    // "AES-128 package · secp256r1" while the connection is encrypted, else "".
    QString encryptionText() const;
    bool showsLock() const;
    QString text() const;    // everything, for tests and tooltips

    static QString stateName(int state);

private:
    void updateState();
    void updateEncryption();
    void updateRtt(int ms);

    QPointer<service::RtmSession> m_session;
    QLabel *m_environment;
    QLabel *m_state;
    QLabel *m_lock;
    QLabel *m_encryption;
    QLabel *m_endpoint;
    QLabel *m_pid;
    QLabel *m_rtt;
};

} // namespace ui
