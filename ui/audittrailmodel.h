#pragma once

// The audit trail as a table for the audit viewer: one row per send or delete (its attempt
// line joined with its outcome line by attemptId), one per outcome whose attempt is not in
// the file, and one per line that is not a valid audit line (shown as such, never
// dropped). Columns: time, profile, endpoint, action, target, mid, outcome, content.
//
// The file is read and parsed on a worker thread (service::AuditTrailReader) in batches of
// a few thousand lines; each batch is inserted in one go, and the next is asked for only
// after that, so the GUI thread never waits for the disk nor for a queue of batches.
// follow(): new lines are read as the file grows (QFileSystemWatcher); a file that shrank
// was replaced and is read again from the start. An incomplete last line is shown as
// malformed until its line end arrives.

#include <deque>
#include <memory>

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QPointer>
#include <QThread>

#include "service/audittrailline.h"
#include "service/audittrailreader.h"

class QFileSystemWatcher;

namespace ui {

class AuditTrailModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { TimeColumn, ProfileColumn, EndpointColumn, ActionColumn, TargetColumn, MidColumn,
                  OutcomeColumn, ContentColumn, ColumnCount };
    enum class Action { Send, Delete, Other };
    enum class Status { Ok, Failed, Unknown, Pending, Orphan, Malformed };
    enum Role {
        ActionRole = Qt::UserRole + 1,   // Action as int
        StatusRole,                      // Status as int
        ProfileRole,                     // the profile name
        MidRole,                         // the mid's digits
        IdsRole,                         // QStringList: mid and every number in the target (uids, gid, rid)
        DetailsRole,                     // the whole record: its line(s), indented JSON
    };

    // One row: a send or delete, an orphan outcome, or a malformed line.
    struct Operation {
        service::AuditTrailLine attempt;   // kind Attempt, or the orphan outcome / malformed line
        service::AuditTrailLine outcome;   // kind Outcome when joined
        bool hasOutcome = false;
        Action action() const;
        Status status() const;
    };

    explicit AuditTrailModel(QObject *parent = nullptr);
    ~AuditTrailModel() override;

    void setPath(const QString &path);   // starts reading it from the start
    QString path() const { return m_path; }
    void setUtc(bool utc);
    // Keep reading as the file grows (on by default).
    void setFollowing(bool follow);

    bool isLoading() const { return m_reading; }
    QString errorString() const { return m_error; }
    qint64 linesRead() const { return m_nextLineNumber - 1; }
    const Operation &operation(int row) const { return m_rows.at(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static QString actionText(const Operation &op);
    static QString outcomeText(const Operation &op);
    static QString detailsText(const Operation &op);
    // The free-text filter: `text` anywhere in the record, ignoring case.
    static bool matchesText(const Operation &op, const QString &text);

public Q_SLOTS:
    void reload();     // forget everything and read the file from the start
    void readMore();   // read what was added since the last read

Q_SIGNALS:
    void loadingChanged(bool loading);
    // A batch was taken in (rows added or outcomes joined).
    void batchApplied();
    void errorChanged(const QString &error);

private:
    void startRead();
    void onBatchRead(const std::shared_ptr<service::AuditTrailBatch> &batch);
    void watchPath();

    QString m_path;
    bool m_utc = false;
    bool m_following = true;
    std::deque<Operation> m_rows;     // grows without moving the rows already there
    QHash<QString, int> m_rowOfAttempt;
    bool m_hasTailRow = false;        // the last row is the provisional incomplete last line
    qint64 m_offset = 0;
    qint64 m_nextLineNumber = 1;
    quint64 m_generation = 0;
    bool m_reading = false;
    bool m_moreWanted = false;        // the file changed while a read was running
    QString m_error;
    QThread m_thread;
    service::AuditTrailReader *m_reader;   // lives on m_thread
    QFileSystemWatcher *m_watcher = nullptr;
};

} // namespace ui
