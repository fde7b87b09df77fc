#include "productionband.h"

#include <QApplication>
#include <QEvent>

namespace ui {

ProductionBand::ProductionBand(QWidget *parent) : QLabel(parent)
{
    setObjectName(QStringLiteral("productionBand"));
    setAlignment(Qt::AlignCenter);
    setTextFormat(Qt::PlainText);
    setAutoFillBackground(true);
    QFont f = font();
    f.setBold(true);
    setFont(f);
    const int pad = fontMetrics().height() / 4;
    setContentsMargins(pad, pad, pad, pad);
    setAccessibleName(tr("Production warning"));
    updateColours();
    hide();
}

void ProductionBand::showFor(const QString &profileName, bool production)
{
    setText(production ? tr("PRODUCTION — %1").arg(profileName) : QString());
    setVisible(production);
}

void ProductionBand::changeEvent(QEvent *event)
{
    QLabel::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::ApplicationPaletteChange)
        updateColours();
}

void ProductionBand::updateColours()
{
    // The application palette says light or dark; our own palette is the band's red.
    const bool dark = QApplication::palette().color(QPalette::Window).lightness() < 128;
    QPalette p = palette();
    const QColor red = dark ? QColor(0x9a, 0x1f, 0x1f) : QColor(0xc6, 0x28, 0x28);
    p.setColor(QPalette::Window, red);
    p.setColor(QPalette::WindowText, Qt::white);
    // Only set when different, so setPalette() does not loop through PaletteChange.
    if (p != palette())
        setPalette(p);
}

} // namespace ui
