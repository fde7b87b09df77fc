#pragma once

// Re-indents JSON text by changing only the whitespace between tokens. Unlike a round trip
// through QJsonDocument it keeps key order, duplicate keys, escapes (\u00e9 stays \u00e9)
// and number literals (12345678901234567890 does not become 1.2345678901234567e+19), so
// the attrs a user pretty-prints still mean exactly what they typed.

#include <QString>

namespace ui {

// `json` must be valid JSON (check with checkJson() first). Empty objects and arrays stay
// "{}" and "[]".
QString indentJson(const QString &json, int indent = 2);

} // namespace ui
