#include "historyview.h"

#include <algorithm>
#include <limits>
#include <utility>

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLoggingCategory>
#include <QMenu>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QSettings>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

#include "deletecontroller.h"
#include "followcontrol.h"
#include "historyexport.h"
#include "historyfilterproxy.h"
#include "historyrowactions.h"
#include "inputvalidation.h"
#include "messagedetails.h"
#include "rtm/categorytable.h"
#include "service/historymodel.h"
#include "service/rtmsession.h"

Q_LOGGING_CATEGORY(lcHistory, "ui.history")

namespace ui {

using service::HistoryModel;

namespace {
QString kindKey(rtm::MessageCategory c)
{
    return QLatin1StringView(rtm::categoryRow(c).logName).toString();
}
} // namespace

HistoryView::HistoryView(rtm::MessageCategory category, QWidget *parent)
    : QWidget(parent), m_category(category)
{
    setObjectName(QStringLiteral("history_") + kindKey(category));
    m_model = new HistoryModel(this);
    m_model->setParallelLoadAll(true);   // Load all: several pages in flight (parallelhistoryloader.h)
    m_model->setObjectName(QStringLiteral("historyModel"));
    m_proxy = new HistoryFilterProxy(this);
    m_proxy->setSourceModel(m_model);
    m_deleter = new DeleteController(this);

    buildForm();
    buildTable();
    buildRowActions();
    buildSorting();

    connect(m_model, &HistoryModel::statusChanged, this, &HistoryView::updateFooter);
    connect(m_model, &HistoryModel::loadingChanged, this, &HistoryView::updateActions);
    connect(m_model, &HistoryModel::errorOccurred, this, [this](const rtm::RtmError &e) {
        QString text = tr("✖ Loading history failed: %1 — %2").arg(e.name, e.message);
        if (e.code == 20002 || e.code == 20012)
            text += tr(" Check that the server is reachable, then Retry.");
        m_error->setText(text);
        m_error->show();
        m_retry->show();
        emit statusMessage(text);
    });
    connect(m_model, &HistoryModel::loadAllFinished, this, [this](bool completed) {
        updateActions();   // Load all is enabled again
        // Hiding the focused Cancel would send the focus to the next dock: Load all takes it.
        if (window()->focusWidget() == m_loadAllCancel && m_loadAll->isEnabled())
            m_loadAll->setFocus(Qt::OtherFocusReason);
        m_loadAllProgress->hide();
        m_loadAllCancel->hide();
        emit statusMessage(completed ? tr("All %n row(s) loaded.", nullptr, m_model->rowCount())
                                     : tr("Loading stopped at %n row(s); the table is partial.", nullptr, m_model->rowCount()));
    });
    // Follows the model's batches (about ten a second), not every page.
    connect(m_model, &HistoryModel::loadAllProgressChanged, this, &HistoryView::updateLoadAllProgress);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &HistoryView::updateFooter);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &HistoryView::updateFooter);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &HistoryView::updateFooter);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &HistoryView::updateFooter);
    connect(m_proxy, &HistoryFilterProxy::scanningChanged, this, &HistoryView::updateFooter);
    connect(m_proxy, &HistoryFilterProxy::resultAboutToBeApplied, this, &HistoryView::keepSelectionAcrossFilter);
    connect(m_proxy, &HistoryFilterProxy::filterApplied, this, &HistoryView::restoreSelectionAfterFilter);
    // The kept selection follows the loaded rows while it waits to be restored.
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &, int first, int last) {
        if (selectionRestorePending() && size_t(first) <= m_selectedBeforeFilter.size())
            m_selectedBeforeFilter.insert(m_selectedBeforeFilter.begin() + first, size_t(last - first + 1), 0);
    });
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, [this](const QModelIndex &, int first, int last) {
        if (selectionRestorePending() && size_t(first) < m_selectedBeforeFilter.size())
            m_selectedBeforeFilter.erase(m_selectedBeforeFilter.begin() + first,
                                         m_selectedBeforeFilter.begin() + std::min(size_t(last) + 1, m_selectedBeforeFilter.size()));
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, &HistoryView::cancelSelectionRestore);
    // Table rows that move make the ranges built so far point at the wrong rows: start over.
    // (Rows added after it, as pages arrive, are simply reached.)
    const auto rowsMoved = [this](const QModelIndex &, int first, int) {
        if (first < m_restoreRow)
            restartSelectionRestore();
    };
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, rowsMoved);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, rowsMoved);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &HistoryView::restartSelectionRestore);

    connect(m_deleter, &DeleteController::messageDeleted, this, [this](const MessageRef &ref) {
        const int row = ref.cursorId ? m_model->rowForCursor(ref.cursorId)
                                     : m_model->rowForMessage(ref.from, ref.target, ref.mid);
        m_model->markDeleted(row);
        if (m_details->currentRef() == ref)
            m_details->clear();
    });
    connect(m_deleter, &DeleteController::messageFailed, this, [this](const MessageRef &ref, const rtm::RtmError &e) {
        const int row = ref.cursorId ? m_model->rowForCursor(ref.cursorId)
                                     : m_model->rowForMessage(ref.from, ref.target, ref.mid);
        m_model->markDeleteFailed(row, e);
    });
    connect(m_deleter, &DeleteController::messageUnknown, this, [this](const MessageRef &ref, const rtm::RtmError &e) {
        m_model->markDeleteUnknown(ref.cursorId ? m_model->rowForCursor(ref.cursorId)
                                                : m_model->rowForMessage(ref.from, ref.target, ref.mid), e);
    });
    connect(m_deleter, &DeleteController::messageStillPresent, this, [this](const MessageRef &ref) {
        m_model->markStillPresent(ref.cursorId ? m_model->rowForCursor(ref.cursorId)
                                               : m_model->rowForMessage(ref.from, ref.target, ref.mid));
    });
    connect(m_deleter, &DeleteController::finished, this, [this](const QString &summary) {
        emit statusMessage(summary);
        updateActions();
    });
    connect(m_details, &MessageDetails::deleteRequested, this, [this](const MessageRef &ref) {
        if (!m_readOnly && m_session && !m_deleter->isRunning())
            m_deleter->confirmAndDelete({ref}, conversationText());
    });

    updateFooter();
    updateActions();
}

HistoryView::~HistoryView() = default;

QString HistoryView::title() const
{
    switch (m_category) {
    case rtm::MessageCategory::P2P: return tr("P2P history");
    case rtm::MessageCategory::Group: return tr("Group history");
    case rtm::MessageCategory::Room: return tr("Room history");
    case rtm::MessageCategory::Broadcast: return tr("Broadcast history");
    }
    return {};
}

