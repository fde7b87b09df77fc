// Every plaintext_cases answer fed through the frame decoder, answerFromFrame and our
// mappers, compared with the Python SDK's result field by field. Where we differ from
// Python on purpose (resultmapper.h), the test asserts our behaviour explicitly.

#include <QtTest>

#include "fpnn/answer.h"
#include "fpnn/fpnnerrorcodes.h"
#include "fpnn/framecodec.h"
#include "rtm/resultmapper.h"
#include "rtmvectors.h"

using namespace Qt::StringLiterals;

using namespace rtm;

class TestResultMapper : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sdkResult_data();
    void sdkResult();
    void integersOfAnyWidth();
    void missingKeysGiveDefaults();
    void wrongTypesAreErrors();
    void rowsOfOtherShapeSkipped();
    void p2pDirection();
    void fileInfoParsing();
};

namespace {

fpnn::Answer decodeAnswer(const QByteArray &wire)
{
    fpnn::FrameDecoder decoder;
    decoder.feed(wire);
    if (!decoder.hasFrame() || decoder.error() != fpnn::FrameError::None)
        return fpnn::Answer::failure(-1, QStringLiteral("test: frame did not decode"));
    const fpnn::Frame frame = decoder.takeFrame();
    if (!frame.isAnswer() || decoder.bufferedBytes() != 0)
        return fpnn::Answer::failure(-1, QStringLiteral("test: not exactly one answer"));
    return fpnn::answerFromFrame(frame);
}

QByteArray utf8(const QJsonValue &v) { return v.toString().toUtf8(); }

// Python's `message`: str, {"bin_hex"} for bin, or null (cleared for file messages).
void compareMessage(const QJsonValue &py, const QByteArray &ours, bool oursBinary, const QJsonArray &rawRow)
{
    if (py.isNull()) {
        // Documented difference: Python clears a file message's text; we keep the raw body.
        QVERIFY(!ours.isEmpty());
        QCOMPARE(ours, utf8(rawRow.at(5)));
        QVERIFY(!oursBinary);
    } else if (py.isObject()) {
        QVERIFY(oursBinary);
        QCOMPARE(ours, rtmtest::hex(py.toObject().value(u"bin_hex"_s)));
    } else {
        QVERIFY(!oursBinary);
        QCOMPARE(ours, utf8(py));
    }
}

void compareFileInfo(const QJsonObject &py, const FileInfo &ours)
{
    QCOMPARE(ours.url, py.value(u"url"_s).toString());
    QCOMPARE(ours.size, py.value(u"size"_s).toInteger());
    QCOMPARE(ours.surl, py.value(u"surl"_s).toString());
    QCOMPARE(ours.isRtmAudio, py.value(u"is_rtm_audio"_s).toBool());
    QCOMPARE(ours.language, py.value(u"language"_s).toString());
    QCOMPARE(ours.duration, py.value(u"duration"_s).toInteger());
}

fpnn::Value row(fpnn::Value id, fpnn::Value from, fpnn::Value mtype, fpnn::Value mid, fpnn::Value deleted,
                fpnn::Value msg, fpnn::Value attrs, fpnn::Value mtime)
{
    return fpnn::Value(fpnn::ValueArray{id, from, mtype, mid, deleted, msg, attrs, mtime});
}

fpnn::Value historyPayload(fpnn::ValueArray rows)
{
    fpnn::Value p = fpnn::Value::map();
    p.insert("num", int(rows.size()));
    p.insert("lastid", 1);
    p.insert("begin", 2);
    p.insert("end", 3);
    p.insert("msgs", fpnn::Value(std::move(rows)));
    return p;
}

} // namespace

void TestResultMapper::sdkResult_data()
{
    QTest::addColumn<QString>("name");
    for (const QString &n : rtmtest::plaintextCaseNames())
        QTest::newRow(qPrintable(n)) << n;
}

