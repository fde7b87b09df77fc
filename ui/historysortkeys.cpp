#include "historysortkeys.h"

#include <algorithm>
#include <limits>
#include <memory>
#include <numeric>

#include <QElapsedTimer>
#include <QPromise>
#include <QThreadPool>
#include <QTimer>

#include "service/historymodel.h"

namespace ui {

using service::HistoryModel;

HistorySortKeys::HistorySortKeys(QObject *parent)
    : QObject(parent), m_slice(new QTimer(this)), m_watcher(new QFutureWatcher<RankResult>(this))
{
    m_slice->setSingleShot(true);
    m_slice->setInterval(0);
    connect(m_slice, &QTimer::timeout, this, &HistorySortKeys::readSlice);
    connect(m_watcher, &QFutureWatcherBase::finished, this, &HistorySortKeys::onRanked);
}

HistorySortKeys::~HistorySortKeys() = default;

void HistorySortKeys::setModel(HistoryModel *model)
{
    if (m_model)
        disconnect(m_model, nullptr, this, nullptr);
    m_model = model;
    if (m_model) {
        connect(m_model, &QAbstractItemModel::rowsInserted, this,
                [this](const QModelIndex &, int first, int last) { onRowsInserted(first, last); });
        connect(m_model, &QAbstractItemModel::rowsRemoved, this,
                [this](const QModelIndex &, int first, int last) { onRowsRemoved(first, last); });
        connect(m_model, &QAbstractItemModel::modelReset, this, &HistorySortKeys::restart);
        connect(m_model, &QAbstractItemModel::layoutChanged, this, &HistorySortKeys::restart);
    }
    restart();
}

bool HistorySortKeys::isNumberColumn(int column)
{
    switch (column) {
    case HistoryModel::TimeColumn:
    case HistoryModel::FromColumn:
    case HistoryModel::ToColumn:
    case HistoryModel::MtypeColumn:
    case HistoryModel::MidColumn:
    case HistoryModel::CursorColumn:
        return true;
    default:
        return false;
    }
}

QString HistorySortKeys::naturalKey(const QString &text)
{
    const QString folded = text.toCaseFolded();
    QString key;
    key.reserve(folded.size() + 8);
    for (qsizetype i = 0; i < folded.size();) {
        if (!folded[i].isDigit() || folded[i].unicode() > 0x7f) {
            key += folded[i++];
            continue;
        }
        qsizetype end = i;
        while (end < folded.size() && folded[end].unicode() >= u'0' && folded[end].unicode() <= u'9')
            ++end;
        qsizetype start = i;
        while (start + 1 < end && folded[start] == u'0')
            ++start;   // "007" and "7" are the same number
        // '0' keeps digits before letters (as in ASCII); the length char then puts shorter
        // numbers first, and equal lengths compare digit by digit.
        key += u'0';
        key += QChar(char16_t(u'0' + std::min<qsizetype>(end - start, 0xffff - u'0')));
        key += QStringView(folded).mid(start, end - start);
        i = end;
    }
    return key;
}

void HistorySortKeys::setColumn(int column)
{
    if (column == m_column)
        return;
    m_column = column;
    restart();
}

bool HistorySortKeys::isReady() const
{
    if (isNumberColumn(m_column) || m_column < 0 || !m_model)
        return true;
    return m_ranks.size() == size_t(m_model->rowCount());
}

qint64 HistorySortKeys::numberKey(int column, int row) const
{
    const rtm::HistoryMessage &m = m_model->message(row);
    switch (column) {
    case HistoryModel::TimeColumn: return m.modifiedTime;
    case HistoryModel::FromColumn: return m.fromUid;
    case HistoryModel::ToColumn: return m.toId;
    case HistoryModel::MtypeColumn: return m.messageType;
    case HistoryModel::MidColumn: return m.messageId;
    case HistoryModel::CursorColumn: return m.cursorId;
    default: return 0;
    }
}

void HistorySortKeys::fillNumberKeys()
{
    const int rows = m_model ? m_model->rowCount() : 0;
    m_numbers.reserve(size_t(rows));
    for (int r = int(m_numbers.size()); r < rows; ++r)
        m_numbers.push_back(numberKey(m_column, r));
}

int HistorySortKeys::compare(int column, int a, int b) const
{
    if (!m_model)
        return 0;
    if (column == m_column && isNumberColumn(column)) {
        // The copy in one array: a sort reads rows in random order, and the rows themselves
        // are too big for the cache (reading them made a sort of 100k rows take 0.5 s).
        const qint64 u = size_t(a) < m_numbers.size() ? m_numbers[size_t(a)] : numberKey(column, a);
        const qint64 v = size_t(b) < m_numbers.size() ? m_numbers[size_t(b)] : numberKey(column, b);
        return u < v ? -1 : (u > v ? 1 : 0);
    }
    if (isNumberColumn(column)) {
        const qint64 u = numberKey(column, a), v = numberKey(column, b);
        return u < v ? -1 : (u > v ? 1 : 0);
    }
    if (column != m_column)
        return 0;
    constexpr int unranked = std::numeric_limits<int>::max();
    const int ra = size_t(a) < m_ranks.size() ? m_ranks[size_t(a)] : unranked;
    const int rb = size_t(b) < m_ranks.size() ? m_ranks[size_t(b)] : unranked;
    return ra < rb ? -1 : (ra > rb ? 1 : 0);
}

void HistorySortKeys::restart()
{
    ++m_generation;
    m_jobTexts = 0;   // a running ranking is dropped when it ends
    if (!m_keys.empty() || !m_texts.empty()) {
        // Freeing 100k strings takes the GUI thread over 10 ms: a worker does it.
        QThreadPool::globalInstance()->start([keys = std::exchange(m_keys, {}), texts = std::exchange(m_texts, {})] {});
    }
    m_ranks.clear();
    m_numbers.clear();
    m_slice->stop();
    if (m_model && isNumberColumn(m_column))
        fillNumberKeys();   // a few milliseconds for 100k rows, read in order
    else if (m_model && m_column >= 0)
        m_slice->start();
}

size_t HistorySortKeys::readRows() const
{
    return m_keys.size() + m_jobTexts + m_texts.size();
}

void HistorySortKeys::readSlice()
{
    if (!m_model || m_column < 0 || isNumberColumn(m_column))
        return;
    const int rows = m_model->rowCount();
    QElapsedTimer clock;
    clock.start();
    for (int r = int(readRows()); r < rows; ++r) {
        m_texts.push_back(m_model->data(m_model->index(r, m_column)).toString());
        if ((r % 64) == 63 && clock.nsecsElapsed() > SliceNs) {
            m_slice->start();
            return;
        }
    }
    if (!m_ranking)
        startRanking();
}

void HistorySortKeys::startRanking()
{
    if (m_texts.empty() && m_ranks.size() == m_keys.size() && !m_keys.empty())
        return;   // nothing new since the last ranking
    auto promise = std::make_shared<QPromise<RankResult>>();
    m_watcher->setFuture(promise->future());
    m_ranking = true;
    m_jobGeneration = m_generation;
    m_jobTexts = m_texts.size();
    // Copies share the strings' data; the worker owns what it sorts.
    QThreadPool::globalInstance()->start([promise, texts = std::exchange(m_texts, {}), keys = m_keys]() mutable {
        promise->start();
        promise->addResult(rank(std::move(texts), std::move(keys)));
        promise->finish();
    });
}

HistorySortKeys::RankResult HistorySortKeys::rank(std::vector<QString> texts, std::vector<QString> keys)
{
    RankResult result;
    keys.reserve(keys.size() + texts.size());
    for (const QString &t : texts)
        keys.push_back(naturalKey(t));
    std::vector<int> order(keys.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&keys](int a, int b) { return keys[size_t(a)] < keys[size_t(b)]; });
    result.ranks.assign(keys.size(), 0);
    int rank = 0;
    for (size_t i = 0; i < order.size(); ++i) {
        if (i > 0 && keys[size_t(order[i])] != keys[size_t(order[i - 1])])
            ++rank;   // equal keys share a rank: the proxy orders them by server order
        result.ranks[size_t(order[i])] = rank;
    }
    result.keys = std::move(keys);
    return result;
}

