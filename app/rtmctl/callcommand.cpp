#include "callcommand.h"

#include <algorithm>

#include <QEventLoop>
#include <QFile>

#include "fpnn/fpnnclient.h"
#include "rtm/resultmapper.h"
#include "rtm/rtmclient.h"
#include "service/auditlog.h"
#include "service/jsonvalue.h"
#include "service/rtmsession.h"

namespace rtmctl {

namespace {

// FPNN's package limit (protocol.md 1.9): larger params could never be sent anyway.
constexpr qint64 kMaxParamsBytes = 8 * 1024 * 1024;

const char *const kAuthKeys[] = {"pid", "sign", "salt", "ts"};

const char *jsonTypeName(const fpnn::Value &v)
{
    switch (v.type()) {
    case fpnn::Value::Type::Nil: return "null";
    case fpnn::Value::Type::Bool: return "a boolean";
    case fpnn::Value::Type::Int:
    case fpnn::Value::Type::UInt:
    case fpnn::Value::Type::Float: return "a number";
    case fpnn::Value::Type::Str: return "a string";
    case fpnn::Value::Type::Bin: return "bytes";
    case fpnn::Value::Type::Array: return "an array";
    case fpnn::Value::Type::Map: return "an object";
    }
    return "something else";
}

// The text of --params: inline, @FILE, or - for stdin.
bool paramsText(const QString &source, QByteArray &text, QString &error)
{
    if (source != QLatin1String("-") && !source.startsWith(QLatin1Char('@'))) {
        text = source.toUtf8();
        return true;
    }
    QFile file;
    bool opened = false;
    if (source == QLatin1String("-")) {
        opened = file.open(stdin, QIODevice::ReadOnly);
    } else {
        file.setFileName(source.mid(1));
        opened = !file.fileName().isEmpty() && file.open(QIODevice::ReadOnly);
    }
    const QString what = source == QLatin1String("-") ? QStringLiteral("standard input")
                                                       : QStringLiteral("the --params file %1").arg(file.fileName());
    if (!opened) {
        error = QStringLiteral("cannot read %1: %2").arg(what, file.errorString());
        return false;
    }
    // A pipe may deliver its text in pieces: read to the end (or just past the limit).
    text.clear();
    for (;;) {
        const QByteArray chunk = file.read(kMaxParamsBytes + 1 - text.size());
        if (chunk.isEmpty())
            break;
        text += chunk;
        if (text.size() > kMaxParamsBytes) {
            error = QStringLiteral("%1 holds more than 8 MiB").arg(what);
            return false;
        }
    }
    if (file.error() != QFileDevice::NoError) {
        error = QStringLiteral("cannot read %1: %2").arg(what, file.errorString());
        return false;
    }
    return true;
}

} // namespace

bool readCallParams(const CommandLine &cl, fpnn::ValueMap &params, QString &error)
{
    QByteArray text = "{}";
    if (cl.has("params") && !paramsText(cl.callParams, text, error))
        return false;
    QString parseError;
    std::optional<fpnn::Value> value = service::valueFromJson(text, &parseError);
    if (!value) {
        error = QStringLiteral("--params: ") + parseError;
        return false;
    }
    if (!value->isMap()) {
        error = QStringLiteral("--params must be a JSON object, not %1").arg(QLatin1String(jsonTypeName(*value)));
        return false;
    }
    params = std::move(*value->asMap());
    for (const char *key : kAuthKeys) {
        if (std::none_of(params.begin(), params.end(), [key](const auto &p) { return p.first == key; }))
            continue;
        if (cl.sign) {
            error = QStringLiteral("--params already has \"%1\": --sign adds pid, sign, salt and ts itself")
                        .arg(QLatin1String(key));
            return false;
        }
        if (cl.withPid && qstrcmp(key, "pid") == 0) {
            error = QStringLiteral("--params already has \"pid\": --with-pid adds it");
            return false;
        }
    }
    return true;
}

CallOutcome runCall(service::RtmSession &session, const CommandLine &cl, const fpnn::ValueMap &params)
{
    const QByteArray method = cl.callMethod.toUtf8();
    service::AuditRecord record;
    record.profile = session.profileName();
    record.endpoint = session.endpoint();
    record.pid = session.pid();
    record.action = cl.callMethod;
    record.target = QStringLiteral("call");
    for (const auto &[key, value] : params)
        if (key == "mid")
            record.mid = value.toInt64().value_or(0);

    // Fail closed, as RtmSession does for sends and deletes: no attempt line, no quest.
    service::AuditLog *audit = session.auditLog();
    QString attemptId;
    if (audit) {
        const service::AuditLog::PendingLine line = audit->writeAttempt(record);
        QFuture<service::AuditWriteResult> written = line.written;
        written.waitForFinished();
        const service::AuditWriteResult result = written.resultCount() > 0
            ? written.result()
            : service::AuditWriteResult{false, QStringLiteral("the audit writer stopped")};
        if (!result.ok)
            return {rtm::RtmError::fromCode(rtm::AuditLogUnavailable, result.error + QStringLiteral("; the request was not sent")),
                    {}};
        attemptId = line.attemptId;
    }

    fpnn::Answer answer;
    bool done = false;
    QEventLoop loop;
    auto onAnswer = [&](const fpnn::Answer &a) {
        answer = a;
        done = true;
        loop.quit();
    };
    const int timeoutMs = session.defaultTimeoutMs();
    if (cl.sign) {
        rtm::CallOptions options;
        options.timeoutMs = timeoutMs;
        session.client()->sendSignedQuest(method, params, onAnswer, options, false);
    } else {
        fpnn::ValueMap payload;
        payload.reserve(params.size() + 1);
        if (cl.withPid)
            payload.emplace_back("pid", session.pid());
        payload.insert(payload.end(), params.begin(), params.end());
        session.client()->connection()->sendQuest(method, fpnn::Value(std::move(payload)), onAnswer, timeoutMs);
    }
    if (!done)
        loop.exec();

    CallOutcome outcome;
    outcome.error = rtm::result::errorFromAnswer(answer);
    // A one-shot call always gets the first answer on its connection.
    if (cl.sign && service::RtmSession::looksLikeClockSkew(outcome.error, true))
        outcome.error.message += QStringLiteral(" — ") + service::RtmSession::clockSkewHint();
    if (!outcome.error)
        outcome.answer = answer.payload;
    if (audit)
        audit->writeOutcome(attemptId, record, outcome.error);
    return outcome;
}

QString callUsageText()
{
    return QStringLiteral(
        "usage: rtmctl [global options] call METHOD [--params JSON|@FILE|-] [--sign | --with-pid] [--allow-internal]\n"
        "Sends one FPNN quest of METHOD and prints its answer as one JSON object.\n"
        "  --params JSON   the quest's params, a JSON object (default {}); @FILE reads it from FILE,\n"
        "                  - from standard input. Keys are sent in the order written.\n"
        "  --sign          add pid, sign, salt and ts first (RTM server API authentication); needs the\n"
        "                  secret (RTM_SECRET or --secret-file) and the pid. Params holding one of those\n"
        "                  keys are refused.\n"
        "  --with-pid      add only pid first (no signature). Without --sign/--with-pid nothing is added.\n"
        "  --allow-internal  allow FPNN built-in methods (*ping, *status, ...); *key is never sent.\n"
        "JSON <-> msgpack: integers exact (-2^63 .. 2^64-1, never rounded), numbers with '.' or an\n"
        "exponent are float64, strings are str. Tagged one-key objects: {\"$bin\":\"<base64>\"} bin,\n"
        "{\"$str\":\"<base64>\"} str with raw (non-UTF-8) bytes, {\"$float\":N|\"NaN\"|\"Infinity\"|\"-Infinity\"},\n"
        "{\"$map\":{...}} a map that would otherwise read as a tag. The answer is printed the same way\n"
        "(bin as {\"$bin\":...}), so it can be given back as --params.\n"
        "Exit 0 answered OK, 1 error answer or failure ({\"error\":{code,name,message}} on stdout),\n"
        "2 usage error (nothing sent). Every call is written to the audit log.\n"
        "Examples:\n"
        "  rtmctl call getmsg --sign --params '{\"mid\":9007199254740993,\"from\":71,\"xid\":72,\"type\":1}'\n"
        "  rtmctl call sendmsg --sign --params @msg.json\n");
}

} // namespace rtmctl
