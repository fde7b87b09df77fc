#pragma once

// Typed results of the Message API (protocol.md 4). Raw message and attrs bytes are kept
// exactly as received (msgpack str or bin); text accessors decode on demand.

#include <optional>
#include <utility>
#include <vector>

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QString>

#include "rtmwire.h"

namespace rtm {

// A message body: text goes out as msgpack str, binary as bin (protocol.md 4.2). Made only
// through text() or binary() — no conversion from QString, QByteArray or const char* — so
// that bytes never become one or the other by accident (tst_coreapi checks it).
class MessageBody {
public:
    MessageBody() = default;   // empty text
    static MessageBody text(const QString &text) { return MessageBody(text.toUtf8(), false); }
    static MessageBody binary(const QByteArray &bytes) { return MessageBody(bytes, true); }

    const QByteArray &bytes() const { return m_bytes; }   // UTF-8 for text
    bool isBinary() const { return m_binary; }
    bool operator==(const MessageBody &) const = default;

private:
    MessageBody(QByteArray bytes, bool binary) : m_bytes(std::move(bytes)), m_binary(binary) {}

    QByteArray m_bytes;
    bool m_binary = false;
};

struct SendResult {
    qint64 mid = 0;        // the mid that was sent (generated when the caller passed 0)
    qint64 mtime = 0;      // server store time, ms
};

// File messages (mtype 40..50): parsed from the JSON body and attrs (protocol.md 4.7).
struct FileInfo {
    QString url;
    qint64 size = 0;
    QString surl;          // thumbnail (images)
    bool isRtmAudio = false;
    QString language;      // RTM audio only
    qint64 duration = 0;   // RTM audio only, ms
    QString fileName;      // attrs.rtm.filename when present
};

struct HistoryMessage {
    qint64 cursorId = 0;
    qint64 fromUid = 0;
    qint64 toId = 0;       // P2P: receiver; group/room: gid/rid; broadcast: 0
    int messageType = 0;
    qint64 messageId = 0;
    QByteArray message;    // raw bytes
    bool messageIsBinary = false;   // arrived as msgpack bin
    QByteArray attrs;      // raw bytes
    qint64 modifiedTime = 0;        // ms
    bool deleted = false;
    std::optional<FileInfo> fileInfo;

    QString messageText() const { return QString::fromUtf8(message); }
    bool messageIsValidUtf8() const;
};

struct HistoryPage {
    int count = 0;         // rows the server returned, deleted ones included
    qint64 lastCursorId = 0;
    qint64 beginMsec = 0;
    qint64 endMsec = 0;
    std::vector<HistoryMessage> messages;   // every row, deleted ones marked
};

struct MessageInfo {
    qint64 cursorId = 0;
    int messageType = 0;
    QByteArray message;
    bool messageIsBinary = false;
    QByteArray attrs;
    qint64 modifiedTime = 0;
    std::optional<FileInfo> fileInfo;
};

struct MessageCount {
    qint64 sender = 0;     // distinct senders
    qint64 num = 0;        // messages
};

// Paging parameters shared by the four history calls. 0 / empty = not sent.
struct HistoryQuery {
    bool desc = true;
    int num = 20;          // 1..20
    qint64 begin = 0;      // ms
    qint64 end = 0;        // ms
    qint64 lastId = 0;
    QList<int> mtypes;

    // num as it goes on the wire: clamped to 1..20 (protocol.md 7.4).
    int sentNum() const { return num < 1 ? 1 : (num > limits::MaxHistoryRows ? limits::MaxHistoryRows : num); }
};

// Paging (protocol.md 4.3): the last page is the one with fewer rows than were asked for
// (deleted rows count, since the server counts them); the next page repeats the query
// with begin/end/lastid taken from the answer.
inline bool isLastPage(const HistoryQuery &query, const HistoryPage &page) { return page.count < query.sentNum(); }
inline HistoryQuery nextPageQuery(HistoryQuery query, const HistoryPage &page)
{
    query.begin = page.beginMsec;
    query.end = page.endMsec;
    query.lastId = page.lastCursorId;
    return query;
}

bool isValidUtf8(const QByteArray &bytes);

} // namespace rtm

Q_DECLARE_METATYPE(rtm::SendResult)
Q_DECLARE_METATYPE(rtm::HistoryPage)
Q_DECLARE_METATYPE(rtm::MessageInfo)
Q_DECLARE_METATYPE(rtm::MessageCount)
