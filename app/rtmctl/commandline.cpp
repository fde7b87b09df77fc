#include "commandline.h"

#include <QHash>

#include "callcommand.h"
#include "rtm/endpoint.h"
#include "rtm/rtmwire.h"

namespace rtmctl {

namespace {

enum class Type { Int64, Mtype, Int64List, IntList, Text, Num, CountType, Flag };

struct CommandSpec {
    const char *name;
    QList<const char *> required;
    QList<const char *> optional;
};

const QHash<QString, Type> &optionTypes()
{
    static const QHash<QString, Type> types = {
        {QStringLiteral("mtype"), Type::Mtype},     {QStringLiteral("from"), Type::Int64},
        {QStringLiteral("to"), Type::Int64},        {QStringLiteral("gid"), Type::Int64},
        {QStringLiteral("rid"), Type::Int64},       {QStringLiteral("uid"), Type::Int64},
        {QStringLiteral("ouid"), Type::Int64},      {QStringLiteral("mid"), Type::Int64},
        {QStringLiteral("xid"), Type::Int64},       {QStringLiteral("begin"), Type::Int64},
        {QStringLiteral("end"), Type::Int64},       {QStringLiteral("lastid"), Type::Int64},
        {QStringLiteral("message"), Type::Text},    {QStringLiteral("attrs"), Type::Text},
        {QStringLiteral("num"), Type::Num},         {QStringLiteral("mtypes"), Type::IntList},
        {QStringLiteral("type"), Type::CountType},  {QStringLiteral("desc"), Type::Flag},
        {QStringLiteral("all"), Type::Flag},        {QStringLiteral("include-deleted"), Type::Flag},
        {QStringLiteral("params"), Type::Text},     {QStringLiteral("sign"), Type::Flag},
        {QStringLiteral("with-pid"), Type::Flag},   {QStringLiteral("allow-internal"), Type::Flag},
        {QStringLiteral("sequential"), Type::Flag}, {QStringLiteral("follow"), Type::Flag},
        {QStringLiteral("require-content"), Type::Flag},
    };
    return types;
}

const QList<CommandSpec> &commandSpecs()
{
    static const QList<const char *> paging = {"desc", "begin", "end", "lastid", "mtypes", "all", "include-deleted",
                                                 "sequential", "follow"};
    static const QList<CommandSpec> specs = {
        {"send-message", {"mtype", "from", "to", "message", "attrs"}, {"mid"}},
        {"send-messages", {"mtype", "from", "to", "message", "attrs"}, {"mid"}},
        {"send-group-message", {"mtype", "from", "gid", "message", "attrs"}, {"mid"}},
        {"send-room-message", {"mtype", "from", "rid", "message", "attrs"}, {"mid"}},
        {"broadcast-message", {"mtype", "from", "message", "attrs"}, {"mid"}},
        {"get-p2p-message", {"uid", "ouid", "num"}, paging},
        {"get-group-message", {"uid", "gid", "num"}, paging},
        {"get-room-message", {"uid", "rid", "num"}, paging},
        {"get-broadcast-message", {"uid", "num"}, paging},
        {"delete-p2p-message", {"mid", "from", "to"}, {"require-content"}},
        {"delete-group-message", {"mid", "from", "gid"}, {"require-content"}},
        {"delete-room-message", {"mid", "from", "rid"}, {"require-content"}},
        {"delete-broadcast-message", {"mid", "from"}, {"require-content"}},
        {"get-p2p-message-info", {"mid", "from", "to"}, {}},
        {"get-group-message-info", {"mid", "from", "gid"}, {}},
        {"get-room-message-info", {"mid", "from", "rid"}, {}},
        {"get-broadcast-message-info", {"mid", "from"}, {}},
        {"get-message-num", {"type", "xid"}, {"mtypes", "begin", "end"}},
        {"check", {}, {}},
        {"call", {}, {"params", "sign", "with-pid", "allow-internal"}},
    };
    return specs;
}

const CommandSpec *findCommand(const QString &name)
{
    for (const CommandSpec &s : commandSpecs())
        if (name == QLatin1String(s.name))
            return &s;
    return nullptr;
}

// Digits only, with an optional leading '-' when `allowMinus`: QString::toLongLong() would
// also take "+5" and " 5 ".
bool isPlainInteger(const QString &text, bool allowMinus)
{
    const qsizetype start = allowMinus && text.startsWith(QLatin1Char('-')) ? 1 : 0;
    if (text.size() <= start)
        return false;
    for (qsizetype i = start; i < text.size(); ++i)
        if (text.at(i) < QLatin1Char('0') || text.at(i) > QLatin1Char('9'))
            return false;
    return true;
}

bool toId(const QString &text, qint64 &out)
{
    bool ok = false;
    const qint64 v = text.toLongLong(&ok, 10);
    if (!ok || v < 0 || !isPlainInteger(text, false))
        return false;
    out = v;
    return true;
}

bool toInt(const QString &text, int &out)
{
    if (!isPlainInteger(text, true))
        return false;
    bool ok = false;
    const int v = text.toInt(&ok, 10);
    if (!ok)
        return false;
    out = v;
    return true;
}

// Stores a typed value; false with `error` set when it does not parse.
bool storeValue(CommandLine &cl, const QString &name, Type type, const QString &value, QString &error)
{
    const QString opt = QStringLiteral("--") + name;
    switch (type) {
    case Type::Int64: {
        qint64 v = 0;
        if (!toId(value, v)) {
            error = opt + QStringLiteral(" expects a non-negative integer");
            return false;
        }
        if (name == QLatin1String("from")) cl.from = v;
        else if (name == QLatin1String("to")) { cl.to = v; cl.tos = {v}; }
        else if (name == QLatin1String("gid")) cl.gid = v;
        else if (name == QLatin1String("rid")) cl.rid = v;
        else if (name == QLatin1String("uid")) cl.uid = v;
        else if (name == QLatin1String("ouid")) cl.ouid = v;
        else if (name == QLatin1String("mid")) cl.mid = v;
        else if (name == QLatin1String("xid")) cl.xid = v;
        else if (name == QLatin1String("begin")) cl.begin = v;
        else if (name == QLatin1String("end")) cl.end = v;
        else if (name == QLatin1String("lastid")) cl.lastid = v;
        return true;
    }
    case Type::Mtype:
        if (!toInt(value, cl.mtype) || cl.mtype < rtm::limits::MinMtype || cl.mtype > rtm::limits::MaxMtype) {
            error = opt + QStringLiteral(" expects an integer message type (1..127)");
            return false;
        }
        return true;
    case Type::Int64List: {
        QList<qint64> list;
        for (const QString &part : value.split(QLatin1Char(','))) {
            qint64 v = 0;
            if (!toId(part.trimmed(), v)) {
                error = opt + QStringLiteral(" expects a comma-separated list of non-negative integers");
                return false;
            }
            list << v;
        }
        cl.tos = list;
        return true;
    }
    case Type::IntList: {
        QList<int> list;
        for (const QString &part : value.split(QLatin1Char(','))) {
            int v = 0;
            if (!toInt(part.trimmed(), v) || v < rtm::limits::MinMtype || v > rtm::limits::MaxMtype) {
                error = opt + QStringLiteral(" expects a comma-separated list of message types (1..127)");
                return false;
            }
            list << v;
        }
        cl.mtypes = list;
        return true;
    }
    case Type::Text:
        if (name == QLatin1String("message")) cl.message = value;
        else if (name == QLatin1String("params")) cl.callParams = value;
        else cl.attrs = value;
        return true;
    case Type::Num:
        if (!toInt(value, cl.num) || cl.num < 1 || cl.num > rtm::limits::MaxHistoryRows) {
            error = opt + QStringLiteral(" expects a number of rows from 1 to %1").arg(rtm::limits::MaxHistoryRows);
            return false;
        }
        return true;
    case Type::CountType:
        if (!toInt(value, cl.type) || (cl.type != 2 && cl.type != 3)) {
            error = opt + QStringLiteral(" expects 2 (group) or 3 (room)");
            return false;
        }
        return true;
    case Type::Flag:
        return true;
    }
    return true;
}

} // namespace

bool parseCommandLine(const QStringList &args, CommandLine &out, QString &error)
{
    CommandLine cl;
    QStringList eccOptionsGiven;   // --ecc-bits/--ecc-mode: meaningless without --ecc-key

    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &arg = args.at(i);
        if (!arg.startsWith(QLatin1String("--"))) {
            if (cl.command.isEmpty()) {
                cl.command = arg;
                continue;
            }
            if (cl.command == QLatin1String("call") && !cl.haveCallMethod) {
                cl.callMethod = arg;
                cl.haveCallMethod = true;
                continue;
            }
            error = QStringLiteral("unexpected argument after the command (options start with --)");
            return false;
        }
        QString name = arg.mid(2);
        QString value;
        bool hasInlineValue = false;
        if (const qsizetype eq = name.indexOf(QLatin1Char('=')); eq >= 0) {
            value = name.mid(eq + 1);
            name = name.left(eq);
            hasInlineValue = true;
        }
        if (name.startsWith(QLatin1String("secret")) && name != QLatin1String("secret-file")) {
            error = QStringLiteral("the secret is never an argument: set RTM_SECRET or use --secret-file FILE");
            return false;
        }
        if (name == QLatin1String("help")) {
            cl.help = true;
            continue;
        }
        const bool isGlobal = name == QLatin1String("endpoint") || name == QLatin1String("pid")
            || name == QLatin1String("secret-file") || name == QLatin1String("timeout")
            || name == QLatin1String("rate-limit") || name == QLatin1String("ecc-key")
            || name == QLatin1String("ecc-bits") || name == QLatin1String("ecc-mode");
        const auto typeIt = optionTypes().constFind(name);
        if (!isGlobal && typeIt == optionTypes().constEnd()) {
            error = QStringLiteral("unknown option --%1").arg(name.left(40));
            return false;
        }
        const bool isFlag = !isGlobal && *typeIt == Type::Flag;
        if (isFlag) {
            if (hasInlineValue) {
                error = QStringLiteral("--%1 takes no value").arg(name);
                return false;
            }
        } else if (!hasInlineValue) {
            if (i + 1 >= args.size()) {
                error = QStringLiteral("--%1 needs a value").arg(name);
                return false;
            }
            value = args.at(++i);
        }

        if (isGlobal) {
            if (name == QLatin1String("endpoint")) {
                QString why;
                const std::optional<rtm::Endpoint> endpoint = rtm::Endpoint::parse(value, &why);
                if (!endpoint) {
                    error = QStringLiteral("--endpoint expects HOST:PORT: ") + why;
                    return false;
                }
                cl.host = endpoint->host;
                cl.port = endpoint->port;
                cl.haveEndpoint = true;
            } else if (name == QLatin1String("pid")) {
                if (!toId(value, cl.pid) || cl.pid == 0) {
                    error = QStringLiteral("--pid expects a positive integer");
                    return false;
                }
                cl.havePid = true;
            } else if (name == QLatin1String("secret-file")) {
                if (value.isEmpty()) {
                    error = QStringLiteral("--secret-file needs a file name");
                    return false;
                }
                cl.secretFile = value;
            } else if (name == QLatin1String("timeout")) {
                bool ok = false;
                const double s = value.toDouble(&ok);
                if (!ok || !(s > 0) || s > 3600) {
                    error = QStringLiteral("--timeout expects seconds (0 < N <= 3600)");
                    return false;
                }
                cl.timeoutMs = std::max(1, int(s * 1000));
            } else if (name == QLatin1String("ecc-key")) {
                if (value.isEmpty()) {
                    error = QStringLiteral("--ecc-key needs a file name (the server's EC public key)");
                    return false;
                }
                cl.eccKeyFile = value;
            } else if (name == QLatin1String("ecc-bits")) {
                if (value != QLatin1String("128") && value != QLatin1String("256")) {
                    error = QStringLiteral("--ecc-bits expects 128 or 256");
                    return false;
                }
                cl.eccBits = value.toInt();
                eccOptionsGiven << name;
            } else if (name == QLatin1String("ecc-mode")) {
                if (value != QLatin1String("package") && value != QLatin1String("stream")) {
                    error = QStringLiteral("--ecc-mode expects package or stream");
                    return false;
                }
                cl.eccStreamMode = value == QLatin1String("stream");
                eccOptionsGiven << name;
            } else {   // rate-limit
                int v = 0;
                if (!toInt(value, v) || v < 0) {
                    error = QStringLiteral("--rate-limit expects calls per second (0 = none)");
                    return false;
                }
                cl.rateLimit = v;
            }
            continue;
        }
        if (cl.command.isEmpty()) {
            error = QStringLiteral("--%1 must follow the command").arg(name);
            return false;
        }
        // --to is a list for send-messages only.
        Type type = *typeIt;
        if (name == QLatin1String("to") && cl.command == QLatin1String("send-messages"))
            type = Type::Int64List;
        if (!storeValue(cl, name, type, value, error))
            return false;
        if (isFlag) {
            if (name == QLatin1String("desc")) cl.desc = true;
            else if (name == QLatin1String("all")) cl.all = true;
            else if (name == QLatin1String("sign")) cl.sign = true;
            else if (name == QLatin1String("with-pid")) cl.withPid = true;
            else if (name == QLatin1String("allow-internal")) cl.allowInternal = true;
            else if (name == QLatin1String("sequential")) cl.sequential = true;
            else if (name == QLatin1String("follow")) cl.follow = true;
            else if (name == QLatin1String("require-content")) cl.requireContent = true;
            else cl.includeDeleted = true;
        }
        cl.given.insert(name);
    }

