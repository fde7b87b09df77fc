// msgpack <-> Value: encodings, integer widths, limits, malformed input and msgpack bombs,
// random round trips, and every payload of the SDK vectors (read at run time).

#include <QByteArray>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>
#include <QtEndian>

#include <bit>
#include <cmath>
#include <limits>
#include <optional>


#include "common/heapusage.h"
#include "common/testvectors.h"
#include "fpnn/msgpackcodec.h"
#include "fpnn/value.h"

using namespace fpnn;
using testdata::heapInUse;
using testdata::hex;
using testdata::vectors;
using testdata::genericFrame;
using testdata::plaintextCase;

namespace {


QByteArray h(const char *hexText) { return QByteArray::fromHex(hexText); }

QByteArray repeat(const QByteArray &unit, int n)
{
    QByteArray out;
    for (int i = 0; i < n; ++i)
        out += unit;
    return out;
}

QByteArray be32(quint32 v)
{
    char b[4];
    qToBigEndian(v, b);
    return QByteArray(b, 4);
}

QByteArray be16(quint16 v)
{
    char b[2];
    qToBigEndian(v, b);
    return QByteArray(b, 2);
}

// Nested arrays: depth levels, innermost holds one 0.
QByteArray nestedArrays(int depth)
{
    return QByteArray(QByteArray(depth, '\x91') + QByteArray(1, '\x00'));
}

// A payload map {"a": <depth-1 nested arrays>} (depth counts the root map).
QByteArray mapWithNesting(int depth)
{
    return QByteArray(h("81a161") + nestedArrays(depth - 1));
}

// ---- random trees ------------------------------------------------------------------------

Value randomScalar(QRandomGenerator &rng)
{
    switch (rng.bounded(9)) {
    case 0: return Value();
    case 1: return Value(rng.bounded(2) == 1);
    case 2: {   // any width, either sign
        const int bits = 1 + rng.bounded(64);
        const quint64 raw = rng.generate64() >> (64 - bits);
        return rng.bounded(2) ? Value(static_cast<unsigned long long>(raw))
                              : Value(static_cast<long long>(-static_cast<qint64>(raw >> 1) - 1));
    }
    case 3: return Value(std::bit_cast<double>(rng.generate64()));   // includes NaNs and infinities
    case 4: return Value(static_cast<double>(static_cast<int>(rng.bounded(2000)) - 1000));   // integral doubles
    case 5: {
        QByteArray s(rng.bounded(rng.bounded(8) == 0 ? 70000 : 40), Qt::Uninitialized);
        for (char &c : s) c = char(rng.bounded(256));
        return Value::str(s);
    }
    case 6: {
        QByteArray s(rng.bounded(rng.bounded(8) == 0 ? 300 : 40), Qt::Uninitialized);
        for (char &c : s) c = char(rng.bounded(256));
        return Value::bin(s);
    }
    case 7: return Value(std::numeric_limits<quint64>::max() - rng.bounded(3));
    default: return Value(std::numeric_limits<qint64>::min() + rng.bounded(3));
    }
}

// budget caps the number of nodes so trees stay small (a few thousand values).
Value randomTree(QRandomGenerator &rng, int depthLeft, int &budget)
{
    --budget;
    const int pick = rng.bounded(depthLeft > 0 && budget > 0 ? 10 : 6);
    if (pick < 6)
        return randomScalar(rng);
    if (pick < 8) {
        Value a = Value::array();
        const int n = rng.bounded(rng.bounded(10) == 0 ? 300 : 6);
        for (int i = 0; i < n; ++i)
            a.append(budget > 0 ? randomTree(rng, depthLeft - 1, budget) : Value(i));
        return a;
    }
    Value m = Value::map();
    const int n = rng.bounded(rng.bounded(10) == 0 ? 64 : 6);
    for (int i = 0; i < n; ++i) {
        QByteArray key(rng.bounded(40), Qt::Uninitialized);
        for (char &c : key) c = char(rng.bounded(256));
        m.insert(key.toStdString(), budget > 0 ? randomTree(rng, depthLeft - 1, budget) : Value());
    }
    return m;
}

} // namespace

class TestMsgpackCodec : public QObject {
    Q_OBJECT

private slots:
    void integerEncoding_data();
    void integerEncoding();
    void integerWidths_data();
    void integerWidths();
    void int64Accessors();
    void strAndBin_data();
    void strAndBin();
    void nonCanonicalHeaders();
    void keyOrderAndDuplicates();
    void scalars();
    void wrongTypeAccessors();
    void regressionNanEqualsItself();
    void regressionIntegralDoubleStaysFloat();

