// View → Dark colours: switches the whole application's palette (widgets read palette
// roles only), is remembered in QSettings, and switching back restores the start-up look.

#include <QAction>
#include <QApplication>
#include <QPalette>
#include <QSettings>
#include <QStyle>
#include <QTest>

#include "colourscheme.h"
#include "mainwindow.h"
#include "secretstore.h"
#include "uitesthelpers.h"

class TestColourScheme : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QApplication::setOrganizationName(QStringLiteral("rtm-console-test"));
        QApplication::setApplicationName(QStringLiteral("tst_colourscheme"));
        QSettings().clear();
    }

    void darkColoursFromTheViewMenu()
    {
        const QPalette startPalette = QApplication::palette();
        const QString startStyle = QApplication::style()->name();
        QCOMPARE(ui::savedColourScheme(), ui::ColourScheme::System);

        ui::MemorySecretStore secrets;
        ui::MainWindow window(&secrets);
        window.show();
        auto *dark = window.findChild<QAction *>(QStringLiteral("actionDarkColours"));
        QVERIFY(dark);
        QVERIFY(dark->isCheckable());
        QVERIFY(!dark->isChecked());

        dark->setChecked(true);
        const QPalette darkPalette = QApplication::palette();
        // Dark: light text on a dark window, and the choice is remembered.
        QVERIFY(darkPalette.color(QPalette::Window).lightness() < 100);
        QVERIFY(darkPalette.color(QPalette::WindowText).lightness() > 180);
        QVERIFY(darkPalette.color(QPalette::Base).lightness() < 100);
        QVERIFY(darkPalette.color(QPalette::Text).lightness() > 180);
        QCOMPARE(QApplication::style()->name().toLower(), QStringLiteral("fusion"));
        QCOMPARE(ui::savedColourScheme(), ui::ColourScheme::Dark);
        // Widgets pick it up (none keeps a colour of its own).
        QTRY_COMPARE(window.palette().color(QPalette::Window), darkPalette.color(QPalette::Window));

        dark->setChecked(false);
        QCOMPARE(QApplication::palette().color(QPalette::Window), startPalette.color(QPalette::Window));
        QCOMPARE(QApplication::palette().color(QPalette::Text), startPalette.color(QPalette::Text));
        QCOMPARE(QApplication::style()->name(), startStyle);
        QCOMPARE(ui::savedColourScheme(), ui::ColourScheme::System);
    }
};

int main(int argc, char *argv[])
{
    uitest::isolateUserFiles();
    QApplication app(argc, argv);
    TestColourScheme test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_colourscheme.moc"
