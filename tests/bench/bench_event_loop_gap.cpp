// bench_event_loop_gap: how long the console's event loop stalls while someone works with
// 100k loaded history rows. A history tab (offscreen) gets 100k rows put straight into its
// model — chat-sized messages, attrs from empty to a few KB (a fifth longer than the 200
// characters the table shows), plus one row with 256 KB and one with 1 MB of one-line attrs.
// Then, driven from the event loop like a person: a text filter typed key by key (and
// shortened and cleared), a sender uid typed, the current row moved through the table and
// onto the two huge rows, "Show all" on their attrs, "Select all matching".
//
// A 5 ms timer records the time between its firings; a gap much longer than 5 ms is a
// stall the user would feel. Printed: the largest gap, p99 and p50 of all gaps, the largest
// gap per phase, and the time from a filter change to its result in the table.
//
// Build in Release: cmake -DCMAKE_BUILD_TYPE=Release; run: bench_event_loop_gap [--rows N]
// [--no-slices] (--no-slices checks all rows in one go, as a filter without slicing would).

#include <algorithm>
#include <cstdio>
#include <functional>
#include <random>
#include <vector>

#include <time.h>

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QTimer>

#include "eventloopsteps.h"

#include "historyfilterproxy.h"
#include "historyview.h"
#include "messagedetails.h"
#include "service/historymodel.h"

namespace {

qint64 threadCpuNs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

// Records the gaps between firings of a 5 ms timer: wall-clock time, and the CPU time the
// GUI thread spent in between (on a busy machine the wall gap also holds time the thread
// was waiting for a core; the CPU time is what the console's own code took).
class GapMeter : public QObject {
public:
    GapMeter()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(5);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            const qint64 ns = m_clock.nsecsElapsed();
            const qint64 cpu = threadCpuNs();
            if (m_last >= 0) {
                m_gaps.push_back(double(ns - m_last) / 1e6);
                m_cpu.push_back(double(cpu - m_lastCpu) / 1e6);
            }
            m_last = ns;
            m_lastCpu = cpu;
        });
    }
    void start()
    {
        m_clock.start();
        m_last = -1;
        m_timer.start();
    }
    void stop() { m_timer.stop(); }
    size_t mark() const { return m_gaps.size(); }
    static double maxOf(const std::vector<double> &v, size_t from)
    {
        return from < v.size() ? *std::max_element(v.begin() + qsizetype(from), v.end()) : 0;
    }
    double maxSince(size_t from) const { return maxOf(m_gaps, from); }
    double maxCpuSince(size_t from) const { return maxOf(m_cpu, from); }
    static double percentile(std::vector<double> v, double p)
    {
        if (v.empty())
            return 0;
        std::sort(v.begin(), v.end());
        return v[std::min(v.size() - 1, size_t(p * double(v.size())))];
    }
    double percentile(double p) const { return percentile(m_gaps, p); }
    double cpuPercentile(double p) const { return percentile(m_cpu, p); }
    size_t count() const { return m_gaps.size(); }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = -1;
    qint64 m_lastCpu = 0;
    std::vector<double> m_gaps;
    std::vector<double> m_cpu;
};

using bench::runFor;
using bench::step;

// Runs the event loop until `done` (checked every few ms), at most `timeoutMs`.
bool runUntil(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() > timeoutMs)
            return false;
        runFor(2);
    }
    return true;
}

const char *const kWords[] = {"order", "delivery", "payment", "refund", "hello", "thanks", "shipping", "status",
                              "update", "customer", "support", "ticket", "invoice", "account", "login", "error",
                              "please", "check", "today", "tomorrow", "package", "address", "message", "room"};

QByteArray words(std::mt19937_64 &rng, int minChars, int maxChars)
{
    const int target = minChars + int(rng() % quint64(maxChars - minChars + 1));
    QByteArray out;
    while (out.size() < target) {
        if (!out.isEmpty())
            out += ' ';
        out += kWords[rng() % std::size(kWords)];
        if (rng() % 7 == 0)
            out += ' ' + QByteArray::number(qint64(rng() % 100000));
    }
    return out;
}

