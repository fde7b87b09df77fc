#pragma once

// A small writer for compact JSON text with exact 64-bit integers. QJsonValue stores
// numbers as double, which rounds ids above 2^53 (RTM mids and cursor ids are that big),
// so the audit log and rtmctl build their JSON with this instead. Keys keep the order in
// which they are added.

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace service {

class JsonArray;

class JsonObject {
public:
    JsonObject &add(const char *key, qint64 value);
    JsonObject &add(const char *key, int value) { return add(key, qint64(value)); }
    JsonObject &add(const char *key, bool value);
    JsonObject &add(const char *key, const QString &value);
    // A string from bytes already in UTF-8, copied as they are (see jsonStringFromUtf8).
    JsonObject &addUtf8(const char *key, QByteArrayView utf8);
    JsonObject &add(const char *key, const char *value) { return add(key, QString::fromUtf8(value)); }
    JsonObject &add(const char *key, const JsonObject &value);
    JsonObject &add(const char *key, const JsonArray &value);
    JsonObject &addNull(const char *key);

    QByteArray toJson() const;   // "{...}", no newline

private:
    void addRaw(const char *key, const QByteArray &json);
    QByteArray m_body;
};

class JsonArray {
public:
    JsonArray &append(qint64 value);
    JsonArray &append(const QString &value);
    JsonArray &append(const JsonObject &value);
    bool isEmpty() const { return m_body.isEmpty(); }

    QByteArray toJson() const;   // "[...]"

private:
    void appendRaw(const QByteArray &json);
    QByteArray m_body;
};

// A JSON string literal for `text`, quotes included (control characters escaped, the
// rest written as UTF-8).
QByteArray jsonString(const QString &text);
// The same for bytes already in UTF-8, copied as they are (no QString round trip, which
// could drop a byte-order mark).
QByteArray jsonStringFromUtf8(QByteArrayView utf8);

} // namespace service
