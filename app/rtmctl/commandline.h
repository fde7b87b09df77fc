#pragma once

// rtmctl's command line: global options, the command and its options, checked and typed
// before anything is sent. The secret is never an argument: parse() refuses --secret
// (in any spelling) and never repeats option values in its error text.

#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

namespace rtmctl {

struct CommandLine {
    // global
    QString host;
    quint16 port = 0;
    bool haveEndpoint = false;
    qint64 pid = 0;
    bool havePid = false;
    QString secretFile;
    int timeoutMs = 0;          // 0 = default
    int rateLimit = -1;         // -1 = default / environment
    QString eccKeyFile;         // the server's EC public key: encrypt (protocol.md 2); "" = plain
    int eccBits = 128;          // --ecc-bits: AES-128 or AES-256
    bool eccStreamMode = false; // --ecc-mode stream (default package)
    bool help = false;

    QString command;
    QSet<QString> given;        // option names present (without "--")

    // command options (meaningful when in `given`)
    int mtype = 0;
    qint64 from = 0, to = 0, gid = 0, rid = 0, uid = 0, ouid = 0, mid = 0, xid = 0;
    qint64 begin = 0, end = 0, lastid = 0;
    QList<qint64> tos;
    QList<int> mtypes;
    QString message, attrs;
    int num = 0;
    int type = 0;
    bool desc = false, all = false, sequential = false, includeDeleted = false, follow = false;
    bool requireContent = false;   // delete-*: refuse when the content cannot be read first

    // call METHOD (callcommand.h)
    QString callMethod;
    bool haveCallMethod = false;
    QString callParams;         // --params as given: JSON, @FILE or -
    bool sign = false, withPid = false, allowInternal = false;

    bool has(const char *name) const { return given.contains(QLatin1String(name)); }
};

// Parses argv (without the program name). On a usage error returns false and sets `error`
// to one line that never contains an option's value (a bad --endpoint's parts aside: not secret).
bool parseCommandLine(const QStringList &args, CommandLine &out, QString &error);

QString usageText();

// Why `call`'s METHOD cannot be sent (one line), or an empty string when it can.
QString callMethodError(const QString &method, bool allowInternal);

} // namespace rtmctl
