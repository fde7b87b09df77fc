#pragma once

// get_message_num: how many messages and distinct senders a group or room has, optionally
// for some mtypes and a time range.

#include <QPointer>
#include <QWidget>

#include "rtm/rtmtypes.h"
#include "service/rtmreply.h"
#include "service/rtmsession.h"

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QPushButton;

namespace service {
class RtmSession;
class RtmReply;
}

namespace ui {

class CountPanel : public QWidget {
    Q_OBJECT
public:
    explicit CountPanel(QWidget *parent = nullptr);
    void setSession(service::RtmSession *session);
    void setUtc(bool utc);
    void setDefaults(qint64 gid);
    QString resultText() const;
    bool hasResult() const { return m_hasResult; }
    rtm::MessageCount lastCount() const { return m_last; }

public Q_SLOTS:
    bool count();

private:
    QPointer<service::RtmSession> m_session;
    QPointer<service::RtmReply> m_inFlight;
    rtm::MessageCount m_last;
    bool m_hasResult = false;

    QComboBox *m_kind;
    QLineEdit *m_id;
    QLineEdit *m_mtypes;
    QCheckBox *m_beginEnabled;
    QDateTimeEdit *m_begin;
    QCheckBox *m_endEnabled;
    QDateTimeEdit *m_end;
    QPushButton *m_countButton;
    QLabel *m_result;
};

} // namespace ui
