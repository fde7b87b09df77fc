// answerFromFrame / frameForAnswer against every answer of the SDK vectors (read at run
// time), the SDK's faulty error answer, and the lenient cases.

#include <QByteArray>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <optional>

#include "common/testvectors.h"
#include "fpnn/answer.h"
#include "fpnn/fpnnerrorcodes.h"
#include "fpnn/framecodec.h"
#include "fpnn/msgpackcodec.h"

using namespace fpnn;
using testdata::hex;
using testdata::vectors;
using testdata::genericFrame;
using testdata::plaintextCase;

namespace {

std::optional<Frame> decodeOne(const QByteArray &bytes)
{
    FrameDecoder d;
    d.feed(bytes);
    if (d.error() != FrameError::None || !d.hasFrame() || d.bufferedBytes() != 0)
        return std::nullopt;
    Frame f = d.takeFrame();
    if (d.hasFrame())
        return std::nullopt;
    return f;
}

Frame answerFrame(quint8 status, const QByteArray &payload, quint32 seq = 9)
{
    Frame f;
    f.kind = FrameKind::Answer;
    f.status = status;
    f.seq = seq;
    f.payload = payload;
    return f;
}

Value errorBody(Value code, Value ex)
{
    Value m = Value::map();
    m.insert("code", std::move(code));
    m.insert("ex", std::move(ex));
    return m;
}

} // namespace

class TestAnswer : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void vectorAnswers_data();
    void vectorAnswers();
    void sdkErrorAnswerQuirk();
    void invalidUtf8Answer();
    void rebuildVectorAnswers_data();
    void rebuildVectorAnswers();
    void lenientErrorAnswers_data();
    void lenientErrorAnswers();
    void unreadableAnswers_data();
    void unreadableAnswers();
    void factories();
    void frameForAnswerRoundTrip();
};

void TestAnswer::initTestCase()
{
    QVERIFY2(!vectors().isEmpty(), qPrintable(QStringLiteral("cannot read vectors.json from ") + testdata::dataDir()));
}

void TestAnswer::vectorAnswers_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QJsonObject>("decoded");
    QTest::addColumn<QJsonValue>("sdkResult");
    for (const QJsonValue &c : vectors().value(QStringLiteral("plaintext_cases")).toArray()) {
        const QJsonObject o = c.toObject();
        QTest::newRow(qPrintable(o.value(QStringLiteral("name")).toString()))
            << hex(o.value(QStringLiteral("answer_frame_hex"))) << o.value(QStringLiteral("answer")).toObject()
            << o.value(QStringLiteral("sdk_result"));
    }
    for (const QString &name : {QStringLiteral("ping_answer"), QStringLiteral("empty_ok_answer")}) {
        const QJsonObject g = genericFrame(name);
        QTest::newRow(qPrintable(name)) << hex(g.value(QStringLiteral("frame_hex"))) << g.value(QStringLiteral("decoded")).toObject()
                                        << QJsonValue();
    }
}

void TestAnswer::vectorAnswers()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QJsonObject, decoded);
    QFETCH(QJsonValue, sdkResult);
    const auto frame = decodeOne(bytes);
    QVERIFY(frame);
    QVERIFY(frame->isAnswer());
    QCOMPARE(qint64(frame->seq), decoded.value(QStringLiteral("seq")).toInteger());
    const Answer a = answerFromFrame(*frame);
    const QJsonObject payload = decoded.value(QStringLiteral("payload")).toObject();
    if (decoded.value(QStringLiteral("ss")).toInt() == 0) {
        QVERIFY(a.ok());
        QCOMPARE(a.code, 0);
        QVERIFY(a.errorText.isEmpty());
        QVERIFY(a.payload.isMap());
        QCOMPARE(qsizetype(a.payload.asMap()->size()), payload.size());
        QCOMPARE(a.payload, decodePayload(frame->payload).value);
        for (auto it = payload.begin(); it != payload.end(); ++it)
            QVERIFY2(a.payload.find(it.key().toStdString()), qPrintable(it.key()));
    } else {
        QVERIFY(!a.ok());
        QCOMPARE(qint64(a.code), payload.value(QStringLiteral("code")).toInteger());
        QCOMPARE(a.errorText, payload.value(QStringLiteral("ex")).toString());
        // The SDK hands back the bare code for failures (alone or as the last element).
        const QJsonValue sdkCode = sdkResult.isArray() ? sdkResult.toArray().last() : sdkResult;
        QCOMPARE(qint64(a.code), sdkCode.toInteger());
    }
}

void TestAnswer::sdkErrorAnswerQuirk()
{
    const QJsonObject g = genericFrame(QStringLiteral("sdk_error_answer_quirk"));
    QVERIFY(!g.isEmpty());
    const auto frame = decodeOne(hex(g.value(QStringLiteral("frame_hex"))));
    QVERIFY(frame);
    QVERIFY(frame->isErrorAnswer());
    // ex is a number on the wire: read leniently, the number becomes the text.
    const PayloadDecodeResult p = decodePayload(frame->payload);
    QVERIFY(p.ok());
    QVERIFY(p.value.find("ex")->isInteger());
    const Answer a = answerFromFrame(*frame);
    QCOMPARE(a.code, 200070);
    QCOMPARE(a.errorText, QStringLiteral("200070"));
    QCOMPARE(qint64(a.code), g.value(QStringLiteral("decoded")).toObject().value(QStringLiteral("payload")).toObject().value(QStringLiteral("code")).toInteger());
}

