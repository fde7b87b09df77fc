#include "freshrowdelegate.h"

#include <utility>

#include "service/historymodel.h"

namespace ui {

FreshRowDelegate::FreshRowDelegate(std::function<bool(qint64)> isFresh, QObject *parent)
    : QStyledItemDelegate(parent), m_isFresh(std::move(isFresh))
{
}

void FreshRowDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    const qint64 cursorId = index.siblingAtColumn(service::HistoryModel::CursorColumn)
                                .data(service::HistoryModel::SortRole).toLongLong();
    if (!m_isFresh || !m_isFresh(cursorId))
        return;
    QColor tint = option->palette.color(QPalette::Active, QPalette::Highlight);
    tint.setAlpha(56);
    option->backgroundBrush = tint;
}

} // namespace ui
