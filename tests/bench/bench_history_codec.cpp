// bench_history_codec: CPU time and heap allocations per 20-row history page on each side,
// measured apart from the network:
//  - sandbox: the getgroupmsg handler alone on an already parsed quest (store lookup, the
//    answer's msgpack bytes and the answer frame), and for comparison the same answer built
//    as a generic fpnn::Value tree and encoded;
//  - client: decoding one captured answer frame into a HistoryPage, by the fast reader
//    (what RtmClient uses) and by the generic path (Value tree, then the mapper);
//  - the quest side for completeness: decoding the quest's params map and checking its sign.
// Pages are 20 rows of a group of 10,000 messages (bodies of 20..200 bytes of mixed ASCII and
// CJK text, a third with attrs, every tenth deleted, every twentieth binary).
// Build in Release (or RelWithDebInfo); run: bench_history_codec [--pages N]

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <new>
#include <random>
#include <vector>

#include <QCoreApplication>
#include <QDateTime>
#include <QLoggingCategory>
#include <QStringList>

#include "fpnn/answer.h"
#include "fpnn/framecodec.h"
#include "fpnn/msgpackcodec.h"
#include "rtm/resultmapper.h"
#include "rtm/rtmwire.h"
#include "sandbox/auth.h"
#include "sandbox/historyanswer.h"
#include "sandbox/messagestore.h"
#include "sandbox/methods.h"
#include "sandbox/sandboxoptions.h"

// Heap allocations are counted by interposing malloc/calloc/realloc (glibc, not under ASan);
// operator new, QByteArray, QString and std::string all allocate through them.
#include "../common/heapusage.h"
#if defined(__GLIBC__) && !defined(RTM_TEST_ASAN)
extern "C" void *__libc_malloc(std::size_t);
extern "C" void *__libc_calloc(std::size_t, std::size_t);
extern "C" void *__libc_realloc(void *, std::size_t);
namespace {
std::atomic<long long> g_allocations{0};
}
extern "C" void *malloc(std::size_t size)
{
    g_allocations.fetch_add(1, std::memory_order_relaxed);
    return __libc_malloc(size);
}
extern "C" void *calloc(std::size_t n, std::size_t size)
{
    g_allocations.fetch_add(1, std::memory_order_relaxed);
    return __libc_calloc(n, size);
}
extern "C" void *realloc(void *p, std::size_t size)
{
    g_allocations.fetch_add(1, std::memory_order_relaxed);
    return __libc_realloc(p, size);
}
static long long allocations() { return g_allocations.load(std::memory_order_relaxed); }
#else
static long long allocations() { return 0; }   // not counted here
#endif

using namespace sandbox;

namespace {

constexpr qint64 kGroup = 2001;
constexpr qint64 kMessages = 10000;

double threadCpuUs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e6 + double(ts.tv_nsec) / 1e3;
}

QByteArray sampleBody(std::mt19937_64 &rng)
{
    static const char *const words[] = {"hello", "meeting", "at", "10", "tomorrow", "\xe4\xbd\xa0\xe5\xa5\xbd",
                                        "\xe4\xb8\x96\xe7\x95\x8c", "ok", "see", "you", "\xf0\x9f\x98\x80", "thanks"};
    QByteArray out;
    const size_t target = 20 + rng() % 181;
    while (size_t(out.size()) < target) {
        out += words[rng() % (sizeof words / sizeof *words)];
        out += ' ';
    }
    return out;
}

