// FrameDecoder / encodeFrame against the SDK vectors (tests/data/vectors.json, read at run
// time) plus incremental feeding and every malformed-stream error.

#include <QByteArray>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTest>
#include <QtEndian>

#include <cmath>
#include <optional>
#include <vector>


#include "common/heapusage.h"
#include "common/testvectors.h"
#include "fpnn/framecodec.h"
#include "fpnn/msgpackcodec.h"
#include "fpnn/value.h"

using namespace fpnn;
using testdata::heapInUse;
using testdata::hex;
using testdata::vectors;
using testdata::genericFrame;
using testdata::plaintextCase;

namespace {


struct VectorFrame {
    QString name;
    QByteArray bytes;
    QJsonObject decoded;   // empty when the vector gives no breakdown
};

// Every frame the vectors file takes apart, plus the plaintext frames of the encrypted
// sessions (bytes only).
std::vector<VectorFrame> vectorFrames(bool withEncryptedSessionFrames = false)
{
    std::vector<VectorFrame> out;
    const QJsonObject &v = vectors();
    for (const QJsonValue &c : v.value(QStringLiteral("plaintext_cases")).toArray()) {
        const QJsonObject o = c.toObject();
        const QString name = o.value(QStringLiteral("name")).toString();
        out.push_back({name + QStringLiteral("/quest"), hex(o.value(QStringLiteral("quest_frame_hex"))),
                       o.value(QStringLiteral("quest")).toObject()});
        out.push_back({name + QStringLiteral("/answer"), hex(o.value(QStringLiteral("answer_frame_hex"))),
                       o.value(QStringLiteral("answer")).toObject()});
    }
    for (const QJsonValue &g : v.value(QStringLiteral("generic_frames")).toArray()) {
        const QJsonObject o = g.toObject();
        out.push_back({QStringLiteral("generic/") + o.value(QStringLiteral("name")).toString(),
                       hex(o.value(QStringLiteral("frame_hex"))), o.value(QStringLiteral("decoded")).toObject()});
    }
    const QJsonObject enc = v.value(QStringLiteral("encryption")).toObject();
    for (const QJsonValue &c : enc.value(QStringLiteral("cases")).toArray()) {
        const QJsonObject o = c.toObject();
        const QJsonObject kq = o.value(QStringLiteral("key_quest")).toObject();
        out.push_back({QStringLiteral("encryption/") + o.value(QStringLiteral("name")).toString() + QStringLiteral("/key_quest"),
                       hex(kq.value(QStringLiteral("frame_hex"))), kq.value(QStringLiteral("decoded")).toObject()});
        if (withEncryptedSessionFrames) {
            int i = 0;
            for (const QJsonValue &w : o.value(QStringLiteral("package_mode_wire")).toArray()) {
                out.push_back({QStringLiteral("encryption/%1/plain%2").arg(o.value(QStringLiteral("name")).toString()).arg(i++),
                               hex(w.toObject().value(QStringLiteral("plaintext_frame_hex"))), QJsonObject()});
            }
        }
    }
    const QJsonObject cpp = enc.value(QStringLiteral("key_quest_cpp_style_constructed")).toObject();
    if (!cpp.isEmpty())
        out.push_back({QStringLiteral("encryption/key_quest_cpp_style_constructed"), hex(cpp.value(QStringLiteral("frame_hex"))),
                       cpp.value(QStringLiteral("decoded")).toObject()});
    return out;
}

// ---- JSON <-> Value -------------------------------------------------------------------

bool isBinHex(const QJsonValue &j)
{
    return j.isObject() && j.toObject().size() == 1 && j.toObject().contains(QStringLiteral("bin_hex"));
}

// Plain JSON rules: string -> str, {bin_hex} -> bin, integers by sign.
Value jsonToValue(const QJsonValue &j)
{
    switch (j.type()) {
    case QJsonValue::Null: return Value();
    case QJsonValue::Bool: return Value(j.toBool());
    case QJsonValue::Double: {
        const double d = j.toDouble();
        if (std::trunc(d) == d)
            return Value(static_cast<long long>(j.toInteger()));
        return Value(d);
    }
    case QJsonValue::String: return Value::str(j.toString().toUtf8());
    case QJsonValue::Array: {
        Value a = Value::array();
        for (const QJsonValue &item : j.toArray())
            a.append(jsonToValue(item));
        return a;
    }
    case QJsonValue::Object: {
        if (isBinHex(j))
            return Value::bin(hex(j.toObject().value(QStringLiteral("bin_hex"))));
        Value m = Value::map();
        const QJsonObject o = j.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            m.insert(it.key().toStdString(), jsonToValue(it.value()));
        return m;
    }
    case QJsonValue::Undefined: break;
    }
    return Value();
}

// The same, but the msgpack wire type decides str vs bin and int signedness.
Value jsonToValueAs(const QJsonValue &j, const QString &wire)
{
    if (wire.startsWith(QLatin1String("bin")))
        return Value::bin(isBinHex(j) ? hex(j.toObject().value(QStringLiteral("bin_hex"))) : j.toString().toUtf8());
    if (wire.startsWith(QLatin1String("fixstr")) || wire.startsWith(QLatin1String("str")))
        return Value::str(isBinHex(j) ? hex(j.toObject().value(QStringLiteral("bin_hex"))) : j.toString().toUtf8());
    if (wire.startsWith(QLatin1String("uint")) || wire == QLatin1String("positive fixint"))
        return Value(static_cast<unsigned long long>(j.toInteger()));
    if (wire.startsWith(QLatin1String("int")) || wire == QLatin1String("negative fixint"))
        return Value(static_cast<long long>(j.toInteger()));
    return jsonToValue(j);
}

std::optional<int> wireCount(const QString &wire)
{
    static const QRegularExpression re(QStringLiteral("\\((\\d+)\\)$"));
    const auto m = re.match(wire);
    if (!m.hasMatch())
        return std::nullopt;
    return m.captured(1).toInt();
}

// Empty when v is what the wire type says.
QString checkWireType(const Value &v, const QString &wire)
{
    const auto n = wireCount(wire);
    if (wire.startsWith(QLatin1String("fixstr")) || wire.startsWith(QLatin1String("str"))) {
        if (!v.isStr()) return QStringLiteral("expected str");
        if (n && static_cast<int>(v.bytes()->size()) != *n) return QStringLiteral("str length");
    } else if (wire.startsWith(QLatin1String("bin"))) {
        if (!v.isBin()) return QStringLiteral("expected bin");
        if (n && static_cast<int>(v.bytes()->size()) != *n) return QStringLiteral("bin length");
    } else if (wire.startsWith(QLatin1String("uint")) || wire == QLatin1String("positive fixint")) {
        if (v.type() != Value::Type::UInt) return QStringLiteral("expected unsigned int");
    } else if (wire.startsWith(QLatin1String("int")) || wire == QLatin1String("negative fixint")) {
        if (v.type() != Value::Type::Int) return QStringLiteral("expected negative int");
    } else if (wire == QLatin1String("true") || wire == QLatin1String("false")) {
        if (v.toBool() != std::optional<bool>(wire == QLatin1String("true"))) return QStringLiteral("expected ") + wire;
    } else if (wire.contains(QLatin1String("array"))) {
        if (!v.isArray()) return QStringLiteral("expected array");
        if (n && static_cast<int>(v.asArray()->size()) != *n) return QStringLiteral("array size");
    } else if (wire.contains(QLatin1String("map"))) {
        if (!v.isMap()) return QStringLiteral("expected map");
        if (n && static_cast<int>(v.asMap()->size()) != *n) return QStringLiteral("map size");
    } else if (wire == QLatin1String("nil")) {
        if (!v.isNil()) return QStringLiteral("expected nil");
    } else {
        return QStringLiteral("wire type not understood by the test: ") + wire;
    }
    return QString();
}

// Empty when the decoded value matches the JSON rendering of the vectors. With rawBytes
// (the vectors' "payload_raw_decoded"), {bin_hex} stands for the bytes of a str or a bin.
QString diffJson(const Value &v, const QJsonValue &j, const QString &path, bool rawBytes = false)
{
    const QString where = path.isEmpty() ? QStringLiteral("<root>") : path;
    switch (j.type()) {
    case QJsonValue::Null: return v.isNil() ? QString() : where + QStringLiteral(": expected nil");
    case QJsonValue::Bool:
        return v.toBool() == std::optional<bool>(j.toBool()) ? QString() : where + QStringLiteral(": bool differs");
    case QJsonValue::Double: {
        if (!v.isInteger()) return where + QStringLiteral(": expected an integer, got ") + v.toDebugString();
        const qint64 want = j.toInteger();
        if (v.toInt64() != std::optional<qint64>(want))
            return where + QStringLiteral(": integer %1 != %2").arg(v.toDebugString()).arg(want);
        return QString();
    }
    case QJsonValue::String:
        if (!v.isStr()) return where + QStringLiteral(": expected str, got ") + v.toDebugString();
        return QByteArray::fromStdString(*v.bytes()) == j.toString().toUtf8() ? QString() : where + QStringLiteral(": str differs");
    case QJsonValue::Array: {
        const ValueArray *a = v.asArray();
        const QJsonArray ja = j.toArray();
        if (!a) return where + QStringLiteral(": expected array");
        if (static_cast<qsizetype>(a->size()) != ja.size()) return where + QStringLiteral(": array size");
        for (qsizetype i = 0; i < ja.size(); ++i) {
            const QString d = diffJson((*a)[i], ja.at(i), path + QStringLiteral("[%1]").arg(i), rawBytes);
            if (!d.isEmpty()) return d;
        }
        return QString();
    }
    case QJsonValue::Object: {
        if (isBinHex(j)) {
            if (!(v.isBin() || (rawBytes && v.isStr()))) return where + QStringLiteral(": expected bin");
            return QByteArray::fromStdString(*v.bytes()) == hex(j.toObject().value(QStringLiteral("bin_hex")))
                ? QString() : where + QStringLiteral(": bin differs");
        }
        const ValueMap *m = v.asMap();
        const QJsonObject o = j.toObject();
        if (!m) return where + QStringLiteral(": expected map");
        if (static_cast<qsizetype>(m->size()) != o.size()) return where + QStringLiteral(": map size");
        for (auto it = o.begin(); it != o.end(); ++it) {
            const Value *item = v.find(it.key().toStdString());
            if (!item) return where + QStringLiteral(": missing key ") + it.key();
            const QString d = diffJson(*item, it.value(), path + QLatin1Char('.') + it.key(), rawBytes);
            if (!d.isEmpty()) return d;
        }
        return QString();
    }
    case QJsonValue::Undefined: break;
    }
    return where + QStringLiteral(": undefined JSON");
}

// ---- feeding helpers --------------------------------------------------------------------

struct FeedResult {
    std::vector<Frame> frames;
    FrameError error = FrameError::None;
    qsizetype buffered = 0;
};

FeedResult feedChunked(const QByteArray &bytes, const std::vector<qsizetype> &chunks, quint32 limit = kDefaultMaxFrameSize)
{
    FrameDecoder d(limit);
    FeedResult r;
    qsizetype pos = 0;
    std::size_t i = 0;
    while (pos < bytes.size()) {
        const qsizetype n = qMin(chunks.empty() ? bytes.size() : chunks[i++ % chunks.size()], bytes.size() - pos);
        d.feed(QByteArrayView(bytes).sliced(pos, n));
        pos += n;
        while (d.hasFrame())
            r.frames.push_back(d.takeFrame());
    }
    r.error = d.error();
    r.buffered = d.bufferedBytes();
    return r;
}

FeedResult feedWhole(const QByteArray &bytes, quint32 limit = kDefaultMaxFrameSize) { return feedChunked(bytes, {}, limit); }

std::vector<qsizetype> randomChunks(quint32 seed, qsizetype total)
{
    QRandomGenerator rng(seed);
    std::vector<qsizetype> out;
    qsizetype sum = 0;
    while (sum < total) {
        const qsizetype n = 1 + rng.bounded(rng.bounded(4) == 0 ? 200 : 17);
        out.push_back(n);
        sum += n;
    }
    return out;
}

bool sameFrame(const Frame &a, const Frame &b)
{
    return a.kind == b.kind && a.version == b.version && a.status == b.status && a.seq == b.seq
        && a.method == b.method && a.payload == b.payload;
}

QByteArray header(quint8 mtype, quint8 ss, quint32 psize, quint8 flag = kFlagMsgpack, quint8 version = 1,
                  QByteArray magic = QByteArrayLiteral("FPNN"))
{
    QByteArray h = magic;
    h.append(char(version)).append(char(flag)).append(char(mtype)).append(char(ss));
    char le[4];
    qToLittleEndian(psize, le);
    h.append(le, 4);
    return h;
}

QByteArray u32le(quint32 v)
{
    char le[4];
    qToLittleEndian(v, le);
    return QByteArray(le, 4);
}

// A small valid answer built by the encoder itself (not from the vectors).
QByteArray okAnswer(quint32 seq)
{
    Frame f;
    f.kind = FrameKind::Answer;
    f.seq = seq;
    f.payload = encodeMsgpack(Value::map());
    return encodeFrame(f);
}

} // namespace