void HistoryView::buildForm()
{
    m_uid = new QLineEdit(this);
    m_uid->setObjectName(QStringLiteral("historyUid"));
    m_uid->setClearButtonEnabled(true);
    QString targetLabel;
    switch (m_category) {
    case rtm::MessageCategory::P2P:
        m_uid->setPlaceholderText(tr("one side of the conversation"));
        targetLabel = tr("Other uid:");
        break;
    case rtm::MessageCategory::Group:
        m_uid->setPlaceholderText(tr("reading user"));
        targetLabel = tr("Group id:");
        break;
    case rtm::MessageCategory::Room:
        m_uid->setPlaceholderText(tr("reading user"));
        targetLabel = tr("Room id:");
        break;
    case rtm::MessageCategory::Broadcast:
        m_uid->setPlaceholderText(tr("reading user"));
        break;
    }
    if (!targetLabel.isEmpty()) {
        m_target = new QLineEdit(this);
        m_target->setObjectName(QStringLiteral("historyTarget"));
        m_target->setClearButtonEnabled(true);
    }
    m_order = new QComboBox(this);
    m_order->setObjectName(QStringLiteral("historyOrder"));
    m_order->addItem(tr("Newest first"), true);
    m_order->addItem(tr("Oldest first"), false);
    m_pageSize = new QSpinBox(this);
    m_pageSize->setObjectName(QStringLiteral("historyPageSize"));
    m_pageSize->setRange(1, rtm::limits::MaxHistoryRows);
    m_pageSize->setValue(rtm::limits::MaxHistoryRows);
    m_pageSize->setToolTip(tr("Rows per request; the server sends at most 20."));
    const QDateTime now = QDateTime::currentDateTime();
    m_beginEnabled = new QCheckBox(tr("From:"), this);
    m_beginEnabled->setObjectName(QStringLiteral("historyBeginEnabled"));
    m_begin = new QDateTimeEdit(now.addDays(-7), this);
    m_begin->setObjectName(QStringLiteral("historyBegin"));
    m_begin->setCalendarPopup(true);
    m_begin->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    m_begin->setEnabled(false);
    m_endEnabled = new QCheckBox(tr("To:"), this);
    m_endEnabled->setObjectName(QStringLiteral("historyEndEnabled"));
    m_endEnabled->setToolTip(tr("Until you pick a time, “To” means now, taken each time the query runs."));
    m_end = new QDateTimeEdit(now, this);
    m_end->setObjectName(QStringLiteral("historyEnd"));
    m_end->setCalendarPopup(true);
    m_end->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    m_end->setEnabled(false);
    m_mtypes = new QLineEdit(this);
    m_mtypes->setObjectName(QStringLiteral("historyMtypes"));
    m_mtypes->setPlaceholderText(tr("all mtypes (or e.g. 30, 51)"));
    m_showDeleted = new QCheckBox(tr("Show deleted"), this);
    m_showDeleted->setObjectName(QStringLiteral("historyShowDeleted"));
    m_open = new QPushButton(tr("Open"), this);
    m_open->setObjectName(QStringLiteral("historyOpen"));
    m_open->setDefault(true);
    m_open->setToolTip(tr("Run the query (F5 reloads)"));
    m_loadAll = new QPushButton(tr("Load all"), this);
    m_loadAll->setObjectName(QStringLiteral("historyLoadAll"));
    m_formError = new QLabel(this);
    m_formError->setObjectName(QStringLiteral("historyFormError"));
    m_formError->setWordWrap(true);
    m_formError->hide();

    connect(m_beginEnabled, &QCheckBox::toggled, m_begin, &QWidget::setEnabled);
    connect(m_endEnabled, &QCheckBox::toggled, this, [this](bool on) {
        m_end->setEnabled(on);
        if (!on)
            m_endPinned = false;   // checked again later, "To" starts at now again
        else if (!m_endPinned) {
            const QSignalBlocker noPin(m_end);
            m_end->setDateTime(QDateTime::currentDateTime());
        }
    });
    // Only a time someone picks pins the end; until then it follows the clock.
    connect(m_end, &QDateTimeEdit::dateTimeChanged, this, [this] { m_endPinned = true; });
    connect(m_open, &QPushButton::clicked, this, &HistoryView::open);
    connect(m_loadAll, &QPushButton::clicked, this, &HistoryView::loadAll);
    connect(m_uid, &QLineEdit::returnPressed, this, &HistoryView::open);
    if (m_target)
        connect(m_target, &QLineEdit::returnPressed, this, &HistoryView::open);
    connect(m_mtypes, &QLineEdit::returnPressed, this, &HistoryView::open);

    m_filterSender = new QLineEdit(this);
    m_filterSender->setObjectName(QStringLiteral("filterSender"));
    m_filterSender->setPlaceholderText(tr("sender uid"));
    m_filterSender->setClearButtonEnabled(true);
    m_filterText = new QLineEdit(this);
    m_filterText->setObjectName(QStringLiteral("filterText"));
    m_filterText->setPlaceholderText(tr("text in message or attrs"));
    m_filterText->setClearButtonEnabled(true);
    m_filterMtype = new QLineEdit(this);
    m_filterMtype->setObjectName(QStringLiteral("filterMtype"));
    m_filterMtype->setPlaceholderText(tr("mtypes"));
    m_filterMtype->setClearButtonEnabled(true);
    m_selectMatching = new QPushButton(tr("Select all matching"), this);
    m_selectMatching->setObjectName(QStringLiteral("selectAllMatching"));
    m_matchCount = new QLabel(this);
    m_matchCount->setObjectName(QStringLiteral("filterMatchCount"));
    m_matchCount->setTextFormat(Qt::PlainText);
    // Filters apply after a short typing pause, and Enter applies at once; the rows are
    // then checked in slices (HistoryFilterProxy), so typing never stalls the window.
    m_restoreSlice = new QTimer(this);
    m_restoreSlice->setSingleShot(true);
    m_restoreSlice->setInterval(0);
    connect(m_restoreSlice, &QTimer::timeout, this, [this] { restoreSelectionSlice(RestoreSliceNs); });
    m_filterDebounce = new QTimer(this);
    m_filterDebounce->setSingleShot(true);
    m_filterDebounce->setInterval(FilterDebounceMs);
    connect(m_filterDebounce, &QTimer::timeout, this, &HistoryView::applyFilter);
    for (QLineEdit *e : {m_filterSender, m_filterText, m_filterMtype}) {
        connect(e, &QLineEdit::textChanged, this, &HistoryView::updateFilter);
        connect(e, &QLineEdit::returnPressed, this, &HistoryView::applyFilter);
    }
    connect(m_selectMatching, &QPushButton::clicked, this, &HistoryView::selectAllMatching);
}

