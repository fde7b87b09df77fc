// rtm_wire: the signature against the SDK vectors, and the error naming table.

#include <QtTest>

#include "rtm/rtmerror.h"
#include "rtm/rtmwire.h"
#include "rtmvectors.h"

using namespace Qt::StringLiterals;

class TestRtmWire : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sign_data();
    void sign();
    void errorTableCoversProtocol_data();
    void errorTableCoversProtocol();
    void unknownCodesKeepTheirNumber();
    void unknownErrorBothNumbers();
    void fromCodeAddsServerDetail();
    void clockError();
};

void TestRtmWire::sign_data()
{
    QTest::addColumn<qint64>("pid");
    QTest::addColumn<QByteArray>("secret");
    QTest::addColumn<qint64>("salt");
    QTest::addColumn<QByteArray>("cmd");
    QTest::addColumn<qint64>("ts");
    QTest::addColumn<QByteArray>("expected");
    const QJsonArray cases = rtmtest::vectors().value(u"sign"_s).toObject().value(u"cases"_s).toArray();
    QVERIFY(cases.size() >= 4);
    for (const QJsonValue &v : cases) {
        const QJsonObject c = v.toObject();
        QTest::addRow("%s/%lld", qPrintable(c.value(u"cmd"_s).toString()), c.value(u"salt"_s).toInteger())
            << c.value(u"pid"_s).toInteger() << c.value(u"secret"_s).toString().toUtf8() << c.value(u"salt"_s).toInteger()
            << c.value(u"cmd"_s).toString().toUtf8() << c.value(u"ts"_s).toInteger() << c.value(u"sign"_s).toString().toLatin1();
    }
}

void TestRtmWire::sign()
{
    QFETCH(qint64, pid);
    QFETCH(QByteArray, secret);
    QFETCH(qint64, salt);
    QFETCH(QByteArray, cmd);
    QFETCH(qint64, ts);
    QFETCH(QByteArray, expected);
    const QByteArray s = rtm::computeSign(pid, secret, salt, cmd, ts);
    QCOMPARE(s, expected);
    QCOMPARE(s.size(), 32);
    QCOMPARE(s, s.toUpper());
}

// Every code of protocol.md 5.1 and 5.2 with its name.
void TestRtmWire::errorTableCoversProtocol_data()
{
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("name");
    const std::pair<int, const char *> table[] = {
        {0, "FPNN_EC_OK"},
        {10001, "FPNN_EC_PROTO_UNKNOWN_ERROR"}, {10002, "FPNN_EC_PROTO_NOT_SUPPORTED"},
        {10003, "FPNN_EC_PROTO_INVALID_PACKAGE"}, {10004, "FPNN_EC_PROTO_JSON_CONVERT"},
        {10005, "FPNN_EC_PROTO_STRING_KEY"}, {10006, "FPNN_EC_PROTO_MAP_VALUE"},
        {10007, "FPNN_EC_PROTO_METHOD_TYPE"}, {10008, "FPNN_EC_PROTO_PROTO_TYPE"},
        {10009, "FPNN_EC_PROTO_KEY_NOT_FOUND"}, {10010, "FPNN_EC_PROTO_TYPE_CONVERT"},
        {10011, "FPNN_EC_PROTO_FILE_SIGN"}, {10012, "FPNN_EC_PROTO_FILE_NOT_EXIST"},
        {20001, "FPNN_EC_CORE_UNKNOWN_ERROR"}, {20002, "FPNN_EC_CORE_CONNECTION_CLOSED"},
        {20003, "FPNN_EC_CORE_TIMEOUT"}, {20004, "FPNN_EC_CORE_UNKNOWN_METHOD"},
        {20005, "FPNN_EC_CORE_ENCODING"}, {20006, "FPNN_EC_CORE_DECODING"},
        {20007, "FPNN_EC_CORE_SEND_ERROR"}, {20008, "FPNN_EC_CORE_RECV_ERROR"},
        {20009, "FPNN_EC_CORE_INVALID_PACKAGE"}, {20010, "FPNN_EC_CORE_HTTP_ERROR"},
        {20011, "FPNN_EC_CORE_WORK_QUEUE_FULL"}, {20012, "FPNN_EC_CORE_INVALID_CONNECTION"},
        {20013, "FPNN_EC_CORE_FORBIDDEN"}, {20014, "FPNN_EC_CORE_SERVER_STOPPING"},
        {20015, "FPNN_EC_CORE_CANCELLED"},
        {30001, "FPNN_EC_ZIP_COMPRESS"}, {30002, "FPNN_EC_ZIP_DECOMPRESS"},
        {200001, "RTM_EC_INVALID_PID_OR_UID"}, {200002, "RTM_EC_INVALID_PID_OR_SIGN"},
        {200003, "RTM_EC_INVALID_FILE_OR_SIGN_OR_TOKEN"}, {200004, "RTM_EC_ATTRS_WITHOUT_SIGN_OR_EXT"},
        {200005, "RTM_EC_INVALID_MTYPE"}, {200006, "RTM_EC_SAME_SIGN"},
        {200007, "RTM_EC_INVALID_FILE_MTYPE"}, {200008, "RTM_EC_INVALID_SERVER_TIME"},
        {200010, "RTM_EC_FREQUENCY_LIMITED"}, {200011, "RTM_EC_REFRESH_SCREEN_LIMITED"},
        {200012, "RTM_EC_KICKOUT_SELF"}, {200020, "RTM_EC_FORBIDDEN_METHOD"},
        {200021, "RTM_EC_PERMISSION_DENIED"}, {200022, "RTM_EC_UNAUTHORIZED"},
        {200023, "RTM_EC_DUPLCATED_AUTH"}, {200024, "RTM_EC_AUTH_DENIED"},
        {200025, "RTM_EC_ADMIN_LOGIN"}, {200026, "RTM_EC_ADMIN_ONLY"},
        {200027, "RTM_EC_INVALID_AUTH_TOEKN"}, {200030, "RTM_EC_LARGE_MESSAGE_OR_ATTRS"},
        {200031, "RTM_EC_LARGE_FILE_OR_ATTRS"}, {200032, "RTM_EC_TOO_MANY_ITEMS_IN_PARAMETERS"},
        {200033, "RTM_EC_EMPTY_PARAMETER"}, {200034, "RTM_EC_INVALID_PARAMETER"},
        {200040, "RTM_EC_NOT_IN_ROOM"}, {200041, "RTM_EC_NOT_GROUP_MEMBER"},
        {200042, "RTM_EC_MAX_GROUP_MEMBER_COUNT"}, {200043, "RTM_EC_NOT_FRIEND"},
        {200044, "RTM_EC_BANNED_IN_GROUP"}, {200045, "RTM_EC_BANNED_IN_ROOM"},
        {200046, "RTM_EC_EMPTY_GROUP"}, {200047, "RTM_EC_MAX_ROOM_COUNT"},
        {200048, "RTM_EC_MAX_FRIEND_COUNT"}, {200049, "RTM_EC_BLOCKED_USER"},
        {200050, "RTM_EC_UNSUPPORTED_LANGUAGE"}, {200051, "RTM_EC_EMPTY_TRANSLATION"},
        {200052, "RTM_EC_SEND_TO_SELF"}, {200053, "RTM_EC_DUPLCATED_MID"},
        {200054, "RTM_EC_SENSITIVE_WORDS"}, {200055, "RTM_EC_NOT_ONLINE"},
        {200056, "RTM_EC_TRANSLATION_ERROR"}, {200057, "RTM_EC_PROFANITY_STOP"},
        {200060, "RTM_EC_NO_CONFIG_IN_CONSOLE"}, {200061, "RTM_EC_UNSUPPORTED_TRASNCRIBE_TYPE"},
        {200070, "RTM_EC_MESSAGE_NOT_FOUND"}, {200099, "RTM_EC_UNKNOWN_ERROR"},
        {200999, "RTM_EC_UNKNOWN_ERROR"},
    };
    for (const auto &[code, name] : table)
        QTest::addRow("%d", code) << code << QString::fromLatin1(name);
}

