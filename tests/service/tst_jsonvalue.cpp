// JSON <-> fpnn::Value for `rtmctl call`: exact integers, key order, tags for bytes and
// special floats, clear errors with positions.

#include <cmath>
#include <limits>

#include <QTest>

#include "fpnn/msgpackcodec.h"
#include "service/jsonvalue.h"

using fpnn::Value;
using fpnn::ValueArray;
using fpnn::ValueMap;

Q_DECLARE_METATYPE(fpnn::Value)

namespace {

Value parse(const QByteArray &json)
{
    QString error;
    const std::optional<Value> v = service::valueFromJson(json, &error);
    if (!v)
        qWarning("unexpected parse error: %s", qPrintable(error));
    return v.value_or(Value(QStringLiteral("<parse error>")));
}

QString parseError(const QByteArray &json)
{
    QString error;
    const std::optional<Value> v = service::valueFromJson(json, &error);
    return v ? QString() : error;
}

Value map(std::initializer_list<std::pair<std::string, Value>> items)
{
    return Value(ValueMap(items));
}

} // namespace

class TestJsonValue : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void readsValues_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<Value>("expected");
        QTest::newRow("int64 min") << QByteArray("-9223372036854775808") << Value(std::numeric_limits<long long>::min());
        QTest::newRow("int64 max") << QByteArray("9223372036854775807") << Value(std::numeric_limits<long long>::max());
        QTest::newRow("uint64 max") << QByteArray("18446744073709551615")
                                    << Value(std::numeric_limits<unsigned long long>::max());
        QTest::newRow("2^53+1") << QByteArray("9007199254740993") << Value(9007199254740993LL);
        QTest::newRow("minus zero int") << QByteArray("-0") << Value(0);
        QTest::newRow("zero") << QByteArray("0") << Value(0);
        QTest::newRow("negative") << QByteArray("-42") << Value(-42);
        QTest::newRow("minus zero float") << QByteArray("-0.0") << Value(-0.0);
        QTest::newRow("float") << QByteArray("1.5") << Value(1.5);
        QTest::newRow("integral float") << QByteArray("1.0") << Value(1.0);
        QTest::newRow("exponent is float") << QByteArray("1e3") << Value(1000.0);
        QTest::newRow("exponent signs") << QByteArray("-2.5E-3") << Value(-0.0025);
        QTest::newRow("denormal") << QByteArray("5e-324") << Value(5e-324);
        QTest::newRow("true") << QByteArray("true") << Value(true);
        QTest::newRow("false") << QByteArray(" false ") << Value(false);
        QTest::newRow("null") << QByteArray("null") << Value();
        QTest::newRow("string") << QByteArray("\"hi\"") << Value::str(std::string("hi"));
        QTest::newRow("escapes") << QByteArray("\"q\\\"b\\\\s\\/\\b\\f\\n\\r\\t\"") << Value::str(std::string("q\"b\\s/\b\f\n\r\t"));
        QTest::newRow("unicode raw") << QByteArray("\"é 日本 🚀\"") << Value::str(std::string("é 日本 🚀"));
        QTest::newRow("unicode escaped") << QByteArray("\"\\u00e9 \\u65e5 \\ud83d\\ude80\"") << Value::str(std::string("é 日 🚀"));
        QTest::newRow("nul escape") << QByteArray("\"a\\u0000b\"") << Value::str(std::string("a\0b", 3));
        QTest::newRow("empty map") << QByteArray("{}") << Value::map();
        QTest::newRow("empty array") << QByteArray("[ ]") << Value::array();
        QTest::newRow("nested") << QByteArray("{\"a\":[1,{\"b\":[]},{}],\"c\":{\"d\":null}}")
                                << map({{"a", Value(ValueArray{Value(1), map({{"b", Value::array()}}), Value::map()})},
                                        {"c", map({{"d", Value()}})}});
        QTest::newRow("bin") << QByteArray("{\"$bin\":\"/+4AAQ==\"}") << Value::bin(QByteArray("\xff\xee\x00\x01", 4));
        QTest::newRow("empty bin") << QByteArray("{\"$bin\":\"\"}") << Value::bin(std::string());
        QTest::newRow("raw str") << QByteArray("{\"$str\":\"/w==\"}") << Value::str(std::string("\xff"));
        QTest::newRow("float tag int") << QByteArray("{\"$float\":2}") << Value(2.0);
        QTest::newRow("float tag inf") << QByteArray("{\"$float\":\"-Infinity\"}")
                                       << Value(-std::numeric_limits<double>::infinity());
        QTest::newRow("map tag keeps a tag-like map") << QByteArray("{\"$map\":{\"$bin\":\"AA==\"}}")
                                                      << map({{"$bin", Value::str(std::string("AA=="))}});
        QTest::newRow("map tag inner tags still read") << QByteArray("{\"$map\":{\"x\":{\"$bin\":\"AA==\"}}}")
                                                       << map({{"x", Value::bin(std::string("\0", 1))}});
        QTest::newRow("tag key among others is a plain key") << QByteArray("{\"$bin\":\"AA==\",\"x\":1}")
                                                             << map({{"$bin", Value::str(std::string("AA=="))}, {"x", Value(1)}});
    }

    void readsValues()
    {
        QFETCH(QByteArray, json);
        QFETCH(Value, expected);
        const Value got = parse(json);
        QCOMPARE(got.toDebugString(), expected.toDebugString());
        QCOMPARE(got.type(), expected.type());
        QVERIFY(got == expected);
    }

    void minusZeroKeepsItsSign()
    {
        const Value v = parse("-0.0");
        QCOMPARE(v.type(), Value::Type::Float);
        QVERIFY(std::signbit(*v.toDouble()));
        QCOMPARE(service::jsonFromValue(v), QByteArray("-0.0"));
    }

    void nanReadsBack()
    {
        const Value v = parse("{\"$float\":\"NaN\"}");
        QCOMPARE(v.type(), Value::Type::Float);
        QVERIFY(std::isnan(*v.toDouble()));
        QCOMPARE(service::jsonFromValue(v), QByteArray("{\"$float\":\"NaN\"}"));
    }

    // Keys keep the order written, also in the msgpack bytes (the SDK vectors depend on it).
    void keyOrderIsKept()
    {
        const Value v = parse("{\"zeta\":1,\"alpha\":2,\"mid\":3}");
        const ValueMap &m = *v.asMap();
        QCOMPARE(m.size(), size_t(3));
        QCOMPARE(m[0].first, std::string("zeta"));
        QCOMPARE(m[1].first, std::string("alpha"));
        QCOMPARE(m[2].first, std::string("mid"));
        QCOMPARE(fpnn::encodeMsgpack(v).toHex(), QByteArray("83a47a65746101a5616c70686102a36d696403"));
    }

    void integersAreNotDoubles()
    {
        // uint64 max as msgpack uint64, int64 min as int64: exact bytes, no rounding.
        QCOMPARE(fpnn::encodeMsgpack(parse("18446744073709551615")).toHex(), QByteArray("cfffffffffffffffff"));
        QCOMPARE(fpnn::encodeMsgpack(parse("-9223372036854775808")).toHex(), QByteArray("d38000000000000000"));
        QCOMPARE(fpnn::encodeMsgpack(parse("1.0")).toHex(), QByteArray("cb3ff0000000000000"));
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty") << QByteArray("") << "no JSON value at line 1, column 1";
        QTest::newRow("above uint64") << QByteArray("18446744073709551616") << "integer above the uint64 range";
        QTest::newRow("far above uint64") << QByteArray("{\"a\": 123456789012345678901234567890}") << "integer above the uint64 range";
        QTest::newRow("below int64") << QByteArray("-9223372036854775809") << "integer below the int64 range";
        QTest::newRow("float overflow") << QByteArray("1e400") << "outside the float64 range";
        QTest::newRow("leading zero") << QByteArray("012") << "leading zero";
        QTest::newRow("plus sign") << QByteArray("+1") << "unexpected character";
        QTest::newRow("bare dot") << QByteArray("1.") << "digits must follow '.'";
        QTest::newRow("nan literal") << QByteArray("NaN") << "unexpected character";
        QTest::newRow("trailing comma") << QByteArray("{\"a\":1,}") << "expected a string key";
        QTest::newRow("trailing text") << QByteArray("{} x") << "unexpected text after the JSON value at line 1, column 4";
        QTest::newRow("unterminated") << QByteArray("{\"a\":\"x") << "unterminated string";
        QTest::newRow("missing colon") << QByteArray("{\"a\" 1}") << "expected ':'";
        QTest::newRow("single quotes") << QByteArray("{'a':1}") << "expected a string key";
        QTest::newRow("duplicate key") << QByteArray("{\"a\":1,\n \"a\":2}") << "duplicate key \"a\" at line 2, column 2";
        QTest::newRow("raw control char") << QByteArray("\"a\tb\"") << "control character";
        QTest::newRow("bad escape") << QByteArray("\"\\x41\"") << "unknown escape";
        QTest::newRow("short unicode escape") << QByteArray("\"\\u12\"") << "four hex digits";
        QTest::newRow("lone high surrogate") << QByteArray("\"\\ud83d\"") << "unpaired surrogate";
        QTest::newRow("lone low surrogate") << QByteArray("\"\\ude80\"") << "unpaired surrogate";
        QTest::newRow("invalid utf8") << QByteArray("{\"a\":\"\xff\"}") << "not valid UTF-8 at line 1, column 7";
        QTest::newRow("overlong utf8") << QByteArray("\"\xc0\xaf\"") << "not valid UTF-8";
        QTest::newRow("bad base64 char") << QByteArray("{\"$bin\":\"@@@@\"}") << "\"$bin\" expects standard base64";
        QTest::newRow("base64 without padding") << QByteArray("{\"$bin\":\"AA\"}") << "\"$bin\" expects standard base64";
        QTest::newRow("base64 with space") << QByteArray("{\"$bin\":\"AA AA\"}") << "\"$bin\" expects standard base64";
        QTest::newRow("base64url") << QByteArray("{\"$bin\":\"_-8=\"}") << "\"$bin\" expects standard base64";
        QTest::newRow("bin not a string") << QByteArray("{\"$bin\":12}") << "\"$bin\" expects standard base64";
        QTest::newRow("str bad base64") << QByteArray("{\"$str\":\"#\"}") << "\"$str\" expects standard base64";
        QTest::newRow("float word") << QByteArray("{\"$float\":\"nan\"}") << "\"$float\" expects a number";
        QTest::newRow("map tag on array") << QByteArray("{\"$map\":[1]}") << "\"$map\" expects an object";
        QTest::newRow("too deep") << QByteArray(65, '[') + QByteArray(65, ']') << "nested deeper than 64 levels";
        QTest::newRow("truncated literal") << QByteArray("tru") << "unexpected character";
    }

    void errors()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, message);
        const QString error = parseError(json);
        QVERIFY2(error.contains(message), qPrintable(error));
        QVERIFY(error.contains(QStringLiteral(" at line ")));
        QVERIFY(!error.contains(QLatin1Char('\n')));
    }

    void depthLimitIsInclusive()
    {
        QVERIFY(parseError(QByteArray(64, '[') + QByteArray(64, ']')).isEmpty());
    }

    void writesValues_data()
    {
        QTest::addColumn<Value>("value");
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("int64 min") << Value(std::numeric_limits<long long>::min()) << QByteArray("-9223372036854775808");
        QTest::newRow("uint64 max") << Value(std::numeric_limits<unsigned long long>::max())
                                    << QByteArray("18446744073709551615");
        QTest::newRow("float integral") << Value(100.0) << QByteArray("100.0");
        QTest::newRow("float shortest") << Value(0.1) << QByteArray("0.1");
        QTest::newRow("float big") << Value(1e21) << QByteArray("1e+21");
        QTest::newRow("float min denormal") << Value(5e-324) << QByteArray("5e-324");
        QTest::newRow("infinity") << Value(std::numeric_limits<double>::infinity()) << QByteArray("{\"$float\":\"Infinity\"}");
        QTest::newRow("bin") << Value::bin(QByteArray("\x00\xff", 2)) << QByteArray("{\"$bin\":\"AP8=\"}");
        QTest::newRow("invalid utf8 str") << Value::str(std::string("a\xff")) << QByteArray("{\"$str\":\"Yf8=\"}");
        QTest::newRow("utf8 str with bom") << Value::str(std::string("\xef\xbb\xbfx")) << QByteArray("\"\xef\xbb\xbfx\"");
        QTest::newRow("control chars") << Value::str(std::string("a\"\\\n\x01", 5)) << QByteArray("\"a\\\"\\\\\\n\\u0001\"");
        QTest::newRow("tag-like map") << map({{"$bin", Value(1)}}) << QByteArray("{\"$map\":{\"$bin\":1}}");
        QTest::newRow("empty containers") << map({{"a", Value::array()}, {"b", Value::map()}, {"c", Value()}})
                                          << QByteArray("{\"a\":[],\"b\":{},\"c\":null}");
        QTest::newRow("order kept") << map({{"z", Value(true)}, {"a", Value(false)}}) << QByteArray("{\"z\":true,\"a\":false}");
    }

    void writesValues()
    {
        QFETCH(Value, value);
        QFETCH(QByteArray, json);
        QCOMPARE(service::jsonFromValue(value), json);
    }

    // Whatever jsonFromValue() writes, valueFromJson() reads back to the same Value.
    void roundTrips()
    {
        const Value v = map({
            {"min", Value(std::numeric_limits<long long>::min())},
            {"max", Value(std::numeric_limits<unsigned long long>::max())},
            {"floats", Value(ValueArray{Value(-0.0), Value(0.1), Value(1e300), Value(-5e-324), Value(3.0),
                                        Value(std::numeric_limits<double>::max())})},
            {"text", Value::str(std::string("日本 🚀 \x7f \"q\""))},
            {"raw", Value::str(std::string("\xc0\xaf"))},
            {"bytes", Value::bin(QByteArray("\x00\x01\xfe\xff", 4))},
            {"tagLike", map({{"$map", map({{"$str", Value(1)}})}})},
            {"nested", Value(ValueArray{Value::map(), Value::array(), Value(ValueArray{Value()})})},
        });
        const QByteArray json = service::jsonFromValue(v);
        QString error;
        const std::optional<Value> back = service::valueFromJson(json, &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(back->toDebugString(), v.toDebugString());
        QVERIFY(*back == v);
        QCOMPARE(fpnn::encodeMsgpack(*back), fpnn::encodeMsgpack(v));
        const ValueArray &floats = *back->find("floats")->asArray();
        QVERIFY(std::signbit(*floats[0].toDouble()));
    }
};

QTEST_GUILESS_MAIN(TestJsonValue)
#include "tst_jsonvalue.moc"
