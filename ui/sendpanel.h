#pragma once

// The "Send" tab: one form for the five send calls (P2P, several users, group, room,
// broadcast). Every field is checked as you type; the Send button stays disabled while a
// problem remains and the problem list says why. The result names the mid and the server
// time; "Send again" repeats the last request with the same mid, so a 200053 answer to it
// means the first one already arrived. On a production profile every send (and anywhere,
// every broadcast) asks first (SendConfirmDialog). A connection change forgets the last
// request, so "Send again" can never repeat it on another profile.

#include <optional>

#include <QPointer>
#include <QWidget>

#include "focuskeeper.h"
#include "rtm/rtmerror.h"
#include "rtm/rtmtypes.h"
#include "service/rtmreply.h"
#include "service/rtmsession.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QFormLayout;

namespace service {
class RtmSession;
class RtmReply;
}

namespace ui {

class SendConfirmDialog;

class SendPanel : public QWidget {
    Q_OBJECT
public:
    enum class Kind { P2P, Users, Group, Room, Broadcast };
    Q_ENUM(Kind)

    explicit SendPanel(QWidget *parent = nullptr);

    void setSession(service::RtmSession *session);
    void setReadOnly(bool readOnly);
    bool isReadOnly() const { return m_readOnly; }
    // Production: every send asks first (broadcasts always do).
    void setProduction(bool production);
    // Call on every connection change: "Send again" forgets the last request and an open
    // confirmation closes, since both belonged to the previous connection.
    void forgetLastRequest();
    bool canSendAgain() const;
    SendConfirmDialog *confirmDialog() const;
    // Pre-fill ids (the sandbox's demo ids).
    void setDefaults(qint64 from, qint64 to, qint64 gid, qint64 rid);

    Kind kind() const;
    void setKind(Kind kind);
    QStringList problems() const { return m_problems; }
    QStringList warnings() const { return m_warnings; }
    bool canSend() const;
    bool isSending() const { return m_inFlight != nullptr; }

public Q_SLOTS:
    void send();
    void sendAgain();

Q_SIGNALS:
    // After every answer: the target that received a message (for refreshing history).
    void messageSent(const QString &target, qint64 mid, qint64 mtime);

private:
    struct Request {
        Kind kind = Kind::P2P;
        int mtype = 0;
        qint64 from = 0;
        qint64 target = 0;
        QList<qint64> tos;
        QByteArray body;
        bool binary = false;
        QByteArray attrs;
        qint64 mid = 0;
        QString describe() const;
    };
    std::optional<Request> buildRequest(QStringList *problems, QStringList *warnings) const;
    void validate();
    void updateTargetFields();
    void updateCounters();
    void confirmThenDispatch(const Request &request, bool again);
    void dispatch(const Request &request, bool again);
    void onFinished(service::RtmReply *reply, const Request &request, bool again);
    void checkAttrsJson();
    void prettyPrintAttrs();
    void showResult(const QString &text, bool error);

    QPointer<service::RtmSession> m_session;
    bool m_readOnly = false;
    bool m_production = false;
    QPointer<SendConfirmDialog> m_confirm;

    QComboBox *m_kind;
    QLineEdit *m_from;
    QLineEdit *m_to;
    QPlainTextEdit *m_tos;
    QLineEdit *m_gid;
    QLineEdit *m_rid;
    QLabel *m_toLabel;
    QLabel *m_tosLabel;
    QLabel *m_gidLabel;
    QLabel *m_ridLabel;
    QLabel *m_tosCount;
    QSpinBox *m_mtype;
    QPlainTextEdit *m_body;
    QCheckBox *m_binary;
    QLabel *m_bodyCount;
    QPlainTextEdit *m_attrs;
    QLabel *m_attrsCount;
    QPushButton *m_checkJson;
    QPushButton *m_prettyJson;
    QCheckBox *m_customMid;
    QLineEdit *m_mid;
    QLabel *m_problemsLabel;
    QPushButton *m_sendButton;
    QPushButton *m_sendAgainButton;
    QLabel *m_result;
    FocusKeeper m_focus{this};

    QStringList m_problems;
    QStringList m_warnings;
    QPointer<service::RtmReply> m_inFlight;
    std::optional<Request> m_last;
};

} // namespace ui
