// bench_audit_trail: how long the console's event loop stalls while the audit viewer reads
// a large audit log. Writes an audit file of N lines (default 100k: sends and deletes,
// attempt + outcome, chat-sized captured content, a few junk lines), opens the audit trail
// window on it (offscreen, shown) and runs the event loop until every line is in the
// table, then filters it by a mid and by text.
//
// A 5 ms timer records the time between its firings; a gap much longer than 5 ms is a
// stall the user would feel. Printed: lines, time to read them all, the largest gap and
// p99/p50 of all gaps, and the largest gap while filtering — wall-clock time, and the CPU
// time the GUI thread spent in the largest gap (on a busy machine the wall gap also holds
// time the thread waited for a core).
//
// Run: QT_QPA_PLATFORM=offscreen bench_audit_trail [--lines N]

#include <algorithm>
#include <cstdio>
#include <vector>

#include <time.h>

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QLineEdit>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>

#include "eventloopsteps.h"

#include "audittrailmodel.h"
#include "audittrailwindow.h"

namespace {

qint64 threadCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1000 + ts.tv_nsec / 1'000'000;
}

class GapMeter : public QObject {
public:
    GapMeter()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(5);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            const qint64 ms = m_clock.elapsed();
            const qint64 cpu = threadCpuMs();
            if (m_last >= 0) {
                m_gaps.push_back(ms - m_last);
                m_largestCpu = std::max(m_largestCpu, cpu - m_lastCpu);
            }
            m_last = ms;
            m_lastCpu = cpu;
        });
    }
    void start()
    {
        m_gaps.clear();
        m_last = -1;
        m_largestCpu = 0;
        m_clock.start();
        m_timer.start();
    }
    void stop() { m_timer.stop(); }
    qint64 largestCpu() const { return m_largestCpu; }   // GUI-thread CPU time in one gap
    qint64 largest() const { return m_gaps.empty() ? 0 : *std::max_element(m_gaps.begin(), m_gaps.end()); }
    qint64 percentile(double p) const
    {
        if (m_gaps.empty())
            return 0;
        std::vector<qint64> sorted = m_gaps;
        std::sort(sorted.begin(), sorted.end());
        return sorted[std::min(sorted.size() - 1, size_t(p * double(sorted.size())))];
    }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = -1;
    qint64 m_lastCpu = 0;
    qint64 m_largestCpu = 0;
    std::vector<qint64> m_gaps;
};

QByteArray auditFile(int lines)
{
    QByteArray text;
    text.reserve(qsizetype(lines) * 420);
    const QByteArray content = R"(,"content":{"mtype":51,"message":"Hallo zusammen, das ist Nachricht Nummer N — 你好 🚀 with some more chat text","attrs":"{\"lang\":\"de\"}"})";
    for (int i = 0; i < lines / 2; ++i) {
        const QByteArray id = "7d1c0b8e-0000-4000-8000-" + QByteArray::number(100000000000LL + i);
        const QByteArray mid = QByteArray::number(914086719940272129LL + i);
        const bool del = i % 3 == 0;
        const QByteArray head = R"({"time":"2026-12-01T10:00:00.125Z","event":")";
        const QByteArray common = R"(","attemptId":")" + id
            + R"(","profile":"prod","endpoint":"rtm.example.com:13321","pid":11000001,"user":"ops","action":")"
            + (del ? "delmsg" : "sendgroupmsg") + R"(","target":")"
            + (del ? "group 42 from 7001 mid " + mid : QByteArray("group 42")) + R"(","mid":)" + mid;
        text += head + "attempt" + common + content + "}\n";
        text += head + "outcome" + common + R"(,"outcome":"ok","code":0,"retries":0})" "\n";
        if (i % 10000 == 5000)
            text += "junk line\n";
    }
    return text;
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    int lines = 100000;
    const QStringList args = app.arguments();
    if (const qsizetype i = args.indexOf(QStringLiteral("--lines")); i > 0 && i + 1 < args.size())
        lines = args.at(i + 1).toInt();

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("audit.jsonl"));
    {
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(auditFile(lines)) < 0) {
            std::fprintf(stderr, "cannot write %s\n", qPrintable(path));
            return 1;
        }
    }

    GapMeter meter;
    meter.start();
    QElapsedTimer clock;
    clock.start();
    ui::AuditTrailWindow window(path);
    window.show();
    auto *table = window.findChild<QTableView *>(QStringLiteral("auditTable"));
    auto *model = window.findChild<ui::AuditTrailModel *>();
    while (model->isLoading() || model->rowCount() == 0)
        bench::runFor(20);
    const qint64 loadMs = clock.elapsed();
    bench::runFor(100);
    meter.stop();
    std::printf("audit trail: %lld lines -> %d rows in %lld ms\n", model->linesRead(), model->rowCount(), loadMs);
    std::printf("reading: largest event-loop gap %lld ms (GUI-thread CPU %lld ms), p99 %lld ms, p50 %lld ms\n",
                meter.largest(), meter.largestCpu(), meter.percentile(0.99), meter.percentile(0.50));

    auto *filter = window.findChild<QLineEdit *>(QStringLiteral("auditFilterText"));
    meter.start();
    bench::step([&] { filter->setText(QString::number(914086719940272129LL + 4242)); }, 50);
    const int idRows = table->model()->rowCount();
    bench::step([&] { filter->setText(QStringLiteral("nummer")); }, 50);
    const int textRows = table->model()->rowCount();
    bench::step([&] { filter->clear(); }, 50);
    meter.stop();
    std::printf("filtering (a mid: %d rows, text: %d rows, cleared): largest event-loop gap %lld ms (GUI-thread CPU %lld ms)\n",
                idRows, textRows, meter.largest(), meter.largestCpu());
    return 0;
}
