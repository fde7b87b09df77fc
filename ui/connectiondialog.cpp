#include "connectiondialog.h"

#include <algorithm>

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLoggingCategory>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>

#include "inputvalidation.h"
#include "rtm/endpoint.h"
#include "rtm/rtmerror.h"
#include "secretstore.h"
#include "service/rtmreply.h"
#include "service/rtmsession.h"

Q_LOGGING_CATEGORY(lcProfiles, "ui.profiles")

namespace ui {

ConnectionDialog::ConnectionDialog(ProfileStore *profiles, SecretStore *secrets, QWidget *parent)
    : QDialog(parent), m_store(profiles), m_secrets(secrets)
{
    setObjectName(QStringLiteral("connectionDialog"));
    setWindowTitle(tr("Connections"));

    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("profileList"));
    m_new = new QPushButton(tr("New"), this);
    m_new->setObjectName(QStringLiteral("profileNew"));
    m_delete = new QPushButton(tr("Delete"), this);
    m_delete->setObjectName(QStringLiteral("profileDelete"));

    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("profileName"));
    m_name->setPlaceholderText(tr("e.g. EU production"));
    m_endpoint = new QLineEdit(this);
    m_endpoint->setObjectName(QStringLiteral("profileEndpoint"));
    m_endpoint->setPlaceholderText(tr("host:port"));
    m_pid = new QLineEdit(this);
    m_pid->setObjectName(QStringLiteral("profilePid"));
    m_pid->setPlaceholderText(tr("project id"));
    m_secret = new QLineEdit(this);
    m_secret->setObjectName(QStringLiteral("profileSecret"));
    m_secret->setEchoMode(QLineEdit::Password);
    m_secret->setPlaceholderText(tr("server secret key"));
    m_showSecret = new QCheckBox(tr("Show"), this);
    m_showSecret->setObjectName(QStringLiteral("profileShowSecret"));
    m_timeout = new QSpinBox(this);
    m_timeout->setObjectName(QStringLiteral("profileTimeout"));
    m_timeout->setRange(1, 600);
    m_timeout->setValue(30);
    m_timeout->setSuffix(tr(" s"));
    m_rateLimit = new QSpinBox(this);
    m_rateLimit->setObjectName(QStringLiteral("profileRateLimit"));
    m_rateLimit->setRange(0, 1000);
    m_rateLimit->setValue(50);
    m_rateLimit->setSuffix(tr(" calls/s"));
    m_rateLimit->setSpecialValueText(tr("unlimited"));
    m_rateLimit->setToolTip(tr("The service allows 100 calls per second per project; stay below it so other tools keep working."));
    m_environment = new QComboBox(this);
    m_environment->setObjectName(QStringLiteral("profileEnvironment"));
    m_environment->addItem(ConnectionProfile::environmentName(ConnectionProfile::Environment::Production),
                           int(ConnectionProfile::Environment::Production));
    m_environment->addItem(ConnectionProfile::environmentName(ConnectionProfile::Environment::Test),
                           int(ConnectionProfile::Environment::Test));
    m_environment->addItem(ConnectionProfile::environmentName(ConnectionProfile::Environment::Sandbox),
                           int(ConnectionProfile::Environment::Sandbox));
    m_label = new QLineEdit(this);
    m_label->setObjectName(QStringLiteral("profileLabel"));
    m_label->setPlaceholderText(tr("optional, shown in the title, e.g. EU"));
    m_readOnly = new QCheckBox(tr("Read-only: no sending, no deleting"), this);
    m_readOnly->setObjectName(QStringLiteral("profileReadOnly"));
    m_serverKey = new QLineEdit(this);
    m_serverKey->setObjectName(QStringLiteral("profileServerKey"));
    m_serverKey->setPlaceholderText(tr("none: plain connection"));
    m_serverKey->setToolTip(tr("The server's EC public key (PEM or DER) for encrypted connections. "
                               "It is public: it is saved with the profile. Leave empty for a plain connection."));
    m_browseKey = new QPushButton(tr("Browse…"), this);
    m_browseKey->setObjectName(QStringLiteral("profileServerKeyBrowse"));
    m_encryptionMode = new QComboBox(this);
    m_encryptionMode->setObjectName(QStringLiteral("profileEncryptionMode"));
    m_encryptionMode->addItem(tr("package mode"), false);
    m_encryptionMode->addItem(tr("stream mode"), true);
    m_encryptionMode->setToolTip(tr("Package mode is the FPNN default; use stream mode only when the server asks for it."));
    m_encryptionBits = new QComboBox(this);
    m_encryptionBits->setObjectName(QStringLiteral("profileEncryptionBits"));
    m_encryptionBits->addItem(tr("AES-128"), 128);
    m_encryptionBits->addItem(tr("AES-256"), 256);
    m_keyStatus = new QLabel(this);
    m_keyStatus->setObjectName(QStringLiteral("profileKeyStatus"));
    m_keyStatus->setWordWrap(true);
    m_keyStatus->setTextFormat(Qt::PlainText);
    m_secretNotice = new QLabel(this);
    m_secretNotice->setObjectName(QStringLiteral("secretStoreNotice"));
    m_secretNotice->setWordWrap(true);
    m_problems = new QLabel(this);
    m_problems->setObjectName(QStringLiteral("profileProblems"));
    m_problems->setWordWrap(true);
    m_problems->setTextFormat(Qt::PlainText);
    m_problems->hide();
    m_test = new QPushButton(tr("Test connection"), this);
    m_test->setObjectName(QStringLiteral("profileTest"));
    m_testResult = new QLabel(this);
    m_testResult->setObjectName(QStringLiteral("profileTestResult"));
    m_testResult->setWordWrap(true);
    m_testResult->setTextFormat(Qt::PlainText);

    auto *secretRow = new QHBoxLayout;
    secretRow->addWidget(m_secret, 1);
    secretRow->addWidget(m_showSecret);
    auto *form = new QFormLayout;
    form->addRow(tr("Name:"), m_name);
    form->addRow(tr("Endpoint:"), m_endpoint);
    form->addRow(tr("Project id:"), m_pid);
    form->addRow(tr("Secret:"), secretRow);
    form->addRow(tr("Timeout:"), m_timeout);
    form->addRow(tr("Rate limit:"), m_rateLimit);
    form->addRow(tr("Environment:"), m_environment);
    form->addRow(tr("Label:"), m_label);
    form->addRow(QString(), m_readOnly);
    auto *keyRow = new QHBoxLayout;
    keyRow->addWidget(m_serverKey, 1);
    keyRow->addWidget(m_browseKey);
    form->addRow(tr("Server key:"), keyRow);
    auto *encryptionRow = new QHBoxLayout;
    encryptionRow->addWidget(m_encryptionMode);
    encryptionRow->addWidget(m_encryptionBits);
    encryptionRow->addStretch();
    form->addRow(tr("Encryption:"), encryptionRow);
    auto *testRow = new QHBoxLayout;
    testRow->addWidget(m_test);
    testRow->addWidget(m_testResult, 1);

    auto *left = new QVBoxLayout;
    left->addWidget(m_list, 1);
    auto *listButtons = new QHBoxLayout;
    listButtons->addWidget(m_new);
    listButtons->addWidget(m_delete);
    left->addLayout(listButtons);
    auto *right = new QVBoxLayout;
    right->addLayout(form);
    right->addWidget(m_keyStatus);   // wraps; a form row would clip a second line
    right->addWidget(m_secretNotice);
    right->addWidget(m_problems);
    right->addLayout(testRow);
    right->addStretch();
    auto *top = new QHBoxLayout;
    top->addLayout(left, 1);
    top->addLayout(right, 2);

    auto *box = new QDialogButtonBox(this);
    m_save = box->addButton(tr("Save"), QDialogButtonBox::ApplyRole);
    m_save->setObjectName(QStringLiteral("profileSave"));
    m_connect = box->addButton(tr("Connect"), QDialogButtonBox::AcceptRole);
    m_connect->setObjectName(QStringLiteral("profileConnect"));
    m_connect->setDefault(true);
    QPushButton *close = box->addButton(QDialogButtonBox::Close);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top, 1);
    layout->addWidget(box);

    connect(m_showSecret, &QCheckBox::toggled, this, [this](bool on) {
        m_secret->setEchoMode(on ? QLineEdit::Normal : QLineEdit::Password);
    });
    connect(m_new, &QPushButton::clicked, this, &ConnectionDialog::startNewProfile);
    connect(m_delete, &QPushButton::clicked, this, &ConnectionDialog::deleteProfile);
    connect(m_save, &QPushButton::clicked, this, &ConnectionDialog::saveProfile);
    connect(m_connect, &QPushButton::clicked, this, &ConnectionDialog::connectToProfile);
    connect(close, &QPushButton::clicked, this, &QDialog::reject);
    connect(m_test, &QPushButton::clicked, this, &ConnectionDialog::testConnection);
    connect(m_readOnly, &QCheckBox::clicked, this, &ConnectionDialog::onReadOnlyClicked);
    connect(m_browseKey, &QPushButton::clicked, this, &ConnectionDialog::browseServerKey);
    connect(m_serverKey, &QLineEdit::editingFinished, this, &ConnectionDialog::updateKeyStatus);
    connect(m_serverKey, &QLineEdit::textChanged, this, [this](const QString &text) {
        const bool encrypted = !text.trimmed().isEmpty();
        m_encryptionMode->setEnabled(encrypted);
        m_encryptionBits->setEnabled(encrypted);
    });
    for (QComboBox *box : {m_encryptionMode, m_encryptionBits})
        connect(box, &QComboBox::currentIndexChanged, this, [this] { updateKeyStatus(); });
    connect(m_list, &QListWidget::currentTextChanged, this, [this](const QString &name) {
        for (const ConnectionProfile &p : std::as_const(m_profiles))
            if (p.name == name)
                fillForm(p);
    });
    connect(m_secrets, &SecretStore::degraded, this, [this](const QString &notice) {
        m_secretNotice->setText(notice);
    });

    m_secretNotice->setText(tr("Secrets are kept in: %1. They are never written to the settings file.")
                                .arg(m_secrets->backendName()));
    m_profiles = m_store->load();
    reloadList(m_store->lastUsed());
    if (m_profiles.isEmpty())
        startNewProfile();
    const int em = fontMetrics().horizontalAdvance(QLatin1Char('M'));
    resize(em * 64, fontMetrics().lineSpacing() * 31);
}