void TestAnswer::invalidUtf8Answer()
{
    const QJsonObject g = genericFrame(QStringLiteral("answer_with_invalid_utf8_str"));
    QVERIFY(!g.isEmpty());
    const auto frame = decodeOne(hex(g.value(QStringLiteral("frame_hex"))));
    QVERIFY(frame);
    const Answer a = answerFromFrame(*frame);
    QVERIFY(a.ok());
    const Value *msg = a.payload.find("msg");
    QVERIFY(msg);
    QVERIFY(msg->isStr());
    const QJsonObject fix = g.value(QStringLiteral("sdk_unpack_fix_bin")).toObject();
    QCOMPARE(QByteArray::fromStdString(*msg->bytes()), hex(fix.value(QStringLiteral("msg")).toObject().value(QStringLiteral("bin_hex"))));
    QCOMPARE(a.payload.find("num")->toInt64(), std::optional<qint64>(fix.value(QStringLiteral("num")).toInteger()));
}

void TestAnswer::rebuildVectorAnswers_data()
{
    // frameForAnswer must reproduce the vectors' answers byte for byte (version 0 as the
    // quest had it): OK answers from their payload, FPNN-shaped {code, ex} errors.
    QTest::addColumn<QByteArray>("bytes");
    for (const QJsonValue &c : vectors().value(QStringLiteral("plaintext_cases")).toArray()) {
        const QJsonObject o = c.toObject();
        const QJsonObject payload = o.value(QStringLiteral("answer")).toObject().value(QStringLiteral("payload")).toObject();
        if (payload.contains(QStringLiteral("raiser")))
            continue;   // three keys: not what frameForAnswer writes
        QTest::newRow(qPrintable(o.value(QStringLiteral("name")).toString())) << hex(o.value(QStringLiteral("answer_frame_hex")));
    }
    for (const QString &name : {QStringLiteral("ping_answer"), QStringLiteral("empty_ok_answer")})
        QTest::newRow(qPrintable(name)) << hex(genericFrame(name).value(QStringLiteral("frame_hex")));
}

void TestAnswer::rebuildVectorAnswers()
{
    QFETCH(QByteArray, bytes);
    const auto frame = decodeOne(bytes);
    QVERIFY(frame);
    const Answer a = answerFromFrame(*frame);
    const Frame rebuilt = frameForAnswer(a, frame->seq, frame->version);
    QCOMPARE(int(rebuilt.version), 0);
    QCOMPARE(encodeFrame(rebuilt), bytes);
}

void TestAnswer::lenientErrorAnswers_data()
{
    QTest::addColumn<Value>("body");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("text");
    QTest::newRow("normal") << errorBody(200002, "invalid pid or sign") << 200002 << QStringLiteral("invalid pid or sign");
    QTest::newRow("ex as bin") << errorBody(20004, Value::bin(std::string("Unknow method"))) << 20004 << QStringLiteral("Unknow method");
    QTest::newRow("ex as number") << errorBody(200070, 200070) << 200070 << QStringLiteral("200070");
    QTest::newRow("ex as negative number") << errorBody(200070, -5) << 200070 << QStringLiteral("-5");
    QTest::newRow("code as int64 encoding") << Value(decodePayload(QByteArray::fromHex("82a4636f6465d30000000000030d86a26578a178")).value)
                                            << 200070 << QStringLiteral("x");
    QTest::newRow("extra raiser key") << [] { Value b = errorBody(20004, "m"); b.insert("raiser", "rtmGated"); return b; }()
                                      << 20004 << QStringLiteral("m");
    QTest::newRow("keys reversed") << [] { Value b = Value::map(); b.insert("ex", "t"); b.insert("code", 10003); return b; }()
                                   << 10003 << QStringLiteral("t");
    QTest::newRow("no code") << [] { Value b = Value::map(); b.insert("ex", "t"); return b; }() << int(ProtoUnknownError) << QStringLiteral("t");
    QTest::newRow("no ex") << [] { Value b = Value::map(); b.insert("code", 20003); return b; }() << 20003 << QStringLiteral("unknown error");
    QTest::newRow("empty map") << Value::map() << int(ProtoUnknownError) << QStringLiteral("unknown error");
    QTest::newRow("code 0") << errorBody(0, "zero") << int(ProtoUnknownError) << QStringLiteral("zero");
    QTest::newRow("code negative") << errorBody(-3, "neg") << int(ProtoUnknownError) << QStringLiteral("neg");
    QTest::newRow("code too big") << errorBody(5000000000ll, "big") << int(ProtoUnknownError) << QStringLiteral("big");
    QTest::newRow("code as string") << errorBody("200070", "s") << int(ProtoUnknownError) << QStringLiteral("s");
    QTest::newRow("ex nil") << errorBody(20001, Value()) << 20001 << QStringLiteral("unknown error");
    QTest::newRow("ex invalid utf8") << errorBody(20001, Value::str(std::string("\xff" "ab"))) << 20001 << QStringLiteral("\ufffd" "ab");
}

