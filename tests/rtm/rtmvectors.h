#pragma once

// Access to tests/data/vectors.json (the Python SDK's byte-exact frames) for the rtm tests.
// The file is read at run time from RTM_TEST_DATA_DIR; no bytes are copied into code.

#include <QByteArray>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include "common/testvectors.h"
#include "rtm/rtmtypes.h"

namespace rtmtest {

using testdata::hex;
using testdata::plaintextCase;

// Unlike the codec suites, the rtm suites cannot do anything without the file: stop at once.
inline const QJsonObject &vectors()
{
    if (testdata::vectors().isEmpty())
        qFatal("cannot read %s", qPrintable(testdata::vectorsPath()));
    return testdata::vectors();
}

inline QJsonArray plaintextCases() { return vectors().value(QStringLiteral("plaintext_cases")).toArray(); }

inline QStringList plaintextCaseNames()
{
    QStringList names;
    for (const QJsonValue &c : plaintextCases())
        names << c.toObject().value(QStringLiteral("name")).toString();
    return names;
}


// A decoded byte string: plain JSON string (str) or {"bin_hex": ...} (bin).
inline rtm::MessageBody bodyOf(const QJsonValue &v)
{
    if (v.isObject())
        return rtm::MessageBody::binary(hex(v.toObject().value(QStringLiteral("bin_hex"))));
    return rtm::MessageBody::text(v.toString());
}

inline QList<int> intList(const QJsonValue &v)
{
    QList<int> out;
    for (const QJsonValue &x : v.toArray())
        out << int(x.toInteger());
    return out;
}

// The paging parameters of a history case's decoded quest payload (absent keys → 0/empty).
inline rtm::HistoryQuery historyQueryOf(const QJsonObject &payload)
{
    rtm::HistoryQuery q;
    q.desc = payload.value(QStringLiteral("desc")).toBool();
    q.num = int(payload.value(QStringLiteral("num")).toInteger());
    q.begin = payload.value(QStringLiteral("begin")).toInteger();
    q.end = payload.value(QStringLiteral("end")).toInteger();
    q.lastId = payload.value(QStringLiteral("lastid")).toInteger();
    q.mtypes = intList(payload.value(QStringLiteral("mtypes")));
    return q;
}

inline QList<qint64> int64List(const QJsonValue &v)
{
    QList<qint64> out;
    for (const QJsonValue &x : v.toArray())
        out << x.toInteger();
    return out;
}

} // namespace rtmtest
