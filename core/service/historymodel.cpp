#include "historymodel.h"

#include <algorithm>
#include <iterator>
#include <utility>

#include <QDateTime>
#include <QLocale>
#include <QLoggingCategory>

#include "historycursor.h"
#include "parallelhistoryloader.h"
#include "rtm/categorytable.h"
#include "rtmreply.h"
#include "rtmsession.h"

Q_LOGGING_CATEGORY(lcHistoryModel, "rtm.service.history")

namespace service {

QString HistoryTarget::describe() const
{
    switch (category) {
    case rtm::MessageCategory::P2P:
        return HistoryModel::tr("P2P %1 ↔ %2").arg(uid).arg(target);
    case rtm::MessageCategory::Group:
    case rtm::MessageCategory::Room:
        return HistoryModel::tr("%1 %2 (uid %3)").arg(rtm::categoryDisplayName(category)).arg(target).arg(uid);
    case rtm::MessageCategory::Broadcast:
        return HistoryModel::tr("broadcast (uid %1)").arg(uid);
    }
    return {};
}

HistoryModel::HistoryModel(QObject *parent) : QAbstractTableModel(parent)
{
    m_flushTimer.setSingleShot(true);
    connect(&m_flushTimer, &QTimer::timeout, this, &HistoryModel::flushQueued);
}

HistoryModel::~HistoryModel()
{
    ++m_generation;
    stopParallelLoad();
    if (m_inFlight)
        m_inFlight->abort();
    if (m_totalReply)
        m_totalReply->abort();
}

void HistoryModel::setSession(RtmSession *session)
{
    if (m_session == session)
        return;
    m_session = session;
    if (m_hasTarget)
        setTarget(m_target);
}

RtmSession *HistoryModel::session() const
{
    return m_session;
}

void HistoryModel::clearRows()
{
    ++m_generation;
    stopParallelLoad();
    if (m_inFlight) {
        QPointer<RtmReply> old = m_inFlight;
        m_inFlight = nullptr;
        old->abort();   // finishes with CANCELLED; the generation check drops it
    }
    if (m_totalReply)
        m_totalReply->abort();
    m_flushTimer.stop();
    beginResetModel();
    m_rows.clear();
    m_queued.clear();
    m_statusDirty = false;
    m_partial = false;
    m_liveReceived = 0;
    m_maxSeenId = 0;
    m_cursorLastId = 0;
    m_cursorMtime = 0;
    m_cursorBegin = m_target.begin;
    m_cursorEnd = m_target.end;
    m_atEnd = false;
    m_pagesLoaded = 0;
    m_hidden = 0;
    m_lastError = {};
    endResetModel();
    if (m_loadingAll) {
        m_loadingAll = false;
        emit loadAllFinished(false);
    }
    reportLoading();
    emit statusChanged();
}

void HistoryModel::setTarget(const HistoryTarget &target)
{
    m_target = target;
    m_target.pageSize = std::clamp(m_target.pageSize, 1, rtm::limits::MaxHistoryRows);
    m_hasTarget = true;
    clearRows();
}

void HistoryModel::reload()
{
    clearRows();
    fetchMore({});
}

void HistoryModel::retry()
{
    if (!m_lastError.isError())
        return;
    m_lastError = {};
    emit statusChanged();
    fetchMore({});
}

void HistoryModel::setUtc(bool utc)
{
    if (m_utc == utc)
        return;
    m_utc = utc;
    emit headerDataChanged(Qt::Horizontal, TimeColumn, TimeColumn);
    if (!m_rows.empty())
        emit dataChanged(index(0, TimeColumn), index(rowCount() - 1, TimeColumn), {Qt::DisplayRole});
}

int HistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int HistoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString HistoryModel::timeText(qint64 msec) const
{
    if (msec <= 0)
        return {};
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(msec, m_utc ? Qt::UTC : Qt::LocalTime);
    return t.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
}

QString HistoryModel::sizeText(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

QString HistoryModel::fullMessageText(const rtm::HistoryMessage &m)
{
    if (m.fileInfo) {
        const rtm::FileInfo &f = *m.fileInfo;
        QString name = f.fileName.isEmpty() ? tr("file") : f.fileName;
        QString text = tr("%1 (%2) %3").arg(name, sizeText(f.size), f.url);
        if (f.isRtmAudio)
            text += tr(" — voice %1 ms %2").arg(f.duration).arg(f.language);
        return text;
    }
    if (m.messageIsBinary || !rtm::isValidUtf8(m.message))
        return tr("[binary, %n byte(s)] ", nullptr, int(m.message.size()))
               + QString::fromLatin1(m.message.toBase64());
    return m.messageText();
}

QString HistoryModel::oneLineMessage(const rtm::HistoryMessage &m, int maxChars)
{
    // A cell shows only the beginning: decode no more than that of a long text body (a
    // 1 MB body would otherwise be decoded on every paint).
    const qsizetype headBytes = qsizetype(maxChars + 1) * 4;
    QString text = !m.fileInfo && !m.messageIsBinary && m.message.size() > headBytes && rtm::isValidUtf8(m.message)
                       ? QString::fromUtf8(m.message.left(headBytes))
                       : fullMessageText(m);
    text.replace(QLatin1String("\r\n"), QStringLiteral(" ⏎ "));
    text.replace(QLatin1Char('\n'), QStringLiteral(" ⏎ "));
    text.replace(QLatin1Char('\r'), QLatin1Char(' '));
    text.replace(QLatin1Char('\t'), QLatin1Char(' '));
    if (text.size() > maxChars) {
        text.truncate(maxChars);
        text += QChar(0x2026);
    }
    return text;
}

QVariant HistoryModel::displayText(const Row &row, int column) const
{
    const rtm::HistoryMessage &m = row.message;
    switch (column) {
    case TimeColumn: return timeText(m.modifiedTime);
    case FromColumn: return QString::number(m.fromUid);
    case ToColumn: return rtm::categoryRow(m_target.category).hasTarget ? QString::number(m.toId) : QString();
    case MtypeColumn: return QString::number(m.messageType);
    case MidColumn: return QString::number(m.messageId);
    case MessageColumn:
        if (m.deleted && m.message.isEmpty())
            return tr("(deleted)");
        return oneLineMessage(m);
    case AttrsColumn: {
        QString a = QString::fromUtf8(m.attrs.left(1024));   // more than the 200 characters shown
        a.replace(QLatin1Char('\n'), QLatin1Char(' '));
        return a.size() > 200 ? a.left(200) + QChar(0x2026) : a;
    }
    case CursorColumn: return QString::number(m.cursorId);
    case StatusColumn:
        switch (row.state) {
        case RowState::Normal: return m.deleted ? tr("deleted") : QString();
        case RowState::Deleted: return tr("deleted");
        case RowState::DeleteFailed: return tr("delete failed: %1").arg(row.errorName);
        case RowState::DeleteUnknown: return tr("unknown — check by mid");
        case RowState::StillPresent: return tr("still present");
        }
        break;
    default: break;
    }
    return {};
}

QVariant HistoryModel::sortValue(const Row &row, int column) const
{
    const rtm::HistoryMessage &m = row.message;
    switch (column) {
    case TimeColumn: return m.modifiedTime;
    case FromColumn: return m.fromUid;
    case ToColumn: return m.toId;
    case MtypeColumn: return m.messageType;
    case MidColumn: return m.messageId;
    case CursorColumn: return m.cursorId;
    default: return displayText(row, column);
    }
}

QVariant HistoryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        return displayText(row, index.column());
    case Qt::ToolTipRole:
        if (index.column() == MessageColumn) {
            QString t = fullMessageText(row.message);
            return t.size() > 2000 ? t.left(2000) + QChar(0x2026) : t;
        }
        if (index.column() == TimeColumn)
            return tr("%1 ms since the epoch").arg(row.message.modifiedTime);
        if (index.column() == StatusColumn && (row.state == RowState::DeleteFailed || row.state == RowState::DeleteUnknown))
            return QString(row.errorName + QLatin1Char('\n') + row.errorMeaning);
        return {};
    case Qt::TextAlignmentRole:
        switch (index.column()) {
        case FromColumn: case ToColumn: case MtypeColumn: case MidColumn: case CursorColumn:
            return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
        default:
            return {};
        }
    case SortRole: return sortValue(row, index.column());
    case StateRole: return int(row.state);
    case DeletedRole: return row.message.deleted || row.state == RowState::Deleted;
    case ErrorNameRole: return row.errorName;
    case SearchTextRole: return fullMessageText(row.message);
    default: return {};
    }
}

