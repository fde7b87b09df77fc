#include "sendpanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QLoggingCategory>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QShortcut>
#include <QSpinBox>
#include <QTextCursor>
#include <QTextDocument>
#include <QVBoxLayout>

#include "inputvalidation.h"
#include "jsonlayout.h"
#include "rtm/rtmwire.h"
#include "rtm/idgenerator.h"
#include "sendconfirmdialog.h"
#include "service/rtmreply.h"
#include "service/rtmsession.h"
#include "timetext.h"

Q_LOGGING_CATEGORY(lcSend, "ui.send")

namespace ui {

namespace {
// The text as typed. QPlainTextEdit::toPlainText() would also turn no-break spaces into
// plain spaces; line and paragraph separators (Shift+Enter, new lines) are sent as \n.
QString typedText(const QPlainTextEdit *edit)
{
    QString text = edit->document()->toRawText();
    text.replace(QChar::ParagraphSeparator, QLatin1Char('\n'));
    text.replace(QChar::LineSeparator, QLatin1Char('\n'));
    return text;
}
} // namespace

QString SendPanel::Request::describe() const
{
    switch (kind) {
    case Kind::P2P: return SendPanel::tr("user %1").arg(target);
    case Kind::Users: return SendPanel::tr("%n user(s)", nullptr, int(tos.size()));
    case Kind::Group: return SendPanel::tr("group %1").arg(target);
    case Kind::Room: return SendPanel::tr("room %1").arg(target);
    case Kind::Broadcast: return SendPanel::tr("everyone (broadcast)");
    }
    return {};
}

SendPanel::SendPanel(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("sendPanel"));

    m_kind = new QComboBox(this);
    m_kind->setObjectName(QStringLiteral("sendKind"));
    m_kind->addItem(tr("P2P — one user"), int(Kind::P2P));
    m_kind->addItem(tr("Several users"), int(Kind::Users));
    m_kind->addItem(tr("Group"), int(Kind::Group));
    m_kind->addItem(tr("Room"), int(Kind::Room));
    m_kind->addItem(tr("Broadcast — every user"), int(Kind::Broadcast));

    auto idEdit = [this](const char *name, const QString &placeholder) {
        auto *e = new QLineEdit(this);
        e->setObjectName(QString::fromLatin1(name));
        e->setPlaceholderText(placeholder);
        e->setClearButtonEnabled(true);
        return e;
    };
    m_from = idEdit("sendFrom", tr("sender uid"));
    m_to = idEdit("sendTo", tr("receiver uid"));
    m_gid = idEdit("sendGroupId", tr("group id"));
    m_rid = idEdit("sendRoomId", tr("room id"));
    m_tos = new QPlainTextEdit(this);
    m_tos->setObjectName(QStringLiteral("sendTos"));
    m_tos->setPlaceholderText(tr("user ids, separated by commas, spaces or new lines"));
    m_tos->setTabChangesFocus(true);
    m_tos->setMaximumHeight(fontMetrics().lineSpacing() * 5);
    m_tosCount = new QLabel(this);
    m_tosCount->setObjectName(QStringLiteral("sendTosCount"));

    m_mtype = new QSpinBox(this);
    m_mtype->setObjectName(QStringLiteral("sendMtype"));
    m_mtype->setRange(-999, 999);
    m_mtype->setValue(51);
    m_mtype->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    m_mtype->setMinimumWidth(fontMetrics().horizontalAdvance(QStringLiteral("0000000")) + 40);
    m_mtype->setToolTip(tr("51..127 for your own messages; 30 (chat) and 32 (cmd) are RTM's own types"));

    m_body = new QPlainTextEdit(this);
    m_body->setObjectName(QStringLiteral("sendBody"));
    m_body->setPlaceholderText(tr("message text (Ctrl+Enter sends)"));
    m_body->setTabChangesFocus(true);
    m_binary = new QCheckBox(tr("Body is base64: send the decoded bytes as binary"), this);
    m_binary->setObjectName(QStringLiteral("sendBinary"));
    m_bodyCount = new QLabel(this);
    m_bodyCount->setObjectName(QStringLiteral("sendBodyCount"));