void TestAnswer::lenientErrorAnswers()
{
    QFETCH(Value, body);
    QFETCH(int, code);
    QFETCH(QString, text);
    const Answer a = answerFromFrame(answerFrame(1, encodeMsgpack(body)));
    QVERIFY(!a.ok());
    QCOMPARE(a.code, code);
    QCOMPARE(a.errorText, text);
    QVERIFY(a.payload.isMap());
    // Any non-zero status means error (FPNN writes 1).
    const Answer b = answerFromFrame(answerFrame(255, encodeMsgpack(body)));
    QCOMPARE(b.code, code);
}

void TestAnswer::unreadableAnswers_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<quint8>("status");
    QTest::newRow("empty ok") << QByteArray() << quint8(0);
    QTest::newRow("empty error") << QByteArray() << quint8(1);
    QTest::newRow("0xc1") << QByteArray::fromHex("c1") << quint8(0);
    QTest::newRow("array ok") << QByteArray::fromHex("9101") << quint8(0);
    QTest::newRow("string error") << QByteArray::fromHex("a3616263") << quint8(1);
    QTest::newRow("int key") << QByteArray::fromHex("810101") << quint8(0);
    QTest::newRow("truncated") << QByteArray::fromHex("82a4636f6465") << quint8(1);
    QTest::newRow("trailing") << QByteArray::fromHex("8080") << quint8(0);
    QTest::newRow("too deep") << QByteArray::fromHex("81a161919191919191919100") << quint8(0);
}

void TestAnswer::unreadableAnswers()
{
    QFETCH(QByteArray, payload);
    QFETCH(quint8, status);
    const Answer a = answerFromFrame(answerFrame(status, payload));
    QCOMPARE(a.code, int(CoreInvalidPackage));
    QVERIFY(a.errorText.startsWith(QLatin1String("unreadable answer")));
    QVERIFY(a.payload.isMap());
}

void TestAnswer::factories()
{
    const Answer ok = Answer::success();
    QVERIFY(ok.ok());
    QCOMPARE(ok.payload, Value::map());
    const Answer notMap = Answer::success(Value(5));
    QCOMPARE(notMap.payload, Value::map());
    const Answer zero = Answer::failure(0, QStringLiteral("x"));
    QVERIFY(!zero.ok());
    QCOMPARE(zero.code, int(CoreUnknownError));
    const Answer timeout = Answer::failure(CoreTimeout, QStringLiteral("timed out"));
    QCOMPARE(timeout.code, 20003);
    QCOMPARE(timeout.errorText, QStringLiteral("timed out"));
}

void TestAnswer::frameForAnswerRoundTrip()
{
    Value result = Value::map();
    result.insert("mtime", 1700000000456ll);
    result.insert("data", Value::bin(std::string("\0\1", 2)));
    for (quint8 version : {quint8(0), quint8(1), quint8(9)}) {
        const Frame f = frameForAnswer(Answer::success(result), 0xfffffffeu, version);
        QCOMPARE(f.kind, FrameKind::Answer);
        QCOMPARE(f.status, quint8(0));
        QCOMPARE(f.version, version);
        QCOMPARE(f.seq, 0xfffffffeu);
        const auto back = decodeOne(encodeFrame(f));
        QVERIFY(back);
        QCOMPARE(back->version, version);
        const Answer a = answerFromFrame(*back);
        QVERIFY(a.ok());
        QCOMPARE(a.payload, result);
    }
    const Frame err = frameForAnswer(Answer::failure(CoreUnknownMethod, QStringLiteral("Unknow method:foo")), 3, 1);
    QCOMPARE(err.status, quint8(1));
    const PayloadDecodeResult body = decodePayload(err.payload);
    QVERIFY(body.ok());
    QCOMPARE(body.value.asMap()->size(), std::size_t(2));
    QCOMPARE(body.value.asMap()->at(0).first, std::string("code"));
    QCOMPARE(body.value.asMap()->at(1).first, std::string("ex"));
    QVERIFY(body.value.find("ex")->isStr());
    const Answer a = answerFromFrame(*decodeOne(encodeFrame(err)));
    QCOMPARE(a.code, int(CoreUnknownMethod));
    QCOMPARE(a.errorText, QStringLiteral("Unknow method:foo"));
    // An OK answer with no payload still carries the one-byte empty map.
    const Frame empty = frameForAnswer(Answer(), 1, 1);
    QCOMPARE(empty.payload, QByteArray::fromHex("80"));
}

QTEST_GUILESS_MAIN(TestAnswer)
#include "tst_answer.moc"