void HistoryView::buildTable()
{
    m_toolbar = new QToolBar(this);
    m_toolbar->setObjectName(QStringLiteral("historyToolbar"));
    m_toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_reloadAction = m_toolbar->addAction(style()->standardIcon(QStyle::SP_BrowserReload), tr("Reload"));
    m_reloadAction->setObjectName(QStringLiteral("actionReload"));
    m_reloadAction->setShortcut(QKeySequence::Refresh);
    m_reloadAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_toolbar->addSeparator();
    m_infoAction = m_toolbar->addAction(style()->standardIcon(QStyle::SP_FileDialogInfoView), tr("Info"));
    m_infoAction->setObjectName(QStringLiteral("actionInfo"));
    m_infoAction->setToolTip(tr("Ask the server for everything about this message (Enter)"));
    m_deleteAction = m_toolbar->addAction(style()->standardIcon(QStyle::SP_TrashIcon), tr("Delete…"));
    m_deleteAction->setObjectName(QStringLiteral("actionDelete"));
    m_deleteAction->setShortcut(QKeySequence::Delete);
    m_deleteAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_deleteAction->setToolTip(tr("Delete the selected messages on the server (asks first)"));
    m_copyAction = m_toolbar->addAction(tr("Copy"));
    m_copyAction->setObjectName(QStringLiteral("actionCopy"));
    m_copyAction->setShortcut(QKeySequence::Copy);
    m_copyAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_copyAction->setToolTip(tr("Copy the selected rows, tab-separated (Ctrl+C)"));
    m_toolbar->addSeparator();
    m_exportCsvAction = m_toolbar->addAction(tr("Export CSV…"));
    m_exportCsvAction->setObjectName(QStringLiteral("actionExportCsv"));
    m_exportJsonAction = m_toolbar->addAction(tr("Export JSON…"));
    m_exportJsonAction->setObjectName(QStringLiteral("actionExportJson"));
    // Shortcuts work anywhere in the tab, not only when the toolbar has focus.
    addAction(m_reloadAction);
    addAction(m_deleteAction);
    addAction(m_copyAction);

    connect(m_reloadAction, &QAction::triggered, this, &HistoryView::open);
    connect(m_infoAction, &QAction::triggered, this, &HistoryView::showInfo);
    connect(m_deleteAction, &QAction::triggered, this, &HistoryView::deleteSelected);
    connect(m_copyAction, &QAction::triggered, this, &HistoryView::copySelected);
    connect(m_exportCsvAction, &QAction::triggered, this, &HistoryView::exportCsv);
    connect(m_exportJsonAction, &QAction::triggered, this, &HistoryView::exportJson);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("historyTable"));
    m_table->setModel(m_proxy);

    m_follow = new FollowControl(m_model, m_table, this);
    m_toolbar->addSeparator();
    m_toolbar->addAction(m_follow->action());
    addAction(m_follow->action());
    connect(m_follow, &FollowControl::statusMessage, this, &HistoryView::statusMessage);
    // Editing the conversation fields ends following (the table no longer shows what they name).
    for (QLineEdit *field : {m_uid, m_target, m_mtypes})
        if (field)
            connect(field, &QLineEdit::textEdited, m_follow, &FollowControl::queryEdited);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideRight);
    m_table->setAlternatingRowColors(true);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    QHeaderView *h = m_table->horizontalHeader();
    h->setSectionsMovable(true);
    h->setHighlightSections(false);
    const int em = m_table->fontMetrics().horizontalAdvance(QLatin1Char('M'));
    const auto textWidth = [this](const QString &sample) {
        return m_table->fontMetrics().horizontalAdvance(sample) + m_table->fontMetrics().horizontalAdvance(QLatin1Char('M')) * 2;
    };
    h->resizeSection(HistoryModel::TimeColumn, textWidth(QStringLiteral("2026-12-31 23:59:59.999")));
    h->resizeSection(HistoryModel::FromColumn, textWidth(QStringLiteral("10000000")));
    h->resizeSection(HistoryModel::ToColumn, textWidth(QStringLiteral("10000000")));
    h->resizeSection(HistoryModel::MtypeColumn, textWidth(QStringLiteral("mtype")));
    h->resizeSection(HistoryModel::MidColumn, textWidth(QStringLiteral("9140932157832970240")));
    h->resizeSection(HistoryModel::MessageColumn, em * 30);
    h->resizeSection(HistoryModel::AttrsColumn, em * 10);
    h->resizeSection(HistoryModel::CursorColumn, em * 6);
    h->resizeSection(HistoryModel::StatusColumn, em * 10);
    if (m_category == rtm::MessageCategory::Broadcast)
        m_table->setColumnHidden(HistoryModel::ToColumn, true);

    // QTableView copies only the current cell on Ctrl+C; we copy the selected rows.
    m_table->installEventFilter(this);
    m_table->viewport()->installEventFilter(this);
    connect(m_table, &QTableView::doubleClicked, this, &HistoryView::showInfo);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        // Someone else set a selection while the kept one was being restored: theirs wins.
        cancelSelectionRestore();
        updateActions();
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &HistoryView::showCurrentRow);
    connect(m_table, &QWidget::customContextMenuRequested, this, &HistoryView::showContextMenu);

    m_details = new MessageDetails(this);

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(QStringLiteral("historySplitter"));
    m_splitter->addWidget(m_table);
    m_splitter->addWidget(m_details);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setChildrenCollapsible(true);

    m_footer = new QLabel(this);
    m_footer->setObjectName(QStringLiteral("historyFooter"));
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("historyError"));
    m_error->setWordWrap(true);
    m_error->setTextFormat(Qt::PlainText);
    m_error->hide();
    QFont bold = m_error->font();
    bold.setBold(true);
    m_error->setFont(bold);
    m_retry = new QPushButton(tr("Retry"), this);
    m_retry->setObjectName(QStringLiteral("historyRetry"));
    m_retry->hide();
    m_loadAllProgress = new QProgressBar(this);
    m_loadAllProgress->setObjectName(QStringLiteral("loadAllProgress"));
    m_loadAllProgress->setRange(0, 0);
    m_loadAllProgress->setTextVisible(true);
    // Wide enough for the progress text of a large load, on one line.
    service::LoadAllProgress sample([] { return qint64(0); });
    sample.start(0, 0);
    sample.setTotal(1'000'000);
    sample.update(999'999, 50'000);
    m_loadAllProgress->setMinimumWidth(m_loadAllProgress->fontMetrics().horizontalAdvance(sample.text()) + em * 3);
    m_loadAllProgress->hide();
    m_loadAllCancel = new QPushButton(tr("Cancel"), this);
    m_loadAllCancel->setObjectName(QStringLiteral("loadAllCancel"));
    m_loadAllCancel->hide();
    connect(m_retry, &QPushButton::clicked, this, [this] {
        m_error->hide();
        m_retry->hide();
        m_model->retry();
    });
    connect(m_loadAllCancel, &QPushButton::clicked, this, &HistoryView::cancelLoadAll);

    // --- layout ---
    auto *query = new QGridLayout;
    int col = 0;
    query->addWidget(new QLabel(m_category == rtm::MessageCategory::P2P ? tr("Uid:") : tr("Reader uid:"), this), 0, col++);
    query->addWidget(m_uid, 0, col++);
    if (m_target) {
        QString label = m_category == rtm::MessageCategory::P2P ? tr("Other uid:")
                      : m_category == rtm::MessageCategory::Group ? tr("Group id:") : tr("Room id:");
        query->addWidget(new QLabel(label, this), 0, col++);
        query->addWidget(m_target, 0, col++);
    }
    query->addWidget(new QLabel(tr("Order:"), this), 0, col++);
    query->addWidget(m_order, 0, col++);
    query->addWidget(new QLabel(tr("Page size:"), this), 0, col++);
    query->addWidget(m_pageSize, 0, col++);
    query->addWidget(m_open, 0, col++);
    query->addWidget(m_loadAll, 0, col++);
    query->setColumnStretch(1, 2);
    if (m_target)
        query->setColumnStretch(3, 2);

    auto *row2 = new QHBoxLayout;
    row2->addWidget(m_beginEnabled);
    row2->addWidget(m_begin);
    row2->addWidget(m_endEnabled);
    row2->addWidget(m_end);
    row2->addWidget(new QLabel(tr("mtypes:"), this));
    row2->addWidget(m_mtypes, 1);
    row2->addWidget(m_showDeleted);

    auto *filter = new QHBoxLayout;
    filter->addWidget(new QLabel(tr("Filter loaded rows:"), this));
    filter->addWidget(m_filterSender, 1);
    filter->addWidget(m_filterText, 2);
    filter->addWidget(m_filterMtype, 1);
    filter->addWidget(m_selectMatching);
    filter->addWidget(m_matchCount);

    auto *footer = new QHBoxLayout;
    footer->addWidget(m_footer, 1);
    footer->addWidget(m_follow->statusLabel());
    footer->addWidget(m_loadAllProgress);
    footer->addWidget(m_loadAllCancel);

    auto *errorRow = new QHBoxLayout;
    errorRow->addWidget(m_error, 1);
    errorRow->addWidget(m_retry);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(query);
    layout->addLayout(row2);
    layout->addWidget(m_formError);
    layout->addLayout(filter);
    layout->addWidget(m_toolbar);
    layout->addWidget(m_splitter, 1);
    layout->addLayout(errorRow);
    layout->addLayout(footer);
}

