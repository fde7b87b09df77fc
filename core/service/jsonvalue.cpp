#include "jsonvalue.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <system_error>
#include <unordered_set>

#include "jsonwriter.h"

namespace service {

namespace {

constexpr char kBinTag[] = "$bin";
constexpr char kStrTag[] = "$str";
constexpr char kFloatTag[] = "$float";
constexpr char kMapTag[] = "$map";

bool isTag(const std::string &key)
{
    return key == kBinTag || key == kStrTag || key == kFloatTag || key == kMapTag;
}

// Offset of the first byte that is not well-formed UTF-8 (RFC 3629: no overlong forms, no
// surrogates, nothing above U+10FFFF), or -1 when all of it is.
qsizetype invalidUtf8At(QByteArrayView text)
{
    qsizetype i = 0;
    while (i < text.size()) {
        const auto lead = static_cast<unsigned char>(text[i]);
        if (lead < 0x80) {
            ++i;
            continue;
        }
        int length = 0;
        char32_t code = 0;
        char32_t smallest = 0;
        if ((lead & 0xE0) == 0xC0) { length = 2; code = lead & 0x1F; smallest = 0x80; }
        else if ((lead & 0xF0) == 0xE0) { length = 3; code = lead & 0x0F; smallest = 0x800; }
        else if ((lead & 0xF8) == 0xF0) { length = 4; code = lead & 0x07; smallest = 0x10000; }
        else return i;
        if (i + length > text.size())
            return i;
        for (int k = 1; k < length; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xC0) != 0x80)
                return i;
            code = (code << 6) | (next & 0x3F);
        }
        if (code < smallest || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
            return i;
        i += length;
    }
    return -1;
}

QByteArray utf8StringLiteral(const std::string &bytes)
{
    return jsonStringFromUtf8(QByteArrayView(bytes.data(), qsizetype(bytes.size())));
}

// The JSON as written, before tags are read: {"$map": {...}} needs its inner object as it
// was written, so tags are applied to this tree top-down (toValue) rather than while parsing.
struct Node {
    enum class Kind { Scalar, String, Number, Object, Array };
    Kind kind = Kind::Scalar;
    qsizetype pos = 0;                               // byte offset where the value starts
    fpnn::Value scalar;                              // String, Number, Scalar (bool/null)
    std::vector<std::pair<std::string, Node>> members;
    std::vector<Node> elements;
};

class Parser {
public:
    explicit Parser(QByteArrayView text) : m_text(text) {}

    std::optional<fpnn::Value> parse(QString *error)
    {
        Node root;
        fpnn::Value value;
        const bool ok = parseDocument(root) && toValue(root, false, value);
        if (!ok) {
            if (error)
                *error = m_error + QStringLiteral(" at line %1, column %2").arg(lineAt(m_errorPos)).arg(columnAt(m_errorPos));
            return std::nullopt;
        }
        return value;
    }

private:
    bool parseDocument(Node &root)
    {
        if (const qsizetype bad = invalidUtf8At(m_text); bad >= 0)
            return failAt(bad, QStringLiteral("the text is not valid UTF-8"));
        skipSpace();
        if (atEnd())
            return failAt(m_pos, QStringLiteral("no JSON value"));
        if (!parseValue(root, 1))
            return false;
        skipSpace();
        if (!atEnd())
            return failAt(m_pos, QStringLiteral("unexpected text after the JSON value"));
        return true;
    }

    bool parseValue(Node &node, int depth)
    {
        node.pos = m_pos;
        if (atEnd())
            return failAt(m_pos, QStringLiteral("unexpected end of the text"));
        const char c = m_text[m_pos];
        if (c == '{' || c == '[') {
            if (depth > maxJsonDepth)
                return failAt(m_pos, QStringLiteral("nested deeper than %1 levels").arg(maxJsonDepth));
            return c == '{' ? parseObject(node, depth) : parseArray(node, depth);
        }
        if (c == '"') {
            std::string text;
            if (!parseString(text))
                return false;
            node.kind = Node::Kind::String;
            node.scalar = fpnn::Value::str(std::move(text));
            return true;
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            node.kind = Node::Kind::Number;
            return parseNumber(node.scalar);
        }
        node.kind = Node::Kind::Scalar;
        if (takeWord("true"))
            node.scalar = fpnn::Value(true);
        else if (takeWord("false"))
            node.scalar = fpnn::Value(false);
        else if (takeWord("null"))
            node.scalar = fpnn::Value();
        else
            return failAt(m_pos, QStringLiteral("unexpected character (expected a JSON value)"));
        return true;
    }