void TestResultMapper::sdkResult()
{
    QFETCH(QString, name);
    const QJsonObject c = rtmtest::plaintextCase(name);
    const QJsonObject quest = c.value(u"quest"_s).toObject();
    const QJsonObject qp = quest.value(u"payload"_s).toObject();
    const QString method = quest.value(u"method"_s).toString();
    const QJsonObject answerJson = c.value(u"answer"_s).toObject();
    const QJsonValue sdk = c.value(u"sdk_result"_s);

    const fpnn::Answer answer = decodeAnswer(rtmtest::hex(c.value(u"answer_frame_hex"_s)));
    QVERIFY2(answer.code != -1, qPrintable(answer.errorText));

    // Error answers: Python returns the bare code, or [null, code].
    if (answerJson.value(u"ss"_s).toInt() != 0) {
        const int expectedCode = int(sdk.isArray() ? sdk.toArray().at(1).toInteger() : sdk.toInteger());
        const RtmError e = result::errorFromAnswer(answer);
        QCOMPARE(e.code, expectedCode);
        QCOMPARE(e.code, int(answerJson.value(u"payload"_s).toObject().value(u"code"_s).toInteger()));
        QCOMPARE(e.name, errorName(expectedCode));
        QVERIFY(isKnownErrorCode(expectedCode));
        QVERIFY(!e.message.isEmpty());
        QVERIFY(e.message.contains(answerJson.value(u"payload"_s).toObject().value(u"ex"_s).toString(), Qt::CaseInsensitive)
                || e.message.contains(errorMeaning(expectedCode)));
        return;
    }
    QCOMPARE(answer.code, 0);
    const fpnn::Value &payload = answer.payload;

    if (method.startsWith(u"send"_s) || method == "broadcastmsg"_L1) {
        const QJsonArray py = sdk.toArray();
        SendResult r;
        QVERIFY(!result::toSendResult(payload, qp.value(u"mid"_s).toInteger(), &r));
        QCOMPARE(r.mid, py.at(0).toInteger());
        QCOMPARE(r.mtime, py.at(1).toInteger());
        QCOMPARE(py.at(2).toObject().value(u"value"_s).toInt(), 0);
    } else if (method == "delmsg"_L1) {
        QCOMPARE(sdk.toObject().value(u"value"_s).toInt(), 0);
        QVERIFY(!result::errorFromAnswer(answer));
    } else if (method == "getmsgnum"_L1) {
        const QJsonObject py = sdk.toArray().at(0).toObject();
        MessageCount count;
        QVERIFY(!result::toMessageCount(payload, &count));
        QCOMPARE(count.sender, py.value(u"sender"_s).toInteger());
        QCOMPARE(count.num, py.value(u"num"_s).toInteger());
    } else if (method == "getmsg"_L1) {
        const QJsonObject py = sdk.toArray().at(0).toObject();
        const QJsonObject raw = answerJson.value(u"payload"_s).toObject();
        MessageInfo info;
        QVERIFY(!result::toMessageInfo(payload, &info));
        QCOMPARE(info.cursorId, py.value(u"cursor_id"_s).toInteger());
        QCOMPARE(info.messageType, int(py.value(u"message_type"_s).toInteger()));
        QCOMPARE(info.message, utf8(py.value(u"message"_s)));
        QCOMPARE(info.attrs, utf8(py.value(u"attrs"_s)));
        QCOMPARE(info.modifiedTime, py.value(u"modified_time"_s).toInteger());
        QVERIFY(!info.messageIsBinary);
        if (limits::isFileMtype(info.messageType)) {
            // Documented difference: Python builds no file_info for getmsg; we do (like Go).
            QVERIFY(py.value(u"file_info"_s).isNull());
            QVERIFY(info.fileInfo.has_value());
            const QJsonObject body = QJsonDocument::fromJson(utf8(raw.value(u"msg"_s))).object();
            QCOMPARE(info.fileInfo->url, body.value(u"url"_s).toString());
            QCOMPARE(info.fileInfo->size, body.value(u"size"_s).toInteger());
            QCOMPARE(info.fileInfo->surl, body.value(u"surl"_s).toString());
            QVERIFY(!info.fileInfo->isRtmAudio);
        } else {
            QVERIFY(py.value(u"file_info"_s).isNull());
            QVERIFY(!info.fileInfo.has_value());
        }
    } else if (method.startsWith(u"get"_s) && method.endsWith(u"msg"_s)) {
        const QJsonObject py = sdk.toArray().at(0).toObject();
        const QJsonArray rawRows = answerJson.value(u"payload"_s).toObject().value(u"msgs"_s).toArray();
        result::HistoryContext ctx;
        ctx.uid = qp.value(u"uid"_s).toInteger();
        if (method == "getp2pmsg"_L1) {
            ctx.category = MessageCategory::P2P;
            ctx.target = qp.value(u"ouid"_s).toInteger();
        } else if (method == "getgroupmsg"_L1) {
            ctx.category = MessageCategory::Group;
            ctx.target = qp.value(u"gid"_s).toInteger();
        } else if (method == "getroommsg"_L1) {
            ctx.category = MessageCategory::Room;
            ctx.target = qp.value(u"rid"_s).toInteger();
        } else {
            ctx.category = MessageCategory::Broadcast;
        }
        HistoryPage page;
        QVERIFY(!result::toHistoryPage(payload, ctx, &page));
        QCOMPARE(page.count, int(py.value(u"count"_s).toInteger()));
        QCOMPARE(page.lastCursorId, py.value(u"last_cursor_id"_s).toInteger());
        QCOMPARE(page.beginMsec, py.value(u"begin_msec"_s).toInteger());
        QCOMPARE(page.endMsec, py.value(u"end_msec"_s).toInteger());
        const QJsonArray pyMsgs = py.value(u"messages"_s).toArray();
        // Python keeps every row (deleted ones too), and so do we.
        QCOMPARE(qsizetype(page.messages.size()), pyMsgs.size());
        QCOMPARE(qsizetype(page.messages.size()), rawRows.size());
        for (qsizetype i = 0; i < pyMsgs.size(); ++i) {
            const QJsonObject pm = pyMsgs.at(i).toObject();
            const QJsonArray rawRow = rawRows.at(i).toArray();
            const HistoryMessage &m = page.messages[size_t(i)];
            QCOMPARE(m.cursorId, pm.value(u"cursor_id"_s).toInteger());
            QCOMPARE(m.fromUid, pm.value(u"from_uid"_s).toInteger());
            QCOMPARE(m.messageType, int(pm.value(u"message_type"_s).toInteger()));
            QCOMPARE(m.messageId, pm.value(u"message_id"_s).toInteger());
            QCOMPARE(m.modifiedTime, pm.value(u"modified_time"_s).toInteger());
            compareMessage(pm.value(u"message"_s), m.message, m.messageIsBinary, rawRow);

            // Documented difference: Python leaves to_id 0 for group/room; we fill gid/rid.
            if (ctx.category == MessageCategory::Group || ctx.category == MessageCategory::Room) {
                QCOMPARE(pm.value(u"to_id"_s).toInteger(), qint64(0));
                QCOMPARE(m.toId, ctx.target);
            } else {
                QCOMPARE(m.toId, pm.value(u"to_id"_s).toInteger());
            }

            // Documented difference: Python keeps deleted rows unflagged; we flag them.
            QCOMPARE(m.deleted, rawRow.at(4).toBool());

            if (pm.value(u"file_info"_s).isNull()) {
                QVERIFY(!m.fileInfo.has_value());
                QCOMPARE(m.attrs, utf8(pm.value(u"attrs"_s)));
            } else {
                QVERIFY(m.fileInfo.has_value());
                compareFileInfo(pm.value(u"file_info"_s).toObject(), *m.fileInfo);
                // Documented difference: Python replaces attrs by the JSON of attrs.custom;
                // we keep the raw attrs, whose `custom` is what Python shows.
                QCOMPARE(m.attrs, utf8(rawRow.at(6)));
                const QJsonObject rawAttrs = QJsonDocument::fromJson(m.attrs).object();
                const QJsonObject pyCustom = QJsonDocument::fromJson(utf8(pm.value(u"attrs"_s))).object();
                QCOMPARE(rawAttrs.value(u"custom"_s).toObject(), pyCustom);
            }
        }
        if (name == QLatin1String("getgroupmsg_minimal")) {
            // The vector's deleted row, kept and flagged.
            QVERIFY(std::any_of(page.messages.begin(), page.messages.end(),
                                [](const HistoryMessage &m) { return m.deleted; }));
        }
    } else {
        QFAIL("case not covered");
    }
}

