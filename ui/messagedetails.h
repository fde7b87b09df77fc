#pragma once

// The details pane: everything get_*_message_info says about one message — full text,
// attrs as indented JSON, file info, cursor id and times. Shows a loaded history row at
// once (showRow) or asks the server (load).
//
// Long fields are laid out only up to DisplayCap characters, with a "Show all (N KB)"
// button for the rest: laying out a 256 KB one-line attrs in the pane used to freeze the
// window for seconds.

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
    // A history row as loaded, without asking the server.
    void showRow(const MessageRef &ref, const rtm::HistoryMessage &message);
    void clear();

    static constexpr int DisplayCap = 16 * 1024;   // characters per field until "Show all"

    MessageRef currentRef() const { return m_ref; }
    bool isLoading() const { return m_inFlight != nullptr; }
    QString messageText() const;       // the whole message text
    QString attrsText() const;         // the whole attrs (indented when JSON)
    QString statusText() const;
    bool isMessageCapped() const;      // the field shows only the first DisplayCap characters
    bool isAttrsCapped() const;
    void showAllMessage();
    void showAllAttrs();

Q_SIGNALS:
    void deleteRequested(const ui::MessageRef &ref);
    void loaded(const ui::MessageRef &ref, bool ok);

private:
    // One text field that lays out at most DisplayCap characters until "Show all".
    struct CappedField {
        QPlainTextEdit *edit = nullptr;
        QPushButton *showAll = nullptr;
        QString full;
        bool capped = false;
    };
    void setFieldText(CappedField &field, const QString &text, qint64 bytes);
    void showAll(CappedField &field);
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
    CappedField m_message;
    CappedField m_attrs;
    QPushButton *m_copy;
    QPushButton *m_delete;
};

} // namespace ui