class TestFrameCodec : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();

    void vectorFrame_data();
    void vectorFrame();
    void invalidUtf8StrKept();

    void incremental_data();
    void incremental();
    void allFramesOneFeed();

    void malformed_data();
    void malformed();
    void jsonFlagClearError();
    void errorIsStickyAndFramesBeforeItSurvive();
    void resetRecovers();
    void oversizedNoAllocation();
    void sizeLimitBoundary();
    void truncatedStream_data();
    void truncatedStream();
    void emptyPayloadFrame();
    void payloadErrorsDoNotBreakFraming();

    void encodeDefaultsAndRefusals();
    void anyVersionAccepted();
    void takeFrameWithoutFrame();
    void errorNames();
};

void TestFrameCodec::initTestCase()
{
    QVERIFY2(!vectors().isEmpty(), qPrintable(QStringLiteral("cannot read vectors.json from ") + testdata::dataDir()));
    QCOMPARE(vectors().value(QStringLiteral("plaintext_cases")).toArray().size(), 25);
    QCOMPARE(vectors().value(QStringLiteral("generic_frames")).toArray().size(), 6);
}

void TestFrameCodec::vectorFrame_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QJsonObject>("decoded");
    for (const VectorFrame &f : vectorFrames())
        QTest::newRow(qPrintable(f.name)) << f.bytes << f.decoded;
}

