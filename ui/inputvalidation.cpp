#include "inputvalidation.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QLocale>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>

#include "rtm/rtmwire.h"

namespace ui {

namespace {

// The translation context of these free functions (lupdate reads InputValidation::tr).
struct InputValidation {
    Q_DECLARE_TR_FUNCTIONS(ui::InputValidation)
};

const QRegularExpression &separators()
{
    static const QRegularExpression re(QStringLiteral("[\\s,;]+"));
    return re;
}

bool parseId(const QString &token, qint64 *out)
{
    if (token.isEmpty() || token.size() > 19)
        return false;
    for (QChar c : token)
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return false;
    bool ok = false;
    const qint64 v = token.toLongLong(&ok);
    if (!ok || v <= 0)
        return false;
    *out = v;
    return true;
}

} // namespace

IdCheck checkId(const QString &text, const QString &fieldName)
{
    IdCheck r;
    const QString t = text.trimmed();
    if (t.isEmpty()) {
        r.error = InputValidation::tr("%1 is empty.").arg(fieldName);
        return r;
    }
    if (parseId(t, &r.value)) {
        r.ok = true;
        return r;
    }
    const bool digitsOnly = std::all_of(t.begin(), t.end(), [](QChar c) {
        return c >= QLatin1Char('0') && c <= QLatin1Char('9');
    });
    if (t.startsWith(QLatin1Char('-')))
        r.error = InputValidation::tr("%1 must be a positive number, not “%2”.").arg(fieldName, t);
    else if (digitsOnly && std::all_of(t.begin(), t.end(), [](QChar c) { return c == QLatin1Char('0'); }))
        r.error = InputValidation::tr("%1 must not be 0.").arg(fieldName);
    else if (digitsOnly)
        r.error = InputValidation::tr("%1 “%2” is larger than a 64-bit id (max 9223372036854775807).").arg(fieldName, t);
    else
        r.error = InputValidation::tr("%1 “%2” is not a number (digits only).").arg(fieldName, t);
    return r;
}

IdListCheck checkIdList(const QString &text, int maxCount)
{
    IdListCheck r;
    const QStringList tokens = text.split(separators(), Qt::SkipEmptyParts);
    QSet<qint64> seen;
    for (const QString &token : tokens) {
        qint64 v = 0;
        if (!parseId(token, &v)) {
            r.badTokens << token;
            continue;
        }
        if (seen.contains(v)) {
            ++r.duplicates;
            continue;
        }
        seen.insert(v);
        r.ids << v;
    }
    if (!r.badTokens.isEmpty()) {
        QStringList quoted;
        for (const QString &b : std::as_const(r.badTokens).mid(0, 10))
            quoted << QStringLiteral("“%1”").arg(b);
        QString more = r.badTokens.size() > 10 ? InputValidation::tr(" and %1 more").arg(r.badTokens.size() - 10) : QString();
        r.error = InputValidation::tr("Not a user id: %1%2.").arg(quoted.join(QStringLiteral(", ")), more);
    } else if (r.ids.isEmpty()) {
        r.error = InputValidation::tr("The user list is empty.");
    } else if (r.ids.size() > maxCount) {
        r.error = InputValidation::tr("Too many users: %1 (at most %2 per message).").arg(r.ids.size()).arg(maxCount);
    }
    return r;
}

MtypeCheck checkMtype(int mtype)
{
    if (mtype >= 51 && mtype <= rtm::limits::MaxMtype)
        return {MtypeVerdict::Ok, {}};
    if (mtype == 30)
        return {MtypeVerdict::Warning,
                InputValidation::tr("mtype 30 is RTM's own text chat type: clients will show it as a chat message.")};
    if (mtype == 32)
        return {MtypeVerdict::Warning,
                InputValidation::tr("mtype 32 is RTM's own command type: clients will treat it as a command.")};
    if (mtype < rtm::limits::MinMtype || mtype > rtm::limits::MaxMtype)
        return {MtypeVerdict::Refused, InputValidation::tr("mtype %1 is outside 1..127, the server refuses it.").arg(mtype)};
    if (rtm::limits::isFileMtype(mtype))
        return {MtypeVerdict::Refused,
                InputValidation::tr("mtype %1 is a file type (40..50); files are sent through the file gateway, not as text.").arg(mtype)};
    return {MtypeVerdict::Refused,
            InputValidation::tr("mtype %1 is reserved by RTM (1..50); use 51..127 for your own messages, or 30/32 for chat/cmd.").arg(mtype)};
}

MtypeListCheck checkMtypeList(const QString &text)
{
    MtypeListCheck r;
    const QStringList tokens = text.split(separators(), Qt::SkipEmptyParts);
    QStringList bad;
    for (const QString &token : tokens) {
        bool ok = false;
        const int v = token.toInt(&ok);
        if (!ok || v < rtm::limits::MinMtype || v > rtm::limits::MaxMtype)
            bad << QStringLiteral("“%1”").arg(token);
        else if (!r.mtypes.contains(v))
            r.mtypes << v;
    }
    if (!bad.isEmpty())
        r.error = InputValidation::tr("Not an mtype in 1..127: %1.").arg(bad.join(QStringLiteral(", ")));
    return r;
}

int utf8Bytes(const QString &text)
{
    return int(text.toUtf8().size());
}

JsonCheck checkJson(const QString &text)
{
    JsonCheck r;
    if (text.trimmed().isEmpty())
        return r;
    const QByteArray bytes = text.toUtf8();
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &err);
    if (err.error != QJsonParseError::NoError) {
        r.ok = false;
        // Convert the byte offset to line:column for people.
        const QByteArray before = bytes.left(err.offset);
        const int line = int(before.count('\n')) + 1;
        const int col = int(QString::fromUtf8(before.mid(before.lastIndexOf('\n') + 1)).size()) + 1;
        r.error = InputValidation::tr("Not valid JSON: %1 at line %2, column %3.").arg(err.errorString()).arg(line).arg(col);
        return r;
    }
    r.pretty = QString::fromUtf8(doc.toJson(QJsonDocument::Indented)).trimmed();
    r.compact = QString::fromUtf8(doc.toJson(QJsonDocument::Compact));
    return r;
}

QString groupedNumber(qint64 n)
{
    return QLocale().toString(n);
}

} // namespace ui
