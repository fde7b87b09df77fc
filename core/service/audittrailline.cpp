#include "audittrailline.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QRegularExpression>
#include <QStringList>

#include "jsonvalue.h"

namespace service {

namespace {

constexpr qsizetype kMaxRawKept = 64 * 1024;

// The viewer shows these texts, translated in the context "service::AuditTrailLine"; the
// calls are spelled out in full so lupdate finds them.

QString textOf(const fpnn::Value *v)
{
    const std::string *bytes = v ? v->bytes() : nullptr;
    return bytes ? QString::fromUtf8(bytes->data(), qsizetype(bytes->size())) : QString();
}

qint64 intOf(const fpnn::Value *v)
{
    return v ? v->toInt64().value_or(0) : 0;
}

// An integer exactly as written: int64 or uint64 digits; "" when absent or not a number.
QString digitsOf(const fpnn::Value *v)
{
    if (!v)
        return {};
    if (const auto i = v->toInt64())
        return QString::number(*i);
    if (const auto u = v->toUInt64())
        return QString::number(*u);
    return {};
}

// The "content" object into text + note (auditcontent.h describes the fields).
void readContent(const fpnn::Value &content, AuditTrailLine &out)
{
    out.hasContent = true;
    if (const fpnn::Value *reason = content.find("notCaptured")) {
        out.contentNote = QCoreApplication::translate("service::AuditTrailLine", "not captured: %1").arg(textOf(reason));
        return;
    }
    QStringList notes;
    const QString message = textOf(content.find("message"));
    const bool base64 = textOf(content.find("messageEncoding")) == QLatin1String("base64");
    if (base64) {
        out.contentText = QStringLiteral("base64:") + message;
        // (n computed apart: lupdate 6.4 hangs on a nested call as the count argument)
        const int n = int(QByteArray::fromBase64(message.toLatin1()).size());
        notes << QCoreApplication::translate("service::AuditTrailLine", "binary, %n byte(s)", nullptr, n);
    } else {
        out.contentText = message;
    }
    if (const fpnn::Value *t = content.find("messageTruncated"); t && t->toBool().value_or(false))
        notes << QCoreApplication::translate("service::AuditTrailLine", "truncated, %1 bytes in all").arg(intOf(content.find("messageBytes")));
    if (const fpnn::Value *mtype = content.find("mtype"))
        notes.prepend(QStringLiteral("mtype %1").arg(intOf(mtype)));
    out.contentNote = notes.join(QStringLiteral(", "));
}

AuditTrailLine malformed(AuditTrailLine out, const QString &error)
{
    out.kind = AuditTrailLine::Kind::Malformed;
    out.error = error;
    return out;
}

} // namespace

AuditTrailLine parseAuditTrailLine(const QByteArray &line, qint64 lineNumber)
{
    AuditTrailLine out;
    out.lineNumber = lineNumber;
    out.raw = line.size() > kMaxRawKept ? line.left(kMaxRawKept) : line;
    QString error;
    const std::optional<fpnn::Value> parsed = valueFromJson(line, &error);
    if (!parsed)
        return malformed(out, QCoreApplication::translate("service::AuditTrailLine", "not JSON: %1").arg(error));
    const fpnn::Value &v = *parsed;
    if (!v.isMap())
        return malformed(out, QCoreApplication::translate("service::AuditTrailLine", "not a JSON object"));
    const QString event = textOf(v.find("event"));
    if (event == QLatin1String("attempt"))
        out.kind = AuditTrailLine::Kind::Attempt;
    else if (event == QLatin1String("outcome"))
        out.kind = AuditTrailLine::Kind::Outcome;
    else
        return malformed(out, QCoreApplication::translate("service::AuditTrailLine", "event is neither \"attempt\" nor \"outcome\""));
    out.attemptId = textOf(v.find("attemptId"));
    if (out.attemptId.isEmpty())
        return malformed(out, QCoreApplication::translate("service::AuditTrailLine", "no attemptId"));

    out.time = textOf(v.find("time"));
    const QDateTime time = QDateTime::fromString(out.time, Qt::ISODateWithMs);
    out.timeMs = time.isValid() ? time.toMSecsSinceEpoch() : 0;
    out.profile = textOf(v.find("profile"));
    out.endpoint = textOf(v.find("endpoint"));
    out.user = textOf(v.find("user"));
    out.pid = intOf(v.find("pid"));
    out.action = textOf(v.find("action"));
    out.target = textOf(v.find("target"));
    out.mid = digitsOf(v.find("mid"));
    // Read here, on the reader's thread, so the viewer's id filter only compares.
    if (!out.mid.isEmpty())
        out.ids << out.mid;
    static const QRegularExpression digits(QStringLiteral("\\d+"));
    for (auto it = digits.globalMatch(out.target); it.hasNext();)
        out.ids << it.next().captured();
    if (out.kind == AuditTrailLine::Kind::Outcome) {
        out.outcome = textOf(v.find("outcome"));
        out.code = intOf(v.find("code"));
        out.message = textOf(v.find("message"));
        out.retries = intOf(v.find("retries"));
    }
    if (const fpnn::Value *content = v.find("content"); content && content->isMap())
        readContent(*content, out);
    return out;
}

} // namespace service
