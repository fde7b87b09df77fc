#include "msgpackcodec.h"

#include <bit>
#include <cstdint>

#include <msgpack.hpp>

namespace fpnn {

namespace {

struct ByteSink {
    QByteArray *out;
    void write(const char *data, size_t size) { out->append(data, static_cast<qsizetype>(size)); }
};

// Always float64 (0xcb). msgpack-c's pack_double writes integral doubles as integers,
// which would turn a Float into an Int/UInt on the way back (and converts 2^64 to
// uint64_t, which is undefined), so it is not used.
void packFloat64(ByteSink &sink, double d)
{
    const std::uint64_t bits = std::bit_cast<std::uint64_t>(d);
    char buf[9];
    buf[0] = static_cast<char>(0xcb);
    for (int i = 0; i < 8; ++i)
        buf[1 + i] = static_cast<char>(bits >> (56 - 8 * i));
    sink.write(buf, sizeof buf);
}

void packValue(msgpack::packer<ByteSink> &pk, ByteSink &sink, const Value &v)
{
    switch (v.type()) {
    case Value::Type::Nil: pk.pack_nil(); break;
    case Value::Type::Bool: *v.toBool() ? pk.pack_true() : pk.pack_false(); break;
    case Value::Type::Int: pk.pack_int64(*v.toInt64()); break;
    case Value::Type::UInt: pk.pack_uint64(*v.toUInt64()); break;
    case Value::Type::Float: packFloat64(sink, *v.toDouble()); break;
    case Value::Type::Str: {
        const std::string &s = *v.bytes();
        pk.pack_str(static_cast<uint32_t>(s.size()));
        pk.pack_str_body(s.data(), static_cast<uint32_t>(s.size()));
        break;
    }
    case Value::Type::Bin: {
        const std::string &s = *v.bytes();
        pk.pack_bin(static_cast<uint32_t>(s.size()));
        pk.pack_bin_body(s.data(), static_cast<uint32_t>(s.size()));
        break;
    }
    case Value::Type::Array: {
        const ValueArray &a = *v.asArray();
        pk.pack_array(static_cast<uint32_t>(a.size()));
        for (const Value &item : a)
            packValue(pk, sink, item);
        break;
    }
    case Value::Type::Map: {
        const ValueMap &m = *v.asMap();
        pk.pack_map(static_cast<uint32_t>(m.size()));
        for (const auto &[key, item] : m) {
            pk.pack_str(static_cast<uint32_t>(key.size()));
            pk.pack_str_body(key.data(), static_cast<uint32_t>(key.size()));
            packValue(pk, sink, item);
        }
        break;
    }
    }
}

// Builds a Value tree from msgpack-c's allocation-free parser. Announced container
// sizes are only compared with the limits; storage grows with the elements read.
class TreeBuilder {
public:
    explicit TreeBuilder(const MsgpackLimits &limits) : m_limits(limits) {}

    Value root;
    PayloadError error = PayloadError::None;
    QString message;

    bool visit_nil() { return addScalar(Value()); }
    bool visit_boolean(bool v) { return addScalar(Value(v)); }
    bool visit_positive_integer(uint64_t v) { return addScalar(Value(static_cast<unsigned long long>(v))); }
    bool visit_negative_integer(int64_t v) { return addScalar(Value(static_cast<long long>(v))); }
    bool visit_float32(float v) { return addScalar(Value(static_cast<double>(v))); }
    bool visit_float64(double v) { return addScalar(Value(v)); }
    bool visit_str(const char *data, uint32_t size)
    {
        if (!checkString(size))
            return false;
        if (!m_stack.empty() && m_stack.back().expectingKey) {
            m_stack.back().pendingKey.assign(data, size);
            m_stack.back().haveKey = true;
            return true;
        }
        return addScalar(Value::str(std::string(data, size)));
    }
    bool visit_bin(const char *data, uint32_t size)
    {
        if (!checkString(size))
            return false;
        return addScalar(Value::bin(std::string(data, size)));
    }
    bool visit_ext(const char *, uint32_t)
    {
        return fail(PayloadError::UnsupportedType, QStringLiteral("msgpack ext types are not supported"));
    }
    bool start_array(uint32_t count)
    {
        if (count > m_limits.maxArrayElements)
            return fail(PayloadError::LimitExceeded,
                        QStringLiteral("array of %1 elements exceeds the limit of %2").arg(count).arg(m_limits.maxArrayElements));
        return push(Value::array());
    }
    bool start_array_item() { return true; }
    bool end_array_item() { return true; }
    bool end_array() { return pop(); }
    bool start_map(uint32_t count)
    {
        if (count > m_limits.maxMapPairs)
            return fail(PayloadError::LimitExceeded,
                        QStringLiteral("map of %1 pairs exceeds the limit of %2").arg(count).arg(m_limits.maxMapPairs));
        return push(Value::map());
    }
    bool start_map_key() { m_stack.back().expectingKey = true; m_stack.back().haveKey = false; return true; }
    bool end_map_key()
    {
        m_stack.back().expectingKey = false;
        return true;
    }
    bool start_map_value() { return true; }
    bool end_map_value() { return true; }
    bool end_map() { return pop(); }
    void parse_error(size_t, size_t)
    {
        if (error == PayloadError::None)
            fail(PayloadError::InvalidMsgpack, QStringLiteral("invalid msgpack data"));
    }
    void insufficient_bytes(size_t, size_t)
    {
        if (error == PayloadError::None)
            fail(PayloadError::Truncated, QStringLiteral("msgpack value is truncated"));
    }
    bool referenced() const { return false; }
    void set_referenced(bool) {}

private:
    struct Level {
        Value container;
        bool expectingKey = false;
        bool haveKey = false;
        std::string pendingKey;
    };

