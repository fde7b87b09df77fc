#include "progressdialog.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace ui {

ProgressDialog::ProgressDialog(const QString &title, const QString &label, int maximum, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(title);
    setWindowModality(Qt::WindowModal);
    m_label = new QLabel(label, this);
    m_label->setObjectName(QStringLiteral("progressLabel"));
    m_label->setWordWrap(true);
    m_bar = new QProgressBar(this);
    m_bar->setObjectName(QStringLiteral("progressBar"));
    m_bar->setRange(0, maximum);
    m_bar->setValue(0);
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setObjectName(QStringLiteral("progressCancel"));
    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(m_cancel);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_label);
    layout->addWidget(m_bar);
    layout->addLayout(buttons);
    setMinimumWidth(fontMetrics().horizontalAdvance(QLatin1Char('M')) * 28);
    connect(m_cancel, &QPushButton::clicked, this, &ProgressDialog::canceled);
}

void ProgressDialog::setValue(int value)
{
    m_bar->setValue(value);
}

int ProgressDialog::value() const
{
    return m_bar->value();
}

void ProgressDialog::setLabelText(const QString &text)
{
    m_label->setText(text);
}

QString ProgressDialog::labelText() const
{
    return m_label->text();
}

void ProgressDialog::reject()
{
    // Closing does not hide the work in progress: it asks to cancel and stays until done.
    emit canceled();
}

} // namespace ui
