#pragma once

// Light or dark colours for the whole application. Qt 6.4 has no colour-scheme hint, so a
// desktop's dark setting does not always reach Qt; this lets a user pick dark by hand.
// Widgets never hold colours of their own: they read palette roles, so switching the
// application palette is all it takes.

namespace ui {

enum class ColourScheme { System, Dark };

// Applies the scheme to the running QApplication (Fusion style for Dark, so the palette is
// honoured everywhere; System restores the style and palette found at start).
void applyColourScheme(ColourScheme scheme);

// The scheme saved in QSettings ("view/colourScheme").
ColourScheme savedColourScheme();
void saveColourScheme(ColourScheme scheme);

} // namespace ui