    void malformed_data();
    void malformed();
    void everyPrefixIsTruncated();
    void bombs_data();
    void bombs();
    void bombsWithLimitsRaised();
    void limitsEnforced();
    void largeReceiverList();

    void randomRoundTrip();
    void vectorPayloads();
    void errorNames();
};

void TestMsgpackCodec::integerEncoding_data()
{
    QTest::addColumn<Value>("value");
    QTest::addColumn<QByteArray>("wire");
    QTest::newRow("0") << Value(0) << h("00");
    QTest::newRow("127") << Value(127) << h("7f");
    QTest::newRow("128") << Value(128) << h("cc80");
    QTest::newRow("255") << Value(255) << h("ccff");
    QTest::newRow("256") << Value(256) << h("cd0100");
    QTest::newRow("65535") << Value(65535) << h("cdffff");
    QTest::newRow("65536") << Value(65536) << h("ce00010000");
    QTest::newRow("2^32-1") << Value(4294967295ull) << h("ceffffffff");
    QTest::newRow("2^32") << Value(4294967296ull) << h("cf0000000100000000");
    QTest::newRow("u64 max") << Value(std::numeric_limits<quint64>::max()) << h("cfffffffffffffffff");
    QTest::newRow("-1") << Value(-1) << h("ff");
    QTest::newRow("-32") << Value(-32) << h("e0");
    QTest::newRow("-33") << Value(-33) << h("d0df");
    QTest::newRow("-128") << Value(-128) << h("d080");
    QTest::newRow("-129") << Value(-129) << h("d1ff7f");
    QTest::newRow("-32768") << Value(-32768) << h("d18000");
    QTest::newRow("-32769") << Value(-32769) << h("d2ffff7fff");
    QTest::newRow("-2^31") << Value(-2147483648ll) << h("d280000000");
    QTest::newRow("-2^31-1") << Value(-2147483649ll) << h("d3ffffffff7fffffff");
    QTest::newRow("i64 min") << Value(std::numeric_limits<qint64>::min()) << h("d38000000000000000");
}

void TestMsgpackCodec::integerEncoding()
{
    QFETCH(Value, value);
    QFETCH(QByteArray, wire);
    QCOMPARE(encodeMsgpack(value), wire);
    PayloadDecodeResult r = decodeMsgpack(wire);
    QVERIFY2(r.ok(), qPrintable(r.message));
    QCOMPARE(r.value, value);
}

void TestMsgpackCodec::integerWidths_data()
{
    QTest::addColumn<QByteArray>("wire");
    QTest::addColumn<Value>("expected");
    // 5 in every encoding msgpack has for it.
    QTest::newRow("5 fixint") << h("05") << Value(5);
    QTest::newRow("5 uint8") << h("cc05") << Value(5);
    QTest::newRow("5 uint16") << h("cd0005") << Value(5);
    QTest::newRow("5 uint32") << h("ce00000005") << Value(5);
    QTest::newRow("5 uint64") << h("cf0000000000000005") << Value(5);
    QTest::newRow("5 int8") << h("d005") << Value(5);
    QTest::newRow("5 int16") << h("d10005") << Value(5);
    QTest::newRow("5 int32") << h("d200000005") << Value(5);
    QTest::newRow("5 int64") << h("d30000000000000005") << Value(5);
    QTest::newRow("-5 negative fixint") << h("fb") << Value(-5);
    QTest::newRow("-5 int8") << h("d0fb") << Value(-5);
    QTest::newRow("-5 int16") << h("d1fffb") << Value(-5);
    QTest::newRow("-5 int32") << h("d2fffffffb") << Value(-5);
    QTest::newRow("-5 int64") << h("d3fffffffffffffffb") << Value(-5);
    QTest::newRow("200 uint8") << h("ccc8") << Value(200);
    QTest::newRow("200 int16") << h("d100c8") << Value(200);
    QTest::newRow("200 int64") << h("d300000000000000c8") << Value(200);
    QTest::newRow("2^40 uint64") << h("cf0000010000000000") << Value(1099511627776ll);
    QTest::newRow("2^40 int64") << h("d30000010000000000") << Value(1099511627776ll);
}

