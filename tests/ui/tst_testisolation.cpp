// Proves the isolation every test program gets before main() (common/testisolation.cpp):
// settings, the audit log and the console's secret store live in a private temporary
// folder, never in the home folder the tests were started with.

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>

#include "common/mainwindowparts.h"
#include "common/testisolation.h"
#include "mainwindow.h"
#include "secretstore.h"
#include "service/auditlog.h"

namespace {
bool isInside(const QString &path, const QString &dir)
{
    const QString a = QFileInfo(path).absoluteFilePath();
    const QString d = QDir(dir).absolutePath() + QLatin1Char('/');
    return a.startsWith(d);
}
} // namespace

class TestTestIsolation : public QObject {
    Q_OBJECT
private:
    QString m_private = rtmtest::isolateUserFiles();

private Q_SLOTS:
    void initTestCase()
    {
        QApplication::setOrganizationName(QStringLiteral("rtm-console"));
        QApplication::setApplicationName(QStringLiteral("rtm-console"));
        QVERIFY(!m_private.isEmpty());
        QVERIFY(QDir(m_private).exists());
    }

    void testModeAndPrivateHome()
    {
        QVERIFY(QStandardPaths::isTestModeEnabled());
        QVERIFY2(isInside(QDir::homePath(), m_private), qPrintable(QDir::homePath()));
        QVERIFY(QDir::homePath() != rtmtest::originalHome());
        for (auto location : {QStandardPaths::ConfigLocation, QStandardPaths::AppConfigLocation,
                              QStandardPaths::GenericDataLocation, QStandardPaths::AppDataLocation,
                              QStandardPaths::CacheLocation}) {
            const QString path = QStandardPaths::writableLocation(location);
            QVERIFY2(isInside(path, m_private), qPrintable(path));
        }
    }

    void settingsAreWrittenInThePrivateFolder()
    {
        QSettings settings;
        settings.setValue(QStringLiteral("isolation/probe"), 42);
        settings.sync();
        QCOMPARE(settings.status(), QSettings::NoError);
        QVERIFY2(isInside(settings.fileName(), m_private), qPrintable(settings.fileName()));
        QVERIFY(QFileInfo::exists(settings.fileName()));
        if (!rtmtest::originalHome().isEmpty())
            QVERIFY(!isInside(settings.fileName(), rtmtest::originalHome()));
    }

    void auditLogIsInThePrivateFolder()
    {
        const QString path = service::AuditLog::defaultLog()->path();
        QVERIFY2(isInside(path, m_private), qPrintable(path));
    }

    void defaultSecretStoreIsMemoryOnly()
    {
        QObject owner;
        ui::SecretStore *store = ui::createDefaultSecretStore(&owner);
        QVERIFY(qobject_cast<ui::MemorySecretStore *>(store));
        QVERIFY(!store->isPersistent());
        ui::MainWindow window;   // no store given: the default one
        QVERIFY(qobject_cast<ui::MemorySecretStore *>(rtmtest::ownSecretStore(window)));
    }
};

QTEST_MAIN(TestTestIsolation)
#include "tst_testisolation.moc"