ConnectionDialog::~ConnectionDialog()
{
    delete m_probe;
}

void ConnectionDialog::reloadList(const QString &select, bool refillForm)
{
    const QSignalBlocker blocker(m_list);
    m_list->clear();
    for (const ConnectionProfile &p : std::as_const(m_profiles)) {
        auto *item = new QListWidgetItem(p.name, m_list);
        item->setToolTip(tr("%1 — pid %2 — %3").arg(p.endpoint()).arg(p.pid).arg(p.environmentText()));
    }
    const auto found = m_list->findItems(select, Qt::MatchExactly);
    if (!found.isEmpty())
        m_list->setCurrentItem(found.first());
    else if (m_list->count() > 0)
        m_list->setCurrentRow(0);
    m_delete->setEnabled(m_list->count() > 0);
    if (refillForm && m_list->currentItem()) {
        const QString name = m_list->currentItem()->text();
        for (const ConnectionProfile &p : std::as_const(m_profiles))
            if (p.name == name)
                fillForm(p);
    }
}

void ConnectionDialog::startNewProfile()
{
    m_list->clearSelection();
    ConnectionProfile p;
    p.name.clear();
    m_editing.clear();
    fillForm(p);
    m_secret->setPlaceholderText(tr("server secret key"));
    m_name->setFocus();
}

