#pragma once

// Loaded history rows as text: tab-separated for the clipboard, CSV and JSON for files.
// Binary bodies are written as base64 (and flagged), text as UTF-8. In CSV the 64-bit ids
// (from, to, mid, cursor id) are written as ="…" so spreadsheets keep every digit; JSON
// writes them as strings (numbers above 2^53 would lose digits in most JSON readers).

#include <QByteArray>
#include <QList>
#include <QString>

namespace service {
class HistoryModel;
}

namespace ui {

struct HistoryExport {
    // rows: source rows of the model, in the order given.
    static QString toTsv(const service::HistoryModel &model, const QList<int> &rows, bool withHeader);
    static QByteArray toCsv(const service::HistoryModel &model, const QList<int> &rows);
    static QByteArray toJson(const service::HistoryModel &model, const QList<int> &rows);
    static QList<int> allRows(const service::HistoryModel &model);
};

} // namespace ui
