#pragma once

// The one way the console deletes: confirmation dialog (count, kind, Cancel focused; on a
// production profile more than 20 messages need the count typed), then a
// service::DeleteBatch (bounded in-flight, audited by the session) behind a progress
// dialog with Cancel. Reports each server-confirmed delete, each failure and each delete
// whose outcome is unknown (sent, then the connection was lost or timed out), so views
// remove a row only after the server said yes. A batch that did not simply succeed ends
// with a summary dialog whose "Check unknown" asks the server about each unknown message
// by mid: 200070 (not found) = deleted, found = still present, anything else = unknown.

#include <QList>
#include <QObject>
#include <QPointer>

#include "deleteconfirmdialog.h"
#include "deletesummarydialog.h"
#include "messageref.h"
#include "progressdialog.h"
#include "rtm/rtmerror.h"
#include "service/rtmsession.h"

class QWidget;

namespace service {
class DeleteBatch;
class RtmReply;
class RtmSession;
}

namespace ui {

class DeleteController : public QObject {
    Q_OBJECT
public:
    // On production profiles, deletes of more than this many messages need the count typed.
    static constexpr int kTypedCountAbove = 20;

    explicit DeleteController(QWidget *dialogParent);
    ~DeleteController() override;

    // A different session closes an open confirmation: it was asked about the old one.
    void setSession(service::RtmSession *session);
    void setMaxInFlight(int n) { m_maxInFlight = n; }
    void setProduction(bool production) { m_production = production; }
    // Read-only refuses to delete and closes an open confirmation.
    void setReadOnly(bool readOnly);
    bool isProduction() const { return m_production; }

    // Opens the confirmation (open(), not exec()); deletes only after "Delete N messages".
    void confirmAndDelete(const QList<MessageRef> &messages, const QString &conversation);
    bool isRunning() const { return m_batch != nullptr; }
    bool isChecking() const { return m_checksInFlight > 0; }
    DeleteConfirmDialog *confirmDialog() const { return m_confirm; }
    ProgressDialog *progressDialog() const { return m_progress; }
    DeleteSummaryDialog *summaryDialog() const { return m_summaryDialog; }
    QString lastSummary() const { return m_summary; }
    DeleteCounts lastCounts() const { return m_counts; }
    QList<MessageRef> unknownMessages() const { return m_unknown; }

public Q_SLOTS:
    void cancel();
    // getmsg for each message of the last batch whose outcome is unknown.
    void checkUnknown();

Q_SIGNALS:
    void messageDeleted(const ui::MessageRef &ref);
    void messageFailed(const ui::MessageRef &ref, const rtm::RtmError &error);
    void messageUnknown(const ui::MessageRef &ref, const rtm::RtmError &error);
    void messageStillPresent(const ui::MessageRef &ref);
    // After a batch, and after each "Check unknown".
    void finished(const QString &summary);

private:
    void start(const QList<MessageRef> &messages);
    void onBatchFinished();
    void showSummary();
    void startNextChecks();
    void onChecked(service::RtmReply *reply, const MessageRef &ref);
    QString checkBlockedReason() const;

    QWidget *m_dialogParent;
    QPointer<service::RtmSession> m_session;
    bool m_production = false;
    bool m_readOnly = false;
    QPointer<DeleteConfirmDialog> m_confirm;
    QPointer<ProgressDialog> m_progress;
    QPointer<DeleteSummaryDialog> m_summaryDialog;
    service::DeleteBatch *m_batch = nullptr;
    QList<MessageRef> m_messages;
    int m_maxInFlight = 4;
    QString m_summary;
    DeleteCounts m_counts;

    // Unknown outcomes of the last batch, and where that batch ran (a check by mid only
    // means something on the same server and project).
    QList<MessageRef> m_unknown;
    QString m_batchEndpoint;
    qint64 m_batchPid = 0;
    QList<MessageRef> m_toCheck;
    int m_checksInFlight = 0;
};

} // namespace ui
