#pragma once

// The end of a delete batch that did not simply succeed: counts of deleted, failed,
// unknown ("unknown — check by mid": sent, then the connection was lost or timed out) and
// not attempted messages, and a "Check unknown" button that asks the server about each
// unknown one by mid (DeleteController::checkUnknown()).

#include <QDialog>

class QLabel;
class QPushButton;

namespace ui {

struct DeleteCounts {
    int total = 0;
    int deleted = 0;
    int failed = 0;
    int unknown = 0;
    int notAttempted = 0;
    int stillPresent = 0;   // found by "Check unknown": the delete did not happen

    // One line for the status bar: "Deleted 3 of 5 messages. Unknown — check by mid: 2."
    QString summary() const;
    // One line per non-zero count, for the dialog.
    QString details() const;
};

class DeleteSummaryDialog : public QDialog {
    Q_OBJECT
public:
    explicit DeleteSummaryDialog(QWidget *parent = nullptr);

    void setCounts(const DeleteCounts &counts);
    // While checking, and when checking is not possible (reason shown, e.g. another server).
    void setChecking(bool checking);
    void setCheckBlocked(const QString &reason);
    QString text() const;

Q_SIGNALS:
    void checkRequested();

private:
    void updateCheckButton();

    DeleteCounts m_counts;
    bool m_checking = false;
    QString m_blocked;
    QLabel *m_text;
    QLabel *m_note;
    QPushButton *m_check;
    QPushButton *m_close;
};

} // namespace ui
