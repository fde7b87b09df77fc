#pragma once

// One history tab (P2P, group, room or broadcast): the query form, the table of loaded rows
// (paged with canFetchMore/fetchMore), a local filter, row actions (Info, Delete…, Copy,
// export) and the details pane.

#include <vector>

#include <QItemSelectionModel>
#include <QPointer>
#include <QWidget>

#include "focuskeeper.h"
#include "messageref.h"
#include "rtm/rtmerror.h"
#include "rtm/rtmwire.h"
#include "service/rtmsession.h"

class QAction;
class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QSplitter;
class QTableView;
class QTimer;
class QToolBar;

namespace service {
class HistoryModel;
class RtmSession;
}

namespace ui {

class DeleteController;
class FollowControl;
class HistoryFilterProxy;
class HistoryRowActions;
class MessageDetails;

class HistoryView : public QWidget {
    Q_OBJECT
public:
    explicit HistoryView(rtm::MessageCategory category, QWidget *parent = nullptr);
    ~HistoryView() override;

    rtm::MessageCategory category() const { return m_category; }
    QString title() const;

    void setSession(service::RtmSession *session);
    void setReadOnly(bool readOnly);
    void setUtc(bool utc);
    void setDefaults(qint64 uid, qint64 target);

    service::HistoryModel *model() const { return m_model; }
    HistoryFilterProxy *proxy() const { return m_proxy; }
    QTableView *table() const { return m_table; }
    MessageDetails *details() const { return m_details; }
    DeleteController *deleteController() const { return m_deleter; }
    QString footerText() const;
    QString errorText() const;

    // Source rows of the selection, in table order (sorted or not).
    QList<int> selectedSourceRows() const;
    // The only selected source row; -1 with none or several. `count` gets 0, 1 or 2
    // (2 = several; counting stops there).
    int singleSelectedSourceRow(int *count = nullptr) const;
    // What Export writes: the selected rows when there is a selection, else every row that
    // passes the filter; source rows in table order.
    QList<int> exportRows() const;
    // "group-2001-2026-12-01.csv": kind, target and today's date.
    QString suggestedExportName(const QString &format) const;
    QList<MessageRef> selectedMessages() const;
    MessageRef messageAt(int sourceRow) const;

    // A message deleted elsewhere (Find message): update the row if it is loaded.
    void noteDeleted(const MessageRef &ref);

    void saveState(const QString &group) const;
    void restoreState(const QString &group);

    // --- support workflows (historyrowactions.h) ---
    bool hasSession() const { return m_session != nullptr; }
    // The reader uid field as typed when it is a valid id, else the uid of the loaded query.
    qint64 readerUid() const;
    // The row actions and Restore server order, for the main window's Message menu.
    QList<QAction *> messageActions() const;
    // Shows exactly the messages of `uid`: the sender filter field says so and clears it.
    void filterBySender(qint64 uid);
    // Fills the uid fields and opens that conversation (P2P: uid and the other uid).
    bool openConversation(qint64 uid, qint64 target);
    // Back to the order the server sent the rows in.
    void restoreServerOrder();

public Q_SLOTS:
    bool open();            // read the form, start a fresh query; false with the reason shown
    void loadAll();
    void cancelLoadAll();
    void showInfo();
    void deleteSelected();  // opens the confirmation, never deletes directly
    void copySelected();
    void selectAllMatching();
    // Every row the table shows (Ctrl+A in the table).
    void selectAllRows();
    // Applies the filter fields now, without waiting for the typing pause, and finishes
    // the scan (tests; actions that must see the filter as typed).
    void applyFilterNow();
    void exportCsv();
    void exportJson();

Q_SIGNALS:
    void statusMessage(const QString &text);
    // "Open P2P with this user": the main window opens that conversation in the P2P tab.
    void openP2PRequested(qint64 uid, qint64 peer);

public:
    // Typing pause after which the filter fields are applied.
    static constexpr int FilterDebounceMs = 250;
    // GUI-thread time of one slice that selects the kept rows again after a new filter result.
    static constexpr qint64 RestoreSliceNs = 4'000'000;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void buildForm();
    void buildTable();
    void updateActions();
    void updateFooter();
    void updateLoadAllProgress();
    void updateFilter();
    void applyFilter();
    bool filterPending() const;
    void showCurrentRow(const QModelIndex &current);
    void keepSelectionAcrossFilter();
    void restoreSelectionAfterFilter();
    void restoreSelectionSlice(qint64 budgetNs);
    void restartSelectionRestore();
    void finishSelectionRestore();
    void cancelSelectionRestore();
    bool selectionRestorePending() const { return !m_selectedBeforeFilter.empty(); }
    bool hasSelection() const;
    void changeSelectionQuietly(const QItemSelection &selection, QItemSelectionModel::SelectionFlags command);
    void exportTo(const QString &format);
    QString conversationText() const;
    void buildRowActions();
    void buildSorting();
    void showContextMenu(const QPoint &pos);
    std::vector<char> selectedBySourceRow() const;
    QList<int> inTableOrder(const std::vector<char> &selectedBySourceRow) const;

    rtm::MessageCategory m_category;
    QPointer<service::RtmSession> m_session;
    bool m_readOnly = false;
    bool m_utc = false;

    service::HistoryModel *m_model;
    HistoryFilterProxy *m_proxy;
    DeleteController *m_deleter;
    FollowControl *m_follow = nullptr;   // Follow mode (followcontrol.h)

    QLineEdit *m_uid;
    QLineEdit *m_target = nullptr;
    QComboBox *m_order;
    QSpinBox *m_pageSize;
    QCheckBox *m_beginEnabled;
    QDateTimeEdit *m_begin;
    QCheckBox *m_endEnabled;
    QDateTimeEdit *m_end;
    bool m_endPinned = false;   // false: "To" means now, taken when the query runs
    QLineEdit *m_mtypes;
    QCheckBox *m_showDeleted;
    QPushButton *m_open;
    QPushButton *m_loadAll;
    QLabel *m_formError;

    QLineEdit *m_filterSender;
    QLineEdit *m_filterText;
    QLineEdit *m_filterMtype;
    QPushButton *m_selectMatching;
    QLabel *m_matchCount;
    QTimer *m_filterDebounce;
    // The selection by source row while a filter result is applied and until it is selected
    // again in the table, which happens in slices (see restoreSelectionAfterFilter()).
    std::vector<char> m_selectedBeforeFilter;
    QItemSelection m_restoring;     // ranges for table rows [0, m_restoreRow)
    int m_restoreRow = 0;
    int m_restoreRunStart = -1;     // first row of the run of selected rows still open
    QTimer *m_restoreSlice;

    QToolBar *m_toolbar;
    QAction *m_infoAction;
    QAction *m_deleteAction;
    QAction *m_copyAction;
    QAction *m_exportCsvAction;
    QAction *m_exportJsonAction;
    QAction *m_reloadAction;
    HistoryRowActions *m_rowActions = nullptr;
    QAction *m_restoreOrderAction = nullptr;

    QSplitter *m_splitter;
    QTableView *m_table;
    MessageDetails *m_details;
    QLabel *m_footer;
    QLabel *m_error;
    QPushButton *m_retry;
    QProgressBar *m_loadAllProgress;
    QPushButton *m_loadAllCancel;
    FocusKeeper m_focus{this};   // Load all is disabled while it runs
};

} // namespace ui
