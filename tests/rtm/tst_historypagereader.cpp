// The fast history reader (historypagereader.h) against the generic path it replaces
// (Value tree + toHistoryPage): for random answers, hand-made malformed ones, every
// truncation and random corruption, the page — or the error code and text — must be the
// same, and well-formed answers must really take the fast path. Also MsgpackWriter
// against encodeMsgpack, byte for byte.

#include <limits>
#include <random>

#include <QtTest>

#include "fpnn/fpnnerrorcodes.h"
#include "fpnn/msgpackreader.h"
#include "fpnn/msgpackwriter.h"
#include "historytestdata.h"

using namespace rtm;
using historytest::fastPath;
using historytest::genericPath;

class TestHistoryPageReader : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void randomAnswersSameAsGeneric();
    void wellFormedAnswersTakeFastPath();
    void malformedAnswersSameErrors_data();
    void malformedAnswersSameErrors();
    void everyTruncationSameError();
    void corruptedAnswersSameOutcome();
    void tightLimitsSameOutcome_data();
    void tightLimitsSameOutcome();
    void hugeAnnouncedCountFailsCleanly();
    void writerSameBytesAsEncodeMsgpack();
    void writerSizeBoundaries();
    void readerItems();
};

namespace {

const result::HistoryContext kContexts[] = {
    {MessageCategory::Group, 1001, 2001},
    {MessageCategory::P2P, 1001, 1002},
    {MessageCategory::Room, 7, 3001},
    {MessageCategory::Broadcast, 1001, 0},
};

QByteArray h(const char *hexText)
{
    return QByteArray::fromHex(hexText);
}

// A small valid answer: {"num":1,"lastid":5,"begin":0,"end":9,"msgs":[[5,1001,30,77,false,"hi","",9]]}
QByteArray smallAnswer()
{
    fpnn::Value a = fpnn::Value::map();
    a.insert("num", 1);
    a.insert("lastid", 5);
    a.insert("begin", 0);
    a.insert("end", 9);
    a.insert("msgs", fpnn::Value(fpnn::ValueArray{fpnn::Value(fpnn::ValueArray{
                          fpnn::Value(5), fpnn::Value(1001), fpnn::Value(30), fpnn::Value(77), fpnn::Value(false),
                          fpnn::Value("hi"), fpnn::Value(""), fpnn::Value(9)})}));
    return fpnn::encodeMsgpack(a);
}

bool fastReaderAccepts(const QByteArray &payload, const result::HistoryContext &ctx, const fpnn::MsgpackLimits &limits = {})
{
    HistoryPage page;
    return result::readHistoryPage(payload, ctx, limits, &page);
}

// Writes a Value through MsgpackWriter, the way a hand-written packer would.
void writeValue(fpnn::MsgpackWriter &w, const fpnn::Value &v)
{
    switch (v.type()) {
    case fpnn::Value::Type::Nil: w.packNil(); break;
    case fpnn::Value::Type::Bool: w.packBool(*v.toBool()); break;
    case fpnn::Value::Type::Int: w.packInt(*v.toInt64()); break;
    case fpnn::Value::Type::UInt: w.packUInt(*v.toUInt64()); break;
    case fpnn::Value::Type::Float: QFAIL("the writer has no floats"); break;
    case fpnn::Value::Type::Str: w.packStr(QByteArrayView(v.bytes()->data(), qsizetype(v.bytes()->size()))); break;
    case fpnn::Value::Type::Bin: w.packBin(QByteArrayView(v.bytes()->data(), qsizetype(v.bytes()->size()))); break;
    case fpnn::Value::Type::Array:
        w.packArray(std::uint32_t(v.asArray()->size()));
        for (const fpnn::Value &item : *v.asArray())
            writeValue(w, item);
        break;
    case fpnn::Value::Type::Map:
        w.packMap(std::uint32_t(v.asMap()->size()));
        for (const auto &[k, item] : *v.asMap()) {
            w.packStr(QByteArrayView(k.data(), qsizetype(k.size())));
            writeValue(w, item);
        }
        break;
    }
}

// Removes floats (the writer has none) so a generated answer can go through it.
fpnn::Value withoutFloats(const fpnn::Value &v)
{
    if (v.type() == fpnn::Value::Type::Float)
        return fpnn::Value(qint64(*v.toDouble()));
    if (const fpnn::ValueArray *a = v.asArray()) {
        fpnn::ValueArray out;
        for (const fpnn::Value &item : *a)
            out.push_back(withoutFloats(item));
        return fpnn::Value(std::move(out));
    }
    if (const fpnn::ValueMap *m = v.asMap()) {
        fpnn::ValueMap out;
        for (const auto &[k, item] : *m)
            out.emplace_back(k, withoutFloats(item));
        return fpnn::Value(std::move(out));
    }
    return v;
}

} // namespace

