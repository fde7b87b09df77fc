// rtmctl: the RTM Message API from a shell, JSON out (see usageText()).
// Exit 0 success, 1 request failure (stdout {"error": {...}}), 2 usage error (one line on
// stderr, nothing sent). The secret is read from RTM_SECRET or --secret-file only and is
// never printed.

#include <algorithm>
#include <cstdio>
#include <optional>

#include <QCoreApplication>
#include <QEventLoop>
#include <QFile>

#include "callcommand.h"
#include "commandline.h"
#include "followcommand.h"
#include "output.h"
#include "rtm/categorytable.h"
#include "rtm/endpoint.h"
#include "service/auditlog.h"
#include "service/blockingcall.h"
#include "service/historycursor.h"
#include "service/jsonvalue.h"
#include "service/parallelhistoryloader.h"
#include "service/loggingfilter.h"
#include "service/rtmsession.h"
#include "version.h"

using namespace rtmctl;

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

void printLine(FILE *stream, const QByteArray &line)
{
    std::fwrite(line.constData(), 1, size_t(line.size()), stream);
    std::fputc('\n', stream);
    std::fflush(stream);
}

int usageError(const QString &message)
{
    printLine(stderr, "rtmctl: " + message.toUtf8() + " (rtmctl --help for usage)");
    return kExitUsage;
}

int failed(const rtm::RtmError &error)
{
    printLine(stdout, errorJson(error));
    return kExitFailed;
}

// The category named by a get-<word>-message, delete-<word>-message or
// get-<word>-message-info command (rtm/categorytable.h); nullopt for other commands.
std::optional<rtm::MessageCategory> commandCategory(const QString &command)
{
    const QStringList words = command.split(QLatin1Char('-'));
    if (words.size() < 3)
        return std::nullopt;
    return rtm::categoryFromCliWord(words.at(1));
}

// The value of the target option named like the wire key (--ouid, --to, --gid, --rid: rtmctl's
// options are the wire keys); 0 for nullptr, a broadcast's missing target.
qint64 targetOption(const CommandLine &cl, const char *wireKey)
{
    if (!wireKey)
        return 0;
    const QLatin1StringView key(wireKey);
    if (key == QLatin1StringView("ouid")) return cl.ouid;
    if (key == QLatin1StringView("to")) return cl.to;
    if (key == QLatin1StringView("gid")) return cl.gid;
    if (key == QLatin1StringView("rid")) return cl.rid;
    return 0;
}

// --all without --sequential: every page through ParallelHistoryLoader, rows in order.
// The cursor fields reported are what sequential paging ends with on the sandbox: the
// last row's id and mtime (as end for desc, begin for asc), the other bound as given.
int runParallelAll(service::RtmSession &session, const CommandLine &cl, rtm::MessageCategory category, qint64 target,
                   qint64 &newestId)
{
    service::HistoryLoadSpec spec;
    spec.category = category;
    spec.uid = cl.uid;
    spec.target = target;
    spec.desc = cl.desc;
    spec.pageSize = cl.num;
    spec.begin = cl.begin;
    spec.end = cl.end;
    spec.mtypes = cl.mtypes;
    spec.afterId = cl.lastid;   // its mtime is unknown: that window is read without splits
    service::ParallelHistoryLoader loader(&session, spec);
    std::vector<rtm::HistoryMessage> rows;
    rtm::RtmError error;
    QEventLoop loop;
    QObject::connect(&loader, &service::ParallelHistoryLoader::rowsReady, &loader,
                     [&rows](const std::vector<rtm::HistoryMessage> &batch) {
                         rows.insert(rows.end(), batch.begin(), batch.end());
                     });
    QObject::connect(&loader, &service::ParallelHistoryLoader::finished, &loop,
                     [&error, &loop](const rtm::RtmError &e, bool) {
                         error = e;
                         loop.quit();
                     });
    loader.start();
    if (!loader.isFinished())
        loop.exec();
    if (error)
        return failed(error);   // as sequential: no partial result passed off as complete

    rtm::HistoryPage last;
    last.lastCursorId = rows.empty() ? cl.lastid : rows.back().cursorId;
    last.beginMsec = cl.begin;
    last.endMsec = cl.end;
    if (!rows.empty())
        (cl.desc ? last.endMsec : last.beginMsec) = rows.back().modifiedTime;
    for (const rtm::HistoryMessage &m : rows)
        newestId = std::max(newestId, m.cursorId);
    printLine(stdout, historyJson(last, rows, qint64(rows.size()), cl.includeDeleted));
    return kExitOk;
}

