#pragma once

// Shown on the first start (no saved profile): try the built-in sandbox with demo data,
// or set up a connection to a real project.

#include <QDialog>

class QPushButton;

namespace ui {

class FirstStartDialog : public QDialog {
    Q_OBJECT
public:
    explicit FirstStartDialog(QWidget *parent = nullptr);

Q_SIGNALS:
    void sandboxChosen();
    void newConnectionChosen();
};

} // namespace ui
