#pragma once

// Checks of what people type into the console, shared by the send panel, the history
// forms and the tests. Every refusal carries a sentence that says why.

#include <QList>
#include <QString>
#include <QStringList>

namespace ui {

struct IdCheck {
    bool ok = false;
    qint64 value = 0;
    QString error;           // empty when ok
};

// A 64-bit id (uid, gid, rid, mid): digits only, 1..9223372036854775807.
IdCheck checkId(const QString &text, const QString &fieldName);

struct IdListCheck {
    QList<qint64> ids;       // in input order, duplicates removed
    QStringList badTokens;   // every token that is not a valid id
    int duplicates = 0;
    QString error;           // empty when ok
    bool ok() const { return error.isEmpty(); }
};

// A list of user ids separated by commas, semicolons, spaces, tabs or new lines.
IdListCheck checkIdList(const QString &text, int maxCount);

enum class MtypeVerdict { Ok, Warning, Refused };

struct MtypeCheck {
    MtypeVerdict verdict = MtypeVerdict::Refused;
    QString reason;          // refusal reason or warning text
};

// Console rule (protocol.md 4.8): 51..127 freely; 30 (chat) and 32 (cmd) with a warning;
// anything else refused with the reason.
MtypeCheck checkMtype(int mtype);

struct MtypeListCheck {
    QList<int> mtypes;
    QString error;
    bool ok() const { return error.isEmpty(); }
};

// A filter list of mtypes (1..127), separated like id lists. Empty = all.
MtypeListCheck checkMtypeList(const QString &text);

int utf8Bytes(const QString &text);

struct JsonCheck {
    bool ok = true;
    QString error;           // with position
    QString pretty;          // indented text when ok
    QString compact;
};

// Empty text is fine (attrs may be empty); otherwise must parse as a JSON document.
JsonCheck checkJson(const QString &text);

// "1,234" with the locale's grouping.
QString groupedNumber(qint64 n);

} // namespace ui
