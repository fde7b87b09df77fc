#include "mainwindow.h"

#include "colourscheme.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDesktopServices>
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QLocale>
#include <QLoggingCategory>
#include <QMenuBar>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QUrl>
#include <QVBoxLayout>

#include "activitylogdock.h"
#include "colourscheme.h"
#include "audittrailwindow.h"
#include "connectiondialog.h"
#include "connectionstatus.h"
#include "countpanel.h"
#include "deletecontroller.h"
#include "findmessagedialog.h"
#include "firststartdialog.h"
#include "historyview.h"
#include "language.h"
#include "messagedetails.h"
#include "productionband.h"
#include "sandbox/sandboxoptions.h"
#include "sandbox/sandboxthread.h"
#include "secretstore.h"
#include "sendpanel.h"
#include "service/activitylogmodel.h"
#include "service/auditlog.h"
#include "service/rtmreply.h"
#include "service/rtmsession.h"

Q_LOGGING_CATEGORY(lcMain, "ui.main")

namespace ui {

namespace {
constexpr rtm::MessageCategory kKinds[4] = {rtm::MessageCategory::P2P, rtm::MessageCategory::Group,
                                            rtm::MessageCategory::Room, rtm::MessageCategory::Broadcast};
int kindIndex(rtm::MessageCategory c)
{
    return int(c) - 1;
}
} // namespace

MainWindow::MainWindow(SecretStore *secrets, QWidget *parent)
    : QMainWindow(parent),
      m_secrets(secrets ? secrets : createDefaultSecretStore(this)),
      m_settings(std::make_unique<QSettings>()),
      m_profiles(std::make_unique<ProfileStore>(m_settings.get()))
{
    setObjectName(QStringLiteral("mainWindow"));
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("mainTabs"));
    m_tabs->setDocumentMode(true);
    m_send = new SendPanel(this);
    m_tabs->addTab(m_send, tr("Send"));
    for (rtm::MessageCategory c : kKinds) {
        auto *view = new HistoryView(c, this);
        m_history[kindIndex(c)] = view;
        m_tabs->addTab(view, view->title());
        connect(view, &HistoryView::statusMessage, this, &MainWindow::showNotice);
        connect(view, &HistoryView::openP2PRequested, this, &MainWindow::openP2P);
    }
    m_count = new CountPanel(this);
    m_tabs->addTab(m_count, tr("Count"));
    m_band = new ProductionBand(this);
    auto *central = new QWidget(this);
    auto *centralLayout = new QVBoxLayout(central);
    centralLayout->setContentsMargins(0, 0, 0, 0);
    centralLayout->setSpacing(0);
    centralLayout->addWidget(m_band);
    centralLayout->addWidget(m_tabs, 1);
    setCentralWidget(central);

    m_activity = new ActivityLogDock(this);
    addDockWidget(Qt::BottomDockWidgetArea, m_activity);

    m_status = new ConnectionStatus(this);
    statusBar()->addPermanentWidget(m_status);
    statusBar()->setObjectName(QStringLiteral("statusBar"));

    connect(m_secrets, &SecretStore::degraded, this, &MainWindow::showNotice);
    // Ask the store once at start, so a machine without a keyring says so right away
    // (the store then keeps secrets in memory only).
    m_secrets->readSecret(QStringLiteral("rtm-console-probe"), this, [](bool, const QByteArray &, const QString &) {});
    connect(m_send, &SendPanel::messageSent, this, [this](const QString &target, qint64 mid, qint64) {
        showNotice(tr("Sent mid %1 to %2.").arg(mid).arg(target));
    });

    buildMenus();
    restoreWindowState();
    applyProfile();
}

MainWindow::~MainWindow()
{
    // Views first let go of the session, then the session ends its replies, then the
    // sandbox stops (joins its thread).
    for (HistoryView *v : m_history)
        v->setSession(nullptr);
    m_send->setSession(nullptr);
    m_count->setSession(nullptr);
    delete m_session;
    delete m_sandbox;
}