void ConnectionDialog::selectProfile(const QString &name)
{
    reloadList(name);
}

void ConnectionDialog::fillForm(const ConnectionProfile &p)
{
    m_editing = p.name;
    m_name->setText(p.name);
    m_endpoint->setText(p.name.isEmpty() && p.pid == 0 ? QString() : p.endpoint());
    m_pid->setText(p.pid ? QString::number(p.pid) : QString());
    m_secret->clear();
    m_timeout->setValue(qMax(1, p.timeoutMs / 1000));
    m_rateLimit->setValue(p.rateLimitPerSecond);
    m_environment->setCurrentIndex(m_environment->findData(int(p.environment)));
    m_label->setText(p.label);
    m_readOnly->setChecked(p.readOnly);
    m_serverKey->setText(p.encryption.serverKeyFile);
    m_encryptionMode->setCurrentIndex(p.encryption.streamMode ? 1 : 0);
    // A size this form does not offer (a hand-edited setting) is shown as text, so saving
    // does not quietly change it; readForm names it.
    if (m_encryptionBits->findData(p.encryption.bits) < 0)
        m_encryptionBits->addItem(tr("AES-%1 (not supported)").arg(p.encryption.bits), p.encryption.bits);
    m_encryptionBits->setCurrentIndex(m_encryptionBits->findData(p.encryption.bits));
    updateKeyStatus();
    m_testResult->clear();
    m_problems->hide();
    if (p.name.isEmpty())
        return;
    m_secret->setPlaceholderText(tr("reading from %1…").arg(m_secrets->backendName()));
    const QString name = p.name;
    m_secrets->readSecret(name, this, [this, name](bool ok, const QByteArray &secret, const QString &error) {
        if (m_editing != name)
            return;
        if (ok) {
            m_secret->setText(QString::fromUtf8(secret));
            m_secret->setPlaceholderText(tr("server secret key"));
        } else if (!error.isEmpty()) {
            m_secret->setPlaceholderText(tr("could not read the secret: %1").arg(error));
        } else {
            m_secret->setPlaceholderText(tr("not stored — enter the secret"));
        }
    });
}

