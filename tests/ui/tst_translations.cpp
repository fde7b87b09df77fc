// The zh_CN translation and the language choice: the .ts files are complete and match the
// sources (an untranslated tr() fails here), placeholders and accelerators survive
// translation, the main window shows the translator's Chinese, %n plurals come out right in
// English and Chinese, "System default" follows LANG/LC_ALL, and View > Language persists.

#include <cstdio>
#include <iterator>

#include <QAction>
#include <QApplication>
#include <QDialogButtonBox>
#include <QFile>
#include <QLibraryInfo>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include "deleteconfirmdialog.h"
#include "historyview.h"
#include "language.h"
#include "mainwindow.h"
#include "common/mainwindowparts.h"
#include "uitesthelpers.h"
#include "secretstore.h"

namespace {

struct TsMessage {
    QString context;
    QString source;
    bool numerus = false;
    QString translationType;   // "unfinished", "obsolete", "vanished" or empty
    QStringList forms;         // the translation, or its numerus forms
};

QList<TsMessage> readTsFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return {};
    }
    QList<TsMessage> messages;
    QXmlStreamReader xml(&file);
    QString context;
    TsMessage current;
    bool inMessage = false;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isEndElement() && xml.name() == QLatin1StringView("message") && inMessage) {
            messages << current;
            inMessage = false;
            continue;
        }
        if (!xml.isStartElement())
            continue;
        const auto name = xml.name();
        if (name == QLatin1StringView("name")) {
            context = xml.readElementText();
        } else if (name == QLatin1StringView("message")) {
            current = TsMessage{context, {}, xml.attributes().value(QLatin1StringView("numerus")) == QLatin1StringView("yes"), {}, {}};
            inMessage = true;
        } else if (name == QLatin1StringView("source")) {
            current.source = xml.readElementText();
        } else if (name == QLatin1StringView("translation")) {
            current.translationType = xml.attributes().value(QLatin1StringView("type")).toString();
            if (!current.numerus)
                current.forms << xml.readElementText();
        } else if (name == QLatin1StringView("numerusform")) {
            current.forms << xml.readElementText();
        }
    }
    if (xml.hasError())
        *error = xml.errorString();
    return messages;
}

// %1..%99, %L1, %n, %Ln, sorted: a translation must keep every one of them.
QStringList placeholders(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("%L?(?:[1-9][0-9]?|n)"));
    QStringList found;
    for (auto it = re.globalMatch(text); it.hasNext();)
        found << it.next().captured();
    found.sort();
    return found;
}

// Accelerator markers: a single '&' ("&&" is a literal ampersand).
int accelerators(const QString &text)
{
    int count = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text.at(i) != QLatin1Char('&'))
            continue;
        if (i + 1 < text.size() && text.at(i + 1) == QLatin1Char('&'))
            ++i;
        else
            ++count;
    }
    return count;
}

bool hasChinese(const QString &text)
{
    for (const QChar c : text)
        if (c.unicode() >= 0x4E00 && c.unicode() <= 0x9FFF)
            return true;
    return false;
}

QString tsPath(const char *language)
{
    return QStringLiteral(RTM_TRANSLATIONS_DIR "/rtm-console_%1.ts").arg(QLatin1StringView(language));
}

} // namespace

