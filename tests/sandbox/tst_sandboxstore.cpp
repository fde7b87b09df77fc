// MessageStore: paging in both orders, mtypes filter, inclusive begin/end, lastid and
// begin/end in the answer, empty pages, counts, deletes, retention, rows sharing an mtime
// — and a randomized comparison with a naive reading of protocol.md 4.3.

#include <algorithm>
#include <random>

#include <QSet>
#include <QTest>

#include "sandbox/messagestore.h"
#include "sandboxtestutil.h"

using namespace sandbox;
using sandboxtest::message;

class TestSandboxStore : public QObject {
    Q_OBJECT

private:
    // Group 7: 50 messages at mtime 1000 + 10 i, mtypes cycling 30, 51, 40; interleaved with
    // group 8 and a P2P pair so that conversation ids are not consecutive.
    void fill(MessageStore &store)
    {
        static const int types[] = {30, 51, 40};
        qint64 t = 1000;
        for (int i = 0; i < 50; ++i) {
            QVERIFY(store.append(message(Category::Group, 100 + i % 4, 7, 5000 + i, types[i % 3], t)) != 0);
            t += 5;
            QVERIFY(store.append(message(Category::Group, 100, 8, 9000 + i, 30, t)) != 0);
            QVERIFY(store.append(message(Category::P2P, i % 2 ? 11 : 12, i % 2 ? 12 : 11, 7000 + i, 30, t + 1)) != 0);
            t += 5;
        }
    }
    static std::vector<const StoredMessage *> conversation(const MessageStore &store, const ConversationKey &key)
    {
        std::vector<const StoredMessage *> out;
        for (qint64 id = 1; id <= store.lastId(); ++id)
            if (const StoredMessage *m = store.byId(id); m && ConversationKey::of(*m) == key)
                out.push_back(m);
        return out;
    }

private Q_SLOTS:
    void idsIncreaseAndMtimesNeverDecrease()
    {
        MessageStore store;
        fill(store);
        QCOMPARE(store.size(), 150);
        for (qint64 id = 2; id <= store.lastId(); ++id)
            QVERIFY(store.byId(id)->mtime > store.byId(id - 1)->mtime);
        // Out of order ids or times are refused (journal replay relies on it).
        QCOMPARE(store.append(message(Category::Group, 1, 7, 1, 30, 10)), 0);
        StoredMessage m = message(Category::Group, 1, 7, 1, 30, 0);
        m.id = 3;
        QVERIFY(!store.accepts(m));
        QCOMPARE(store.append(m), 0);
        QCOMPARE(store.nextMtime(0), store.lastMtime() + 1);
        // An equal mtime is stored (the copies of one sendmsgs share theirs); ids order them.
        const qint64 last = store.lastMtime();
        QVERIFY(store.accepts(message(Category::P2P, 1, 2, 1, 30, last)));
        QCOMPARE(store.append(message(Category::P2P, 1, 2, 1, 30, last)), 151);
        QCOMPARE(store.append(message(Category::P2P, 1, 3, 1, 30, last)), 152);
        QCOMPARE(store.byId(152)->mtime, last);
        QCOMPARE(store.append(message(Category::P2P, 1, 4, 1, 30, last - 1)), 0);
    }