// The conversation and filters of a history command, for --follow.
service::HistoryTarget followTarget(const CommandLine &cl, rtm::MessageCategory category, qint64 target)
{
    service::HistoryTarget t;
    t.category = category;
    t.uid = cl.uid;
    t.target = target;
    t.begin = cl.begin;
    t.mtypes = cl.mtypes;
    t.showDeleted = cl.includeDeleted;
    return t;
}

int runHistory(service::RtmSession &session, const CommandLine &cl)
{
    rtm::HistoryQuery query;
    query.desc = cl.desc;
    query.num = cl.num;
    query.begin = cl.begin;
    query.end = cl.end;
    query.lastId = cl.lastid;
    query.mtypes = cl.mtypes;
    const std::optional<rtm::MessageCategory> named = commandCategory(cl.command);
    if (!named)
        return usageError(QStringLiteral("unknown command"));
    const rtm::MessageCategory category = *named;
    const qint64 target = targetOption(cl, rtm::categoryRow(category).historyTargetKey);
    qint64 newestId = 0;   // --follow goes on from here
    if (cl.all && !cl.sequential) {
        const int code = runParallelAll(session, cl, category, target, newestId);
        if (code != kExitOk || !cl.follow)
            return code;
        return runFollow(session, followTarget(cl, category, target), newestId, cl.includeDeleted);
    }
    std::vector<rtm::HistoryMessage> rows;
    rtm::HistoryPage last;
    qint64 count = 0;
    for (;;) {
        const service::ReplyResult r = service::waitForReply(session.getHistory(category, cl.uid, target, query));
        if (!r.ok())
            return failed(r.error);
        const rtm::HistoryPage &page = r.history;
        const bool lastPage = !cl.all || page.count < query.num || page.count == 0;
        if (!lastPage) {
            // Another page follows: a cursor that does not move would page forever.
            if (const rtm::RtmError stuck = service::checkCursorAdvanced(query.desc, query.lastId, page.lastCursorId))
                return failed(stuck);
        }
        count += page.count;
        rows.insert(rows.end(), page.messages.begin(), page.messages.end());
        last = page;
        last.messages.clear();
        if (lastPage)
            break;
        query.lastId = page.lastCursorId;
        query.begin = page.beginMsec;
        query.end = page.endMsec;
    }
    printLine(stdout, historyJson(last, rows, count, cl.includeDeleted));
    if (!cl.follow)
        return kExitOk;
    for (const rtm::HistoryMessage &m : rows)
        newestId = std::max(newestId, m.cursorId);
    return runFollow(session, followTarget(cl, category, target), newestId, cl.includeDeleted);
}

int runCallCommand(service::RtmSession &session, const CommandLine &cl, const fpnn::ValueMap &params)
{
    const CallOutcome outcome = runCall(session, cl, params);
    if (outcome.error)
        return failed(outcome.error);
    printLine(stdout, service::jsonFromValue(outcome.answer));
    return kExitOk;
}