    m_attrs = new QPlainTextEdit(this);
    m_attrs->setObjectName(QStringLiteral("sendAttrs"));
    m_attrs->setPlaceholderText(tr("attributes, JSON recommended (optional)"));
    m_attrs->setTabChangesFocus(true);
    m_attrs->setMinimumHeight(fontMetrics().lineSpacing() * 4);
    m_body->setMinimumHeight(fontMetrics().lineSpacing() * 6);
    m_attrsCount = new QLabel(this);
    m_attrsCount->setObjectName(QStringLiteral("sendAttrsCount"));
    m_checkJson = new QPushButton(tr("Check JSON"), this);
    m_checkJson->setObjectName(QStringLiteral("sendCheckJson"));
    m_prettyJson = new QPushButton(tr("Pretty-print"), this);
    m_prettyJson->setObjectName(QStringLiteral("sendPrettyJson"));
    m_prettyJson->setToolTip(tr("Indent the attrs in the editor: only spaces and line breaks change; Ctrl+Z undoes it"));

    m_customMid = new QCheckBox(tr("Custom mid"), this);
    m_customMid->setObjectName(QStringLiteral("sendCustomMid"));
    m_mid = idEdit("sendMid", tr("generated when empty"));
    m_mid->setEnabled(false);

    m_problemsLabel = new QLabel(this);
    m_problemsLabel->setObjectName(QStringLiteral("sendProblems"));
    m_problemsLabel->setWordWrap(true);
    m_problemsLabel->setTextFormat(Qt::PlainText);

    m_sendButton = new QPushButton(tr("Send"), this);
    m_sendButton->setObjectName(QStringLiteral("sendButton"));
    m_sendButton->setDefault(true);
    m_sendButton->setToolTip(tr("Send (Ctrl+Enter)"));
    m_sendAgainButton = new QPushButton(tr("Send again (same mid)"), this);
    m_sendAgainButton->setObjectName(QStringLiteral("sendAgainButton"));
    m_sendAgainButton->setEnabled(false);
    m_sendAgainButton->setToolTip(tr("Repeats the last request with the same mid; if the first one arrived, the server answers “duplicate mid” and nothing is sent twice."));

    m_result = new QLabel(this);
    m_result->setObjectName(QStringLiteral("sendResult"));
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_result->setTextFormat(Qt::PlainText);