void TestHistoryPageReader::randomAnswersSameAsGeneric()
{
    historytest::AnswerGenerator gen(20260101);
    int errors = 0;
    for (int i = 0; i < 3000; ++i) {
        const QByteArray payload = fpnn::encodeMsgpack(gen.answer(i % 2 == 1));
        const result::HistoryContext &ctx = kContexts[i % 4];
        const historytest::Outcome generic = genericPath(payload, ctx);
        const historytest::Outcome fast = fastPath(payload, ctx);
        if (!(fast == generic))
            QFAIL(qPrintable(QStringLiteral("answer %1 (%2) differs:\nfast:    %3\ngeneric: %4")
                                 .arg(i).arg(QString::fromLatin1(payload.left(200).toHex()), fast.toString(), generic.toString())));
        if (generic.code != 0) {
            ++errors;
            QCOMPARE(generic.code, int(fpnn::CoreInvalidPackage));
            QVERIFY(!fastReaderAccepts(payload, ctx));   // errors always come from the generic path
        }
    }
    // Both kinds were exercised.
    QVERIFY2(errors > 100 && errors < 2900, qPrintable(QString::number(errors)));
}

void TestHistoryPageReader::wellFormedAnswersTakeFastPath()
{
    historytest::AnswerGenerator gen(77);
    for (int i = 0; i < 1000; ++i) {
        const QByteArray payload = fpnn::encodeMsgpack(gen.answer(false));
        const result::HistoryContext &ctx = kContexts[i % 4];
        // Random extra keys may repeat (the generic decoder keeps the last); those go the
        // generic way, everything else must be read by the fast reader.
        const fpnn::PayloadDecodeResult tree = fpnn::decodePayload(payload);
        QVERIFY(tree.ok());
        fpnn::MsgpackReader r(payload);
        fpnn::MsgpackItem root;
        QVERIFY(r.next(&root));
        const bool repeatedKey = tree.value.asMap()->size() != root.count;
        HistoryPage fast;
        const bool accepted = result::readHistoryPage(payload, ctx, {}, &fast);
        if (repeatedKey)
            continue;
        QVERIFY2(accepted, qPrintable(QString::fromLatin1(payload.left(200).toHex())));
        HistoryPage generic;
        QVERIFY(!result::toHistoryPage(tree.value, ctx, &generic));
        QCOMPARE(historytest::describePage(fast), historytest::describePage(generic));
    }
    // The vector shapes in particular: a short page.
    QVERIFY(fastReaderAccepts(smallAnswer(), kContexts[0]));
    QVERIFY(fastReaderAccepts(h("80"), kContexts[0]));   // {}: every default
}

