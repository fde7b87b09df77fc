#include "deleteconfirmdialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>
#include <QHBoxLayout>

namespace ui {

QString DeleteConfirmDialog::question(const QList<MessageRef> &messages, const QString &conversation)
{
    const int n = int(messages.size());
    if (messages.isEmpty())
        return {};
    bool sameKind = true;
    for (const MessageRef &m : messages)
        sameKind = sameKind && m.category == messages.first().category;
    if (!sameKind)
        return tr("Delete %n message(s)?", nullptr, n);
    switch (messages.first().category) {
    case rtm::MessageCategory::Group:
        return tr("Delete %n group message(s) from %1?", nullptr, n).arg(conversation);
    case rtm::MessageCategory::Room:
        return tr("Delete %n room message(s) from %1?", nullptr, n).arg(conversation);
    case rtm::MessageCategory::P2P:
        return tr("Delete %n P2P message(s) from %1?", nullptr, n).arg(conversation);
    case rtm::MessageCategory::Broadcast:
        return tr("Delete %n broadcast message(s)?", nullptr, n);
    }
    return {};
}

DeleteConfirmDialog::DeleteConfirmDialog(const QList<MessageRef> &messages, const QString &conversation,
                                         QWidget *parent)
    : QDialog(parent), m_messages(messages), m_question(question(messages, conversation))
{
    setObjectName(QStringLiteral("deleteConfirmDialog"));
    setWindowTitle(tr("Delete messages"));
    setWindowModality(Qt::WindowModal);

    auto *icon = new QLabel(this);
    const int size = style()->pixelMetric(QStyle::PM_MessageBoxIconSize, nullptr, this);
    icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning, nullptr, this).pixmap(size, size));
    icon->setAlignment(Qt::AlignTop);

    auto *questionLabel = new QLabel(m_question, this);
    questionLabel->setObjectName(QStringLiteral("deleteQuestion"));
    questionLabel->setWordWrap(true);
    questionLabel->setTextFormat(Qt::PlainText);
    QFont f = questionLabel->font();
    f.setBold(true);
    questionLabel->setFont(f);

    auto *explain = new QLabel(tr("The server marks them deleted for everyone. This cannot be undone; "
                                  "each delete is written to the audit log."), this);
    explain->setWordWrap(true);

    auto *list = new QPlainTextEdit(this);
    list->setObjectName(QStringLiteral("deleteList"));
    list->setReadOnly(true);
    QStringList lines;
    for (const MessageRef &m : messages.mid(0, 200))
        lines << m.describe();
    if (messages.size() > 200)
        lines << tr("… and %n more", nullptr, int(messages.size() - 200));
    list->setPlainText(lines.join(QLatin1Char('\n')));
    list->setMaximumHeight(fontMetrics().lineSpacing() * 8);

    auto *box = new QDialogButtonBox(this);
    m_cancelButton = box->addButton(QDialogButtonBox::Cancel);
    m_cancelButton->setObjectName(QStringLiteral("deleteCancel"));
    m_deleteButton = box->addButton(tr("Delete %n message(s)", nullptr, int(messages.size())),
                                    QDialogButtonBox::DestructiveRole);
    m_deleteButton->setObjectName(QStringLiteral("deleteConfirm"));
    m_deleteButton->setAutoDefault(false);
    m_deleteButton->setDefault(false);
    m_cancelButton->setDefault(true);

    connect(m_deleteButton, &QPushButton::clicked, this, &QDialog::accept);
    connect(m_cancelButton, &QPushButton::clicked, this, &QDialog::reject);

    auto *top = new QHBoxLayout;
    top->addWidget(icon);
    auto *texts = new QVBoxLayout;
    texts->addWidget(questionLabel);
    texts->addWidget(explain);
    top->addLayout(texts, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(list);
    layout->addWidget(box);

    m_cancelButton->setFocus(Qt::OtherFocusReason);
}

QString DeleteConfirmDialog::questionText() const
{
    return m_question;
}

} // namespace ui