void TestRtmWire::errorTableCoversProtocol()
{
    QFETCH(int, code);
    QFETCH(QString, name);
    QVERIFY(rtm::isKnownErrorCode(code));
    QCOMPARE(rtm::errorName(code), name);
    const QString meaning = rtm::errorMeaning(code);
    QVERIFY(!meaning.isEmpty());
    QVERIFY2(!meaning.contains(QLatin1Char('\n')), "one line");
    QVERIFY2(!meaning.startsWith(QLatin1String("unknown error ")), "a real meaning, not the fallback");
    if (code != 0) {
        const rtm::RtmError e = rtm::RtmError::fromCode(code);
        QCOMPARE(e.code, code);
        QCOMPARE(e.name, name);
        QCOMPARE(e.message, meaning);
        QVERIFY(e.isError());
    }
}

void TestRtmWire::unknownCodesKeepTheirNumber()
{
    for (int code : {1, 10013, 20016, 200009, 200071, 299999, 123456789}) {
        QVERIFY(!rtm::isKnownErrorCode(code));
        QCOMPARE(rtm::errorName(code), QStringLiteral("UNKNOWN_ERROR_%1").arg(code));
        QCOMPARE(rtm::errorMeaning(code), QStringLiteral("unknown error %1").arg(code));
        const rtm::RtmError e = rtm::RtmError::fromCode(code, QStringLiteral("odd"));
        QCOMPARE(e.code, code);
        QVERIFY(e.message.contains(QString::number(code)));
        QVERIFY(e.message.contains(QLatin1String("odd")));
    }
}

void TestRtmWire::unknownErrorBothNumbers()
{
    QCOMPARE(rtm::errorMeaning(rtm::UnknownError), QStringLiteral("unknown error"));
    QCOMPARE(rtm::errorMeaning(rtm::UnknownErrorOld), QStringLiteral("unknown error"));
    QCOMPARE(rtm::RtmError::fromCode(200099).code, 200099);   // the number is kept
}

void TestRtmWire::fromCodeAddsServerDetail()
{
    QVERIFY(!rtm::RtmError::fromCode(0));
    QCOMPARE(rtm::RtmError::fromCode(0, QStringLiteral("x")).code, 0);
    const rtm::RtmError same = rtm::RtmError::fromCode(rtm::MessageNotFound, QStringLiteral("message not found"));
    QCOMPARE(same.message, QStringLiteral("message not found"));   // no echo of the same words
    const rtm::RtmError more = rtm::RtmError::fromCode(20004, QStringLiteral("Unknow method:getmsgnum"));
    QCOMPARE(more.name, QStringLiteral("FPNN_EC_CORE_UNKNOWN_METHOD"));
    QVERIFY(more.message.startsWith(rtm::errorMeaning(20004)));
    QVERIFY(more.message.endsWith(QLatin1String("Unknow method:getmsgnum")));
}

void TestRtmWire::clockError()
{
    QVERIFY(rtm::isClockError(200008));
    QVERIFY(!rtm::isClockError(200002));
    QVERIFY(!rtm::isClockError(20003));
    QVERIFY(!rtm::isClockError(0));
}

QTEST_GUILESS_MAIN(TestRtmWire)
#include "tst_rtmwire.moc"
