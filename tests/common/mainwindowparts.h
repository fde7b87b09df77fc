#pragma once

// The parts of ui::MainWindow, found the way a user finds them: by their objectName (set
// by each part's constructor). For the GUI tests, the benchmarks and rtm-console-tour;
// linked from the rtm_ui_testsupport library, never into the programs, so MainWindow
// needs no accessors that only tests would call. A missing part ends the program at once
// with its name (a renamed objectName would otherwise crash far from its cause).

#include <QString>

#include "rtm/rtmwire.h"

class QTabWidget;

namespace ui {
class ActivityLogDock;
class ConnectionStatus;
class CountPanel;
class FindMessageDialog;
class HistoryView;
class MainWindow;
class ProductionBand;
class SecretStore;
class SendPanel;
}

namespace rtmtest {

QTabWidget *tabs(const ui::MainWindow &window);
ui::SendPanel *sendPanel(const ui::MainWindow &window);
ui::HistoryView *historyView(const ui::MainWindow &window, rtm::MessageCategory category);
ui::CountPanel *countPanel(const ui::MainWindow &window);
ui::ActivityLogDock *activityLog(const ui::MainWindow &window);
ui::ConnectionStatus *connectionStatus(const ui::MainWindow &window);
ui::ProductionBand *productionBand(const ui::MainWindow &window);
// Tools > Find message: opens the dialog (it is made on first use) and returns it.
ui::FindMessageDialog *openFindMessage(ui::MainWindow &window);
// The store the window made itself (nullptr when the window was given one).
ui::SecretStore *ownSecretStore(const ui::MainWindow &window);
// The status bar's current notice ("" once it timed out).
QString notice(const ui::MainWindow &window);

} // namespace rtmtest