void ConnectionDialog::showProblems(const QStringList &problems)
{
    m_problems->setText(QStringLiteral("✖ ") + problems.join(QStringLiteral("\n✖ ")));
    m_problems->setVisible(!problems.isEmpty());
}

bool ConnectionDialog::readForm(ConnectionProfile *p, QByteArray *secret)
{
    QStringList problems;
    p->name = m_name->text().trimmed();
    if (p->name.isEmpty())
        problems << tr("Give the profile a name.");
    QString error;
    if (const std::optional<rtm::Endpoint> endpoint = rtm::Endpoint::parse(m_endpoint->text(), &error)) {
        p->host = endpoint->host;
        p->port = endpoint->port;
    } else {
        problems << error;
    }
    const IdCheck pid = checkId(m_pid->text(), tr("Project id"));
    if (!pid.ok)
        problems << pid.error;
    p->pid = pid.value;
    *secret = m_secret->text().toUtf8();
    if (secret->isEmpty())
        problems << tr("The secret is empty.");
    p->timeoutMs = m_timeout->value() * 1000;
    p->rateLimitPerSecond = m_rateLimit->value();
    p->environment = ConnectionProfile::Environment(m_environment->currentData().toInt());
    p->label = m_label->text().trimmed();
    p->readOnly = m_readOnly->isChecked();
    p->encryption.serverKeyFile = m_serverKey->text().trimmed();
    p->encryption.bits = m_encryptionBits->currentData().toInt();
    p->encryption.streamMode = m_encryptionMode->currentData().toBool();
    if (p->encryption.enabled()) {
        const QString &path = p->encryption.serverKeyFile;
        const service::EncryptionCheck check = service::checkEncryption(p->encryption);
        if (QDir::isRelativePath(path))
            problems << tr("Give the full path of the server key file, not “%1”.").arg(path);
        else if (!check.ok())
            problems << tr("The server key file “%1” cannot be used: %2.").arg(QDir::toNativeSeparators(path), check.problem);
    }
    updateKeyStatus();
    showProblems(problems);
    return problems.isEmpty();
}

bool ConnectionDialog::saveProfile()
{
    return save(false);
}

