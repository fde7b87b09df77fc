#include "followcontrol.h"

#include <QAction>
#include <QItemSelectionModel>
#include <QLabel>
#include <QScrollBar>
#include <QSettings>
#include <QTableView>
#include <QTimer>

#include "freshrowdelegate.h"
#include "service/rtmsession.h"

namespace ui {

using service::HistoryFollower;
using service::HistoryModel;

FollowControl::FollowControl(HistoryModel *model, QTableView *table, QWidget *parent)
    : QObject(parent), m_model(model), m_table(table), m_expire(new QTimer(this))
{
    setObjectName(QStringLiteral("followControl"));
    m_clock.start();
    m_highlightMs = QSettings().value(QStringLiteral("history/followHighlightMs"), DefaultHighlightMs).toInt();

    m_action = new QAction(tr("Following"), this);
    m_action->setObjectName(QStringLiteral("actionFollow"));
    m_action->setCheckable(true);
    m_action->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    m_action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_action->setToolTip(tr("Follow: check this conversation for new messages every few seconds and add them to the table (Ctrl+Shift+L)"));
    connect(m_action, &QAction::toggled, this, &FollowControl::setFollowing);

    m_status = new QLabel(parent);
    m_status->setObjectName(QStringLiteral("followStatus"));
    m_status->setTextFormat(Qt::PlainText);
    m_status->hide();

    m_table->setItemDelegate(new FreshRowDelegate([this](qint64 id) { return isFresh(id); }, this));
    m_expire->setSingleShot(true);
    connect(m_expire, &QTimer::timeout, this, &FollowControl::expireFresh);

    // The user looks at a new row: its tint goes.
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &current) {
        if (current.isValid())
            forget(current.siblingAtColumn(HistoryModel::CursorColumn).data(HistoryModel::SortRole).toLongLong());
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this](const QItemSelection &selected) {
        if (m_fresh.isEmpty())
            return;
        for (const QModelIndex &i : selected.indexes())
            if (i.column() == 0)
                forget(i.siblingAtColumn(HistoryModel::CursorColumn).data(HistoryModel::SortRole).toLongLong());
    });

    connect(m_model, &QAbstractItemModel::modelReset, this, &FollowControl::onModelReset);
    connect(m_model, &HistoryModel::pageLoaded, this, [this] {
        if (m_wanted && !m_follower)
            tryStart();   // waiting for the newest rows
    });
    connect(m_model, &HistoryModel::loadingChanged, this, &FollowControl::updateHold);
    connect(m_model, &HistoryModel::loadAllFinished, this, &FollowControl::updateHold);
}

FollowControl::~FollowControl() = default;

void FollowControl::setSession(service::RtmSession *session)
{
    if (m_session == session)
        return;
    m_session = session;
    if (m_wanted)
        stopWith(tr("the connection changed."));
}

void FollowControl::setHighlightMs(int ms)
{
    m_highlightMs = std::max(1, ms);
}

void FollowControl::setFollowing(bool on)
{
    if (on == m_wanted) {
        m_action->setChecked(on);
        return;
    }
    m_wanted = on;
    m_action->setChecked(on);
    if (!on) {
        dropFollower();
        m_stopText.clear();
        updateStatus();
        return;
    }
    m_stopText.clear();
    m_newRows = 0;
    m_error = {};
    if (!m_session) {
        stopWith(tr("not connected."));
        return;
    }
    if (!m_model->hasTarget()) {
        stopWith(tr("open a conversation first."));
        return;
    }
    if (const QString why = HistoryFollower::unsupportedReason(m_model->target()); !why.isEmpty()) {
        stopWith(why);
        return;
    }
    m_followed = m_model->target();
    tryStart();
}

void FollowControl::queryEdited()
{
    if (m_wanted)
        stopWith(tr("the conversation fields were changed."));
}

void FollowControl::tryStart()
{
    if (!m_wanted || m_follower || !m_session)
        return;
    const qint64 newest = m_model->newestCursorId();
    if (newest < 0 || m_model->hasFailed()) {
        updateStatus();   // waiting for the newest rows
        return;
    }
    auto *follower = new HistoryFollower(m_session, m_followed, newest, this);
    follower->setIntervalMs(QSettings().value(QStringLiteral("history/followIntervalMs"),
                                              HistoryFollower::DefaultIntervalMs).toInt());
    m_follower = follower;
    connect(follower, &HistoryFollower::messagesArrived, this, &FollowControl::onArrived);
    connect(follower, &HistoryFollower::checked, this, [this] {
        m_error = {};
        updateStatus();
    });
    connect(follower, &HistoryFollower::errorOccurred, this, [this](const rtm::RtmError &e, int retryMs) {
        m_error = e;
        m_retryMs = retryMs;
        updateStatus();
    });
    connect(follower, &HistoryFollower::stopped, this, &FollowControl::onStopped);
    follower->setHeld(m_model->isLoadingAll());
    follower->start();
    updateStatus();
}