void fill(MessageStore &store, std::mt19937_64 &rng)
{
    const qint64 start = QDateTime::currentMSecsSinceEpoch() - kMessages * 10;
    for (qint64 i = 0; i < kMessages; ++i) {
        StoredMessage m;
        m.category = Category::Group;
        m.to = kGroup;
        m.from = 1001 + qint64(rng() % 40);
        m.mid = 1'700'000'000'000'000 + i;
        m.mtype = quint8(i % 50 == 0 ? 40 : 30 + i % 3);
        m.mtime = start + i * 10;
        m.binary = i % 20 == 7;
        m.msg = m.mtype == 40 ? QByteArray(R"({"url":"https://files.example/a.png","size":1234})") : sampleBody(rng);
        if (i % 3 == 0)
            m.attrs = R"({"lang":"en","client":"bench"})";
        store.append(std::move(m));
        if (i % 10 == 3)
            store.markDeleted(store.lastId());
    }
}

fpnn::Value historyParams(qint64 lastId)
{
    fpnn::Value p = fpnn::Value::map();
    p.insert("uid", 1001);
    p.insert("gid", kGroup);
    p.insert("desc", true);
    p.insert("num", 20);
    p.insert("lastid", lastId);
    return p;
}

fpnn::Value signedParams(qint64 lastId, qint64 salt)
{
    const qint64 ts = QDateTime::currentSecsSinceEpoch();
    fpnn::Value p = fpnn::Value::map();
    p.insert("pid", kDemoPid);
    p.insert("sign", fpnn::Value::str(rtm::computeSign(kDemoPid, kDemoSecret, salt, "getgroupmsg", ts)));
    p.insert("salt", salt);
    p.insert("ts", ts);
    const fpnn::Value history = historyParams(lastId);
    for (const auto &[k, v] : *history.asMap())
        p.insert(k, v);
    return p;
}

struct Figure {
    double us = 0;
    double allocs = 0;
};

QString g_only;   // --only TEXT: measure just the figures whose name contains TEXT (profiling)

template <typename Body>
Figure measure(const char *name, int pages, Body body)
{
    if (!g_only.isEmpty() && !QString::fromUtf8(name).contains(g_only))
        return {};
    for (int i = 0; i < pages / 10; ++i)   // warm-up
        body(i);
    const long long a0 = allocations();
    const double t0 = threadCpuUs();
    for (int i = 0; i < pages; ++i)
        body(i);
    const double t1 = threadCpuUs();
    const long long a1 = allocations();
    return {(t1 - t0) / pages, double(a1 - a0) / pages};
}

void print(const char *name, const Figure &f)
{
    if (!g_only.isEmpty() && !QString::fromUtf8(name).contains(g_only))
        return;
    std::printf("  %-58s %7.2f us CPU/page  %6.1f allocations/page\n", name, f.us, f.allocs);
}

int sink = 0;   // keeps results observable so the loops are not optimised away

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("rtm.*.debug=false\nrtm.*.info=false"));
    int pages = 20000;
    const QStringList args = app.arguments();
    if (const int i = int(args.indexOf(QStringLiteral("--pages"))); i > 0 && i + 1 < args.size())
        pages = qMax(100, args[i + 1].toInt());
    if (const int i = int(args.indexOf(QStringLiteral("--only"))); i > 0 && i + 1 < args.size())
        g_only = args[i + 1];
#ifndef NDEBUG
    std::printf("note: this is not a Release build; figures are pessimistic\n");
