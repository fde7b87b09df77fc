#pragma once

// Tools > Audit trail…: the sends and deletes of the audit log (auditlog.h) in a table —
// time, profile, endpoint, action, target, mid, outcome and the captured content — with a
// filter (text, exact ids; action; outcome; profile), the whole record of the current row
// as indented JSON (Copy), Refresh, and new lines shown as the file grows. The file is
// read on a worker thread (AuditTrailModel).

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTableView;

namespace ui {

class AuditTrailFilter;
class AuditTrailModel;

class AuditTrailWindow : public QWidget {
    Q_OBJECT
public:
    explicit AuditTrailWindow(const QString &path, QWidget *parent = nullptr);

    void setUtc(bool utc);

public Q_SLOTS:
    void refresh();
    void copyDetails();

private:
    void applyFilter();
    void updateProfiles();
    void updateStatus();
    void showCurrent();

    AuditTrailModel *m_model;
    AuditTrailFilter *m_filter;
    QLineEdit *m_text;
    QComboBox *m_action;
    QComboBox *m_outcome;
    QComboBox *m_profile;
    QTableView *m_table;
    QPlainTextEdit *m_details;
    QPushButton *m_copy;
    QPushButton *m_refresh;
    QLabel *m_status;
    int m_profilesScanned = 0;   // model rows whose profile is in m_profile
};

} // namespace ui
