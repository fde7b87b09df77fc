#pragma once

// Shared access to tests/data/vectors.json (the official SDK's byte-exact frames). The
// file is read at run time — from $RTM_TEST_DATA_DIR, else the build's RTM_TEST_DATA_DIR —
// so no vector bytes live in code. Suites check vectors() is non-empty in initTestCase.

#include <QByteArray>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

namespace testdata {

inline QString dataDir()
{
    const QByteArray env = qgetenv("RTM_TEST_DATA_DIR");
    if (!env.isEmpty())
        return QString::fromLocal8Bit(env);
#ifdef RTM_TEST_DATA_DIR
    return QStringLiteral(RTM_TEST_DATA_DIR);
#else
    return QString();
#endif
}

inline QString vectorsPath() { return dataDir() + QStringLiteral("/vectors.json"); }

// The parsed file; empty when it cannot be read (callers fail their initTestCase then).
inline const QJsonObject &vectors()
{
    static const QJsonObject root = [] {
        QFile f(vectorsPath());
        if (!f.open(QIODevice::ReadOnly))
            return QJsonObject();
        return QJsonDocument::fromJson(f.readAll()).object();
    }();
    return root;
}

inline QByteArray hex(const QJsonValue &v) { return QByteArray::fromHex(v.toString().toLatin1()); }

inline QJsonObject namedEntry(const QString &section, const QString &name)
{
    for (const QJsonValue &entry : vectors().value(section).toArray())
        if (entry.toObject().value(QStringLiteral("name")).toString() == name)
            return entry.toObject();
    return QJsonObject();
}

inline QJsonObject plaintextCase(const QString &name) { return namedEntry(QStringLiteral("plaintext_cases"), name); }
inline QJsonObject genericFrame(const QString &name) { return namedEntry(QStringLiteral("generic_frames"), name); }

} // namespace testdata