void TestResultMapper::integersOfAnyWidth()
{
    // Negative fixint, int8..int64 and uint64 where the value fits: all accepted.
    fpnn::Value p = fpnn::Value::map();
    p.insert("sender", static_cast<long long>(-1));
    p.insert("num", static_cast<unsigned long long>(4000000000ULL));
    MessageCount c;
    QVERIFY(!result::toMessageCount(p, &c));
    QCOMPARE(c.sender, qint64(-1));
    QCOMPARE(c.num, qint64(4000000000LL));

    fpnn::Value big = fpnn::Value::map();
    big.insert("mtime", static_cast<unsigned long long>(0x8000000000000000ULL));   // above int64
    SendResult s;
    QCOMPARE(result::toSendResult(big, 1, &s).code, int(fpnn::CoreInvalidPackage));
}

void TestResultMapper::missingKeysGiveDefaults()
{
    SendResult s;
    QVERIFY(!result::toSendResult(fpnn::Value::map(), 77, &s));
    QCOMPARE(s.mid, qint64(77));
    QCOMPARE(s.mtime, qint64(0));
    HistoryPage page;
    QVERIFY(!result::toHistoryPage(fpnn::Value::map(), {}, &page));
    QCOMPARE(page.count, 0);
    QVERIFY(page.messages.empty());
    MessageInfo info;
    QVERIFY(!result::toMessageInfo(fpnn::Value::map(), &info));
    QCOMPARE(info.cursorId, qint64(0));
    QVERIFY(info.message.isEmpty());
    MessageCount count;
    QVERIFY(!result::toMessageCount(fpnn::Value::map(), &count));
    QCOMPARE(count.num, qint64(0));
    // nil counts as missing.
    fpnn::Value nilMtime = fpnn::Value::map();
    nilMtime.insert("mtime", fpnn::Value());
    QVERIFY(!result::toSendResult(nilMtime, 1, &s));
}