void TestMsgpackCodec::integerWidths()
{
    QFETCH(QByteArray, wire);
    QFETCH(Value, expected);
    PayloadDecodeResult r = decodeMsgpack(wire);
    QVERIFY2(r.ok(), qPrintable(r.message));
    QCOMPARE(r.value, expected);
    QCOMPARE(r.value.toInt64(), expected.toInt64());
    QCOMPARE(r.value.toUInt64(), expected.toUInt64());
    // Also inside a payload map.
    PayloadDecodeResult p = decodePayload(QByteArray(h("81a16e") + wire));
    QVERIFY2(p.ok(), qPrintable(p.message));
    QCOMPARE(*p.value.find("n"), expected);
}

void TestMsgpackCodec::int64Accessors()
{
    const Value big = decodeMsgpack(h("cf8000000000000000")).value;   // 2^63
    QVERIFY(big.isInteger());
    QCOMPARE(big.toInt64(), std::nullopt);
    QCOMPARE(big.toUInt64(), std::optional<quint64>(9223372036854775808ull));
    const Value umax = decodeMsgpack(h("cfffffffffffffffff")).value;
    QCOMPARE(umax.toInt64(), std::nullopt);
    const Value imax = decodeMsgpack(h("cf7fffffffffffffff")).value;
    QCOMPARE(imax.toInt64(), std::optional<qint64>(std::numeric_limits<qint64>::max()));
    const Value neg = decodeMsgpack(h("d38000000000000000")).value;
    QCOMPARE(neg.toInt64(), std::optional<qint64>(std::numeric_limits<qint64>::min()));
    QCOMPARE(neg.toUInt64(), std::nullopt);
    QCOMPARE(Value(-1).toUInt64(), std::nullopt);
    QCOMPARE(Value(0).toUInt64(), std::optional<quint64>(0));
    QCOMPARE(Value(7).toDouble(), std::optional<double>(7.0));
}

void TestMsgpackCodec::strAndBin_data()
{
    QTest::addColumn<QByteArray>("wire");
    QTest::addColumn<bool>("isStr");
    QTest::addColumn<int>("length");
    QTest::newRow("fixstr 0") << h("a0") << true << 0;
    QTest::newRow("fixstr 31") << QByteArray(h("bf") + QByteArray(31, 'x')) << true << 31;
    QTest::newRow("str8 32") << QByteArray(h("d920") + QByteArray(32, 'x')) << true << 32;
    QTest::newRow("str16 300") << QByteArray(h("da") + be16(300) + QByteArray(300, 'y')) << true << 300;
    QTest::newRow("str32 70000") << QByteArray(h("db") + be32(70000) + QByteArray(70000, 'z')) << true << 70000;
    QTest::newRow("str invalid utf8") << h("a2fffe") << true << 2;
    QTest::newRow("bin8 0") << h("c400") << false << 0;
    QTest::newRow("bin8 4") << h("c404000102ff") << false << 4;
    QTest::newRow("bin16 300") << QByteArray(h("c5") + be16(300) + QByteArray(300, '\0')) << false << 300;
    QTest::newRow("bin32 70000") << QByteArray(h("c6") + be32(70000) + QByteArray(70000, '\1')) << false << 70000;
}

void TestMsgpackCodec::strAndBin()
{
    QFETCH(QByteArray, wire);
    QFETCH(bool, isStr);
    QFETCH(int, length);
    PayloadDecodeResult r = decodeMsgpack(wire);
    QVERIFY2(r.ok(), qPrintable(r.message));
    QCOMPARE(r.value.isStr(), isStr);
    QCOMPARE(r.value.isBin(), !isStr);
    QVERIFY(r.value.isBytes());
    QCOMPARE(int(r.value.bytes()->size()), length);
    QCOMPARE(QByteArray::fromStdString(*r.value.bytes()), wire.right(length));
    // Re-encoding picks the same (smallest) header, so the bytes come back identical.
    QCOMPARE(encodeMsgpack(r.value), wire);
}

