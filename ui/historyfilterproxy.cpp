#include "historyfilterproxy.h"

#include <QFont>
#include <QGuiApplication>
#include <QPalette>

#include "service/historymodel.h"

namespace ui {

using service::HistoryModel;

HistoryFilterProxy::HistoryFilterProxy(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(HistoryModel::SortRole);
}

void HistoryFilterProxy::setSenderFilter(const QString &text)
{
    if (m_sender == text.trimmed())
        return;
    m_sender = text.trimmed();
    invalidateRowsFilter();
}

void HistoryFilterProxy::setTextFilter(const QString &text)
{
    if (m_text == text)
        return;
    m_text = text;
    invalidateRowsFilter();
}

void HistoryFilterProxy::setMtypeFilter(const QList<int> &mtypes)
{
    if (m_mtypes == mtypes)
        return;
    m_mtypes = mtypes;
    invalidateRowsFilter();
}

bool HistoryFilterProxy::isFiltering() const
{
    return !m_sender.isEmpty() || !m_text.isEmpty() || !m_mtypes.isEmpty();
}

bool HistoryFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QAbstractItemModel *m = sourceModel();
    if (!m_sender.isEmpty()) {
        const QString from = m->index(sourceRow, HistoryModel::FromColumn, sourceParent).data().toString();
        if (!from.contains(m_sender))
            return false;
    }
    if (!m_mtypes.isEmpty()) {
        const int mtype = m->index(sourceRow, HistoryModel::MtypeColumn, sourceParent).data(HistoryModel::SortRole).toInt();
        if (!m_mtypes.contains(mtype))
            return false;
    }
    if (!m_text.isEmpty()) {
        const QModelIndex i = m->index(sourceRow, HistoryModel::MessageColumn, sourceParent);
        const QString text = i.data(HistoryModel::SearchTextRole).toString();
        const QString attrs = m->index(sourceRow, HistoryModel::AttrsColumn, sourceParent).data().toString();
        if (!text.contains(m_text, Qt::CaseInsensitive) && !attrs.contains(m_text, Qt::CaseInsensitive))
            return false;
    }
    return true;
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
