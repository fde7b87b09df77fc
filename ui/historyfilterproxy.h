#pragma once

// Local filter over the loaded history rows: sender uid, mtypes and a text that is searched
// in the full message and the full attrs. Also dims deleted rows and marks failed deletes
// using palette roles only (dark themes work).
//
// A new filter never blocks the GUI thread for long: the rows are checked in slices of a
// few milliseconds from a zero timer, and the table keeps showing the previous result until
// every row has been checked; then the new result is applied in one layout change. A filter
// that changes again meanwhile simply restarts the scan, so a stale result is never shown.
//
// Sorting (a header click) goes through sort(): number columns sort at once by the row's
// own qint64, text columns once HistorySortKeys has ranked them (isSorting() until then).
// Equal keys keep the server order in both directions; sort(-1) restores the server order.
// While sorted the rows Load all appends are sorted in after each batch (one layout change
// per batch, not one insert per scattered row).

#include <vector>

#include <QElapsedTimer>
#include <QList>
#include <QSortFilterProxyModel>
#include <QStringList>

class QTimer;

namespace ui {
class HistorySortKeys;
}

namespace rtm {
struct HistoryMessage;
}

namespace service {
class HistoryModel;
}

namespace ui {

// What the filter fields say, parsed. An unreadable field makes the filter invalid: then no
// row matches (never "everything" — Select all matching must not reach hidden rows).
struct HistoryFilterCriteria {
    qint64 sender = 0;          // exact uid; 0 = any sender
    QList<int> mtypes;          // empty = any mtype
    QString text;               // case-insensitive substring of the message or attrs; empty = any
    QStringList errors;         // why a field could not be read; non-empty = invalid

    bool isValid() const { return errors.isEmpty(); }
    bool isEmpty() const { return isValid() && sender == 0 && mtypes.isEmpty() && text.isEmpty(); }
    bool matches(const rtm::HistoryMessage &m) const;
    bool operator==(const HistoryFilterCriteria &) const = default;

    // From the three filter fields as typed (empty fields mean "any").
    static HistoryFilterCriteria fromInput(const QString &sender, const QString &text, const QString &mtypes);
};

class HistoryFilterProxy : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit HistoryFilterProxy(QObject *parent = nullptr);

    // The source must be a service::HistoryModel (rows are read as messages, not as text).
    void setSourceModel(QAbstractItemModel *source) override;

    // Starts checking the rows against `criteria`; the result shows when the scan is done.
    void setCriteria(const HistoryFilterCriteria &criteria);
    // The filter the table shows now, and the one being applied (equal when idle).
    HistoryFilterCriteria criteria() const { return m_applied; }
    HistoryFilterCriteria pendingCriteria() const { return m_pending; }
    bool isFiltering() const { return !m_applied.isEmpty(); }
    bool isScanning() const { return m_scanning; }
    // Finishes a running scan at once (tests, and actions that must see the new result).
    void finishScan();

    // Time budget of one slice on the GUI thread (at least one row per slice).
    static constexpr qint64 DefaultSliceNs = 4'000'000;
    void setSliceBudget(qint64 ns) { m_sliceNs = ns; }

    QVariant data(const QModelIndex &index, int role) const override;
    // A first click on a column sorts ascending (Qt's default for columns is descending).
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    // The history is a flat table: no index has a parent. The base class looks the answer up
    // in its mapping, and Qt's selection model asks twice per selection range for every cell
    // it paints, which made a selection of ~20k scattered ranges slow to show.
    using QObject::parent;
    QModelIndex parent(const QModelIndex &) const override { return {}; }

    // Sorts by `column` (-1: server order); a text column may finish later (sortingChanged).
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    // The column and order asked for last (the table may still show the previous one).
    int requestedSortColumn() const { return m_sortColumn; }
    Qt::SortOrder requestedSortOrder() const { return m_sortOrder; }
    bool isSorting() const { return m_sortPending; }
    // Sorts a pending text column now, waiting for its ranks (tests and benchmarks).
    bool finishSort(int timeoutMs = 30000);

Q_SIGNALS:
    void sortingChanged(bool sorting);
    void scanningChanged(bool scanning);
    // Around a sort that rearranges the rows shown (the view keeps its selection by source
    // row meanwhile: Qt's own way takes ~0.1 s for 100k selected rows).
    void sortAboutToBeApplied();
    void sortApplied();
    // Just before a new result replaces the rows shown (then filterApplied).
    void resultAboutToBeApplied();
    void filterApplied();

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    void scanSlice();
    void scanRows(qint64 budgetNs);
    void applyScan();
    void onRowsInserted(int first, int last);
    void onRowsRemoved(int first, int last);
    void onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight);
    void onReset();
    bool accepts(const HistoryFilterCriteria &c, int sourceRow) const;
    void applySort();
    void setSortPending(bool pending);

    service::HistoryModel *m_model = nullptr;
    HistoryFilterCriteria m_applied;
    HistoryFilterCriteria m_pending;
    // Per source row: does it pass m_applied (the table) / m_pending (rows [0, m_scanRow)).
    std::vector<char> m_accepted;
    std::vector<char> m_scanned;
    int m_scanRow = 0;
    bool m_scanning = false;
    qint64 m_sliceNs = DefaultSliceNs;
    QTimer *m_slice;

    HistorySortKeys *m_keys;
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    Qt::SortOrder m_appliedOrder = Qt::AscendingOrder;   // what lessThan sorts for
    bool m_sortPending = false;
    QTimer *m_resort;   // rows appended while sorted: sort them in once the batch is in
};

} // namespace ui