void TestMsgpackCodec::nonCanonicalHeaders()
{
    // Longer headers than needed are read; re-encoding then uses the smallest one.
    PayloadDecodeResult s0 = decodeMsgpack(h("d900"));
    QVERIFY(s0.ok());
    QVERIFY(s0.value.isStr());
    QCOMPARE(encodeMsgpack(s0.value), h("a0"));
    PayloadDecodeResult s3 = decodeMsgpack(h("db00000003616263"));
    QVERIFY(s3.ok());
    QCOMPARE(encodeMsgpack(s3.value), h("a3616263"));
    PayloadDecodeResult a2 = decodeMsgpack(h("dd000000020102"));
    QVERIFY(a2.ok());
    QCOMPARE(encodeMsgpack(a2.value), h("920102"));
    PayloadDecodeResult m1 = decodeMsgpack(h("de0001a16101"));
    QVERIFY(m1.ok());
    QCOMPARE(encodeMsgpack(m1.value), h("81a16101"));
}

void TestMsgpackCodec::keyOrderAndDuplicates()
{
    Value m = Value::map();
    m.insert("zeta", 1);
    m.insert("alpha", 2);
    m.insert("mid", 3);
    m.insert("alpha", 4);   // replaces in place, keeps the position
    QCOMPARE(encodeMsgpack(m), h("83a47a65746101a5616c70686104a36d696403"));
    PayloadDecodeResult r = decodePayload(encodeMsgpack(m));
    QVERIFY(r.ok());
    QCOMPARE(r.value, m);
    QCOMPARE(r.value.asMap()->at(0).first, std::string("zeta"));
    QCOMPARE(r.value.asMap()->at(2).first, std::string("mid"));
    // Duplicate keys on the wire: last value wins, as msgpack-python's dict.
    PayloadDecodeResult dup = decodePayload(h("82a16101a16102"));
    QVERIFY(dup.ok());
    QCOMPARE(dup.value.asMap()->size(), std::size_t(1));
    QCOMPARE(dup.value.find("a")->toInt64(), std::optional<qint64>(2));
    // Empty key and empty map.
    PayloadDecodeResult empty = decodePayload(h("81a0c0"));
    QVERIFY(empty.ok());
    QVERIFY(empty.value.find("") && empty.value.find("")->isNil());
    QCOMPARE(encodeMsgpack(Value::map()), h("80"));
    QCOMPARE(encodeMsgpack(Value::array()), h("90"));
}

void TestMsgpackCodec::scalars()
{
    QCOMPARE(encodeMsgpack(Value()), h("c0"));
    QCOMPARE(encodeMsgpack(Value(true)), h("c3"));
    QCOMPARE(encodeMsgpack(Value(false)), h("c2"));
    // Floats stay floats: always float64, even when the value is integral.
    QCOMPARE(encodeMsgpack(Value(1.5)), h("cb3ff8000000000000"));
    QCOMPARE(encodeMsgpack(Value(3.0)), h("cb4008000000000000"));
    QCOMPARE(encodeMsgpack(Value(-0.0)), h("cb8000000000000000"));
    QCOMPARE(encodeMsgpack(Value(18446744073709551616.0)), h("cb43f0000000000000"));
    PayloadDecodeResult f32 = decodeMsgpack(h("ca3fc00000"));
    QVERIFY(f32.ok());
    QCOMPARE(f32.value.type(), Value::Type::Float);
    QCOMPARE(f32.value.toDouble(), std::optional<double>(1.5));
    PayloadDecodeResult three = decodeMsgpack(encodeMsgpack(Value(3.0)));
    QCOMPARE(three.value.type(), Value::Type::Float);
    // A NaN read from the wire equals itself (bitwise comparison of floats).
    PayloadDecodeResult nan = decodeMsgpack(h("cbffffffffffffffff"));
    QVERIFY(nan.ok());
    QVERIFY(std::isnan(*nan.value.toDouble()));
    QCOMPARE(nan.value, nan.value);
    QCOMPARE(decodeMsgpack(encodeMsgpack(nan.value)).value, nan.value);
    QVERIFY(!(Value(0.0) == Value(-0.0)));
    QVERIFY(!(Value(1) == Value(1.0)));
    QVERIFY(!(Value::str(std::string("a")) == Value::bin(std::string("a"))));
}

// Fuzz find (corpus/fuzz_msgpack/find-nan-float64-equality): a float64 NaN decoded from
// the wire compared unequal to itself, so a decoded payload was not equal to its copy.
void TestMsgpackCodec::regressionNanEqualsItself()
{
    const PayloadDecodeResult r = decodePayload(h("81a178cbffffffffffffffff"));
    QVERIFY(r.ok());
    const Value copy = r.value;
    QVERIFY(r.value == copy);
    QCOMPARE(decodePayload(encodeMsgpack(r.value)).value, r.value);
    QVERIFY(Value(std::nan("")) == Value(std::nan("")));
}

