#pragma once

// Local filter over the loaded history rows: sender, text and mtype. Also dims deleted rows
// and marks failed deletes using palette roles only (dark themes work).

#include <QList>
#include <QSortFilterProxyModel>

namespace ui {

class HistoryFilterProxy : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit HistoryFilterProxy(QObject *parent = nullptr);

    void setSenderFilter(const QString &text);   // uid (exact) or part of it
    void setTextFilter(const QString &text);     // case-insensitive part of the message
    void setMtypeFilter(const QList<int> &mtypes);
    bool isFiltering() const;

    QVariant data(const QModelIndex &index, int role) const override;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_sender;
    QString m_text;
    QList<int> m_mtypes;
};

} // namespace ui
