#include "historyfilterproxy.h"

#include <algorithm>

#include <QCoreApplication>
#include <QFont>
#include <QGuiApplication>
#include <QPalette>
#include <QTimer>

#include "historysortkeys.h"
#include "inputvalidation.h"
#include "service/historymodel.h"

namespace ui {

using service::HistoryModel;

bool HistoryFilterCriteria::matches(const rtm::HistoryMessage &m) const
{
    if (!isValid())
        return false;
    if (sender != 0 && m.fromUid != sender)
        return false;
    if (!mtypes.isEmpty() && !mtypes.contains(m.messageType))
        return false;
    if (!text.isEmpty()) {
        // The whole text and the whole attrs, not the shortened table cells.
        if (!HistoryModel::fullMessageText(m).contains(text, Qt::CaseInsensitive)
            && !QString::fromUtf8(m.attrs).contains(text, Qt::CaseInsensitive))
            return false;
    }
    return true;
}

HistoryFilterCriteria HistoryFilterCriteria::fromInput(const QString &sender, const QString &text, const QString &mtypes)
{
    HistoryFilterCriteria c;
    if (!sender.trimmed().isEmpty()) {
        const IdCheck id = checkId(sender, HistoryFilterProxy::tr("Sender"));
        if (id.ok)
            c.sender = id.value;
        else
            c.errors << id.error;
    }
    c.text = text;
    const MtypeListCheck mt = checkMtypeList(mtypes);
    if (mt.ok())
        c.mtypes = mt.mtypes;
    else
        c.errors << mt.error;
    return c;
}

HistoryFilterProxy::HistoryFilterProxy(QObject *parent)
    : QSortFilterProxyModel(parent), m_slice(new QTimer(this)), m_keys(new HistorySortKeys(this)),
      m_resort(new QTimer(this))
{
    setSortRole(HistoryModel::SortRole);
    m_slice->setSingleShot(true);
    m_slice->setInterval(0);
    connect(m_slice, &QTimer::timeout, this, &HistoryFilterProxy::scanSlice);
    m_resort->setSingleShot(true);
    m_resort->setInterval(0);
    connect(m_resort, &QTimer::timeout, this, [this] {
        if (m_sortColumn >= 0 && m_keys->isReady())
            applySort();
    });
    // New ranks (a text column, or the rows Load all added to it): sort with them.
    connect(m_keys, &HistorySortKeys::ranksChanged, this, [this] {
        if (m_sortColumn >= 0 && m_keys->isReady())
            applySort();
    });
}

void HistoryFilterProxy::setSourceModel(QAbstractItemModel *source)
{
    if (m_model)
        disconnect(m_model, nullptr, this, nullptr);
    m_model = qobject_cast<HistoryModel *>(source);
    Q_ASSERT(m_model || !source);
    m_accepted.clear();
    m_scanned.clear();
    m_scanRow = 0;
    m_keys->setModel(m_model);
    if (m_model) {
        // Connected before the base class connects its own handlers, so the per-row
        // results are up to date when it asks filterAcceptsRow() about changed rows.
        connect(m_model, &QAbstractItemModel::rowsInserted, this,
                [this](const QModelIndex &, int first, int last) { onRowsInserted(first, last); });
        connect(m_model, &QAbstractItemModel::rowsRemoved, this,
                [this](const QModelIndex &, int first, int last) { onRowsRemoved(first, last); });
        connect(m_model, &QAbstractItemModel::dataChanged, this, &HistoryFilterProxy::onDataChanged);
        connect(m_model, &QAbstractItemModel::modelReset, this, &HistoryFilterProxy::onReset);
        connect(m_model, &QAbstractItemModel::layoutChanged, this, &HistoryFilterProxy::onReset);
        // Not dynamically sorted while sorted: the new rows wait at the end for one sort.
        connect(m_model, &QAbstractItemModel::rowsInserted, this, [this] {
            if (m_sortColumn >= 0 && HistorySortKeys::isNumberColumn(m_sortColumn))
                m_resort->start();
        });
    }
    QSortFilterProxyModel::setSourceModel(source);
}

bool HistoryFilterProxy::accepts(const HistoryFilterCriteria &c, int sourceRow) const
{
    return !m_model || c.matches(m_model->message(sourceRow));
}

void HistoryFilterProxy::setCriteria(const HistoryFilterCriteria &criteria)
{
    if (criteria == m_pending && (m_scanning || criteria == m_applied))
        return;
    m_pending = criteria;
    m_scanned.clear();
    m_scanRow = 0;
    if (criteria == m_applied) {
        // Back to what the table shows already: nothing to do.
        m_slice->stop();
        if (m_scanning) {
            m_scanning = false;
            emit scanningChanged(false);
        }
        return;
    }
    if (!m_scanning) {
        m_scanning = true;
        emit scanningChanged(true);
    }
    // Clearing the filter and an unreadable filter need no per-row check.
    if (criteria.isEmpty() || !criteria.isValid() || !m_model) {
        applyScan();
        return;
    }
    scanSlice();
}

void HistoryFilterProxy::scanSlice()
{
    scanRows(m_sliceNs);
    if (m_model && m_scanRow < m_model->rowCount())
        m_slice->start();
    else
        applyScan();
}

void HistoryFilterProxy::scanRows(qint64 budgetNs)
{
    if (!m_model)
        return;
    const int rows = m_model->rowCount();
    m_scanned.reserve(size_t(rows));
    QElapsedTimer clock;
    clock.start();
    while (m_scanRow < rows) {
        m_scanned.push_back(accepts(m_pending, m_scanRow) ? 1 : 0);
        ++m_scanRow;
        if (budgetNs >= 0 && clock.nsecsElapsed() > budgetNs)
            break;
    }
}

void HistoryFilterProxy::finishScan()
{
    if (!m_scanning)
        return;
    scanRows(-1);
    applyScan();
}

void HistoryFilterProxy::applyScan()
{
    m_slice->stop();
    m_applied = m_pending;
    if (m_applied.isEmpty() || !m_applied.isValid())
        m_accepted.clear();
    else
        m_accepted.swap(m_scanned);
    m_scanned.clear();
    m_scanRow = 0;
    m_scanning = false;
    emit resultAboutToBeApplied();
    // One layout change instead of a remove/insert signal per changed stretch of rows,
    // which is what made a filter over 100k rows take seconds in the table.
    invalidate();
    emit scanningChanged(false);
    emit filterApplied();
}

bool HistoryFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (sourceParent.isValid() || m_applied.isEmpty())
        return true;
    if (!m_applied.isValid())
        return false;
    if (size_t(sourceRow) < m_accepted.size())
        return m_accepted[size_t(sourceRow)] != 0;
    return accepts(m_applied, sourceRow);
}