QMessageBox *ConnectionDialog::ask(const QString &title, const QString &text, const QString &yes)
{
    if (m_question)
        m_question->close();
    auto *box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("profileQuestion"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton *yesButton = box->addButton(yes, QMessageBox::DestructiveRole);
    yesButton->setObjectName(QStringLiteral("profileQuestionYes"));
    QPushButton *cancel = box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(cancel);
    box->setEscapeButton(cancel);
    m_question = box;
    return box;
}

QMessageBox *ConnectionDialog::pendingQuestion() const
{
    return m_question && m_question->isVisible() ? m_question.data() : nullptr;   // closed ones go later
}

bool ConnectionDialog::save(bool thenConnect)
{
    ConnectionProfile p;
    QByteArray secret;
    if (!readForm(&p, &secret))
        return false;
    const bool replacesAnother = p.name != m_editing
        && std::any_of(m_profiles.cbegin(), m_profiles.cend(), [&](const ConnectionProfile &e) { return e.name == p.name; });
    if (!replacesAnother) {
        commitSave(p, secret);
        if (thenConnect)
            finishConnect(p, secret);
        return true;
    }
    QMessageBox *box = ask(tr("Replace profile"),
                           tr("A profile named “%1” already exists. Replace it with this one?").arg(p.name),
                           tr("Replace"));
    connect(box, &QMessageBox::buttonClicked, this, [this, box, p, secret, thenConnect](QAbstractButton *button) {
        if (box->buttonRole(button) != QMessageBox::DestructiveRole)
            return;
        commitSave(p, secret);
        if (thenConnect)
            finishConnect(p, secret);
    });
    box->open();
    return false;
}

void ConnectionDialog::commitSave(const ConnectionProfile &p, const QByteArray &secret)
{
    // The edited profile (renamed or not) and any other one of the new name become `p`,
    // in the place of the first of them.
    QList<ConnectionProfile> kept;
    bool placed = false;
    for (const ConnectionProfile &existing : std::as_const(m_profiles)) {
        const bool replaced = existing.name == p.name || (!m_editing.isEmpty() && existing.name == m_editing);
        if (!replaced)
            kept << existing;
        else if (!placed)
            kept << p;
        placed = placed || replaced;
    }
    if (!placed)
        kept << p;
    if (!m_editing.isEmpty() && m_editing != p.name)
        m_secrets->removeSecret(m_editing);
    m_profiles = kept;
    m_store->save(m_profiles);
    m_secrets->writeSecret(p.name, secret, this, [this](bool ok, const QString &error) {
        if (!ok)
            m_secretNotice->setText(tr("The secret could not be stored: %1").arg(error));
    });
    m_editing = p.name;
    reloadList(p.name, false);   // the form already shows it, secret included
    qCInfo(lcProfiles) << "saved profile" << p.name << p.endpoint();
    if (!m_connected.isEmpty() && p.name == m_connected)
        emit readOnlyApplied(p.name, p.readOnly);
}

void ConnectionDialog::onReadOnlyClicked(bool readOnly)
{
    // Ticking read-only on the connected profile is a safety switch: it takes effect now
    // and is saved. Other edits (and unticking) wait for Save.
    if (!readOnly || m_connected.isEmpty() || m_editing != m_connected)
        return;
    for (ConnectionProfile &existing : m_profiles)
        if (existing.name == m_connected)
            existing.readOnly = true;
    m_store->save(m_profiles);
    emit readOnlyApplied(m_connected, true);
}

void ConnectionDialog::browseServerKey()
{
    const QString current = m_serverKey->text().trimmed();
    auto *dialog = new QFileDialog(this, tr("Server public key"),
                                   current.isEmpty() ? QString() : QFileInfo(current).absolutePath(),
                                   tr("Public keys (*.pem *.der *.pub);;All files (*)"));
    dialog->setObjectName(QStringLiteral("serverKeyFileDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFile);
    dialog->setAcceptMode(QFileDialog::AcceptOpen);
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString &file) {
        m_serverKey->setText(QDir::toNativeSeparators(file));
        updateKeyStatus();
    });
    dialog->open();
}

bool ConnectionDialog::updateKeyStatus()
{
    service::SessionEncryption e;
    e.serverKeyFile = m_serverKey->text().trimmed();
    e.bits = m_encryptionBits->currentData().toInt();
    e.streamMode = m_encryptionMode->currentData().toBool();
    m_encryptionMode->setEnabled(e.enabled());
    m_encryptionBits->setEnabled(e.enabled());
    if (!e.enabled()) {
        m_keyStatus->setText(tr("Plain connection: nothing is encrypted."));
        return true;
    }
    if (QDir::isRelativePath(e.serverKeyFile)) {
        m_keyStatus->setText(tr("✖ Give the full path of the key file."));
        return false;
    }
    const service::EncryptionCheck check = service::checkEncryption(e);
    if (!check.ok()) {
        m_keyStatus->setText(tr("✖ This key cannot be used: %1.").arg(check.problem));
        return false;
    }
    m_keyStatus->setText(tr("✔ %1 public key: connections are encrypted (AES-%2, %3).")
                             .arg(check.curveName)
                             .arg(e.bits)
                             .arg(m_encryptionMode->currentText()));
    return true;
}

void ConnectionDialog::deleteProfile()
{
    const QString name = m_list->currentItem() ? m_list->currentItem()->text() : QString();
    if (name.isEmpty())
        return;
    QMessageBox *box = ask(tr("Delete profile"),
                           tr("Delete the profile “%1”? Its secret is removed from %2 as well.")
                               .arg(name, m_secrets->backendName()),
                           tr("Delete"));
    connect(box, &QMessageBox::buttonClicked, this, [this, box, name](QAbstractButton *button) {
        if (box->buttonRole(button) == QMessageBox::DestructiveRole)
            removeProfile(name);
    });
    box->open();
}

void ConnectionDialog::removeProfile(const QString &name)
{
    m_profiles.erase(std::remove_if(m_profiles.begin(), m_profiles.end(),
                                    [&](const ConnectionProfile &p) { return p.name == name; }),
                     m_profiles.end());
    m_store->save(m_profiles);
    m_secrets->removeSecret(name);
    reloadList(QString());
    if (m_profiles.isEmpty())
        startNewProfile();
}

void ConnectionDialog::testConnection()
{
    ConnectionProfile p;
    QByteArray secret;
    if (!readForm(&p, &secret))
        return;
    delete m_probe;
    auto *session = new service::RtmSession(p.sessionConfig(secret), this);
    m_probe = session;
    m_testResult->setText(tr("Testing %1…").arg(p.endpoint()));
    m_test->setEnabled(false);
    service::RtmReply *reply = session->checkConnection();
    connect(reply, &service::RtmReply::finished, this, [this, reply, session, p] {
        m_test->setEnabled(true);
        if (reply->ok()) {
            QString text = tr("✔ Connected to %1: project %2 and its secret are right, the clock is fine (%3 ms).")
                               .arg(p.endpoint()).arg(p.pid).arg(reply->durationMs());
            if (session->isEncrypted())
                text += QLatin1Char('\n') + tr("The connection is encrypted (%1).").arg(session->encryptionDescription());
            m_testResult->setText(text);
        } else if (const rtm::RtmError e = reply->error(); service::RtmSession::isEncryptionHandshakeFailure(e)) {
            m_testResult->setText(tr("✖ Encryption handshake failed: %1 — %2").arg(e.name, e.message) + QLatin1Char('\n')
                                  + tr("Check that the key file is this server's public key, and the mode and key size "
                                       "the server expects."));
        } else {
            QString text = tr("✖ %1 — %2").arg(e.name, e.message);
            if (service::RtmSession::looksLikeClockSkew(e, true) && !text.contains(service::RtmSession::clockSkewHint()))
                text += QLatin1Char('\n') + service::RtmSession::clockSkewHint();
            if (e.code == 20012 || e.code == 20002 || e.code == 20003)
                text += QLatin1Char('\n') + tr("Check the endpoint and that the server is reachable from here.");
            m_testResult->setText(text);
        }
        session->deleteLater();
    });
}

void ConnectionDialog::connectToProfile()
{
    save(true);
}

void ConnectionDialog::finishConnect(const ConnectionProfile &p, const QByteArray &secret)
{
    m_store->setLastUsed(p.name);
    emit connectRequested(p, secret);
    accept();
}

QString ConnectionDialog::testResultText() const
{
    return m_testResult->text();
}

} // namespace ui