    bool parseObject(Node &node, int depth)
    {
        node.kind = Node::Kind::Object;
        ++m_pos;   // '{'
        std::unordered_set<std::string> seen;
        skipSpace();
        if (take('}'))
            return true;
        for (;;) {
            skipSpace();
            const qsizetype keyPos = m_pos;
            if (atEnd() || m_text[m_pos] != '"')
                return failAt(m_pos, QStringLiteral("expected a string key"));
            std::string key;
            if (!parseString(key))
                return false;
            if (!seen.insert(key).second)
                return failAt(keyPos, QStringLiteral("duplicate key \"%1\"").arg(QString::fromUtf8(key).left(40)));
            skipSpace();
            if (!take(':'))
                return failAt(m_pos, QStringLiteral("expected ':' after the key"));
            skipSpace();
            Node child;
            if (!parseValue(child, depth + 1))
                return false;
            node.members.emplace_back(std::move(key), std::move(child));
            skipSpace();
            if (take('}'))
                return true;
            if (!take(','))
                return failAt(m_pos, QStringLiteral("expected ',' or '}' in the object"));
        }
    }

    bool parseArray(Node &node, int depth)
    {
        node.kind = Node::Kind::Array;
        ++m_pos;   // '['
        skipSpace();
        if (take(']'))
            return true;
        for (;;) {
            skipSpace();
            Node child;
            if (!parseValue(child, depth + 1))
                return false;
            node.elements.push_back(std::move(child));
            skipSpace();
            if (take(']'))
                return true;
            if (!take(','))
                return failAt(m_pos, QStringLiteral("expected ',' or ']' in the array"));
        }
    }

    bool parseString(std::string &out)
    {
        ++m_pos;   // opening quote
        for (;;) {
            if (atEnd())
                return failAt(m_pos, QStringLiteral("unterminated string"));
            const char c = m_text[m_pos];
            if (c == '"') {
                ++m_pos;
                return true;
            }
            if (static_cast<unsigned char>(c) < 0x20)
                return failAt(m_pos, QStringLiteral("control character in a string (escape it)"));
            if (c != '\\') {
                out += c;
                ++m_pos;
                continue;
            }
            const qsizetype escapePos = m_pos;
            ++m_pos;
            if (atEnd())
                return failAt(m_pos, QStringLiteral("unterminated string"));
            const char e = m_text[m_pos++];
            switch (e) {
            case '"': out += '"'; break;
            case '\\': out += '\\'; break;
            case '/': out += '/'; break;
            case 'b': out += '\b'; break;
            case 'f': out += '\f'; break;
            case 'n': out += '\n'; break;
            case 'r': out += '\r'; break;
            case 't': out += '\t'; break;
            case 'u': {
                char32_t unit = 0;
                if (!takeHex4(unit))
                    return failAt(escapePos, QStringLiteral("\\u needs four hex digits"));
                char32_t code = unit;
                if (unit >= 0xD800 && unit <= 0xDBFF) {
                    // A high surrogate must be followed by an escaped low one.
                    char32_t low = 0;
                    if (!(take('\\') && take('u') && takeHex4(low)) || low < 0xDC00 || low > 0xDFFF)
                        return failAt(escapePos, QStringLiteral("\\u escape with an unpaired surrogate"));
                    code = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
                    return failAt(escapePos, QStringLiteral("\\u escape with an unpaired surrogate"));
                }
                appendUtf8(out, code);
                break;
            }
            default:
                return failAt(escapePos, QStringLiteral("unknown escape in a string"));
            }
        }
    }

    // JSON's number grammar; integers exact, the rest through from_chars (no locale).
    bool parseNumber(fpnn::Value &out)
    {
        const qsizetype start = m_pos;
        const bool negative = take('-');
        const qsizetype intStart = m_pos;
        if (!takeDigits())
            return failAt(start, QStringLiteral("invalid number"));
        if (m_pos - intStart > 1 && m_text[intStart] == '0')
            return failAt(start, QStringLiteral("invalid number (leading zero)"));
        bool isFloat = false;
        if (take('.')) {
            isFloat = true;
            if (!takeDigits())
                return failAt(start, QStringLiteral("invalid number (digits must follow '.')"));
        }
        if (take('e') || take('E')) {
            isFloat = true;
            if (!take('+'))
                take('-');
            if (!takeDigits())
                return failAt(start, QStringLiteral("invalid number (digits must follow the exponent)"));
        }
        const char *first = m_text.data() + start;
        const char *last = m_text.data() + m_pos;
        if (isFloat) {
            double d = 0;
            const auto [ptr, ec] = std::from_chars(first, last, d);
            if (ec != std::errc() || ptr != last)
                return failAt(start, QStringLiteral("number outside the float64 range"));
            out = fpnn::Value(d);
            return true;
        }
        if (negative) {
            std::int64_t v = 0;
            const auto [ptr, ec] = std::from_chars(first, last, v);
            if (ec != std::errc() || ptr != last)
                return failAt(start, QStringLiteral("integer below the int64 range (-9223372036854775808)"));
            out = fpnn::Value(static_cast<long long>(v));
            return true;
        }
        std::uint64_t v = 0;
        const auto [ptr, ec] = std::from_chars(first, last, v);
        if (ec != std::errc() || ptr != last)
            return failAt(start, QStringLiteral("integer above the uint64 range (18446744073709551615)"));
        out = fpnn::Value(static_cast<unsigned long long>(v));
        return true;
    }

