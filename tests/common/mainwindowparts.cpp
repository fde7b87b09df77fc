#include "mainwindowparts.h"

#include <QStatusBar>
#include <QTabWidget>

#include "activitylogdock.h"
#include "connectionstatus.h"
#include "countpanel.h"
#include "findmessagedialog.h"
#include "historyview.h"
#include "mainwindow.h"
#include "productionband.h"
#include "secretstore.h"
#include "sendpanel.h"

namespace rtmtest {

namespace {

template <typename T> T *part(const ui::MainWindow &window, const QString &name)
{
    T *found = window.findChild<T *>(name);
    if (!found)
        qFatal("MainWindow has no part named %s", qPrintable(name));
    return found;
}

QString historyName(rtm::MessageCategory category)
{
    switch (category) {
    case rtm::MessageCategory::P2P: return QStringLiteral("history_p2p");
    case rtm::MessageCategory::Group: return QStringLiteral("history_group");
    case rtm::MessageCategory::Room: return QStringLiteral("history_room");
    case rtm::MessageCategory::Broadcast: return QStringLiteral("history_broadcast");
    }
    return {};
}

} // namespace

QTabWidget *tabs(const ui::MainWindow &window)
{
    return part<QTabWidget>(window, QStringLiteral("mainTabs"));
}

ui::SendPanel *sendPanel(const ui::MainWindow &window)
{
    return part<ui::SendPanel>(window, QStringLiteral("sendPanel"));
}

ui::HistoryView *historyView(const ui::MainWindow &window, rtm::MessageCategory category)
{
    return part<ui::HistoryView>(window, historyName(category));
}

ui::CountPanel *countPanel(const ui::MainWindow &window)
{
    return part<ui::CountPanel>(window, QStringLiteral("countPanel"));
}

ui::ActivityLogDock *activityLog(const ui::MainWindow &window)
{
    return part<ui::ActivityLogDock>(window, QStringLiteral("activityLogDock"));
}

ui::ConnectionStatus *connectionStatus(const ui::MainWindow &window)
{
    return part<ui::ConnectionStatus>(window, QStringLiteral("connectionStatus"));
}

ui::ProductionBand *productionBand(const ui::MainWindow &window)
{
    return part<ui::ProductionBand>(window, QStringLiteral("productionBand"));
}

ui::FindMessageDialog *openFindMessage(ui::MainWindow &window)
{
    window.openFindMessage();
    return part<ui::FindMessageDialog>(window, QStringLiteral("findMessageDialog"));
}

ui::SecretStore *ownSecretStore(const ui::MainWindow &window)
{
    return window.findChild<ui::SecretStore *>(QString(), Qt::FindDirectChildrenOnly);
}

QString notice(const ui::MainWindow &window)
{
    return window.statusBar()->currentMessage();
}

} // namespace rtmtest
