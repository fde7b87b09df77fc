// bench_load_all: "Load all" of 100k group messages from the in-process sandbox, once into
// a bare HistoryModel (model only: its own session, nothing listening) and once in the
// group tab of a shown MainWindow (offscreen): the table, the filter proxy, the footer and
// progress, the activity log dock — what a user waits for. Runs alternate (model, view,
// model, view, …); printed: every run, the medians and their ratio, and the largest
// event-loop gap during each view run.
//
// Then, with the 100k rows in the table, what else a user can do to them, each with its
// largest event-loop gap: type a text filter key by key and clear it, "Select all
// matching", Select all (Ctrl+A) with no filter, Copy is not timed (clipboard); sorting by
// a header click (each sortable kind of column, both ways, with no row and with every row
// selected) and Restore server order, each until the table shows the sorted rows.
//
// Last, Load all again with the table sorted (by mid, and by message text): the rows are
// sorted in as they arrive; its largest gap, and whether the final table is in order.
//
// Gaps are measured as in bench_event_loop_gap: a 5 ms timer records the time between its
// firings (wall clock, and of it the GUI thread's CPU time).
//
// The sandbox data: a journal written to a temporary folder (chat-sized texts, small JSON
// attrs), read by the sandbox at start. Settings, audit log and secrets go to the same
// temporary folder.
//
// Build in Release: cmake -DCMAKE_BUILD_TYPE=Release; run: bench_load_all [--rows N] [--runs R]
// [--model-only | --view-only] [--load-only] [--coalesce MS] [--grab FILE] (FILE: a PNG of the window during the first view
// load, with its progress). --coalesce: the model's batch interval (default 100 ms; 0 =
// one insert per page, as before batching).

#include <algorithm>
#include <cstdio>
#include <functional>
#include <memory>
#include <random>
#include <vector>

#include <time.h>

#include <QApplication>
#include <QDir>
#include <QHeaderView>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QLineEdit>
#include <QPixmap>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include "eventloopsteps.h"

#include "common/mainwindowparts.h"
#include "historyfilterproxy.h"
#include "historysortkeys.h"
#include "historyview.h"
#include "mainwindow.h"
#include "sandbox/journal.h"
#include "sandbox/sandboxoptions.h"
#include "secretstore.h"
#include "service/historymodel.h"
#include "service/loggingfilter.h"
#include "service/rtmsession.h"

namespace {

constexpr qint64 kGid = 4242;
constexpr qint64 kReader = 1001;

qint64 cpuNs(clockid_t clock)
{
    timespec ts{};
    clock_gettime(clock, &ts);
    return qint64(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

qint64 threadCpuNs()
{
    return cpuNs(CLOCK_THREAD_CPUTIME_ID);
}

// Wall time and CPU time (the GUI thread's, and the whole process's with the sandbox
// thread) of one load; on a busy machine the CPU times are the steadier figures.
struct Times {
    double wallMs = 0;
    double guiCpuMs = 0;
    double processCpuMs = 0;
};

class Stopwatch {
public:
    Stopwatch()
    {
        m_wall.start();
        m_gui = threadCpuNs();
        m_process = cpuNs(CLOCK_PROCESS_CPUTIME_ID);
    }
    Times elapsed() const
    {
        return {double(m_wall.nsecsElapsed()) / 1e6, double(threadCpuNs() - m_gui) / 1e6,
                double(cpuNs(CLOCK_PROCESS_CPUTIME_ID) - m_process) / 1e6};
    }

private:
    QElapsedTimer m_wall;
    qint64 m_gui = 0;
    qint64 m_process = 0;
};

// The gaps between firings of a 5 ms timer (wall clock and GUI-thread CPU time).
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
                m_maxGap = std::max(m_maxGap, double(ns - m_last) / 1e6);
                m_maxCpu = std::max(m_maxCpu, double(cpu - m_lastCpu) / 1e6);
            }
            m_last = ns;
            m_lastCpu = cpu;
        });
    }
    void start()
    {
        // The first gap counts from now: work started right away (a step's action) would
        // otherwise end before the first firing and go unseen.
        m_clock.start();
        m_last = 0;
        m_lastCpu = threadCpuNs();
        m_maxGap = m_maxCpu = 0;
        m_timer.start();
    }
    // The largest gap since start(), including the one still open.
    void stop()
    {
        if (m_last >= 0)
            m_maxGap = std::max(m_maxGap, double(m_clock.nsecsElapsed() - m_last) / 1e6);
        m_timer.stop();
    }
    double maxGap() const { return m_maxGap; }
    double maxCpu() const { return m_maxCpu; }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = -1;
    qint64 m_lastCpu = 0;
    double m_maxGap = 0;
    double m_maxCpu = 0;
};

