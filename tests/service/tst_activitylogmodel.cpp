// ActivityLogModel: batched inserts, bounded ring buffer, QAbstractItemModelTester.

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include "service/activitylogmodel.h"

using service::ActivityEntry;
using service::ActivityLogModel;

namespace {
ActivityEntry entry(int n, int code = 0)
{
    ActivityEntry e;
    e.time = QDateTime::currentDateTime();
    e.method = QStringLiteral("getgroupmsg");
    e.target = QStringLiteral("group %1").arg(n);
    e.durationMs = n;
    e.code = code;
    e.errorName = code ? QStringLiteral("RTM_EC_MESSAGE_NOT_FOUND") : QStringLiteral("OK");
    e.errorMeaning = code ? QStringLiteral("message not found") : QStringLiteral("success");
    return e;
}
} // namespace

class TestActivityLogModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void batchedAppend()
    {
        ActivityLogModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QCOMPARE(model.columnCount(), 5);
        for (int i = 0; i < 10; ++i)
            model.append(entry(i));
        QCOMPARE(model.rowCount(), 0);   // coalesced
        QTRY_COMPARE(model.rowCount(), 10);
        QCOMPARE(inserted.count(), 1);   // one batch
        QCOMPARE(model.index(3, ActivityLogModel::TargetColumn).data().toString(), QStringLiteral("group 3"));
        QCOMPARE(model.index(3, ActivityLogModel::MethodColumn).data().toString(), QStringLiteral("getgroupmsg"));
        QCOMPARE(model.index(3, ActivityLogModel::DurationColumn).data().toString(), QStringLiteral("3 ms"));
        QCOMPARE(model.index(3, ActivityLogModel::OutcomeColumn).data().toString(), QStringLiteral("OK"));
        QCOMPARE(model.headerData(ActivityLogModel::OutcomeColumn, Qt::Horizontal).toString(), QStringLiteral("Outcome"));

        model.append(entry(10, 200070));
        model.flush();
        QCOMPARE(model.rowCount(), 11);
        QCOMPARE(model.index(10, ActivityLogModel::OutcomeColumn).data().toString(),
                 QStringLiteral("RTM_EC_MESSAGE_NOT_FOUND — message not found"));
        QCOMPARE(model.index(10, 0).data(ActivityLogModel::CodeRole).toInt(), 200070);
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void ringBufferKeepsNewest()
    {
        ActivityLogModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setCapacity(5);
        int next = 0;
        // Several flushes of different sizes so the ring wraps more than once.
        for (int batch : {3, 4, 1, 7, 2, 5, 12, 3}) {
            for (int i = 0; i < batch; ++i)
                model.append(entry(next++));
            model.flush();
            const int rows = std::min(next, 5);
            QCOMPARE(model.rowCount(), rows);
            for (int r = 0; r < rows; ++r)
                QCOMPARE(model.entry(r).durationMs, next - rows + r);
        }
        model.setCapacity(3);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.entry(0).durationMs, next - 3);
        model.setCapacity(6);
        for (int i = 0; i < 4; ++i)
            model.append(entry(next++));
        model.flush();
        QCOMPARE(model.rowCount(), 6);
        for (int r = 0; r < 6; ++r)
            QCOMPARE(model.entry(r).durationMs, next - 6 + r);
    }

    void defaultCapacity()
    {
        ActivityLogModel model;
        QCOMPARE(model.capacity(), 5000);
        for (int i = 0; i < 5100; ++i)
            model.append(entry(i));
        model.flush();
        QCOMPARE(model.rowCount(), 5000);
        QCOMPARE(model.entry(0).durationMs, 100);
        QCOMPARE(model.entry(4999).durationMs, 5099);
    }
};

QTEST_GUILESS_MAIN(TestActivityLogModel)
#include "tst_activitylogmodel.moc"