class TestTranslations : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QApplication::setOrganizationName(QStringLiteral("rtm-console-test"));
        QApplication::setApplicationName(QStringLiteral("tst_translations"));
        QSettings().clear();
    }

    void cleanup()
    {
        ui::installTranslations(QStringLiteral("en"));
        QSettings().clear();
    }

    // Every entry of both files is translated and keeps its placeholders and accelerators;
    // Chinese has one plural form, English two.
    void tsFilesAreComplete_data()
    {
        QTest::addColumn<QString>("language");
        QTest::addColumn<int>("pluralForms");
        QTest::newRow("zh_CN") << QStringLiteral("zh_CN") << 1;
        QTest::newRow("en") << QStringLiteral("en") << 2;
    }
    void tsFilesAreComplete()
    {
        QFETCH(QString, language);
        QFETCH(int, pluralForms);
        QString error;
        const QList<TsMessage> messages = readTsFile(tsPath(language.toLatin1().constData()), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(!messages.isEmpty());
        int numerus = 0;
        for (const TsMessage &m : messages) {
            const QString where = m.context + QStringLiteral(": ") + m.source;
            QVERIFY2(m.translationType.isEmpty(), qPrintable(m.translationType + QStringLiteral(" — ") + where));
            QCOMPARE(m.forms.size(), m.numerus ? pluralForms : 1);
            for (const QString &form : m.forms) {
                QVERIFY2(!form.isEmpty(), qPrintable(QStringLiteral("empty translation — ") + where));
                QVERIFY2(placeholders(form) == placeholders(m.source),
                         qPrintable(QStringLiteral("placeholders differ in “%1” — %2").arg(form, where)));
                QVERIFY2(accelerators(form) == accelerators(m.source),
                         qPrintable(QStringLiteral("accelerators differ in “%1” — %2").arg(form, where)));
            }
            numerus += m.numerus ? 1 : 0;
        }
        QVERIFY(numerus > 0);
        if (language == QLatin1StringView("en")) {
            // English holds only the plural forms; everything else is the source text.
            QCOMPARE(numerus, messages.size());
        }
    }

    // The .ts files match the sources: lupdate (as `ninja update_translations` runs it) adds
    // nothing untranslated and drops nothing. A new tr() without a translation fails here.
    void tsFilesMatchTheSources_data()
    {
        QTest::addColumn<QString>("language");
        QTest::newRow("zh_CN") << QStringLiteral("zh_CN");
        QTest::newRow("en") << QStringLiteral("en");
    }
    void tsFilesMatchTheSources()
    {
        QFETCH(QString, language);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString original = tsPath(language.toLatin1().constData());
        const QString copy = dir.filePath(QStringLiteral("rtm-console_%1.ts").arg(language));
        QVERIFY(QFile::copy(original, copy));
        QStringList args{QStringLiteral("-locations"), QStringLiteral("none"), QStringLiteral("-no-obsolete"),
                         QStringLiteral("-silent")};
        if (language == QLatin1StringView("en"))
            args << QStringLiteral("-pluralonly");
        args << QStringLiteral(RTM_TR_SOURCE_DIRS).split(QLatin1Char(',')) << QStringLiteral("-ts") << copy;
        QProcess lupdate;
        lupdate.setWorkingDirectory(QStringLiteral(RTM_SOURCE_DIR));
        lupdate.start(QStringLiteral(RTM_LUPDATE), args);
        QVERIFY2(lupdate.waitForFinished(120000), qPrintable(lupdate.errorString()));
        QCOMPARE(lupdate.exitCode(), 0);

        QString error;
        const QList<TsMessage> before = readTsFile(original, &error);
        const QList<TsMessage> after = readTsFile(copy, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QStringList untranslated;
        for (const TsMessage &m : after)
            if (!m.translationType.isEmpty())
                untranslated << m.context + QStringLiteral(": ") + m.source;
        QVERIFY2(untranslated.isEmpty(),
                 qPrintable(QStringLiteral("run `ninja update_translations` and translate (translations/README.md):\n  ")
                            + untranslated.join(QStringLiteral("\n  "))));
        QCOMPARE(after.size(), before.size());
    }

    // With zh_CN installed the main window's menus, tabs and buttons are the translator's
    // Chinese for their English sources.
    void mainWindowInChinese()
    {
        QVERIFY(ui::installTranslations(QStringLiteral("zh_CN")));
        QCOMPARE(ui::installedLanguage(), QStringLiteral("zh_CN"));
        QCOMPARE(QLocale().name(), QStringLiteral("zh_CN"));
        ui::MemorySecretStore secrets;
        ui::MainWindow window(&secrets);

        const char *menus[] = {"&Connection", "&Tools", "&Message", "&View", "&Help"};
        const QList<QAction *> menuActions = window.menuBar()->actions();
        QCOMPARE(menuActions.size(), int(std::size(menus)));
        for (int i = 0; i < menuActions.size(); ++i) {
            const QString expected = QCoreApplication::translate("ui::MainWindow", menus[i]);
            QCOMPARE(menuActions.at(i)->text(), expected);
            QVERIFY2(hasChinese(expected), qPrintable(expected));
        }
        QCOMPARE(window.findChild<QAction *>(QStringLiteral("actionConnections"))->text(),
                 QCoreApplication::translate("ui::MainWindow", "&Connections…"));
        QCOMPARE(window.findChild<QMenu *>(QStringLiteral("menuLanguage"))->title(),
                 QCoreApplication::translate("ui::MainWindow", "&Language"));

        QTabWidget *tabs = rtmtest::tabs(window);
        QCOMPARE(tabs->tabText(0), QCoreApplication::translate("ui::MainWindow", "Send"));
        QCOMPARE(tabs->tabText(2), QCoreApplication::translate("ui::HistoryView", "Group history"));
        QCOMPARE(tabs->tabText(tabs->count() - 1), QCoreApplication::translate("ui::MainWindow", "Count"));
        for (int i = 0; i < tabs->count(); ++i)
            QVERIFY2(hasChinese(tabs->tabText(i)), qPrintable(tabs->tabText(i)));

        ui::HistoryView *group = rtmtest::historyView(window, rtm::MessageCategory::Group);
        const auto *open = group->findChild<QPushButton *>(QStringLiteral("historyOpen"));
        QVERIFY(open);
        QCOMPARE(open->text(), QCoreApplication::translate("ui::HistoryView", "Open"));
        QVERIFY(hasChinese(open->text()));
        const auto *deleteAction = group->findChild<QAction *>(QStringLiteral("actionDelete"));
        QCOMPARE(deleteAction->text(), QCoreApplication::translate("ui::HistoryView", "Delete…"));
        QVERIFY(hasChinese(deleteAction->text()));
        QVERIFY(hasChinese(window.windowTitle()));
    }

    // %n picks the plural form: English has "1 message" / "3 messages", Chinese one form.
    void pluralForms_data()
    {
        QTest::addColumn<QString>("language");
        QTest::addColumn<int>("count");
        QTest::addColumn<QString>("button");
        QTest::addColumn<QString>("question");
        QTest::newRow("en 1") << QStringLiteral("en") << 1 << QStringLiteral("Delete 1 message")
                              << QStringLiteral("Delete 1 group message from group 2001?");
        QTest::newRow("en 3") << QStringLiteral("en") << 3 << QStringLiteral("Delete 3 messages")
                              << QStringLiteral("Delete 3 group messages from group 2001?");
        QTest::newRow("zh_CN 1") << QStringLiteral("zh_CN") << 1 << QStringLiteral("删除 1 条消息")
                                 << QStringLiteral("删除群组 2001 中的 1 条群组消息？");
        QTest::newRow("zh_CN 3") << QStringLiteral("zh_CN") << 3 << QStringLiteral("删除 3 条消息")
                                 << QStringLiteral("删除群组 2001 中的 3 条群组消息？");
    }
    void pluralForms()
    {
        QFETCH(QString, language);
        QFETCH(int, count);
        QFETCH(QString, button);
        QFETCH(QString, question);
        QVERIFY(ui::installTranslations(language));
        QList<ui::MessageRef> refs;
        for (int i = 0; i < count; ++i)
            refs << ui::MessageRef{rtm::MessageCategory::Group, 1001, 2001, 100 + i, 0};
        const QString conversation = QCoreApplication::translate("ui::HistoryView", "group %1").arg(2001);
        ui::DeleteConfirmDialog dialog(refs, conversation);
        QCOMPARE(uitest::child<QPushButton>(&dialog, "deleteConfirm")->text(), button);
        QCOMPARE(dialog.questionText(), question);
    }

    // Qt's own texts (standard buttons) come from qtbase_zh_CN.qm when Qt's translations
    // are installed (Debian qt6-translations-l10n, in scripts/setup-deps.sh).
    void qtStandardButtonsInChinese()
    {
        QVERIFY(ui::installTranslations(QStringLiteral("zh_CN")));
        ui::DeleteConfirmDialog dialog({ui::MessageRef{rtm::MessageCategory::Group, 1001, 2001, 100, 0}}, QString());
        const QString qtTranslations = QLibraryInfo::path(QLibraryInfo::TranslationsPath);
        if (QFile::exists(qtTranslations + QStringLiteral("/qtbase_zh_CN.qm")))
            QVERIFY2(hasChinese(dialog.cancelButton()->text()), qPrintable(dialog.cancelButton()->text()));
        else
            QCOMPARE(dialog.cancelButton()->text(), QStringLiteral("Cancel"));   // fine without them
    }

    // "System default" follows the environment's language: a child with LC_ALL=zh_CN.UTF-8
    // starts in Chinese, one with en_US in English.
    void systemDefaultFollowsTheEnvironment_data()
    {
        QTest::addColumn<QString>("lcAll");
        QTest::addColumn<QString>("language");
        QTest::newRow("zh_CN") << QStringLiteral("zh_CN.UTF-8") << QStringLiteral("zh_CN");
        QTest::newRow("en_US") << QStringLiteral("en_US.UTF-8") << QStringLiteral("en");
    }
    void systemDefaultFollowsTheEnvironment()
    {
        QFETCH(QString, lcAll);
        QFETCH(QString, language);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("LANGUAGE"));
        env.insert(QStringLiteral("LC_ALL"), lcAll);
        env.insert(QStringLiteral("LANG"), lcAll);
        env.insert(QStringLiteral("RTM_LANGUAGE_PROBE"), QStringLiteral("1"));
        QProcess child;
        child.setProcessEnvironment(env);
        child.start(QCoreApplication::applicationFilePath(), {});
        QVERIFY(child.waitForFinished(60000));
        QCOMPARE(child.exitCode(), 0);
        const QStringList lines = QString::fromUtf8(child.readAllStandardOutput()).split(QLatin1Char('\n'));
        QCOMPARE(lines.value(0), language);
        // The child's menu text is what the translator of that language says.
        QVERIFY(ui::installTranslations(language));
        QCOMPARE(lines.value(1), QCoreApplication::translate("ui::MainWindow", "&View"));
    }

    // View > Language: the choice is saved, a different language offers a restart, and the
    // next window shows the saved choice checked.
    void languageChoicePersists()
    {
        QVERIFY(ui::installTranslations(QStringLiteral("en")));
        QCOMPARE(ui::savedLanguageChoice(), QString());
        {
            ui::MemorySecretStore secrets;
            ui::MainWindow window(&secrets);
            window.show();
            auto *system = window.findChild<QAction *>(QStringLiteral("actionLanguage_system"));
            auto *chinese = window.findChild<QAction *>(QStringLiteral("actionLanguage_zh_CN"));
            auto *english = window.findChild<QAction *>(QStringLiteral("actionLanguage_en"));
            QVERIFY(system && chinese && english);
            QVERIFY(system->isChecked());
            QCOMPARE(chinese->text(), QStringLiteral("简体中文"));
            QCOMPARE(english->text(), QStringLiteral("English"));

            chinese->trigger();
            QVERIFY(chinese->isChecked());
            QCOMPARE(QSettings().value(QStringLiteral("view/language")).toString(), QStringLiteral("zh_CN"));
            QCOMPARE(ui::savedLanguageChoice(), QStringLiteral("zh_CN"));
            QCOMPARE(ui::startupLanguage(), QStringLiteral("zh_CN"));
            // Not the running language: a restart is offered.
            QMessageBox *box = nullptr;
            QTRY_VERIFY((box = window.findChild<QMessageBox *>(QStringLiteral("languageRestartBox"))));
            QVERIFY(box->findChild<QPushButton *>(QStringLiteral("restartNowButton")));
            QVERIFY(box->text().contains(QStringLiteral("简体中文")));
            box->reject();
        }
        {
            ui::MemorySecretStore secrets;
            ui::MainWindow window(&secrets);
            QVERIFY(window.findChild<QAction *>(QStringLiteral("actionLanguage_zh_CN"))->isChecked());
            QVERIFY(!window.findChild<QAction *>(QStringLiteral("actionLanguage_system"))->isChecked());
            // English is the running language: saved, nothing to restart for.
            window.findChild<QAction *>(QStringLiteral("actionLanguage_en"))->trigger();
            QCOMPARE(ui::savedLanguageChoice(), QStringLiteral("en"));
            QVERIFY(!window.findChild<QMessageBox *>(QStringLiteral("languageRestartBox")));
            window.findChild<QAction *>(QStringLiteral("actionLanguage_system"))->trigger();
            QCOMPARE(ui::savedLanguageChoice(), QString());
            QVERIFY(!QSettings().contains(QStringLiteral("view/language")));
        }
    }

    // The resolver itself: Simplified Chinese tags map to zh_CN, Traditional ones do not.
    void resolveLanguage_data()
    {
        QTest::addColumn<QString>("choice");
        QTest::addColumn<QStringList>("uiLanguages");
        QTest::addColumn<QString>("language");
        QTest::newRow("zh-CN") << QString() << QStringList{QStringLiteral("zh-CN")} << QStringLiteral("zh_CN");
        QTest::newRow("zh-Hans-CN") << QString() << QStringList{QStringLiteral("zh-Hans-CN"), QStringLiteral("zh")} << QStringLiteral("zh_CN");
        QTest::newRow("zh-TW then en") << QString() << QStringList{QStringLiteral("zh-TW"), QStringLiteral("en-US")} << QStringLiteral("en");
        QTest::newRow("de then zh") << QString() << QStringList{QStringLiteral("de-DE"), QStringLiteral("zh-CN")} << QStringLiteral("zh_CN");
        QTest::newRow("nothing shipped") << QString() << QStringList{QStringLiteral("fr-FR")} << QStringLiteral("en");
        QTest::newRow("choice wins") << QStringLiteral("en") << QStringList{QStringLiteral("zh-CN")} << QStringLiteral("en");
    }
    void resolveLanguage()
    {
        QFETCH(QString, choice);
        QFETCH(QStringList, uiLanguages);
        QFETCH(QString, language);
        QCOMPARE(ui::resolveLanguage(choice, uiLanguages), language);
    }
};

// RTM_LANGUAGE_PROBE=1: start as the console does and print the language and the View
// menu's title (systemDefaultFollowsTheEnvironment runs this in a child process).
int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    if (qEnvironmentVariableIsSet("RTM_LANGUAGE_PROBE")) {
        QApplication::setOrganizationName(QStringLiteral("rtm-console-test"));
        QApplication::setApplicationName(QStringLiteral("tst_translations_probe"));
        const QString language = ui::startupLanguage();
        ui::installTranslations(language);
        std::printf("%s\n%s\n", qPrintable(language),
                    QCoreApplication::translate("ui::MainWindow", "&View").toUtf8().constData());
        return 0;
    }
    TestTranslations test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_translations.moc"
