#include "journal.h"

#include <array>
#include <cerrno>

#include <QLoggingCategory>
#include <QtEndian>

#include <unistd.h>

#include "sandboxlog.h"

namespace sandbox {

namespace {

enum RecordKind : quint8 { KindMessage = 1, KindDelete = 2, KindFanOut = 3 };

constexpr qint64 kMagicSize = sizeof(Journal::kMagic) - 1;

void putU32(QByteArray &out, quint32 v)
{
    char b[4];
    qToLittleEndian(v, b);
    out.append(b, 4);
}

void putI64(QByteArray &out, qint64 v)
{
    char b[8];
    qToLittleEndian(v, b);
    out.append(b, 8);
}

QByteArray frame(const QByteArray &body)
{
    QByteArray record;
    record.reserve(8 + body.size());
    putU32(record, quint32(body.size()));
    putU32(record, Journal::crc32(body.constData(), body.size()));
    record.append(body);
    return record;
}

// Bounds-checked reader over one record body.
struct BodyReader {
    const char *p;
    const char *end;
    bool ok = true;
    quint8 u8()
    {
        if (end - p < 1) { ok = false; return 0; }
        return quint8(*p++);
    }
    quint32 u32()
    {
        if (end - p < 4) { ok = false; return 0; }
        const quint32 v = qFromLittleEndian<quint32>(p);
        p += 4;
        return v;
    }
    qint64 i64()
    {
        if (end - p < 8) { ok = false; return 0; }
        const qint64 v = qFromLittleEndian<qint64>(p);
        p += 8;
        return v;
    }
    QByteArray bytes()
    {
        const quint32 n = u32();
        if (!ok || quint64(end - p) < n) { ok = false; return {}; }
        QByteArray v(p, qsizetype(n));
        p += n;
        return v;
    }
};

} // namespace

Journal::Journal() = default;

Journal::~Journal()
{
    close();
}

quint32 Journal::crc32(const char *data, qint64 size)
{
    // CRC-32 (IEEE 802.3, as zlib), table built once.
    static const std::array<quint32, 256> table = [] {
        std::array<quint32, 256> t{};
        for (quint32 i = 0; i < 256; ++i) {
            quint32 c = i;
            for (int k = 0; k < 8; ++k)
                c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[i] = c;
        }
        return t;
    }();
    quint32 crc = 0xFFFFFFFFu;
    for (qint64 i = 0; i < size; ++i)
        crc = table[(crc ^ quint8(data[i])) & 0xFF] ^ (crc >> 8);
    return crc ^ 0xFFFFFFFFu;
}

QByteArray Journal::header(qint64 pid)
{
    QByteArray out(kMagic, kMagicSize);
    putI64(out, pid);
    return out;
}

QByteArray Journal::encodeMessage(const StoredMessage &m)
{
    QByteArray body;
    body.reserve(64 + m.msg.size() + m.attrs.size());
    body.append(char(KindMessage));
    putI64(body, m.id);
    putI64(body, m.mtime);
    body.append(char(m.category));
    body.append(char(m.mtype));
    body.append(char((m.binary ? 1 : 0) | (m.deleted ? 2 : 0)));
    putI64(body, m.from);
    putI64(body, m.to);
    putI64(body, m.mid);
    putU32(body, quint32(m.msg.size()));
    body.append(m.msg);
    putU32(body, quint32(m.attrs.size()));
    body.append(m.attrs);
    return frame(body);
}

QByteArray Journal::encodeFanOut(const std::vector<StoredMessage> &copies)
{
    // What the copies share once, then (id, to) per copy.
    const StoredMessage &m = copies.front();
    QByteArray body;
    body.reserve(64 + m.msg.size() + m.attrs.size() + 16 * qsizetype(copies.size()));
    body.append(char(KindFanOut));
    putI64(body, m.mtime);
    body.append(char(m.category));
    body.append(char(m.mtype));
    body.append(char((m.binary ? 1 : 0) | (m.deleted ? 2 : 0)));
    putI64(body, m.from);
    putI64(body, m.mid);
    putU32(body, quint32(m.msg.size()));
    body.append(m.msg);
    putU32(body, quint32(m.attrs.size()));
    body.append(m.attrs);
    putU32(body, quint32(copies.size()));
    for (const StoredMessage &copy : copies) {
        putI64(body, copy.id);
        putI64(body, copy.to);
    }
    return frame(body);
}

QByteArray Journal::encodeDelete(qint64 id)
{
    QByteArray body;
    body.append(char(KindDelete));
    putI64(body, id);
    return frame(body);
}

bool Journal::fail(const QString &error)
{
    m_error = error;
    m_file.close();
    return false;
}

// A new or torn-while-created file: write the header of this project.
bool Journal::startAfresh(const QString &path, qint64 pid)
{
    m_wasNew = true;
    m_version = 2;
    if (!m_file.resize(0))
        return fail(QStringLiteral("cannot truncate %1: %2").arg(path, m_file.errorString()));
    m_end = 0;
    if (!writeAtEnd(header(pid)))
        return fail(QStringLiteral("cannot write %1: %2").arg(path, m_error));
    return true;
}

bool Journal::open(const QString &path, qint64 pid, const std::function<void(StoredMessage &&)> &onMessage,
                   const std::function<void(qint64)> &onDelete)
{
    close();
    m_error.clear();
    m_stats = {};
    m_broken = false;
    m_wasNew = false;
    m_version = 0;
    m_file.setFileName(path);
    // Unbuffered: records go out with our own write() calls (writeAtEnd), never via a Qt buffer.
    if (!m_file.open(QIODevice::ReadWrite | QIODevice::Unbuffered)) {
        m_error = QStringLiteral("cannot open %1: %2").arg(path, m_file.errorString());
        return false;
    }
    const QByteArray data = m_file.readAll();
    const QByteArray ownHeader = header(pid);
    if (data.isEmpty())
        return startAfresh(path, pid);

    qint64 pos = 0;
    if (data.startsWith(QByteArray(kMagicV1, kMagicSize))) {
        // The old format has no project id: kept as it is and opened for any pid.
        m_version = 1;
        pos = kMagicSize;
        qCInfo(lcSandbox).noquote() << QStringLiteral("journal %1 has the old header without a project id; "
                                                      "opened as it is for pid %2")
                                           .arg(path)
                                           .arg(pid);
    } else if (data.size() < kHeaderSize && (ownHeader.startsWith(data) || QByteArray(kMagicV1, kMagicSize).startsWith(data))) {
        // A crash while creating the file: only the header can be torn.
        qCWarning(lcSandbox) << "journal" << path << "has a torn header; starting it afresh";
        m_stats.skippedTailBytes = data.size();
        return startAfresh(path, pid);
    } else if (data.size() >= kHeaderSize && data.startsWith(QByteArray(kMagic, kMagicSize))) {
        const qint64 filePid = qFromLittleEndian<qint64>(data.constData() + kMagicSize);
        if (filePid != pid)
            return fail(QStringLiteral("%1 is the journal of project %2, not of project %3; "
                                       "use that pid or another data file")
                            .arg(path)
                            .arg(filePid)
                            .arg(pid));
        m_version = 2;
        pos = kHeaderSize;
    } else {
        return fail(QStringLiteral("%1 is not a sandbox journal").arg(path));
    }

    const qint64 total = data.size();
    qint64 records = 0;
    while (pos < total) {
        const qint64 left = total - pos;
        if (left < 8)
            break;   // torn header of the last record
        const quint32 length = qFromLittleEndian<quint32>(data.constData() + pos);
        const quint32 crc = qFromLittleEndian<quint32>(data.constData() + pos + 4);
        if (length > kMaxRecord) {
            // A length never written by us: the header itself is damaged. Only acceptable
            // if nothing could follow it, i.e. it was the last (torn) write.
            if (left - 8 < qint64(kMaxRecord))
                break;
            return fail(QStringLiteral("%1: damaged record header at offset %2").arg(path).arg(pos));
        }
        if (left - 8 < qint64(length))
            break;   // body cut short: torn last record
        const char *body = data.constData() + pos + 8;
        const bool last = (pos + 8 + qint64(length) == total);
        BodyReader reader{body, body + length};
        bool good = (crc32(body, length) == crc);
        std::vector<StoredMessage> messages;
        qint64 deleteId = 0;
        quint8 kind = 0;
        if (good) {
            kind = reader.u8();
            if (kind == KindMessage) {
                StoredMessage message;
                message.id = reader.i64();
                message.mtime = reader.i64();
                message.category = Category(reader.u8());
                message.mtype = reader.u8();
                const quint8 flags = reader.u8();
                message.binary = flags & 1;
                message.deleted = flags & 2;
                message.from = reader.i64();
                message.to = reader.i64();
                message.mid = reader.i64();
                message.msg = reader.bytes();
                message.attrs = reader.bytes();
                messages.push_back(std::move(message));
            } else if (kind == KindFanOut) {
                StoredMessage shared;
                shared.mtime = reader.i64();
                shared.category = Category(reader.u8());
                shared.mtype = reader.u8();
                const quint8 flags = reader.u8();
                shared.binary = flags & 1;
                shared.deleted = flags & 2;
                shared.from = reader.i64();
                shared.mid = reader.i64();
                shared.msg = reader.bytes();
                shared.attrs = reader.bytes();
                const quint32 count = reader.u32();
                if (count == 0 || quint64(reader.end - reader.p) != quint64(count) * 16)
                    reader.ok = false;
                for (quint32 i = 0; reader.ok && i < count; ++i) {
                    StoredMessage copy = shared;
                    copy.id = reader.i64();
                    copy.to = reader.i64();
                    messages.push_back(std::move(copy));
                }
            } else if (kind == KindDelete) {
                deleteId = reader.i64();
            } else {
                reader.ok = false;
            }
            good = reader.ok && reader.p == reader.end;
        }
        if (!good) {
            if (last)
                break;   // a last write that did not complete cleanly
            return fail(QStringLiteral("%1: damaged record at offset %2 (not the last one); refusing to "
                                       "drop what follows")
                            .arg(path)
                            .arg(pos));
        }
        if (kind == KindDelete) {
            ++m_stats.deletes;
            onDelete(deleteId);
        } else {
            for (StoredMessage &message : messages) {
                ++m_stats.messages;
                onMessage(std::move(message));
            }
        }
        ++records;
        pos += 8 + length;
    }
    if (pos < total) {
        m_stats.skippedTailBytes = total - pos;
        qCWarning(lcSandbox).noquote() << QStringLiteral("journal %1: skipped a torn last record (%2 bytes at "
                                                         "offset %3); everything before it was kept")
                                              .arg(path)
                                              .arg(total - pos)
                                              .arg(pos);
        if (!m_file.resize(pos))
            return fail(QStringLiteral("cannot truncate %1: %2").arg(path, m_file.errorString()));
    }
    m_end = pos;
    m_wasNew = (records == 0);
    return true;
}

// Writes at the end of the file with write() directly, so that a failure reports the
// OS reason and nothing of a failed record lingers in a buffer.
bool Journal::writeAtEnd(const QByteArray &bytes)
{
    const int fd = m_file.handle();
    qint64 done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::pwrite(fd, bytes.constData() + done, size_t(bytes.size() - done), off_t(m_end + done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            m_error = n < 0 ? qt_error_string(errno) : QStringLiteral("no progress writing");
            // A partial record would make every later one look like damage inside the file:
            // cut it away (shrinking is allowed even past a file size limit).
            if (done > 0 && ::ftruncate(fd, off_t(m_end)) != 0)
                m_broken = true;
            return false;
        }
        done += n;
    }
    m_end += done;
    return true;
}

bool Journal::writeRecord(const QByteArray &record)
{
    if (!m_file.isOpen()) {
        m_error = QStringLiteral("the journal is not open");
        return false;
    }
    if (m_broken) {
        m_error = QStringLiteral("an earlier failed write could not be cut back; restart the server");
    } else if (writeAtEnd(record)) {
        return true;
    }
    // Once per failed write; the record's content (and so any secret-looking text) is not logged.
    qCWarning(lcSandbox).noquote() << QStringLiteral("journal write failed: %1 (%2-byte record at offset %3 of %4%5); "
                                                     "nothing was stored")
                                          .arg(m_error)
                                          .arg(record.size())
                                          .arg(m_end)
                                          .arg(m_file.fileName(),
                                               m_broken ? QStringLiteral(", could not be cut back") : QString());
    return false;
}

bool Journal::appendMessages(const std::vector<StoredMessage> &copies)
{
    if (copies.empty())
        return true;
    // A fan-out record keeps one mtime, body, ... for all copies: never let it lose a difference.
    const StoredMessage &first = copies.front();
    for (const StoredMessage &c : copies) {
        if (c.mtime != first.mtime || c.category != first.category || c.mtype != first.mtype || c.from != first.from ||
            c.mid != first.mid || c.binary != first.binary || c.deleted != first.deleted || c.msg != first.msg ||
            c.attrs != first.attrs) {
            m_error = QStringLiteral("the copies of one call differ in more than id and receiver");
            qCWarning(lcSandbox).noquote() << "journal write failed:" << m_error;
            return false;
        }
    }
    return writeRecord(copies.size() == 1 ? encodeMessage(copies.front()) : encodeFanOut(copies));
}

bool Journal::appendMessage(const StoredMessage &message)
{
    return writeRecord(encodeMessage(message));
}

bool Journal::appendDelete(qint64 id)
{
    return writeRecord(encodeDelete(id));
}

bool Journal::sync()
{
    if (!m_file.isOpen())
        return true;
    return ::fsync(m_file.handle()) == 0;
}

void Journal::close()
{
    if (m_file.isOpen()) {
        sync();
        m_file.close();
    }
}

} // namespace sandbox
