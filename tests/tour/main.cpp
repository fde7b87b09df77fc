// rtm-console-tour DIR: the console's main screens as PNGs in DIR, for docs/screenshots/.
// A developer program: built with the tests, never installed. Like every test program it
// links tests/common/testisolation.cpp, so the tour's settings, profiles, secrets and audit
// lines go to a private temporary folder, never the user's.

#include <cstdio>

#include <QApplication>
#include <QCommandLineParser>

#include "mainwindow.h"
#include "screenshottour.h"
#include "version.h"

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("rtm-console"));
    QApplication::setApplicationName(QStringLiteral("rtm-console"));
    QApplication::setApplicationDisplayName(QStringLiteral("RTM Console"));
    QApplication::setApplicationVersion(QString::fromLatin1(rtm::kVersion));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Starts the console with the built-in sandbox, walks through the main screens and "
                       "saves a PNG of each into DIR, then quits."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("DIR"), QStringLiteral("Where the PNGs go (created if missing)."));
    parser.process(app);
    if (parser.positionalArguments().size() != 1) {
        std::fprintf(stderr, "usage: rtm-console-tour DIR\n");
        return 2;
    }

    ui::MainWindow window;
    window.show();
    auto *tour = new rtmtest::ScreenshotTour(&window, parser.positionalArguments().constFirst(), &window);
    QObject::connect(tour, &rtmtest::ScreenshotTour::done, &app, &QApplication::quit);
    tour->start();
    return app.exec();
}
