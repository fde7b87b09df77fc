#include "deleteconfirmdialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
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
    // Cancel is the default button, but Enter on a focused "Delete N" deletes: an
    // auto-default button takes Enter while it has the focus.
    m_deleteButton->setAutoDefault(true);
    m_cancelButton->setAutoDefault(true);
    m_cancelButton->setDefault(true);

    connect(m_deleteButton, &QPushButton::clicked, this, &QDialog::accept);
    connect(m_cancelButton, &QPushButton::clicked, this, &QDialog::reject);

    auto *top = new QHBoxLayout;
    top->addWidget(icon);
    m_texts = new QVBoxLayout;
    m_texts->addWidget(questionLabel);
    m_texts->addWidget(explain);
    top->addLayout(m_texts, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(list);
    layout->addWidget(box);

    m_cancelButton->setFocus(Qt::OtherFocusReason);
    setMinimumWidth(fontMetrics().horizontalAdvance(QLatin1Char('M')) * 34);
}

void DeleteConfirmDialog::requireTypedCount()
{
    if (m_typedCount)
        return;
    const QString count = QString::number(m_messages.size());
    auto *prompt = new QLabel(tr("This is a production profile. Type %1 to confirm:").arg(count), this);
    prompt->setObjectName(QStringLiteral("deleteTypeCountPrompt"));
    prompt->setWordWrap(true);
    m_typedCount = new QLineEdit(this);
    m_typedCount->setObjectName(QStringLiteral("deleteTypedCount"));
    m_typedCount->setPlaceholderText(tr("type %1 here").arg(count));
    prompt->setBuddy(m_typedCount);
    m_texts->addWidget(prompt);
    m_texts->addWidget(m_typedCount);
    connect(m_typedCount, &QLineEdit::textChanged, this, &DeleteConfirmDialog::updateDeleteEnabled);
    updateDeleteEnabled();
}

void DeleteConfirmDialog::updateDeleteEnabled()
{
    const bool typed = !m_typedCount || m_typedCount->text().trimmed() == QString::number(m_messages.size());
    m_deleteButton->setEnabled(typed);
    // Once the right count is typed, Enter in the field means "delete"; before, Cancel.
    if (m_typedCount) {
        m_deleteButton->setDefault(typed);
        m_cancelButton->setDefault(!typed);
    }
}

QString DeleteConfirmDialog::questionText() const
{
    return m_question;
}

} // namespace ui
