#include "sendconfirmdialog.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

namespace ui {

SendConfirmDialog::SendConfirmDialog(const SendSummary &s, QWidget *parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("sendConfirmDialog"));
    setWindowTitle(s.broadcast ? tr("Broadcast") : tr("Send on production"));
    setWindowModality(Qt::WindowModal);

    auto *icon = new QLabel(this);
    const int size = style()->pixelMetric(QStyle::PM_MessageBoxIconSize, nullptr, this);
    icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning, nullptr, this).pixmap(size, size));
    icon->setAlignment(Qt::AlignTop);

    QString question = s.broadcast ? tr("Broadcast to %1?").arg(s.target) : tr("Send to %1?").arg(s.target);
    if (s.production)
        question += QLatin1Char(' ') + tr("This is the PRODUCTION profile “%1”.").arg(s.profile);
    m_question = new QLabel(question, this);
    m_question->setObjectName(QStringLiteral("sendConfirmQuestion"));
    m_question->setWordWrap(true);
    m_question->setTextFormat(Qt::PlainText);
    QFont bold = m_question->font();
    bold.setBold(true);
    m_question->setFont(bold);

    QStringList lines;
    lines << tr("Kind: %1").arg(s.kind);
    lines << tr("To: %1").arg(s.target);
    lines << tr("From uid: %1").arg(s.from);
    lines << tr("mid: %1%2").arg(s.mid).arg(s.again ? tr(" (sent again, same mid)") : QString());
    if (!s.production)
        lines << tr("Profile: %1").arg(s.profile);
    m_details = new QLabel(lines.join(QLatin1Char('\n')), this);
    m_details->setObjectName(QStringLiteral("sendConfirmDetails"));
    m_details->setTextFormat(Qt::PlainText);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *preview = new QPlainTextEdit(s.preview, this);
    preview->setObjectName(QStringLiteral("sendConfirmPreview"));
    preview->setReadOnly(true);
    preview->setMaximumHeight(fontMetrics().lineSpacing() * 6);

    auto *box = new QDialogButtonBox(this);
    m_cancel = box->addButton(QDialogButtonBox::Cancel);
    m_cancel->setObjectName(QStringLiteral("sendConfirmCancel"));
    m_send = box->addButton(s.broadcast ? tr("Broadcast to every user") : tr("Send"), QDialogButtonBox::AcceptRole);
    m_send->setObjectName(QStringLiteral("sendConfirmSend"));
    // Cancel is the default; Enter on a focused Send sends (auto-default).
    m_send->setAutoDefault(true);
    m_cancel->setAutoDefault(true);
    m_cancel->setDefault(true);
    connect(m_send, &QPushButton::clicked, this, &QDialog::accept);
    connect(m_cancel, &QPushButton::clicked, this, &QDialog::reject);

    auto *texts = new QVBoxLayout;
    texts->addWidget(m_question);
    texts->addWidget(m_details);
    texts->addWidget(new QLabel(tr("Message:"), this));
    texts->addWidget(preview);
    auto *top = new QHBoxLayout;
    top->addWidget(icon);
    top->addLayout(texts, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(box);

    m_cancel->setFocus(Qt::OtherFocusReason);
    setMinimumWidth(fontMetrics().horizontalAdvance(QLatin1Char('M')) * 36);
}

QString SendConfirmDialog::questionText() const
{
    return m_question->text();
}

QString SendConfirmDialog::detailsText() const
{
    return m_details->text();
}

} // namespace ui