QVariant HistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn: return m_utc ? tr("Time (UTC)") : tr("Time (local)");
    case FromColumn: return tr("From");
    case ToColumn: return tr("To");
    case MtypeColumn: return tr("mtype");
    case MidColumn: return tr("mid");
    case MessageColumn: return tr("Message");
    case AttrsColumn: return tr("Attrs");
    case CursorColumn: return tr("Cursor id");
    case StatusColumn: return tr("Status");
    default: return {};
    }
}

bool HistoryModel::canFetchMore(const QModelIndex &parent) const
{
    // During a parallel Load all the loader asks for every page; a view's fetchMore() waits.
    return !parent.isValid() && m_session && m_hasTarget && !m_atEnd && !m_inFlight && !m_loader
           && !(m_loadingAll && m_parallelLoadAll) && !m_lastError.isError();
}

void HistoryModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    rtm::HistoryQuery q;
    q.desc = m_target.desc;
    q.num = m_target.pageSize;
    q.begin = m_cursorBegin;
    q.end = m_cursorEnd;
    q.lastId = m_cursorLastId;
    q.mtypes = m_target.mtypes;
    const quint64 generation = m_generation;
    RtmReply *reply = m_session->getHistory(m_target.category, m_target.uid, m_target.target, q);
    m_inFlight = reply;
    qCDebug(lcHistoryModel) << "page" << m_pagesLoaded + 1 << m_target.describe() << "lastid" << q.lastId;
    reportLoading();
    notifyStatus();
    QPointer<RtmReply> guard(reply);
    if (reply->isFinished()) {
        QMetaObject::invokeMethod(this, [this, guard, generation] {
            if (guard)
                onPage(guard, generation);
        }, Qt::QueuedConnection);
    } else {
        connect(reply, &RtmReply::finished, this, [this, guard, generation] {
            if (guard)
                onPage(guard, generation);
        });
    }
}