int run(service::RtmSession &session, const CommandLine &cl)
{
    const QString &c = cl.command;
    const rtm::MessageBody body = rtm::MessageBody::text(cl.message);
    const QByteArray attrs = cl.attrs.toUtf8();
    service::RtmReply *reply = nullptr;

    if (c == QLatin1String("send-message"))
        reply = session.sendMessage(cl.mtype, cl.from, cl.to, body, attrs, cl.mid);
    else if (c == QLatin1String("send-messages"))
        reply = session.sendMessages(cl.mtype, cl.from, cl.tos, body, attrs, cl.mid);
    else if (c == QLatin1String("send-group-message"))
        reply = session.sendGroupMessage(cl.mtype, cl.from, cl.gid, body, attrs, cl.mid);
    else if (c == QLatin1String("send-room-message"))
        reply = session.sendRoomMessage(cl.mtype, cl.from, cl.rid, body, attrs, cl.mid);
    else if (c == QLatin1String("broadcast-message"))
        reply = session.broadcastMessage(cl.mtype, cl.from, body, attrs, cl.mid);
    else if (c.startsWith(QLatin1String("get-")) && c.endsWith(QLatin1String("-message")))
        return runHistory(session, cl);
    else if (c.startsWith(QLatin1String("delete-")) || c.endsWith(QLatin1String("-message-info"))) {
        // delmsg/getmsg name the message like a send: --to for P2P, --gid, --rid, none for broadcast.
        const std::optional<rtm::MessageCategory> named = commandCategory(c);
        if (!named)
            return usageError(QStringLiteral("unknown command"));
        const rtm::MessageCategory category = *named;
        const qint64 target = targetOption(cl, rtm::categoryRow(category).sendTargetKey);
        if (c.endsWith(QLatin1String("-message-info"))) {
            reply = session.getMessageInfo(category, cl.mid, cl.from, target);
        } else {
            // Read the message first so that the audit line says what was deleted.
            const service::ReplyResult read = service::waitForReply(session.getMessageInfo(category, cl.mid, cl.from, target));
            service::AuditContent content;
            if (read.ok()) {
                content = service::AuditContent::captured(read.info.messageType, read.info.message,
                                                          read.info.messageIsBinary, read.info.attrs);
            } else if (cl.requireContent) {
                rtm::RtmError notDeleted = read.error;
                notDeleted.message += QStringLiteral("; reading the message for the audit log failed, so it was not "
                                                     "deleted (--require-content)");
                return failed(notDeleted);
            } else {
                content = service::AuditContent::notCaptured(
                    QStringLiteral("getmsg failed: %1 %2 %3").arg(read.error.code).arg(read.error.name, read.error.message));
            }
            reply = session.deleteMessage(category, cl.mid, cl.from, target, 0, content);
        }
    } else if (c == QLatin1String("get-message-num"))
        reply = session.getMessageNum(rtm::MessageCategory(cl.type), cl.xid, cl.mtypes, cl.begin, cl.end);
    else if (c == QLatin1String("check"))
        reply = session.checkConnection();
    else
        return usageError(QStringLiteral("unknown command"));

    const service::ReplyResult r = service::waitForReply(reply);
    if (!r.ok())
        return failed(r.error);
    switch (r.kind) {
    case service::RtmReply::Kind::Send: printLine(stdout, sendJson(r.send)); break;
    case service::RtmReply::Kind::Delete: printLine(stdout, deleteJson()); break;
    case service::RtmReply::Kind::Info: printLine(stdout, infoJson(r.info)); break;
    case service::RtmReply::Kind::Count: printLine(stdout, countJson(r.count)); break;
    case service::RtmReply::Kind::Probe: {
        const int rtt = session.lastRoundTripMs();
        printLine(stdout, checkJson(rtt >= 0 ? rtt : r.durationMs));
        break;
    }
    case service::RtmReply::Kind::History: break;   // handled above
    }
    return kExitOk;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("rtmctl"));
    // stdout carries the JSON; stderr only warnings unless RTM_VERBOSE=1 (QT_LOGGING_RULES
    // still overrides).
    service::installLoggingFilter(service::verboseLoggingFromEnvironment());

    if (argc == 2 && qstrcmp(argv[1], "--version") == 0) {
        printLine(stdout, QByteArray("rtmctl ") + rtm::kVersion);
        return kExitOk;
    }

    CommandLine cl;
    QString error;
    if (!parseCommandLine(app.arguments().mid(1), cl, error))
        return usageError(error);
    if (cl.help) {
        const QString text = cl.command == QLatin1String("call") ? callUsageText() : usageText();
        printLine(stdout, text.toUtf8().chopped(1));
        return kExitOk;
    }
    // `call` reads and checks its params before anything else: a bad one sends nothing.
    // Unsigned calls need neither the secret nor (without --with-pid) the pid.
    const bool isCall = cl.command == QLatin1String("call");
    fpnn::ValueMap callParams;
    if (isCall && !readCallParams(cl, callParams, error))
        return usageError(error);
    const bool needsPid = !isCall || cl.sign || cl.withPid;
    const bool needsSecret = !isCall || cl.sign;

    if (!cl.haveEndpoint) {
        const QString env = qEnvironmentVariable("RTM_ENDPOINT");
        if (env.isEmpty())
            return usageError(QStringLiteral("no endpoint: use --endpoint HOST:PORT or set RTM_ENDPOINT"));
        QString why;
        const std::optional<rtm::Endpoint> endpoint = rtm::Endpoint::parse(env, &why);
        if (!endpoint)
            return usageError(QStringLiteral("RTM_ENDPOINT expects HOST:PORT: ") + why);
        cl.host = endpoint->host;
        cl.port = endpoint->port;
    }
    if (!cl.havePid && needsPid) {
        const QString env = qEnvironmentVariable("RTM_PID");
        if (env.isEmpty())
            return usageError(QStringLiteral("no project id: use --pid N or set RTM_PID"));
        bool ok = false;
        cl.pid = env.toLongLong(&ok);
        if (!ok || cl.pid <= 0)
            return usageError(QStringLiteral("RTM_PID expects a positive integer"));
    }
    QByteArray secret;   // stays empty (never read) for an unsigned call
    if (needsSecret && !cl.secretFile.isEmpty()) {
        QFile f(cl.secretFile);
        if (!f.open(QIODevice::ReadOnly))
            return usageError(QStringLiteral("cannot read the secret file"));
        secret = f.read(4096).trimmed();
    } else if (needsSecret) {
        secret = qgetenv("RTM_SECRET");
    }
    if (needsSecret && secret.isEmpty())
        return usageError(QStringLiteral("no secret: set RTM_SECRET or use --secret-file FILE"));

    int rate = 50;
    if (cl.rateLimit >= 0) {
        rate = cl.rateLimit;
    } else if (const QString env = qEnvironmentVariable("RTM_RATE_LIMIT"); !env.isEmpty()) {
        bool ok = false;
        rate = env.toInt(&ok);
        if (!ok || rate < 0)
            return usageError(QStringLiteral("RTM_RATE_LIMIT expects calls per second (0 = none)"));
    }

    service::SessionConfig config;
    config.profileName = qEnvironmentVariable("RTM_PROFILE", QStringLiteral("rtmctl"));
    config.host = cl.host;
    config.port = cl.port;
    config.pid = cl.pid;
    config.secret = secret;
    if (cl.timeoutMs > 0)
        config.defaultTimeoutMs = cl.timeoutMs;
    config.rateLimitPerSecond = rate;
    config.encryption = {cl.eccKeyFile, cl.eccBits, cl.eccStreamMode};
    // An unusable key is a usage error found before anything is sent, never a plain connection.
    if (const service::EncryptionCheck check = service::checkEncryption(config.encryption); !check.ok())
        return usageError(QStringLiteral("--ecc-key: ") + check.error.message);

    config.connectTimeoutMs = std::min(config.connectTimeoutMs, config.defaultTimeoutMs);
    config.autoReconnect = cl.follow;   // --follow goes on after a lost connection (a server restart)
    if (isCall)
        config.keepAlive = false;   // `call` sends the named method only, no *ping of its own
    service::RtmSession session(config);

    const int exitCode = isCall ? runCallCommand(session, cl, callParams) : run(session, cl);
    // The audit writer thread may still hold the outcome line: it must be on disk before exit.
    if (service::AuditLog *audit = session.auditLog(); audit && !audit->flush())
        printLine(stderr, "rtmctl: warning: " + audit->lastError().toUtf8());
    return exitCode;
}
