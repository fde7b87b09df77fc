#pragma once

// The audit trail of sends and deletes, shared by the console and rtmctl: a JSON-lines
// file in the user's data folder (default <GenericDataLocation>/rtm-console/audit.jsonl,
// e.g. ~/.local/share/rtm-console/audit.jsonl; the environment variable RTM_AUDIT_LOG or
// setPath() overrides it). Every send and delete writes an "attempt" line before the
// request goes out and an "outcome" line after it ends; both carry the same attemptId.
//
// Line fields: time (ISO 8601 UTC with ms), event ("attempt" | "outcome"), attemptId,
// profile, endpoint, pid, user (operating-system user), action (wire method, e.g.
// "sendgroupmsg", "delmsg"), target (text), mid; outcome lines add outcome ("ok", the
// error name, or "unknown — check by mid" when the request may or may not have reached
// the server: timeout 20003, connection closed 20002, aborted after sending), code,
// message (the error's meaning) and retries. Attempt lines of sends and deletes add
// "content": what was sent, or what the delete removed, captured before the delete went
// out (or why it could not be; auditcontent.h). Numbers are written exactly (mids exceed
// 2^53). The secret and the sign never appear.
//
// Lines are written through to disk (write, flush, fdatasync) by a writer thread that the
// log owns, in the order they were queued, so the calling thread (the GUI's) never waits
// for the disk. Group commit: the writer takes every line queued at that moment, writes
// them all and syncs once; each line's future finishes only after that sync returned, and
// a failed write or sync fails every line of the group. The queue has no bound: a bound
// would block the caller (the GUI thread), and a line waits at most one sync anyway. writeAttempt() returns at once with the attempt id and a future that
// finishes when the line is on disk or could not be written; RtmSession sends a request
// only after its attempt line is on disk, and not at all when it failed (fail closed).
// flush() waits for everything queued so far (rtmctl before it exits; never on the GUI
// thread). All functions are thread-safe.

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

#include <QFile>
#include <QFuture>
#include <QPromise>
#include <QString>

#include "auditcontent.h"
#include "rtm/rtmerror.h"

namespace service {

struct AuditRecord {
    QString profile;
    QString endpoint;     // "host:port"
    qint64 pid = 0;
    QString action;       // wire method
    QString target;       // e.g. "group 42"
    qint64 mid = 0;
    AuditContent content = {};   // attempt lines only
};

// How writing one line ended: ok, or the reason it is not on disk.
struct AuditWriteResult {
    bool ok = false;
    QString error;        // e.g. "cannot open the audit log /x/audit.jsonl: Permission denied"
};

class AuditLog {
public:
    AuditLog();                              // path: defaultPath(), resolved when a line is queued
    explicit AuditLog(const QString &path);  // fixed path
    ~AuditLog();                             // writes every queued line first

    AuditLog(const AuditLog &) = delete;
    AuditLog &operator=(const AuditLog &) = delete;

    // The process-wide log used by RtmSession unless it is given another one.
    static AuditLog *defaultLog();
    // RTM_AUDIT_LOG when set, else <GenericDataLocation>/rtm-console/audit.jsonl.
    static QString defaultPath();
    static QString operatingSystemUser();
    // "ok", the error name, or "unknown — check by mid" for 20002/20003/20015.
    static QString outcomeText(const rtm::RtmError &error);
    static bool outcomeIsUnknown(int code);

    QString path() const;
    void setPath(const QString &path);   // empty = back to defaultPath()

    struct PendingLine {
        QString attemptId;                  // links the attempt and outcome lines
        QFuture<AuditWriteResult> written;  // finishes once the line is on disk (or failed)
    };
    // Queues the attempt line. Watch `written` (e.g. with a QFutureWatcher) before acting
    // on the attempt: the request may go out only when it finished with ok.
    PendingLine writeAttempt(const AuditRecord &record);
    // Queues the outcome line for an earlier attempt (written after every earlier line).
    QFuture<AuditWriteResult> writeOutcome(const QString &attemptId, const AuditRecord &record,
                                           const rtm::RtmError &error, int retries = 0);

    // Blocks until every line queued before the call is written; false when a line failed
    // since the previous flush() (see lastError()). Not for the GUI thread.
    bool flush();

    QString lastError() const;   // of the last line written; empty after a success

    // Syncs done so far (one per group of lines written together).
    quint64 syncCount() const;
    // For tests: replaces fdatasync(fd) (returns 0 or -1 with errno set); empty = fdatasync.
    // Called on the writer thread.
    using SyncFunction = std::function<int(int fd)>;
    void setSyncFunction(SyncFunction sync);

private:
    struct Job {
        QString path;
        QByteArray line;
        QPromise<AuditWriteResult> promise;
        quint64 number = 0;
    };
    QFuture<AuditWriteResult> enqueue(const QByteArray &line);
    void writerLoop();
    // Writes the lines to `path` and syncs once; writer thread only.
    AuditWriteResult writeGroup(const QString &path, const QByteArray &lines, const SyncFunction &sync);

    mutable std::mutex m_mutex;
    std::condition_variable m_wake;      // a job was queued, or stopping
    std::condition_variable m_progress;  // a job was written
    std::deque<Job> m_queue;
    std::thread m_writer;                // started with the first line
    bool m_stopping = false;
    quint64 m_queued = 0;                // lines queued so far
    quint64 m_done = 0;                  // lines written (or failed) so far
    quint64 m_syncs = 0;
    SyncFunction m_sync;
    bool m_failedSinceFlush = false;
    QString m_fixedPath;
    QString m_lastError;
    QFile m_file;                        // writer thread only
};

} // namespace service
