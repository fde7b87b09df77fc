#pragma once

// A window-modal progress dialog with a Cancel button. Unlike QProgressDialog it never
// calls processEvents() from setValue(), so updating it from inside a network callback
// cannot re-enter the socket code (QProgressDialog does that when modal).

#include <QDialog>

class QLabel;
class QProgressBar;
class QPushButton;

namespace ui {

class ProgressDialog : public QDialog {
    Q_OBJECT
public:
    ProgressDialog(const QString &title, const QString &label, int maximum, QWidget *parent = nullptr);

    void setValue(int value);
    int value() const;
    void setLabelText(const QString &text);
    QString labelText() const;
    QPushButton *cancelButton() const { return m_cancel; }

Q_SIGNALS:
    void canceled();

protected:
    void reject() override;   // Esc and the window's close button mean Cancel

private:
    QLabel *m_label;
    QProgressBar *m_bar;
    QPushButton *m_cancel;
};

} // namespace ui