    // Many rows share one mtime: paging by lastid with begin/end returns each exactly once,
    // in both orders, whatever the page size and whether the bounds sit on that mtime.
    void pagingThroughSharedMtime_data()
    {
        QTest::addColumn<bool>("desc");
        QTest::addColumn<int>("num");
        QTest::addColumn<bool>("boundsOnSharedMtime");
        for (bool desc : {true, false})
            for (int num : {1, 7, 20})
                for (bool on : {false, true})
                    QTest::addRow("%s num %d %s", desc ? "desc" : "asc", num, on ? "bounds = shared mtime" : "open bounds")
                        << desc << num << on;
    }
    void pagingThroughSharedMtime()
    {
        QFETCH(bool, desc);
        QFETCH(int, num);
        QFETCH(bool, boundsOnSharedMtime);
        MessageStore store;
        const qint64 shared = 5000;
        QVERIFY(store.append(message(Category::Group, 1, 7, 1, 30, shared - 10)) != 0);
        for (int i = 0; i < 45; ++i) {   // one fan-out-like burst, interleaved with another group
            QVERIFY(store.append(message(Category::Group, 2, 7, 100 + i, i % 2 ? 30 : 51, shared)) != 0);
            if (i % 3 == 0)
                QVERIFY(store.append(message(Category::Group, 2, 8, 100 + i, 30, shared)) != 0);
        }
        QVERIFY(store.append(message(Category::Group, 1, 7, 2, 30, shared + 10)) != 0);
        const auto all = conversation(store, ConversationKey::of(Category::Group, 7));
        std::vector<qint64> expected;
        for (const StoredMessage *m : all)
            if (!boundsOnSharedMtime || m->mtime == shared)
                expected.push_back(m->id);
        if (desc)
            std::reverse(expected.begin(), expected.end());

        HistoryRequest r;
        r.conversation = ConversationKey::of(Category::Group, 7);
        r.desc = desc;
        r.num = num;
        if (boundsOnSharedMtime)
            r.begin = r.end = shared;
        std::vector<qint64> seen;
        for (int pages = 0; pages < 200; ++pages) {
            const HistoryResult page = store.history(r);
            for (const StoredMessage *m : page.rows)
                seen.push_back(m->id);
            if (int(page.rows.size()) < r.num)
                break;
            r.lastId = page.lastId;   // the answer's values, unchanged
            r.begin = page.begin;
            r.end = page.end;
        }
        QCOMPARE(seen, expected);
        // Counting the shared mtime alone finds the burst, and nothing else.
        QCOMPARE(store.count(ConversationKey::of(Category::Group, 7), {}, shared, shared).num, 45);
    }

    void pagingDesc()
    {
        MessageStore store;
        fill(store);
        HistoryRequest r;
        r.conversation = ConversationKey::of(Category::Group, 7);
        r.desc = true;
        r.num = 7;
        std::vector<qint64> seen;
        int pages = 0;
        for (;;) {
            const HistoryResult page = store.history(r);
            ++pages;
            for (const StoredMessage *m : page.rows)
                seen.push_back(m->id);
            if (!page.rows.empty()) {
                QCOMPARE(page.lastId, page.rows.back()->id);
                QCOMPARE(page.end, page.rows.back()->mtime);
                QCOMPARE(page.begin, r.begin);
            } else {
                QCOMPARE(page.lastId, r.lastId);   // empty page echoes the request
                QCOMPARE(page.end, r.end);
                QCOMPARE(page.begin, r.begin);
            }
            if (int(page.rows.size()) < r.num)
                break;
            r.lastId = page.lastId;   // the answer's values, unchanged
            r.begin = page.begin;
            r.end = page.end;
        }
        QCOMPARE(pages, 8);   // 7 full pages of 7, then one with 1
        const auto all = conversation(store, r.conversation);
        QCOMPARE(seen.size(), all.size());
        for (size_t i = 0; i < all.size(); ++i)
            QCOMPARE(seen[i], all[all.size() - 1 - i]->id);
    }

    void pagingAsc()
    {
        MessageStore store;
        fill(store);
        HistoryRequest r;
        r.conversation = ConversationKey::of(Category::Group, 7);
        r.desc = false;
        r.num = 10;
        r.begin = 1;
        std::vector<qint64> seen;
        for (;;) {
            const HistoryResult page = store.history(r);
            for (const StoredMessage *m : page.rows)
                seen.push_back(m->id);
            if (!page.rows.empty()) {
                QCOMPARE(page.begin, page.rows.back()->mtime);
                QCOMPARE(page.end, r.end);
            }
            if (int(page.rows.size()) < r.num)
                break;
            r.lastId = page.lastId;
            r.begin = page.begin;
            r.end = page.end;
        }
        // 50 rows: 5 full pages, then an empty one that ends the loop.
        const auto all = conversation(store, r.conversation);
        QCOMPARE(seen.size(), all.size());
        for (size_t i = 0; i < all.size(); ++i)
            QCOMPARE(seen[i], all[i]->id);
    }

