#include "historyexport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "rtm/rtmtypes.h"
#include "service/historymodel.h"

namespace ui {

using service::HistoryModel;

namespace {

QString csvField(const QString &s)
{
    // Quote always when needed; neutralise a leading formula character for spreadsheets.
    QString v = s;
    if (!v.isEmpty() && QStringLiteral("=+-@").contains(v.front()) && v.size() > 1 && !v.at(1).isDigit())
        v.prepend(QLatin1Char('\''));
    if (v.contains(QLatin1Char(',')) || v.contains(QLatin1Char('"')) || v.contains(QLatin1Char('\n'))
        || v.contains(QLatin1Char('\r'))) {
        v.replace(QLatin1Char('"'), QStringLiteral("\"\""));
        v = QLatin1Char('"') + v + QLatin1Char('"');
    }
    return v;
}

// A 64-bit id as ="…": spreadsheets turn a bare 19-digit number into a double and keep
// only 15 significant digits, which changes the mid. ="…" is the form Excel, Google Sheets
// and LibreOffice (with formula evaluation, else shown as written) all keep as text; a
// leading tab or apostrophe is not kept as text everywhere. Only digits go inside, so it
// cannot carry a formula of someone else's.
QString csvId(qint64 id)
{
    return QStringLiteral("\"=\"\"%1\"\"\"").arg(id);
}

bool isBinary(const rtm::HistoryMessage &m)
{
    return m.messageIsBinary || !rtm::isValidUtf8(m.message);
}

QString bodyText(const rtm::HistoryMessage &m)
{
    return isBinary(m) ? QString::fromLatin1(m.message.toBase64()) : m.messageText();
}

} // namespace

QList<int> HistoryExport::allRows(const HistoryModel &model)
{
    QList<int> rows;
    rows.reserve(model.rowCount());
    for (int i = 0; i < model.rowCount(); ++i)
        rows << i;
    return rows;
}

QString HistoryExport::toTsv(const HistoryModel &model, const QList<int> &rows, bool withHeader)
{
    QStringList lines;
    if (withHeader) {
        QStringList h;
        for (int c = 0; c < HistoryModel::ColumnCount; ++c)
            h << model.headerData(c, Qt::Horizontal).toString();
        lines << h.join(QLatin1Char('\t'));
    }
    for (int r : rows) {
        QStringList cells;
        for (int c = 0; c < HistoryModel::ColumnCount; ++c) {
            QString v = c == HistoryModel::MessageColumn
                ? HistoryModel::fullMessageText(model.message(r))
                : model.index(r, c).data().toString();
            v.replace(QLatin1Char('\t'), QLatin1Char(' '));
            v.replace(QLatin1Char('\n'), QLatin1Char(' '));
            v.replace(QLatin1Char('\r'), QLatin1Char(' '));
            cells << v;
        }
        lines << cells.join(QLatin1Char('\t'));
    }
    return lines.join(QLatin1Char('\n'));
}

QByteArray HistoryExport::toCsv(const HistoryModel &model, const QList<int> &rows)
{
    QStringList lines;
    lines << QStringLiteral("time_ms,time,from,to,mtype,mid,cursor_id,deleted,binary,message,attrs,file_url,file_size,status");
    for (int r : rows) {
        const rtm::HistoryMessage &m = model.message(r);
        QStringList f;
        f << QString::number(m.modifiedTime) << csvField(model.timeText(m.modifiedTime))
          << csvId(m.fromUid) << csvId(m.toId) << QString::number(m.messageType)
          << csvId(m.messageId) << csvId(m.cursorId)
          << (m.deleted ? QStringLiteral("1") : QStringLiteral("0"))
          << (isBinary(m) ? QStringLiteral("1") : QStringLiteral("0"))
          << csvField(bodyText(m)) << csvField(QString::fromUtf8(m.attrs))
          << csvField(m.fileInfo ? m.fileInfo->url : QString())
          << (m.fileInfo ? QString::number(m.fileInfo->size) : QString())
          << csvField(model.index(r, HistoryModel::StatusColumn).data().toString());
        lines << f.join(QLatin1Char(','));
    }
    // UTF-8 with BOM so spreadsheet programs read Chinese and emoji correctly.
    return QByteArray("\xEF\xBB\xBF") + lines.join(QStringLiteral("\r\n")).toUtf8() + "\r\n";
}

QByteArray HistoryExport::toJson(const HistoryModel &model, const QList<int> &rows)
{
    QJsonArray array;
    for (int r : rows) {
        const rtm::HistoryMessage &m = model.message(r);
        QJsonObject o;
        // 64-bit ids as strings: JSON numbers lose precision above 2^53.
        o.insert(QStringLiteral("cursorId"), QString::number(m.cursorId));
        o.insert(QStringLiteral("from"), QString::number(m.fromUid));
        o.insert(QStringLiteral("to"), QString::number(m.toId));
        o.insert(QStringLiteral("mtype"), m.messageType);
        o.insert(QStringLiteral("mid"), QString::number(m.messageId));
        o.insert(QStringLiteral("mtime"), QString::number(m.modifiedTime));
        o.insert(QStringLiteral("time"), model.timeText(m.modifiedTime));
        o.insert(QStringLiteral("deleted"), m.deleted);
        if (isBinary(m)) {
            o.insert(QStringLiteral("messageBase64"), QString::fromLatin1(m.message.toBase64()));
        } else {
            o.insert(QStringLiteral("message"), m.messageText());
        }
        o.insert(QStringLiteral("attrs"), QString::fromUtf8(m.attrs));
        if (m.fileInfo) {
            QJsonObject fi;
            fi.insert(QStringLiteral("url"), m.fileInfo->url);
            fi.insert(QStringLiteral("size"), m.fileInfo->size);
            fi.insert(QStringLiteral("surl"), m.fileInfo->surl);
            fi.insert(QStringLiteral("fileName"), m.fileInfo->fileName);
            if (m.fileInfo->isRtmAudio) {
                fi.insert(QStringLiteral("language"), m.fileInfo->language);
                fi.insert(QStringLiteral("durationMs"), m.fileInfo->duration);
            }
            o.insert(QStringLiteral("fileInfo"), fi);
        }
        const QString status = model.index(r, HistoryModel::StatusColumn).data().toString();
        if (!status.isEmpty())
            o.insert(QStringLiteral("status"), status);
        array.append(o);
    }
    return QJsonDocument(array).toJson(QJsonDocument::Indented);
}

} // namespace ui