#endif

    std::mt19937_64 rng(2024);
    MessageStore store;
    fill(store, rng);
    MessageMethods methods(store, nullptr);

    // Random page positions, the same for every measurement.
    std::vector<qint64> lastIds(static_cast<size_t>(pages));
    for (qint64 &id : lastIds)
        id = qint64(rng() % quint64(kMessages - 40)) + 41;
    std::vector<fpnn::Value> params;
    params.reserve(lastIds.size());
    for (qint64 id : lastIds)
        params.push_back(historyParams(id));

    std::printf("history page = 20 rows (getgroupmsg, desc) from a random lastid; %d pages per figure\n\n", pages);

    // --- sandbox side ---
    std::printf("sandbox (answer for an already parsed and authenticated quest):\n");
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const Figure handler = measure("handler + answer frame (what the sandbox runs)", pages, [&](int i) {
        const fpnn::Answer a = methods.getGroupMsg(params[size_t(i)], now);
        const QByteArray frame = fpnn::encodeFrame(fpnn::frameForAnswer(a, quint32(i), 1));
        sink += int(frame.size());
    });
    print("handler + answer frame (what the sandbox runs)", handler);
    const Figure tree = measure("store page + generic Value tree + answer frame (before)", pages, [&](int i) {
        HistoryRequest r;
        r.conversation = ConversationKey::of(Category::Group, kGroup);
        r.lastId = lastIds[size_t(i)];
        const HistoryResult result = store.history(r);
        const fpnn::Value answer = historyAnswerTree(result, Category::Group, 1001);
        const QByteArray frame = fpnn::encodeFrame(fpnn::frameForAnswer(fpnn::Answer::success(answer), quint32(i), 1));
        sink += int(frame.size());
    });
    print("store page + generic Value tree + answer frame (before)", tree);
    const Figure storeOnly = measure("  of which the store lookup", pages, [&](int i) {
        HistoryRequest r;
        r.conversation = ConversationKey::of(Category::Group, kGroup);
        r.lastId = lastIds[size_t(i)];
        sink += int(store.history(r).rows.size());
    });
    print("  of which the store lookup", storeOnly);

    // Quest side of the sandbox, for completeness: params decode and sign check.
    std::vector<QByteArray> questPayloads;
    for (int i = 0; i < 1000; ++i)
        questPayloads.push_back(fpnn::encodeMsgpack(signedParams(lastIds[size_t(i)], 1000 + i)));
    const Figure questDecode = measure("quest params decode (Value tree, 10 keys)", pages, [&](int i) {
        sink += int(fpnn::decodePayload(questPayloads[size_t(i % 1000)]).value.asMap()->size());
    });
    print("quest params decode (Value tree, 10 keys)", questDecode);
    Authenticator auth(Authenticator::Settings{kDemoPid, kDemoSecret, 300, false, 0});
    std::vector<fpnn::Value> signedQuests;
    for (int i = 0; i < 1000; ++i)
        signedQuests.push_back(signedParams(lastIds[size_t(i)], 5000 + i));
    const Figure authCheck = measure("sign check (MD5)", pages, [&](int i) {
        sink += auth.check("getgroupmsg", signedQuests[size_t(i % 1000)], now) ? 1 : 0;
    });
    print("sign check (MD5)", authCheck);

    // --- client side ---
    std::vector<fpnn::Frame> frames;
    frames.reserve(1000);
    size_t frameBytes = 0;
    for (int i = 0; i < 1000; ++i) {
        const fpnn::Answer a = methods.getGroupMsg(params[size_t(i)], now);
        fpnn::FrameDecoder decoder;
        decoder.feed(fpnn::encodeFrame(fpnn::frameForAnswer(a, quint32(i + 1), 1)));
        frames.push_back(decoder.takeFrame());
        frameBytes += size_t(frames.back().payload.size());
    }
    std::printf("\nclient (one captured answer frame -> HistoryPage; %zu bytes of msgpack per page on average):\n",
                frameBytes / frames.size());
    const rtm::result::HistoryContext context{rtm::MessageCategory::Group, 1001, kGroup};
    const Figure fast = measure("fast reader (what RtmClient runs)", pages, [&](int i) {
        const fpnn::Frame &f = frames[size_t(i % 1000)];
        const fpnn::Answer a = fpnn::answerFromFrame(f, {}, fpnn::AnswerPayload::Packed);
        rtm::HistoryPage page;
        const rtm::RtmError e = rtm::result::toHistoryPage(a, context, {}, &page);
        sink += int(page.messages.size()) + e.code;
    });
    print("fast reader (what RtmClient runs)", fast);
    const Figure generic = measure("generic: Value tree + mapper (before)", pages, [&](int i) {
        const fpnn::Frame &f = frames[size_t(i % 1000)];
        const fpnn::Answer a = fpnn::answerFromFrame(f);
        rtm::HistoryPage page;
        const rtm::RtmError e = rtm::result::toHistoryPage(a.payload, context, &page);
        sink += int(page.messages.size()) + e.code;
    });
    print("generic: Value tree + mapper (before)", generic);
    const Figure treeOnly = measure("  of which the Value tree", pages, [&](int i) {
        sink += int(fpnn::decodePayload(frames[size_t(i % 1000)].payload).value.asMap()->size());
    });
    print("  of which the Value tree", treeOnly);
    const Figure frameDecode = measure("framing (FrameDecoder, both paths)", pages, [&](int i) {
        static fpnn::FrameDecoder decoder;
        static std::vector<QByteArray> wire;
        if (wire.empty())
            for (const fpnn::Frame &f : frames)
                wire.push_back(fpnn::encodeFrame(f));
        decoder.feed(wire[size_t(i % 1000)]);
        sink += int(decoder.takeFrame().payload.size());
    });
    print("framing (FrameDecoder, both paths)", frameDecode);

    std::printf("\n(checksum %d)\n", sink & 0xff);
    return 0;
}
