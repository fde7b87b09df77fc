#include "messagedetails.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "inputvalidation.h"
#include "service/historymodel.h"
#include "service/rtmreply.h"
#include "service/rtmsession.h"
#include "timetext.h"

namespace ui {

namespace {

// Qt lays out a text block as a whole: one 1 MB line takes seconds to wrap (or over a
// second unwrapped), while QPlainTextEdit lays out short blocks only when they scroll
// into view. So lines longer than this are shown in pieces of this length.
constexpr int kDisplayLineLength = 1000;

QString breakLongLines(const QString &text)
{
    bool needed = false;
    for (qsizetype start = 0; start < text.size() && !needed;) {
        qsizetype end = text.indexOf(QLatin1Char('\n'), start);
        if (end < 0)
            end = text.size();
        needed = end - start > kDisplayLineLength;
        start = end + 1;
    }
    if (!needed)
        return text;
    QString out;
    out.reserve(text.size() + text.size() / kDisplayLineLength + 1);
    qsizetype run = 0;
    for (QChar c : text) {
        if (c == QLatin1Char('\n')) {
            run = 0;
        } else if (run == kDisplayLineLength) {
            out += QLatin1Char('\n');
            run = 0;
        }
        if (c != QLatin1Char('\n'))
            ++run;
        out += c;
    }
    return out;
}

} // namespace

MessageDetails::MessageDetails(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("messageDetails"));
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("detailsStatus"));
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);
    m_header = new QLabel(this);
    m_header->setObjectName(QStringLiteral("detailsHeader"));
    m_header->setWordWrap(true);
    m_header->setTextFormat(Qt::PlainText);
    QFont bold = m_header->font();
    bold.setBold(true);
    m_header->setFont(bold);
    m_fields = new QLabel(this);
    m_fields->setObjectName(QStringLiteral("detailsFields"));
    m_fields->setTextFormat(Qt::PlainText);
    m_fields->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_fields->setWordWrap(true);
    m_file = new QLabel(this);
    m_file->setObjectName(QStringLiteral("detailsFile"));
    m_file->setTextFormat(Qt::PlainText);
    m_file->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_file->setWordWrap(true);
    const auto makeField = [this](CappedField &f, const char *name) {
        f.edit = new QPlainTextEdit(this);
        f.edit->setObjectName(QString::fromLatin1(name));
        f.edit->setReadOnly(true);
        f.edit->setToolTip(tr("Lines longer than %1 characters are shown in pieces.").arg(kDisplayLineLength));
        f.showAll = new QPushButton(this);
        f.showAll->setObjectName(QString::fromLatin1(name) + QStringLiteral("ShowAll"));
        f.showAll->setToolTip(tr("Only the beginning is shown; this lays out the whole text."));
        f.showAll->hide();
    };
    makeField(m_message, "detailsMessage");
    m_message.edit->setPlaceholderText(tr("Select a row to see the whole message; Info asks the server."));
    makeField(m_attrs, "detailsAttrs");
    m_attrs.edit->setPlaceholderText(tr("attrs"));
    m_attrs.edit->setMaximumHeight(fontMetrics().lineSpacing() * 8);
    m_copy = new QPushButton(tr("Copy text"), this);
    m_copy->setObjectName(QStringLiteral("detailsCopy"));
    m_copy->setToolTip(tr("Copy the whole message as it was sent"));
    m_delete = new QPushButton(tr("Delete…"), this);
    m_delete->setObjectName(QStringLiteral("detailsDelete"));

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_copy);
    buttons->addWidget(m_delete);
    buttons->addStretch();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_header);
    layout->addWidget(m_status);
    layout->addWidget(m_fields);
    layout->addWidget(m_file);
    layout->addWidget(new QLabel(tr("Message:"), this));
    layout->addWidget(m_message.edit, 2);
    layout->addWidget(m_message.showAll, 0, Qt::AlignLeft);
    layout->addWidget(new QLabel(tr("Attrs:"), this));
    layout->addWidget(m_attrs.edit, 1);
    layout->addWidget(m_attrs.showAll, 0, Qt::AlignLeft);
    layout->addLayout(buttons);

    connect(m_copy, &QPushButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(m_message.full);
    });
    connect(m_message.showAll, &QPushButton::clicked, this, &MessageDetails::showAllMessage);
    connect(m_attrs.showAll, &QPushButton::clicked, this, &MessageDetails::showAllAttrs);
    connect(m_delete, &QPushButton::clicked, this, [this] { emit deleteRequested(m_ref); });
    clear();
}

void MessageDetails::setSession(service::RtmSession *session)
{
    m_session = session;
}

void MessageDetails::setUtc(bool utc)
{
    m_utc = utc;
    if (m_hasInfo)
        showInfo(m_info);
}

void MessageDetails::setDeleteAllowed(bool allowed)
{
    m_deleteAllowed = allowed;
    m_delete->setEnabled(allowed && m_hasInfo);
    m_delete->setToolTip(allowed ? QString() : tr("This profile is read-only: deleting is disabled."));
}

void MessageDetails::clear()
{
    m_ref = {};
    m_inFlight = nullptr;   // a late answer is dropped
    m_hasInfo = false;
    m_header->setText(tr("No message selected"));
    m_status->clear();
    m_status->hide();
    m_fields->clear();
    m_file->hide();
    setFieldText(m_message, {}, 0);
    setFieldText(m_attrs, {}, 0);
    m_copy->setEnabled(false);
    m_delete->setEnabled(false);
}

