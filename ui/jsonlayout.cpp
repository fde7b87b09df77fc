#include "jsonlayout.h"

namespace ui {

namespace {
bool isJsonSpace(QChar c)
{
    return c == QLatin1Char(' ') || c == QLatin1Char('\t') || c == QLatin1Char('\n') || c == QLatin1Char('\r');
}

// Index of the next non-whitespace character at or after i, or json.size().
qsizetype nextToken(const QString &json, qsizetype i)
{
    while (i < json.size() && isJsonSpace(json.at(i)))
        ++i;
    return i;
}
} // namespace

QString indentJson(const QString &json, int indent)
{
    QString out;
    out.reserve(json.size() * 2);
    int depth = 0;
    const auto newLine = [&] {
        out += QLatin1Char('\n');
        out += QString(qMax(0, depth) * indent, QLatin1Char(' '));
    };
    for (qsizetype i = nextToken(json, 0); i < json.size(); i = nextToken(json, i)) {
        const QChar c = json.at(i);
        if (c == QLatin1Char('"')) {   // a string, copied as is up to its closing quote
            const qsizetype start = i++;
            while (i < json.size() && json.at(i) != QLatin1Char('"'))
                i += json.at(i) == QLatin1Char('\\') ? 2 : 1;
            out += QStringView(json).mid(start, qMin(i + 1, json.size()) - start);
            ++i;
            continue;
        }
        ++i;
        if (c == QLatin1Char('{') || c == QLatin1Char('[')) {
            out += c;
            const qsizetype next = nextToken(json, i);
            const QChar close = c == QLatin1Char('{') ? QLatin1Char('}') : QLatin1Char(']');
            if (next < json.size() && json.at(next) == close) {   // {} and [] stay on one line
                out += close;
                i = next + 1;
                continue;
            }
            ++depth;
            newLine();
        } else if (c == QLatin1Char('}') || c == QLatin1Char(']')) {
            --depth;
            newLine();
            out += c;
        } else if (c == QLatin1Char(',')) {
            out += c;
            newLine();
        } else if (c == QLatin1Char(':')) {
            out += QLatin1String(": ");
        } else {
            out += c;   // numbers, true, false, null: character by character, as typed
        }
    }
    return out;
}

} // namespace ui