using bench::runFor;
using bench::step;

bool runUntil(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 5);
    }
    return true;
}

const char *const kWords[] = {"order", "delivery", "payment", "refund", "hello", "thanks", "shipping", "status",
                              "update", "customer", "support", "ticket", "invoice", "account", "login", "error"};

// A journal with `rows` messages of group kGid (protocol-valid ids and mtimes).
bool writeJournal(const QString &path, int rows)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return false;
    QByteArray out = sandbox::Journal::header(sandbox::kDemoPid);
    std::mt19937_64 rng(10);
    const qint64 start = QDateTime::currentMSecsSinceEpoch() - qint64(rows) * 1000;
    for (int i = 0; i < rows; ++i) {
        sandbox::StoredMessage m;
        m.id = i + 1;
        m.mtime = start + qint64(i) * 1000;
        m.from = 1001 + qint64(rng() % 40);
        m.to = kGid;
        m.mid = 1'000'000 + i;
        m.category = sandbox::Category::Group;
        m.mtype = rng() % 10 < 6 ? 30 : quint8(51 + rng() % 5);
        const int words = 4 + int(rng() % 30);
        for (int w = 0; w < words; ++w) {
            if (w)
                m.msg += ' ';
            m.msg += kWords[rng() % std::size(kWords)];
        }
        m.attrs = "{\"client\": \"web\", \"seq\": " + QByteArray::number(i) + "}";
        out += sandbox::Journal::encodeMessage(m);
        if (out.size() > (1 << 22)) {
            f.write(out);
            out.clear();
        }
    }
    return f.write(out) == out.size() && f.flush();
}

service::HistoryTarget groupTarget()
{
    service::HistoryTarget t;
    t.category = rtm::MessageCategory::Group;
    t.uid = kReader;
    t.target = kGid;
    return t;
}

double median(std::vector<double> v)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