void MainWindow::buildMenus()
{
    QMenu *connection = menuBar()->addMenu(tr("&Connection"));
    QAction *connections = connection->addAction(tr("&Connections…"), this, &MainWindow::openConnections);
    connections->setObjectName(QStringLiteral("actionConnections"));
    connections->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    QAction *sandboxAction = connection->addAction(tr("Start the &sandbox"), this, qOverload<>(&MainWindow::startSandbox));
    sandboxAction->setObjectName(QStringLiteral("actionSandbox"));
    m_testAction = connection->addAction(tr("&Test connection"), this, &MainWindow::testConnection);
    m_testAction->setObjectName(QStringLiteral("actionTestConnection"));
    m_disconnectAction = connection->addAction(tr("&Disconnect"), this, &MainWindow::disconnectSession);
    m_disconnectAction->setObjectName(QStringLiteral("actionDisconnect"));
    connection->addSeparator();
    QAction *quit = connection->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *tools = menuBar()->addMenu(tr("&Tools"));
    QAction *find = tools->addAction(tr("&Find message…"), this, &MainWindow::openFindMessage);
    find->setObjectName(QStringLiteral("actionFindMessage"));
    find->setShortcut(QKeySequence::Find);
    QAction *audit = tools->addAction(tr("Open the &audit log folder"), this, &MainWindow::openAuditFolder);
    audit->setObjectName(QStringLiteral("actionOpenAudit"));
    QAction *trail = tools->addAction(tr("Audit &trail…"), this, [this] {
        auto *window = findChild<AuditTrailWindow *>();
        if (!window) {
            window = new AuditTrailWindow(service::AuditLog::defaultLog()->path(), this);
            window->setAttribute(Qt::WA_DeleteOnClose);
            window->setUtc(m_utcAction->isChecked());
            connect(m_utcAction, &QAction::toggled, window, &AuditTrailWindow::setUtc);
        }
        window->show();
        window->raise();
        window->activateWindow();
    });
    trail->setObjectName(QStringLiteral("actionAuditTrail"));

    // The row actions of the history tab shown (each tab has its own, with its selection).
    QMenu *message = menuBar()->addMenu(tr("&Message"));
    message->setObjectName(QStringLiteral("menuMessage"));
    message->setToolTipsVisible(true);
    connect(message, &QMenu::aboutToShow, this, [this, message] {
        message->clear();
        auto *view = qobject_cast<HistoryView *>(m_tabs->currentWidget());
        if (!view) {
            message->addAction(tr("Open a history tab to act on its rows"))->setEnabled(false);
            return;
        }
        for (QAction *a : view->messageActions()) {
            if (a)
                message->addAction(a);
            else
                message->addSeparator();
        }
    });
    // Emptied once closed (after a chosen action ran): a tab's actions left in the menu would
    // make their shortcuts clash with the next tab's.
    connect(message, &QMenu::aboutToHide, this, [message] { QTimer::singleShot(0, message, [message] { message->clear(); }); });

    QMenu *view = menuBar()->addMenu(tr("&View"));
    QAction *dockToggle = m_activity->toggleViewAction();
    dockToggle->setText(tr("&Activity log"));
    view->addAction(dockToggle);
    m_utcAction = view->addAction(tr("Show times in &UTC"));
    m_utcAction->setObjectName(QStringLiteral("actionUtc"));
    m_utcAction->setCheckable(true);
    connect(m_utcAction, &QAction::toggled, this, &MainWindow::setUtc);
    QAction *dark = view->addAction(tr("&Dark colours"));
    dark->setObjectName(QStringLiteral("actionDarkColours"));
    dark->setCheckable(true);
    dark->setChecked(savedColourScheme() == ColourScheme::Dark);
    connect(dark, &QAction::toggled, this, [](bool on) {
        const ColourScheme scheme = on ? ColourScheme::Dark : ColourScheme::System;
        applyColourScheme(scheme);
        saveColourScheme(scheme);
    });
    buildLanguageMenu(view);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About RTM Console"), this, [this] {
        auto *box = new QMessageBox(QMessageBox::Information, tr("About RTM Console"),
                                    tr("RTM Console %1\nBrowse, send and delete RTM messages.\n\nAudit log: %2")
                                        .arg(QApplication::applicationVersion(), service::AuditLog::defaultLog()->path()),
                                    QMessageBox::Ok, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });
}