void FollowControl::stopWith(const QString &why)
{
    dropFollower();
    m_wanted = false;
    m_action->setChecked(false);
    m_stopText = tr("Following stopped: %1").arg(why);
    updateStatus();
    emit statusMessage(m_stopText);
}

void FollowControl::dropFollower()
{
    if (HistoryFollower *f = m_follower) {
        m_follower = nullptr;
        f->disconnect(this);
        f->deleteLater();   // its destructor drops a poll in flight
        f->stop(HistoryFollower::StopReason::User);
    }
}

void FollowControl::onStopped(HistoryFollower::StopReason, const QString &why)
{
    stopWith(why.isEmpty() ? tr("the connection was closed.") : why);
}

void FollowControl::onModelReset()
{
    m_fresh.clear();
    if (!m_wanted)
        return;
    if (!m_model->hasTarget() || m_model->target() != m_followed) {
        stopWith(tr("the query changed."));
        return;
    }
    // Reload of the same query: follow again from the reloaded rows.
    dropFollower();
    tryStart();
}

void FollowControl::updateHold()
{
    if (m_follower)
        m_follower->setHeld(m_model->isLoadingAll());
    if (m_wanted)
        updateStatus();
}

void FollowControl::onArrived(const std::vector<rtm::HistoryMessage> &rows)
{
    QScrollBar *bar = m_table->verticalScrollBar();
    const bool atTop = bar->value() == bar->minimum();
    const bool atBottom = bar->value() == bar->maximum();
    const int topRow = m_table->rowAt(0);
    const QPersistentModelIndex anchor = topRow >= 0 ? m_table->model()->index(topRow, 0) : QModelIndex();
    const int before = m_model->rowCount();

    m_model->insertNewest(rows);

    const int added = m_model->rowCount() - before;
    m_newRows += added;
    const qint64 until = m_clock.elapsed() + m_highlightMs;
    for (const rtm::HistoryMessage &m : rows)
        m_fresh.insert(m.cursorId, until);
    if (!m_expire->isActive() || m_expire->remainingTime() > m_highlightMs)
        m_expire->start(m_highlightMs);

    // Keep what the user looks at: the newest edge if they were there, else the same rows.
    m_table->doItemsLayout();   // scroll range for the new rows now, not at the next layout
    if (atTop && m_followed.desc) {
        bar->setValue(bar->minimum());
    } else if (atBottom && !m_followed.desc) {
        m_table->scrollToBottom();
    } else if (anchor.isValid()) {
        m_table->scrollTo(anchor, QAbstractItemView::PositionAtTop);
    }
    m_table->viewport()->update();
}

void FollowControl::forget(qint64 cursorId)
{
    if (m_fresh.remove(cursorId))
        m_table->viewport()->update();
}

void FollowControl::expireFresh()
{
    const qint64 now = m_clock.elapsed();
    qint64 next = -1;
    for (auto it = m_fresh.begin(); it != m_fresh.end();) {
        if (it.value() <= now) {
            it = m_fresh.erase(it);
        } else {
            next = next < 0 ? it.value() : std::min(next, it.value());
            ++it;
        }
    }
    if (next >= 0)
        m_expire->start(int(next - now));
    m_table->viewport()->update();
}

QString FollowControl::timeText(const QDateTime &t) const
{
    const QDateTime shown = m_model->isUtc() ? t.toUTC() : t.toLocalTime();
    return shown.toString(QStringLiteral("HH:mm:ss"));
}

void FollowControl::updateStatus()
{
    QString text;
    QString tip;
    if (!m_stopText.isEmpty()) {
        text = m_stopText;
    } else if (m_wanted && !m_follower) {
        text = m_followed.desc ? tr("Following · waiting for the newest rows")
                               : tr("Following · waiting until the table reaches the newest row (scroll to the end or Load all)");
    } else if (m_follower && m_follower->isHeld()) {
        text = tr("Following · paused while Load all runs");
    } else if (m_follower && m_error.isError()) {
        const int seconds = (m_retryMs + 999) / 1000;
        text = tr("Following · ✖ %1 · next try in %n s", nullptr, seconds).arg(m_error.name);
        tip = m_error.message;
    } else if (m_follower && m_follower->lastCheck().isValid()) {
        text = tr("Following · checked %1 · %n new", nullptr, m_newRows).arg(timeText(m_follower->lastCheck()));
    } else if (m_follower) {
        text = tr("Following · checking…");
    }
    m_status->setText(text);
    m_status->setToolTip(tip);
    m_status->setVisible(!text.isEmpty());
}

} // namespace ui
