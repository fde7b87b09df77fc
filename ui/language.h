#pragma once

// The console's language: English or Simplified Chinese, by default the first of the
// system's UI languages that we have (QLocale::system().uiLanguages()), or the user's choice
// from View > Language, saved in QSettings ("view/language"). The choice takes effect at the
// next start: the widgets set their texts once, when they are built.

#include <QString>
#include <QStringList>

namespace ui {

// The languages we ship, as QSettings / .qm names: "en", "zh_CN". An empty choice means
// "System default".
QStringList availableLanguages();
// The language's name written in itself, for the menu: "English", "简体中文".
QString nativeLanguageName(const QString &language);

// The shipped language to use for `choice` (a name from availableLanguages(), or empty for
// the system default); `uiLanguages` is QLocale::uiLanguages() of the system, best first.
QString resolveLanguage(const QString &choice, const QStringList &uiLanguages);

// What the console starts in: the saved choice, else the system's UI languages.
QString startupLanguage();

// The choice saved in QSettings: "" (System default), "en" or "zh_CN".
QString savedLanguageChoice();
void saveLanguageChoice(const QString &choice);

// Loads the console's translation of `language` (from :/i18n) and Qt's own (qtbase_*.qm
// from QLibraryInfo::TranslationsPath, for standard buttons; fine if missing) into the
// running application, replacing any installed before, and makes the language's QLocale the
// default for dates and numbers. Returns false when the console's .qm could not be loaded.
bool installTranslations(const QString &language);
// The language installed last ("en" before any call).
QString installedLanguage();

} // namespace ui