void TestFrameCodec::vectorFrame()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QJsonObject, decoded);
    QVERIFY(bytes.size() >= kHeaderSize);

    // --- decode the frame
    FeedResult r = feedWhole(bytes);
    QCOMPARE(r.error, FrameError::None);
    QCOMPARE(r.buffered, 0);
    QCOMPARE(r.frames.size(), std::size_t(1));
    const Frame &f = r.frames.front();

    PayloadDecodeResult p = decodePayload(f.payload);
    QVERIFY2(p.ok(), qPrintable(p.message));
    QVERIFY(p.value.isMap());
    // The encoder writes the smallest encodings, as the SDK did: byte-exact again.
    QCOMPARE(encodeMsgpack(p.value), f.payload);

    if (decoded.isEmpty()) {
        QCOMPARE(encodeFrame(f), bytes);   // at least the frame re-encodes exactly
        return;
    }

    QCOMPARE(decoded.value(QStringLiteral("magic")).toString(), QStringLiteral("FPNN"));
    QCOMPARE(decoded.value(QStringLiteral("flag")).toString(), QStringLiteral("0x80"));
    QCOMPARE(int(f.version), decoded.value(QStringLiteral("version")).toInt());
    QCOMPARE(int(f.kind), decoded.value(QStringLiteral("mtype")).toInt());
    QCOMPARE(f.payload.size(), decoded.value(QStringLiteral("psize")).toInteger());
    QCOMPARE(f.payload, hex(decoded.value(QStringLiteral("payload_hex"))));
    const int ss = decoded.value(QStringLiteral("ss")).toInt();
    if (f.isQuest()) {
        QCOMPARE(f.method.size(), ss);
        QCOMPARE(f.method, decoded.value(QStringLiteral("method")).toString().toUtf8());
        QCOMPARE(f.status, quint8(0));
    } else {
        QCOMPARE(int(f.status), ss);
        QVERIFY(f.method.isEmpty());
    }
    if (f.kind == FrameKind::OnewayQuest) {
        QVERIFY(!decoded.contains(QStringLiteral("seq")));
        QCOMPARE(f.seq, 0u);
    } else {
        QCOMPARE(qint64(f.seq), decoded.value(QStringLiteral("seq")).toInteger());
    }

    // --- payload vs the JSON rendering and the wire types
    // "payload_raw_decoded" (hand-built C++-style *key): str bytes shown as {bin_hex}.
    const bool raw = !decoded.contains(QStringLiteral("payload"));
    const QJsonValue payloadJson = decoded.value(raw ? QStringLiteral("payload_raw_decoded") : QStringLiteral("payload"));
    QVERIFY(payloadJson.isObject());
    const QString diff = diffJson(p.value, payloadJson, QString(), raw);
    QVERIFY2(diff.isEmpty(), qPrintable(diff));
    const QJsonArray wireTypes = decoded.value(QStringLiteral("payload_wire_types")).toArray();
    const ValueMap &m = *p.value.asMap();
    QCOMPARE(qsizetype(m.size()), wireTypes.size());
    Value built = Value::map();
    for (qsizetype i = 0; i < wireTypes.size(); ++i) {
        const QString key = wireTypes.at(i).toArray().at(0).toString();
        const QString wire = wireTypes.at(i).toArray().at(1).toString();
        QCOMPARE(QString::fromStdString(m[std::size_t(i)].first), key);   // key order = wire order
        const QString bad = checkWireType(m[std::size_t(i)].second, wire);
        QVERIFY2(bad.isEmpty(), qPrintable(key + QStringLiteral(": ") + bad + QStringLiteral(" (wire ") + wire + QLatin1Char(')')));
        built.insert(key.toStdString(), jsonToValueAs(payloadJson.toObject().value(key), wire));
    }
    QCOMPARE(built, p.value);

    // --- encode: the frame built from its parts (version from the vector, 0 for the SDK)
    Frame out;
    out.kind = static_cast<FrameKind>(decoded.value(QStringLiteral("mtype")).toInt());
    out.version = quint8(decoded.value(QStringLiteral("version")).toInt());
    if (out.kind == FrameKind::Answer)
        out.status = quint8(ss);
    else
        out.method = decoded.value(QStringLiteral("method")).toString().toUtf8();
    if (out.kind != FrameKind::OnewayQuest)
        out.seq = quint32(decoded.value(QStringLiteral("seq")).toInteger());
    out.payload = encodeMsgpack(built);
    QCOMPARE(out.payload, f.payload);
    QCOMPARE(encodeFrame(out), bytes);

    // Our default version byte is 1; nothing else changes.
    Frame ours = out;
    ours.version = Frame().version;
    QCOMPARE(int(ours.version), 1);
    QByteArray expected = bytes;
    expected[4] = char(1);
    QCOMPARE(encodeFrame(ours), expected);
}

