#include "messagestore.h"

#include <algorithm>
#include <limits>
#include <unordered_set>

namespace sandbox {

namespace {

inline size_t mix(size_t h, quint64 v)
{
    // boost::hash_combine's constant; enough spread for ids that are mostly small.
    return h ^ (std::hash<quint64>{}(v) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2));
}

constexpr qint64 kUnbounded = std::numeric_limits<qint64>::max();

} // namespace

ConversationKey ConversationKey::of(const StoredMessage &m)
{
    if (m.category == Category::P2P)
        return p2p(m.from, m.to);
    return of(m.category, m.to);
}

size_t MessageStore::KeyHash::operator()(const ConversationKey &k) const noexcept
{
    return mix(mix(size_t(k.category), quint64(k.a)), quint64(k.b));
}

size_t MessageStore::KeyHash::operator()(const MessageRef &r) const noexcept
{
    return mix(mix(mix(size_t(r.category), quint64(r.from)), quint64(r.xid)), quint64(r.mid));
}

size_t MessageStore::TypedKeyHash::operator()(const TypedKey &k) const noexcept
{
    return mix(KeyHash{}(k.conversation), quint64(k.mtype));
}

MessageStore::MessageStore() = default;
MessageStore::~MessageStore() = default;

bool MessageStore::contains(const MessageRef &ref) const
{
    return m_byRef.find(ref) != m_byRef.end();
}

bool MessageStore::accepts(const StoredMessage &message) const
{
    // Equal mtimes are fine: ids order the rows, and every search by mtime is a
    // lower/upper bound over a non-decreasing sequence.
    return (message.id == 0 || message.id > m_lastId) && (message.mtime == 0 || message.mtime >= m_lastMtime);
}

qint64 MessageStore::append(StoredMessage message)
{
    if (!accepts(message))
        return 0;
    if (message.id == 0)
        message.id = m_lastId + 1;
    if (message.mtime == 0)
        message.mtime = nextMtime(0);
    m_lastId = message.id;
    m_lastMtime = message.mtime;

    const ConversationKey key = ConversationKey::of(message);
    const IndexEntry entry{message.id, message.mtime};
    m_byConversation[key].push_back(entry);
    m_byConversationType[TypedKey{key, message.mtype}].push_back(entry);
    m_byRef[MessageRef{message.category, message.from, message.category == Category::Broadcast ? 0 : message.to,
                       message.mid}] = message.id;
    m_rows.push_back(std::move(message));
    return m_lastId;
}

const StoredMessage *MessageStore::byId(qint64 id) const
{
    return const_cast<MessageStore *>(this)->mutableById(id);
}

StoredMessage *MessageStore::mutableById(qint64 id)
{
    if (m_rows.empty() || id < m_rows.front().id || id > m_rows.back().id)
        return nullptr;
    // Ids are consecutive unless a journal had gaps; then fall back to a binary search.
    const qint64 guess = id - m_rows.front().id;
    if (guess < qint64(m_rows.size()) && m_rows[size_t(guess)].id == id)
        return &m_rows[size_t(guess)];
    auto it = std::lower_bound(m_rows.begin(), m_rows.end(), id,
                               [](const StoredMessage &m, qint64 v) { return m.id < v; });
    return (it != m_rows.end() && it->id == id) ? &*it : nullptr;
}

const StoredMessage *MessageStore::find(const MessageRef &ref) const
{
    MessageRef key = ref;
    if (key.category == Category::Broadcast)
        key.xid = 0;
    auto it = m_byRef.find(key);
    if (it == m_byRef.end())
        return nullptr;
    const StoredMessage *m = byId(it->second);
    if (m && m->mtime < m_visibleFrom)
        return nullptr;
    return m;
}

bool MessageStore::markDeleted(qint64 id)
{
    StoredMessage *m = mutableById(id);
    if (!m)
        return false;
    m->deleted = true;
    // History shows deleted rows with empty msg/attrs (protocol.md 7.6); nothing keeps them.
    m->msg.clear();
    m->attrs.clear();
    m->msg.squeeze();
    m->attrs.squeeze();
    return true;
}

std::pair<size_t, size_t> MessageStore::window(const Index &index, const HistoryRequest &r, qint64 begin)
{
    const qint64 end = r.end > 0 ? r.end : kUnbounded;
    auto lo = std::lower_bound(index.begin(), index.end(), begin,
                               [](const IndexEntry &e, qint64 t) { return e.mtime < t; });
    auto hi = std::upper_bound(index.begin(), index.end(), end,
                               [](qint64 t, const IndexEntry &e) { return t < e.mtime; });
    if (r.lastId > 0) {
        if (r.desc) {
            auto cut = std::lower_bound(index.begin(), index.end(), r.lastId,
                                        [](const IndexEntry &e, qint64 id) { return e.id < id; });
            hi = std::min(hi, cut);
        } else {
            auto cut = std::upper_bound(index.begin(), index.end(), r.lastId,
                                        [](qint64 id, const IndexEntry &e) { return id < e.id; });
            lo = std::max(lo, cut);
        }
    }
    if (hi < lo)
        hi = lo;
    return {size_t(lo - index.begin()), size_t(hi - index.begin())};
}