    void mtypesFilterMergesRanges_data()
    {
        QTest::addColumn<bool>("desc");
        QTest::newRow("desc") << true;
        QTest::newRow("asc") << false;
    }
    void mtypesFilterMergesRanges()
    {
        QFETCH(bool, desc);
        MessageStore store;
        fill(store);
        HistoryRequest r;
        r.conversation = ConversationKey::of(Category::Group, 7);
        r.desc = desc;
        r.num = 4;
        r.mtypes = {40, 51, 51, 99};   // duplicates and unknown types are harmless
        std::vector<qint64> seen;
        for (;;) {
            const HistoryResult page = store.history(r);
            for (const StoredMessage *m : page.rows) {
                QVERIFY(m->mtype == 40 || m->mtype == 51);
                seen.push_back(m->id);
            }
            if (int(page.rows.size()) < r.num)
                break;
            r.lastId = page.lastId;
            r.begin = page.begin;
            r.end = page.end;
        }
        std::vector<qint64> expected;
        for (const StoredMessage *m : conversation(store, r.conversation))
            if (m->mtype == 40 || m->mtype == 51)
                expected.push_back(m->id);
        if (desc)
            std::reverse(expected.begin(), expected.end());
        QCOMPARE(seen, expected);
    }

    void beginEndInclusive()
    {
        MessageStore store;
        fill(store);
        const auto all = conversation(store, ConversationKey::of(Category::Group, 7));
        HistoryRequest r;
        r.conversation = ConversationKey::of(Category::Group, 7);
        r.num = 20;
        r.begin = all[5]->mtime;
        r.end = all[10]->mtime;
        for (bool desc : {true, false}) {
            r.desc = desc;
            const HistoryResult page = store.history(r);
            QCOMPARE(page.rows.size(), size_t(6));
            QCOMPARE(page.rows.front()->id, desc ? all[10]->id : all[5]->id);
            QCOMPARE(page.rows.back()->id, desc ? all[5]->id : all[10]->id);
        }
        // begin > end: nothing, values echoed.
        r.begin = all[10]->mtime;
        r.end = all[5]->mtime;
        const HistoryResult empty = store.history(r);
        QVERIFY(empty.rows.empty());
        QCOMPARE(empty.begin, r.begin);
        QCOMPARE(empty.end, r.end);
    }

    void p2pConversationIsSymmetric()
    {
        MessageStore store;
        fill(store);
        HistoryRequest r;
        r.conversation = ConversationKey::p2p(12, 11);
        r.num = 20;
        const HistoryResult a = store.history(r);
        r.conversation = ConversationKey::p2p(11, 12);
        const HistoryResult b = store.history(r);
        QCOMPARE(a.rows.size(), size_t(20));
        QCOMPARE(a.rows, b.rows);
        QVERIFY(store.find(MessageRef{Category::P2P, 12, 11, 7000}));
        QVERIFY(!store.find(MessageRef{Category::P2P, 11, 12, 7000}));   // from must be the sender
    }

    void deleteKeepsRowAndEmptiesBody()
    {
        MessageStore store;
        fill(store);
        const StoredMessage *m = store.find(MessageRef{Category::Group, 100, 7, 5000});
        QVERIFY(m);
        const qint64 id = m->id;
        QVERIFY(store.markDeleted(id));
        QVERIFY(store.byId(id)->deleted);
        QVERIFY(store.byId(id)->msg.isEmpty());
        QVERIFY(!store.markDeleted(999999));
        HistoryRequest r;
        r.conversation = ConversationKey::of(Category::Group, 7);
        r.desc = false;
        r.num = 1;
        QCOMPARE(store.history(r).rows.front()->id, id);   // still in history
    }

    void countsExcludeDeleted()
    {
        MessageStore store;
        fill(store);
        const ConversationKey g7 = ConversationKey::of(Category::Group, 7);
        MessageCountResult c = store.count(g7, {}, 0, 0);
        QCOMPARE(c.num, 50);
        QCOMPARE(c.senders, 4);
        store.markDeleted(store.find(MessageRef{Category::Group, 100, 7, 5000})->id);
        QCOMPARE(store.count(g7, {}, 0, 0).num, 49);
        c = store.count(g7, {51}, 0, 0);
        QCOMPARE(c.num, 17);   // i % 3 == 1 for i < 50
        const auto all = conversation(store, g7);
        QCOMPARE(store.count(g7, {}, all[10]->mtime, all[19]->mtime).num, 10);
        QCOMPARE(store.count(ConversationKey::of(Category::Room, 7), {}, 0, 0).num, 0);
    }

    void retentionPurge()
    {
        MessageStore store;
        fill(store);
        const qint64 cutoff = store.byId(31)->mtime;
        QCOMPARE(store.purgeOlderThan(cutoff), 30);
        QCOMPARE(store.size(), 120);
        QVERIFY(!store.byId(30));
        QVERIFY(store.byId(31));
        HistoryRequest r;
        r.conversation = ConversationKey::of(Category::Group, 7);
        r.desc = false;
        r.num = 20;
        const HistoryResult page = store.history(r);
        QVERIFY(page.rows.front()->mtime >= cutoff);
        QVERIFY(!store.find(MessageRef{Category::Group, 100, 7, 5000}));
        // New messages continue the ids.
        QCOMPARE(store.append(message(Category::Group, 1, 7, 1, 30, 0)), 151);
        QCOMPARE(store.byId(151)->id, 151);
    }