void TestResultMapper::wrongTypesAreErrors()
{
    fpnn::Value p = fpnn::Value::map();
    p.insert("mtime", "1700000000000");
    SendResult s;
    const RtmError e = result::toSendResult(p, 1, &s);
    QCOMPARE(e.code, int(fpnn::CoreInvalidPackage));
    QCOMPARE(e.name, QStringLiteral("FPNN_EC_CORE_INVALID_PACKAGE"));
    QVERIFY(e.message.contains(QLatin1String("mtime")));

    fpnn::Value h = fpnn::Value::map();
    h.insert("msgs", "not an array");
    HistoryPage page;
    QCOMPARE(result::toHistoryPage(h, {}, &page).code, int(fpnn::CoreInvalidPackage));

    const fpnn::Value badRow = historyPayload({row(1, 2, 51, 4, false, 5 /* msg not bytes */, "", 7)});
    QCOMPARE(result::toHistoryPage(badRow, {}, &page).code, int(fpnn::CoreInvalidPackage));

    fpnn::Value info = fpnn::Value::map();
    info.insert("msg", fpnn::Value::array());
    MessageInfo mi;
    QCOMPARE(result::toMessageInfo(info, &mi).code, int(fpnn::CoreInvalidPackage));

    MessageCount c;
    QCOMPARE(result::toMessageCount(fpnn::Value::array(), &c).code, int(fpnn::CoreInvalidPackage));
}

