// The audit viewer's model and filter over a temporary audit file: attempts joined with
// their outcomes by attemptId (also across read batches), outcomes without an attempt,
// attempts without an outcome (pending), junk and a cut-off last line shown as malformed
// without hiding the lines after them, mids above 2^53 exactly, following the file as it
// grows, and the filter matching ids exactly.

#include <QAbstractItemModelTester>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "audittrailfilter.h"
#include "audittrailmodel.h"

using ui::AuditTrailFilter;
using ui::AuditTrailModel;

namespace {

// JSON written with ' for " (easier to read here; no JSON below needs a ').
QByteArray j(const char *text)
{
    return QByteArray(text).replace('\'', '"');
}

QByteArray attempt(const char *id, const char *action, const QByteArray &target, const QByteArray &mid,
                   const QByteArray &content = {}, const char *profile = "prod")
{
    QByteArray line = QByteArray(j("{'time':'2026-12-01T10:00:00.125Z','event':'attempt','attemptId':'")) + id
        + j("','profile':'") + profile + j("','endpoint':'rtm.example:13321','pid':11000001,'user':'ops','action':'")
        + action + j("','target':'") + target + j("','mid':") + mid;
    if (!content.isEmpty())
        line += j(",'content':") + content;
    return line + "}\n";
}

QByteArray outcome(const char *id, const char *action, const QByteArray &mid, const char *outcomeText, int code)
{
    return QByteArray(j("{'time':'2026-12-01T10:00:01.000Z','event':'outcome','attemptId':'")) + id
        + j("','profile':'prod','endpoint':'rtm.example:13321','pid':11000001,'user':'ops','action':'") + action
        + j("','target':'x','mid':") + mid + j(",'outcome':'") + outcomeText + j("','code':") + QByteArray::number(code)
        + j(",'message':'m','retries':0}") + "\n";
}

QString cell(const QAbstractItemModel &m, int row, int column)
{
    return m.index(row, column).data().toString();
}

} // namespace