// Fuzz find (corpus/fuzz_msgpack/find-integral-double-packed-as-int): msgpack-c's
// pack_double writes integral doubles as integers, so Value(-3355744.0) came back as Int.
void TestMsgpackCodec::regressionIntegralDoubleStaysFloat()
{
    for (double d : {0.0, 1.0, -3355744.0, 4294967296.0, 9223372036854775808.0, 18446744073709551616.0, -9223372036854775808.0}) {
        const QByteArray wire = encodeMsgpack(Value(d));
        QCOMPARE(wire.size(), 9);
        QCOMPARE(quint8(wire[0]), quint8(0xcb));
        const PayloadDecodeResult r = decodeMsgpack(wire);
        QVERIFY(r.ok());
        QCOMPARE(r.value.type(), Value::Type::Float);
        QCOMPARE(r.value, Value(d));
    }
}

void TestMsgpackCodec::wrongTypeAccessors()
{
    const Value s = Value::str(std::string("12"));
    QCOMPARE(s.toInt64(), std::nullopt);
    QCOMPARE(s.toUInt64(), std::nullopt);
    QCOMPARE(s.toBool(), std::nullopt);
    QCOMPARE(s.toDouble(), std::nullopt);
    QVERIFY(!s.asMap());
    QVERIFY(!s.asArray());
    QVERIFY(!s.find("x"));
    const Value n(12);
    QVERIFY(!n.bytes());
    QCOMPARE(n.toBool(), std::nullopt);
    const Value b(true);
    QCOMPARE(b.toInt64(), std::nullopt);
    QCOMPARE(b.toDouble(), std::nullopt);
    const Value nil;
    QVERIFY(nil.isNil());
    QCOMPARE(nil.toInt64(), std::nullopt);
    QVERIFY(!nil.bytes());
    const Value arr = decodeMsgpack(h("920102")).value;
    QVERIFY(!arr.asMap());
    QVERIFY(!arr.find("0"));
    QCOMPARE(arr.asArray()->size(), std::size_t(2));
    const Value dbl(2.5);
    QCOMPARE(dbl.toInt64(), std::nullopt);
    const Value fromNull(static_cast<const char *>(nullptr));
    QVERIFY(fromNull.isStr());
    QVERIFY(fromNull.bytes()->empty());
}

void TestMsgpackCodec::malformed_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<PayloadError>("anyError");       // decodeMsgpack
    QTest::addColumn<PayloadError>("payloadError");   // decodePayload
    QTest::newRow("empty") << QByteArray() << PayloadError::Truncated << PayloadError::Truncated;
    QTest::newRow("0xc1") << h("c1") << PayloadError::InvalidMsgpack << PayloadError::InvalidMsgpack;
    QTest::newRow("0xc1 in map") << h("81a161c1") << PayloadError::InvalidMsgpack << PayloadError::InvalidMsgpack;
    QTest::newRow("fixext") << h("d40102") << PayloadError::UnsupportedType << PayloadError::UnsupportedType;
    QTest::newRow("ext8 in map") << h("81a161c7010501") << PayloadError::UnsupportedType << PayloadError::UnsupportedType;
    QTest::newRow("trailing") << h("8000") << PayloadError::TrailingBytes << PayloadError::TrailingBytes;
    QTest::newRow("two maps") << h("8080") << PayloadError::TrailingBytes << PayloadError::TrailingBytes;
    QTest::newRow("truncated str") << h("81a3616263a5ab") << PayloadError::Truncated << PayloadError::Truncated;
    QTest::newRow("truncated uint32") << h("ce0001") << PayloadError::Truncated << PayloadError::Truncated;
    QTest::newRow("truncated map") << h("82a16101") << PayloadError::Truncated << PayloadError::Truncated;
    QTest::newRow("int key") << h("810102") << PayloadError::NonStringKey << PayloadError::NonStringKey;
    QTest::newRow("nil key") << h("81c002") << PayloadError::NonStringKey << PayloadError::NonStringKey;
    QTest::newRow("bin key") << h("81c4016102") << PayloadError::NonStringKey << PayloadError::NonStringKey;
    QTest::newRow("array key") << h("819102") << PayloadError::NonStringKey << PayloadError::NonStringKey;
    QTest::newRow("map key") << h("818002") << PayloadError::NonStringKey << PayloadError::NonStringKey;
    QTest::newRow("nested int key") << h("81a16181 0102") << PayloadError::NonStringKey << PayloadError::NonStringKey;
    QTest::newRow("root array") << h("9101") << PayloadError::None << PayloadError::NotAMap;
    QTest::newRow("root int") << h("05") << PayloadError::None << PayloadError::NotAMap;
    QTest::newRow("root str") << h("a26f6b") << PayloadError::None << PayloadError::NotAMap;
    QTest::newRow("root nil") << h("c0") << PayloadError::None << PayloadError::NotAMap;
}

