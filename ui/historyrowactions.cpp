#include "historyrowactions.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QKeySequence>

#include "historyview.h"
#include "service/historymodel.h"

namespace ui {

using service::HistoryModel;

HistoryRowActions::HistoryRowActions(HistoryView *view) : QObject(view), m_view(view)
{
    m_filterBySender = makeAction(tr("Filter by this sender"), "actionFilterBySender",
                                  QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));
    m_openP2P = makeAction(tr("Open P2P with this user"), "actionOpenP2P", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    m_copyMids = makeAction(tr("Copy mid"), "actionCopyMid", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M));
    m_copySenders = makeAction(tr("Copy sender uid"), "actionCopySender", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_U));
    m_copyText = makeAction(tr("Copy message text"), "actionCopyMessageText", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T));
    connect(m_filterBySender, &QAction::triggered, this, &HistoryRowActions::filterBySender);
    connect(m_openP2P, &QAction::triggered, this, &HistoryRowActions::openP2P);
    connect(m_copyMids, &QAction::triggered, this, &HistoryRowActions::copyMids);
    connect(m_copySenders, &QAction::triggered, this, &HistoryRowActions::copySenders);
    connect(m_copyText, &QAction::triggered, this, &HistoryRowActions::copyMessageText);
    update();
}

QAction *HistoryRowActions::makeAction(const QString &text, const char *name, const QKeySequence &shortcut)
{
    auto *action = new QAction(text, m_view);
    action->setObjectName(QString::fromLatin1(name));
    action->setShortcut(shortcut);
    action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_view->addAction(action);   // the shortcut works anywhere in the tab
    return action;
}

QList<QAction *> HistoryRowActions::actions() const
{
    return {m_filterBySender, m_openP2P, nullptr, m_copyMids, m_copySenders, m_copyText};
}

int HistoryRowActions::singleRow() const
{
    return m_view->singleSelectedSourceRow();
}

HistoryRowActions::P2PPair HistoryRowActions::p2pPairFor(int sourceRow) const
{
    if (sourceRow < 0 || sourceRow >= m_view->model()->rowCount())
        return {};
    const rtm::HistoryMessage &m = m_view->model()->message(sourceRow);
    P2PPair pair;
    if (m_view->category() == rtm::MessageCategory::P2P) {
        pair.uid = m_view->model()->target().uid;
        pair.peer = m.fromUid == pair.uid ? m.toId : m.fromUid;
    } else {
        pair.uid = m_view->readerUid();
        pair.peer = m.fromUid;
    }
    if (pair.uid <= 0 || pair.peer <= 0 || pair.uid == pair.peer)
        return {};
    return pair;
}

void HistoryRowActions::update()
{
    // Only "none, one or several" is needed: counting stops at two (100k selected rows
    // are not walked on every selection change).
    int count = 0;
    const int row = m_view->singleSelectedSourceRow(&count);
    const bool one = count == 1;
    const bool any = count > 0;
    const QString several = tr("Select a single row: several rows are selected.");
    const QString none = tr("Select a row first.");

    m_filterBySender->setEnabled(one);
    m_filterBySender->setToolTip(one ? tr("Show only the messages of this sender (the filter field shows the uid)")
                                     : !any ? none : several);
    const P2PPair pair = one ? p2pPairFor(row) : P2PPair{};
    const bool connected = m_view->hasSession();
    m_openP2P->setEnabled(one && pair.peer != 0 && connected);
    if (!one)
        m_openP2P->setToolTip(!any ? none : several);
    else if (!connected)
        m_openP2P->setToolTip(tr("Not connected."));
    else if (pair.peer == 0)
        m_openP2P->setToolTip(tr("No other user: the reader uid is missing or is the sender."));
    else
        m_openP2P->setToolTip(tr("Open the P2P history of %1 and %2").arg(pair.uid).arg(pair.peer));
    m_copyText->setEnabled(one);
    m_copyText->setToolTip(one ? tr("Copy the whole message text") : !any ? none : several);
    m_copyMids->setEnabled(any);
    m_copyMids->setToolTip(!any ? none : tr("Copy the mids of the selected rows in table order, one per line"));
    m_copySenders->setEnabled(any);
    m_copySenders->setToolTip(!any ? none : tr("Copy the sender uids of the selected rows in table order, one per line"));
}

void HistoryRowActions::filterBySender()
{
    const int row = singleRow();
    if (row >= 0)
        emit filterBySenderRequested(m_view->model()->message(row).fromUid);
}

void HistoryRowActions::openP2P()
{
    const int row = singleRow();
    const P2PPair pair = p2pPairFor(row);
    if (row >= 0 && pair.peer != 0 && m_view->hasSession())
        emit openP2PRequested(pair.uid, pair.peer);
}

// One id per selected row, in table order, exactly (ids exceed 2^53); the number copied.
int HistoryRowActions::copyIds(qint64 rtm::HistoryMessage::*id)
{
    const QList<int> rows = m_view->selectedSourceRows();
    QStringList lines;
    lines.reserve(rows.size());
    for (int row : rows)
        lines << QString::number(m_view->model()->message(row).*id);
    if (!lines.isEmpty())
        QApplication::clipboard()->setText(lines.join(QLatin1Char('\n')));
    return int(lines.size());
}

void HistoryRowActions::copyMids()
{
    if (const int n = copyIds(&rtm::HistoryMessage::messageId))
        emit statusMessage(tr("Copied %n mid(s).", nullptr, n));
}

void HistoryRowActions::copySenders()
{
    if (const int n = copyIds(&rtm::HistoryMessage::fromUid))
        emit statusMessage(tr("Copied %n sender uid(s).", nullptr, n));
}

void HistoryRowActions::copyMessageText()
{
    const int row = singleRow();
    if (row < 0)
        return;
    QApplication::clipboard()->setText(HistoryModel::fullMessageText(m_view->model()->message(row)));
    emit statusMessage(tr("Copied the message text."));
}

} // namespace ui
