#pragma once

// In-memory message store of the sandbox. Rows live in one deque in store order; ids
// (history cursor ids) increase strictly along it and mtimes never decrease (the copies of
// one sendmsgs share their mtime), so a per-conversation list of (id, mtime) entries is
// sorted by both and a page is two binary searches plus the rows taken: O(log n + num). An mtypes filter uses one such list per
// (conversation, mtype) and merges the k ranges. Memberships are not modelled.

#include <cstdint>
#include <deque>
#include <optional>
#include <unordered_map>
#include <vector>

#include <QByteArray>
#include <QList>

namespace sandbox {

enum class Category : quint8 { P2P = 1, Group = 2, Room = 3, Broadcast = 4 };

struct StoredMessage {
    qint64 id = 0;          // cursor id
    qint64 mtime = 0;       // ms
    qint64 from = 0;
    qint64 to = 0;          // P2P receiver, gid, rid, 0 for broadcast
    qint64 mid = 0;
    Category category = Category::P2P;
    quint8 mtype = 0;
    bool binary = false;    // msg arrived as msgpack bin (kept on the way out)
    bool deleted = false;
    QByteArray msg;
    QByteArray attrs;
};

// Identifies a conversation: P2P by the unordered uid pair, group/room by the id,
// broadcast as one conversation.
struct ConversationKey {
    Category category = Category::P2P;
    qint64 a = 0;
    qint64 b = 0;
    static ConversationKey p2p(qint64 u1, qint64 u2) { return {Category::P2P, qMin(u1, u2), qMax(u1, u2)}; }
    static ConversationKey of(Category c, qint64 xid) { return {c, c == Category::Broadcast ? 0 : xid, 0}; }
    static ConversationKey of(const StoredMessage &m);
    bool operator==(const ConversationKey &) const = default;
};

// Identifies a message for delmsg/getmsg and the duplicate-mid rule: (type, from, xid, mid).
struct MessageRef {
    Category category = Category::P2P;
    qint64 from = 0;
    qint64 xid = 0;
    qint64 mid = 0;
    bool operator==(const MessageRef &) const = default;
};

struct HistoryRequest {
    ConversationKey conversation;
    bool desc = true;
    int num = 20;           // clamped by the caller
    qint64 begin = 0;       // inclusive, 0 = unbounded
    qint64 end = 0;         // inclusive, 0 = unbounded
    qint64 lastId = 0;      // 0 = first page
    QList<int> mtypes;      // empty = all
};

struct HistoryResult {
    std::vector<const StoredMessage *> rows;   // page order; valid until the store changes
    qint64 lastId = 0;
    qint64 begin = 0;
    qint64 end = 0;
};

struct MessageCountResult {
    qint64 num = 0;
    qint64 senders = 0;
};

class MessageStore {
public:
    MessageStore();
    ~MessageStore();
    MessageStore(const MessageStore &) = delete;
    MessageStore &operator=(const MessageStore &) = delete;

    qint64 size() const { return qint64(m_rows.size()); }
    bool isEmpty() const { return m_rows.empty(); }
    qint64 lastId() const { return m_lastId; }
    qint64 lastMtime() const { return m_lastMtime; }

    bool contains(const MessageRef &ref) const;

    // The mtime of the next send call at wall time nowMs: strictly after the last, so
    // separate calls never share an mtime (all copies of one fan-out get this one value).
    qint64 nextMtime(qint64 nowMs) const { return qMax(nowMs, m_lastMtime + 1); }

    // Whether append() would store this message as it is: its id above the last id and
    // its mtime not below the last mtime (id 0 / mtime 0 are filled in and always fit).
    bool accepts(const StoredMessage &message) const;

    // Appends a message. id 0 = next id; mtime 0 = nextMtime(0). Anything accepts()
    // refuses (journal replay out of order) is not stored and 0 returned. Does not check
    // for duplicate mids (callers do, so that fan-out is all or nothing).
    qint64 append(StoredMessage message);

    const StoredMessage *byId(qint64 id) const;
    const StoredMessage *find(const MessageRef &ref) const;

    // Marks the message deleted and empties msg/attrs. False if there is no such id.
    bool markDeleted(qint64 id);

    HistoryResult history(const HistoryRequest &request) const;
    MessageCountResult count(const ConversationKey &conversation, const QList<int> &mtypes,
                             qint64 begin, qint64 end) const;

    // Drops every message with mtime < cutoffMs (retention). Returns how many went.
    qint64 purgeOlderThan(qint64 cutoffMs);
    // Hides rows older than this from history/count/getmsg between purges (0 = none).
    void setVisibleFrom(qint64 cutoffMs) { m_visibleFrom = cutoffMs; }

    void clear();

private:
    struct IndexEntry {
        qint64 id;
        qint64 mtime;
    };
    using Index = std::vector<IndexEntry>;
    struct KeyHash {
        size_t operator()(const ConversationKey &k) const noexcept;
        size_t operator()(const MessageRef &r) const noexcept;
    };
    struct TypedKey {
        ConversationKey conversation;
        int mtype;
        bool operator==(const TypedKey &) const = default;
    };
    struct TypedKeyHash {
        size_t operator()(const TypedKey &k) const noexcept;
    };

    // [first, last) of entries with begin <= mtime <= end and id beyond lastId. An index is
    // sorted by id and its mtimes never decrease, so both cuts are bounds of one range.
    static std::pair<size_t, size_t> window(const Index &index, const HistoryRequest &request, qint64 begin);
    StoredMessage *mutableById(qint64 id);

    std::deque<StoredMessage> m_rows;
    std::unordered_map<ConversationKey, Index, KeyHash> m_byConversation;
    std::unordered_map<TypedKey, Index, TypedKeyHash> m_byConversationType;
    std::unordered_map<MessageRef, qint64, KeyHash> m_byRef;
    qint64 m_lastId = 0;
    qint64 m_lastMtime = 0;
    qint64 m_visibleFrom = 0;
};

} // namespace sandbox