void TestFrameCodec::invalidUtf8StrKept()
{
    const VectorFrame *found = nullptr;
    const auto frames = vectorFrames();
    for (const VectorFrame &f : frames)
        if (f.name == QLatin1String("generic/answer_with_invalid_utf8_str"))
            found = &f;
    QVERIFY(found);
    FeedResult r = feedWhole(found->bytes);
    QCOMPARE(r.frames.size(), std::size_t(1));
    PayloadDecodeResult p = decodePayload(r.frames[0].payload);
    QVERIFY2(p.ok(), qPrintable(p.message));
    const Value *msg = p.value.find("msg");
    QVERIFY(msg);
    QVERIFY(msg->isStr());   // str on the wire, kept as str
    // The bytes the vector says the SDK ends up with.
    const QJsonObject g = [] {
        for (const QJsonValue &v : vectors().value(QStringLiteral("generic_frames")).toArray())
            if (v.toObject().value(QStringLiteral("name")).toString() == QLatin1String("answer_with_invalid_utf8_str"))
                return v.toObject();
        return QJsonObject();
    }();
    const QJsonObject fix = g.value(QStringLiteral("sdk_unpack_fix_bin")).toObject();
    QCOMPARE(QByteArray::fromStdString(*msg->bytes()), hex(fix.value(QStringLiteral("msg")).toObject().value(QStringLiteral("bin_hex"))));
    QCOMPARE(p.value.find("num")->toInt64(), std::optional<qint64>(fix.value(QStringLiteral("num")).toInteger()));
    QCOMPARE(encodeFrame(r.frames[0]), found->bytes);
}

