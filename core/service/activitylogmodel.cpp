#include "activitylogmodel.h"

#include <algorithm>

namespace service {

ActivityLogModel::ActivityLogModel(QObject *parent) : QAbstractTableModel(parent)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(m_coalesceMs);
    connect(&m_timer, &QTimer::timeout, this, &ActivityLogModel::flush);
}

ActivityLogModel::~ActivityLogModel() = default;

void ActivityLogModel::setCoalesceMs(int ms)
{
    m_coalesceMs = std::max(0, ms);
    m_timer.setInterval(m_coalesceMs);
}

void ActivityLogModel::setCapacity(int rows)
{
    rows = std::max(1, rows);
    if (rows == m_capacity)
        return;
    if (m_size > rows)
        dropOldest(m_size - rows);
    // Re-lay the kept rows from slot 0 in a buffer of the new size.
    std::vector<ActivityEntry> fresh;
    fresh.reserve(std::min(rows, 1024));
    for (int i = 0; i < m_size; ++i)
        fresh.push_back(std::move(m_ring[(m_head + i) % int(m_ring.size())]));
    m_ring = std::move(fresh);
    m_head = 0;
    m_capacity = rows;
    if (m_pending.size() > m_capacity)
        m_pending.erase(m_pending.begin(), m_pending.end() - m_capacity);
}

const ActivityEntry &ActivityLogModel::entry(int row) const
{
    Q_ASSERT(row >= 0 && row < m_size);
    return m_ring[(m_head + row) % int(m_ring.size())];
}

int ActivityLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_size;
}

int ActivityLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ActivityLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ActivityEntry &e = entry(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn: return e.time.toString(QStringLiteral("HH:mm:ss.zzz"));
        case MethodColumn: return e.method;
        case TargetColumn: return e.target;
        case DurationColumn: return tr("%1 ms").arg(e.durationMs);
        case OutcomeColumn:
            return e.code == 0 ? QStringLiteral("OK") : QStringLiteral("%1 — %2").arg(e.errorName, e.errorMeaning);
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == OutcomeColumn)
            return e.code == 0 ? e.errorMeaning
                               : QStringLiteral("%1 (%2): %3").arg(e.errorName).arg(e.code).arg(e.errorMeaning);
        if (index.column() == TimeColumn)
            return e.time.toString(Qt::ISODateWithMs);
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == DurationColumn)
            return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
        break;
    case CodeRole: return e.code;
    case DurationMsRole: return e.durationMs;
    case TimeRole: return e.time;
    default: break;
    }
    return {};
}

QVariant ActivityLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn: return tr("Time");
    case MethodColumn: return tr("Method");
    case TargetColumn: return tr("Target");
    case DurationColumn: return tr("Duration");
    case OutcomeColumn: return tr("Outcome");
    }
    return {};
}

void ActivityLogModel::append(const ActivityEntry &entry)
{
    m_pending.append(entry);
    if (m_pending.size() > m_capacity)
        m_pending.removeFirst();
    if (!m_timer.isActive())
        m_timer.start();
}

void ActivityLogModel::dropOldest(int n)
{
    n = std::min(n, m_size);
    if (n <= 0)
        return;
    beginRemoveRows({}, 0, n - 1);
    for (int i = 0; i < n; ++i)
        m_ring[(m_head + i) % int(m_ring.size())] = ActivityEntry();
    m_head = (m_head + n) % int(m_ring.size());
    m_size -= n;
    endRemoveRows();
}

void ActivityLogModel::flush()
{
    m_timer.stop();
    if (m_pending.isEmpty())
        return;
    const int incoming = int(m_pending.size());
    const int overflow = m_size + incoming - m_capacity;
    if (overflow > 0)
        dropOldest(overflow);
    // The storage grows lazily up to the capacity (kept rows at slots [0, size) while it
    // grows); once it has `capacity` slots it is a true ring.
    if (int(m_ring.size()) < m_capacity && m_head != 0) {
        std::rotate(m_ring.begin(), m_ring.begin() + m_head, m_ring.end());
        m_head = 0;
    }
    beginInsertRows({}, m_size, m_size + incoming - 1);
    for (ActivityEntry &e : m_pending) {
        if (int(m_ring.size()) < m_capacity) {
            if (m_size < int(m_ring.size()))
                m_ring[m_size] = std::move(e);
            else
                m_ring.push_back(std::move(e));
        } else {
            m_ring[(m_head + m_size) % m_capacity] = std::move(e);
        }
        ++m_size;
    }
    endInsertRows();
    m_pending.clear();
}

void ActivityLogModel::clear()
{
    m_timer.stop();
    m_pending.clear();
    beginResetModel();
    m_ring.clear();
    m_head = 0;
    m_size = 0;
    endResetModel();
}

} // namespace service
