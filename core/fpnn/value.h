#pragma once

// A msgpack value tree that keeps what matters on the wire: str vs bin, integer
// signedness, and map key order (needed for byte equality with the official SDKs).
// msgpack.hpp stays out of this header on purpose: it is heavy to compile.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include <QByteArray>
#include <QString>

namespace fpnn {

class Value;
using ValueArray = std::vector<Value>;
using ValueMap = std::vector<std::pair<std::string, Value>>;  // insertion order kept

class Value {
public:
    enum class Type { Nil, Bool, Int, UInt, Float, Str, Bin, Array, Map };

    Value() = default;                       // nil
    Value(std::nullptr_t) {}
    Value(bool b) : m_data(b) {}
    // Integers are normalised: non-negative values are kept as UInt, negative ones as Int,
    // which is also how msgpack writes them (smallest encoding).
    Value(int v) { setSigned(v); }
    Value(unsigned v) { setUnsigned(v); }
    Value(long v) { setSigned(v); }
    Value(unsigned long v) { setUnsigned(v); }
    Value(long long v) { setSigned(v); }
    Value(unsigned long long v) { setUnsigned(v); }
    Value(double v) : m_data(v) {}
    Value(const char *text) : m_data(Str{text ? std::string(text) : std::string()}) {}
    Value(std::string text) : m_data(Str{std::move(text)}) {}
    Value(const QString &text) : m_data(Str{text.toStdString()}) {}
    Value(ValueArray array) : m_data(std::move(array)) {}
    Value(ValueMap map) : m_data(std::move(map)) {}

    static Value str(std::string bytes) { Value v; v.m_data = Str{std::move(bytes)}; return v; }
    static Value str(const QByteArray &bytes) { return str(bytes.toStdString()); }
    static Value bin(std::string bytes) { Value v; v.m_data = Bin{std::move(bytes)}; return v; }
    static Value bin(const QByteArray &bytes) { return bin(bytes.toStdString()); }
    static Value map() { return Value(ValueMap{}); }
    static Value array() { return Value(ValueArray{}); }

    Type type() const;
    bool isNil() const { return type() == Type::Nil; }
    bool isBool() const { return type() == Type::Bool; }
    bool isInteger() const { return type() == Type::Int || type() == Type::UInt; }
    bool isStr() const { return type() == Type::Str; }
    bool isBin() const { return type() == Type::Bin; }
    bool isBytes() const { return isStr() || isBin(); }   // FPNN accepts str or bin for text params
    bool isArray() const { return type() == Type::Array; }
    bool isMap() const { return type() == Type::Map; }

    // Checked reads: nullopt when the type does not fit (or the integer is out of range).
    std::optional<std::int64_t> toInt64() const;
    std::optional<std::uint64_t> toUInt64() const;
    std::optional<bool> toBool() const;
    std::optional<double> toDouble() const;
    // Raw bytes of a str or bin, exactly as on the wire (not checked for UTF-8).
    const std::string *bytes() const;

    const ValueArray *asArray() const { return std::get_if<ValueArray>(&m_data); }
    ValueArray *asArray() { return std::get_if<ValueArray>(&m_data); }
    const ValueMap *asMap() const { return std::get_if<ValueMap>(&m_data); }
    ValueMap *asMap() { return std::get_if<ValueMap>(&m_data); }

    // Map access; find() returns nullptr when absent or when this is not a map.
    const Value *find(std::string_view key) const;
    // Appends (or replaces) a key, keeping first-insertion order.
    Value &insert(std::string key, Value value);
    // Appends to an array.
    Value &append(Value value);

    bool operator==(const Value &other) const;

    // Debug text (JSON-like); bin shown as hex. For tests and logs, never for the wire.
    QString toDebugString() const;

private:
    struct Str { std::string bytes; bool operator==(const Str &) const = default; };
    struct Bin { std::string bytes; bool operator==(const Bin &) const = default; };
    std::variant<std::monostate, bool, std::int64_t, std::uint64_t, double, Str, Bin, ValueArray, ValueMap> m_data;

    void setSigned(long long v)
    {
        if (v < 0) m_data = static_cast<std::int64_t>(v);
        else m_data = static_cast<std::uint64_t>(v);
    }
    void setUnsigned(unsigned long long v) { m_data = static_cast<std::uint64_t>(v); }
};

} // namespace fpnn