void HistorySortKeys::onRanked()
{
    m_ranking = false;
    const size_t jobTexts = std::exchange(m_jobTexts, 0);
    if (m_jobGeneration != m_generation || m_watcher->future().resultCount() < 1) {
        // Rows went away or the column changed meanwhile: restart() began again already.
        if (m_model && !m_slice->isActive() && m_column >= 0 && !isNumberColumn(m_column))
            m_slice->start();
        return;
    }
    RankResult result = m_watcher->future().takeResult();
    Q_ASSERT(result.keys.size() == m_keys.size() + jobTexts);
    m_keys = std::move(result.keys);
    m_ranks = std::move(result.ranks);
    emit ranksChanged();
    // Rows that arrived while the worker sorted: read (or rank) them next.
    if (m_model && readRows() < size_t(m_model->rowCount()))
        m_slice->start();
    else if (!m_texts.empty())
        startRanking();
}

void HistorySortKeys::onRowsInserted(int first, int)
{
    if (isNumberColumn(m_column)) {
        // Before the proxy sorts the new rows (connected first).
        if (size_t(first) == m_numbers.size())
            fillNumberKeys();
        else
            restart();
        return;
    }
    if (m_column < 0)
        return;
    if (size_t(first) < readRows()) {
        restart();   // not at the end: the rows after it moved
        return;
    }
    if (!m_slice->isActive())
        m_slice->start();
}

void HistorySortKeys::onRowsRemoved(int first, int last)
{
    if (isNumberColumn(m_column)) {
        if (size_t(first) < m_numbers.size())
            m_numbers.erase(m_numbers.begin() + first, m_numbers.begin() + qsizetype(std::min(size_t(last) + 1, m_numbers.size())));
        return;
    }
    if (m_column < 0)
        return;
    if (m_ranking || size_t(first) >= m_keys.size()) {
        restart();
        return;
    }
    // Ranks keep their order without the removed rows; their keys and texts go too.
    const auto erase = [](auto &v, size_t from, size_t to) {
        if (from < v.size())
            v.erase(v.begin() + qsizetype(from), v.begin() + qsizetype(std::min(to, v.size())));
    };
    const size_t end = size_t(last) + 1;
    const size_t keyed = m_keys.size();
    erase(m_ranks, size_t(first), end);
    erase(m_keys, size_t(first), end);
    if (end > keyed)
        erase(m_texts, 0, end - keyed);
}

} // namespace ui