void MessageDetails::load(const MessageRef &ref)
{
    clear();
    m_ref = ref;
    m_header->setText(ref.describe());
    if (!m_session) {
        showError(rtm::RtmError::fromCode(20012));
        return;
    }
    m_status->setText(tr("Loading…"));
    m_status->show();
    service::RtmReply *reply = m_session->getMessageInfo(ref.category, ref.mid, ref.from, ref.target);
    m_inFlight = reply;
    connect(reply, &service::RtmReply::finished, this, [this, reply, ref] {
        if (reply != m_inFlight || !(ref == m_ref))
            return;
        m_inFlight = nullptr;
        if (reply->ok()) {
            showInfo(reply->messageInfo());
            emit loaded(ref, true);
        } else {
            showError(reply->error());
            emit loaded(ref, false);
        }
    });
}

void MessageDetails::showRow(const MessageRef &ref, const rtm::HistoryMessage &message)
{
    clear();
    m_ref = ref;
    m_header->setText(ref.describe());
    rtm::MessageInfo info;
    info.cursorId = message.cursorId;
    info.messageType = message.messageType;
    info.message = message.message;
    info.messageIsBinary = message.messageIsBinary;
    info.attrs = message.attrs;
    info.modifiedTime = message.modifiedTime;
    info.fileInfo = message.fileInfo;
    showInfo(info);
}

void MessageDetails::setFieldText(CappedField &field, const QString &text, qint64 bytes)
{
    field.full = text;
    field.capped = text.size() > DisplayCap;
    if (field.capped) {
        field.edit->setPlainText(breakLongLines(text.left(DisplayCap) + QChar(0x2026)));
        field.showAll->setText(tr("Show all (%1 KB)").arg(groupedNumber((bytes + 1023) / 1024)));
        field.showAll->show();
    } else {
        field.edit->setPlainText(breakLongLines(text));
        field.showAll->hide();
    }
}

void MessageDetails::showAll(CappedField &field)
{
    if (!field.capped)
        return;
    field.capped = false;
    field.showAll->hide();
    field.edit->setPlainText(breakLongLines(field.full));
}

void MessageDetails::showAllMessage()
{
    showAll(m_message);
}

void MessageDetails::showAllAttrs()
{
    showAll(m_attrs);
}

bool MessageDetails::isMessageCapped() const
{
    return m_message.capped;
}

bool MessageDetails::isAttrsCapped() const
{
    return m_attrs.capped;
}

QString MessageDetails::attrsText() const
{
    return m_attrs.full;
}

void MessageDetails::showInfo(const rtm::MessageInfo &info)
{
    m_info = info;
    m_hasInfo = true;
    // A delete started from here records what was shown (the audit line's content).
    m_ref.content = service::AuditContent::captured(info.messageType, info.message, info.messageIsBinary, info.attrs);
    m_status->hide();
    QStringList lines;
    lines << tr("mtype: %1    cursor id: %2").arg(info.messageType).arg(info.cursorId);
    lines << tr("Stored: %1").arg(TimeText::of(info.modifiedTime, m_utc));
    lines << tr("        %1").arg(TimeText::of(info.modifiedTime, !m_utc));
    lines << tr("Body: %Ln byte(s)%1", nullptr, int(info.message.size()))
                 .arg(info.messageIsBinary ? tr(", binary") : QString());
    m_fields->setText(lines.join(QLatin1Char('\n')));
    if (info.fileInfo) {
        const rtm::FileInfo &f = *info.fileInfo;
        QStringList fl;
        fl << tr("File: %1").arg(f.fileName.isEmpty() ? tr("(no name)") : f.fileName);
        fl << tr("Size: %1 (%2 bytes)").arg(service::HistoryModel::sizeText(f.size), groupedNumber(f.size));
        fl << tr("URL: %1").arg(f.url);
        if (!f.surl.isEmpty())
            fl << tr("Thumbnail: %1").arg(f.surl);
        if (f.isRtmAudio)
            fl << tr("Voice message: %1 ms, language %2").arg(f.duration).arg(f.language);
        m_file->setText(fl.join(QLatin1Char('\n')));
        m_file->show();
    } else {
        m_file->hide();
    }
    if (info.messageIsBinary || !rtm::isValidUtf8(info.message))
        setFieldText(m_message, tr("[binary, base64]\n") + QString::fromLatin1(info.message.toBase64()), info.message.size());
    else
        setFieldText(m_message, QString::fromUtf8(info.message), info.message.size());
    const QString attrs = QString::fromUtf8(info.attrs);
    // Indenting is for reading; a huge attrs is shown as it came (no parse of a megabyte).
    constexpr qsizetype kIndentLimit = 64 * 1024;
    const JsonCheck j = attrs.size() <= kIndentLimit ? checkJson(attrs) : JsonCheck{};
    setFieldText(m_attrs, j.ok && !j.pretty.isEmpty() ? j.pretty : attrs, info.attrs.size());
    m_copy->setEnabled(true);
    m_delete->setEnabled(m_deleteAllowed);
}

void MessageDetails::showError(const rtm::RtmError &error)
{
    m_hasInfo = false;
    QString text = tr("✖ %1 — %2").arg(error.name, error.message);
    if (error.code == rtm::MessageNotFound)
        text = tr("✖ Not found (RTM_EC_MESSAGE_NOT_FOUND): no such message, or it was deleted. Check the kind, sender, target and mid.");
    m_status->setText(text);
    m_status->show();
    m_delete->setEnabled(false);
}

QString MessageDetails::messageText() const
{
    return m_message.full;
}

QString MessageDetails::statusText() const
{
    return m_status->isHidden() ? QString() : m_status->text();
}

} // namespace ui
