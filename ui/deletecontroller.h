#pragma once

// The one way the console deletes: confirmation dialog (count, kind, Cancel focused), then
// a service::DeleteBatch (bounded in-flight, audited by the session) behind a progress
// dialog with Cancel. Reports each server-confirmed delete and each failure, so views
// remove a row only after the server said yes.

#include <QList>
#include <QObject>
#include <QPointer>

#include "messageref.h"
#include "rtm/rtmerror.h"
#include "progressdialog.h"
#include "deleteconfirmdialog.h"
#include "service/rtmsession.h"

class QWidget;

namespace service {
class DeleteBatch;
class RtmSession;
}

namespace ui {

class DeleteConfirmDialog;

class DeleteController : public QObject {
    Q_OBJECT
public:
    explicit DeleteController(QWidget *dialogParent);
    ~DeleteController() override;

    void setSession(service::RtmSession *session);
    void setMaxInFlight(int n) { m_maxInFlight = n; }

    // Opens the confirmation (open(), not exec()); deletes only after "Delete N messages".
    void confirmAndDelete(const QList<MessageRef> &messages, const QString &conversation);
    bool isRunning() const { return m_batch != nullptr; }
    DeleteConfirmDialog *confirmDialog() const { return m_confirm; }
    ProgressDialog *progressDialog() const { return m_progress; }
    QString lastSummary() const { return m_summary; }

public Q_SLOTS:
    void cancel();

Q_SIGNALS:
    void messageDeleted(const ui::MessageRef &ref);
    void messageFailed(const ui::MessageRef &ref, const rtm::RtmError &error);
    void finished(const QString &summary);

private:
    void start(const QList<MessageRef> &messages);

    QWidget *m_dialogParent;
    QPointer<service::RtmSession> m_session;
    QPointer<DeleteConfirmDialog> m_confirm;
    QPointer<ProgressDialog> m_progress;
    service::DeleteBatch *m_batch = nullptr;
    QList<MessageRef> m_messages;
    int m_maxInFlight = 4;
    QString m_summary;
};

} // namespace ui