bool HistoryModel::rowVisible(const rtm::HistoryMessage &m) const
{
    return m_target.showDeleted || !m.deleted;
}

void HistoryModel::onPage(RtmReply *reply, quint64 generation)
{
    if (generation != m_generation || reply != m_inFlight) {
        qCDebug(lcHistoryModel) << "dropping a stale page answer";
        return;
    }
    m_inFlight = nullptr;

    if (!reply->ok()) {
        failPage(reply->error());
        return;
    }

    const rtm::HistoryPage &page = reply->historyPage();
    const int raw = std::max(page.count, int(page.messages.size()));
    const bool atEnd = raw < m_target.pageSize || raw == 0;
    if (!atEnd) {
        // Another page follows: its cursor must move on, or we would page forever.
        if (const rtm::RtmError stuck = checkCursorAdvanced(m_target.desc, m_cursorLastId, page.lastCursorId)) {
            failPage(stuck);
            return;
        }
    }
    m_cursorLastId = page.lastCursorId;
    m_cursorBegin = page.beginMsec;
    m_cursorEnd = page.endMsec;
    if (!page.messages.empty())
        m_cursorMtime = page.messages.back().cursorId == page.lastCursorId ? page.messages.back().modifiedTime : 0;
    ++m_pagesLoaded;
    m_atEnd = atEnd;

    if (m_atEnd)
        m_partial = false;

    std::vector<rtm::HistoryMessage> messages(page.messages.begin(), page.messages.end());
    const int hiddenBefore = m_hidden;
    if (m_loadingAll || !m_queued.empty())
        queueMessages(std::move(messages));   // the next page is on its way at once
    else
        insertRowsNow(takeVisible(std::move(messages)));
    const int added = int(page.messages.size()) - (m_hidden - hiddenBefore);
    emit pageLoaded(added, m_atEnd);

    if (m_atEnd) {
        if (m_loadingAll)
            endLoadAll(true);
        reportLoading();
        emit statusChanged();
        return;
    }
    // A page whose rows were all hidden would leave the view with nothing new to show and
    // no reason to ask again: fetch the next one ourselves. Same for "Load all" (which may
    // go on in parallel from here). Loading goes on, so no loadingChanged() in between.
    if (m_loadingAll)
        continueLoadAll();
    else if (added == 0)
        fetchMore({});
    reportLoading();
    notifyStatus();
}

