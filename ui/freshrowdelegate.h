#pragma once

// Paints a subtle background behind history rows that arrived while following (Follow
// mode, followcontrol.h). A tint of the palette's highlight colour, so dark themes work and
// a selected row still looks selected.

#include <functional>

#include <QStyledItemDelegate>

namespace ui {

class FreshRowDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    // `isFresh` answers for a row's cursor id (HistoryModel::CursorColumn).
    explicit FreshRowDelegate(std::function<bool(qint64)> isFresh, QObject *parent = nullptr);

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;

private:
    std::function<bool(qint64)> m_isFresh;
};

} // namespace ui