    if (cl.help) {
        out = cl;
        return true;
    }
    if (!eccOptionsGiven.isEmpty() && cl.eccKeyFile.isEmpty()) {
        error = QStringLiteral("--%1 needs --ecc-key FILE (the server's EC public key)").arg(eccOptionsGiven.first());
        return false;
    }
    if (cl.command.isEmpty()) {
        error = QStringLiteral("no command given");
        return false;
    }
    const CommandSpec *spec = findCommand(cl.command);
    if (!spec) {
        error = QStringLiteral("unknown command '%1'").arg(cl.command.left(40));
        return false;
    }
    for (const QString &name : std::as_const(cl.given)) {
        bool allowed = false;
        for (const char *r : spec->required)
            allowed = allowed || name == QLatin1String(r);
        for (const char *o : spec->optional)
            allowed = allowed || name == QLatin1String(o);
        if (!allowed) {
            error = QStringLiteral("%1 does not take --%2").arg(cl.command, name);
            return false;
        }
    }
    for (const char *r : spec->required) {
        if (!cl.given.contains(QLatin1String(r))) {
            error = QStringLiteral("%1 needs --%2").arg(cl.command, QLatin1String(r));
            return false;
        }
    }
    if (cl.command == QLatin1String("call")) {
        if (!cl.haveCallMethod) {
            error = QStringLiteral("call needs METHOD");
            return false;
        }
        if (const QString why = callMethodError(cl.callMethod, cl.allowInternal); !why.isEmpty()) {
            error = why;
            return false;
        }
        if (cl.sign && cl.withPid) {
            error = QStringLiteral("call: --sign already adds pid; drop --with-pid");
            return false;
        }
    }
    // 0 means "no bound" on either side (protocol.md); a range that ends before it begins
    // can only be a mistake.
    if (cl.sequential && !cl.all) {
        error = QStringLiteral("--sequential goes with --all");
        return false;
    }
    // --follow goes on from the newest row printed: the first page must be the newest one.
    if (cl.follow && (!cl.desc || cl.end > 0 || cl.lastid > 0)) {
        error = QStringLiteral("--follow needs --desc and no --end or --lastid (it goes on from the newest row)");
        return false;
    }
    if (cl.has("begin") && cl.has("end") && cl.begin > 0 && cl.end > 0 && cl.begin > cl.end) {
        error = QStringLiteral("--begin is later than --end");
        return false;
    }
    out = cl;
    return true;
}

