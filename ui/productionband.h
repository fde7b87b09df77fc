#pragma once

// The red band across the top of the main window while a production profile is connected:
// "PRODUCTION — <profile>". Its red follows the palette (lighter windows get a deeper red,
// dark ones a muted one), so it reads well in light and dark colours alike.

#include <QLabel>

namespace ui {

class ProductionBand : public QLabel {
    Q_OBJECT
public:
    explicit ProductionBand(QWidget *parent = nullptr);

    // Shows the band for a production profile, hides it otherwise.
    void showFor(const QString &profileName, bool production);

protected:
    void changeEvent(QEvent *event) override;

private:
    void updateColours();
};

} // namespace ui
