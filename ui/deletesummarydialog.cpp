#include "deletesummarydialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace ui {

QString DeleteCounts::summary() const
{
    QString text = DeleteSummaryDialog::tr("Deleted %1 of %n message(s).", nullptr, total).arg(deleted);
    if (failed > 0)
        text += DeleteSummaryDialog::tr(" Failed: %1 (marked in the table).").arg(failed);
    if (unknown > 0)
        text += DeleteSummaryDialog::tr(" Unknown — check by mid: %1.").arg(unknown);
    if (stillPresent > 0)
        text += DeleteSummaryDialog::tr(" Still present after a check: %1.").arg(stillPresent);
    if (notAttempted > 0)
        text += DeleteSummaryDialog::tr(" Not attempted (cancelled): %1.").arg(notAttempted);
    return text;
}

QString DeleteCounts::details() const
{
    QStringList lines;
    lines << DeleteSummaryDialog::tr("Deleted: %1 of %2").arg(deleted).arg(total);
    if (failed > 0)
        lines << DeleteSummaryDialog::tr("Failed: %1").arg(failed);
    if (unknown > 0)
        lines << DeleteSummaryDialog::tr("Unknown — check by mid: %1").arg(unknown);
    if (stillPresent > 0)
        lines << DeleteSummaryDialog::tr("Still present (the delete did not happen): %1").arg(stillPresent);
    if (notAttempted > 0)
        lines << DeleteSummaryDialog::tr("Not attempted (cancelled): %1").arg(notAttempted);
    return lines.join(QLatin1Char('\n'));
}

DeleteSummaryDialog::DeleteSummaryDialog(QWidget *parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("deleteSummaryDialog"));
    setWindowTitle(tr("Delete finished"));
    setWindowModality(Qt::WindowModal);

    m_text = new QLabel(this);
    m_text->setObjectName(QStringLiteral("deleteSummaryText"));
    m_text->setTextFormat(Qt::PlainText);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_note = new QLabel(this);
    m_note->setObjectName(QStringLiteral("deleteSummaryNote"));
    m_note->setWordWrap(true);
    m_note->setTextFormat(Qt::PlainText);

    auto *box = new QDialogButtonBox(this);
    m_check = box->addButton(tr("Check unknown"), QDialogButtonBox::ActionRole);
    m_check->setObjectName(QStringLiteral("deleteCheckUnknown"));
    m_check->setToolTip(tr("Ask the server about each unknown message by mid: "
                           "“message not found” means it was deleted."));
    m_close = box->addButton(QDialogButtonBox::Close);
    m_close->setDefault(true);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_text);
    layout->addWidget(m_note);
    layout->addWidget(box);

    connect(m_check, &QPushButton::clicked, this, &DeleteSummaryDialog::checkRequested);
    connect(m_close, &QPushButton::clicked, this, &QDialog::accept);
    setMinimumWidth(fontMetrics().horizontalAdvance(QLatin1Char('M')) * 30);
}

void DeleteSummaryDialog::setCounts(const DeleteCounts &counts)
{
    m_counts = counts;
    m_text->setText(counts.details());
    if (counts.unknown > 0)
        m_note->setText(tr("The connection was lost or timed out after these deletes were sent: "
                           "the server may or may not have deleted them. They stay in the table "
                           "marked “unknown — check by mid”."));
    else if (counts.stillPresent > 0)
        m_note->setText(tr("Messages still present were not deleted; select them and delete again."));
    else
        m_note->clear();
    m_note->setVisible(!m_note->text().isEmpty());
    updateCheckButton();
}

void DeleteSummaryDialog::setChecking(bool checking)
{
    m_checking = checking;
    updateCheckButton();
}

void DeleteSummaryDialog::setCheckBlocked(const QString &reason)
{
    m_blocked = reason;
    updateCheckButton();
}

void DeleteSummaryDialog::updateCheckButton()
{
    m_check->setVisible(m_counts.unknown > 0 || m_checking);
    m_check->setEnabled(m_counts.unknown > 0 && !m_checking && m_blocked.isEmpty());
    m_check->setText(m_checking ? tr("Checking…") : tr("Check unknown"));
    if (!m_blocked.isEmpty())
        m_check->setToolTip(m_blocked);
}

QString DeleteSummaryDialog::text() const
{
    return m_text->text();
}

} // namespace ui
