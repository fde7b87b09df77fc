#include "testisolation.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTranslator>

namespace rtmtest {

namespace {
QString &startHome()
{
    static QString home;
    return home;
}
} // namespace

QString isolateUserFiles()
{
    static QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/rtm-test-XXXXXX"));
    static const bool done = [] {
        if (!dir.isValid())
            qFatal("test isolation: cannot create a temporary folder: %s", qPrintable(dir.errorString()));
        startHome() = qEnvironmentVariable("HOME");
        const auto point = [](const char *variable, const QString &name) {
            const QString path = dir.filePath(name);
            QDir().mkpath(path);
            qputenv(variable, QDir::toNativeSeparators(path).toUtf8());
        };
        // QStandardPaths' test mode puts QSettings in ~/.qttest, so HOME must move too.
        point("HOME", QStringLiteral("home"));
        point("XDG_CONFIG_HOME", QStringLiteral("config"));
        point("XDG_DATA_HOME", QStringLiteral("data"));
        point("XDG_CACHE_HOME", QStringLiteral("cache"));
        point("XDG_STATE_HOME", QStringLiteral("state"));
        qputenv("RTM_AUDIT_LOG", QDir::toNativeSeparators(dir.filePath(QStringLiteral("audit.jsonl"))).toUtf8());
        qputenv("RTM_SECRET_STORE", "memory");
        QStandardPaths::setTestModeEnabled(true);
        return true;
    }();
    Q_UNUSED(done);
    return dir.path();
}

QString originalHome()
{
    return startHome();
}

namespace {
// Runs before main(), so even a QSettings in a static initialiser or initMain() is covered.
const bool g_isolated = !isolateUserFiles().isEmpty();
} // namespace

} // namespace rtmtest

namespace {
// The console always runs with a translation, and English's holds the plural forms
// ("%n message(s)" -> "1 message", "2 messages"). Test programs that link the console's
// widgets (and so its :/i18n resources) get it as soon as their application exists, so the
// texts they check are the console's.
void installEnglishPluralForms()
{
    const QString path = QStringLiteral(":/i18n/rtm-console_en.qm");
    if (!QFile::exists(path))
        return;
    auto *english = new QTranslator(QCoreApplication::instance());
    if (english->load(path))
        QCoreApplication::installTranslator(english);
    else
        delete english;
}
} // namespace
Q_COREAPP_STARTUP_FUNCTION(installEnglishPluralForms)
