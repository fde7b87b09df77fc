// --version of each real program: "<program> <project version>" on stdout, exit 0. The
// expected version comes straight from project() in CMakeLists.txt, not from version.h.
// rtm-console runs without any display (no DISPLAY, WAYLAND_DISPLAY or QT_QPA_PLATFORM):
// --version must be answered before QApplication looks for one.

#include <QProcess>
#include <QSignalSpy>
#include <QtTest>

class TstVersion : public QObject
{
    Q_OBJECT

private slots:
    void printsProjectVersion_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("program");
        QTest::addColumn<QString>("option");
        QTest::newRow("rtmctl") << QStringLiteral(RTMCTL_PATH) << QStringLiteral("rtmctl") << QStringLiteral("--version");
        QTest::newRow("rtm-devserver") << QStringLiteral(RTM_DEVSERVER_PATH) << QStringLiteral("rtm-devserver")
                                       << QStringLiteral("--version");
        QTest::newRow("rtm-devserver -v") << QStringLiteral(RTM_DEVSERVER_PATH) << QStringLiteral("rtm-devserver")
                                          << QStringLiteral("-v");
        QTest::newRow("rtm-console") << QStringLiteral(RTM_CONSOLE_PATH) << QStringLiteral("rtm-console")
                                     << QStringLiteral("--version");
        QTest::newRow("rtm-console -v") << QStringLiteral(RTM_CONSOLE_PATH) << QStringLiteral("rtm-console")
                                        << QStringLiteral("-v");
    }

    void printsProjectVersion()
    {
        QFETCH(QString, path);
        QFETCH(QString, program);
        QFETCH(QString, option);

        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char *name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
            env.remove(QString::fromLatin1(name));
        QProcess p;
        p.setProcessEnvironment(env);
        QSignalSpy done(&p, &QProcess::finished);
        p.start(path, {option});
        QVERIFY2(p.waitForStarted(), qPrintable(p.errorString()));
        QVERIFY(done.wait(60000));

        const QByteArray err = p.readAllStandardError();
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QVERIFY2(p.exitCode() == 0, err.constData());
        QCOMPARE(QString::fromUtf8(p.readAllStandardOutput()), program + QStringLiteral(" " RTM_EXPECTED_VERSION "\n"));
        QCOMPARE(QString::fromUtf8(err), QString());
    }
};

QTEST_GUILESS_MAIN(TstVersion)
#include "tst_version.moc"