void TestMsgpackCodec::malformed()
{
    QFETCH(QByteArray, bytes);
    QFETCH(PayloadError, anyError);
    QFETCH(PayloadError, payloadError);
    PayloadDecodeResult any = decodeMsgpack(bytes);
    QCOMPARE(any.error, anyError);
    QCOMPARE(any.ok(), anyError == PayloadError::None);
    if (!any.ok())
        QVERIFY(!any.message.isEmpty());
    PayloadDecodeResult p = decodePayload(bytes);
    QCOMPARE(p.error, payloadError);
    QVERIFY(!p.message.isEmpty());
    QVERIFY(p.value.isNil());
}

void TestMsgpackCodec::everyPrefixIsTruncated()
{
    Value m = Value::map();
    m.insert("pid", 11000001);
    m.insert("msg", Value::str(std::string(300, 'x')));
    m.insert("bin", Value::bin(std::string(70000, '\7')));
    m.insert("list", ValueArray{Value(1), Value(-70000), Value(2.5), Value(true), Value()});
    const QByteArray wire = encodeMsgpack(m);
    QVERIFY(decodePayload(wire).ok());
    for (qsizetype n = 0; n < wire.size(); n += (n < 400 ? 1 : 997)) {
        PayloadDecodeResult r = decodePayload(QByteArrayView(wire).first(n));
        QVERIFY2(r.error == PayloadError::Truncated, qPrintable(QStringLiteral("prefix %1: %2").arg(n).arg(payloadErrorName(r.error))));
    }
}

void TestMsgpackCodec::bombs_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<PayloadError>("error");
    // 10-byte inputs announcing 2^32-1 elements / 4 GiB strings.
    QTest::newRow("array32 2^32-1") << QByteArray(h("ddffffffff") + h("0000000000")) << PayloadError::LimitExceeded;
    QTest::newRow("map32 2^32-1") << QByteArray(h("dfffffffff") + h("a1610000a1")) << PayloadError::LimitExceeded;
    QTest::newRow("map32 in map") << QByteArray(h("81a161") + h("dfffffffff") + h("a16100")) << PayloadError::LimitExceeded;
    QTest::newRow("array16 65535") << QByteArray(h("dcffff") + h("00000000000000")) << PayloadError::LimitExceeded;
    QTest::newRow("str32 4 GiB") << QByteArray(h("dbffffffff") + h("6161616161")) << PayloadError::Truncated;
    QTest::newRow("bin32 4 GiB") << QByteArray(h("c6ffffffff") + h("6161616161")) << PayloadError::Truncated;
    QTest::newRow("str32 4 GiB as key") << QByteArray(h("81dbffffffff") + h("61616161")) << PayloadError::Truncated;
    QTest::newRow("ext32 4 GiB") << QByteArray(h("c9ffffffff") + h("0161616161")) << PayloadError::Truncated;
    QTest::newRow("nested arrays 1000") << nestedArrays(1000) << PayloadError::LimitExceeded;
    QTest::newRow("nested maps 1000") << QByteArray(repeat(h("81a161"), 1000) + h("00")) << PayloadError::LimitExceeded;
    QTest::newRow("nested array32 1000") << QByteArray(repeat(h("dd00000001"), 1000) + h("00")) << PayloadError::LimitExceeded;
    QTest::newRow("announced arrays 7 deep") << repeat(h("dc0fff"), 7) << PayloadError::Truncated;
}

