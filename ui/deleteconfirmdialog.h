#pragma once

// "Delete 3 group messages from group 42?" — states the count and the kind, names its
// button after the action ("Delete 3 messages") and starts with the focus on Cancel.
// Open it with open(); accepted() means go.

#include <QDialog>
#include <QList>

#include "messageref.h"

class QPushButton;

namespace ui {

class DeleteConfirmDialog : public QDialog {
    Q_OBJECT
public:
    DeleteConfirmDialog(const QList<MessageRef> &messages, const QString &conversation, QWidget *parent = nullptr);

    QList<MessageRef> messages() const { return m_messages; }
    QString questionText() const;
    QPushButton *deleteButton() const { return m_deleteButton; }
    QPushButton *cancelButton() const { return m_cancelButton; }

    // "Delete 3 group messages from group 42?"
    static QString question(const QList<MessageRef> &messages, const QString &conversation);

private:
    QList<MessageRef> m_messages;
    QString m_question;
    QPushButton *m_deleteButton;
    QPushButton *m_cancelButton;
};

} // namespace ui
