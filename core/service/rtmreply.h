#pragma once

// A handle for one request made through RtmSession (the only one that makes and finishes
// replies: the constructor, finish*() and set*() are private to it). It emits finished() exactly once,
// holds the typed result or the error, can be aborted, and deletes itself later after
// finished() (like QNetworkReply with autoDelete). Connect to it with a context object
// so no slot outlives its receiver.
//
// Rules for users:
// - Connect to finished() before control returns to the event loop. A reply never
//   finishes synchronously inside the RtmSession call that created it, so connecting right
//   after the call is always in time; after a return to the event loop it may be too late.
// - Read the results inside the slot (or before returning to the event loop): the reply
//   calls deleteLater() right after emitting finished(). Keep a QPointer if you hold it.
// - abort() finishes the reply synchronously (finished() is emitted inside abort()).

#include <QElapsedTimer>
#include <QObject>
#include <QString>

#include "rtm/rtmerror.h"
#include "rtm/rtmtypes.h"

namespace service {

class RtmSession;

class RtmReply : public QObject {
    Q_OBJECT
public:
    enum class Kind { Send, History, Delete, Info, Count, Probe };
    Q_ENUM(Kind)

    ~RtmReply() override;

    Kind kind() const { return m_kind; }
    QString method() const { return m_method; }      // wire method, e.g. "getgroupmsg"
    QString target() const { return m_target; }      // human description, e.g. "group 42"
    bool isFinished() const { return m_finished; }
    bool isAborted() const { return m_aborted; }
    int durationMs() const { return m_durationMs; }

    rtm::RtmError error() const { return m_error; }
    bool ok() const { return m_finished && !m_error.isError(); }

    // Typed results (valid when ok() and of the matching kind).
    const rtm::SendResult &sendResult() const { return m_send; }
    const rtm::HistoryPage &historyPage() const { return m_history; }
    const rtm::MessageInfo &messageInfo() const { return m_info; }
    const rtm::MessageCount &messageCount() const { return m_count; }

    // The request may still reach the server; the reply finishes at once with 20015
    // (CANCELLED) and the late answer is dropped.
    void abort();

    // An id that links the audit log's attempt and outcome lines of this request (empty
    // for reads), and the mid a send or delete carries (0 for reads).
    QString auditAttemptId() const { return m_auditAttemptId; }
    qint64 mid() const { return m_mid; }
    // How often the request was sent again after 200010 (frequency limited).
    int retryCount() const { return m_retryCount; }
    // True once the request was handed to the connection (it may have reached the server).
    bool wasDispatched() const { return m_dispatched; }

Q_SIGNALS:
    void finished();

private:
    // Only RtmSession makes and completes replies (tst_coreapi checks that no one else can).
    friend class RtmSession;

    RtmReply(Kind kind, QString method, QString target, QObject *parent = nullptr);

    // Completion, exactly once; later calls are ignored.
    void finishWithError(const rtm::RtmError &error);
    void finishSend(const rtm::SendResult &result);
    void finishHistory(const rtm::HistoryPage &page);
    void finishDelete();
    void finishInfo(const rtm::MessageInfo &info);
    void finishCount(const rtm::MessageCount &count);
    void finishProbe();    // checkConnection(): OK without a payload

    void setAuditAttemptId(const QString &id) { m_auditAttemptId = id; }
    void setMid(qint64 mid) { m_mid = mid; }
    void setRetryCount(int n) { m_retryCount = n; }
    void setDispatched(bool on) { m_dispatched = on; }

    bool markFinished();

    Kind m_kind;
    QString m_method;
    QString m_target;
    QElapsedTimer m_clock;
    int m_durationMs = 0;
    bool m_finished = false;
    bool m_aborted = false;
    rtm::RtmError m_error;
    rtm::SendResult m_send;
    rtm::HistoryPage m_history;
    rtm::MessageInfo m_info;
    rtm::MessageCount m_count;
    QString m_auditAttemptId;
    qint64 m_mid = 0;
    int m_retryCount = 0;
    bool m_dispatched = false;
};

} // namespace service
