#include "lockicon.h"

#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace ui {

namespace {

QPixmap drawLock(int size, const QColor &colour)
{
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    const qreal s = size;
    // Shackle: a U over the body, stroked.
    QPen pen(colour, s * 0.12, Qt::SolidLine, Qt::FlatCap);
    p.setPen(pen);
    p.setBrush(Qt::NoBrush);
    const QRectF arc(s * 0.28, s * 0.08, s * 0.44, s * 0.48);
    QPainterPath shackle;
    shackle.moveTo(arc.left(), s * 0.5);
    shackle.lineTo(arc.left(), arc.center().y());
    shackle.arcTo(arc, 180, -180);
    shackle.lineTo(arc.right(), s * 0.5);
    p.drawPath(shackle);
    // Body, with a keyhole cut out.
    p.setPen(Qt::NoPen);
    p.setBrush(colour);
    QPainterPath body;
    body.addRoundedRect(QRectF(s * 0.14, s * 0.44, s * 0.72, s * 0.5), s * 0.08, s * 0.08);
    QPainterPath keyhole;
    keyhole.addEllipse(QPointF(s * 0.5, s * 0.64), s * 0.07, s * 0.07);
    keyhole.addRect(QRectF(s * 0.47, s * 0.64, s * 0.06, s * 0.16));
    p.drawPath(body.subtracted(keyhole));
    return pixmap;
}

} // namespace

QIcon lockIcon(const QPalette &palette)
{
    for (const char *name : {"channel-secure", "security-high"}) {
        const QIcon themed = QIcon::fromTheme(QString::fromLatin1(name));
        if (!themed.isNull())
            return themed;
    }
    QIcon icon;
    const QColor colour = palette.color(QPalette::WindowText);
    for (int size : {16, 22, 24, 32, 48})
        icon.addPixmap(drawLock(size, colour));
    return icon;
}

} // namespace ui
