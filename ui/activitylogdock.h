#pragma once

// The activity log dock: one row per finished request (time, method, target, duration,
// outcome name + meaning) over service::ActivityLogModel, with a filter, copy and save.
// The model never holds the secret or a signature, so neither can show up here.

#include <QDockWidget>

class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace service {
class ActivityLogModel;
}

namespace ui {

class ActivityLogDock : public QDockWidget {
    Q_OBJECT
public:
    explicit ActivityLogDock(QWidget *parent = nullptr);
    service::ActivityLogModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    QSortFilterProxyModel *proxy() const { return m_proxy; }
    QString textOf(bool selectedOnly) const;

    void saveState(const QString &group) const;
    void restoreState(const QString &group);

public Q_SLOTS:
    void copySelected();
    void saveToFile();

private:
    service::ActivityLogModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QLineEdit *m_filter;
    QTableView *m_table;
};

} // namespace ui