class TestAuditTrailModel : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;

    QString write(const char *name, const QByteArray &text)
    {
        const QString path = m_dir.filePath(QString::fromLatin1(name));
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(text) != text.size())
            qFatal("cannot write %s", qPrintable(path));
        return path;
    }

    static bool loaded(const AuditTrailModel &model, int rows)
    {
        return QTest::qWaitFor([&] { return !model.isLoading() && model.rowCount() == rows; }, 20000);
    }

    QByteArray sample()
    {
        QByteArray text;
        text += attempt("a1", "sendgroupmsg", "group 42", "9223372036854775001",
                        j("{'mtype':51,'message':'h\\u00e9llo \\u4e16\\u754c','attrs':'{}'}"));   // > 2^53
        text += "this is not JSON {\n";
        text += attempt("d1", "delmsg", "group 42 from 7 mid 123", "123",
                        j("{'mtype':52,'message':'AP96','messageEncoding':'base64','attrs':''}"));
        text += outcome("a1", "sendgroupmsg", "9223372036854775001", "ok", 0);
        text += attempt("d2", "delmsg", "p2p 17→70 mid 1234", "1234", j("{'notCaptured':'getmsg failed: 200070'}"));
        text += outcome("d1", "delmsg", "123", "RTM_EC_MESSAGE_NOT_FOUND", 200070);
        text += outcome("zz", "delmsg", "555", "unknown — check by mid", 20003);   // its attempt is not in the file
        text += j("{'event':'something else','attemptId':'q'}\n");
        text += attempt("s2", "sendmsg", "user 7", "77", j("{'mtype':51,'message':'second','attrs':''}"), "staging");
        text += j("{'time':'2026-12-01T10:00:02.000Z','event':'attempt','attemptId':'cut");   // no line end
        return text;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void joinsOrphansMalformedAndExactMids()
    {
        AuditTrailModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setUtc(true);
        model.setPath(write("sample.jsonl", sample()));
        QVERIFY(loaded(model, 8));

        // Rows in file order of their first line.
        QCOMPARE(cell(model, 0, AuditTrailModel::ActionColumn), QStringLiteral("send (group)"));
        QCOMPARE(cell(model, 0, AuditTrailModel::MidColumn), QStringLiteral("9223372036854775001"));
        QCOMPARE(cell(model, 0, AuditTrailModel::OutcomeColumn), QStringLiteral("ok"));
        QCOMPARE(cell(model, 0, AuditTrailModel::ContentColumn), QStringLiteral("héllo 世界"));
        QCOMPARE(cell(model, 0, AuditTrailModel::TimeColumn), QStringLiteral("2026-12-01 10:00:00.125 UTC"));
        QCOMPARE(cell(model, 0, AuditTrailModel::ProfileColumn), QStringLiteral("prod"));
        QCOMPARE(cell(model, 0, AuditTrailModel::EndpointColumn), QStringLiteral("rtm.example:13321"));

        QCOMPARE(model.index(1, 0).data(AuditTrailModel::StatusRole).toInt(), int(AuditTrailModel::Status::Malformed));
        QVERIFY(cell(model, 1, AuditTrailModel::OutcomeColumn).startsWith(QStringLiteral("malformed: not JSON")));
        QCOMPARE(cell(model, 1, AuditTrailModel::ContentColumn), QStringLiteral("this is not JSON {"));

        QCOMPARE(cell(model, 2, AuditTrailModel::ActionColumn), QStringLiteral("delete (group)"));
        QCOMPARE(model.index(2, 0).data(AuditTrailModel::StatusRole).toInt(), int(AuditTrailModel::Status::Failed));
        QCOMPARE(cell(model, 2, AuditTrailModel::OutcomeColumn), QStringLiteral("RTM_EC_MESSAGE_NOT_FOUND (200070)"));
        QCOMPARE(cell(model, 2, AuditTrailModel::ContentColumn), QStringLiteral("base64:AP96"));
        QVERIFY(model.index(2, AuditTrailModel::ContentColumn).data(Qt::ToolTipRole).toString().contains(QStringLiteral("binary, 3 byte")));

        QCOMPARE(cell(model, 3, AuditTrailModel::ActionColumn), QStringLiteral("delete (P2P)"));
        QCOMPARE(model.index(3, 0).data(AuditTrailModel::StatusRole).toInt(), int(AuditTrailModel::Status::Pending));
        QCOMPARE(cell(model, 3, AuditTrailModel::ContentColumn), QStringLiteral("(not captured: getmsg failed: 200070)"));

        QCOMPARE(model.index(4, 0).data(AuditTrailModel::StatusRole).toInt(), int(AuditTrailModel::Status::Unknown));
        QVERIFY(cell(model, 4, AuditTrailModel::OutcomeColumn).contains(QStringLiteral("attempt line is not in this file")));
        QCOMPARE(model.index(5, 0).data(AuditTrailModel::StatusRole).toInt(), int(AuditTrailModel::Status::Malformed));
        QCOMPARE(cell(model, 6, AuditTrailModel::ProfileColumn), QStringLiteral("staging"));
        // The cut-off last line: shown as malformed, the rows before it intact.
        QCOMPARE(model.index(7, 0).data(AuditTrailModel::StatusRole).toInt(), int(AuditTrailModel::Status::Malformed));
        QVERIFY(cell(model, 7, AuditTrailModel::OutcomeColumn).contains(QStringLiteral("incomplete last line")));

        // The whole record: both lines, indented, the mid exact.
        const QString details = model.index(0, 0).data(AuditTrailModel::DetailsRole).toString();
        QVERIFY2(details.contains(QStringLiteral("\"mid\": 9223372036854775001")), qPrintable(details));
        QVERIFY(details.contains(QStringLiteral("\"outcome\": \"ok\"")));
        QVERIFY(details.contains(QStringLiteral("h\\u00e9llo")));   // as written
        model.setUtc(false);
        QCOMPARE(model.headerData(0, Qt::Horizontal).toString(), QStringLiteral("Time (local)"));
    }

    // The file grows: the cut-off line completed and new lines appended show up (read again
    // from where the last read ended), and a late outcome joins its attempt.
    void followsTheFile()
    {
        const QString path = write("grow.jsonl", sample());
        AuditTrailModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPath(path);
        QVERIFY(loaded(model, 8));
        QFile f(path);
        QVERIFY(f.open(QIODevice::Append));
        f.write(j("','profile':'prod','action':'sendmsg','target':'user 9','mid':99}\n"));
        f.write(outcome("d2", "delmsg", "1234", "ok", 0));
        f.write(outcome("cut", "sendmsg", "99", "unknown — check by mid", 20002));
        f.close();
        QTRY_VERIFY_WITH_TIMEOUT(!model.isLoading()
                                     && model.index(7, 0).data(AuditTrailModel::StatusRole).toInt()
                                         == int(AuditTrailModel::Status::Unknown), 20000);
        QCOMPARE(model.rowCount(), 8);
        QCOMPARE(cell(model, 7, AuditTrailModel::MidColumn), QStringLiteral("99"));
        QCOMPARE(model.index(3, 0).data(AuditTrailModel::StatusRole).toInt(), int(AuditTrailModel::Status::Ok));

        // Replaced by a shorter file: read again from the start.
        write("grow.jsonl", attempt("n1", "sendmsg", "user 1", "1"));
        QTRY_VERIFY_WITH_TIMEOUT(!model.isLoading() && model.rowCount() == 1, 20000);
    }

    // More lines than one read batch: every row arrives, and an outcome in the batch after
    // its attempt still joins it.
    void joinsAcrossBatches()
    {
        QByteArray text = "junk\n";
        const int pairs = 3000;
        for (int i = 0; i < pairs; ++i) {
            const QByteArray id = "id" + QByteArray::number(i);
            const QByteArray mid = QByteArray::number(9007199254740993LL + i);
            text += attempt(id.constData(), "sendroommsg", "room 5", mid);
            text += outcome(id.constData(), "sendroommsg", mid, "ok", 0);
        }
        AuditTrailModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy batches(&model, &AuditTrailModel::batchApplied);
        model.setPath(write("big.jsonl", text));
        QVERIFY(loaded(model, pairs + 1));
        QVERIFY(batches.size() >= 3);
        for (int row = 1; row <= pairs; ++row)
            QCOMPARE(model.index(row, 0).data(AuditTrailModel::StatusRole).toInt(), int(AuditTrailModel::Status::Ok));
        QCOMPARE(cell(model, pairs, AuditTrailModel::MidColumn), QString::number(9007199254740993LL + pairs - 1));
        QCOMPARE(model.linesRead(), qint64(2 * pairs + 1));
    }

    // A whole number is an id: the mid or a number in the target, never a part of one.
    void filterMatchesIdsExactly()
    {
        AuditTrailModel model;
        model.setPath(write("filter.jsonl", sample()));
        QVERIFY(loaded(model, 8));
        AuditTrailFilter filter;
        QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
        filter.setSourceModel(&model);
        const auto mids = [&] {
            QStringList out;
            for (int r = 0; r < filter.rowCount(); ++r)
                out << filter.index(r, AuditTrailModel::MidColumn).data().toString();
            return out;
        };
        filter.setText(QStringLiteral("123"));
        QCOMPARE(mids(), QStringList{QStringLiteral("123")});   // not 1234
        filter.setText(QStringLiteral("7"));                    // uid 7: not 17, 70, 77
        QCOMPARE(mids(), QStringList({QStringLiteral("123"), QStringLiteral("77")}));
        filter.setText(QStringLiteral("9223372036854775001"));
        QCOMPARE(mids(), QStringList{QStringLiteral("9223372036854775001")});
        filter.setText(QStringLiteral("9223372036854775000"));   // a double would round both to the same value
        QVERIFY(mids().isEmpty());
        filter.setText(QStringLiteral("HÉLLO"));
        QCOMPARE(mids(), QStringList{QStringLiteral("9223372036854775001")});
        filter.setText({});
        filter.setActionFilter(AuditTrailFilter::ActionFilter::Deletes);
        QCOMPARE(mids(), QStringList({QStringLiteral("123"), QStringLiteral("1234"), QStringLiteral("555")}));
        filter.setOutcomeFilter(AuditTrailFilter::OutcomeFilter::Pending);
        QCOMPARE(mids(), QStringList{QStringLiteral("1234")});
        filter.setActionFilter(AuditTrailFilter::ActionFilter::All);
        filter.setOutcomeFilter(AuditTrailFilter::OutcomeFilter::Malformed);
        QCOMPARE(filter.rowCount(), 3);
        filter.setOutcomeFilter(AuditTrailFilter::OutcomeFilter::All);
        filter.setProfile(QStringLiteral("staging"));
        QCOMPARE(mids(), QStringList{QStringLiteral("77")});
    }
};

QTEST_MAIN(TestAuditTrailModel)
#include "tst_audittrailmodel.moc"