    // Applies the tags of jsonvalue.h; `literal` = this object is the inside of "$map".
    bool toValue(const Node &node, bool literal, fpnn::Value &out)
    {
        switch (node.kind) {
        case Node::Kind::Scalar:
        case Node::Kind::String:
        case Node::Kind::Number:
            out = node.scalar;
            return true;
        case Node::Kind::Array: {
            fpnn::ValueArray array;
            array.reserve(node.elements.size());
            for (const Node &element : node.elements) {
                fpnn::Value v;
                if (!toValue(element, false, v))
                    return false;
                array.push_back(std::move(v));
            }
            out = fpnn::Value(std::move(array));
            return true;
        }
        case Node::Kind::Object:
            break;
        }
        if (!literal && node.members.size() == 1 && isTag(node.members.front().first))
            return tagToValue(node.members.front().first, node.members.front().second, out);
        fpnn::ValueMap map;
        map.reserve(node.members.size());
        for (const auto &[key, child] : node.members) {
            fpnn::Value v;
            if (!toValue(child, false, v))
                return false;
            map.emplace_back(key, std::move(v));
        }
        out = fpnn::Value(std::move(map));
        return true;
    }

    bool tagToValue(const std::string &tag, const Node &inner, fpnn::Value &out)
    {
        if (tag == kMapTag) {
            if (inner.kind != Node::Kind::Object)
                return failAt(inner.pos, QStringLiteral("\"$map\" expects an object"));
            return toValue(inner, true, out);
        }
        if (tag == kFloatTag) {
            if (inner.kind == Node::Kind::Number) {
                out = fpnn::Value(*inner.scalar.toDouble());
                return true;
            }
            const std::string *word = inner.kind == Node::Kind::String ? inner.scalar.bytes() : nullptr;
            if (word && *word == "NaN")
                out = fpnn::Value(std::numeric_limits<double>::quiet_NaN());
            else if (word && *word == "Infinity")
                out = fpnn::Value(std::numeric_limits<double>::infinity());
            else if (word && *word == "-Infinity")
                out = fpnn::Value(-std::numeric_limits<double>::infinity());
            else
                return failAt(inner.pos, QStringLiteral("\"$float\" expects a number, \"NaN\", \"Infinity\" or \"-Infinity\""));
            return true;
        }
        // $bin / $str: canonical base64, i.e. exactly what toBase64() writes for the bytes.
        const QString what = QStringLiteral("\"%1\" expects standard base64 (A-Z a-z 0-9 + /, padded with =)")
                                 .arg(QString::fromLatin1(tag.c_str()));
        if (inner.kind != Node::Kind::String)
            return failAt(inner.pos, what);
        const QByteArray text = QByteArray::fromStdString(*inner.scalar.bytes());
        const QByteArray::FromBase64Result decoded =
            QByteArray::fromBase64Encoding(text, QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded || decoded.decoded.toBase64() != text)
            return failAt(inner.pos, what);
        out = tag == kBinTag ? fpnn::Value::bin(decoded.decoded) : fpnn::Value::str(decoded.decoded);
        return true;
    }

    static void appendUtf8(std::string &out, char32_t code)
    {
        if (code < 0x80) {
            out += char(code);
        } else if (code < 0x800) {
            out += char(0xC0 | (code >> 6));
            out += char(0x80 | (code & 0x3F));
        } else if (code < 0x10000) {
            out += char(0xE0 | (code >> 12));
            out += char(0x80 | ((code >> 6) & 0x3F));
            out += char(0x80 | (code & 0x3F));
        } else {
            out += char(0xF0 | (code >> 18));
            out += char(0x80 | ((code >> 12) & 0x3F));
            out += char(0x80 | ((code >> 6) & 0x3F));
            out += char(0x80 | (code & 0x3F));
        }
    }

    bool takeHex4(char32_t &out)
    {
        if (m_pos + 4 > m_text.size())
            return false;
        char32_t v = 0;
        for (int i = 0; i < 4; ++i) {
            const char c = m_text[m_pos + i];
            int digit = 0;
            if (c >= '0' && c <= '9') digit = c - '0';
            else if (c >= 'a' && c <= 'f') digit = c - 'a' + 10;
            else if (c >= 'A' && c <= 'F') digit = c - 'A' + 10;
            else return false;
            v = v * 16 + char32_t(digit);
        }
        m_pos += 4;
        out = v;
        return true;
    }