    bool fail(PayloadError e, QString why)
    {
        error = e;
        message = std::move(why);
        return false;
    }

    bool checkString(uint32_t size)
    {
        if (size > m_limits.maxStringBytes)
            return fail(PayloadError::LimitExceeded,
                        QStringLiteral("string of %1 bytes exceeds the limit of %2").arg(size).arg(m_limits.maxStringBytes));
        return true;
    }

    bool countElement()
    {
        if (++m_elements > m_limits.maxTotalElements)
            return fail(PayloadError::LimitExceeded, QStringLiteral("too many msgpack elements"));
        return true;
    }

    bool push(Value container)
    {
        if (!m_stack.empty() && m_stack.back().expectingKey)
            return fail(PayloadError::NonStringKey, QStringLiteral("a map key is not a string"));
        if (!countElement())
            return false;
        if (m_stack.size() >= m_limits.maxDepth)
            return fail(PayloadError::LimitExceeded,
                        QStringLiteral("nesting deeper than %1 levels").arg(m_limits.maxDepth));
        m_stack.push_back(Level{std::move(container), false, false, {}});
        return true;
    }

    bool pop()
    {
        Value done = std::move(m_stack.back().container);
        m_stack.pop_back();
        return place(std::move(done));
    }

    bool addScalar(Value v)
    {
        if (!m_stack.empty() && m_stack.back().expectingKey)
            return fail(PayloadError::NonStringKey, QStringLiteral("a map key is not a string"));
        if (!countElement())
            return false;
        return place(std::move(v));
    }

    bool place(Value v)
    {
        if (m_stack.empty()) {
            root = std::move(v);
            return true;
        }
        Level &top = m_stack.back();
        if (top.container.isArray()) {
            top.container.asArray()->push_back(std::move(v));
        } else {
            // Duplicate keys: the last one wins, as in msgpack-python's dict.
            top.container.insert(std::move(top.pendingKey), std::move(v));
            top.pendingKey.clear();
            top.haveKey = false;
        }
        return true;
    }

    const MsgpackLimits &m_limits;
    std::vector<Level> m_stack;
    quint32 m_elements = 0;
};

} // namespace

QByteArray encodeMsgpack(const Value &value)
{
    QByteArray out;
    ByteSink sink{&out};
    msgpack::packer<ByteSink> pk(sink);
    packValue(pk, sink, value);
    return out;
}

PayloadDecodeResult decodeMsgpack(QByteArrayView bytes, const MsgpackLimits &limits)
{
    PayloadDecodeResult result;
    if (bytes.isEmpty()) {
        result.error = PayloadError::Truncated;
        result.message = QStringLiteral("empty payload");
        return result;
    }
    TreeBuilder builder(limits);
    std::size_t offset = 0;
    bool parsed = false;
    try {
        parsed = msgpack::parse(bytes.data(), static_cast<std::size_t>(bytes.size()), offset, builder);
    } catch (const std::exception &e) {
        // msgpack-c throws for some malformed inputs (e.g. size overflows); never let it escape.
        if (builder.error == PayloadError::None) {
            builder.error = PayloadError::InvalidMsgpack;
            builder.message = QStringLiteral("invalid msgpack data: %1").arg(QString::fromUtf8(e.what()));
        }
        parsed = false;
    }
    if (!parsed || builder.error != PayloadError::None) {
        result.error = builder.error == PayloadError::None ? PayloadError::InvalidMsgpack : builder.error;
        result.message = builder.message.isEmpty() ? QStringLiteral("invalid msgpack data") : builder.message;
        return result;
    }
    if (offset != static_cast<std::size_t>(bytes.size())) {
        result.error = PayloadError::TrailingBytes;
        result.message = QStringLiteral("%1 bytes left after the msgpack value").arg(bytes.size() - static_cast<qsizetype>(offset));
        return result;
    }
    result.value = std::move(builder.root);
    return result;
}

PayloadDecodeResult decodePayload(QByteArrayView bytes, const MsgpackLimits &limits)
{
    PayloadDecodeResult result = decodeMsgpack(bytes, limits);
    if (result.ok() && !result.value.isMap()) {
        result.error = PayloadError::NotAMap;
        result.message = QStringLiteral("payload is not a msgpack map");
        result.value = Value();
    }
    return result;
}

QString payloadErrorName(PayloadError error)
{
    switch (error) {
    case PayloadError::None: return QStringLiteral("none");
    case PayloadError::InvalidMsgpack: return QStringLiteral("invalid msgpack");
    case PayloadError::Truncated: return QStringLiteral("truncated msgpack");
    case PayloadError::TrailingBytes: return QStringLiteral("trailing bytes");
    case PayloadError::LimitExceeded: return QStringLiteral("limit exceeded");
    case PayloadError::UnsupportedType: return QStringLiteral("unsupported msgpack type");
    case PayloadError::NotAMap: return QStringLiteral("payload not a map");
    case PayloadError::NonStringKey: return QStringLiteral("non-string map key");
    }
    return QStringLiteral("unknown");
}

} // namespace fpnn
