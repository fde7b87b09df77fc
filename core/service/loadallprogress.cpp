#include "loadallprogress.h"

#include <memory>

#include <QElapsedTimer>
#include <QLocale>

namespace service {

LoadAllProgress::LoadAllProgress(Clock clock) : m_clock(std::move(clock))
{
    if (!m_clock) {
        auto timer = std::make_shared<QElapsedTimer>();
        timer->start();
        m_clock = [timer] { return timer->elapsed(); };
    }
}

void LoadAllProgress::start(qint64 loaded, int pages)
{
    m_startMs = m_clock();
    m_startLoaded = loaded;
    m_loaded = loaded;
    m_pages = pages;
    m_total = -1;
}

void LoadAllProgress::update(qint64 loaded, int pages)
{
    m_loaded = loaded;
    m_pages = pages;
}

void LoadAllProgress::setTotal(qint64 total)
{
    m_total = total < 0 ? -1 : total;
}

qint64 LoadAllProgress::etaMs() const
{
    if (!hasTotal())
        return -1;
    if (m_loaded >= m_total)
        return 0;
    const qint64 arrived = m_loaded - m_startLoaded;
    const qint64 elapsed = m_clock() - m_startMs;
    if (arrived <= 0 || elapsed <= 0)
        return -1;
    // Rounded up: "0:00" only when nothing is left.
    const double left = double(m_total - m_loaded) * double(elapsed) / double(arrived);
    return qint64(left) + (left > double(qint64(left)) ? 1 : 0);
}

QString LoadAllProgress::durationText(qint64 ms)
{
    const qint64 seconds = (ms + 999) / 1000;
    return QStringLiteral("%1:%2").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

QString LoadAllProgress::text() const
{
    const QLocale locale;
    if (!hasTotal())
        return tr("%1 loaded · page %2").arg(locale.toString(m_loaded), locale.toString(m_pages));
    const qint64 eta = etaMs();
    return tr("%1 of %2 loaded · page %3 · ETA %4")
        .arg(locale.toString(m_loaded), locale.toString(m_total), locale.toString(m_pages),
             eta < 0 ? QStringLiteral("–:––") : durationText(eta));
}

} // namespace service
