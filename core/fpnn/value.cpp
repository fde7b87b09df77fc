#include "value.h"

#include <bit>
#include <cmath>
#include <limits>

namespace fpnn {

Value::Type Value::type() const
{
    return static_cast<Type>(m_data.index());
}

std::optional<std::int64_t> Value::toInt64() const
{
    if (auto v = std::get_if<std::int64_t>(&m_data))
        return *v;
    if (auto v = std::get_if<std::uint64_t>(&m_data)) {
        if (*v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
            return std::nullopt;
        return static_cast<std::int64_t>(*v);
    }
    return std::nullopt;
}

std::optional<std::uint64_t> Value::toUInt64() const
{
    if (auto v = std::get_if<std::uint64_t>(&m_data))
        return *v;
    return std::nullopt;   // negative values never fit
}

std::optional<bool> Value::toBool() const
{
    if (auto v = std::get_if<bool>(&m_data))
        return *v;
    return std::nullopt;
}

std::optional<double> Value::toDouble() const
{
    if (auto v = std::get_if<double>(&m_data))
        return *v;
    if (auto v = std::get_if<std::int64_t>(&m_data))
        return static_cast<double>(*v);
    if (auto v = std::get_if<std::uint64_t>(&m_data))
        return static_cast<double>(*v);
    return std::nullopt;
}

const std::string *Value::bytes() const
{
    if (auto s = std::get_if<Str>(&m_data))
        return &s->bytes;
    if (auto b = std::get_if<Bin>(&m_data))
        return &b->bytes;
    return nullptr;
}

const Value *Value::find(std::string_view key) const
{
    const ValueMap *m = asMap();
    if (!m)
        return nullptr;
    for (const auto &[k, v] : *m) {
        if (k == key)
            return &v;
    }
    return nullptr;
}

Value &Value::insert(std::string key, Value value)
{
    if (!isMap())
        m_data = ValueMap{};
    ValueMap &m = *asMap();
    for (auto &[k, v] : m) {
        if (k == key) {
            v = std::move(value);
            return v;
        }
    }
    m.emplace_back(std::move(key), std::move(value));
    return m.back().second;
}

Value &Value::append(Value value)
{
    if (!isArray())
        m_data = ValueArray{};
    ValueArray &a = *asArray();
    a.push_back(std::move(value));
    return a.back();
}

bool Value::operator==(const Value &other) const
{
    // Structural equality. Floats compare by bit pattern, so a decoded NaN equals itself
    // (and 0.0 differs from -0.0, which also encode differently).
    if (m_data.index() != other.m_data.index())
        return false;
    if (const double *a = std::get_if<double>(&m_data))
        return std::bit_cast<std::uint64_t>(*a) == std::bit_cast<std::uint64_t>(std::get<double>(other.m_data));
    return m_data == other.m_data;   // arrays and maps recurse through this operator
}

namespace {

void appendQuoted(QString &out, const std::string &bytes)
{
    out += QLatin1Char('"');
    const QString text = QString::fromUtf8(bytes.data(), static_cast<qsizetype>(bytes.size()));
    for (QChar c : text) {
        if (c == QLatin1Char('"') || c == QLatin1Char('\\')) {
            out += QLatin1Char('\\');
            out += c;
        } else if (c == QLatin1Char('\n')) {
            out += QLatin1String("\\n");
        } else {
            out += c;
        }
    }
    out += QLatin1Char('"');
}

void appendDebug(QString &out, const Value &v)
{
    switch (v.type()) {
    case Value::Type::Nil: out += QLatin1String("null"); break;
    case Value::Type::Bool: out += *v.toBool() ? QLatin1String("true") : QLatin1String("false"); break;
    case Value::Type::Int: out += QString::number(*v.toInt64()); break;
    case Value::Type::UInt: out += QString::number(*v.toUInt64()); break;
    case Value::Type::Float: out += QString::number(*v.toDouble()); break;
    case Value::Type::Str: appendQuoted(out, *v.bytes()); break;
    case Value::Type::Bin:
        out += QLatin1String("bin:");
        out += QString::fromLatin1(QByteArray::fromStdString(*v.bytes()).toHex());
        break;
    case Value::Type::Array: {
        out += QLatin1Char('[');
        bool first = true;
        for (const Value &item : *v.asArray()) {
            if (!first) out += QLatin1Char(',');
            first = false;
            appendDebug(out, item);
        }
        out += QLatin1Char(']');
        break;
    }
    case Value::Type::Map: {
        out += QLatin1Char('{');
        bool first = true;
        for (const auto &[k, item] : *v.asMap()) {
            if (!first) out += QLatin1Char(',');
            first = false;
            appendQuoted(out, k);
            out += QLatin1Char(':');
            appendDebug(out, item);
        }
        out += QLatin1Char('}');
        break;
    }
    }
}

} // namespace

QString Value::toDebugString() const
{
    QString out;
    appendDebug(out, *this);
    return out;
}

} // namespace fpnn
