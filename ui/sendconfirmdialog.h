#pragma once

// "Send to group 42 on production?" — asked before every send on a production profile and
// before every broadcast anywhere. Names the kind, the target (a broadcast: "every user of
// project <pid>"), the sender, the mid and the start of the message. Cancel has the focus;
// Enter on a focused Send button sends. Open it with open(); accepted() means go.

#include <QDialog>

class QLabel;
class QPushButton;

namespace ui {

struct SendSummary {
    QString kind;        // "Group message"
    QString target;      // "group 42", "every user of project 11000001"
    qint64 from = 0;
    qint64 mid = 0;
    QString preview;     // the start of the body
    QString profile;     // profile name
    bool production = false;
    bool broadcast = false;
    bool again = false;  // "Send again" with the same mid
};

class SendConfirmDialog : public QDialog {
    Q_OBJECT
public:
    explicit SendConfirmDialog(const SendSummary &summary, QWidget *parent = nullptr);

    QString questionText() const;
    QString detailsText() const;
    QPushButton *cancelButton() const { return m_cancel; }

private:
    QLabel *m_question;
    QLabel *m_details;
    QPushButton *m_send;
    QPushButton *m_cancel;
};

} // namespace ui
