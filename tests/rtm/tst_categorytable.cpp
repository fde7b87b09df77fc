// The category table (core/rtm/categorytable.h) against protocol.md section 4, spelled out
// here a second time, and against the Python SDK's frames in tests/data/vectors.json: the
// method names as they stand in the frames' headers, the target keys in the payloads' key
// order, and delmsg/getmsg's `type` and `xid` as sent.

#include <QtTest>

#include "rtm/categorytable.h"
#include "rtm/questbuilder.h"
#include "rtmvectors.h"

using namespace rtm;
using namespace Qt::StringLiterals;

class TestCategoryTable : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void rowsMatchProtocol_data();
    void rowsMatchProtocol();
    void rowsMatchVectors_data();
    void rowsMatchVectors();
    void roundTrip_data();
    void roundTrip();
    void unknownValuesFindNothing();
    void displayNameUsesItsContext();
};

namespace {

// protocol.md 4.1 (methods, `type`), 4.2/4.3 (target keys), 4.3 (p2p direction), 4.4 (xid 0).
struct Expected {
    MessageCategory category;
    int type;
    const char *send, *history, *sendKey, *historyKey;
    bool hasTarget, fromIsDirection;
    const char *word;
};
constexpr Expected kProtocol[] = {
    {MessageCategory::P2P, 1, "sendmsg", "getp2pmsg", "to", "ouid", true, true, "p2p"},
    {MessageCategory::Group, 2, "sendgroupmsg", "getgroupmsg", "gid", "gid", true, false, "group"},
    {MessageCategory::Room, 3, "sendroommsg", "getroommsg", "rid", "rid", true, false, "room"},
    {MessageCategory::Broadcast, 4, "broadcastmsg", "getbroadcastmsg", nullptr, nullptr, false, false, "broadcast"},
};

QByteArray orNone(const char *s) { return s ? QByteArray(s) : QByteArray("(none)"); }

// The plaintext case called `name`; fails the test when it is missing.
QJsonObject caseNamed(const QString &name)
{
    const QJsonObject c = rtmtest::plaintextCase(name);
    if (c.isEmpty())
        qFatal("vectors.json has no case %s", qPrintable(name));
    return c;
}

// The method name as it stands in a twoway quest frame: after the 12-byte header and the
// 4-byte seq, ss bytes (protocol.md 1.1, 1.2).
QByteArray methodInFrame(const QJsonObject &c)
{
    const QByteArray frame = rtmtest::hex(c.value("quest_frame_hex"_L1));
    if (frame.size() < 16 || frame.at(6) != 1)
        return "(not a twoway quest)";
    const int ss = quint8(frame.at(7));
    return frame.mid(16, ss);
}

// The payload's keys in wire order (payload_wire_types keeps the order; payload is a JSON object).
QStringList payloadKeys(const QJsonObject &c)
{
    QStringList keys;
    for (const QJsonValue &pair : c.value("quest"_L1).toObject().value("payload_wire_types"_L1).toArray())
        keys << pair.toArray().at(0).toString();
    return keys;
}

QJsonObject payload(const QJsonObject &c)
{
    return c.value("quest"_L1).toObject().value("payload"_L1).toObject();
}

} // namespace

void TestCategoryTable::rowsMatchProtocol_data()
{
    QTest::addColumn<int>("index");
    for (int i = 0; i < 4; ++i)
        QTest::newRow(kProtocol[i].word) << i;
}

void TestCategoryTable::rowsMatchProtocol()
{
    QFETCH(int, index);
    const Expected &e = kProtocol[index];
    QCOMPARE(Categories.size(), size_t(4));
    const CategoryRow &row = Categories[size_t(index)];
    QCOMPARE(row.category, e.category);
    QCOMPARE(&categoryRow(e.category), &row);
    QCOMPARE(row.type, e.type);
    QCOMPARE(row.type, int(e.category));
    QCOMPARE(QByteArray(row.sendMethod), QByteArray(e.send));
    QCOMPARE(QByteArray(row.historyMethod), QByteArray(e.history));
    QCOMPARE(QByteArray(row.deleteMethod), QByteArray("delmsg"));
    QCOMPARE(QByteArray(row.infoMethod), QByteArray("getmsg"));
    QCOMPARE(orNone(row.sendTargetKey), orNone(e.sendKey));
    QCOMPARE(orNone(row.historyTargetKey), orNone(e.historyKey));
    QCOMPARE(row.hasTarget, e.hasTarget);
    QCOMPARE(row.historyFromIsDirection, e.fromIsDirection);
    QCOMPARE(QByteArray(row.cliWord), QByteArray(e.word));
    QCOMPARE(QByteArray(row.logName), QByteArray(e.word));
    QVERIFY(row.displayName && *row.displayName);
    // What the quest builder sends is what the row says.
    QCOMPARE(QByteArray(quest::historyMethod(e.category)), QByteArray(e.history));
}

void TestCategoryTable::rowsMatchVectors_data()
{
    rowsMatchProtocol_data();
}

