// rtm-console: argument parsing only; everything else lives in rtm_ui.

#include <cstdio>
#include <cstring>

#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>

#include "colourscheme.h"
#include "language.h"
#include "mainwindow.h"
#include "version.h"
#include "service/loggingfilter.h"

int main(int argc, char *argv[])
{
    // --version (or -v) needs no display: answered before QApplication connects to one.
    for (int i = 1; i < argc && std::strcmp(argv[i], "--") != 0; ++i) {
        if (std::strcmp(argv[i], "--version") == 0 || std::strcmp(argv[i], "-v") == 0) {
            std::printf("rtm-console %s\n", rtm::kVersion);
            return 0;
        }
    }
    QApplication app(argc, argv);
    // Debug and info lines cost CPU on every request: off unless --verbose or RTM_VERBOSE=1
    // (QT_LOGGING_RULES still overrides, as in rtmctl).
    service::installLoggingFilter(service::verboseLoggingFromEnvironment());
    QApplication::setOrganizationName(QStringLiteral("rtm-console"));
    QApplication::setApplicationName(QStringLiteral("rtm-console"));
    QApplication::setApplicationDisplayName(QStringLiteral("RTM Console"));
    QApplication::setApplicationVersion(QString::fromLatin1(rtm::kVersion));
    // The saved View > Language choice, else the system's languages; before any text is made.
    ui::installTranslations(ui::startupLanguage());

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Browse, send and delete RTM messages."));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption sandboxOption(QStringLiteral("sandbox"),
        QApplication::translate("main", "Start the built-in sandbox with demo data and connect to it."));
    parser.addOption(sandboxOption);
    QCommandLineOption verboseOption(QStringLiteral("verbose"),
        QApplication::translate("main", "Print debug messages to stderr (also RTM_VERBOSE=1)."));
    parser.addOption(verboseOption);
    parser.process(app);
    if (parser.isSet(verboseOption))
        service::installLoggingFilter(true);

    if (ui::savedColourScheme() == ui::ColourScheme::Dark)
        ui::applyColourScheme(ui::ColourScheme::Dark);

    ui::MainWindow window;
    window.show();
    if (parser.isSet(sandboxOption)) {
        window.startSandbox();
    } else {
        QTimer::singleShot(0, &window, &ui::MainWindow::startUp);
    }
    return app.exec();
}