    m_toLabel = new QLabel(tr("To:"), this);
    m_tosLabel = new QLabel(tr("To users:"), this);
    m_gidLabel = new QLabel(tr("Group id:"), this);
    m_ridLabel = new QLabel(tr("Room id:"), this);

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("Send to:"), m_kind);
    form->addRow(tr("From uid:"), m_from);
    form->addRow(m_toLabel, m_to);
    auto *tosBox = new QVBoxLayout;
    tosBox->addWidget(m_tos);
    tosBox->addWidget(m_tosCount);
    form->addRow(m_tosLabel, tosBox);
    form->addRow(m_gidLabel, m_gid);
    form->addRow(m_ridLabel, m_rid);
    form->addRow(tr("mtype:"), m_mtype);
    auto *bodyBox = new QVBoxLayout;
    bodyBox->addWidget(m_body);
    auto *bodyRow = new QHBoxLayout;
    bodyRow->addWidget(m_binary);
    bodyRow->addStretch();
    bodyRow->addWidget(m_bodyCount);
    bodyBox->addLayout(bodyRow);
    form->addRow(tr("Message:"), bodyBox);
    auto *attrsBox = new QVBoxLayout;
    attrsBox->addWidget(m_attrs);
    auto *attrsRow = new QHBoxLayout;
    attrsRow->addWidget(m_checkJson);
    attrsRow->addWidget(m_prettyJson);
    attrsRow->addStretch();
    attrsRow->addWidget(m_attrsCount);
    attrsBox->addLayout(attrsRow);
    form->addRow(tr("Attrs:"), attrsBox);
    auto *midRow = new QHBoxLayout;
    midRow->addWidget(m_customMid);
    midRow->addWidget(m_mid, 1);
    form->addRow(tr("mid:"), midRow);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_sendButton);
    buttons->addWidget(m_sendAgainButton);
    buttons->addStretch();

    // Problems and results live in fixed-height areas that scroll when a message is long,
    // so the form above never moves or shrinks when one appears, grows or goes away.
    const auto messageArea = [this](QLabel *label, int lines, const char *name) {
        label->setAlignment(Qt::AlignLeft | Qt::AlignTop);
        auto *area = new QScrollArea(this);
        area->setObjectName(QString::fromLatin1(name));
        area->setWidget(label);
        area->setWidgetResizable(true);
        area->setFrameShape(QFrame::NoFrame);
        area->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
        area->setFocusPolicy(Qt::NoFocus);
        area->setFixedHeight(fontMetrics().lineSpacing() * lines + 2 * label->margin());
        return area;
    };

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form, 1);
    layout->addWidget(messageArea(m_problemsLabel, 4, "sendProblemsArea"));
    layout->addLayout(buttons);
    layout->addWidget(messageArea(m_result, 3, "sendResultArea"));

    auto *sendShortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), this);
    sendShortcut->setContext(Qt::WidgetWithChildrenShortcut);
    auto *sendShortcut2 = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Enter), this);
    sendShortcut2->setContext(Qt::WidgetWithChildrenShortcut);

    connect(sendShortcut, &QShortcut::activated, this, &SendPanel::send);
    connect(sendShortcut2, &QShortcut::activated, this, &SendPanel::send);
    connect(m_sendButton, &QPushButton::clicked, this, &SendPanel::send);
    connect(m_sendAgainButton, &QPushButton::clicked, this, &SendPanel::sendAgain);
    connect(m_checkJson, &QPushButton::clicked, this, &SendPanel::checkAttrsJson);
    connect(m_prettyJson, &QPushButton::clicked, this, &SendPanel::prettyPrintAttrs);
    connect(m_kind, &QComboBox::currentIndexChanged, this, [this] {
        updateTargetFields();
        validate();
    });
    connect(m_customMid, &QCheckBox::toggled, m_mid, &QWidget::setEnabled);
    connect(m_customMid, &QCheckBox::toggled, this, &SendPanel::validate);
    for (QLineEdit *e : {m_from, m_to, m_gid, m_rid, m_mid})
        connect(e, &QLineEdit::textChanged, this, &SendPanel::validate);
    for (QPlainTextEdit *e : {m_tos, m_body, m_attrs})
        connect(e, &QPlainTextEdit::textChanged, this, &SendPanel::validate);
    connect(m_binary, &QCheckBox::toggled, this, &SendPanel::validate);
    connect(m_mtype, &QSpinBox::valueChanged, this, &SendPanel::validate);

    updateTargetFields();
    validate();
}

void SendPanel::setSession(service::RtmSession *session)
{
    m_session = session;
    validate();
}

void SendPanel::setReadOnly(bool readOnly)
{
    m_readOnly = readOnly;
    if (readOnly && m_confirm)
        m_confirm->reject();
    validate();
}

void SendPanel::setProduction(bool production)
{
    m_production = production;
}

void SendPanel::forgetLastRequest()
{
    if (m_confirm)
        m_confirm->reject();
    if (m_inFlight && m_last)
        showResult(tr("The connection changed before the answer to mid %1 arrived: check by mid whether it was delivered.")
                       .arg(m_last->mid), true);
    else if (m_last)
        m_result->clear();
    m_inFlight = nullptr;
    m_last.reset();
    validate();
}

bool SendPanel::canSendAgain() const
{
    return m_last.has_value() && !m_readOnly && m_session && !isSending();
}

SendConfirmDialog *SendPanel::confirmDialog() const
{
    return m_confirm;
}

void SendPanel::setDefaults(qint64 from, qint64 to, qint64 gid, qint64 rid)
{
    m_from->setText(QString::number(from));
    m_to->setText(QString::number(to));
    m_tos->setPlainText(QStringLiteral("%1, %2").arg(to).arg(to + 1));
    m_gid->setText(QString::number(gid));
    m_rid->setText(QString::number(rid));
}

SendPanel::Kind SendPanel::kind() const
{
    return Kind(m_kind->currentData().toInt());
}

void SendPanel::setKind(Kind kind)
{
    m_kind->setCurrentIndex(m_kind->findData(int(kind)));
}

void SendPanel::updateTargetFields()
{
    const Kind k = kind();
    const auto show = [](QWidget *label, QWidget *field, bool on) {
        label->setVisible(on);
        field->setVisible(on);
    };
    show(m_toLabel, m_to, k == Kind::P2P);
    show(m_tosLabel, m_tos, k == Kind::Users);
    m_tosCount->setVisible(k == Kind::Users);
    show(m_gidLabel, m_gid, k == Kind::Group);
    show(m_ridLabel, m_rid, k == Kind::Room);
}

