#include "connectionstatus.h"

#include <QDir>
#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>

#include "lockicon.h"
#include "service/rtmsession.h"

namespace ui {

ConnectionStatus::ConnectionStatus(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("connectionStatus"));
    auto make = [this](const char *name) {
        auto *l = new QLabel(this);
        l->setObjectName(QString::fromLatin1(name));
        l->setTextFormat(Qt::PlainText);
        return l;
    };
    m_environment = make("statusEnvironment");
    m_environment->setMargin(2);
    m_state = make("statusState");
    m_lock = make("statusLock");
    const int iconSize = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    m_lock->setPixmap(lockIcon(palette()).pixmap(iconSize, iconSize));
    m_encryption = make("statusEncryption");
    m_endpoint = make("statusEndpoint");
    m_pid = make("statusPid");
    m_rtt = make("statusRtt");
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_environment);
    layout->addWidget(m_state);
    layout->addWidget(m_lock);
    layout->addWidget(m_encryption);
    layout->addWidget(m_endpoint);
    layout->addWidget(m_pid);
    layout->addWidget(m_rtt);
    clear();
}

QString ConnectionStatus::stateName(int state)
{
    switch (service::RtmSession::State(state)) {
    case service::RtmSession::State::Disconnected: return tr("Disconnected");
    case service::RtmSession::State::Connecting: return tr("Connecting");
    case service::RtmSession::State::Connected: return tr("Connected");
    case service::RtmSession::State::Reconnecting: return tr("Reconnecting");
    case service::RtmSession::State::Closing: return tr("Closing");
    }
    return {};
}

void ConnectionStatus::clear()
{
    if (m_session)
        m_session->disconnect(this);
    m_session = nullptr;
    m_environment->hide();
    m_state->setText(tr("Not connected"));
    m_endpoint->clear();
    m_pid->clear();
    m_rtt->clear();
    updateEncryption();
}

void ConnectionStatus::setSession(service::RtmSession *session, const ConnectionProfile &profile)
{
    clear();
    m_session = session;
    if (!session)
        return;
    QString env = profile.environmentText().toUpper();
    if (profile.readOnly)
        env += tr(" · READ-ONLY");
    m_environment->setText(QStringLiteral(" ") + env + QStringLiteral(" "));
    // Production stands out with the palette's highlight colours (works with dark themes).
    const bool loud = profile.isProduction();
    m_environment->setAutoFillBackground(loud);
    m_environment->setBackgroundRole(loud ? QPalette::Highlight : QPalette::Window);
    m_environment->setForegroundRole(loud ? QPalette::HighlightedText : QPalette::WindowText);
    QFont f = m_environment->font();
    f.setBold(loud);
    m_environment->setFont(f);
    m_environment->show();
    m_endpoint->setText(session->endpoint());
    m_pid->setText(tr("pid %1").arg(session->pid()));
    connect(session, &service::RtmSession::stateChanged, this, &ConnectionStatus::updateState);
    connect(session, &service::RtmSession::roundTripChanged, this, &ConnectionStatus::updateRtt);
    updateState();
    updateRtt(session->lastRoundTripMs());
}

void ConnectionStatus::updateState()
{
    if (!m_session)
        return;
    m_state->setText(stateName(int(m_session->state())));
    updateEncryption();
}

void ConnectionStatus::updateEncryption()
{
    // The handshake is part of connecting, so the connection is encrypted from the moment
    // it counts as connected; shown only then, never for settings alone.
    const bool encrypted = m_session && m_session->isEncrypted();
    m_lock->setVisible(encrypted);
    m_encryption->setVisible(encrypted);
    if (!encrypted) {
        m_encryption->clear();
        m_lock->setToolTip(QString());
        return;
    }
    const service::SessionEncryption &e = m_session->config().encryption;
    const QString mode = e.streamMode ? tr("stream") : tr("package");
    m_encryption->setText(tr("AES-%1 %2 · %3").arg(e.bits).arg(mode, m_session->encryptionCurveName()));
    const QString tip = tr("Encrypted connection: AES-%1 in %2 mode, server key %3 (%4)")
                            .arg(e.bits)
                            .arg(mode, QDir::toNativeSeparators(e.serverKeyFile), m_session->encryptionCurveName());
    m_lock->setToolTip(tip);
    m_encryption->setToolTip(tip);
}

QString ConnectionStatus::encryptionText() const
{
    return m_encryption->text();
}

bool ConnectionStatus::showsLock() const
{
    return !m_lock->isHidden() && !m_lock->pixmap().isNull();
}

void ConnectionStatus::updateRtt(int ms)
{
    m_rtt->setText(ms < 0 ? tr("round trip: —") : tr("round trip: %1 ms").arg(ms));
}

QString ConnectionStatus::stateText() const
{
    return m_state->text();
}

QString ConnectionStatus::text() const
{
    QStringList parts;
    for (QLabel *l : {m_environment, m_state, m_encryption, m_endpoint, m_pid, m_rtt})
        if (!l->text().isEmpty())
            parts << l->text().trimmed();
    return parts.join(QStringLiteral(" | "));
}

} // namespace ui