    bool takeDigits()
    {
        const qsizetype start = m_pos;
        while (!atEnd() && m_text[m_pos] >= '0' && m_text[m_pos] <= '9')
            ++m_pos;
        return m_pos > start;
    }

    bool takeWord(const char *word)
    {
        const QByteArrayView w(word);
        if (m_text.sliced(m_pos).startsWith(w)) {
            m_pos += w.size();
            return true;
        }
        return false;
    }

    bool take(char c)
    {
        if (!atEnd() && m_text[m_pos] == c) {
            ++m_pos;
            return true;
        }
        return false;
    }

    void skipSpace()
    {
        while (!atEnd() && (m_text[m_pos] == ' ' || m_text[m_pos] == '\t' || m_text[m_pos] == '\n' || m_text[m_pos] == '\r'))
            ++m_pos;
    }

    bool atEnd() const { return m_pos >= m_text.size(); }

    bool failAt(qsizetype pos, const QString &message)
    {
        m_errorPos = pos;
        m_error = message;
        return false;
    }

    int lineAt(qsizetype pos) const
    {
        int line = 1;
        for (qsizetype i = 0; i < pos && i < m_text.size(); ++i)
            line += m_text[i] == '\n' ? 1 : 0;
        return line;
    }

    int columnAt(qsizetype pos) const
    {
        // In characters, not bytes: UTF-8 continuation bytes do not count.
        int column = 1;
        for (qsizetype i = std::min(pos, m_text.size()) - 1; i >= 0 && m_text[i] != '\n'; --i)
            column += (static_cast<unsigned char>(m_text[i]) & 0xC0) == 0x80 ? 0 : 1;
        return column;
    }

    QByteArrayView m_text;
    qsizetype m_pos = 0;
    QString m_error;
    qsizetype m_errorPos = 0;
};

QByteArray formatDouble(double d)
{
    if (std::isnan(d))
        return QByteArrayLiteral("{\"$float\":\"NaN\"}");
    if (std::isinf(d))
        return d > 0 ? QByteArrayLiteral("{\"$float\":\"Infinity\"}") : QByteArrayLiteral("{\"$float\":\"-Infinity\"}");
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, d);   // shortest round-trip form
    QByteArray text(buffer, int(result.ptr - buffer));
    if (!text.contains('.') && !text.contains('e'))
        text += ".0";   // 1.0 stays a float when read back (-0 too)
    return text;
}

QByteArray base64Tag(const char *tag, const std::string &bytes)
{
    return "{\"" + QByteArray(tag) + "\":\"" + QByteArray::fromStdString(bytes).toBase64() + "\"}";
}

void writeValue(const fpnn::Value &value, QByteArray &out)
{
    switch (value.type()) {
    case fpnn::Value::Type::Nil: out += "null"; return;
    case fpnn::Value::Type::Bool: out += *value.toBool() ? "true" : "false"; return;
    case fpnn::Value::Type::Int: out += QByteArray::number(*value.toInt64()); return;
    case fpnn::Value::Type::UInt: out += QByteArray::number(*value.toUInt64()); return;
    case fpnn::Value::Type::Float: out += formatDouble(*value.toDouble()); return;
    case fpnn::Value::Type::Str: {
        const std::string &bytes = *value.bytes();
        out += invalidUtf8At(bytes) < 0 ? utf8StringLiteral(bytes) : base64Tag(kStrTag, bytes);
        return;
    }
    case fpnn::Value::Type::Bin: out += base64Tag(kBinTag, *value.bytes()); return;
    case fpnn::Value::Type::Array: {
        out += '[';
        bool first = true;
        for (const fpnn::Value &element : *value.asArray()) {
            if (!first)
                out += ',';
            first = false;
            writeValue(element, out);
        }
        out += ']';
        return;
    }
    case fpnn::Value::Type::Map: {
        const fpnn::ValueMap &map = *value.asMap();
        const bool looksLikeTag = map.size() == 1 && isTag(map.front().first);
        if (looksLikeTag)
            out += "{\"$map\":";
        out += '{';
        bool first = true;
        for (const auto &[key, item] : map) {
            if (!first)
                out += ',';
            first = false;
            out += invalidUtf8At(key) < 0 ? utf8StringLiteral(key) : jsonString(QString::fromUtf8(key));
            out += ':';
            writeValue(item, out);
        }
        out += '}';
        if (looksLikeTag)
            out += '}';
        return;
    }
    }
}

} // namespace

std::optional<fpnn::Value> valueFromJson(QByteArrayView json, QString *error)
{
    return Parser(json).parse(error);
}

QByteArray jsonFromValue(const fpnn::Value &value)
{
    QByteArray out;
    writeValue(value, out);
    return out;
}

} // namespace service