void HistoryFilterProxy::onRowsInserted(int first, int last)
{
    const auto insert = [this, first, last](std::vector<char> &v, const HistoryFilterCriteria &c) {
        std::vector<char> added;
        for (int r = first; r <= last; ++r)
            added.push_back(accepts(c, r) ? 1 : 0);
        v.insert(v.begin() + first, added.begin(), added.end());
    };
    if (!m_applied.isEmpty() && m_applied.isValid() && size_t(first) <= m_accepted.size())
        insert(m_accepted, m_applied);
    // Rows after the scan position are reached by the scan itself.
    if (m_scanning && first < m_scanRow) {
        insert(m_scanned, m_pending);
        m_scanRow += last - first + 1;
    }
}

void HistoryFilterProxy::onRowsRemoved(int first, int last)
{
    const auto erase = [first, last](std::vector<char> &v) {
        if (size_t(first) < v.size())
            v.erase(v.begin() + first, v.begin() + std::min(size_t(last) + 1, v.size()));
    };
    erase(m_accepted);
    erase(m_scanned);
    if (m_scanRow > first)
        m_scanRow -= std::min(m_scanRow, last + 1) - first;
}

void HistoryFilterProxy::onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight)
{
    // Only the columns the filter reads (the time column changes on a UTC switch).
    static constexpr int read[] = {HistoryModel::FromColumn, HistoryModel::MtypeColumn,
                                   HistoryModel::MessageColumn, HistoryModel::AttrsColumn};
    const bool relevant = std::any_of(std::begin(read), std::end(read), [&](int c) {
        return c >= topLeft.column() && c <= bottomRight.column();
    });
    if (!relevant)
        return;
    for (int r = topLeft.row(); r <= bottomRight.row(); ++r) {
        if (size_t(r) < m_accepted.size())
            m_accepted[size_t(r)] = accepts(m_applied, r) ? 1 : 0;
        if (r < m_scanRow && size_t(r) < m_scanned.size())
            m_scanned[size_t(r)] = accepts(m_pending, r) ? 1 : 0;
    }
}