std::vector<HistoryModel::Row> HistoryModel::takeVisible(std::vector<rtm::HistoryMessage> messages)
{
    std::vector<Row> rows;
    rows.reserve(messages.size());
    for (rtm::HistoryMessage &m : messages) {
        if (!m.deleted)
            ++m_liveReceived;
        m_maxSeenId = std::max(m_maxSeenId, m.cursorId);
        if (rowVisible(m))
            rows.push_back(Row{std::move(m), RowState::Normal, {}, {}});
        else
            ++m_hidden;
    }
    return rows;
}

void HistoryModel::insertRowsNow(std::vector<Row> rows)
{
    if (rows.empty())
        return;
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(rows.size()) - 1);
    std::move(rows.begin(), rows.end(), std::back_inserter(m_rows));
    endInsertRows();
}

void HistoryModel::setCoalesceMs(int ms)
{
    m_coalesceMs = ms;
    if (ms <= 0)
        m_flushTimer.stop();
    if (ms == 0)
        flushQueued();
}

void HistoryModel::queueMessages(std::vector<rtm::HistoryMessage> messages)
{
    std::vector<Row> rows = takeVisible(std::move(messages));
    if (m_queued.empty())
        m_queued = std::move(rows);
    else
        std::move(rows.begin(), rows.end(), std::back_inserter(m_queued));
    m_statusDirty = true;
    if (m_coalesceMs == 0)
        flushQueued();
    else
        scheduleFlush();
}

void HistoryModel::scheduleFlush()
{
    // Trailing edge: rows wait at most one interval, and a burst costs one insert.
    if (m_coalesceMs > 0 && !m_flushTimer.isActive())
        m_flushTimer.start(m_coalesceMs);
}

void HistoryModel::flushQueued()
{
    m_flushTimer.stop();
    insertRowsNow(std::exchange(m_queued, {}));
    m_progress.update(m_liveReceived, m_pagesLoaded);
    if (std::exchange(m_statusDirty, false)) {
        emit statusChanged();
        emit loadAllProgressChanged();
    }
}

void HistoryModel::notifyStatus()
{
    // While Load all batches its rows, the footer follows the batches.
    if (m_loadingAll && m_coalesceMs != 0) {
        m_statusDirty = true;
        scheduleFlush();
        return;
    }
    emit statusChanged();
}

void HistoryModel::reportLoading()
{
    if (isLoading() == m_reportedLoading)
        return;
    m_reportedLoading = isLoading();
    emit loadingChanged(m_reportedLoading);
}

void HistoryModel::setProgressClock(LoadAllProgress::Clock clock)
{
    m_progress = LoadAllProgress(std::move(clock));
}

void HistoryModel::requestTotal()
{
    if (m_totalReply)
        m_totalReply->abort();
    // getmsgnum knows groups and rooms only (protocol.md 4.6).
    if (m_target.category != rtm::MessageCategory::Group && m_target.category != rtm::MessageCategory::Room)
        return;
    RtmReply *reply = m_session->getMessageNum(m_target.category, m_target.target, m_target.mtypes,
                                               m_target.begin, m_target.end);
    m_totalReply = reply;
    const quint64 generation = m_generation;
    QPointer<RtmReply> guard(reply);
    connect(reply, &RtmReply::finished, this, [this, guard, generation] {
        if (!guard || guard != m_totalReply || generation != m_generation)
            return;
        m_totalReply = nullptr;
        if (!guard->ok()) {
            // The count only; the load itself goes on.
            qCInfo(lcHistoryModel).noquote() << "no total for Load all:" << guard->error().name;
            return;
        }
        if (!m_loadingAll)
            return;
        m_progress.setTotal(guard->messageCount().num);
        emit loadAllProgressChanged();
    });
}

void HistoryModel::endLoadAll(bool completed)
{
    m_loadingAll = false;
    m_partial = !completed && !m_atEnd;
    if (m_totalReply)
        m_totalReply->abort();
    m_statusDirty = true;
    flushQueued();   // the rows so far stay, also when cancelled
    emit loadAllFinished(completed);
}

void HistoryModel::continueLoadAll()
{
    if (m_parallelLoadAll)
        startParallelLoad();
    else
        fetchMore({});
}

