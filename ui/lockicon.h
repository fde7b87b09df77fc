#pragma once

// The padlock next to an encrypted connection in the status bar: the desktop theme's icon
// when it has one, otherwise one drawn here in the palette's text colour (so it follows
// dark themes; this Qt build has no SVG support, and QStyle has no lock pixmap).

#include <QIcon>
#include <QPalette>

namespace ui {

QIcon lockIcon(const QPalette &palette);

} // namespace ui