std::optional<SendPanel::Request> SendPanel::buildRequest(QStringList *problems, QStringList *warnings) const
{
    Request r;
    r.kind = kind();
    const IdCheck from = checkId(m_from->text(), tr("From uid"));
    if (!from.ok)
        *problems << from.error;
    r.from = from.value;
    switch (r.kind) {
    case Kind::P2P: {
        const IdCheck to = checkId(m_to->text(), tr("To uid"));
        if (!to.ok)
            *problems << to.error;
        else if (to.value == r.from)
            *warnings << tr("Sender and receiver are the same user.");
        r.target = to.value;
        break;
    }
    case Kind::Users: {
        const IdListCheck tos = checkIdList(m_tos->toPlainText(), rtm::limits::MaxReceivers);
        if (!tos.ok())
            *problems << tos.error;
        if (tos.duplicates > 0)
            *warnings << tr("Duplicate user ids are sent once: %1.").arg(tos.duplicates);
        r.tos = tos.ids;
        break;
    }
    case Kind::Group: {
        const IdCheck gid = checkId(m_gid->text(), tr("Group id"));
        if (!gid.ok)
            *problems << gid.error;
        r.target = gid.value;
        break;
    }
    case Kind::Room: {
        const IdCheck rid = checkId(m_rid->text(), tr("Room id"));
        if (!rid.ok)
            *problems << rid.error;
        r.target = rid.value;
        break;
    }
    case Kind::Broadcast:
        break;
    }

    r.mtype = m_mtype->value();
    const MtypeCheck mt = checkMtype(r.mtype);
    if (mt.verdict == MtypeVerdict::Refused)
        *problems << mt.reason;
    else if (mt.verdict == MtypeVerdict::Warning)
        *warnings << mt.reason;

    if (m_binary->isChecked()) {
        const QByteArray raw = typedText(m_body).trimmed().toLatin1();
        auto decoded = QByteArray::fromBase64Encoding(raw, QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded)
            *problems << tr("The body is not valid base64.");
        r.body = decoded.decoded;
        r.binary = true;
    } else {
        r.body = typedText(m_body).toUtf8();
    }
    if (r.body.isEmpty())
        *problems << tr("The message is empty.");
    if (r.body.size() > rtm::limits::MaxMessageBytes)
        *problems << tr("The message is %1 bytes; the server accepts at most %2.")
                         .arg(groupedNumber(r.body.size()), groupedNumber(rtm::limits::MaxMessageBytes));
    r.attrs = typedText(m_attrs).toUtf8();
    if (r.attrs.size() > rtm::limits::MaxAttrsBytes)
        *problems << tr("The attrs are %1 bytes; the server accepts at most %2.")
                         .arg(groupedNumber(r.attrs.size()), groupedNumber(rtm::limits::MaxAttrsBytes));

    if (m_customMid->isChecked() && !m_mid->text().trimmed().isEmpty()) {
        const IdCheck mid = checkId(m_mid->text(), tr("mid"));
        if (!mid.ok)
            *problems << mid.error;
        r.mid = mid.value;
    }
    if (!problems->isEmpty())
        return std::nullopt;
    return r;
}

void SendPanel::updateCounters()
{
    const int bodyBytes = m_binary->isChecked()
        ? int(QByteArray::fromBase64(typedText(m_body).trimmed().toLatin1()).size())
        : utf8Bytes(typedText(m_body));
    const int attrsBytes = utf8Bytes(typedText(m_attrs));
    const auto countText = [](int n, int max) {
        QString t = tr("%1 / %2 bytes").arg(groupedNumber(n), groupedNumber(max));
        if (n > max)
            t = QStringLiteral("⚠ ") + t + tr(" — too long");
        return t;
    };
    m_bodyCount->setText(countText(bodyBytes, rtm::limits::MaxMessageBytes));
    m_attrsCount->setText(countText(attrsBytes, rtm::limits::MaxAttrsBytes));
    QFont f = m_bodyCount->font();
    f.setBold(bodyBytes > rtm::limits::MaxMessageBytes);
    m_bodyCount->setFont(f);
    f.setBold(attrsBytes > rtm::limits::MaxAttrsBytes);
    m_attrsCount->setFont(f);
    if (kind() == Kind::Users) {
        const IdListCheck tos = checkIdList(m_tos->toPlainText(), rtm::limits::MaxReceivers);
        m_tosCount->setText(tr("valid user ids: %1 of at most %2").arg(tos.ids.size()).arg(rtm::limits::MaxReceivers));
    }
}