void TestMsgpackCodec::bombs()
{
    QFETCH(QByteArray, bytes);
    QFETCH(PayloadError, error);
    // No timing: work in proportion to an announced size would hang until the CTest
    // timeout; the error and the heap check are the deterministic part.
    const qint64 before = heapInUse();
    PayloadDecodeResult r = decodeMsgpack(bytes);
    QCOMPARE(r.error, error);
    QVERIFY(!r.message.isEmpty());
    PayloadDecodeResult p = decodePayload(bytes);
    QVERIFY(!p.ok());
    if (before >= 0) {
        const qint64 grown = heapInUse() - before;
        QVERIFY2(grown < 1024 * 1024, qPrintable(QStringLiteral("heap grew by %1").arg(grown)));
    }
}

void TestMsgpackCodec::bombsWithLimitsRaised()
{
    // Even with every count limit at its maximum, announced sizes never allocate: the
    // reader runs out of bytes first.
    MsgpackLimits open;
    open.maxDepth = 100000;
    open.maxArrayElements = 0xffffffffu;
    open.maxMapPairs = 0xffffffffu;
    open.maxStringBytes = 0xffffffffu;
    open.maxTotalElements = 0xffffffffu;
    const qint64 before = heapInUse();
    for (const QByteArray &bomb : {QByteArray(h("ddffffffff") + h("0000000000")), QByteArray(h("dfffffffff") + h("a16100a162")),
                                   QByteArray(h("dbffffffff") + h("6161616161")), QByteArray(h("c6ffffffff") + h("6161616161")),
                                   QByteArray(h("81a161") + h("ddffffffff") + h("01"))}) {
        PayloadDecodeResult r = decodeMsgpack(bomb, open);
        QCOMPARE(r.error, PayloadError::Truncated);
    }
    // 1000 levels are fine when allowed, and need no recursion on the way in.
    PayloadDecodeResult deep = decodeMsgpack(nestedArrays(1000), open);
    QVERIFY2(deep.ok(), qPrintable(deep.message));
    if (before >= 0)
        QVERIFY(heapInUse() - before < 4 * 1024 * 1024);
}

void TestMsgpackCodec::limitsEnforced()
{
    const MsgpackLimits defaults;
    QCOMPARE(defaults.maxDepth, 8u);
    QCOMPARE(defaults.maxArrayElements, 4096u);
    QCOMPARE(defaults.maxMapPairs, 64u);

    // Depth: the root map counts as level 1.
    QVERIFY(decodePayload(mapWithNesting(8)).ok());
    QCOMPARE(decodePayload(mapWithNesting(9)).error, PayloadError::LimitExceeded);
    QVERIFY(decodeMsgpack(nestedArrays(8)).ok());
    QCOMPARE(decodeMsgpack(nestedArrays(9)).error, PayloadError::LimitExceeded);

    // Arrays: 4096 elements accepted, 4097 refused (announced size alone is enough).
    QVERIFY(decodeMsgpack(QByteArray(h("dc1000") + QByteArray(4096, '\x01'))).ok());
    QCOMPARE(decodeMsgpack(QByteArray(h("dc1001") + QByteArray(4097, '\x01'))).error, PayloadError::LimitExceeded);
    QCOMPARE(decodeMsgpack(h("dc1001")).error, PayloadError::LimitExceeded);

    // Maps: 64 pairs accepted, 65 refused.
    auto mapOf = [](int pairs) {
        Value m = Value::map();
        for (int i = 0; i < pairs; ++i)
            m.insert(QStringLiteral("k%1").arg(i).toStdString(), i);
        return encodeMsgpack(m);
    };
    QVERIFY(decodePayload(mapOf(64)).ok());
    QCOMPARE(decodePayload(mapOf(65)).error, PayloadError::LimitExceeded);

    // Custom limits.
    MsgpackLimits tight;
    tight.maxStringBytes = 4;
    QVERIFY(decodeMsgpack(h("a461626364"), tight).ok());
    QCOMPARE(decodeMsgpack(h("a56162636465"), tight).error, PayloadError::LimitExceeded);
    QCOMPARE(decodeMsgpack(h("c405000000000000"), tight).error, PayloadError::LimitExceeded);
    QCOMPARE(decodeMsgpack(h("81a56162636465c0"), tight).error, PayloadError::LimitExceeded);   // keys too
    tight = MsgpackLimits();
    tight.maxTotalElements = 3;
    QVERIFY(decodeMsgpack(h("920102"), tight).ok());
    QCOMPARE(decodeMsgpack(h("93010203"), tight).error, PayloadError::LimitExceeded);
    tight = MsgpackLimits();
    tight.maxDepth = 1;
    QVERIFY(decodePayload(h("81a16101"), tight).ok());
    QCOMPARE(decodePayload(h("81a16190"), tight).error, PayloadError::LimitExceeded);

    // Total elements: 64 arrays of 4096 each fit the defaults' 262144 only just not.
    Value wide = Value::map();
    for (int i = 0; i < 64; ++i) {
        Value a = Value::array();
        for (int j = 0; j < 4096; ++j)
            a.append(0);
        wide.insert(QStringLiteral("a%1").arg(i).toStdString(), a);
    }
    QCOMPARE(decodePayload(encodeMsgpack(wide)).error, PayloadError::LimitExceeded);
}

