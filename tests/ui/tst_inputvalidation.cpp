// The console's input rules: 64-bit ids, user lists, mtypes, byte counts, JSON.

#include <QTest>

#include "inputvalidation.h"

using namespace ui;

class TestInputValidation : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void ids_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<qint64>("value");
        QTest::addColumn<QString>("reasonPart");
        QTest::newRow("plain") << "1001" << true << qint64(1001) << "";
        QTest::newRow("spaces") << "  42 " << true << qint64(42) << "";
        QTest::newRow("max") << "9223372036854775807" << true << std::numeric_limits<qint64>::max() << "";
        QTest::newRow("overflow") << "9223372036854775808" << false << qint64(0) << "larger than a 64-bit id";
        QTest::newRow("negative") << "-5" << false << qint64(0) << "positive";
        QTest::newRow("zero") << "0" << false << qint64(0) << "must not be 0";
        QTest::newRow("zeros") << "000" << false << qint64(0) << "must not be 0";
        QTest::newRow("minus one") << "-1" << false << qint64(0) << "positive";
        QTest::newRow("trailing letters") << "12abc" << false << qint64(0) << "not a number";
        QTest::newRow("far beyond int64") << "18446744073709551616" << false << qint64(0) << "larger than a 64-bit id";
        QTest::newRow("letters") << "12a" << false << qint64(0) << "not a number";
        QTest::newRow("empty") << "" << false << qint64(0) << "empty";
        QTest::newRow("float") << "1.5" << false << qint64(0) << "not a number";
    }
    void ids()
    {
        QFETCH(QString, text);
        QFETCH(bool, ok);
        QFETCH(qint64, value);
        QFETCH(QString, reasonPart);
        const IdCheck c = checkId(text, QStringLiteral("To uid"));
        QCOMPARE(c.ok, ok);
        if (ok) {
            QCOMPARE(c.value, value);
            QVERIFY(c.error.isEmpty());
        } else {
            QVERIFY2(c.error.contains(reasonPart), qPrintable(c.error));
            QVERIFY(c.error.contains(QStringLiteral("To uid")));
        }
    }

    void idListSeparatorsAndBadTokens()
    {
        IdListCheck c = checkIdList(QStringLiteral("1001, 1002 1003\n1004;1005\t1006,,1001"), 2000);
        QVERIFY(c.ok());
        QCOMPARE(c.ids, (QList<qint64>{1001, 1002, 1003, 1004, 1005, 1006}));
        QCOMPARE(c.duplicates, 1);

        c = checkIdList(QStringLiteral("1001, bob, 1002, -3, 99999999999999999999"), 2000);
        QVERIFY(!c.ok());
        QCOMPARE(c.badTokens, (QStringList{QStringLiteral("bob"), QStringLiteral("-3"), QStringLiteral("99999999999999999999")}));
        QVERIFY(c.error.contains(QStringLiteral("“bob”")));
        QVERIFY(c.error.contains(QStringLiteral("“-3”")));

        c = checkIdList(QStringLiteral("  \n "), 2000);
        QVERIFY(!c.ok());
        QVERIFY(c.error.contains(QStringLiteral("empty")));

        c = checkIdList(QStringLiteral("1 2 3"), 2);
        QVERIFY(!c.ok());
        QVERIFY(c.error.contains(QStringLiteral("Too many")));
    }

    void mtypes_data()
    {
        QTest::addColumn<int>("mtype");
        QTest::addColumn<int>("verdict");
        QTest::newRow("51") << 51 << int(MtypeVerdict::Ok);
        QTest::newRow("127") << 127 << int(MtypeVerdict::Ok);
        QTest::newRow("30 chat") << 30 << int(MtypeVerdict::Warning);
        QTest::newRow("32 cmd") << 32 << int(MtypeVerdict::Warning);
        QTest::newRow("31 reserved") << 31 << int(MtypeVerdict::Refused);
        QTest::newRow("40 file") << 40 << int(MtypeVerdict::Refused);
        QTest::newRow("50 file") << 50 << int(MtypeVerdict::Refused);
        QTest::newRow("1 reserved") << 1 << int(MtypeVerdict::Refused);
        QTest::newRow("0") << 0 << int(MtypeVerdict::Refused);
        QTest::newRow("128") << 128 << int(MtypeVerdict::Refused);
    }
    void mtypes()
    {
        QFETCH(int, mtype);
        QFETCH(int, verdict);
        const MtypeCheck c = checkMtype(mtype);
        QCOMPARE(int(c.verdict), verdict);
        if (c.verdict != MtypeVerdict::Ok)
            QVERIFY(c.reason.contains(QString::number(mtype)));
    }

    void mtypeLists()
    {
        QCOMPARE(checkMtypeList(QStringLiteral("30, 51 51")).mtypes, (QList<int>{30, 51}));
        QVERIFY(checkMtypeList(QString()).ok());
        QVERIFY(!checkMtypeList(QStringLiteral("30, 200")).ok());
    }

    void utf8ByteCounts()
    {
        QCOMPARE(utf8Bytes(QStringLiteral("abc")), 3);
        QCOMPARE(utf8Bytes(QStringLiteral("你好")), 6);
        QCOMPARE(utf8Bytes(QStringLiteral("👋")), 4);
    }

    void json()
    {
        QVERIFY(checkJson(QString()).ok);
        const JsonCheck good = checkJson(QStringLiteral("{\"a\":1,\"b\":[1,2]}"));
        QVERIFY(good.ok);
        QVERIFY(good.pretty.contains(QLatin1Char('\n')));
        const JsonCheck bad = checkJson(QStringLiteral("{\"a\":1,\n \"b\" 2}"));
        QVERIFY(!bad.ok);
        QVERIFY2(bad.error.contains(QStringLiteral("line 2")), qPrintable(bad.error));
    }
};

QTEST_GUILESS_MAIN(TestInputValidation)
#include "tst_inputvalidation.moc"
