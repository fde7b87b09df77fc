#include "audittrailreader.h"

#include <QFile>

namespace service {

namespace {
constexpr qint64 kChunk = 1024 * 1024;   // read this much at a time
}

AuditTrailBatch readAuditTrail(const QString &path, qint64 offset, qint64 lineNumber, int maxLines)
{
    AuditTrailBatch batch;
    batch.nextOffset = offset;
    batch.nextLineNumber = lineNumber;
    QFile file(path);
    if (!file.exists()) {
        batch.atEnd = true;
        batch.restarted = offset > 0;
        batch.nextOffset = 0;
        batch.nextLineNumber = 1;
        return batch;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        batch.atEnd = true;
        batch.error = file.errorString();
        return batch;
    }
    if (file.size() < offset) {   // truncated or replaced: start over
        batch.restarted = true;
        offset = 0;
        lineNumber = 1;
        batch.nextOffset = 0;
        batch.nextLineNumber = 1;
    }
    if (!file.seek(offset)) {
        batch.atEnd = true;
        batch.error = file.errorString();
        return batch;
    }
    QByteArray pending;
    while (batch.lines.size() < maxLines) {
        const QByteArray chunk = file.read(kChunk);
        if (chunk.isEmpty())
            break;
        pending += chunk;
        qsizetype start = 0;
        for (qsizetype end = pending.indexOf('\n'); end >= 0 && batch.lines.size() < maxLines;
             end = pending.indexOf('\n', start)) {
            QByteArray line = pending.mid(start, end - start);
            if (line.endsWith('\r'))
                line.chop(1);
            if (!line.trimmed().isEmpty())
                batch.lines << parseAuditTrailLine(line, batch.nextLineNumber);
            ++batch.nextLineNumber;
            batch.nextOffset += end + 1 - start;
            start = end + 1;
        }
        pending.remove(0, start);
    }
    // Stopped at the end of the file (not at maxLines): what is left is an incomplete line.
    batch.atEnd = batch.lines.size() < maxLines;
    if (batch.atEnd)
        batch.tail = pending;
    return batch;
}

void AuditTrailReader::read(quint64 generation, const QString &path, qint64 offset, qint64 lineNumber, int maxLines)
{
    auto batch = std::make_shared<AuditTrailBatch>(readAuditTrail(path, offset, lineNumber, maxLines));
    batch->generation = generation;
    Q_EMIT batchRead(batch);
}

} // namespace service