void HistoryFilterProxy::onReset()
{
    m_accepted.clear();
    if (m_scanning) {
        m_scanned.clear();
        m_scanRow = 0;
        m_slice->start();
    }
}

void HistoryFilterProxy::sort(int column, Qt::SortOrder order)
{
    column = column < 0 || column >= HistoryModel::ColumnCount ? -1 : column;
    if (column < 0 && m_sortColumn < 0 && sortColumn() < 0)
        return;   // in server order already (the header and the action may both ask)
    m_sortColumn = column;
    m_sortOrder = order;
    m_resort->stop();
    m_keys->setColumn(m_sortColumn);
    if (m_sortColumn < 0) {
        // Server order: the source rows in their own order, and kept so as rows come.
        m_appliedOrder = Qt::AscendingOrder;
        emit sortAboutToBeApplied();
        QSortFilterProxyModel::sort(-1, Qt::AscendingOrder);
        setDynamicSortFilter(true);
        emit sortApplied();
        setSortPending(false);
        return;
    }
    // Qt's dynamic sorting puts each new row in its place with its own insert signal:
    // thousands per Load all batch. Instead the rows go to the end and one sort follows.
    setDynamicSortFilter(false);
    if (m_keys->isReady())
        applySort();
    else
        setSortPending(true);
}

void HistoryFilterProxy::applySort()
{
    m_resort->stop();
    m_appliedOrder = m_sortOrder;
    emit sortAboutToBeApplied();
    QSortFilterProxyModel::sort(m_sortColumn, m_sortOrder);
    emit sortApplied();
    setSortPending(false);
}

bool HistoryFilterProxy::finishSort(int timeoutMs)
{
    if (m_sortColumn < 0)
        return true;
    QElapsedTimer clock;
    clock.start();
    while (!m_keys->isReady() && clock.elapsed() < timeoutMs)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
    if (!m_keys->isReady())
        return false;
    applySort();
    return true;
}

void HistoryFilterProxy::setSortPending(bool pending)
{
    if (m_sortPending == pending)
        return;
    m_sortPending = pending;
    emit sortingChanged(pending);
}

bool HistoryFilterProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const int c = m_keys->compare(left.column(), left.row(), right.row());
    if (c != 0)
        return c < 0;
    // Equal keys keep the server order; descending, Qt asks with the sides swapped.
    return m_appliedOrder == Qt::AscendingOrder ? left.row() < right.row() : left.row() > right.row();
}

QVariant HistoryFilterProxy::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role == Qt::InitialSortOrderRole && orientation == Qt::Horizontal)
        return int(Qt::AscendingOrder);
    return QSortFilterProxyModel::headerData(section, orientation, role);
}

QVariant HistoryFilterProxy::data(const QModelIndex &index, int role) const
{
    if (role == Qt::ForegroundRole || role == Qt::FontRole) {
        const int state = QSortFilterProxyModel::data(index, HistoryModel::StateRole).toInt();
        const bool deleted = QSortFilterProxyModel::data(index, HistoryModel::DeletedRole).toBool();
        if (role == Qt::ForegroundRole && deleted)
            return QGuiApplication::palette().brush(QPalette::Disabled, QPalette::Text);
        if (role == Qt::FontRole && (deleted || state == int(HistoryModel::RowState::DeleteFailed))) {
            QFont f;
            f.setStrikeOut(deleted);
            f.setBold(state == int(HistoryModel::RowState::DeleteFailed));
            return f;
        }
    }
    return QSortFilterProxyModel::data(index, role);
}

} // namespace ui
