#pragma once

// Disabling the widget that has the keyboard focus makes Qt hand the focus to the next
// widget in the tab chain, which in the main window is often in another dock (the activity
// log's filter). Panels switch their busy buttons through a FocusKeeper instead: the focus
// waits on the panel meanwhile and goes back to the button when it is enabled again,
// unless the user has put it somewhere else in the meantime.

#include <QPointer>
#include <QWidget>

namespace ui {

class FocusKeeper {
public:
    // holder: where the focus waits; a container of the buttons (the panel).
    explicit FocusKeeper(QWidget *holder) : m_holder(holder) {}

    void setEnabled(QWidget *widget, bool enabled);

private:
    QWidget *m_holder;
    QPointer<QWidget> m_waitingFor;   // disabled while it had the focus
};

} // namespace ui