void SendPanel::validate()
{
    updateCounters();
    m_problems.clear();
    m_warnings.clear();
    buildRequest(&m_problems, &m_warnings);
    QStringList lines;
    for (const QString &p : std::as_const(m_problems))
        lines << QStringLiteral("✖ ") + p;
    for (const QString &w : std::as_const(m_warnings))
        lines << QStringLiteral("⚠ ") + w;
    if (m_readOnly)
        lines.prepend(tr("This profile is read-only: sending is disabled."));
    else if (!m_session)
        lines.prepend(tr("Not connected."));
    m_problemsLabel->setText(lines.join(QLatin1Char('\n')));
    m_focus.setEnabled(m_sendButton, canSend());
    m_focus.setEnabled(m_sendAgainButton, canSendAgain());
}

bool SendPanel::canSend() const
{
    return m_problems.isEmpty() && !m_readOnly && m_session && !isSending();
}

void SendPanel::send()
{
    validate();
    if (!canSend()) {
        if (!m_problems.isEmpty())
            showResult(tr("Not sent: %1").arg(m_problems.first()), true);
        return;
    }
    QStringList problems, warnings;
    std::optional<Request> r = buildRequest(&problems, &warnings);
    if (!r)
        return;
    if (r->mid == 0)
        r->mid = rtm::IdGenerator::global().next();   // known before sending, so "Send again" can reuse it
    confirmThenDispatch(*r, false);
}

void SendPanel::sendAgain()
{
    if (!canSendAgain())
        return;
    confirmThenDispatch(*m_last, true);
}

