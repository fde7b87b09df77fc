#include "language.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QPointer>
#include <QSettings>
#include <QTranslator>

namespace ui {

namespace {

const char kSettingsKey[] = "view/language";
const QString kEnglish = QStringLiteral("en");
const QString kChinese = QStringLiteral("zh_CN");

struct Installed {
    QString language = kEnglish;
    QPointer<QTranslator> console;
    QPointer<QTranslator> qt;
};

Installed &installed()
{
    static Installed state;
    return state;
}

void removeTranslator(QPointer<QTranslator> &translator)
{
    if (!translator)
        return;
    QCoreApplication::removeTranslator(translator);
    delete translator;
}

// "zh-CN", "zh-Hans-CN", "zh_CN.UTF-8", "zh" → zh_CN; Traditional Chinese (zh-TW, zh-HK,
// zh-Hant) is not Simplified Chinese and falls through to the next language.
QString shippedLanguageFor(QString tag)
{
    tag.replace(QLatin1Char('_'), QLatin1Char('-'));
    const QStringList parts = tag.split(QLatin1Char('-'));
    const QString primary = parts.value(0).toLower();
    if (primary == QLatin1StringView("en"))
        return kEnglish;
    if (primary != QLatin1StringView("zh"))
        return {};
    for (const QString &part : parts.mid(1)) {
        const QString p = part.toLower();
        if (p == QLatin1StringView("hant") || p == QLatin1StringView("tw") || p == QLatin1StringView("hk")
            || p == QLatin1StringView("mo"))
            return {};
        if (p == QLatin1StringView("hans"))
            break;
    }
    return kChinese;
}

} // namespace

QStringList availableLanguages()
{
    return {kEnglish, kChinese};
}

QString nativeLanguageName(const QString &language)
{
    if (language == kChinese)
        return QStringLiteral("简体中文");
    return QStringLiteral("English");
}

QString resolveLanguage(const QString &choice, const QStringList &uiLanguages)
{
    if (availableLanguages().contains(choice))
        return choice;
    for (const QString &tag : uiLanguages) {
        const QString language = shippedLanguageFor(tag);
        if (!language.isEmpty())
            return language;
    }
    return kEnglish;
}

QString startupLanguage()
{
    return resolveLanguage(savedLanguageChoice(), QLocale::system().uiLanguages());
}

QString savedLanguageChoice()
{
    const QString choice = QSettings().value(QLatin1StringView(kSettingsKey)).toString();
    return availableLanguages().contains(choice) ? choice : QString();
}

void saveLanguageChoice(const QString &choice)
{
    QSettings settings;
    if (choice.isEmpty())
        settings.remove(QLatin1StringView(kSettingsKey));
    else
        settings.setValue(QLatin1StringView(kSettingsKey), choice);
}

bool installTranslations(const QString &language)
{
    Installed &state = installed();
    removeTranslator(state.console);
    removeTranslator(state.qt);
    state.language = availableLanguages().contains(language) ? language : kEnglish;
    const QLocale locale(state.language);
    QLocale::setDefault(locale);

    // English needs its file too: it holds the plural forms ("1 message", "2 messages").
    auto *console = new QTranslator(QCoreApplication::instance());
    const bool loaded = console->load(QStringLiteral(":/i18n/rtm-console_%1.qm").arg(state.language));
    if (loaded) {
        QCoreApplication::installTranslator(console);
        state.console = console;
    } else {
        delete console;
    }
    if (state.language != kEnglish) {
        auto *qt = new QTranslator(QCoreApplication::instance());
        if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                     QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
            QCoreApplication::installTranslator(qt);
            state.qt = qt;
        } else {
            delete qt;
        }
    }
    return loaded;
}

QString installedLanguage()
{
    return installed().language;
}

} // namespace ui
