#include "deletecontroller.h"

#include <QLoggingCategory>
#include <QPushButton>
#include <QWidget>

#include "deleteconfirmdialog.h"
#include "rtm/rtmwire.h"
#include "service/deletebatch.h"
#include "service/rtmreply.h"
#include "service/rtmsession.h"

Q_LOGGING_CATEGORY(lcDelete, "ui.delete")

namespace ui {

DeleteController::DeleteController(QWidget *dialogParent)
    : QObject(dialogParent), m_dialogParent(dialogParent)
{
}

DeleteController::~DeleteController()
{
    if (m_batch)
        m_batch->disconnect(this);
}

void DeleteController::setSession(service::RtmSession *session)
{
    if (m_session.data() != session && m_confirm)
        m_confirm->reject();   // the question was about the previous connection
    m_session = session;
    if (m_summaryDialog)
        m_summaryDialog->setCheckBlocked(checkBlockedReason());
}

void DeleteController::setReadOnly(bool readOnly)
{
    m_readOnly = readOnly;
    if (readOnly && m_confirm)
        m_confirm->reject();
}

void DeleteController::confirmAndDelete(const QList<MessageRef> &messages, const QString &conversation)
{
    if (messages.isEmpty() || isRunning() || !m_session || m_readOnly)
        return;
    if (m_confirm)
        m_confirm->close();
    auto *dialog = new DeleteConfirmDialog(messages, conversation, m_dialogParent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (m_production && messages.size() > kTypedCountAbove)
        dialog->requireTypedCount();
    m_confirm = dialog;
    connect(dialog, &QDialog::accepted, this, [this, messages] { start(messages); });
    dialog->open();
    dialog->cancelButton()->setFocus(Qt::OtherFocusReason);
}

void DeleteController::start(const QList<MessageRef> &messages)
{
    if (isRunning() || !m_session || m_readOnly)
        return;
    if (m_summaryDialog)
        m_summaryDialog->close();
    m_messages = messages;
    m_unknown.clear();
    m_toCheck.clear();
    m_batchEndpoint = m_session->endpoint();
    m_batchPid = m_session->pid();
    QList<service::MessageRef> items;
    items.reserve(messages.size());
    for (const MessageRef &m : messages) {
        // The audit line says what was deleted; a message the console never read says so.
        const service::AuditContent content = m.content.state == service::AuditContent::State::None
            ? service::AuditContent::notCaptured(QStringLiteral("not read before the delete (deleted by id)"))
            : m.content;
        items << service::MessageRef{m.category, m.from, m.target, m.mid, content};
    }

    m_batch = new service::DeleteBatch(m_session, items, this);
    m_batch->setMaxInFlight(m_maxInFlight);
    const int total = int(messages.size());

    auto *progress = new ProgressDialog(tr("Deleting messages"),
                                        tr("Deleting %n message(s)…", nullptr, total),
                                        total, m_dialogParent);
    progress->setObjectName(QStringLiteral("deleteProgress"));
    progress->setAttribute(Qt::WA_DeleteOnClose);
    m_progress = progress;
    connect(progress, &ProgressDialog::canceled, this, &DeleteController::cancel);

    connect(m_batch, &service::DeleteBatch::itemFinished, this, [this](int index, const rtm::RtmError &error) {
        if (index < 0 || index >= m_messages.size())
            return;
        const MessageRef &ref = m_messages.at(index);
        if (service::DeleteBatch::errorLeavesOutcomeUnknown(error)) {
            qCInfo(lcDelete) << "delete outcome unknown" << ref.mid << error.name;
            m_unknown << ref;
            emit messageUnknown(ref, error);
        } else if (error.isError()) {
            qCInfo(lcDelete) << "delete failed" << ref.mid << error.name;
            emit messageFailed(ref, error);
        } else {
            emit messageDeleted(ref);
        }
    });
    connect(m_batch, &service::DeleteBatch::progress, this, [this](int done, int total) {
        if (m_progress) {
            m_progress->setValue(done);
            m_progress->setLabelText(tr("Deleted %1 of %2…").arg(done).arg(total));
        }
    });
    connect(m_batch, &service::DeleteBatch::finished, this, &DeleteController::onBatchFinished);
    progress->open();
    m_batch->start();
}

void DeleteController::onBatchFinished()
{
    service::DeleteBatch *batch = m_batch;
    m_batch = nullptr;
    m_counts = {};
    m_counts.total = batch->total();
    m_counts.deleted = batch->deletedCount();
    m_counts.failed = batch->failedCount();
    m_counts.unknown = batch->unknownCount();
    m_counts.notAttempted = batch->total() - batch->startedCount();
    m_summary = m_counts.summary();
    qCInfo(lcDelete) << m_summary;
    batch->deleteLater();
    if (m_progress) {
        m_progress->disconnect(this);
        m_progress->done(QDialog::Accepted);
    }
    if (m_counts.failed > 0 || m_counts.unknown > 0)
        showSummary();
    emit finished(m_summary);
}

void DeleteController::showSummary()
{
    if (!m_summaryDialog) {
        auto *dialog = new DeleteSummaryDialog(m_dialogParent);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &DeleteSummaryDialog::checkRequested, this, &DeleteController::checkUnknown);
        m_summaryDialog = dialog;
    }
    m_summaryDialog->setCounts(m_counts);
    m_summaryDialog->setChecking(isChecking());
    m_summaryDialog->setCheckBlocked(checkBlockedReason());
    m_summaryDialog->open();
}

QString DeleteController::checkBlockedReason() const
{
    if (!m_session)
        return tr("Not connected.");
    if (m_session->endpoint() != m_batchEndpoint || m_session->pid() != m_batchPid)
        return tr("Connected to another server or project now: connect to %1 (pid %2) to check.")
            .arg(m_batchEndpoint).arg(m_batchPid);
    return {};
}

void DeleteController::checkUnknown()
{
    if (isChecking() || m_unknown.isEmpty())
        return;
    const QString blocked = checkBlockedReason();
    if (!blocked.isEmpty()) {
        if (m_summaryDialog)
            m_summaryDialog->setCheckBlocked(blocked);
        emit finished(blocked);
        return;
    }
    m_toCheck = m_unknown;
    if (m_summaryDialog)
        m_summaryDialog->setChecking(true);
    startNextChecks();
}

void DeleteController::startNextChecks()
{
    // Bounded like the deletes, so a long list does not flood the connection.
    while (m_session && !m_toCheck.isEmpty() && m_checksInFlight < m_maxInFlight) {
        const MessageRef ref = m_toCheck.takeFirst();
        service::RtmReply *reply = m_session->getMessageInfo(ref.category, ref.mid, ref.from, ref.target);
        ++m_checksInFlight;
        connect(reply, &service::RtmReply::finished, this, [this, reply, ref] { onChecked(reply, ref); });
    }
    if (!m_session)
        m_toCheck.clear();   // lost the connection: whatever was not asked stays unknown
}

void DeleteController::onChecked(service::RtmReply *reply, const MessageRef &ref)
{
    --m_checksInFlight;
    if (reply->ok()) {
        m_unknown.removeOne(ref);
        --m_counts.unknown;
        ++m_counts.stillPresent;
        emit messageStillPresent(ref);
    } else if (reply->error().code == rtm::MessageNotFound) {
        m_unknown.removeOne(ref);
        --m_counts.unknown;
        ++m_counts.deleted;
        emit messageDeleted(ref);
    } else {
        qCInfo(lcDelete) << "check by mid" << ref.mid << "still unknown:" << reply->error().name;
    }
    startNextChecks();
    if (isChecking())
        return;
    m_summary = m_counts.summary();
    if (m_summaryDialog) {
        m_summaryDialog->setChecking(false);
        m_summaryDialog->setCounts(m_counts);
    }
    emit finished(m_summary);
}

void DeleteController::cancel()
{
    if (m_batch) {
        m_batch->cancel();
        if (m_progress)
            m_progress->setLabelText(tr("Cancelling — waiting for the deletes already sent…"));
    }
}

} // namespace ui
