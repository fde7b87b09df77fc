#pragma once

// Connection profiles: name, endpoint, pid, secret (masked; kept in the SecretStore, never
// in settings), timeout, rate limit, environment and label, read-only flag, and transport
// encryption (the server's public key file, package/stream mode, AES-128/256; the key file
// is checked when chosen and before saving). "Test connection" sends the signed probe
// (RtmSession::checkConnection) and names a failed encryption handshake as such.
//
// Ticking read-only on the connected profile applies at once (readOnlyApplied(), and it is
// saved); unticking applies when the profile is saved. Saving under the name of another
// profile asks before replacing it; deleting a profile asks.

#include <QDialog>
#include <QList>
#include <QPointer>

#include "connectionprofile.h"
#include "service/rtmsession.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QMessageBox;
class QPushButton;
class QSpinBox;

namespace service {
class RtmSession;
}

namespace ui {

class SecretStore;

class ConnectionDialog : public QDialog {
    Q_OBJECT
public:
    ConnectionDialog(ProfileStore *profiles, SecretStore *secrets, QWidget *parent = nullptr);
    ~ConnectionDialog() override;

    // Starts with an empty "new profile" form.
    void startNewProfile();
    void selectProfile(const QString &name);
    QList<ConnectionProfile> profiles() const { return m_profiles; }
    QString testResultText() const;
    // The profile the main window is connected to ("" = none).
    void setConnectedProfile(const QString &name) { m_connected = name; }
    // The open "Replace?" or "Delete?" question, if any.
    QMessageBox *pendingQuestion() const;

    // Reads the form; false with the reasons shown.
    bool readForm(ConnectionProfile *profile, QByteArray *secret);

public Q_SLOTS:
    // True when saved now; false when the form has problems or a "Replace?" question is open.
    bool saveProfile();
    void testConnection();
    void connectToProfile();
    void deleteProfile();

Q_SIGNALS:
    void connectRequested(const ui::ConnectionProfile &profile, const QByteArray &secret);
    void readOnlyApplied(const QString &profileName, bool readOnly);

private:
    void fillForm(const ConnectionProfile &p);
    void reloadList(const QString &select, bool refillForm = true);
    void showProblems(const QStringList &problems);
    bool save(bool thenConnect);
    void commitSave(const ConnectionProfile &p, const QByteArray &secret);
    void finishConnect(const ConnectionProfile &p, const QByteArray &secret);
    void removeProfile(const QString &name);
    void onReadOnlyClicked(bool readOnly);
    void browseServerKey();
    // Checks the key file in the form and says what it holds; false when it cannot be used.
    bool updateKeyStatus();
    QMessageBox *ask(const QString &title, const QString &text, const QString &yes);

    ProfileStore *m_store;
    SecretStore *m_secrets;
    QList<ConnectionProfile> m_profiles;
    QString m_editing;                 // name of the profile in the form ("" = new)
    QPointer<service::RtmSession> m_probe;
    QString m_connected;
    QPointer<QMessageBox> m_question;

    QListWidget *m_list;
    QPushButton *m_new;
    QPushButton *m_delete;
    QLineEdit *m_name;
    QLineEdit *m_endpoint;
    QLineEdit *m_pid;
    QLineEdit *m_secret;
    QCheckBox *m_showSecret;
    QSpinBox *m_timeout;
    QSpinBox *m_rateLimit;
    QComboBox *m_environment;
    QLineEdit *m_label;
    QCheckBox *m_readOnly;
    QLineEdit *m_serverKey;
    QPushButton *m_browseKey;
    QComboBox *m_encryptionMode;
    QComboBox *m_encryptionBits;
    QLabel *m_keyStatus;
    QLabel *m_secretNotice;
    QLabel *m_problems;
    QPushButton *m_test;
    QLabel *m_testResult;
    QPushButton *m_save;
    QPushButton *m_connect;
};

} // namespace ui