    // Every answer equals a brute-force evaluation of the 4.3 rules. mtimes often repeat
    // (bursts like a sendmsgs fan-out share one), so the bounds fall on shared values too.
    void randomizedAgainstNaive()
    {
        MessageStore store;
        std::mt19937_64 rng(42);
        auto below = [&](qint64 n) { return qint64(rng() % quint64(n)); };
        qint64 t = 1'000'000;
        std::vector<ConversationKey> keys = {ConversationKey::of(Category::Group, 1), ConversationKey::of(Category::Room, 1),
                                             ConversationKey::p2p(5, 6), ConversationKey::of(Category::Broadcast, 0)};
        int sharedRows = 0;
        for (int i = 0; i < 3000; ++i) {
            if (below(4) != 0)   // else the same mtime as the row before
                t += 1 + below(3);
            else
                ++sharedRows;
            const ConversationKey k = keys[size_t(below(4))];
            const qint64 from = k.category == Category::P2P ? (below(2) ? 5 : 6) : 10 + below(5);
            const qint64 to = k.category == Category::P2P ? (from == 5 ? 6 : 5) : k.a;
            StoredMessage m = message(k.category, from, to, i + 1, int(1 + below(6)), t);
            QVERIFY(store.append(m) != 0);
            if (below(50) == 0)
                store.markDeleted(store.lastId());
        }
        QVERIFY(sharedRows > 500);
        auto qualifies = [&](const StoredMessage *m, const ConversationKey &key, qint64 begin, qint64 end,
                             const QList<int> &mtypes) {
            return ConversationKey::of(*m) == key && (!begin || m->mtime >= begin) && (!end || m->mtime <= end) &&
                   (mtypes.isEmpty() || mtypes.contains(m->mtype));
        };
        for (int q = 0; q < 600; ++q) {
            HistoryRequest r;
            r.conversation = keys[size_t(below(4))];
            r.desc = below(2);
            r.num = int(1 + below(20));
            r.begin = below(3) ? 0 : 1'000'000 + below(6500);
            r.end = below(3) ? 0 : 1'000'000 + below(6500);
            r.lastId = below(2) ? 0 : below(3100);
            if (below(2))
                for (int n = int(below(3)) + 1; n > 0; --n)
                    r.mtypes.append(int(1 + below(6)));
            std::vector<qint64> expected;
            MessageCountResult expectedCount;
            QSet<qint64> senders;
            for (qint64 id = 1; id <= store.lastId(); ++id) {
                const StoredMessage *m = store.byId(id);
                if (!qualifies(m, r.conversation, r.begin, r.end, r.mtypes))
                    continue;
                if (!m->deleted) {
                    ++expectedCount.num;
                    senders.insert(m->from);
                }
                if (r.lastId && (r.desc ? id >= r.lastId : id <= r.lastId))
                    continue;
                expected.push_back(id);
            }
            if (r.desc)
                std::reverse(expected.begin(), expected.end());
            if (expected.size() > size_t(r.num))
                expected.resize(size_t(r.num));
            const HistoryResult page = store.history(r);
            std::vector<qint64> got;
            for (const StoredMessage *m : page.rows)
                got.push_back(m->id);
            QCOMPARE(got, expected);
            const MessageCountResult count = store.count(r.conversation, r.mtypes, r.begin, r.end);
            QCOMPARE(count.num, expectedCount.num);
            QCOMPARE(count.senders, qint64(senders.size()));
        }
        // Retention drops exactly the rows below the cutoff, also when the cutoff is a shared mtime.
        const qint64 cutoff = store.byId(1500)->mtime;
        qint64 older = 0;
        for (qint64 id = 1; id <= store.lastId(); ++id)
            older += store.byId(id)->mtime < cutoff;
        QCOMPARE(store.purgeOlderThan(cutoff), older);
        QVERIFY(store.byId(1500));
        QCOMPARE(store.size(), 3000 - older);
    }
};

QTEST_GUILESS_MAIN(TestSandboxStore)
#include "tst_sandboxstore.moc"
