#include "countpanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "inputvalidation.h"
#include "service/rtmreply.h"
#include "service/rtmsession.h"

namespace ui {

CountPanel::CountPanel(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("countPanel"));
    m_kind = new QComboBox(this);
    m_kind->setObjectName(QStringLiteral("countKind"));
    m_kind->addItem(tr("Group"), int(rtm::MessageCategory::Group));
    m_kind->addItem(tr("Room"), int(rtm::MessageCategory::Room));
    m_id = new QLineEdit(this);
    m_id->setObjectName(QStringLiteral("countId"));
    m_id->setPlaceholderText(tr("group or room id"));
    m_id->setClearButtonEnabled(true);
    m_mtypes = new QLineEdit(this);
    m_mtypes->setObjectName(QStringLiteral("countMtypes"));
    m_mtypes->setPlaceholderText(tr("all mtypes (or e.g. 30, 51)"));
    const QDateTime now = QDateTime::currentDateTime();
    m_beginEnabled = new QCheckBox(tr("From:"), this);
    m_beginEnabled->setObjectName(QStringLiteral("countBeginEnabled"));
    m_begin = new QDateTimeEdit(now.addDays(-1), this);
    m_begin->setObjectName(QStringLiteral("countBegin"));
    m_begin->setCalendarPopup(true);
    m_begin->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    m_begin->setEnabled(false);
    m_endEnabled = new QCheckBox(tr("To:"), this);
    m_endEnabled->setObjectName(QStringLiteral("countEndEnabled"));
    m_end = new QDateTimeEdit(now, this);
    m_end->setObjectName(QStringLiteral("countEnd"));
    m_end->setCalendarPopup(true);
    m_end->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    m_end->setEnabled(false);
    m_countButton = new QPushButton(tr("Count"), this);
    m_countButton->setObjectName(QStringLiteral("countButton"));
    m_countButton->setDefault(true);
    m_result = new QLabel(this);
    m_result->setObjectName(QStringLiteral("countResult"));
    m_result->setWordWrap(true);
    m_result->setTextFormat(Qt::PlainText);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont big = m_result->font();
    big.setPointSizeF(big.pointSizeF() * 1.3);
    m_result->setFont(big);

    auto *form = new QFormLayout;
    form->addRow(tr("Kind:"), m_kind);
    form->addRow(tr("Id:"), m_id);
    form->addRow(tr("mtypes:"), m_mtypes);
    auto *range = new QHBoxLayout;
    range->addWidget(m_beginEnabled);
    range->addWidget(m_begin);
    range->addWidget(m_endEnabled);
    range->addWidget(m_end);
    range->addStretch();
    form->addRow(tr("Time range:"), range);

    auto *explain = new QLabel(tr("Counts the stored messages of a group or room and how many different users sent them (get_message_num)."), this);
    explain->setWordWrap(true);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(explain);
    layout->addLayout(form);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_countButton);
    buttons->addStretch();
    layout->addLayout(buttons);
    layout->addWidget(m_result);
    layout->addStretch();

    connect(m_beginEnabled, &QCheckBox::toggled, m_begin, &QWidget::setEnabled);
    connect(m_endEnabled, &QCheckBox::toggled, m_end, &QWidget::setEnabled);
    connect(m_countButton, &QPushButton::clicked, this, &CountPanel::count);
    connect(m_id, &QLineEdit::returnPressed, this, &CountPanel::count);
}

void CountPanel::setSession(service::RtmSession *session)
{
    if (m_session != session) {
        // A count belongs to the connection it was made on.
        m_inFlight = nullptr;
        m_hasResult = false;
        m_result->clear();
    }
    m_session = session;
    m_countButton->setEnabled(session != nullptr);
}

void CountPanel::setUtc(bool utc)
{
    m_begin->setTimeSpec(utc ? Qt::UTC : Qt::LocalTime);
    m_end->setTimeSpec(utc ? Qt::UTC : Qt::LocalTime);
}

void CountPanel::setDefaults(qint64 gid)
{
    m_id->setText(QString::number(gid));
}

bool CountPanel::count()
{
    QStringList problems;
    const auto category = rtm::MessageCategory(m_kind->currentData().toInt());
    const IdCheck id = checkId(m_id->text(), category == rtm::MessageCategory::Group ? tr("Group id") : tr("Room id"));
    if (!id.ok)
        problems << id.error;
    const MtypeListCheck mtypes = checkMtypeList(m_mtypes->text());
    if (!mtypes.ok())
        problems << mtypes.error;
    const qint64 begin = m_beginEnabled->isChecked() ? m_begin->dateTime().toMSecsSinceEpoch() : 0;
    const qint64 end = m_endEnabled->isChecked() ? m_end->dateTime().toMSecsSinceEpoch() + 999 : 0;
    if (begin && end && begin > end)
        problems << tr("“From” is after “To”.");
    if (!m_session)
        problems << tr("Not connected.");
    if (!problems.isEmpty()) {
        m_hasResult = false;
        m_result->setText(QStringLiteral("✖ ") + problems.join(QStringLiteral("\n✖ ")));
        return false;
    }
    m_hasResult = false;
    m_result->setText(tr("Counting…"));
    service::RtmReply *reply = m_session->getMessageNum(category, id.value, mtypes.mtypes, begin, end);
    m_inFlight = reply;
    const QString what = category == rtm::MessageCategory::Group ? tr("Group %1").arg(id.value)
                                                                  : tr("Room %1").arg(id.value);
    connect(reply, &service::RtmReply::finished, this, [this, reply, what] {
        if (reply != m_inFlight)
            return;
        m_inFlight = nullptr;
        if (reply->ok()) {
            m_last = reply->messageCount();
            m_hasResult = true;
            const QString messages = tr("%Ln message(s)", nullptr, int(m_last.num));
            const QString senders = tr("%Ln distinct sender(s)", nullptr, int(m_last.sender));
            m_result->setText(tr("%1: %2 from %3.").arg(what, messages, senders));
        } else {
            const rtm::RtmError e = reply->error();
            m_result->setText(tr("✖ %1 — %2").arg(e.name, e.message));
        }
    });
    return true;
}

QString CountPanel::resultText() const
{
    return m_result->text();
}

} // namespace ui
