#include <limits>

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include "service/jsonwriter.h"

using service::JsonArray;
using service::JsonObject;

class TestJsonWriter : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void bigIntegersAreExact()
    {
        const qint64 big = std::numeric_limits<qint64>::max();
        const QByteArray json = JsonObject().add("a", big).add("b", qint64(-1)).add("c", qint64(914086719940272129)).toJson();
        QCOMPARE(json, QByteArray("{\"a\":9223372036854775807,\"b\":-1,\"c\":914086719940272129}"));
    }

    void stringsAreEscaped()
    {
        const QString text = QStringLiteral("q\"b\\s/\n\t\x01 é 🚀");
        const QByteArray json = JsonObject().add("t", text).toJson();
        QVERIFY(json.contains("\\\"") && json.contains("\\\\") && json.contains("\\n") && json.contains("\\u0001"));
        QJsonParseError err;
        const QJsonDocument doc = QJsonDocument::fromJson(json, &err);
        QCOMPARE(err.error, QJsonParseError::NoError);
        QCOMPARE(doc.object().value(QStringLiteral("t")).toString(), text);
    }

    void nesting()
    {
        JsonArray arr;
        arr.append(qint64(1)).append(QStringLiteral("x")).append(JsonObject().add("ok", true));
        const QByteArray json = JsonObject().add("list", arr).add("empty", JsonArray()).addNull("n").toJson();
        QCOMPARE(json, QByteArray("{\"list\":[1,\"x\",{\"ok\":true}],\"empty\":[],\"n\":null}"));
    }
};

QTEST_GUILESS_MAIN(TestJsonWriter)
#include "tst_jsonwriter.moc"
