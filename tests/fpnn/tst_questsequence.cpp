// fpnn::QuestSequence: the numbers FpnnClient gives its quests — counting from 1, wrapping
// after 0x7fffffff, never 0 and never one still outstanding.

#include <set>
#include <vector>

#include <QTest>

#include "fpnn/questsequence.h"

using fpnn::QuestSequence;

class TestQuestSequence : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void countsFromOne()
    {
        QuestSequence seq;
        const auto none = [](quint32) { return false; };
        QCOMPARE(seq.take(none), 1u);
        QCOMPARE(seq.take(none), 2u);
        QCOMPARE(seq.take(none), 3u);
        seq.restart();   // a new connection
        QCOMPARE(seq.take(none), 1u);
    }

    void wrapsAndSkipsOutstanding()
    {
        std::set<quint32> outstanding;
        const auto taken = [&outstanding](quint32 s) { return outstanding.count(s) > 0; };
        std::vector<quint32> seqs;
        auto send = [&](QuestSequence &seq) {
            const quint32 s = seq.take(taken);
            outstanding.insert(s);
            seqs.push_back(s);
        };
        QuestSequence nearTheEnd(QuestSequence::kMax - 1);
        send(nearTheEnd);
        send(nearTheEnd);
        send(nearTheEnd);   // wraps to 1, skipping 0
        QuestSequence atTheEnd(QuestSequence::kMax);
        send(atTheEnd);     // kMax and 1 are outstanding
        QuestSequence atZero(0);
        send(atZero);       // 0, 1, 2 taken or invalid
        const std::vector<quint32> expected{0x7ffffffeu, 0x7fffffffu, 1u, 2u, 3u};
        QCOMPARE(seqs, expected);

        // An answered quest frees its number for the next round.
        outstanding.erase(2u);
        QuestSequence again;
        QCOMPARE(again.take(taken), 2u);
    }
};

QTEST_GUILESS_MAIN(TestQuestSequence)
#include "tst_questsequence.moc"
