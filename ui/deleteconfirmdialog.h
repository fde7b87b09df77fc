#pragma once

// "Delete 3 group messages from group 42?" — states the count and the kind, names its
// button after the action ("Delete 3 messages") and starts with the focus on Cancel.
// Enter activates the focused button (Cancel at first; "Delete N" once tabbed to). With
// requireTypedCount() (production, more than 20 messages) the Delete button stays disabled
// until the count is typed into a field. Open it with open(); accepted() means go.

#include <QDialog>
#include <QList>

#include "messageref.h"

class QLineEdit;
class QPushButton;
class QVBoxLayout;

namespace ui {

class DeleteConfirmDialog : public QDialog {
    Q_OBJECT
public:
    DeleteConfirmDialog(const QList<MessageRef> &messages, const QString &conversation, QWidget *parent = nullptr);

    QList<MessageRef> messages() const { return m_messages; }
    QString questionText() const;
    QPushButton *cancelButton() const { return m_cancelButton; }

    // Asks for the count to be typed before Delete enables (call before open()).
    void requireTypedCount();
    bool isTypedCountRequired() const { return m_typedCount != nullptr; }

    // "Delete 3 group messages from group 42?"
    static QString question(const QList<MessageRef> &messages, const QString &conversation);

private:
    void updateDeleteEnabled();

    QList<MessageRef> m_messages;
    QString m_question;
    QPushButton *m_deleteButton;
    QPushButton *m_cancelButton;
    QLineEdit *m_typedCount = nullptr;
    QVBoxLayout *m_texts = nullptr;
};

} // namespace ui