void TestFrameCodec::incremental_data()
{
    QTest::addColumn<QByteArray>("stream");
    for (const VectorFrame &f : vectorFrames(true))
        QTest::newRow(qPrintable(f.name)) << f.bytes;
}

void TestFrameCodec::incremental()
{
    QFETCH(QByteArray, stream);
    const FeedResult whole = feedWhole(stream);
    QCOMPARE(whole.error, FrameError::None);
    QCOMPARE(whole.buffered, 0);
    QCOMPARE(whole.frames.size(), std::size_t(1));

    const FeedResult bytewise = feedChunked(stream, {1});
    QCOMPARE(bytewise.error, FrameError::None);
    QCOMPARE(bytewise.buffered, 0);
    QCOMPARE(bytewise.frames.size(), std::size_t(1));
    QVERIFY(sameFrame(bytewise.frames[0], whole.frames[0]));

    for (quint32 seed : {1u, 2u, 3u, 20261127u}) {
        const FeedResult chunked = feedChunked(stream, randomChunks(seed, stream.size()));
        QCOMPARE(chunked.error, FrameError::None);
        QCOMPARE(chunked.frames.size(), std::size_t(1));
        QVERIFY(sameFrame(chunked.frames[0], whole.frames[0]));
    }

    // Byte by byte: no frame before the last byte, and the buffer holds what was fed.
    FrameDecoder d;
    for (qsizetype i = 0; i < stream.size(); ++i) {
        QVERIFY(!d.hasFrame());
        d.feed(QByteArrayView(stream).sliced(i, 1));
        if (i + 1 < stream.size())
            QCOMPARE(d.bufferedBytes(), i + 1);
    }
    QVERIFY(d.hasFrame());
    QCOMPARE(d.bufferedBytes(), 0);
}

void TestFrameCodec::allFramesOneFeed()
{
    const auto frames = vectorFrames(true);
    QByteArray all;
    std::vector<Frame> expected;
    for (const VectorFrame &f : frames) {
        all += f.bytes;
        FeedResult one = feedWhole(f.bytes);
        QCOMPARE(one.frames.size(), std::size_t(1));
        expected.push_back(one.frames[0]);
    }
    QVERIFY(expected.size() > 60);

    std::vector<std::pair<QString, FeedResult>> runs;
    runs.emplace_back(QStringLiteral("one feed"), feedWhole(all));
    runs.emplace_back(QStringLiteral("byte by byte"), feedChunked(all, {1}));
    runs.emplace_back(QStringLiteral("random 42"), feedChunked(all, randomChunks(42, all.size())));
    runs.emplace_back(QStringLiteral("random 7"), feedChunked(all, randomChunks(7, all.size())));
    runs.emplace_back(QStringLiteral("chunks of 12"), feedChunked(all, {12}));
    runs.emplace_back(QStringLiteral("chunks of 13"), feedChunked(all, {13}));
    for (const auto &[name, r] : runs) {
        QVERIFY2(r.error == FrameError::None, qPrintable(name));
        QVERIFY2(r.buffered == 0, qPrintable(name));
        QVERIFY2(r.frames.size() == expected.size(), qPrintable(name));
        for (std::size_t i = 0; i < expected.size(); ++i)
            QVERIFY2(sameFrame(r.frames[i], expected[i]), qPrintable(QStringLiteral("%1: frame %2").arg(name).arg(i)));
    }
}