std::vector<rtm::HistoryMessage> makeRows(int count, std::mt19937_64 &rng)
{
    std::vector<rtm::HistoryMessage> rows;
    rows.reserve(size_t(count) + 2);
    const qint64 now = 1764547200000;
    for (int i = 0; i < count; ++i) {
        rtm::HistoryMessage m;
        m.cursorId = 5'000'000'000'000'000'000 + i;
        m.fromUid = 1001 + qint64(rng() % 40);
        m.toId = 2001;
        m.messageType = rng() % 10 < 6 ? 30 : int(51 + rng() % 5);
        m.messageId = 9'140'932'157'832'970'000 + i;
        m.message = words(rng, 20, 300);
        const quint64 kind = rng() % 10;
        if (kind < 3)
            m.attrs = {};
        else if (kind < 8)
            m.attrs = "{\"client\": \"web\", \"seq\": " + QByteArray::number(i) + "}";
        else
            m.attrs = "{\"note\": \"" + words(rng, 220, 3000) + "\"}";   // longer than the table shows
        m.modifiedTime = now - i * 1000;
        rows.push_back(std::move(m));
    }
    return rows;
}

rtm::HistoryMessage hugeRow(qint64 cursor, int attrsBytes)
{
    rtm::HistoryMessage m;
    m.cursorId = cursor;
    m.fromUid = 1001;
    m.toId = 2001;
    m.messageType = 51;
    m.messageId = cursor;
    m.message = "a message with " + QByteArray::number(attrsBytes / 1024) + " KB of one-line attrs";
    QByteArray blob;
    blob.reserve(attrsBytes);
    while (blob.size() < attrsBytes - 16)
        blob += "lorem ipsum dolor sit amet ";
    m.attrs = "{\"blob\": \"" + blob.left(attrsBytes - 13) + "\"}";
    m.modifiedTime = 1764547200000;
    return m;
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    int rowCount = 100'000;
    bool slices = true;
    const QStringList args = app.arguments();
    for (int i = 1; i < args.size(); ++i) {
        if (args[i] == QLatin1String("--rows") && i + 1 < args.size())
            rowCount = args[++i].toInt();
        else if (args[i] == QLatin1String("--no-slices"))
            slices = false;
    }

    ui::HistoryView view(rtm::MessageCategory::Group);
    view.resize(1400, 900);
    view.show();
    service::HistoryTarget target;
    target.category = rtm::MessageCategory::Group;
    target.uid = 1001;
    target.target = 2001;
    view.model()->setTarget(target);
    std::mt19937_64 rng(8);
    std::vector<rtm::HistoryMessage> rows = makeRows(rowCount, rng);
    rows.insert(rows.begin() + 3, hugeRow(1, 256 * 1024));
    rows.insert(rows.begin() + 6, hugeRow(2, 1024 * 1024));
    qint64 bytes = 0;
    for (const auto &m : rows)
        bytes += m.message.size() + m.attrs.size();
    QElapsedTimer fillClock;
    fillClock.start();
    view.model()->appendMessages(std::move(rows));
    std::printf("bench_event_loop_gap: %d rows (+2 huge), %.1f MB of message and attrs, filled in %lld ms%s\n",
                view.model()->rowCount() - 2, double(bytes) / 1e6, fillClock.elapsed(),
                slices ? "" : " [--no-slices]");
    ui::HistoryFilterProxy *proxy = view.proxy();
    if (!slices)
        proxy->setSliceBudget(-1);
    runFor(300);

    // Time from a filter being applied (after the typing pause) to its result in the table.
    QElapsedTimer filterClock;
    std::vector<double> filterTimes;
    QObject::connect(proxy, &ui::HistoryFilterProxy::scanningChanged, [&](bool scanning) {
        if (scanning)
            filterClock.start();
    });
    QObject::connect(proxy, &ui::HistoryFilterProxy::filterApplied, [&] {
        if (filterClock.isValid())
            filterTimes.push_back(double(filterClock.nsecsElapsed()) / 1e6);
    });

    auto *text = view.findChild<QLineEdit *>(QStringLiteral("filterText"));
    auto *sender = view.findChild<QLineEdit *>(QStringLiteral("filterSender"));
    QTableView *table = view.table();
    ui::MessageDetails *details = view.details();
    const auto idle = [&] { return !proxy->isScanning() && proxy->pendingCriteria() == proxy->criteria()
                                   && proxy->criteria() == ui::HistoryFilterCriteria::fromInput(sender->text(), text->text(), {}); };
    const auto typeKeys = [&](QLineEdit *edit, const QString &keys) {
        for (QChar c : keys)
            step([edit, c] { edit->insert(QString(c)); }, 120);   // ~8 keys a second
        runUntil(idle, 60000);
    };
    const auto backspace = [&](QLineEdit *edit, int n) {
        for (int i = 0; i < n; ++i)
            step([edit] { edit->backspace(); }, 120);
        runUntil(idle, 60000);
    };

    GapMeter meter;
    meter.start();
    struct Phase { const char *name; double maxGap; double maxCpu; };
    std::vector<Phase> phases;
    size_t mark = meter.mark();
    const auto endPhase = [&](const char *name) {
        runFor(50);
        phases.push_back({name, meter.maxSince(mark), meter.maxCpuSince(mark)});
        mark = meter.mark();
    };

    runFor(1000);
    endPhase("idle (baseline: timer and machine)");

    typeKeys(text, QStringLiteral("delivery 4"));
    const int matchesText = proxy->rowCount();
    endPhase("type \"delivery 4\"");
    backspace(text, 2);
    endPhase("backspace x2");
    step([text] { text->clear(); }, 50);
    runUntil(idle, 60000);
    endPhase("clear text");
    typeKeys(text, QStringLiteral("ipsum"));   // only the two huge attrs have it
    const int matchesIpsum = proxy->rowCount();
    endPhase("type \"ipsum\" (in the huge attrs)");
    step([text] { text->clear(); }, 50);
    runUntil(idle, 60000);
    typeKeys(sender, QStringLiteral("1007"));
    const int matchesSender = proxy->rowCount();
    endPhase("type sender 1007");
    step([sender] { sender->clear(); }, 50);
    runUntil(idle, 60000);
    endPhase("clear sender");

    for (int r = 0; r < 40; ++r)
        step([table, r] { table->setCurrentIndex(table->model()->index(r, 0)); }, 20);
    endPhase("move through 40 rows (2 huge)");
    QElapsedTimer detailsClock;
    double openMs = 0, showAllMs = 0;
    step([&] {
        detailsClock.start();
        table->setCurrentIndex(table->model()->index(6, 0));   // the 1 MB row
        openMs = double(detailsClock.nsecsElapsed()) / 1e6;
    }, 100);
    step([&] {
        detailsClock.start();
        details->findChild<QPushButton *>(QStringLiteral("detailsAttrsShowAll"))->click();
        showAllMs = double(detailsClock.nsecsElapsed()) / 1e6;
    }, 200);
    endPhase("1 MB attrs: open + Show all");
    typeKeys(text, QStringLiteral("refund"));
    step([&] { view.selectAllMatching(); }, 100);
    endPhase("type \"refund\" + select all matching");
    backspace(text, 6);
    endPhase("clear text with a selection");

    meter.stop();
    const int selected = int(view.selectedSourceRows().size());
    std::printf("matches: \"delivery 4\" %d, \"ipsum\" %d, sender 1007 %d; selected %d\n",
                matchesText, matchesIpsum, matchesSender, selected);
    std::printf("details, 1 MB attrs row: shown in %.1f ms, Show all in %.1f ms\n", openMs, showAllMs);
    std::printf("%-40s %10s %14s\n", "phase", "max gap", "(of it CPU)");
    for (const Phase &p : phases)
        std::printf("%-40s %7.1f ms %11.1f ms\n", p.name, p.maxGap, p.maxCpu);
    double total = 0, longest = 0;
    for (double t : filterTimes) {
        total += t;
        longest = std::max(longest, t);
    }
    std::printf("event loop gaps (5 ms timer, %zu samples): max %.1f ms, p99 %.1f ms, p50 %.1f ms\n",
                meter.count(), meter.maxSince(0), meter.percentile(0.99), meter.percentile(0.50));
    std::printf("GUI thread CPU time per gap:              max %.1f ms, p99 %.1f ms, p50 %.1f ms\n",
                meter.maxCpuSince(0), meter.cpuPercentile(0.99), meter.cpuPercentile(0.50));
    std::printf("filter applications: %zu, total %.0f ms, longest %.0f ms (change to result in the table)\n",
                filterTimes.size(), total, longest);
    return 0;
}
