#pragma once

// Append-only journal of the sandbox store (--data FILE). Layout: a 16-byte header
// (magic "RTMSBJ02" + the project id as i64 LE), then records of
//   u32 LE body length | u32 LE CRC-32 of the body | body
// where the body is a message (kind 1), a delete (kind 2) or all copies of one sendmsgs
// fan-out (kind 3, so that replay has either every copy or none). Each record is written
// with one write() and flushed to the OS at once, so a crash can only tear the last record;
// replay skips a torn or unchecked last record with a warning and truncates it away, and
// refuses a file damaged anywhere before that (rather than silently losing what follows).
// A write that fails is cut back off the file and reported, so the file stays replayable.
// Old journals (magic "RTMSBJ01", 8 bytes, no project id) still open, for any pid.

#include <functional>
#include <vector>

#include <QFile>
#include <QString>

#include "messagestore.h"

namespace sandbox {

class Journal {
public:
    struct ReplayStats {
        qint64 messages = 0;           // copies of fan-out records included
        qint64 deletes = 0;
        qint64 skippedTailBytes = 0;   // torn last record, truncated away
    };

    Journal();
    ~Journal();   // syncs and closes
    Journal(const Journal &) = delete;
    Journal &operator=(const Journal &) = delete;

    // Opens (creating it for project pid if needed) and replays every record into the
    // callbacks, in file order. False with errorString() on I/O errors, a foreign file,
    // another project's journal or damage before the last record. wasNew(): the file did
    // not exist or held no record.
    bool open(const QString &path, qint64 pid, const std::function<void(StoredMessage &&)> &onMessage,
              const std::function<void(qint64 id)> &onDelete);
    bool isOpen() const { return m_file.isOpen(); }
    bool wasNew() const { return m_wasNew; }
    int formatVersion() const { return m_version; }   // 1 = old header without pid, 2 = current
    const ReplayStats &replayStats() const { return m_stats; }
    QString errorString() const { return m_error; }   // of the last failure; a write's holds no path

    // One record for all copies of one call (kind 1 for a single copy, kind 3 for several;
    // copies share everything but id and to). False (logged once, file unchanged) if the
    // write failed.
    bool appendMessages(const std::vector<StoredMessage> &copies);
    bool appendMessage(const StoredMessage &message);
    bool appendDelete(qint64 id);
    bool sync();    // fsync (shutdown)
    void close();

    static quint32 crc32(const char *data, qint64 size);
    static QByteArray header(qint64 pid);                             // the whole 16-byte header
    static QByteArray encodeMessage(const StoredMessage &message);   // a whole record
    static QByteArray encodeFanOut(const std::vector<StoredMessage> &copies);   // a whole record
    static QByteArray encodeDelete(qint64 id);                       // a whole record
    static constexpr char kMagic[9] = "RTMSBJ02";
    static constexpr char kMagicV1[9] = "RTMSBJ01";
    static constexpr qint64 kHeaderSize = 16;
    static constexpr quint32 kMaxRecord = 1u << 20;   // far above body + attrs limits

private:
    bool writeRecord(const QByteArray &record);
    bool writeAtEnd(const QByteArray &bytes);
    bool startAfresh(const QString &path, qint64 pid);
    bool fail(const QString &error);

    QFile m_file;
    qint64 m_end = 0;          // where the next record goes
    bool m_broken = false;     // a failed write could not be cut back: refuse further writes
    int m_version = 0;
    QString m_error;
    ReplayStats m_stats;
    bool m_wasNew = false;
};

} // namespace sandbox