bool HistoryView::eventFilter(QObject *watched, QEvent *event)
{
    // Clicks and keys act on the whole kept selection, never on a half-restored one.
    if ((watched == m_table || watched == m_table->viewport()) && selectionRestorePending()
        && (event->type() == QEvent::KeyPress || event->type() == QEvent::MouseButtonPress
            || event->type() == QEvent::MouseButtonDblClick))
        finishSelectionRestore();
    if (watched == m_table && event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        if (key->matches(QKeySequence::Copy)) {
            copySelected();
            return true;
        }
        if (key->matches(QKeySequence::SelectAll)) {
            selectAllRows();
            return true;
        }
        if (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) {
            showInfo();
            return true;
        }
        if (key->key() == Qt::Key_Menu || (key->key() == Qt::Key_F10 && key->modifiers() == Qt::ShiftModifier)) {
            // At the current row, not wherever the mouse happens to be.
            const QModelIndex current = m_table->currentIndex();
            showContextMenu(current.isValid() ? m_table->visualRect(current).center() : QPoint(0, 0));
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void HistoryView::setSession(service::RtmSession *session)
{
    m_follow->setSession(session);   // first: following never carries over to another connection
    m_session = session;
    m_model->setSession(session);
    m_details->setSession(session);
    m_deleter->setSession(session);
    updateActions();
}

void HistoryView::setReadOnly(bool readOnly)
{
    m_readOnly = readOnly;
    m_details->setDeleteAllowed(!readOnly);
    updateActions();
}

void HistoryView::setUtc(bool utc)
{
    m_utc = utc;
    m_model->setUtc(utc);
    m_details->setUtc(utc);
    m_begin->setTimeSpec(utc ? Qt::UTC : Qt::LocalTime);
    const QSignalBlocker noPin(m_end);
    m_end->setTimeSpec(utc ? Qt::UTC : Qt::LocalTime);
}

void HistoryView::setDefaults(qint64 uid, qint64 target)
{
    if (uid)
        m_uid->setText(QString::number(uid));
    if (m_target && target)
        m_target->setText(QString::number(target));
}

bool HistoryView::open()
{
    QStringList problems;
    const IdCheck uid = checkId(m_uid->text(), m_category == rtm::MessageCategory::P2P ? tr("Uid") : tr("Reader uid"));
    if (!uid.ok)
        problems << uid.error;
    IdCheck target;
    target.ok = true;
    if (m_target) {
        const QString name = m_category == rtm::MessageCategory::P2P ? tr("Other uid")
                           : m_category == rtm::MessageCategory::Group ? tr("Group id") : tr("Room id");
        target = checkId(m_target->text(), name);
        if (!target.ok)
            problems << target.error;
    }
    const MtypeListCheck mtypes = checkMtypeList(m_mtypes->text());
    if (!mtypes.ok())
        problems << mtypes.error;
    qint64 begin = m_beginEnabled->isChecked() ? m_begin->dateTime().toMSecsSinceEpoch() : 0;
    qint64 end = 0;   // open: the server's now
    if (m_endEnabled->isChecked() && m_endPinned) {
        end = m_end->dateTime().toMSecsSinceEpoch() + 999;
    } else if (m_endEnabled->isChecked()) {
        const QSignalBlocker noPin(m_end);
        m_end->setDateTime(QDateTime::currentDateTime());   // shows what "now" is
    }
    if (begin && end && begin > end)
        problems << tr("“From” is after “To”.");
    if (!m_session)
        problems << tr("Not connected.");
    if (!problems.isEmpty()) {
        m_formError->setText(QStringLiteral("✖ ") + problems.join(QStringLiteral("\n✖ ")));
        m_formError->show();
        return false;
    }
    m_formError->hide();
    m_error->hide();
    m_retry->hide();

    service::HistoryTarget t;
    t.category = m_category;
    t.uid = uid.value;
    t.target = m_target ? target.value : 0;
    t.desc = m_order->currentData().toBool();
    t.pageSize = m_pageSize->value();
    t.begin = begin;
    t.end = end;
    t.mtypes = mtypes.mtypes;
    t.showDeleted = m_showDeleted->isChecked();
    m_details->clear();
    m_model->setTarget(t);
    m_model->fetchMore({});
    qCInfo(lcHistory) << "open" << t.describe();
    updateActions();
    return true;
}

void HistoryView::loadAll()
{
    if (!m_model->hasTarget() && !open())
        return;
    m_error->hide();
    m_retry->hide();
    m_model->loadAll();
    if (m_model->isLoadingAll()) {
        updateLoadAllProgress();
        m_loadAllProgress->show();
        m_loadAllCancel->show();
    }
    updateActions();
}

void HistoryView::updateLoadAllProgress()
{
    // Groups and rooms: a bar up to the total getmsgnum gave; P2P and broadcast: a busy
    // bar with the count.
    const service::LoadAllProgress &p = m_model->loadAllProgress();
    if (p.hasTotal()) {
        const int total = int(std::min<qint64>(p.total(), std::numeric_limits<int>::max()));
        m_loadAllProgress->setRange(0, std::max(total, 1));
        m_loadAllProgress->setValue(int(std::min<qint64>(p.loaded(), total)));
    } else {
        m_loadAllProgress->setRange(0, 0);
    }
    m_loadAllProgress->setFormat(p.text());
    m_loadAllProgress->setToolTip(p.text());
}

void HistoryView::cancelLoadAll()
{
    m_model->cancelLoadAll();
}

std::vector<char> HistoryView::selectedBySourceRow() const
{
    std::vector<char> selected(size_t(m_model->rowCount()), 0);
    if (selectionRestorePending()) {
        // What the table will show selected once the restore is done.
        for (size_t i = 0; i < m_selectedBeforeFilter.size() && i < selected.size(); ++i)
            selected[i] = m_selectedBeforeFilter[i] && m_proxy->mapFromSource(m_model->index(int(i), 0)).isValid();
        return selected;
    }
    // From the selection ranges: selectedRows() tests every row against every range, which
    // takes seconds when tens of thousands of rows are selected.
    const QItemSelection selection = m_table->selectionModel()->selection();
    for (const QItemSelectionRange &range : selection) {
        for (int r = range.top(); r <= range.bottom(); ++r) {
            const int source = m_proxy->mapToSource(m_proxy->index(r, 0)).row();
            if (source >= 0 && size_t(source) < selected.size())
                selected[size_t(source)] = 1;
        }
    }
    return selected;
}

QList<int> HistoryView::selectedSourceRows() const
{
    return inTableOrder(selectedBySourceRow());
}

void HistoryView::keepSelectionAcrossFilter()
{
    // Qt's selection model keeps "the whole table is selected" across a layout change as
    // "select the whole new table": after Select all matching and a wider filter, rows that
    // never matched would be selected. So the selection is kept by source row here, and
    // the table has none while the new result is applied.
    if (selectionRestorePending()) {
        // The table shows none of it yet; the rows kept by source row still hold.
        m_restoreSlice->stop();
        m_restoring.clear();
        return;
    }
    if (!m_table->selectionModel()->hasSelection())
        return;
    m_selectedBeforeFilter = selectedBySourceRow();   // before the kept rows make it "pending"
    changeSelectionQuietly({}, QItemSelectionModel::Clear);
}

void HistoryView::restoreSelectionAfterFilter()
{
    // Tens of thousands of scattered rows take Qt's selection model tens of milliseconds
    // to take in (a persistent index for each end of each range), so the ranges are built
    // in slices from a zero timer, after the event that applied the filter, and selected
    // in one call at the end. Until then selectedSourceRows() answers from the kept rows.
    if (!selectionRestorePending())
        return;
    restartSelectionRestore();
}

void HistoryView::restartSelectionRestore()
{
    if (!selectionRestorePending())
        return;
    m_restoring.clear();
    m_restoreRow = 0;
    m_restoreRunStart = -1;
    m_restoreSlice->start();
    updateActions();
}

void HistoryView::restoreSelectionSlice(qint64 budgetNs)
{
    if (!selectionRestorePending())
        return;
    // One range of whole rows per run of consecutive selected rows.
    QElapsedTimer clock;
    clock.start();
    const int rows = m_proxy->rowCount();
    const int lastColumn = m_proxy->columnCount() - 1;
    const bool scanned = m_restoreRow < rows;
    for (; m_restoreRow < rows; ++m_restoreRow) {
        const int r = m_restoreRow;
        const int source = m_proxy->mapToSource(m_proxy->index(r, 0)).row();
        const bool selected = source >= 0 && size_t(source) < m_selectedBeforeFilter.size()
                              && m_selectedBeforeFilter[size_t(source)];
        if (selected && m_restoreRunStart < 0)
            m_restoreRunStart = r;
        if (!selected && m_restoreRunStart >= 0) {
            m_restoring.append(QItemSelectionRange(m_proxy->index(m_restoreRunStart, 0), m_proxy->index(r - 1, lastColumn)));
            m_restoreRunStart = -1;
        }
        if (budgetNs >= 0 && (r % 64) == 63 && clock.nsecsElapsed() > budgetNs) {
            ++m_restoreRow;
            m_restoreSlice->start();
            return;
        }
    }
    if (budgetNs >= 0 && scanned) {
        // Selecting takes a few milliseconds and the repaint after it more: a slice of its own.
        m_restoreSlice->start();
        return;
    }
    if (m_restoreRunStart >= 0)
        m_restoring.append(QItemSelectionRange(m_proxy->index(m_restoreRunStart, 0), m_proxy->index(rows - 1, lastColumn)));
    const QItemSelection selection = std::exchange(m_restoring, {});
    m_selectedBeforeFilter.clear();
    m_restoreRow = 0;
    m_restoreRunStart = -1;
    changeSelectionQuietly(selection, QItemSelectionModel::Select);
}

void HistoryView::finishSelectionRestore()
{
    m_restoreSlice->stop();
    restoreSelectionSlice(-1);
}

void HistoryView::cancelSelectionRestore()
{
    if (!selectionRestorePending())
        return;
    m_restoreSlice->stop();
    m_selectedBeforeFilter.clear();
    m_restoring.clear();
    m_restoreRow = 0;
    m_restoreRunStart = -1;
    updateActions();
}

bool HistoryView::hasSelection() const
{
    return selectionRestorePending() || (m_table->selectionModel() && m_table->selectionModel()->hasSelection());
}

void HistoryView::selectAllRows()
{
    // QTableView::selectAll() replaces the selection in one step, and Qt then works out
    // what changed range by range: after a filter left tens of thousands of scattered
    // ranges selected that took longer than a frame. Clearing first and then selecting
    // one range are two steps Qt needs no comparison for.
    cancelSelectionRestore();
    changeSelectionQuietly({}, QItemSelectionModel::Clear);
    const int rows = m_proxy->rowCount();
    if (rows > 0)
        changeSelectionQuietly(QItemSelection(m_proxy->index(0, 0), m_proxy->index(rows - 1, m_proxy->columnCount() - 1)),
                               QItemSelectionModel::Select);
}

void HistoryView::changeSelectionQuietly(const QItemSelection &selection, QItemSelectionModel::SelectionFlags command)
{
    // The views answer selectionChanged by working out the screen area of every range
    // (tens of thousands after a filter is cleared under a scattered selection); one repaint
    // of what is on screen does the same. Only this tab listens to the table's selection.
    {
        const QSignalBlocker quiet(m_table->selectionModel());
        m_table->selectionModel()->select(selection, command);
    }
    m_table->viewport()->update();
    m_table->horizontalHeader()->viewport()->update();
    updateActions();
}

QList<int> HistoryView::exportRows() const
{
    if (hasSelection())
        return selectedSourceRows();
    QList<int> rows;
    rows.reserve(m_proxy->rowCount());
    for (int r = 0; r < m_proxy->rowCount(); ++r)
        rows << m_proxy->mapToSource(m_proxy->index(r, 0)).row();
    return rows;
}

QString HistoryView::suggestedExportName(const QString &format) const
{
    const service::HistoryTarget t = m_model->target();
    QString name = kindKey(m_category);
    if (m_category == rtm::MessageCategory::P2P)   // a conversation between two users
        name += QStringLiteral("-%1-%2").arg(t.uid).arg(t.target);
    else if (rtm::categoryRow(m_category).hasTarget)
        name += QStringLiteral("-%1").arg(t.target);
    const QDateTime now = m_utc ? QDateTime::currentDateTimeUtc() : QDateTime::currentDateTime();
    return name + QLatin1Char('-') + now.toString(QStringLiteral("yyyy-MM-dd")) + QLatin1Char('.') + format;
}

MessageRef HistoryView::messageAt(int sourceRow) const
{
    const rtm::HistoryMessage &m = m_model->message(sourceRow);
    MessageRef ref;
    ref.category = m_category;
    ref.from = m.fromUid;
    ref.mid = m.messageId;
    ref.cursorId = m.cursorId;
    ref.content = service::AuditContent::captured(m.messageType, m.message, m.messageIsBinary, m.attrs);
    switch (m_category) {
    case rtm::MessageCategory::P2P: ref.target = m.toId; break;
    case rtm::MessageCategory::Group:
    case rtm::MessageCategory::Room: ref.target = m_model->target().target; break;
    case rtm::MessageCategory::Broadcast: ref.target = 0; break;
    }
    return ref;
}

QList<MessageRef> HistoryView::selectedMessages() const
{
    QList<MessageRef> refs;
    for (int row : selectedSourceRows())
        refs << messageAt(row);
    return refs;
}

QString HistoryView::conversationText() const
{
    const service::HistoryTarget t = m_model->target();
    switch (m_category) {
    case rtm::MessageCategory::P2P: return tr("the conversation of %1 and %2").arg(t.uid).arg(t.target);
    case rtm::MessageCategory::Group: return tr("group %1").arg(t.target);
    case rtm::MessageCategory::Room: return tr("room %1").arg(t.target);
    case rtm::MessageCategory::Broadcast: return tr("the broadcast history");
    }
    return {};
}

void HistoryView::showInfo()
{
    const QModelIndex current = m_table->currentIndex();
    QList<int> rows = selectedSourceRows();
    int row = current.isValid() ? m_proxy->mapToSource(current).row() : (rows.isEmpty() ? -1 : rows.first());
    if (row < 0)
        return;
    m_details->load(messageAt(row));
}

void HistoryView::showCurrentRow(const QModelIndex &current)
{
    // The details follow the current row (mouse or keyboard) from the loaded data; Info
    // asks the server.
    if (!current.isValid())
        return;
    const int row = m_proxy->mapToSource(current).row();
    if (row < 0 || row >= m_model->rowCount())
        return;
    m_details->showRow(messageAt(row), m_model->message(row));
}

void HistoryView::deleteSelected()
{
    if (m_readOnly || !m_session || m_deleter->isRunning())
        return;
    // A filter typed but not applied yet: act on the rows that match it.
    if (filterPending())
        applyFilterNow();
    QList<MessageRef> refs;
    for (int row : selectedSourceRows()) {
        // Already deleted rows (shown with "show deleted") need no second delete.
        if (m_model->rowState(row) == HistoryModel::RowState::Deleted || m_model->message(row).deleted)
            continue;
        refs << messageAt(row);
    }
    if (refs.isEmpty())
        return;
    m_deleter->confirmAndDelete(refs, conversationText());
}

void HistoryView::noteDeleted(const MessageRef &ref)
{
    if (ref.category != m_category || !m_model->hasTarget())
        return;
    const int row = m_model->rowForMessage(ref.from, ref.target, ref.mid);
    if (row >= 0)
        m_model->markDeleted(row);
}

void HistoryView::copySelected()
{
    const QList<int> rows = selectedSourceRows();
    if (rows.isEmpty())
        return;
    QApplication::clipboard()->setText(HistoryExport::toTsv(*m_model, rows, false));
    emit statusMessage(tr("Copied %n row(s).", nullptr, int(rows.size())));
}

void HistoryView::selectAllMatching()
{
    if (filterPending())
        applyFilterNow();
    if (!m_proxy->criteria().isValid())
        return;
    cancelSelectionRestore();   // replaced by the matching rows
    selectAllRows();
    m_table->setFocus();
    emit statusMessage(tr("Matching rows selected: %1.").arg(m_proxy->rowCount()));
}

void HistoryView::exportCsv()
{
    exportTo(QStringLiteral("csv"));
}

void HistoryView::exportJson()
{
    exportTo(QStringLiteral("json"));
}

void HistoryView::exportTo(const QString &format)
{
    if (filterPending())
        applyFilterNow();
    if (exportRows().isEmpty()) {
        emit statusMessage(tr("Nothing to export: no row passes the filter."));
        return;
    }
    const QString suggested = suggestedExportName(format);
    const bool selection = hasSelection();
    auto *dialog = new QFileDialog(this, selection ? tr("Export selected rows") : tr("Export rows that pass the filter"),
                                   suggested);
    dialog->setObjectName(QStringLiteral("historyExportDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setDefaultSuffix(format);
    dialog->setNameFilter(format == QLatin1String("csv") ? tr("CSV files (*.csv)") : tr("JSON files (*.json)"));
    dialog->selectFile(suggested);
    connect(dialog, &QFileDialog::fileSelected, this, [this, format](const QString &path) {
        if (filterPending())
            applyFilterNow();
        const QList<int> rows = exportRows();
        const QByteArray data = format == QLatin1String("csv") ? HistoryExport::toCsv(*m_model, rows)
                                                                : HistoryExport::toJson(*m_model, rows);
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size() || !file.commit()) {
            emit statusMessage(tr("Could not write %1: %2").arg(path, file.errorString()));
            return;
        }
        emit statusMessage(tr("Exported %n row(s) to %1.", nullptr, int(rows.size())).arg(path));
    });
    dialog->open();
}

void HistoryView::updateFilter()
{
    m_filterDebounce->start();   // restarted by every keystroke
    updateFooter();
}

void HistoryView::applyFilter()
{
    m_filterDebounce->stop();
    const HistoryFilterCriteria c = HistoryFilterCriteria::fromInput(m_filterSender->text(), m_filterText->text(),
                                                                     m_filterMtype->text());
    m_proxy->setCriteria(c);
    updateFooter();
}

void HistoryView::applyFilterNow()
{
    applyFilter();
    m_proxy->finishScan();
}

bool HistoryView::filterPending() const
{
    return m_filterDebounce->isActive() || m_proxy->isScanning();
}

void HistoryView::updateFooter()
{
    QString text = m_model->footerText();
    const HistoryFilterCriteria applied = m_proxy->criteria();
    QString matches;
    if (m_proxy->isSorting())
        matches = tr("sorting…");
    else if (filterPending())
        matches = tr("filtering…");
    else if (!applied.isValid())
        matches = QStringLiteral("✖ ") + applied.errors.join(QLatin1Char(' ')) + tr(" No row is shown until the filter is fixed.");
    else if (m_proxy->isFiltering())
        matches = tr("%1 matching the filter").arg(m_proxy->rowCount());
    if (!matches.isEmpty())
        text += QStringLiteral(" — ") + matches;
    // Next to the fields only a short word (a long reason would widen the window); the
    // footer and the tooltip say why.
    m_matchCount->setText(applied.isValid() || filterPending() ? matches : tr("✖ filter not valid"));
    m_matchCount->setToolTip(applied.isValid() ? QString() : applied.errors.join(QLatin1Char('\n')));
    m_footer->setText(text);
    updateActions();
}

void HistoryView::updateActions()
{
    const bool hasSelection = this->hasSelection();
    const bool canWrite = !m_readOnly && m_session;
    m_infoAction->setEnabled(hasSelection && m_session);
    m_deleteAction->setEnabled(hasSelection && canWrite && !m_deleter->isRunning());
    m_deleteAction->setToolTip(m_readOnly ? tr("This profile is read-only: deleting is disabled.")
                                          : tr("Delete the selected messages on the server (asks first)"));
    m_copyAction->setEnabled(hasSelection);
    m_exportCsvAction->setEnabled(m_proxy->rowCount() > 0);
    m_exportJsonAction->setEnabled(m_proxy->rowCount() > 0);
    const QString exportTip = hasSelection ? tr("Write the selected rows to a file")
                                           : tr("Write the rows that pass the filter to a file");
    m_exportCsvAction->setToolTip(exportTip);
    m_exportJsonAction->setToolTip(exportTip);
    m_focus.setEnabled(m_loadAll, m_session && !m_model->isLoadingAll());
    m_open->setEnabled(m_session != nullptr);
    m_reloadAction->setEnabled(m_session != nullptr);
    m_selectMatching->setEnabled(m_proxy->rowCount() > 0);
    if (m_rowActions)
        m_rowActions->update();
    if (m_restoreOrderAction)
        m_restoreOrderAction->setEnabled(m_proxy->requestedSortColumn() >= 0);
}

QString HistoryView::footerText() const
{
    return m_footer->text();
}

QString HistoryView::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

void HistoryView::saveState(const QString &group) const
{
    QSettings s;
    s.beginGroup(group + QLatin1Char('/') + kindKey(m_category));
    s.setValue(QStringLiteral("header"), m_table->horizontalHeader()->saveState());
    s.setValue(QStringLiteral("splitter"), m_splitter->saveState());
    s.setValue(QStringLiteral("uid"), m_uid->text());
    if (m_target)
        s.setValue(QStringLiteral("target"), m_target->text());
    s.setValue(QStringLiteral("desc"), m_order->currentIndex());
    s.setValue(QStringLiteral("pageSize"), m_pageSize->value());
    s.setValue(QStringLiteral("showDeleted"), m_showDeleted->isChecked());
    s.setValue(QStringLiteral("sortColumn"), m_proxy->requestedSortColumn());
    s.setValue(QStringLiteral("sortDescending"), m_proxy->requestedSortOrder() == Qt::DescendingOrder);
    s.endGroup();
}

void HistoryView::restoreState(const QString &group)
{
    QSettings s;
    s.beginGroup(group + QLatin1Char('/') + kindKey(m_category));
    if (s.contains(QStringLiteral("header")))
        m_table->horizontalHeader()->restoreState(s.value(QStringLiteral("header")).toByteArray());
    if (s.contains(QStringLiteral("splitter")))
        m_splitter->restoreState(s.value(QStringLiteral("splitter")).toByteArray());
    if (s.contains(QStringLiteral("uid")) && m_uid->text().isEmpty())
        m_uid->setText(s.value(QStringLiteral("uid")).toString());
    if (m_target && s.contains(QStringLiteral("target")) && m_target->text().isEmpty())
        m_target->setText(s.value(QStringLiteral("target")).toString());
    m_order->setCurrentIndex(s.value(QStringLiteral("desc"), 0).toInt());
    m_pageSize->setValue(s.value(QStringLiteral("pageSize"), rtm::limits::MaxHistoryRows).toInt());
    m_showDeleted->setChecked(s.value(QStringLiteral("showDeleted"), false).toBool());
    // The header state holds a sort indicator too, but sorts nothing: sort as saved.
    const int sortColumn = s.value(QStringLiteral("sortColumn"), -1).toInt();
    const bool descending = s.value(QStringLiteral("sortDescending"), false).toBool();
    s.endGroup();
    if (sortColumn >= 0 && sortColumn < HistoryModel::ColumnCount) {
        const Qt::SortOrder order = descending ? Qt::DescendingOrder : Qt::AscendingOrder;
        m_table->horizontalHeader()->setSortIndicator(sortColumn, order);
        m_proxy->sort(sortColumn, order);   // also when the indicator was restored as it is
    } else {
        restoreServerOrder();
    }
}

// --- support workflows: row actions and sorting ---

void HistoryView::buildRowActions()
{
    m_rowActions = new HistoryRowActions(this);
    connect(m_rowActions, &HistoryRowActions::filterBySenderRequested, this, &HistoryView::filterBySender);
    connect(m_rowActions, &HistoryRowActions::openP2PRequested, this, &HistoryView::openP2PRequested);
    connect(m_rowActions, &HistoryRowActions::statusMessage, this, &HistoryView::statusMessage);
}

void HistoryView::buildSorting()
{
    m_restoreOrderAction = new QAction(tr("Restore server order"), this);
    m_restoreOrderAction->setObjectName(QStringLiteral("actionRestoreServerOrder"));
    m_restoreOrderAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    m_restoreOrderAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_restoreOrderAction->setToolTip(tr("Show the rows in the order the server sent them"));
    addAction(m_restoreOrderAction);
    connect(m_restoreOrderAction, &QAction::triggered, this, &HistoryView::restoreServerOrder);
    // A header click sorts (again: the other way round), through HistoryFilterProxy::sort.
    QHeaderView *h = m_table->horizontalHeader();
    h->setSortIndicator(-1, Qt::AscendingOrder);
    m_table->setSortingEnabled(true);
    h->setToolTip(tr("Click a column to sort by it, again to reverse; Restore server order goes back."));
    connect(m_proxy, &HistoryFilterProxy::sortingChanged, this, &HistoryView::updateFooter);
    // The selection is kept by source row across a sort, as across a new filter result.
    connect(m_proxy, &HistoryFilterProxy::sortAboutToBeApplied, this, &HistoryView::keepSelectionAcrossFilter);
    connect(m_proxy, &HistoryFilterProxy::sortApplied, this, &HistoryView::restoreSelectionAfterFilter);
    connect(h, &QHeaderView::sortIndicatorChanged, this, &HistoryView::updateActions);
}

void HistoryView::restoreServerOrder()
{
    m_table->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    m_proxy->sort(-1, Qt::AscendingOrder);   // also when the indicator was already off
    updateActions();
}

void HistoryView::showContextMenu(const QPoint &pos)
{
    auto *menu = new QMenu(this);
    menu->setObjectName(QStringLiteral("historyContextMenu"));
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->setToolTipsVisible(true);   // why a single-row action is off
    menu->addAction(m_infoAction);
    menu->addAction(m_deleteAction);
    menu->addSeparator();
    for (QAction *a : m_rowActions->actions()) {
        if (a)
            menu->addAction(a);
        else
            menu->addSeparator();
    }
    menu->addAction(m_copyAction);
    menu->addSeparator();
    menu->addAction(m_restoreOrderAction);
    menu->addAction(m_exportCsvAction);
    menu->addAction(m_exportJsonAction);
    // The Menu key asks at the current cell (or the top left); a click where it was.
    menu->popup(m_table->viewport()->mapToGlobal(pos));
}

QList<QAction *> HistoryView::messageActions() const
{
    QList<QAction *> actions = m_rowActions->actions();
    actions << nullptr << m_restoreOrderAction;
    return actions;
}

int HistoryView::singleSelectedSourceRow(int *count) const
{
    int found = -1;
    int n = 0;
    if (selectionRestorePending()) {
        for (size_t i = 0; i < m_selectedBeforeFilter.size() && n < 2; ++i)
            if (m_selectedBeforeFilter[i] && m_proxy->mapFromSource(m_model->index(int(i), 0)).isValid()) {
                found = int(i);
                ++n;
            }
    } else if (m_table->selectionModel()) {
        // Whole-row ranges; a row may be covered by more than one range (cell ranges).
        for (const QItemSelectionRange &range : m_table->selectionModel()->selection()) {
            for (int r = range.top(); r <= range.bottom() && n < 2; ++r) {
                const int source = m_proxy->mapToSource(m_proxy->index(r, 0)).row();
                if (source >= 0 && source != found) {
                    found = source;
                    ++n;
                }
            }
            if (n >= 2)
                break;
        }
    }
    if (count)
        *count = n;
    return n == 1 ? found : -1;
}

QList<int> HistoryView::inTableOrder(const std::vector<char> &selectedBySourceRow) const
{
    QList<int> rows;
    if (m_proxy->sortColumn() < 0) {
        // Unsorted, the table shows the source rows in their own order.
        for (size_t i = 0; i < selectedBySourceRow.size(); ++i)
            if (selectedBySourceRow[i])
                rows << int(i);
        return rows;
    }
    for (int r = 0; r < m_proxy->rowCount(); ++r) {
        const int source = m_proxy->mapToSource(m_proxy->index(r, 0)).row();
        if (source >= 0 && size_t(source) < selectedBySourceRow.size() && selectedBySourceRow[size_t(source)])
            rows << source;
    }
    return rows;
}

qint64 HistoryView::readerUid() const
{
    bool ok = false;
    const qint64 typed = m_uid->text().trimmed().toLongLong(&ok);
    if (ok && typed > 0)
        return typed;
    return m_model->hasTarget() ? m_model->target().uid : 0;
}

void HistoryView::filterBySender(qint64 uid)
{
    // In the field, so it is seen and cleared like a typed filter; exact uid match.
    m_filterSender->setText(QString::number(uid));
    applyFilter();
    emit statusMessage(tr("Showing only the messages from %1; clear the sender filter to see all.").arg(uid));
}

bool HistoryView::openConversation(qint64 uid, qint64 target)
{
    m_uid->setText(QString::number(uid));
    if (m_target)
        m_target->setText(QString::number(target));
    return open();
}

} // namespace ui