void TestFrameCodec::malformed_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<FrameError>("error");
    const QByteArray tail = QByteArray(u32le(1) + QByteArrayLiteral("\x80"));
    QTest::newRow("magic POST") << QByteArray(header(2, 0, 1, kFlagMsgpack, 1, "POST") + tail) << FrameError::BadMagic;
    QTest::newRow("magic GET") << QByteArray(header(2, 0, 1, kFlagMsgpack, 1, "GET ") + tail) << FrameError::BadMagic;
    QTest::newRow("magic fpnn lowercase") << QByteArray(header(2, 0, 1, kFlagMsgpack, 1, "fpnn") + tail) << FrameError::BadMagic;
    QTest::newRow("flag none") << QByteArray(header(2, 0, 1, 0x00) + tail) << FrameError::BadFlag;
    QTest::newRow("flag both") << QByteArray(header(2, 0, 1, 0xc0) + tail) << FrameError::BadFlag;
    QTest::newRow("flag json") << QByteArray(header(2, 0, 1, kFlagJson) + tail) << FrameError::BadFlag;
    QTest::newRow("flag msgpack+zip") << QByteArray(header(2, 0, 1, 0xa0) + tail) << FrameError::BadFlag;
    QTest::newRow("flag msgpack+encrypt") << QByteArray(header(2, 0, 1, 0x90) + tail) << FrameError::BadFlag;
    QTest::newRow("mtype 3") << QByteArray(header(3, 0, 1) + tail) << FrameError::UnknownMtype;
    QTest::newRow("mtype 255") << QByteArray(header(255, 0, 1) + tail) << FrameError::UnknownMtype;
    QTest::newRow("twoway ss 0") << QByteArray(header(1, 0, 1) + tail) << FrameError::EmptyMethod;
    QTest::newRow("oneway ss 0") << QByteArray(header(0, 0, 1) + QByteArrayLiteral("\x80")) << FrameError::EmptyMethod;
    QTest::newRow("psize 8 MiB") << QByteArray(header(2, 0, kDefaultMaxFrameSize) + u32le(1)) << FrameError::Oversized;
    QTest::newRow("psize 4 GiB") << QByteArray(header(2, 0, 0xffffffffu) + u32le(1)) << FrameError::Oversized;
}

void TestFrameCodec::malformed()
{
    QFETCH(QByteArray, bytes);
    QFETCH(FrameError, error);
    // The header alone is enough to fail; the rest is never waited for.
    for (const std::vector<qsizetype> &chunks : {std::vector<qsizetype>{}, std::vector<qsizetype>{1}, std::vector<qsizetype>{5}}) {
        FeedResult r = feedChunked(bytes, chunks);
        QCOMPARE(r.error, error);
        QVERIFY(r.frames.empty());
        QCOMPARE(r.buffered, 0);
    }
    FrameDecoder d;
    d.feed(QByteArrayView(bytes).first(kHeaderSize - 1));
    QCOMPARE(d.error(), FrameError::None);
    d.feed(QByteArrayView(bytes).sliced(kHeaderSize - 1, 1));
    QCOMPARE(d.error(), error);
    QVERIFY(!d.errorMessage().isEmpty());
    QCOMPARE(d.bufferedBytes(), 0);
}

void TestFrameCodec::jsonFlagClearError()
{
    FrameDecoder d;
    d.feed(QByteArray(header(1, 3, 2, kFlagJson) + u32le(9) + QByteArrayLiteral("abc{}")));
    QCOMPARE(d.error(), FrameError::BadFlag);
    QVERIFY2(d.errorMessage().contains(QLatin1String("JSON")), qPrintable(d.errorMessage()));
    QVERIFY(!d.hasFrame());
}

void TestFrameCodec::errorIsStickyAndFramesBeforeItSurvive()
{
    FrameDecoder d;
    const QByteArray good = okAnswer(5);
    d.feed(QByteArray(good + good + QByteArrayLiteral("XXXXXXXXXXXXXXXX") + good));
    QCOMPARE(d.error(), FrameError::BadMagic);
    QVERIFY(d.hasFrame());
    QCOMPARE(d.takeFrame().seq, 5u);
    QVERIFY(d.hasFrame());
    d.takeFrame();
    QVERIFY(!d.hasFrame());
    d.feed(good);   // ignored: framing is lost for good
    QVERIFY(!d.hasFrame());
    QCOMPARE(d.error(), FrameError::BadMagic);
    QCOMPARE(d.bufferedBytes(), 0);
}