void TestCategoryTable::rowsMatchVectors()
{
    QFETCH(int, index);
    const CategoryRow &row = Categories[size_t(index)];

    // Send: the case named after the method; the target key follows mtype, from.
    const QJsonObject send = caseNamed(QLatin1StringView(row.sendMethod));
    QCOMPARE(methodInFrame(send), QByteArray(row.sendMethod));
    const QStringList sendKeys = payloadKeys(send);
    QCOMPARE(sendKeys.mid(4, 2), QStringList({u"mtype"_s, u"from"_s}));
    QCOMPARE(sendKeys.at(6), row.sendTargetKey ? QLatin1StringView(row.sendTargetKey) : "mid"_L1);

    // History: the target key follows uid.
    QJsonObject history;
    for (const QJsonValue &v : rtmtest::plaintextCases()) {
        if (v.toObject().value("quest"_L1).toObject().value("method"_L1).toString() == QLatin1StringView(row.historyMethod))
            history = v.toObject();
    }
    QVERIFY2(!history.isEmpty(), row.historyMethod);
    QCOMPARE(methodInFrame(history), QByteArray(row.historyMethod));
    const QStringList historyKeys = payloadKeys(history);
    QCOMPARE(historyKeys.at(4), u"uid"_s);
    QCOMPARE(historyKeys.at(5), row.historyTargetKey ? QLatin1StringView(row.historyTargetKey) : "desc"_L1);

    // delmsg_<word> and getmsg_<word>: method, `type` and xid (0 without a target) as sent.
    const QString word = QLatin1StringView(row.cliWord);
    for (const auto &[prefix, method] : {std::pair{u"delmsg_"_s, row.deleteMethod}, std::pair{u"getmsg_"_s, row.infoMethod}}) {
        const QJsonObject c = caseNamed(prefix + word);
        QCOMPARE(methodInFrame(c), QByteArray(method));
        QCOMPARE(payload(c).value("type"_L1).toInt(), row.type);
        QCOMPARE(payload(c).value("xid"_L1).toInteger() != 0, row.hasTarget);
        // And the builder's params for it name the same type and xid.
        const fpnn::ValueMap params = quest::messageRefParams(1, 2, 3, row.category);
        QCOMPARE(params.at(2).first, std::string("xid"));
        QCOMPARE(params.at(2).second.toInt64(), std::optional<std::int64_t>(row.hasTarget ? 3 : 0));
        QCOMPARE(params.at(3).first, std::string("type"));
        QCOMPARE(params.at(3).second.toInt64(), std::optional<std::int64_t>(row.type));
    }
}

void TestCategoryTable::roundTrip_data()
{
    rowsMatchProtocol_data();
}

void TestCategoryTable::roundTrip()
{
    QFETCH(int, index);
    const MessageCategory c = kProtocol[index].category;
    const CategoryRow &row = categoryRow(c);
    QCOMPARE(categoryFromMethod(row.sendMethod), c);
    QCOMPARE(categoryFromMethod(quest::historyMethod(c)), c);
    QCOMPARE(findCategory(row.type)->category, c);
    QCOMPARE(categoryFromCliWord(QString::fromLatin1(row.cliWord)), c);
    QCOMPARE(categoryLogName(row.type), QLatin1StringView(row.logName));
}

void TestCategoryTable::unknownValuesFindNothing()
{
    QCOMPARE(findCategory(0), nullptr);
    QCOMPARE(findCategory(5), nullptr);
    QCOMPARE(findCategory(-1), nullptr);
    QCOMPARE(categoryFromMethod("delmsg"), std::nullopt);   // one method for all four
    QCOMPARE(categoryFromMethod("sendmsgs"), std::nullopt);  // users, not a category
    QCOMPARE(categoryFromMethod(""), std::nullopt);
    QCOMPARE(categoryFromCliWord(u"P2P"), std::nullopt);     // rtmctl's words are lower case
    QCOMPARE(categoryFromCliWord(u"users"), std::nullopt);
    QCOMPARE(categoryLogName(7), u"type 7"_s);
}

namespace {
// Answers only for the table's context, so a name looked up elsewhere stays English.
class ContextTranslator : public QTranslator {
public:
    QString translate(const char *context, const char *sourceText, const char *, int) const override
    {
        if (QByteArray(context) == CategoryTrContext)
            return u"<"_s + QString::fromUtf8(sourceText) + u">"_s;
        return {};
    }
    bool isEmpty() const override { return false; }
};
} // namespace

void TestCategoryTable::displayNameUsesItsContext()
{
    QCOMPARE(categoryDisplayName(MessageCategory::P2P), u"P2P"_s);
    ContextTranslator translator;
    QVERIFY(QCoreApplication::installTranslator(&translator));
    const QString group = categoryDisplayName(MessageCategory::Group);
    const QString broadcast = categoryDisplayName(MessageCategory::Broadcast);
    QCoreApplication::removeTranslator(&translator);
    QCOMPARE(group, u"<group>"_s);
    QCOMPARE(broadcast, u"<broadcast>"_s);
}

QTEST_GUILESS_MAIN(TestCategoryTable)
#include "tst_categorytable.moc"
