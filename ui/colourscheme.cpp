#include "colourscheme.h"

#include <QApplication>
#include <QPalette>
#include <QSettings>
#include <QStyle>
#include <QStyleFactory>

namespace ui {

namespace {

const char kSettingsKey[] = "view/colourScheme";

struct StartingLook {
    QString styleName;
    QPalette palette;
    bool captured = false;
};

StartingLook &startingLook()
{
    static StartingLook look;
    if (!look.captured) {
        look.styleName = QApplication::style()->name();
        look.palette = QApplication::palette();
        look.captured = true;
    }
    return look;
}

QPalette darkPalette()
{
    // One place that defines the dark colours; every widget reads them through its roles.
    const QColor window(45, 45, 48);
    const QColor base(30, 30, 32);
    const QColor alternate(40, 40, 43);
    const QColor text(230, 230, 230);
    const QColor disabledText(130, 130, 130);
    const QColor highlight(42, 130, 218);
    const QColor link(90, 170, 250);

    QPalette p;
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, alternate);
    p.setColor(QPalette::ToolTipBase, window);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, disabledText);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(255, 90, 90));
    p.setColor(QPalette::Link, link);
    p.setColor(QPalette::LinkVisited, link.darker(120));
    p.setColor(QPalette::Highlight, highlight);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Light, window.lighter(150));
    p.setColor(QPalette::Midlight, window.lighter(125));
    p.setColor(QPalette::Mid, window.darker(120));
    p.setColor(QPalette::Dark, window.darker(150));
    p.setColor(QPalette::Shadow, Qt::black);
    for (QPalette::ColorRole role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText}) {
        p.setColor(QPalette::Disabled, role, disabledText);
    }
    p.setColor(QPalette::Disabled, QPalette::Base, window);
    p.setColor(QPalette::Disabled, QPalette::Highlight, QColor(80, 80, 80));
    return p;
}

} // namespace

void applyColourScheme(ColourScheme scheme)
{
    StartingLook &look = startingLook();
    if (scheme == ColourScheme::Dark) {
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(darkPalette());
    } else {
        QApplication::setStyle(QStyleFactory::create(look.styleName));
        QApplication::setPalette(look.palette);
    }
}

ColourScheme savedColourScheme()
{
    return QSettings().value(QLatin1String(kSettingsKey)).toString() == QLatin1String("dark") ? ColourScheme::Dark
                                                                                              : ColourScheme::System;
}

void saveColourScheme(ColourScheme scheme)
{
    QSettings().setValue(QLatin1String(kSettingsKey), scheme == ColourScheme::Dark ? QStringLiteral("dark")
                                                                                  : QStringLiteral("system"));
}

} // namespace ui
