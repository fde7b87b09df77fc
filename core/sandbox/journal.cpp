#include "journal.h"

#include <array>

#include <QLoggingCategory>
#include <QtEndian>

#include <unistd.h>

#include "sandboxlog.h"

namespace sandbox {

namespace {

enum RecordKind : quint8 { KindMessage = 1, KindDelete = 2 };

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

QByteArray Journal::encodeDelete(qint64 id)
{
    QByteArray body;
    body.append(char(KindDelete));
    putI64(body, id);
    return frame(body);
}

bool Journal::open(const QString &path, const std::function<void(StoredMessage &&)> &onMessage,
                   const std::function<void(qint64)> &onDelete)
{
    close();
    m_error.clear();
    m_stats = {};
    m_file.setFileName(path);
    if (!m_file.open(QIODevice::ReadWrite)) {
        m_error = QStringLiteral("cannot open %1: %2").arg(path, m_file.errorString());
        return false;
    }
    const QByteArray data = m_file.readAll();
    const qint64 magicSize = sizeof(kMagic) - 1;
    if (data.isEmpty()) {
        m_wasNew = true;
        if (m_file.write(kMagic, magicSize) != magicSize || !m_file.flush()) {
            m_error = QStringLiteral("cannot write %1: %2").arg(path, m_file.errorString());
            m_file.close();
            return false;
        }
        return true;
    }
    if (data.size() < magicSize) {
        // A crash while creating the file: only the magic can be torn.
        if (QByteArray(kMagic, data.size()) != data) {
            m_error = QStringLiteral("%1 is not a sandbox journal").arg(path);
            m_file.close();
            return false;
        }
        qCWarning(lcSandbox) << "journal" << path << "has a torn header; starting it afresh";
        m_file.resize(0);
        m_file.seek(0);
        m_wasNew = true;
        m_stats.skippedTailBytes = data.size();
        if (m_file.write(kMagic, magicSize) != magicSize || !m_file.flush()) {
            m_error = QStringLiteral("cannot write %1: %2").arg(path, m_file.errorString());
            m_file.close();
            return false;
        }
        return true;
    }
    if (!data.startsWith(QByteArray(kMagic, magicSize))) {
        m_error = QStringLiteral("%1 is not a sandbox journal").arg(path);
        m_file.close();
        return false;
    }

    qint64 pos = magicSize;
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
            m_error = QStringLiteral("%1: damaged record header at offset %2").arg(path).arg(pos);
            m_file.close();
            return false;
        }
        if (left - 8 < qint64(length))
            break;   // body cut short: torn last record
        const char *body = data.constData() + pos + 8;
        const bool last = (pos + 8 + qint64(length) == total);
        BodyReader reader{body, body + length};
        bool good = (crc32(body, length) == crc);
        StoredMessage message;
        qint64 deleteId = 0;
        quint8 kind = 0;
        if (good) {
            kind = reader.u8();
            if (kind == KindMessage) {
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
            m_error = QStringLiteral("%1: damaged record at offset %2 (not the last one); refusing to "
                                     "drop what follows")
                          .arg(path)
                          .arg(pos);
            m_file.close();
            return false;
        }
        if (kind == KindMessage) {
            ++m_stats.messages;
            onMessage(std::move(message));
        } else {
            ++m_stats.deletes;
            onDelete(deleteId);
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
        if (!m_file.resize(pos)) {
            m_error = QStringLiteral("cannot truncate %1: %2").arg(path, m_file.errorString());
            m_file.close();
            return false;
        }
    }
    m_file.seek(pos);
    m_wasNew = (records == 0);
    return true;
}

bool Journal::writeRecord(const QByteArray &record)
{
    if (!m_file.isOpen())
        return false;
    if (m_file.write(record) != record.size() || !m_file.flush()) {
        qCWarning(lcSandbox) << "journal write failed:" << m_file.errorString();
        return false;
    }
    return true;
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
    if (!m_file.flush())
        return false;
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
