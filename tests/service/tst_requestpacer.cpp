#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

#include "service/requestpacer.h"

using service::RequestPacer;

class TestRequestPacer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void unlimitedAlwaysAcquires()
    {
        RequestPacer p;
        p.setRate(0);
        for (int i = 0; i < 1000; ++i)
            QVERIFY(p.tryAcquire());
        QCOMPARE(p.msUntilNextToken(), 0);
    }

    void bucketEmptiesAndRefills()
    {
        RequestPacer p;
        p.setRate(10);           // burst max(1, 10/5) = 2
        QCOMPARE(p.burst(), 2);
        QVERIFY(p.tryAcquire());
        QVERIFY(p.tryAcquire());
        QVERIFY(!p.tryAcquire());
        QVERIFY(p.msUntilNextToken() > 0);
        QVERIFY(p.msUntilNextToken() <= 100);
        QSignalSpy ready(&p, &RequestPacer::ready);
        p.schedule();
        QVERIFY(ready.wait(2000));
        QVERIFY(p.tryAcquire());
    }

    void slowDownHalvesAndPauses()
    {
        RequestPacer p;
        p.setRate(40);
        QCOMPARE(p.effectiveRate(), 40);
        p.slowDown();
        QCOMPARE(p.effectiveRate(), 20);
        QVERIFY(p.isSlowedDown());
        p.slowDown();                       // within a second: no second halving
        QCOMPARE(p.effectiveRate(), 20);
        p.pauseFor(300);
        QVERIFY(p.isPaused());
        QVERIFY(!p.tryAcquire());
        QVERIFY(p.msUntilNextToken() > 200);
        QTRY_VERIFY_WITH_TIMEOUT(!p.isPaused(), 2000);
    }

    void slowDownFromUnlimitedUsesServiceLimit()
    {
        RequestPacer p;
        p.setRate(0);
        p.setSlowDownPeriodMs(200);
        p.slowDown();
        QCOMPARE(p.effectiveRate(), 50);
        QTRY_COMPARE_WITH_TIMEOUT(p.effectiveRate(), 0, 2000);   // back to unlimited
    }
};

QTEST_GUILESS_MAIN(TestRequestPacer)
#include "tst_requestpacer.moc"