void TestHistoryPageReader::malformedAnswersSameErrors_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<bool>("isError");   // false: the generic path reads it (and so must we)

    const QByteArray good = smallAnswer();
    QTest::newRow("empty payload") << QByteArray() << true;
    QTest::newRow("root is an array") << h("9100") << true;
    QTest::newRow("root is a str") << h("a3616263") << true;
    QTest::newRow("trailing byte") << (good + h("00")) << true;
    QTest::newRow("reserved byte 0xc1") << h("81a3656e64c1") << true;
    QTest::newRow("ext in an unknown key") << h("81a178d40100") << true;
    QTest::newRow("fixext as a row field") << h("81a46d7367739198d401000000000000c2a0a000") << true;
    QTest::newRow("int key at the root") << h("810102") << true;
    QTest::newRow("int key in a nested map") << h("81a178810102") << true;
    QTest::newRow("nil key") << h("81c001") << true;
    QTest::newRow("bin key") << h("81c403656e6401") << true;
    QTest::newRow("map as key") << h("818001") << true;
    QTest::newRow("num is a str") << h("81a36e756da23132") << true;
    QTest::newRow("num beyond int") << h("81a36e756dce80000000") << true;
    QTest::newRow("num is a float") << h("81a36e756dcb3ff8000000000000") << true;
    QTest::newRow("lastid beyond int64") << h("81a66c6173746964cf8000000000000000") << true;
    QTest::newRow("begin is bool") << h("81a5626567696ec3") << true;
    QTest::newRow("end is a map") << h("81a3656e6480") << true;
    QTest::newRow("msgs is a map") << h("81a46d73677380") << true;
    QTest::newRow("msgs is a str") << h("81a46d736773a0") << true;
    QTest::newRow("row id is a str") << h("81a46d736773 91 98 a131 02 03 04 c2 a0 a0 06") << true;
    QTest::newRow("row mtype beyond int") << h("81a46d736773 91 98 01 02 ce80000000 04 c2 a0 a0 06") << true;
    QTest::newRow("row mtime is a float") << h("81a46d736773 91 98 01 02 03 04 c2 a0 a0 ca3f800000") << true;
    QTest::newRow("row deleted is a str") << h("81a46d736773 91 98 01 02 03 04 a178 a0 a0 06") << true;
    QTest::newRow("row deleted beyond int64") << h("81a46d736773 91 98 01 02 03 04 cf8000000000000000 a0 a0 06") << true;
    QTest::newRow("row msg is an int") << h("81a46d736773 91 98 01 02 03 04 c2 05 a0 06") << true;
    QTest::newRow("row attrs is an array") << h("81a46d736773 91 98 01 02 03 04 c2 a0 90 06") << true;
    QTest::newRow("row field is an array") << h("81a46d736773 91 98 90 02 03 04 c2 a0 a0 06") << true;
    QTest::newRow("huge msgs count, no rows") << h("81a46d736773ddffffffff") << true;
    QTest::newRow("huge root map count") << h("dfffffffff") << true;
    QTest::newRow("huge str length") << h("81a46d736773dbffffffff41") << true;
    QTest::newRow("huge bin body") << h("81a46d736773 91 98 01 02 03 04 c2 c6ffffffff") << true;
    QTest::newRow("array16 of 4097 rows announced") << h("81a46d736773dc1001") << true;
    QTest::newRow("map of 65 pairs announced") << h("de0041") << true;
    QTest::newRow("9 levels (an unknown key)") << h("81a178 91919191919191 90") << true;
    QTest::newRow("row cut after 5 fields") << h("81a46d736773 91 98 01 02 03 04 c2") << true;
    QTest::newRow("msgs truncated in a row") << good.left(good.size() - 3) << true;

    // Accepted by the generic path: same page expected.
    QTest::newRow("duplicate num, last wins") << h("82a36e756d01a36e756d02") << false;
    QTest::newRow("duplicate msgs, last wins") << h("82 a46d736773 91 98 01 02 03 04 c2 a0 a0 06 a46d736773 90") << false;
    QTest::newRow("missing fields: defaults") << h("80") << false;
    QTest::newRow("nil fields") << h("85a36e756dc0a66c6173746964c0a5626567696ec0a3656e64c0a46d736773c0") << false;
    QTest::newRow("nil row fields") << h("81a46d7367739198c0c0c0c0c0c0c0c0") << false;
    QTest::newRow("extra keys with nested values") << h("83 a178 82 a161 c0 a162 cb3ff0000000000000 a3656e64 05 a179 92 91 90 c3") << false;
    QTest::newRow("rows of other shapes skipped") << h("81a46d73677394c09101978080808080808099000000000000000000") << false;
    QTest::newRow("deleted as 0/1") << h("81a46d73677392980102030401a0a006980102030400a0a006") << false;
    QTest::newRow("every int width") << h("84a36e756dd001a66c6173746964d3fffffffffffffffea5626567696ecf7fffffffffffffffa3656e64d1ff00") << false;
    QTest::newRow("negative ids") << h("81a46d736773 91 98 ff d080 02 d38000000000000000 c2 a0 a0 e0") << false;
    QTest::newRow("empty str and bin bodies") << h("81a46d736773 92 98 01 02 03 04 c2 a0 a0 06 98 01 02 03 04 c2 c400 a0 06") << false;
    QTest::newRow("str8 key") << h("81d903656e6407") << false;
    QTest::newRow("8 levels (an unknown key)") << h("81a178 919191919191 90") << false;
    QTest::newRow("float32 in an unknown key") << h("81a178ca3f800000") << false;
}