QString callMethodError(const QString &method, bool allowInternal)
{
    if (method.isEmpty())
        return QStringLiteral("call: METHOD is empty");
    const QByteArray bytes = method.toUtf8();
    if (bytes.size() > 255)
        return QStringLiteral("call: METHOD is longer than 255 bytes (FPNN cannot carry it)");
    const bool internal = bytes.startsWith('*');
    for (qsizetype i = internal ? 1 : 0; i < bytes.size(); ++i) {
        const char c = bytes.at(i);
        const bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
            || c == '.' || c == '-';
        if (!allowed)
            return QStringLiteral("call: METHOD may only hold A-Z a-z 0-9 _ . - (and a leading * for FPNN's own methods)");
    }
    if (internal && bytes.size() == 1)
        return QStringLiteral("call: METHOD '*' names no method");
    if (bytes == "*key")
        return QStringLiteral("call: *key is never sent: the client does the key exchange itself");
    if (internal && !allowInternal)
        return QStringLiteral("call: %1 is an FPNN built-in method; add --allow-internal to send it").arg(method);
    return {};
}

QString usageText()
{
    return QStringLiteral(
        "usage: rtmctl [--endpoint HOST:PORT] [--pid N] [--secret-file FILE] [--timeout SECONDS]\n"
        "              [--rate-limit N] [--ecc-key FILE [--ecc-bits 128|256] [--ecc-mode package|stream]]\n"
        "              COMMAND [OPTIONS]\n"
        "The secret comes from the environment variable RTM_SECRET or --secret-file, never from an\n"
        "argument. --endpoint/--pid may come from RTM_ENDPOINT/RTM_PID; --rate-limit (calls/s,\n"
        "default 50, 0 = none) from RTM_RATE_LIMIT; the audit profile name from RTM_PROFILE.\n"
        "Encryption: --ecc-key FILE is the server's EC public key (PEM or DER; curve secp256k1,\n"
        "secp256r1, secp224r1 or secp192r1, read from the key); every connection then starts with\n"
        "the FPNN key exchange and carries AES (--ecc-bits 128 or 256, default 128) in package\n"
        "(default) or stream mode (--ecc-mode). A key that cannot be used is a usage error; a\n"
        "failed key exchange fails the command. Without --ecc-key the connection is plain.\n"
        "Commands:\n"
        "  send-message           --mtype N --from UID --to UID --message TEXT --attrs TEXT [--mid MID]\n"
        "  send-messages          --mtype N --from UID --to UID,UID,... --message TEXT --attrs TEXT [--mid MID]\n"
        "  send-group-message     --mtype N --from UID --gid GID --message TEXT --attrs TEXT [--mid MID]\n"
        "  send-room-message      --mtype N --from UID --rid RID --message TEXT --attrs TEXT [--mid MID]\n"
        "  broadcast-message      --mtype N --from UID --message TEXT --attrs TEXT [--mid MID]\n"
        "  get-p2p-message        --uid UID --ouid UID --num N [--desc] [--begin MS] [--end MS] [--lastid ID]\n"
        "                         [--mtypes N,N,...] [--all [--sequential]] [--include-deleted]\n"
        "                         --all reads every page, several at once (time windows merged in\n"
        "                         order); --sequential reads them one after the other\n"
        "                         --follow (with --desc): then prints each new message as one JSON line,\n"
        "                         oldest first, checking every 2 s, until Ctrl-C (exit 0)\n"
        "  get-group-message      --uid UID --gid GID   (same paging options)\n"
        "  get-room-message       --uid UID --rid RID   (same paging options)\n"
        "  get-broadcast-message  --uid UID             (same paging options)\n"
        "  delete-p2p-message     --mid MID --from UID --to UID [--require-content]\n"
        "  delete-group-message   --mid MID --from UID --gid GID [--require-content]\n"
        "  delete-room-message    --mid MID --from UID --rid RID [--require-content]\n"
        "  delete-broadcast-message --mid MID --from UID [--require-content]\n"
        "                         reads the message first (getmsg) so that the audit log holds\n"
        "                         what was deleted; when that read fails the delete still goes\n"
        "                         out, its audit line saying why the content was not captured,\n"
        "                         unless --require-content (then nothing is deleted, exit 1)\n"
        "  get-p2p-message-info   --mid MID --from UID --to UID\n"
        "  get-group-message-info --mid MID --from UID --gid GID\n"
        "  get-room-message-info  --mid MID --from UID --rid RID\n"
        "  get-broadcast-message-info --mid MID --from UID\n"
        "  get-message-num        --type 2|3 --xid ID [--mtypes N,N,...] [--begin MS] [--end MS]\n"
        "  check\n"
        "  call METHOD            [--params JSON|@FILE|-] [--sign | --with-pid] [--allow-internal]\n"
        "                         any FPNN method, params and answer as JSON (rtmctl call --help)\n"
        "Output: one JSON object on stdout. Exit 0 success, 1 request failed, 2 usage error.\n");
}

} // namespace rtmctl