void TestResultMapper::rowsOfOtherShapeSkipped()
{
    fpnn::ValueArray rows;
    rows.push_back(row(1, 2, 51, 4, false, "a", "", 7));
    rows.push_back(fpnn::Value(fpnn::ValueArray{1, 2, 3}));                       // 3 elements
    rows.push_back(fpnn::Value(fpnn::ValueArray{1, 2, 51, 4, false, "x", "", 7, 9}));   // 9
    rows.push_back(fpnn::Value("not a row"));
    rows.push_back(row(2, 3, 52, 5, true, fpnn::Value::bin(QByteArray("\x00\xff", 2)), "", 8));
    HistoryPage page;
    QVERIFY(!result::toHistoryPage(historyPayload(std::move(rows)), {MessageCategory::Room, 9, 300}, &page));
    QCOMPARE(page.count, 5);   // the server's num, unchanged
    QCOMPARE(page.messages.size(), size_t(2));
    QCOMPARE(page.messages[0].toId, qint64(300));
    QVERIFY(page.messages[1].deleted);
    QVERIFY(page.messages[1].messageIsBinary);
    QCOMPARE(page.messages[1].message, QByteArray("\x00\xff", 2));
}

void TestResultMapper::p2pDirection()
{
    fpnn::ValueArray rows;
    rows.push_back(row(1, 1, 51, 4, false, "", "", 7));
    rows.push_back(row(2, 2, 51, 5, false, "", "", 8));
    rows.push_back(row(3, 9, 51, 6, false, "", "", 9));   // unknown code: like 2 (Python)
    HistoryPage page;
    QVERIFY(!result::toHistoryPage(historyPayload(std::move(rows)), {MessageCategory::P2P, 100, 200}, &page));
    QCOMPARE(page.messages[0].fromUid, qint64(100));
    QCOMPARE(page.messages[0].toId, qint64(200));
    QCOMPARE(page.messages[1].fromUid, qint64(200));
    QCOMPARE(page.messages[1].toId, qint64(100));
    QCOMPARE(page.messages[2].fromUid, qint64(200));

    fpnn::ValueArray b;
    b.push_back(row(1, 1000, 51, 4, false, "", "", 7));
    QVERIFY(!result::toHistoryPage(historyPayload(std::move(b)), {MessageCategory::Broadcast, 100, 555}, &page));
    QCOMPARE(page.messages[0].fromUid, qint64(1000));
    QCOMPARE(page.messages[0].toId, qint64(0));
}

void TestResultMapper::fileInfoParsing()
{
    const QByteArray body = R"({"url":"u","size":12,"surl":"s"})";
    QVERIFY(!result::parseFileInfo(39, body, {}));
    QVERIFY(!result::parseFileInfo(51, body, {}));
    QVERIFY(!result::parseFileInfo(40, "not json", {}));
    QVERIFY(!result::parseFileInfo(40, {}, {}));   // e.g. a deleted file message

    auto f = result::parseFileInfo(50, body, R"({"rtm":{"filename":"a.pdf"}})");
    QVERIFY(f);
    QCOMPARE(f->fileName, QStringLiteral("a.pdf"));
    QVERIFY(!f->isRtmAudio);

    f = result::parseFileInfo(41, body, R"({"rtm":{"type":"audiomsg","lang":"de","duration":1500}})");
    QVERIFY(f && f->isRtmAudio);
    QCOMPARE(f->language, QStringLiteral("de"));
    QCOMPARE(f->duration, qint64(1500));

    // Broken attrs only lose the audio fields.
    f = result::parseFileInfo(41, body, "{broken");
    QVERIFY(f);
    QCOMPARE(f->url, QStringLiteral("u"));
    QCOMPARE(f->size, qint64(12));
    QVERIFY(!f->isRtmAudio);
}

QTEST_GUILESS_MAIN(TestResultMapper)
#include "tst_resultmapper.moc"