void TestHistoryPageReader::malformedAnswersSameErrors()
{
    QFETCH(QByteArray, payload);
    QFETCH(bool, isError);
    for (const result::HistoryContext &ctx : kContexts) {
        const historytest::Outcome generic = genericPath(payload, ctx);
        const historytest::Outcome fast = fastPath(payload, ctx);
        QCOMPARE(fast.toString(), generic.toString());
        if (isError) {
            QCOMPARE(fast.code, int(fpnn::CoreInvalidPackage));
            QVERIFY(!fast.message.isEmpty());
            QVERIFY(!fastReaderAccepts(payload, ctx));
        } else {
            QCOMPARE(fast.code, 0);
        }
    }
}

void TestHistoryPageReader::everyTruncationSameError()
{
    historytest::AnswerGenerator gen(5);
    QByteArray payload = smallAnswer();
    for (int round = 0; round < 4; ++round) {
        for (qsizetype n = 0; n < payload.size(); ++n) {
            const QByteArray cut = payload.left(n);
            const historytest::Outcome generic = genericPath(cut, kContexts[0]);
            QCOMPARE(generic.code, int(fpnn::CoreInvalidPackage));
            QCOMPARE(fastPath(cut, kContexts[0]).toString(), generic.toString());
        }
        do {
            payload = fpnn::encodeMsgpack(gen.answer(false));
        } while (payload.size() > 4000);
    }
}

void TestHistoryPageReader::corruptedAnswersSameOutcome()
{
    historytest::AnswerGenerator gen(99);
    std::mt19937_64 rng(4242);
    int accepted = 0;
    for (int i = 0; i < 4000; ++i) {
        QByteArray payload = fpnn::encodeMsgpack(gen.answer(false));
        if (payload.size() > 3000)
            payload.truncate(3000 + qsizetype(rng() % 8));
        for (int flips = 1 + int(rng() % 3); flips > 0; --flips) {
            const qsizetype at = qsizetype(rng() % quint64(payload.size()));
            switch (rng() % 3) {
            case 0: payload[at] = char(rng()); break;
            case 1: payload.insert(at, char(rng())); break;
            default: payload.remove(at, 1); break;
            }
        }
        const result::HistoryContext &ctx = kContexts[i % 4];
        const historytest::Outcome generic = genericPath(payload, ctx);
        const historytest::Outcome fast = fastPath(payload, ctx);
        if (!(fast == generic))
            QFAIL(qPrintable(QStringLiteral("corrupted answer %1 (%2) differs:\nfast:    %3\ngeneric: %4")
                                 .arg(i).arg(QString::fromLatin1(payload.toHex()), fast.toString(), generic.toString())));
        accepted += generic.code == 0;
    }
    QVERIFY(accepted > 0);   // some corruptions still decode (e.g. a changed digit)
}

void TestHistoryPageReader::tightLimitsSameOutcome_data()
{
    QTest::addColumn<int>("which");
    QTest::newRow("maxDepth 2") << 0;
    QTest::newRow("maxArrayElements 5") << 1;
    QTest::newRow("maxMapPairs 3") << 2;
    QTest::newRow("maxStringBytes 16") << 3;
    QTest::newRow("maxTotalElements 40") << 4;
}

void TestHistoryPageReader::tightLimitsSameOutcome()
{
    QFETCH(int, which);
    fpnn::MsgpackLimits limits;
    switch (which) {
    case 0: limits.maxDepth = 2; break;
    case 1: limits.maxArrayElements = 5; break;
    case 2: limits.maxMapPairs = 3; break;
    case 3: limits.maxStringBytes = 16; break;
    default: limits.maxTotalElements = 40; break;
    }
    historytest::AnswerGenerator gen(1234 + which);
    int refused = 0;
    int read = 0;
    for (int i = 0; i < 600; ++i) {
        const QByteArray payload = fpnn::encodeMsgpack(gen.answer(false));
        const historytest::Outcome generic = genericPath(payload, kContexts[0], limits);
        QCOMPARE(fastPath(payload, kContexts[0], limits).toString(), generic.toString());
        if (generic.code != 0) {
            ++refused;
            QVERIFY(!fastReaderAccepts(payload, kContexts[0], limits));
        } else {
            ++read;
        }
    }
    QVERIFY(refused > 0);
    QVERIFY(read > 0);
}

