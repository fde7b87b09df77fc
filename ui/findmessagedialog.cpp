#include "findmessagedialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "deletecontroller.h"
#include "inputvalidation.h"
#include "messagedetails.h"
#include "rtm/categorytable.h"

namespace ui {

FindMessageDialog::FindMessageDialog(QWidget *parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("findMessageDialog"));
    setWindowTitle(tr("Find message"));
    m_kind = new QComboBox(this);
    m_kind->setObjectName(QStringLiteral("findKind"));
    m_kind->addItem(tr("P2P"), int(rtm::MessageCategory::P2P));
    m_kind->addItem(tr("Group"), int(rtm::MessageCategory::Group));
    m_kind->addItem(tr("Room"), int(rtm::MessageCategory::Room));
    m_kind->addItem(tr("Broadcast"), int(rtm::MessageCategory::Broadcast));
    m_from = new QLineEdit(this);
    m_from->setObjectName(QStringLiteral("findFrom"));
    m_from->setPlaceholderText(tr("sender uid"));
    m_targetLabel = new QLabel(this);
    m_target = new QLineEdit(this);
    m_target->setObjectName(QStringLiteral("findTarget"));
    m_mid = new QLineEdit(this);
    m_mid->setObjectName(QStringLiteral("findMid"));
    m_mid->setPlaceholderText(tr("message id"));
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("findStatus"));
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);
    m_details = new MessageDetails(this);
    m_deleter = new DeleteController(this);

    auto *form = new QFormLayout;
    form->addRow(tr("Kind:"), m_kind);
    form->addRow(tr("From uid:"), m_from);
    form->addRow(m_targetLabel, m_target);
    form->addRow(tr("mid:"), m_mid);

    auto *box = new QDialogButtonBox(this);
    m_info = box->addButton(tr("Info"), QDialogButtonBox::ActionRole);
    m_info->setObjectName(QStringLiteral("findInfo"));
    m_info->setDefault(true);
    m_delete = box->addButton(tr("Delete…"), QDialogButtonBox::ActionRole);
    m_delete->setObjectName(QStringLiteral("findDelete"));
    m_delete->setAutoDefault(false);
    QPushButton *close = box->addButton(QDialogButtonBox::Close);
    close->setAutoDefault(false);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(box);
    layout->addWidget(m_status);
    layout->addWidget(m_details, 1);

    connect(m_kind, &QComboBox::currentIndexChanged, this, &FindMessageDialog::updateFields);
    connect(m_info, &QPushButton::clicked, this, &FindMessageDialog::showInfo);
    connect(m_delete, &QPushButton::clicked, this, &FindMessageDialog::deleteMessage);
    connect(close, &QPushButton::clicked, this, &QDialog::reject);
    connect(m_details, &MessageDetails::deleteRequested, this, &FindMessageDialog::deleteMessage);
    connect(m_deleter, &DeleteController::messageDeleted, this, [this](const MessageRef &ref) {
        m_status->setText(tr("✔ Deleted: %1").arg(ref.describe()));
        m_details->clear();
        emit messageDeleted(ref);
    });
    connect(m_deleter, &DeleteController::messageFailed, this, [this](const MessageRef &ref, const rtm::RtmError &e) {
        m_status->setText(tr("✖ Not deleted: %1 — %2 (%3)").arg(ref.describe(), e.name, e.message));
    });
    connect(m_deleter, &DeleteController::messageUnknown, this, [this](const MessageRef &ref, const rtm::RtmError &e) {
        m_status->setText(tr("? Unknown — check by mid: %1 (%2). Use Info to see whether it is still there.")
                              .arg(ref.describe(), e.name));
    });
    connect(m_deleter, &DeleteController::messageStillPresent, this, [this](const MessageRef &ref) {
        m_status->setText(tr("✖ Still present, not deleted: %1").arg(ref.describe()));
    });
    connect(m_deleter, &DeleteController::finished, this, &FindMessageDialog::statusMessage);
    updateFields();
    resize(fontMetrics().horizontalAdvance(QLatin1Char('M')) * 45, fontMetrics().lineSpacing() * 34);
}

void FindMessageDialog::setSession(service::RtmSession *session)
{
    m_session = session;
    m_details->setSession(session);
    m_deleter->setSession(session);
}

void FindMessageDialog::setReadOnly(bool readOnly)
{
    m_readOnly = readOnly;
    m_delete->setEnabled(!readOnly);
    m_details->setDeleteAllowed(!readOnly);
    m_delete->setToolTip(readOnly ? tr("This profile is read-only: deleting is disabled.") : QString());
}

void FindMessageDialog::updateFields()
{
    const auto c = rtm::MessageCategory(m_kind->currentData().toInt());
    switch (c) {
    case rtm::MessageCategory::P2P: m_targetLabel->setText(tr("To uid:")); break;
    case rtm::MessageCategory::Group: m_targetLabel->setText(tr("Group id:")); break;
    case rtm::MessageCategory::Room: m_targetLabel->setText(tr("Room id:")); break;
    case rtm::MessageCategory::Broadcast: break;
    }
    m_targetLabel->setVisible(rtm::categoryRow(c).hasTarget);
    m_target->setVisible(rtm::categoryRow(c).hasTarget);
}

bool FindMessageDialog::readRef(MessageRef *ref)
{
    QStringList problems;
    ref->category = rtm::MessageCategory(m_kind->currentData().toInt());
    const IdCheck from = checkId(m_from->text(), tr("From uid"));
    if (!from.ok)
        problems << from.error;
    ref->from = from.value;
    ref->target = 0;
    if (rtm::categoryRow(ref->category).hasTarget) {
        const IdCheck target = checkId(m_target->text(), m_targetLabel->text().chopped(1));
        if (!target.ok)
            problems << target.error;
        ref->target = target.value;
    }
    const IdCheck mid = checkId(m_mid->text(), tr("mid"));
    if (!mid.ok)
        problems << mid.error;
    ref->mid = mid.value;
    if (!m_session)
        problems << tr("Not connected.");
    if (!problems.isEmpty()) {
        m_status->setText(QStringLiteral("✖ ") + problems.join(QStringLiteral("\n✖ ")));
        return false;
    }
    m_status->clear();
    return true;
}

void FindMessageDialog::showInfo()
{
    MessageRef ref;
    if (readRef(&ref))
        m_details->load(ref);
}

void FindMessageDialog::deleteMessage()
{
    if (m_readOnly)
        return;
    MessageRef ref;
    if (!readRef(&ref))
        return;
    // The Info shown for this message is what its audit line records as deleted.
    if (m_details->currentRef() == ref)
        ref.content = m_details->currentRef().content;
    QString conversation;
    switch (ref.category) {
    case rtm::MessageCategory::P2P: conversation = tr("user %1 to user %2").arg(ref.from).arg(ref.target); break;
    case rtm::MessageCategory::Group: conversation = tr("group %1").arg(ref.target); break;
    case rtm::MessageCategory::Room: conversation = tr("room %1").arg(ref.target); break;
    case rtm::MessageCategory::Broadcast: break;
    }
    m_deleter->confirmAndDelete({ref}, conversation);
}

void FindMessageDialog::clearResult()
{
    m_status->clear();
    m_details->clear();
}

QString FindMessageDialog::statusText() const
{
    return m_status->text();
}

} // namespace ui
