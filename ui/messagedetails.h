#pragma once

// The details pane: everything get_*_message_info says about one message — full text,
// attrs as indented JSON, file info, cursor id and times.

#include <QPointer>
#include <QWidget>

#include "messageref.h"
#include "rtm/rtmerror.h"
#include "rtm/rtmtypes.h"
#include "service/rtmreply.h"
#include "service/rtmsession.h"

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace service {
class RtmSession;
class RtmReply;
}

namespace ui {

class MessageDetails : public QWidget {
    Q_OBJECT
public:
    explicit MessageDetails(QWidget *parent = nullptr);

    void setSession(service::RtmSession *session);
    void setUtc(bool utc);
    void setDeleteAllowed(bool allowed);
    // Asks the server (get_*_message_info) and shows the answer.
    void load(const MessageRef &ref);
    void clear();

    MessageRef currentRef() const { return m_ref; }
    bool isLoading() const { return m_inFlight != nullptr; }
    QString messageText() const;
    QString statusText() const;

Q_SIGNALS:
    void deleteRequested(const ui::MessageRef &ref);
    void loaded(const ui::MessageRef &ref, bool ok);

private:
    void showInfo(const rtm::MessageInfo &info);
    void showError(const rtm::RtmError &error);

    QPointer<service::RtmSession> m_session;
    QPointer<service::RtmReply> m_inFlight;
    MessageRef m_ref;
    rtm::MessageInfo m_info;
    bool m_hasInfo = false;
    bool m_utc = false;
    bool m_deleteAllowed = true;

    QLabel *m_status;
    QLabel *m_header;
    QLabel *m_fields;
    QLabel *m_file;
    QPlainTextEdit *m_message;
    QPlainTextEdit *m_attrs;
    QPushButton *m_copy;
    QPushButton *m_delete;
};

} // namespace ui