void TestFrameCodec::resetRecovers()
{
    FrameDecoder d;
    d.feed(QByteArrayLiteral("GET / HTTP/1.1\r\n"));
    QCOMPARE(d.error(), FrameError::BadMagic);
    d.reset();
    QCOMPARE(d.error(), FrameError::None);
    QVERIFY(d.errorMessage().isEmpty());
    d.feed(okAnswer(9));
    QVERIFY(d.hasFrame());
    QCOMPARE(d.takeFrame().seq, 9u);
}

void TestFrameCodec::oversizedNoAllocation()
{
    // A header announcing ~4 GiB with a tiny limit: refused as soon as the header is
    // complete, nothing buffered, nothing allocated.
    // No timing here: a decoder that did work in proportion to the announced size would
    // hang until the CTest timeout; the heap check below is the deterministic part.
    const qint64 before = heapInUse();
    for (quint8 mtype : {quint8(0), quint8(1), quint8(2)}) {
        FrameDecoder d(64);
        QCOMPARE(d.maxFrameSize(), 64u);
        d.feed(header(mtype, mtype == 2 ? 0 : 255, 0xffffffffu));
        QCOMPARE(d.error(), FrameError::Oversized);
        QCOMPARE(d.bufferedBytes(), 0);
        d.feed(QByteArray(100, 'x'));
        QCOMPARE(d.bufferedBytes(), 0);
        QVERIFY(!d.hasFrame());
    }
    // The largest announceable frame (16 + 255 + 4 GiB - 1) does not overflow the check
    // even with the largest limit.
    FrameDecoder big(0xffffffffu);
    big.feed(header(1, 255, 0xffffffffu));
    QCOMPARE(big.error(), FrameError::Oversized);
    // Within the limit but not yet arrived: only the header is held.
    FrameDecoder lazy;
    lazy.feed(QByteArray(header(2, 0, kDefaultMaxFrameSize - 16) + u32le(1) + QByteArrayLiteral("\x80")));
    QCOMPARE(lazy.error(), FrameError::None);
    QCOMPARE(lazy.bufferedBytes(), 17);
    if (before >= 0) {
        const qint64 grown = heapInUse() - before;
        QVERIFY2(grown < 1024 * 1024, qPrintable(QStringLiteral("heap grew by %1 bytes").arg(grown)));
    }
}

void TestFrameCodec::sizeLimitBoundary()
{
    const QByteArray payload = encodeMsgpack(Value::map());
    Frame f;
    f.kind = FrameKind::TwowayQuest;
    f.seq = 3;
    f.method = "sendmsg";
    f.payload = payload;
    const QByteArray wire = encodeFrame(f);
    const quint32 exact = quint32(wire.size());
    QCOMPARE(encodeFrame(f, exact), wire);
    QVERIFY(encodeFrame(f, exact - 1).isEmpty());

    FeedResult ok = feedWhole(wire, exact);
    QCOMPARE(ok.error, FrameError::None);
    QCOMPARE(ok.frames.size(), std::size_t(1));
    FeedResult tooBig = feedWhole(wire, exact - 1);
    QCOMPARE(tooBig.error, FrameError::Oversized);
    QVERIFY(tooBig.frames.empty());
}

void TestFrameCodec::truncatedStream_data()
{
    QTest::addColumn<QByteArray>("bytes");
    for (const VectorFrame &f : vectorFrames())
        QTest::newRow(qPrintable(f.name)) << f.bytes;
}

void TestFrameCodec::truncatedStream()
{
    QFETCH(QByteArray, bytes);
    for (qsizetype cut : {qsizetype(1), qsizetype(5), qsizetype(kHeaderSize), qsizetype(kHeaderSize + 1), bytes.size() - 1}) {
        FeedResult r = feedWhole(bytes.first(cut));
        QCOMPARE(r.error, FrameError::None);
        QVERIFY(r.frames.empty());
        QCOMPARE(r.buffered, cut);
    }
    // A complete frame followed by part of the next one.
    FeedResult r = feedWhole(bytes + bytes.first(bytes.size() / 2));
    QCOMPARE(r.frames.size(), std::size_t(1));
    QCOMPARE(r.buffered, bytes.size() / 2);
}

void TestFrameCodec::emptyPayloadFrame()
{
    // psize 0 is well framed (FPNN itself would fail later); the payload step reports it.
    FeedResult r = feedWhole(header(2, 0, 0) + u32le(4));
    QCOMPARE(r.error, FrameError::None);
    QCOMPARE(r.frames.size(), std::size_t(1));
    QVERIFY(r.frames[0].payload.isEmpty());
    QCOMPARE(decodePayload(r.frames[0].payload).error, PayloadError::Truncated);
    // And the empty payload we send is the one-byte map.
    QCOMPARE(encodeMsgpack(Value::map()), QByteArrayLiteral("\x80"));
}

