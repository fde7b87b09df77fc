#pragma once

// The console's main window: tabs for Send, the four history kinds and Count, the activity
// log dock, the connection status in the status bar, a red band while a production profile
// is connected. Owns the RtmSession of the current profile and, with --sandbox, the
// in-process sandbox server. Every connection change forgets what belonged to the previous
// one: the last sent request ("Send again"), the Find message result, the details panes.

#include <memory>

#include <QMainWindow>
#include <QPointer>

#include "connectionprofile.h"
#include "messageref.h"
#include "rtm/rtmwire.h"
#include "service/rtmsession.h"
#include "findmessagedialog.h"

class QAction;
class QLabel;
class QMenu;
class QSettings;
class QTabWidget;

namespace sandbox {
class SandboxThread;
struct SandboxOptions;
}
namespace service {
class RtmSession;
}

namespace ui {

class ActivityLogDock;
class ConnectionStatus;
class CountPanel;
class FindMessageDialog;
class HistoryView;
class ProductionBand;
class SecretStore;
class SendPanel;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // secrets: not owned (nullptr = the default store, owned by the window).
    explicit MainWindow(SecretStore *secrets = nullptr, QWidget *parent = nullptr);
    ~MainWindow() override;

    // What a normal start does: connect to the last profile, or offer the sandbox / a new
    // connection when there is none.
    void startUp();
    // Starts the in-process sandbox (demo data unless options say otherwise) and connects.
    void startSandbox();
    void startSandbox(const sandbox::SandboxOptions &options);
    void connectToProfile(const ConnectionProfile &profile, const QByteArray &secret);
    void disconnectSession();

    // The connection the window holds. The parts (tabs, panels, dock, status) have an
    // objectName each and no accessor: tests find them (tests/common/mainwindowparts.h).
    service::RtmSession *session() const { return m_session; }
    const ConnectionProfile &profile() const { return m_profile; }
    sandbox::SandboxThread *sandboxServer() const { return m_sandbox; }

public Q_SLOTS:
    void openConnections();
    void openFindMessage();
    // "Open P2P with this user" from a history row: the P2P tab, filled in and loaded.
    void openP2P(qint64 uid, qint64 peer);
    void openAuditFolder();
    void testConnection();
    void setUtc(bool utc);
    void showNotice(const QString &text);
    // The connection dialog changed the read-only flag of `profileName`: applies at once
    // when that profile is the connected one.
    void applyReadOnly(const QString &profileName, bool readOnly);

Q_SIGNALS:
    void sessionChanged(service::RtmSession *session);
    void sandboxStarted(quint16 port);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildMenus();
    void buildLanguageMenu(QMenu *view);
    void chooseLanguage(const QString &choice);
    void restartApplication();
    void applyProfile();
    void forgetConnectionState();
    void updateTitle();
    void saveWindowState() const;
    void restoreWindowState();
    void setDemoDefaults();
    void probeAfterConnect();
    HistoryView *historyView(rtm::MessageCategory category) const;
    FindMessageDialog *findMessageDialog();   // made on first use

    SecretStore *m_secrets;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<ProfileStore> m_profiles;
    ConnectionProfile m_profile;
    QPointer<service::RtmSession> m_session;
    sandbox::SandboxThread *m_sandbox = nullptr;

    QTabWidget *m_tabs;
    ProductionBand *m_band;
    SendPanel *m_send;
    HistoryView *m_history[4];
    CountPanel *m_count;
    ActivityLogDock *m_activity;
    ConnectionStatus *m_status;
    QPointer<FindMessageDialog> m_find;
    QAction *m_utcAction = nullptr;
    QAction *m_disconnectAction = nullptr;
    QAction *m_testAction = nullptr;
};

} // namespace ui
