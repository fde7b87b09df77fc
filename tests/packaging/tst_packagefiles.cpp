// The files the package installs, checked from the source and build trees (no root, no
// installed package): desktop entry and AppStream metadata pass their validators, the man
// pages render without warnings and describe every option of --help, the bash completion
// offers exactly what rtmctl accepts (and file names after --secret-file), the Debian
// changelog names the project version, and `cmake --install` into a temporary prefix lays
// out every file where Debian and the desktop look for it.

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImageReader>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "commandline.h"

namespace {

const QString kSource = QStringLiteral(RTM_SOURCE_DIR);
const QString kPackagingBuild = QStringLiteral(RTM_PACKAGING_BUILD_DIR);
const QString kVersion = QStringLiteral(RTM_EXPECTED_VERSION);
const QString kBashCompletionLibrary = QStringLiteral("/usr/share/bash-completion/bash_completion");

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};

Run run(const QString &program, const QStringList &args, const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
{
    Run r;
    QProcess p;
    p.setProcessEnvironment(env);
    QSignalSpy done(&p, &QProcess::finished);
    p.start(program, args);
    if (!p.waitForStarted()) {
        r.err = program + QStringLiteral(": ") + p.errorString()
            + QStringLiteral(" (scripts/setup-deps.sh installs the packaging tools)");
        return r;
    }
    if (!done.wait(120000)) {
        p.kill();
        p.waitForFinished();
        r.err = program + QStringLiteral(" did not finish");
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

QString readText(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(f.readAll());
}

QString programPath(const QString &program)
{
    if (program == QLatin1String("rtmctl"))
        return QStringLiteral(RTMCTL_PATH);
    if (program == QLatin1String("rtm-devserver"))
        return QStringLiteral(RTM_DEVSERVER_PATH);
    return QStringLiteral(RTM_CONSOLE_PATH);
}

QString helpText(const QString &program)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    return run(programPath(program), {QStringLiteral("--help")}, env).out;
}

// The commands listed by `rtmctl --help`: the lines under "Commands:" that start with two
// spaces and a name.
QStringList rtmctlCommands()
{
    QStringList commands;
    const QString help = helpText(QStringLiteral("rtmctl"));
    const qsizetype start = help.indexOf(QLatin1String("Commands:\n"));
    if (start < 0)
        return commands;
    static const QRegularExpression line(QStringLiteral("^  ([a-z][a-z0-9-]*)"), QRegularExpression::MultilineOption);
    for (auto it = line.globalMatch(help.mid(start)); it.hasNext();)
        commands << it.next().captured(1);
    return commands;
}

// Every --option named anywhere in a --help text.
QStringList optionsIn(const QString &text)
{
    QStringList options;
    static const QRegularExpression option(QStringLiteral("(?<![\\w-])--([a-z][a-z0-9-]*)"));
    for (auto it = option.globalMatch(text); it.hasNext();)
        options << it.next().captured(1);
    options.removeDuplicates();
    return options;
}

// What the bash completion offers for the command line `line` (completing its last word).
QStringList complete(const QString &line, QString *error)
{
    static const QString script = QStringLiteral(R"(
source "$1" || exit 3
source "$2" || exit 4
complete -p rtmctl | grep -q -- '-F _rtmctl' || exit 5
COMP_LINE=$3
COMP_POINT=${#COMP_LINE}
read -ra COMP_WORDS <<< "$COMP_LINE"
[[ $COMP_LINE == *' ' ]] && COMP_WORDS+=("")
COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
COMPREPLY=()
_rtmctl rtmctl "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
(( ${#COMPREPLY[@]} )) && printf '%s\n' "${COMPREPLY[@]}"
exit 0
)");
    const Run r = run(QStringLiteral("bash"), {QStringLiteral("--norc"), QStringLiteral("--noprofile"), QStringLiteral("-c"), script,
                                               QStringLiteral("bash"), kBashCompletionLibrary,
                                               kSource + QStringLiteral("/packaging/bash-completion/rtmctl"), line});
    if (r.exitCode != 0 || !r.err.isEmpty())
        *error = QStringLiteral("exit %1: %2").arg(r.exitCode).arg(r.err);
    QStringList words = r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    words.sort();
    return words;
}

// Does rtmctl's own parser take --option after `command`? A usage error about the option
// itself ("unknown option", "does not take") means no; any other outcome (a missing
// required option, say) means yes. Flags are tried bare, other options with a valid value.
bool rtmctlAccepts(const QString &command, const QString &option)
{
    rtmctl::CommandLine cl;
    QString error;
    const QString bare = QStringLiteral("--") + option;
    if (!rtmctl::parseCommandLine({command, bare}, cl, error) && error.contains(QLatin1String("needs a value"))) {
        cl = {};
        error.clear();
        rtmctl::parseCommandLine({command, bare + QStringLiteral("=2")}, cl, error);
    }
    return !error.contains(QLatin1String("unknown option")) && !error.contains(QLatin1String("does not take"));
}

} // namespace

class TstPackageFiles : public QObject
{
    Q_OBJECT

private slots:
    void desktopEntryIsValid()
    {
        const QString desktop = kSource + QStringLiteral("/packaging/rtm-console.desktop");
        const Run r = run(QStringLiteral("desktop-file-validate"), {desktop});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(r.out + r.err, QString());   // not even hints
        const QString text = readText(desktop);
        QVERIFY(text.contains(QLatin1String("\nExec=rtm-console\n")));
        QVERIFY(text.contains(QLatin1String("\nIcon=rtm-console\n")));   // the hicolor icon name
    }

    void metainfoIsValidAndNamesThisRelease()
    {
        const QString metainfo = kSource + QStringLiteral("/packaging/rtm-console.metainfo.xml");
        const Run r = run(QStringLiteral("appstreamcli"), {QStringLiteral("validate"), QStringLiteral("--no-net"), metainfo});
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        const QString text = readText(metainfo);
        QVERIFY(text.contains(QLatin1String("<launchable type=\"desktop-id\">rtm-console.desktop</launchable>")));
        static const QRegularExpression release(QStringLiteral("<release version=\"([^\"]+)\""));
        QCOMPARE(release.match(text).captured(1), kVersion);   // the newest release comes first
    }

    void debianChangelogNamesThisVersion()
    {
        const QString first = readText(kSource + QStringLiteral("/packaging/debian/changelog")).section(QLatin1Char('\n'), 0, 0);
        QCOMPARE(first, QStringLiteral("rtm-console (%1-1) unstable; urgency=medium").arg(kVersion));
    }

    void manPageRendersWithoutWarnings_data()
    {
        QTest::addColumn<QString>("page");
        for (const char *page : {"rtmctl", "rtm-devserver", "rtm-console"})
            QTest::newRow(page) << QString::fromLatin1(page);
    }

    void manPageRendersWithoutWarnings()
    {
        QFETCH(QString, page);
        const QString path = kPackagingBuild + QStringLiteral("/man/") + page + QStringLiteral(".1");
        const QString text = readText(path);
        QVERIFY2(!text.isEmpty(), qPrintable(path));
        QVERIFY(text.contains(QStringLiteral("\"RTM Console %1\"").arg(kVersion)));
        // -ww: every groff warning; -z: no output. What lintian's man page check also runs.
        const Run r = run(QStringLiteral("groff"), {QStringLiteral("-man"), QStringLiteral("-ww"), QStringLiteral("-z"),
                                                    QStringLiteral("-Tutf8"), path});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(r.err, QString());
    }

    void manPageDescribesEveryOption_data() { manPageRendersWithoutWarnings_data(); }

    void manPageDescribesEveryOption()
    {
        QFETCH(QString, page);
        const QString man = readText(kPackagingBuild + QStringLiteral("/man/") + page + QStringLiteral(".1"));
        const QString help = helpText(page);
        QStringList options = optionsIn(help);
        QVERIFY2(options.size() >= 3, qPrintable(help));
        options << QStringLiteral("help") << QStringLiteral("version");   // rtmctl --help lists neither
        options.removeDuplicates();
        QStringList missing;
        for (const QString &option : std::as_const(options)) {
            const QString roff = QStringLiteral("\\-\\-") + QString(option).replace(QLatin1Char('-'), QLatin1String("\\-"));
            if (!man.contains(roff))
                missing << QStringLiteral("--") + option;
        }
        if (page == QLatin1String("rtmctl")) {
            const QStringList commands = rtmctlCommands();
            QVERIFY(commands.size() >= 19);
            for (const QString &command : commands)
                if (!man.contains(QStringLiteral(".B ") + QString(command).replace(QLatin1Char('-'), QLatin1String("\\-"))))
                    missing << command;
        }
        QVERIFY2(missing.isEmpty(), qPrintable(QStringLiteral("not in %1.1: %2").arg(page, missing.join(QLatin1Char(' ')))));
    }

    // The screenshot tour is a developer program (rtm-console-tour, tests/tour), not an
    // option of the product: the console refuses it like any unknown option.
    void consoleHasNoScreenshotOption()
    {
        QTemporaryDir shots;
        QVERIFY(shots.isValid());
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        const Run r = run(programPath(QStringLiteral("rtm-console")), {QStringLiteral("--screenshot"), shots.path()}, env);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QLatin1String("'screenshot'")), qPrintable(r.err));   // "Unknown option 'screenshot'."
        QVERIFY(QDir(shots.path()).isEmpty());
    }

    void bashCompletionOffersEveryCommand()
    {
        QString error;
        QStringList commands = rtmctlCommands();
        commands.sort();
        QVERIFY(commands.size() >= 19);
        QCOMPARE(complete(QStringLiteral("rtmctl "), &error), commands);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(complete(QStringLiteral("rtmctl --pid 5 get-gr"), &error),
                 QStringList({QStringLiteral("get-group-message"), QStringLiteral("get-group-message-info")}));
        QCOMPARE(complete(QStringLiteral("rtmctl --"), &error),
                 QStringList({QStringLiteral("--ecc-bits"), QStringLiteral("--ecc-key"), QStringLiteral("--ecc-mode"),
                              QStringLiteral("--endpoint"), QStringLiteral("--help"), QStringLiteral("--pid"),
                              QStringLiteral("--rate-limit"), QStringLiteral("--secret-file"), QStringLiteral("--timeout"),
                              QStringLiteral("--version")}));
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    // For every command: the options offered are exactly those rtmctl's parser takes there.
    void bashCompletionOffersWhatRtmctlAccepts()
    {
        QStringList allOptions = optionsIn(helpText(QStringLiteral("rtmctl"))) << QStringLiteral("help");
        allOptions.removeDuplicates();   // the usage text itself mentions `call --help`
        QVERIFY(allOptions.contains(QLatin1String("include-deleted")));
        for (const QString &command : rtmctlCommands()) {
            QStringList accepted;
            for (const QString &option : allOptions)
                if (rtmctlAccepts(command, option))
                    accepted << QStringLiteral("--") + option;
            accepted.sort();
            QString error;
            // After an --endpoint with a colon (not a word break here) and a global option.
            const QStringList offered = complete(QStringLiteral("rtmctl --endpoint 127.0.0.1:13321 %1 --").arg(command), &error);
            QVERIFY2(error.isEmpty(), qPrintable(error));
            QVERIFY2(offered == accepted, qPrintable(QStringLiteral("%1: offered %2, accepted %3")
                                                         .arg(command, offered.join(QLatin1Char(' ')), accepted.join(QLatin1Char(' ')))));
        }
    }

    void bashCompletionValues()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        for (const char *name : {"alpha.key", "beta.secret", "bravo.secret"}) {
            QFile f(dir.filePath(QString::fromLatin1(name)));
            QVERIFY(f.open(QIODevice::WriteOnly));
        }
        QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("keys")));
        const QString d = dir.path();
        QString error;
        QCOMPARE(complete(QStringLiteral("rtmctl --secret-file %1/a").arg(d), &error), QStringList({d + QStringLiteral("/alpha.key")}));
        QCOMPARE(complete(QStringLiteral("rtmctl check --secret-file %1/b").arg(d), &error),
                 QStringList({d + QStringLiteral("/beta.secret"), d + QStringLiteral("/bravo.secret")}));
        QCOMPARE(complete(QStringLiteral("rtmctl check --secret-file=%1/k").arg(d), &error), QStringList({d + QStringLiteral("/keys")}));
        QCOMPARE(complete(QStringLiteral("rtmctl get-message-num --type "), &error), QStringList({QStringLiteral("2"), QStringLiteral("3")}));
        // Free text and numbers: nothing to offer, and a value is not taken for the command.
        QCOMPARE(complete(QStringLiteral("rtmctl send-message --message "), &error), QStringList());
        QCOMPARE(complete(QStringLiteral("rtmctl --pid "), &error), QStringList());
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    // `cmake --install` of this build tree into a temporary prefix: every file in its place.
    void installLayout()
    {
        QTemporaryDir prefix;
        QVERIFY(prefix.isValid());
        const Run r = run(QStringLiteral(RTM_CMAKE_COMMAND),
                          {QStringLiteral("--install"), QStringLiteral(RTM_BUILD_DIR), QStringLiteral("--prefix"), prefix.path()});
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        const QDir root(prefix.path());

        // The three programs and nothing else (no developer tool such as rtm-console-tour).
        QCOMPARE(QDir(root.filePath(QStringLiteral("bin"))).entryList(QDir::Files | QDir::NoDotAndDotDot, QDir::Name),
                 QStringList({QStringLiteral("rtm-console"), QStringLiteral("rtm-devserver"), QStringLiteral("rtmctl")}));
        for (const char *program : {"rtm-console", "rtmctl", "rtm-devserver"}) {
            const QFileInfo info(root.filePath(QStringLiteral("bin/") + QString::fromLatin1(program)));
            QVERIFY2(info.isExecutable(), program);
            QVERIFY(info.permissions() & QFileDevice::ExeOther);
        }
        for (const char *file : {"share/applications/rtm-console.desktop", "share/metainfo/rtm-console.metainfo.xml",
                                 "share/icons/hicolor/scalable/apps/rtm-console.svg",
                                 "share/bash-completion/completions/rtmctl", "share/doc/rtm-console/copyright",
                                 "share/lintian/overrides/rtm-console"}) {
            const QFileInfo info(root.filePath(QString::fromLatin1(file)));
            QVERIFY2(info.isFile() && info.size() > 0, file);
            QVERIFY2(info.permissions() & QFileDevice::ReadOther, file);
        }
        for (int size : {16, 32, 48, 64, 128, 256}) {
            const QString png = root.filePath(QStringLiteral("share/icons/hicolor/%1x%1/apps/rtm-console.png").arg(size));
            QImageReader reader(png);
            QCOMPARE(reader.format(), QByteArray("png"));
            QCOMPARE(reader.size(), QSize(size, size));
        }
        // Gzipped as Debian wants, and the same text as the build tree's pages.
        const QStringList gzipped = {QStringLiteral("man/man1/rtmctl.1.gz"), QStringLiteral("man/man1/rtm-devserver.1.gz"),
                                     QStringLiteral("man/man1/rtm-console.1.gz"),
                                     QStringLiteral("doc/rtm-console/changelog.Debian.gz")};
        for (const QString &file : gzipped) {
            const Run unzip = run(QStringLiteral("gzip"), {QStringLiteral("-dc"), root.filePath(QStringLiteral("share/") + file)});
            QVERIFY2(unzip.exitCode == 0, qPrintable(file + QLatin1Char(' ') + unzip.err));
            const QString original = file.startsWith(QLatin1String("man/"))
                ? QString(kPackagingBuild + QStringLiteral("/man/") + QFileInfo(file).completeBaseName())
                : QString(kSource + QStringLiteral("/packaging/debian/changelog"));
            QCOMPARE(unzip.out, readText(original));
        }
    }
};

QTEST_GUILESS_MAIN(TstPackageFiles)
#include "tst_packagefiles.moc"