std::vector<double> field(const std::vector<Times> &runs, double Times::*member)
{
    std::vector<double> out;
    for (const Times &t : runs)
        out.push_back(t.*member);
    return out;
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    // Settings, audit log and secrets of this run stay in a temporary folder.
    QTemporaryDir home(QDir::tempPath() + QStringLiteral("/bench-load-all-XXXXXX"));
    for (const char *name : {"HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"})
        qputenv(name, QFile::encodeName(home.path()));
    qputenv("RTM_AUDIT_LOG", QFile::encodeName(home.filePath(QStringLiteral("audit.jsonl"))));
    qputenv("RTM_SECRET_STORE", "memory");
    QStandardPaths::setTestModeEnabled(true);

    QApplication app(argc, argv);
    service::installLoggingFilter(false);   // as rtm-console does
    int rows = 100'000;
    int runs = 3;
    bool modelRuns = true, viewRuns = true, afterLoad = true;
    QString grabFile;
    int coalesceMs = service::HistoryModel::DefaultCoalesceMs;
    const QStringList args = app.arguments();
    for (int i = 1; i < args.size(); ++i) {
        if (args[i] == QLatin1String("--rows") && i + 1 < args.size())
            rows = args[++i].toInt();
        else if (args[i] == QLatin1String("--runs") && i + 1 < args.size())
            runs = std::max(1, args[++i].toInt());
        else if (args[i] == QLatin1String("--model-only"))   // for a profiler
            viewRuns = afterLoad = false;
        else if (args[i] == QLatin1String("--view-only"))
            modelRuns = false;
        else if (args[i] == QLatin1String("--load-only"))
            afterLoad = false;
        else if (args[i] == QLatin1String("--coalesce") && i + 1 < args.size())
            coalesceMs = args[++i].toInt();
        else if (args[i] == QLatin1String("--grab") && i + 1 < args.size())
            grabFile = args[++i];
        else if (args[i] == QLatin1String("--sort-only"))   // only the sorting figures
            modelRuns = false, runs = 1;
    }

    const QString journal = home.filePath(QStringLiteral("sandbox.journal"));
    if (!writeJournal(journal, rows)) {
        std::fprintf(stderr, "bench_load_all: cannot write %s\n", qPrintable(journal));
        return 1;
    }

    ui::MemorySecretStore secrets;
    ui::MainWindow window(&secrets);
    window.resize(1400, 900);
    window.show();
    QSignalSpy started(&window, &ui::MainWindow::sandboxStarted);
    sandbox::SandboxOptions options;
    options.dataFile = journal;
    options.idleTimeoutSec = 0;
    window.startSandbox(options);
    if (!started.wait(120000) || !runUntil([&] { return window.session() && window.session()->state() == service::RtmSession::State::Connected; }, 30000)) {
        std::fprintf(stderr, "bench_load_all: the sandbox did not start\n");
        return 1;
    }
    const quint16 port = started.first().first().value<quint16>();

    service::SessionConfig config;
    config.profileName = QStringLiteral("bench");
    config.host = QStringLiteral("127.0.0.1");
    config.port = port;
    config.pid = sandbox::kDemoPid;
    config.secret = sandbox::kDemoSecret;
    config.rateLimitPerSecond = 0;
    service::RtmSession modelSession(config);
    modelSession.setAuditLog(nullptr);

    ui::HistoryView *view = rtmtest::historyView(window, rtm::MessageCategory::Group);
    view->model()->setCoalesceMs(coalesceMs);
    rtmtest::tabs(window)->setCurrentWidget(view);
    view->setDefaults(kReader, kGid);
    runFor(300);

    std::printf("bench_load_all: Load all of %d group messages from the in-process sandbox, %d runs each\n", rows, runs);
    std::vector<Times> modelTimes, viewTimes;
    std::vector<double> viewGaps;
    GapMeter meter;
    for (int run = 0; run < runs; ++run) {
        if (modelRuns) {
            service::HistoryModel model;
            model.setCoalesceMs(coalesceMs);
            model.setSession(&modelSession);
            model.setTarget(groupTarget());
            bool done = false;
            QObject::connect(&model, &service::HistoryModel::loadAllFinished, [&] { done = true; });
            const Stopwatch clock;
            model.loadAll();
            if (!runUntil([&] { return done; }, 600000) || model.rowCount() != rows) {
                std::fprintf(stderr, "bench_load_all: model-only load ended at %d rows\n", model.rowCount());
                return 1;
            }
            modelTimes.push_back(clock.elapsed());
            std::printf("run %d: model only %7.0f ms (CPU: GUI thread %6.0f ms, process %6.0f ms)\n", run + 1,
                        modelTimes.back().wallMs, modelTimes.back().guiCpuMs, modelTimes.back().processCpuMs);
        }
        runFor(200);
        if (viewRuns) {
            if (!view->open()) {
                std::fprintf(stderr, "bench_load_all: the group tab did not open\n");
                return 1;
            }
            runUntil([&] { return !view->model()->isLoading(); }, 60000);   // the first page, as a user sees it
            runFor(100);
            bool done = false;
            const auto c = QObject::connect(view->model(), &service::HistoryModel::loadAllFinished, [&] { done = true; });
            const auto g = QObject::connect(view->model(), &service::HistoryModel::loadAllProgressChanged, [&] {
                if (!grabFile.isEmpty() && view->model()->loadAllProgress().loaded() > rows / 3) {
                    window.grab().save(grabFile);
                    grabFile.clear();
                }
            });
            meter.start();
            const Stopwatch clock;
            view->loadAll();
            if (!runUntil([&] { return done; }, 600000) || view->model()->rowCount() != rows) {
                std::fprintf(stderr, "bench_load_all: view load ended at %d rows\n", view->model()->rowCount());
                return 1;
            }
            viewTimes.push_back(clock.elapsed());
            runFor(20);   // the repaint after the last rows belongs to the load
            meter.stop();
            viewGaps.push_back(meter.maxGap());
            QObject::disconnect(c);
            QObject::disconnect(g);
            std::printf("run %d: view shown %7.0f ms (CPU: GUI thread %6.0f ms, process %6.0f ms); "
                        "max event-loop gap %.1f ms (of it CPU %.1f ms)\n", run + 1, viewTimes.back().wallMs,
                        viewTimes.back().guiCpuMs, viewTimes.back().processCpuMs, viewGaps.back(), meter.maxCpu());
        }
        runFor(200);
    }
    if (modelRuns && viewRuns) {
        const auto line = [&](const char *what, double Times::*member) {
            const double m = median(field(modelTimes, member)), v = median(field(viewTimes, member));
            std::printf("median %-22s model only %7.0f ms, view shown %7.0f ms, ratio %.2f\n", what, m, v, m > 0 ? v / m : 0);
        };
        line("wall time:", &Times::wallMs);
        line("GUI thread CPU:", &Times::guiCpuMs);
        line("process CPU:", &Times::processCpuMs);
    }
    if (viewRuns)
        std::printf("largest event-loop gap during a view load: %.1f ms\n", *std::max_element(viewGaps.begin(), viewGaps.end()));
    if (!afterLoad || !viewRuns)
        return 0;

    // --- with every row in the table ---
    ui::HistoryFilterProxy *proxy = view->proxy();
    auto *text = view->findChild<QLineEdit *>(QStringLiteral("filterText"));
    QTableView *table = view->table();
    const auto idle = [&] {
        return !proxy->isScanning() && !proxy->isSorting() && proxy->pendingCriteria() == proxy->criteria()
               && proxy->criteria() == ui::HistoryFilterCriteria::fromInput({}, text->text(), {});
    };
    const auto phase = [&](const char *name, const std::function<void()> &work) {
        meter.start();
        work();
        runUntil(idle, 60000);
        runFor(50);
        meter.stop();
        std::printf("%-44s max gap %6.1f ms (CPU %5.1f ms)\n", name, meter.maxGap(), meter.maxCpu());
    };
    std::printf("with %d rows in the table:\n", view->model()->rowCount());
    phase("type filter \"refund\" key by key", [&] {
        for (QChar c : QStringLiteral("refund"))
            step([text, c] { text->insert(QString(c)); }, 120);
    });
    const int matches = proxy->rowCount();
    phase("Select all matching", [&] { step([view] { view->selectAllMatching(); }, 100); });
    const int selected = int(table->selectionModel()->selectedRows().size());
    phase("clear the filter (selection kept)", [&] { step([text] { text->clear(); }, 100); });
    phase("Select all (Ctrl+A), no filter", [&] {
        step([table] {
            table->setFocus();
            QTest::keyClick(table, Qt::Key_A, Qt::ControlModifier);
        }, 100);
    });
    phase("scroll to the end and back", [&] {
        step([table] { table->scrollToBottom(); }, 50);
        step([table] { table->scrollToTop(); }, 50);
    });
    std::printf("(\"refund\" matched %d rows, %d selected by Select all matching)\n", matches, selected);

    // --- sorting: a header click, as a user does ---
    using service::HistoryModel;
    const auto clickHeader = [table](int column) {
        QHeaderView *h = table->horizontalHeader();
        const int x = h->sectionViewportPosition(column) + h->sectionSize(column) / 2;
        QTest::mouseClick(h->viewport(), Qt::LeftButton, {}, QPoint(x, h->height() / 2));
    };
    // Is the table in order by `column` (number columns), as far as the keys can tell?
    const auto inOrder = [&](int column, bool descending) {
        const auto key = [&](int proxyRow) {
            const rtm::HistoryMessage &m = view->model()->message(proxy->mapToSource(proxy->index(proxyRow, 0)).row());
            return column == HistoryModel::MidColumn ? m.messageId : column == HistoryModel::TimeColumn ? m.modifiedTime : m.fromUid;
        };
        for (int r = 1; r < proxy->rowCount(); ++r)
            if (descending ? key(r - 1) < key(r) : key(r - 1) > key(r))
                return false;
        return true;
    };
    const auto sortPhases = [&](const char *selection) {
        const struct { const char *name; int column; } columns[] = {
            {"mid", HistoryModel::MidColumn}, {"time", HistoryModel::TimeColumn},
            {"sender", HistoryModel::FromColumn}, {"message text", HistoryModel::MessageColumn},
            {"attrs", HistoryModel::AttrsColumn}};
        for (const auto &c : columns) {
            for (const char *way : {"ascending", "descending"}) {
                const QByteArray name = QByteArray("sort by ") + c.name + " " + way + ", " + selection;
                phase(name.constData(), [&] { step([&] { clickHeader(c.column); }, 50); });
                if (ui::HistorySortKeys::isNumberColumn(c.column) && !inOrder(c.column, proxy->sortOrder() == Qt::DescendingOrder))
                    std::printf("  ... NOT in order\n");
            }
        }
        const QByteArray name = QByteArray("Restore server order, ") + selection;
        phase(name.constData(), [&] { step([view] { view->restoreServerOrder(); }, 50); });
    };
    step([table] { table->clearSelection(); }, 50);
    sortPhases("no selection");
    step([table] {
        table->setFocus();
        QTest::keyClick(table, Qt::Key_A, Qt::ControlModifier);
    }, 100);
    sortPhases("every row selected");
    step([table] { table->clearSelection(); }, 50);

    // --- Load all with the table sorted ---
    for (const auto &[name, column] : {std::pair{"mid", int(HistoryModel::MidColumn)},
                                       std::pair{"message text", int(HistoryModel::MessageColumn)}}) {
        step([&] { table->sortByColumn(column, Qt::DescendingOrder); }, 50);
        if (!view->open()) {
            std::fprintf(stderr, "bench_load_all: the group tab did not open\n");
            return 1;
        }
        runUntil([&] { return !view->model()->isLoading(); }, 60000);
        runFor(100);
        bool done = false;
        const auto c = QObject::connect(view->model(), &service::HistoryModel::loadAllFinished, [&] { done = true; });
        meter.start();
        const Stopwatch clock;
        view->loadAll();
        if (!runUntil([&] { return done; }, 600000) || view->model()->rowCount() != rows) {
            std::fprintf(stderr, "bench_load_all: sorted view load ended at %d rows\n", view->model()->rowCount());
            return 1;
        }
        const Times t = clock.elapsed();
        runUntil(idle, 60000);
        runFor(20);
        meter.stop();
        QObject::disconnect(c);
        const bool ordered = column != HistoryModel::MidColumn || inOrder(column, true);
        std::printf("Load all sorted by %-12s %7.0f ms; max event-loop gap %.1f ms (CPU %.1f ms); %d rows shown%s\n",
                    name, t.wallMs, meter.maxGap(), meter.maxCpu(), proxy->rowCount(),
                    ordered ? ", in order" : ", NOT in order");
    }
    step([view] { view->restoreServerOrder(); }, 50);
    window.close();
    return 0;
}