HistoryResult MessageStore::history(const HistoryRequest &r) const
{
    HistoryResult result;
    result.lastId = r.lastId;
    result.begin = r.begin;
    result.end = r.end;
    const qint64 begin = qMax(r.begin, m_visibleFrom);
    const size_t want = size_t(qMax(0, r.num));
    if (want == 0 || (r.end > 0 && r.end < begin))
        return result;

    // One index range per source: the conversation, or one per distinct wanted mtype.
    struct Range {
        const Index *index;
        size_t lo;
        size_t hi;
    };
    std::vector<Range> ranges;
    if (r.mtypes.isEmpty()) {
        auto it = m_byConversation.find(r.conversation);
        if (it != m_byConversation.end()) {
            auto [lo, hi] = window(it->second, r, begin);
            ranges.push_back({&it->second, lo, hi});
        }
    } else {
        QList<int> types = r.mtypes;
        std::sort(types.begin(), types.end());
        types.erase(std::unique(types.begin(), types.end()), types.end());
        for (int t : types) {
            auto it = m_byConversationType.find(TypedKey{r.conversation, t});
            if (it == m_byConversationType.end())
                continue;
            auto [lo, hi] = window(it->second, r, begin);
            if (lo < hi)
                ranges.push_back({&it->second, lo, hi});
        }
    }

    // k-way merge in page order: smallest id first ascending, largest first descending.
    result.rows.reserve(std::min<size_t>(want, 64));
    while (result.rows.size() < want) {
        Range *best = nullptr;
        qint64 bestId = 0;
        for (Range &range : ranges) {
            if (range.lo >= range.hi)
                continue;
            const qint64 id = r.desc ? (*range.index)[range.hi - 1].id : (*range.index)[range.lo].id;
            if (!best || (r.desc ? id > bestId : id < bestId)) {
                best = &range;
                bestId = id;
            }
        }
        if (!best)
            break;
        if (r.desc)
            --best->hi;
        else
            ++best->lo;
        if (const StoredMessage *m = byId(bestId))
            result.rows.push_back(m);
    }

    if (!result.rows.empty()) {
        const StoredMessage *last = result.rows.back();
        result.lastId = last->id;
        if (r.desc)
            result.end = last->mtime;
        else
            result.begin = last->mtime;
    }
    return result;
}

MessageCountResult MessageStore::count(const ConversationKey &conversation, const QList<int> &mtypes,
                                       qint64 begin, qint64 end) const
{
    HistoryRequest r;
    r.conversation = conversation;
    r.begin = begin;
    r.end = end;
    const qint64 effectiveBegin = qMax(begin, m_visibleFrom);
    MessageCountResult result;
    std::unordered_set<qint64> senders;
    auto scan = [&](const Index &index) {
        auto [lo, hi] = window(index, r, effectiveBegin);
        for (size_t i = lo; i < hi; ++i) {
            const StoredMessage *m = byId(index[i].id);
            if (!m || m->deleted)
                continue;
            ++result.num;
            senders.insert(m->from);
        }
    };
    if (mtypes.isEmpty()) {
        auto it = m_byConversation.find(conversation);
        if (it != m_byConversation.end())
            scan(it->second);
    } else {
        QList<int> types = mtypes;
        std::sort(types.begin(), types.end());
        types.erase(std::unique(types.begin(), types.end()), types.end());
        for (int t : types) {
            auto it = m_byConversationType.find(TypedKey{conversation, t});
            if (it != m_byConversationType.end())
                scan(it->second);
        }
    }
    result.senders = qint64(senders.size());
    return result;
}

qint64 MessageStore::purgeOlderThan(qint64 cutoffMs)
{
    qint64 removed = 0;
    while (!m_rows.empty() && m_rows.front().mtime < cutoffMs) {
        const StoredMessage &m = m_rows.front();
        m_byRef.erase(MessageRef{m.category, m.from, m.category == Category::Broadcast ? 0 : m.to, m.mid});
        m_rows.pop_front();
        ++removed;
    }
    if (removed == 0)
        return 0;
    const qint64 firstId = m_rows.empty() ? m_lastId + 1 : m_rows.front().id;
    auto trim = [firstId](auto &indexes) {
        for (auto it = indexes.begin(); it != indexes.end();) {
            Index &index = it->second;
            auto cut = std::lower_bound(index.begin(), index.end(), firstId,
                                        [](const IndexEntry &e, qint64 id) { return e.id < id; });
            index.erase(index.begin(), cut);
            if (index.empty())
                it = indexes.erase(it);
            else
                ++it;
        }
    };
    trim(m_byConversation);
    trim(m_byConversationType);
    return removed;
}

void MessageStore::clear()
{
    m_rows.clear();
    m_byConversation.clear();
    m_byConversationType.clear();
    m_byRef.clear();
    m_lastId = 0;
    m_lastMtime = 0;
    m_visibleFrom = 0;
}

} // namespace sandbox
