#pragma once

// Reads the audit trail file in batches for the audit viewer, on whatever thread it lives
// on (the viewer moves it to a worker thread, so a 100k-line file never blocks the GUI).
// One read() answers with one batchRead(): up to maxLines complete lines from `offset`,
// parsed, and the offset after them. A last line without its line end (a crash cut it, or
// the writer is in the middle of it) is not consumed: it comes as `tail`, and is read
// again once it is complete. The caller asks for the next batch when it has taken this
// one, so batches never pile up in its event queue.

#include <memory>

#include <QList>
#include <QObject>
#include <QString>

#include "audittrailline.h"

namespace service {

struct AuditTrailBatch {
    quint64 generation = 0;           // the caller's, echoed (stale batches are dropped)
    QList<AuditTrailLine> lines;
    qint64 nextOffset = 0;            // where the next read() starts
    qint64 nextLineNumber = 1;
    bool atEnd = false;               // nothing more to read now
    bool restarted = false;           // the file shrank (replaced): read from the start
    QByteArray tail;                  // an incomplete last line, not consumed
    QString error;                    // the file could not be read (missing is not an error)
};

class AuditTrailReader : public QObject {
    Q_OBJECT
public:
    static constexpr int defaultMaxLines = 2000;
    using QObject::QObject;

public Q_SLOTS:
    void read(quint64 generation, const QString &path, qint64 offset, qint64 lineNumber, int maxLines);

Q_SIGNALS:
    // Shared, not copied: the receiver moves the lines out (only it holds the batch then).
    void batchRead(const std::shared_ptr<service::AuditTrailBatch> &batch);
};

// The same, synchronously (the slot above calls it).
AuditTrailBatch readAuditTrail(const QString &path, qint64 offset, qint64 lineNumber, int maxLines);

} // namespace service

Q_DECLARE_METATYPE(std::shared_ptr<service::AuditTrailBatch>)
