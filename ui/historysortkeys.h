#pragma once

// What the history table sorts by (HistoryFilterProxy::lessThan), cheap enough to sort
// 100k rows on the GUI thread in a few tens of milliseconds:
// - number columns (time, from, to, mtype, mid, cursor id) compare qint64 keys copied from
//   the rows into one array (exact above 2^53, no QVariant, cache-friendly);
// - text columns (message, attrs, status) compare in natural order ("a2" < "a10", case
//   ignored) through a rank per row. Working the ranks out never holds the GUI thread for
//   long: the cell texts are read in slices of a few milliseconds, then sorted on a worker
//   thread; ranksChanged() says when they are ready. Rows added meanwhile (Load all) are
//   read and ranked in the next round; until then they have no rank and sort after the rest.

#include <vector>

#include <QFutureWatcher>
#include <QObject>
#include <QString>

class QTimer;

namespace service {
class HistoryModel;
}

namespace ui {

class HistorySortKeys : public QObject {
    Q_OBJECT
public:
    explicit HistorySortKeys(QObject *parent = nullptr);
    ~HistorySortKeys() override;

    void setModel(service::HistoryModel *model);

    static bool isNumberColumn(int column);
    // A string whose plain (code unit) order is the natural order of `text`: case folded,
    // and every run of digits written as its length and then its digits.
    static QString naturalKey(const QString &text);

    // Ranks of text column `column` are wanted (-1: none). Number columns need none.
    void setColumn(int column);
    int column() const { return m_column; }
    // True when every row of a text column has its rank (always for number columns).
    bool isReady() const;

    // Order of source rows a and b by `column`: < 0, 0 (equal keys) or > 0. A text column
    // other than the ranked one compares equal.
    int compare(int column, int a, int b) const;

    // GUI-thread time of one slice that reads cell texts.
    static constexpr qint64 SliceNs = 4'000'000;

Q_SIGNALS:
    // The ranks of column() were (re)computed and cover every row.
    void ranksChanged();

private:
    struct RankResult {
        std::vector<int> ranks;
        std::vector<QString> keys;
    };
    void readSlice();
    void startRanking();
    void onRanked();
    void onRowsInserted(int first, int last);
    void onRowsRemoved(int first, int last);
    void onReset();
    void restart();
    qint64 numberKey(int column, int row) const;
    void fillNumberKeys();
    size_t readRows() const;   // rows whose text was read: keyed, being ranked, or waiting
    static RankResult rank(std::vector<QString> texts, std::vector<QString> keys);

    service::HistoryModel *m_model = nullptr;
    int m_column = -1;
    // Per source row: the natural key from the last ranking, the cell text read since, and
    // the rank (rows beyond m_ranks have none yet).
    std::vector<QString> m_keys;
    std::vector<QString> m_texts;   // texts read after those being ranked
    std::vector<int> m_ranks;
    std::vector<qint64> m_numbers;   // a number column's keys, per source row
    QTimer *m_slice;
    QFutureWatcher<RankResult> *m_watcher;
    quint64 m_generation = 0;        // a ranking started before a removal or reset is dropped
    quint64 m_jobGeneration = 0;
    bool m_ranking = false;
    size_t m_jobTexts = 0;           // texts the running ranking adds after m_keys
};

} // namespace ui
