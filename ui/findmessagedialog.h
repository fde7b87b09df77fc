#pragma once

// Find message: name one message by kind, sender, target and mid, then see its Info or
// delete it — for the moderation request that arrives as "please remove mid 123".

#include <QDialog>
#include <QPointer>

#include "messageref.h"
#include "service/rtmsession.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace service {
class RtmSession;
}

namespace ui {

class DeleteController;
class MessageDetails;

class FindMessageDialog : public QDialog {
    Q_OBJECT
public:
    explicit FindMessageDialog(QWidget *parent = nullptr);

    void setSession(service::RtmSession *session);
    void setReadOnly(bool readOnly);
    MessageDetails *details() const { return m_details; }
    DeleteController *deleteController() const { return m_deleter; }
    QString statusText() const;
    // Forgets the last answer (status and details): it belonged to the previous connection.
    void clearResult();

    // Reads the form; false (and the reason shown) when something is wrong.
    bool readRef(MessageRef *ref);

public Q_SLOTS:
    void showInfo();
    void deleteMessage();

Q_SIGNALS:
    void messageDeleted(const ui::MessageRef &ref);
    void statusMessage(const QString &text);

private:
    void updateFields();

    QPointer<service::RtmSession> m_session;
    bool m_readOnly = false;
    QComboBox *m_kind;
    QLineEdit *m_from;
    QLabel *m_targetLabel;
    QLineEdit *m_target;
    QLineEdit *m_mid;
    QLabel *m_status;
    QPushButton *m_info;
    QPushButton *m_delete;
    MessageDetails *m_details;
    DeleteController *m_deleter;
};

} // namespace ui