void TestHistoryPageReader::hugeAnnouncedCountFailsCleanly()
{
    // msgs announces 4096 rows (the limit) but holds one: a clear error, nothing handed out.
    const QByteArray payload = h("81a46d736773 dd00001000 98 01 02 03 04 c2 a0 a0 06");
    HistoryPage page;
    QVERIFY(!result::readHistoryPage(payload, kContexts[0], {}, &page));   // truncated
    QCOMPARE(page.messages.capacity(), size_t(0));                      // *out untouched
    const historytest::Outcome fast = fastPath(payload, kContexts[0]);
    QCOMPARE(fast.code, int(fpnn::CoreInvalidPackage));
    QVERIFY2(fast.message.contains(QStringLiteral("truncated")), qPrintable(fast.message));
}

void TestHistoryPageReader::writerSameBytesAsEncodeMsgpack()
{
    historytest::AnswerGenerator gen(31337);
    for (int i = 0; i < 1500; ++i) {
        const fpnn::Value v = withoutFloats(gen.answer(i % 3 == 0));
        QByteArray packed("prefix");   // the writer appends
        {
            fpnn::MsgpackWriter w(packed);
            if (i % 2)
                w.reserve(64);
            writeValue(w, v);
        }
        QCOMPARE(packed.toHex(), QByteArray(QByteArray("prefix") + fpnn::encodeMsgpack(v)).toHex());
    }
}

void TestHistoryPageReader::writerSizeBoundaries()
{
    fpnn::ValueArray values;
    const long long ints[] = {0, 1, 127, 128, 255, 256, 65535, 65536, 4294967295LL, 4294967296LL,
                              std::numeric_limits<long long>::max(), -1, -32, -33, -128, -129, -32768, -32769,
                              -2147483648LL, -2147483649LL, std::numeric_limits<long long>::min()};
    for (long long n : ints)
        values.push_back(fpnn::Value(n));
    values.push_back(fpnn::Value(std::numeric_limits<unsigned long long>::max()));
    for (size_t n : {size_t(0), size_t(31), size_t(32), size_t(255), size_t(256), size_t(65535), size_t(65536)}) {
        values.push_back(fpnn::Value::str(std::string(n, 's')));
        values.push_back(fpnn::Value::bin(std::string(n, 'b')));
    }
    for (size_t n : {size_t(0), size_t(15), size_t(16), size_t(65535), size_t(65536)}) {
        values.push_back(fpnn::Value(fpnn::ValueArray(n, fpnn::Value())));
        fpnn::ValueMap m;
        for (size_t i = 0; i < n; ++i)
            m.emplace_back(std::to_string(i), fpnn::Value(true));
        values.push_back(fpnn::Value(std::move(m)));
    }
    for (const fpnn::Value &v : values) {
        QByteArray packed;
        {
            fpnn::MsgpackWriter w(packed);
            writeValue(w, v);
            w.finish();
            QCOMPARE(packed, fpnn::encodeMsgpack(v));
            w.packNil();   // writing on after finish() appends
        }
        QCOMPARE(packed, QByteArray(fpnn::encodeMsgpack(v) + h("c0")));
    }
}

void TestHistoryPageReader::readerItems()
{
    // Items in document order, keys flagged, integers normalised like Value.
    const QByteArray bytes = h("83a161d0ffa162d00ca163929100c3");
    fpnn::MsgpackReader r(bytes);
    fpnn::MsgpackItem it;
    using Kind = fpnn::MsgpackItem::Kind;
    QVERIFY(r.next(&it) && it.kind == Kind::Map && it.count == 3);
    QVERIFY(r.atMapKey());
    QVERIFY(r.next(&it) && it.kind == Kind::Str && it.bytes == "a");
    QVERIFY(!r.atMapKey());
    QVERIFY(r.next(&it) && it.kind == Kind::Int && it.integer == -1);
    QVERIFY(r.next(&it) && it.bytes == "b");
    QVERIFY(r.next(&it) && it.kind == Kind::UInt && it.uinteger == 12);   // int8 12 is a UInt, as in Value
    QVERIFY(r.next(&it) && it.bytes == "c");
    QVERIFY(r.next(&it) && it.kind == Kind::Array && it.count == 2);
    QVERIFY(r.skipContents(it));
    QVERIFY(r.finished());
    QVERIFY(!r.next(&it));
    QVERIFY(!r.failed());

    fpnn::MsgpackReader empty{QByteArrayView()};
    QVERIFY(!empty.next(&it));
    QVERIFY(empty.failed());
}

QTEST_GUILESS_MAIN(TestHistoryPageReader)
#include "tst_historypagereader.moc"
