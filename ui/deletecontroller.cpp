#include "deletecontroller.h"

#include <QLoggingCategory>
#include <QPushButton>
#include <QWidget>

#include "deleteconfirmdialog.h"
#include "service/deletebatch.h"
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
    m_session = session;
}

void DeleteController::confirmAndDelete(const QList<MessageRef> &messages, const QString &conversation)
{
    if (messages.isEmpty() || isRunning() || !m_session)
        return;
    if (m_confirm)
        m_confirm->close();
    auto *dialog = new DeleteConfirmDialog(messages, conversation, m_dialogParent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_confirm = dialog;
    connect(dialog, &QDialog::accepted, this, [this, messages] { start(messages); });
    dialog->open();
    dialog->cancelButton()->setFocus(Qt::OtherFocusReason);
}

void DeleteController::start(const QList<MessageRef> &messages)
{
    if (isRunning() || !m_session)
        return;
    m_messages = messages;
    QList<service::MessageRef> items;
    items.reserve(messages.size());
    for (const MessageRef &m : messages)
        items << service::MessageRef{m.category, m.from, m.target, m.mid};

    m_batch = new service::DeleteBatch(m_session, items, this);
    m_batch->setMaxInFlight(m_maxInFlight);
    const int total = int(messages.size());

    auto *progress = new ProgressDialog(tr("Deleting messages"),
                                        total == 1 ? tr("Deleting 1 message…") : tr("Deleting %1 messages…").arg(total),
                                        total, m_dialogParent);
    progress->setObjectName(QStringLiteral("deleteProgress"));
    progress->setAttribute(Qt::WA_DeleteOnClose);
    m_progress = progress;
    connect(progress, &ProgressDialog::canceled, this, &DeleteController::cancel);

    connect(m_batch, &service::DeleteBatch::itemFinished, this, [this](int index, const rtm::RtmError &error) {
        if (index < 0 || index >= m_messages.size())
            return;
        const MessageRef &ref = m_messages.at(index);
        if (error.isError()) {
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
    connect(m_batch, &service::DeleteBatch::finished, this, [this] {
        service::DeleteBatch *batch = m_batch;
        m_batch = nullptr;
        const int ok = batch->doneCount() - batch->failedCount();
        const int failed = batch->failedCount();
        const int notStarted = batch->total() - batch->startedCount();
        QString summary = tr("Deleted %1 of %2.").arg(ok).arg(batch->total() == 1 ? tr("1 message") : tr("%1 messages").arg(batch->total()));
        if (failed > 0)
            summary += tr(" Failed: %1 (marked in the table).").arg(failed);
        if (notStarted > 0)
            summary += tr(" Not attempted (cancelled): %1.").arg(notStarted);
        m_summary = summary;
        qCInfo(lcDelete) << summary;
        batch->deleteLater();
        if (m_progress) {
            m_progress->disconnect(this);
            m_progress->done(QDialog::Accepted);
        }
        emit finished(summary);
    });
    progress->open();
    m_batch->start();
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
