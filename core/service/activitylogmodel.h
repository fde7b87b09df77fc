#pragma once

// The activity log as a table: time, method, target, duration, outcome — one row per
// finished request (RtmSession::activity). A bounded ring buffer (default 5,000 rows):
// when full, the oldest rows go. New entries are collected and inserted in one batch
// after a short delay (coalesceMs, default 50 ms) so a burst of requests costs one
// beginInsertRows/endInsertRows; flush() inserts the pending ones at once.

#include <vector>

#include <QAbstractTableModel>
#include <QList>
#include <QTimer>

#include "rtmsession.h"

namespace service {

class ActivityLogModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { TimeColumn, MethodColumn, TargetColumn, DurationColumn, OutcomeColumn, ColumnCount };
    Q_ENUM(Column)
    enum Role { CodeRole = Qt::UserRole + 1, DurationMsRole, TimeRole };

    explicit ActivityLogModel(QObject *parent = nullptr);
    ~ActivityLogModel() override;

    int capacity() const { return m_capacity; }
    void setCapacity(int rows);          // drops the oldest rows if needed; at least 1
    int coalesceMs() const { return m_coalesceMs; }
    void setCoalesceMs(int ms);
    int pendingCount() const { return int(m_pending.size()); }

    // The entry shown in `row` (0 = oldest kept).
    const ActivityEntry &entry(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

public Q_SLOTS:
    void append(const service::ActivityEntry &entry);
    void flush();
    void clear();

private:
    void dropOldest(int n);

    std::vector<ActivityEntry> m_ring;   // m_capacity slots once grown
    int m_head = 0;                      // slot of row 0
    int m_size = 0;
    int m_capacity = 5000;
    int m_coalesceMs = 50;
    QList<ActivityEntry> m_pending;
    QTimer m_timer;
};

} // namespace service