void MainWindow::buildLanguageMenu(QMenu *view)
{
    QMenu *menu = view->addMenu(tr("&Language"));
    menu->setObjectName(QStringLiteral("menuLanguage"));
    auto *group = new QActionGroup(menu);
    const QString saved = savedLanguageChoice();
    QStringList choices{QString()};
    choices += availableLanguages();
    for (const QString &choice : choices) {
        // Each language is named in itself, so that someone who cannot read the current one finds theirs.
        QAction *action = menu->addAction(choice.isEmpty() ? tr("System default") : nativeLanguageName(choice));
        action->setObjectName(QStringLiteral("actionLanguage_") + (choice.isEmpty() ? QStringLiteral("system") : choice));
        action->setData(choice);
        action->setCheckable(true);
        action->setChecked(choice == saved);
        group->addAction(action);
    }
    connect(group, &QActionGroup::triggered, this, [this](QAction *action) { chooseLanguage(action->data().toString()); });
}

void MainWindow::chooseLanguage(const QString &choice)
{
    saveLanguageChoice(choice);
    const QString language = resolveLanguage(choice, QLocale::system().uiLanguages());
    if (language == installedLanguage())
        return;
    // The widgets set their texts when they are built: a new language needs a new start.
    auto *box = new QMessageBox(QMessageBox::Information, tr("Language"),
                                tr("The console will be in %1 after a restart.").arg(nativeLanguageName(language)),
                                QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("languageRestartBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton *restart = box->addButton(tr("Restart now"), QMessageBox::AcceptRole);
    restart->setObjectName(QStringLiteral("restartNowButton"));
    box->addButton(tr("Later"), QMessageBox::RejectRole);
    connect(restart, &QPushButton::clicked, this, &MainWindow::restartApplication);
    box->open();
}

void MainWindow::restartApplication()
{
    if (!close())
        return;
    QProcess::startDetached(QCoreApplication::applicationFilePath(), QCoreApplication::arguments().mid(1));
    QCoreApplication::quit();
}

HistoryView *MainWindow::historyView(rtm::MessageCategory category) const
{
    return m_history[kindIndex(category)];
}

void MainWindow::startUp()
{
    const QList<ConnectionProfile> profiles = m_profiles->load();
    if (profiles.isEmpty()) {
        auto *dialog = new FirstStartDialog(this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &FirstStartDialog::sandboxChosen, this, qOverload<>(&MainWindow::startSandbox));
        connect(dialog, &FirstStartDialog::newConnectionChosen, this, &MainWindow::openConnections);
        dialog->open();
        return;
    }
    const QString last = m_profiles->lastUsed();
    ConnectionProfile chosen = profiles.first();
    for (const ConnectionProfile &p : profiles)
        if (p.name == last)
            chosen = p;
    showNotice(tr("Reading the secret of “%1”…").arg(chosen.name));
    m_secrets->readSecret(chosen.name, this, [this, chosen](bool ok, const QByteArray &secret, const QString &) {
        if (ok && !secret.isEmpty()) {
            connectToProfile(chosen, secret);
        } else {
            showNotice(tr("No stored secret for “%1”: enter it to connect.").arg(chosen.name));
            openConnections();
        }
    });
}

void MainWindow::startSandbox()
{
    sandbox::SandboxOptions options;
    options.demoData = true;
    startSandbox(options);
}

void MainWindow::startSandbox(const sandbox::SandboxOptions &options)
{
    if (m_sandbox && m_sandbox->isRunning()) {
        if (m_sandbox->port() == 0) {   // started() is still to come
            showNotice(tr("Starting the sandbox…"));
            return;
        }
        ConnectionProfile p;
        p.name = tr("Sandbox");
        p.host = QStringLiteral("127.0.0.1");
        p.port = m_sandbox->port();
        p.pid = m_sandbox->options().pid;
        p.environment = ConnectionProfile::Environment::Sandbox;
        p.rateLimitPerSecond = 0;
        connectToProfile(p, m_sandbox->options().secret);
        return;
    }
    delete m_sandbox;
    m_sandbox = new sandbox::SandboxThread(options, nullptr);
    showNotice(tr("Starting the sandbox…"));
    connect(m_sandbox, &sandbox::SandboxThread::started, this, [this](quint16 port) {
        ConnectionProfile p;
        p.name = tr("Sandbox");
        p.host = QStringLiteral("127.0.0.1");
        p.port = port;
        p.pid = m_sandbox->options().pid;
        p.environment = ConnectionProfile::Environment::Sandbox;
        p.rateLimitPerSecond = 0;
        p.timeoutMs = 10000;
        connectToProfile(p, m_sandbox->options().secret);
        setDemoDefaults();
        emit sandboxStarted(port);
    });
    connect(m_sandbox, &sandbox::SandboxThread::failed, this, [this](const QString &why) {
        showNotice(tr("The sandbox could not start: %1").arg(why));
        // Let go of the failed one (its thread stays until stop()), so the next try starts afresh.
        m_sandbox->deleteLater();
        m_sandbox = nullptr;
        auto *box = new QMessageBox(QMessageBox::Warning, tr("Sandbox"),
                                    tr("The sandbox could not start: %1").arg(why), QMessageBox::Ok, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });
    m_sandbox->start();
}

void MainWindow::setDemoDefaults()
{
    using namespace sandbox::demo;
    m_send->setDefaults(kBusyP2PUid, kBusyP2POuid, kFirstGid, kFirstRid);
    historyView(rtm::MessageCategory::P2P)->setDefaults(kBusyP2PUid, kBusyP2POuid);
    historyView(rtm::MessageCategory::Group)->setDefaults(kFirstUid, kFirstGid);
    historyView(rtm::MessageCategory::Room)->setDefaults(kFirstUid, kFirstRid);
    historyView(rtm::MessageCategory::Broadcast)->setDefaults(kFirstUid, 0);
    m_count->setDefaults(kFirstGid);
}

void MainWindow::connectToProfile(const ConnectionProfile &profile, const QByteArray &secret)
{
    disconnectSession();
    forgetConnectionState();
    m_profile = profile;
    auto *session = new service::RtmSession(profile.sessionConfig(secret), this);
    m_session = session;
    connect(session, &service::RtmSession::activity, m_activity->model(), &service::ActivityLogModel::append);
    connect(session, &service::RtmSession::stateChanged, this, [this](service::RtmSession::State s) {
        if (s == service::RtmSession::State::Reconnecting)
            showNotice(tr("Connection lost, reconnecting…"));
        else if (s == service::RtmSession::State::Disconnected)
            showNotice(tr("Disconnected from %1.").arg(m_profile.endpoint()));
    });
    qCInfo(lcMain) << "connecting to" << profile.name << profile.endpoint();
    applyProfile();
    session->connectToServer();
    probeAfterConnect();
    emit sessionChanged(session);
}

void MainWindow::probeAfterConnect()
{
    if (!m_session)
        return;
    showNotice(tr("Connecting to %1…").arg(m_profile.endpoint()));
    service::RtmReply *reply = m_session->checkConnection();
    const QString name = m_profile.name;
    service::RtmSession *probed = m_session;
    connect(reply, &service::RtmReply::finished, this, [this, reply, name, probed] {
        if (probed != m_session)
            return;   // we switched profiles meanwhile; that session's answer no longer matters
        if (reply->ok()) {
            if (probed->isEncrypted())
                showNotice(tr("Connected to “%1” (%2 ms), encrypted: %3.")
                               .arg(name)
                               .arg(reply->durationMs())
                               .arg(probed->encryptionDescription()));
            else
                showNotice(tr("Connected to “%1” (%2 ms).").arg(name).arg(reply->durationMs()));
            return;
        }
        const rtm::RtmError e = reply->error();
        QString text = service::RtmSession::isEncryptionHandshakeFailure(e)
            ? tr("“%1”: encryption handshake failed: %2 — %3").arg(name, e.name, e.message)
            : tr("“%1”: %2 — %3").arg(name, e.name, e.message);
        if (service::RtmSession::looksLikeClockSkew(e, true) && !text.contains(service::RtmSession::clockSkewHint()))
            text += QLatin1Char(' ') + service::RtmSession::clockSkewHint();
        showNotice(text);
        auto *box = new QMessageBox(QMessageBox::Warning, tr("Connection problem"), text, QMessageBox::Ok, this);
        box->setObjectName(QStringLiteral("connectionProblemBox"));
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });
}

void MainWindow::testConnection()
{
    if (m_session)
        probeAfterConnect();
}

void MainWindow::disconnectSession()
{
    if (!m_session)
        return;
    service::RtmSession *old = m_session;
    m_session = nullptr;
    m_profile = {};
    forgetConnectionState();
    applyProfile();
    emit sessionChanged(nullptr);
    old->disconnect(this);
    delete old;
}

void MainWindow::forgetConnectionState()
{
    m_send->forgetLastRequest();
    if (m_find)
        m_find->clearResult();
    for (HistoryView *v : m_history)
        v->details()->clear();
}

void MainWindow::applyReadOnly(const QString &profileName, bool readOnly)
{
    if (!m_session || profileName != m_profile.name || m_profile.readOnly == readOnly)
        return;
    m_profile.readOnly = readOnly;
    applyProfile();
    showNotice(readOnly ? tr("“%1” is read-only now: sending and deleting are off.").arg(profileName)
                        : tr("“%1” is no longer read-only.").arg(profileName));
}

void MainWindow::applyProfile()
{
    const bool readOnly = m_profile.readOnly;
    const bool production = m_session && m_profile.isProduction();
    m_send->setSession(m_session);
    m_send->setReadOnly(readOnly);
    m_send->setProduction(production);
    for (HistoryView *v : m_history) {
        v->setSession(m_session);
        v->setReadOnly(readOnly);
        v->deleteController()->setReadOnly(readOnly);
        v->deleteController()->setProduction(production);
    }
    m_count->setSession(m_session);
    if (m_find) {
        m_find->setSession(m_session);
        m_find->setReadOnly(readOnly);
        m_find->deleteController()->setReadOnly(readOnly);
        m_find->deleteController()->setProduction(production);
    }
    m_band->showFor(m_profile.name, production);
    if (m_session)
        m_status->setSession(m_session, m_profile);
    else
        m_status->clear();
    m_disconnectAction->setEnabled(m_session != nullptr);
    m_testAction->setEnabled(m_session != nullptr);
    updateTitle();
}

void MainWindow::updateTitle()
{
    if (!m_session) {
        setWindowTitle(tr("RTM Console — not connected"));
        return;
    }
    QString title = tr("RTM Console — %1").arg(m_profile.name);
    QString tags = m_profile.environmentText();
    if (m_profile.readOnly)
        tags += tr(", read-only");
    title += QStringLiteral(" [") + tags + QStringLiteral("]");
    setWindowTitle(title);
}

FindMessageDialog *MainWindow::findMessageDialog()
{
    if (!m_find) {
        m_find = new FindMessageDialog(this);
        m_find->setSession(m_session);
        m_find->setReadOnly(m_profile.readOnly);
        m_find->deleteController()->setReadOnly(m_profile.readOnly);
        m_find->deleteController()->setProduction(m_session && m_profile.isProduction());
        connect(m_find, &FindMessageDialog::messageDeleted, this, [this](const MessageRef &ref) {
            for (HistoryView *v : m_history)
                v->noteDeleted(ref);
        });
        connect(m_find, &FindMessageDialog::statusMessage, this, &MainWindow::showNotice);
    }
    return m_find;
}

void MainWindow::openP2P(qint64 uid, qint64 peer)
{
    // Asked from a row of the connection in use and done at once: nothing waits to be
    // applied later, so nothing can reach another connection.
    if (!m_session)
        return;
    HistoryView *p2p = historyView(rtm::MessageCategory::P2P);
    m_tabs->setCurrentWidget(p2p);
    if (p2p->openConversation(uid, peer))
        showNotice(tr("P2P history of %1 and %2.").arg(uid).arg(peer));
}

void MainWindow::openFindMessage()
{
    findMessageDialog()->open();
}

void MainWindow::openConnections()
{
    auto *dialog = new ConnectionDialog(m_profiles.get(), m_secrets, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setConnectedProfile(m_session ? m_profile.name : QString());
    connect(dialog, &ConnectionDialog::connectRequested, this, &MainWindow::connectToProfile);
    connect(dialog, &ConnectionDialog::readOnlyApplied, this, &MainWindow::applyReadOnly);
    connect(this, &MainWindow::sessionChanged, dialog, [this, dialog] {
        dialog->setConnectedProfile(m_session ? m_profile.name : QString());
    });
    dialog->open();
}

void MainWindow::openAuditFolder()
{
    const QString path = service::AuditLog::defaultLog()->path();
    const QString dir = QFileInfo(path).absolutePath();
    QDir().mkpath(dir);
    showNotice(tr("Audit log: %1").arg(path));
    QDesktopServices::openUrl(QUrl::fromLocalFile(dir));
}

void MainWindow::setUtc(bool utc)
{
    if (m_utcAction && m_utcAction->isChecked() != utc)
        m_utcAction->setChecked(utc);
    for (HistoryView *v : m_history)
        v->setUtc(utc);
    m_count->setUtc(utc);
}

void MainWindow::showNotice(const QString &text)
{
    statusBar()->showMessage(text, 15000);
}

void MainWindow::saveWindowState() const
{
    QSettings s;
    s.setValue(QStringLiteral("window/geometry"), saveGeometry());
    s.setValue(QStringLiteral("window/state"), saveState());
    s.setValue(QStringLiteral("window/tab"), m_tabs->currentIndex());
    s.setValue(QStringLiteral("window/utc"), m_utcAction->isChecked());
    for (HistoryView *v : m_history)
        v->saveState(QStringLiteral("history"));
    m_activity->saveState(QStringLiteral("window"));
}

void MainWindow::restoreWindowState()
{
    QSettings s;
    if (!restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray())) {
        const int em = fontMetrics().horizontalAdvance(QLatin1Char('M'));
        resize(em * 90, fontMetrics().lineSpacing() * 44);
    }
    if (!restoreState(s.value(QStringLiteral("window/state")).toByteArray()))
        resizeDocks({m_activity}, {fontMetrics().lineSpacing() * 9}, Qt::Vertical);
    m_tabs->setCurrentIndex(s.value(QStringLiteral("window/tab"), 0).toInt());
    for (HistoryView *v : m_history)
        v->restoreState(QStringLiteral("history"));
    m_activity->restoreState(QStringLiteral("window"));
    setUtc(s.value(QStringLiteral("window/utc"), false).toBool());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveWindowState();
    QMainWindow::closeEvent(event);
}

} // namespace ui
