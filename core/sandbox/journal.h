#pragma once

// Append-only journal of the sandbox store (--data FILE). Layout: an 8-byte file magic,
// then records of
//   u32 LE body length | u32 LE CRC-32 of the body | body
// where the body is a message (kind 1) or a delete (kind 2). Each record is written with
// one write() and flushed to the OS at once, so a crash can only tear the last record;
// replay skips a torn or unchecked last record with a warning and truncates it away, and
// refuses a file damaged anywhere before that (rather than silently losing what follows).

#include <functional>

#include <QFile>
#include <QString>

#include "messagestore.h"

namespace sandbox {

class Journal {
public:
    struct ReplayStats {
        qint64 messages = 0;
        qint64 deletes = 0;
        qint64 skippedTailBytes = 0;   // torn last record, truncated away
    };

    Journal();
    ~Journal();   // flushes and closes
    Journal(const Journal &) = delete;
    Journal &operator=(const Journal &) = delete;

    // Opens (creating if needed) and replays every record into the callbacks, in file
    // order. False with errorString() on I/O errors, a foreign file or damage before the
    // last record. wasNew(): the file did not exist or held no record.
    bool open(const QString &path,
              const std::function<void(StoredMessage &&)> &onMessage,
              const std::function<void(qint64 id)> &onDelete);
    bool isOpen() const { return m_file.isOpen(); }
    bool wasNew() const { return m_wasNew; }
    const ReplayStats &replayStats() const { return m_stats; }
    QString errorString() const { return m_error; }

    bool appendMessage(const StoredMessage &message);
    bool appendDelete(qint64 id);
    bool sync();    // flush + fsync (shutdown)
    void close();

    static quint32 crc32(const char *data, qint64 size);
    static QByteArray encodeMessage(const StoredMessage &message);   // a whole record
    static QByteArray encodeDelete(qint64 id);                       // a whole record
    static constexpr char kMagic[9] = "RTMSBJ01";
    static constexpr quint32 kMaxRecord = 1u << 20;   // far above body + attrs limits

private:
    bool writeRecord(const QByteArray &record);

    QFile m_file;
    QString m_error;
    ReplayStats m_stats;
    bool m_wasNew = false;
};

} // namespace sandbox
