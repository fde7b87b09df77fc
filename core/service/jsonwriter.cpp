#include "jsonwriter.h"

namespace service {

QByteArray jsonString(const QString &text)
{
    return jsonStringFromUtf8(text.toUtf8());
}

QByteArray jsonStringFromUtf8(QByteArrayView utf8)
{
    QByteArray out;
    out.reserve(utf8.size() + 2);
    out += '"';
    for (const char c : utf8) {
        const auto u = static_cast<unsigned char>(c);
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (u < 0x20 || u == 0x7f) {
                static const char hex[] = "0123456789abcdef";
                out += "\\u00";
                out += hex[u >> 4];
                out += hex[u & 0xf];
            } else {
                out += c;
            }
        }
    }
    out += '"';
    return out;
}

void JsonObject::addRaw(const char *key, const QByteArray &json)
{
    if (!m_body.isEmpty())
        m_body += ',';
    m_body += jsonString(QString::fromUtf8(key));
    m_body += ':';
    m_body += json;
}

JsonObject &JsonObject::add(const char *key, qint64 value)
{
    addRaw(key, QByteArray::number(value));
    return *this;
}

JsonObject &JsonObject::add(const char *key, bool value)
{
    addRaw(key, value ? QByteArrayLiteral("true") : QByteArrayLiteral("false"));
    return *this;
}

JsonObject &JsonObject::add(const char *key, const QString &value)
{
    addRaw(key, jsonString(value));
    return *this;
}

JsonObject &JsonObject::add(const char *key, const JsonObject &value)
{
    addRaw(key, value.toJson());
    return *this;
}

JsonObject &JsonObject::add(const char *key, const JsonArray &value)
{
    addRaw(key, value.toJson());
    return *this;
}

JsonObject &JsonObject::addUtf8(const char *key, QByteArrayView utf8)
{
    addRaw(key, jsonStringFromUtf8(utf8));
    return *this;
}

JsonObject &JsonObject::addNull(const char *key)
{
    addRaw(key, QByteArrayLiteral("null"));
    return *this;
}

QByteArray JsonObject::toJson() const
{
    return '{' + m_body + '}';
}

void JsonArray::appendRaw(const QByteArray &json)
{
    if (!m_body.isEmpty())
        m_body += ',';
    m_body += json;
}

JsonArray &JsonArray::append(qint64 value)
{
    appendRaw(QByteArray::number(value));
    return *this;
}

JsonArray &JsonArray::append(const QString &value)
{
    appendRaw(jsonString(value));
    return *this;
}

JsonArray &JsonArray::append(const JsonObject &value)
{
    appendRaw(value.toJson());
    return *this;
}

QByteArray JsonArray::toJson() const
{
    return '[' + m_body + ']';
}

} // namespace service
