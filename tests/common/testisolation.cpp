#include "testisolation.h"

#include <QDir>
#include <QStandardPaths>
#include <QTemporaryDir>

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
