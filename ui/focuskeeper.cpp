#include "focuskeeper.h"

namespace ui {

void FocusKeeper::setEnabled(QWidget *widget, bool enabled)
{
    if (!enabled) {
        // The window's focus widget, not QApplication's: the window need not be active.
        if (widget->window()->focusWidget() == widget) {
            m_waitingFor = widget;
            m_holder->setFocus(Qt::OtherFocusReason);
        }
        widget->setEnabled(false);
        return;
    }
    widget->setEnabled(true);
    if (m_waitingFor == widget) {
        m_waitingFor = nullptr;
        if (m_holder->window()->focusWidget() == m_holder)   // nobody moved it meanwhile
            widget->setFocus(Qt::OtherFocusReason);
    }
}

} // namespace ui