void HistoryModel::startParallelLoad()
{
    if (!m_session || m_loader || m_inFlight || m_atEnd)
        return;
    HistoryLoadSpec spec;
    spec.category = m_target.category;
    spec.uid = m_target.uid;
    spec.target = m_target.target;
    spec.desc = m_target.desc;
    spec.pageSize = m_target.pageSize;
    spec.begin = m_target.begin;
    spec.end = m_target.end;
    spec.mtypes = m_target.mtypes;
    spec.afterId = m_cursorLastId;   // on from the rows already here
    spec.afterMtime = m_cursorLastId != 0 ? m_cursorMtime : 0;
    auto *loader = new ParallelHistoryLoader(m_session, spec, this);
    m_loader = loader;
    m_pagesBeforeLoader = m_pagesLoaded;
    connect(loader, &ParallelHistoryLoader::rowsReady, this, &HistoryModel::onLoadedRows);
    connect(loader, &ParallelHistoryLoader::finished, this,
            [this](const rtm::RtmError &error, bool) { onParallelLoadFinished(error); });
    qCDebug(lcHistoryModel) << "parallel load" << m_target.describe() << "after" << spec.afterId;
    loader->start();
    reportLoading();
    notifyStatus();
}

void HistoryModel::stopParallelLoad()
{
    if (!m_loader)
        return;
    ParallelHistoryLoader *loader = m_loader;
    m_loader = nullptr;
    loader->disconnect(this);
    loader->cancel();   // aborts its pages; nothing reaches this model any more
    loader->deleteLater();
}

void HistoryModel::onLoadedRows(const std::vector<rtm::HistoryMessage> &rows)
{
    if (rows.empty() || !m_loader)
        return;
    // The batch continues the loaded rows in order: the cursor follows its last row.
    const rtm::HistoryMessage &last = rows.back();
    m_cursorLastId = last.cursorId;
    m_cursorMtime = last.modifiedTime;
    (m_target.desc ? m_cursorEnd : m_cursorBegin) = last.modifiedTime;
    m_pagesLoaded = m_pagesBeforeLoader + m_loader->progress().pages;

    const int hiddenBefore = m_hidden;
    queueMessages(rows);   // inserted with the next batch, like the sequential pages
    emit pageLoaded(int(rows.size()) - (m_hidden - hiddenBefore), false);
    notifyStatus();
}

void HistoryModel::onParallelLoadFinished(const rtm::RtmError &error)
{
    ParallelHistoryLoader *loader = m_loader;
    if (!loader)
        return;
    m_pagesLoaded = m_pagesBeforeLoader + loader->progress().pages;
    m_loader = nullptr;
    loader->deleteLater();
    if (error.isError()) {
        failPage(error);   // the rows so far stay; retry() goes on from the last of them
        return;
    }
    m_atEnd = true;
    m_partial = false;
    emit pageLoaded(0, true);
    if (m_loadingAll)
        endLoadAll(true);
    reportLoading();
    emit statusChanged();
}

void HistoryModel::failPage(const rtm::RtmError &error)
{
    m_lastError = error;
    qCInfo(lcHistoryModel).noquote() << "page failed:" << m_lastError.name << m_lastError.message;
    reportLoading();
    emit errorOccurred(m_lastError);
    if (m_loadingAll)
        endLoadAll(false);
    else
        emit statusChanged();
}

QString HistoryModel::footerText() const
{
    const int n = rowCount();
    QString text;
    if (m_atEnd)
        text = tr("all %1 loaded").arg(n);
    else if (m_pagesLoaded == 0 && !isLoading())
        text = tr("nothing loaded yet");
    else
        text = tr("%1 loaded, more available").arg(n);
    if (m_partial && !m_atEnd)
        text += tr(" (partial: Load all stopped)");
    if (m_hidden > 0)
        text += tr(" (%1 deleted hidden)").arg(m_hidden);
    if (isLoading())
        text += tr(" — loading…");
    if (m_lastError.isError())
        text += tr(" — failed: %1").arg(m_lastError.name);
    return text;
}

void HistoryModel::loadAll()
{
    if (!m_hasTarget || !m_session)
        return;
    if (m_atEnd) {
        emit loadAllFinished(true);
        return;
    }
    if (m_lastError.isError())
        m_lastError = {};
    if (m_loadingAll)
        return;
    m_loadingAll = true;
    m_partial = false;
    m_progress.start(m_liveReceived, m_pagesLoaded);
    requestTotal();
    emit loadAllProgressChanged();
    if (!m_inFlight)
        continueLoadAll();
}

void HistoryModel::cancelLoadAll()
{
    if (!m_loadingAll)
        return;
    stopParallelLoad();   // rows it delivered stay (queued ones too): a prefix in order
    endLoadAll(false);
    reportLoading();
    emit statusChanged();
}