void SendPanel::confirmThenDispatch(const Request &r, bool again)
{
    const bool broadcast = r.kind == Kind::Broadcast;
    if (!m_production && !broadcast) {
        dispatch(r, again);
        return;
    }
    SendSummary s;
    switch (r.kind) {
    case Kind::P2P: s.kind = tr("P2P message"); break;
    case Kind::Users: s.kind = tr("Message to several users"); break;
    case Kind::Group: s.kind = tr("Group message"); break;
    case Kind::Room: s.kind = tr("Room message"); break;
    case Kind::Broadcast: s.kind = tr("Broadcast"); break;
    }
    s.target = broadcast ? tr("every user of project %1").arg(m_session->pid()) : r.describe();
    if (r.kind == Kind::Users) {
        QStringList ids;
        for (qint64 id : r.tos.mid(0, 20))
            ids << QString::number(id);
        s.target += QStringLiteral(" (") + ids.join(QStringLiteral(", ")) + (r.tos.size() > 20 ? QStringLiteral(", …)") : QStringLiteral(")"));
    }
    s.from = r.from;
    s.mid = r.mid;
    s.preview = r.binary ? tr("(%n byte(s) of binary data)", nullptr, int(r.body.size())) : QString::fromUtf8(r.body.left(2000));
    s.profile = m_session->profileName();
    s.production = m_production;
    s.broadcast = broadcast;
    s.again = again;
    if (m_confirm)
        m_confirm->close();
    auto *dialog = new SendConfirmDialog(s, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_confirm = dialog;
    const QPointer<service::RtmSession> askedOn = m_session;
    connect(dialog, &QDialog::accepted, this, [this, r, again, askedOn] {
        // Only on the connection the question named, and only if sending is still allowed.
        if (!askedOn || askedOn != m_session || m_readOnly || isSending())
            return;
        dispatch(r, again);
    });
    dialog->open();
    dialog->cancelButton()->setFocus(Qt::OtherFocusReason);
}

void SendPanel::dispatch(const Request &r, bool again)
{
    m_last = r;
    // r.body is the editor's text as UTF-8, or the decoded base64 when "binary" is ticked.
    const rtm::MessageBody body = r.binary ? rtm::MessageBody::binary(r.body) : rtm::MessageBody::text(QString::fromUtf8(r.body));
    service::RtmReply *reply = nullptr;
    switch (r.kind) {
    case Kind::P2P: reply = m_session->sendMessage(r.mtype, r.from, r.target, body, r.attrs, r.mid); break;
    case Kind::Users: reply = m_session->sendMessages(r.mtype, r.from, r.tos, body, r.attrs, r.mid); break;
    case Kind::Group: reply = m_session->sendGroupMessage(r.mtype, r.from, r.target, body, r.attrs, r.mid); break;
    case Kind::Room: reply = m_session->sendRoomMessage(r.mtype, r.from, r.target, body, r.attrs, r.mid); break;
    case Kind::Broadcast: reply = m_session->broadcastMessage(r.mtype, r.from, body, r.attrs, r.mid); break;
    }
    m_inFlight = reply;
    qCInfo(lcSend) << "sending to" << r.describe() << "mid" << r.mid << (again ? "(again)" : "");
    showResult(again ? tr("Sending again to %1 (mid %2)…").arg(r.describe()).arg(r.mid)
                     : tr("Sending to %1 (mid %2)…").arg(r.describe()).arg(r.mid), false);
    connect(reply, &service::RtmReply::finished, this, [this, reply, r, again] { onFinished(reply, r, again); });
    validate();
}

void SendPanel::onFinished(service::RtmReply *reply, const Request &r, bool again)
{
    if (reply != m_inFlight)
        return;
    m_inFlight = nullptr;
    if (reply->ok()) {
        const rtm::SendResult res = reply->sendResult();
        const qint64 mid = res.mid ? res.mid : r.mid;
        showResult(tr("✔ Sent to %1 — mid %2, server time %3")
                       .arg(r.describe()).arg(mid).arg(TimeText::full(res.mtime)), false);
        emit messageSent(r.describe(), mid, res.mtime);
    } else if (again && reply->error().code == rtm::DuplicatedMid) {
        showResult(tr("✔ Already delivered — the server already has mid %1 for %2 (200053 duplicate mid), nothing was sent twice.")
                       .arg(r.mid).arg(r.describe()), false);
    } else {
        const rtm::RtmError e = reply->error();
        QString text = tr("✖ Not sent to %1 (mid %2): %3 — %4").arg(r.describe()).arg(r.mid).arg(e.name, e.message);
        if (e.code == rtm::DuplicatedMid)
            text += tr("\nThat mid was already used in this conversation; clear “Custom mid” to get a new one.");
        if (e.code == 20003 || e.code == 20002)
            text += tr("\nThe message may or may not have arrived: use “Send again” — it reuses the mid, so it cannot arrive twice.");
        if (rtm::isClockError(e.code))
            text += tr("\nCheck the local clock: the server refuses requests whose time is off by more than a few minutes.");
        showResult(text, true);
    }
    validate();
}

void SendPanel::checkAttrsJson()
{
    const JsonCheck j = checkJson(typedText(m_attrs));
    if (!j.ok)
        showResult(QStringLiteral("✖ ") + j.error, true);
    else if (typedText(m_attrs).trimmed().isEmpty())
        showResult(tr("Attrs are empty (allowed)."), false);
    else
        showResult(tr("✔ Attrs are valid JSON (%n byte(s) compact).", nullptr, int(utf8Bytes(j.compact))), false);
}

void SendPanel::prettyPrintAttrs()
{
    const QString typed = typedText(m_attrs);
    const JsonCheck j = checkJson(typed);
    if (!j.ok) {
        showResult(QStringLiteral("✖ ") + j.error, true);
        return;
    }
    if (typed.trimmed().isEmpty())
        return;
    // Only the whitespace between tokens changes (key order, escapes and numbers stay as
    // typed), in the editor where the user sees it, as one step Ctrl+Z takes back.
    const QString pretty = indentJson(typed);
    if (pretty == typed) {
        showResult(tr("Attrs are already indented."), false);
        return;
    }
    QTextCursor cursor(m_attrs->document());
    cursor.beginEditBlock();
    cursor.select(QTextCursor::Document);
    cursor.insertText(pretty);
    cursor.endEditBlock();
    showResult(tr("Attrs indented: only spaces and line breaks changed, and they are sent as shown. Ctrl+Z restores your text."),
               false);
}

void SendPanel::showResult(const QString &text, bool error)
{
    m_result->setText(text);
    QFont f = m_result->font();
    f.setBold(error);
    m_result->setFont(f);
    m_result->setProperty("error", error);
}

} // namespace ui