void TestFrameCodec::payloadErrorsDoNotBreakFraming()
{
    struct Case { QByteArray payload; PayloadError error; };
    const std::vector<Case> cases = {
        {QByteArrayLiteral("\xc1"), PayloadError::InvalidMsgpack},
        {QByteArrayLiteral("\x93\x01\x02\x03"), PayloadError::NotAMap},
        {QByteArrayLiteral("\x81\x01\x02"), PayloadError::NonStringKey},
        {QByteArrayLiteral("\x81\xa1k"), PayloadError::Truncated},
        {QByteArrayLiteral("\x80\x80"), PayloadError::TrailingBytes},
    };
    QByteArray stream;
    for (const Case &c : cases) {
        Frame f;
        f.kind = FrameKind::Answer;
        f.seq = 1;
        f.payload = c.payload;
        stream += encodeFrame(f);
    }
    stream += okAnswer(2);
    FeedResult r = feedWhole(stream);
    QCOMPARE(r.error, FrameError::None);
    QCOMPARE(r.frames.size(), cases.size() + 1);
    for (std::size_t i = 0; i < cases.size(); ++i)
        QCOMPARE(decodePayload(r.frames[i].payload).error, cases[i].error);
    QVERIFY(decodePayload(r.frames.back().payload).ok());
}

void TestFrameCodec::encodeDefaultsAndRefusals()
{
    Frame f;
    QCOMPARE(f.kind, FrameKind::TwowayQuest);
    QCOMPARE(int(f.version), 1);
    f.method = "*ping";
    f.seq = 0x01020304;
    f.payload = encodeMsgpack(Value::map());
    const QByteArray wire = encodeFrame(f);
    QCOMPARE(wire.size(), 16 + 5 + 1);
    QCOMPARE(wire.first(4), QByteArrayLiteral("FPNN"));
    QCOMPARE(quint8(wire[4]), quint8(1));
    QCOMPARE(quint8(wire[5]), kFlagMsgpack);
    QCOMPARE(quint8(wire[6]), quint8(1));
    QCOMPARE(quint8(wire[7]), quint8(5));
    QCOMPARE(wire.sliced(8, 4), u32le(1));
    QCOMPARE(wire.sliced(12, 4), u32le(0x01020304));
    QCOMPARE(wire.sliced(16, 5), QByteArrayLiteral("*ping"));
    QCOMPARE(wire.back(), '\x80');

    Frame oneway = f;
    oneway.kind = FrameKind::OnewayQuest;
    QCOMPARE(encodeFrame(oneway).size(), 12 + 5 + 1);   // no seq

    Frame answer;
    answer.kind = FrameKind::Answer;
    answer.status = 1;
    answer.method = "ignored";
    answer.payload = f.payload;
    const QByteArray aw = encodeFrame(answer);
    QCOMPARE(aw.size(), 17);
    QCOMPARE(quint8(aw[7]), quint8(1));

    Frame bad = f;
    bad.method.clear();
    QVERIFY(encodeFrame(bad).isEmpty());
    bad.method = QByteArray(256, 'm');
    QVERIFY(encodeFrame(bad).isEmpty());
    bad.method = QByteArray(255, 'm');
    QCOMPARE(encodeFrame(bad).size(), 16 + 255 + 1);
    bad.payload.clear();
    QVERIFY(encodeFrame(bad).isEmpty());
    Frame large = f;
    large.payload = QByteArray(1000, '\x80');
    QVERIFY(encodeFrame(large, 500).isEmpty());
}

void TestFrameCodec::anyVersionAccepted()
{
    for (int v : {0, 1, 2, 7, 128, 255}) {
        Frame f;
        f.kind = FrameKind::Answer;
        f.version = quint8(v);
        f.seq = 11;
        f.payload = encodeMsgpack(Value::map());
        FeedResult r = feedWhole(encodeFrame(f));
        QCOMPARE(r.error, FrameError::None);
        QCOMPARE(r.frames.size(), std::size_t(1));
        QCOMPARE(int(r.frames[0].version), v);
    }
}

void TestFrameCodec::takeFrameWithoutFrame()
{
    FrameDecoder d;
    QVERIFY(!d.hasFrame());
    const Frame f = d.takeFrame();
    QVERIFY(f.payload.isEmpty());
    QVERIFY(f.method.isEmpty());
}

void TestFrameCodec::errorNames()
{
    QStringList names;
    for (FrameError e : {FrameError::None, FrameError::BadMagic, FrameError::BadFlag, FrameError::UnknownMtype,
                         FrameError::EmptyMethod, FrameError::Oversized}) {
        QVERIFY(!frameErrorName(e).isEmpty());
        QVERIFY(!names.contains(frameErrorName(e)));
        names << frameErrorName(e);
    }
}

QTEST_GUILESS_MAIN(TestFrameCodec)
#include "tst_framecodec.moc"