void TestMsgpackCodec::largeReceiverList()
{
    // sendmsgs to 2,000 receivers: {"tos": [2000 uint32 ids], ...} must be accepted.
    Value tos = Value::array();
    for (int i = 0; i < 2000; ++i)
        tos.append(100000 + i * 77);
    Value m = Value::map();
    m.insert("pid", 11000001);
    m.insert("tos", tos);
    const QByteArray wire = encodeMsgpack(m);
    PayloadDecodeResult r = decodePayload(wire);
    QVERIFY2(r.ok(), qPrintable(r.message));
    QCOMPARE(r.value.find("tos")->asArray()->size(), std::size_t(2000));
    QCOMPARE(r.value, m);
}

void TestMsgpackCodec::randomRoundTrip()
{
    QRandomGenerator rng(0x5eed2026u);
    MsgpackLimits roomy;
    roomy.maxTotalElements = 10000000;
    for (int i = 0; i < 400; ++i) {
        int budget = 2000;
        Value tree = randomTree(rng, 7, budget);
        const QByteArray wire = encodeMsgpack(tree);
        PayloadDecodeResult r = decodeMsgpack(wire, roomy);
        QVERIFY2(r.ok(), qPrintable(QStringLiteral("tree %1: %2").arg(i).arg(r.message)));
        QVERIFY2(r.value == tree, qPrintable(QStringLiteral("tree %1 differs").arg(i)));
        QCOMPARE(encodeMsgpack(r.value), wire);
        // As a payload (wrapped in a map) too.
        Value root = Value::map();
        root.insert("v", tree);
        PayloadDecodeResult p = decodePayload(encodeMsgpack(root), roomy);
        QVERIFY2(p.ok(), qPrintable(p.message));
        QCOMPARE(p.value, root);
    }
}

void TestMsgpackCodec::vectorPayloads()
{
    const QJsonObject &v = vectors();
    QVERIFY2(!v.isEmpty(), qPrintable(QStringLiteral("cannot read vectors.json from ") + testdata::dataDir()));
    int checked = 0;
    for (const QJsonValue &c : v.value(QStringLiteral("plaintext_cases")).toArray()) {
        for (const QString &part : {QStringLiteral("quest"), QStringLiteral("answer")}) {
            const QByteArray wire = QByteArray::fromHex(c.toObject().value(part).toObject().value(QStringLiteral("payload_hex")).toString().toLatin1());
            PayloadDecodeResult r = decodePayload(wire);
            QVERIFY2(r.ok(), qPrintable(r.message));
            QCOMPARE(encodeMsgpack(r.value), wire);
            // Every strict prefix is truncated, every payload plus a byte has trailing bytes.
            QCOMPARE(decodePayload(QByteArrayView(wire).first(wire.size() - 1)).error, PayloadError::Truncated);
            QCOMPARE(decodePayload(QByteArray(wire + h("c0"))).error, PayloadError::TrailingBytes);
            ++checked;
        }
    }
    QCOMPARE(checked, 50);
}

void TestMsgpackCodec::errorNames()
{
    QStringList names;
    for (PayloadError e : {PayloadError::None, PayloadError::InvalidMsgpack, PayloadError::Truncated, PayloadError::TrailingBytes,
                           PayloadError::LimitExceeded, PayloadError::UnsupportedType, PayloadError::NotAMap, PayloadError::NonStringKey}) {
        QVERIFY(!payloadErrorName(e).isEmpty());
        QVERIFY(!names.contains(payloadErrorName(e)));
        names << payloadErrorName(e);
    }
}

QTEST_GUILESS_MAIN(TestMsgpackCodec)
#include "tst_msgpackcodec.moc"