const rtm::HistoryMessage &HistoryModel::message(int row) const
{
    return m_rows.at(size_t(row)).message;
}

HistoryModel::RowState HistoryModel::rowState(int row) const
{
    return m_rows.at(size_t(row)).state;
}

QString HistoryModel::rowError(int row) const
{
    return m_rows.at(size_t(row)).errorName;
}

int HistoryModel::rowForCursor(qint64 cursorId) const
{
    for (size_t i = 0; i < m_rows.size(); ++i)
        if (m_rows[i].message.cursorId == cursorId)
            return int(i);
    return -1;
}

int HistoryModel::rowForMessage(qint64 from, qint64 to, qint64 mid) const
{
    for (size_t i = 0; i < m_rows.size(); ++i) {
        const rtm::HistoryMessage &m = m_rows[i].message;
        if (m.messageId == mid && m.fromUid == from
            && (m_target.category == rtm::MessageCategory::Broadcast || m.toId == to))
            return int(i);
    }
    return -1;
}

void HistoryModel::appendMessages(std::vector<rtm::HistoryMessage> messages)
{
    if (messages.empty())
        return;
    insertRowsNow(std::exchange(m_queued, {}));   // keep the order
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(messages.size()) - 1);
    for (rtm::HistoryMessage &m : messages) {
        if (!m.deleted)
            ++m_liveReceived;
        m_maxSeenId = std::max(m_maxSeenId, m.cursorId);
        m_rows.push_back(Row{std::move(m), RowState::Normal, {}, {}});
    }
    endInsertRows();
    emit statusChanged();
}

qint64 HistoryModel::newestCursorId() const
{
    if (!m_hasTarget)
        return -1;
    const bool newestLoaded = m_target.desc ? m_pagesLoaded > 0 : m_atEnd;
    return newestLoaded ? m_maxSeenId : -1;
}

void HistoryModel::insertNewest(std::vector<rtm::HistoryMessage> messages)
{
    const qint64 known = m_maxSeenId;
    std::erase_if(messages, [known](const rtm::HistoryMessage &m) { return m.cursorId <= known; });
    if (messages.empty())
        return;
    std::vector<Row> rows = takeVisible(std::move(messages));
    if (!rows.empty()) {
        if (m_target.desc) {
            beginInsertRows({}, 0, int(rows.size()) - 1);
            m_rows.insert(m_rows.begin(), std::make_move_iterator(rows.begin()), std::make_move_iterator(rows.end()));
            endInsertRows();
        } else {
            insertRowsNow(std::exchange(m_queued, {}));   // keep the order
            insertRowsNow(std::move(rows));
        }
    }
    emit statusChanged();
}

void HistoryModel::markDeleted(int row)
{
    if (row < 0 || row >= rowCount())
        return;
    if (!m_target.showDeleted) {
        beginRemoveRows({}, row, row);
        m_rows.erase(m_rows.begin() + row);
        endRemoveRows();
        ++m_hidden;
    } else {
        Row &r = m_rows[size_t(row)];
        r.state = RowState::Deleted;
        r.message.deleted = true;
        r.errorName.clear();
        r.errorMeaning.clear();
        emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
    }
    emit statusChanged();
}

void HistoryModel::markDeleteFailed(int row, const rtm::RtmError &error)
{
    if (row < 0 || row >= rowCount())
        return;
    Row &r = m_rows[size_t(row)];
    r.state = RowState::DeleteFailed;
    r.errorName = error.name.isEmpty() ? rtm::errorName(error.code) : error.name;
    r.errorMeaning = error.message.isEmpty() ? rtm::errorMeaning(error.code) : error.message;
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void HistoryModel::markDeleteUnknown(int row, const rtm::RtmError &error)
{
    if (row < 0 || row >= rowCount())
        return;
    Row &r = m_rows[size_t(row)];
    r.state = RowState::DeleteUnknown;
    r.errorName = error.name.isEmpty() ? rtm::errorName(error.code) : error.name;
    r.errorMeaning = error.message.isEmpty() ? rtm::errorMeaning(error.code) : error.message;
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void HistoryModel::markStillPresent(int row)
{
    if (row < 0 || row >= rowCount())
        return;
    Row &r = m_rows[size_t(row)];
    r.state = RowState::StillPresent;
    r.errorName.clear();
    r.errorMeaning.clear();
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

} // namespace service
