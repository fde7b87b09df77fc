#include "historypagereader.h"

#include <algorithm>
#include <limits>

#include "fpnn/msgpackreader.h"

namespace rtm::result {

namespace {

using fpnn::MsgpackItem;
using Kind = fpnn::MsgpackItem::Kind;

// The field rules of resultmapper.cpp (readInt/readBool/readBytes) on one item: nil keeps
// the default; anything they refuse is refused here too.
bool readInt(const MsgpackItem &v, qint64 *out)
{
    switch (v.kind) {
    case Kind::Nil: return true;
    case Kind::Int: *out = v.integer; return true;
    case Kind::UInt:
        if (v.uinteger > static_cast<std::uint64_t>(std::numeric_limits<qint64>::max()))
            return false;
        *out = static_cast<qint64>(v.uinteger);
        return true;
    default: return false;
    }
}

bool readBool(const MsgpackItem &v, bool *out)
{
    if (v.kind == Kind::Bool) {
        *out = v.boolean;
        return true;
    }
    qint64 n = 0;
    if (v.kind == Kind::Nil || !readInt(v, &n))   // some servers write flags as 0/1
        return v.kind == Kind::Nil;
    *out = n != 0;
    return true;
}

bool readBytes(const MsgpackItem &v, QByteArray *out, bool *isBinary = nullptr)
{
    if (v.kind == Kind::Nil)
        return true;
    if (!v.isBytes())
        return false;
    // Same construction as the generic path: an empty str gives an empty, non-null array.
    *out = QByteArray(v.bytes.data(), static_cast<qsizetype>(v.bytes.size()));
    if (isBinary)
        *isBinary = v.kind == Kind::Bin;
    return true;
}

bool fitsInt(qint64 v)
{
    return v >= std::numeric_limits<int>::min() && v <= std::numeric_limits<int>::max();
}

// One row [id, from, mtype, mid, deleted, msg, attrs, mtime]; its array header was read.
bool readRow(fpnn::MsgpackReader &r, const HistoryContext &context, HistoryMessage *m)
{
    MsgpackItem f[8];
    for (MsgpackItem &item : f) {
        if (!r.next(&item) || item.isContainer())
            return false;   // no field may be a container
    }
    qint64 from = 0;
    qint64 mtype = 0;
    if (!readInt(f[0], &m->cursorId) || !readInt(f[1], &from) || !readInt(f[2], &mtype) || !fitsInt(mtype)
        || !readInt(f[3], &m->messageId) || !readBool(f[4], &m->deleted)
        || !readBytes(f[5], &m->message, &m->messageIsBinary) || !readBytes(f[6], &m->attrs)
        || !readInt(f[7], &m->modifiedTime))
        return false;
    m->messageType = static_cast<int>(mtype);
    finishHistoryMessage(from, context, m);
    return true;
}

bool readRows(fpnn::MsgpackReader &r, const MsgpackItem &msgs, const HistoryContext &context, HistoryPage *page)
{
    // Reserve for what the bytes can hold (a row takes at least 9), not for the count the
    // peer announces.
    page->messages.reserve(std::min<std::size_t>(msgs.count, std::size_t(r.bytesLeft() / 9)));
    for (std::uint32_t i = 0; i < msgs.count; ++i) {
        MsgpackItem row;
        if (!r.next(&row))
            return false;
        if (row.kind != Kind::Array || row.count != 8) {
            if (!r.skipContents(row))   // the SDKs skip rows of another shape
                return false;
            continue;
        }
        // Filled in place; on a failure the whole page is dropped anyway.
        if (!readRow(r, context, &page->messages.emplace_back()))
            return false;
    }
    return true;
}

} // namespace

bool readHistoryPage(QByteArrayView payload, const HistoryContext &context, const fpnn::MsgpackLimits &limits,
                     HistoryPage *out)
{
    fpnn::MsgpackReader r(payload, limits);
    MsgpackItem root;
    if (!r.next(&root) || root.kind != Kind::Map)
        return false;
    HistoryPage page;
    enum Seen { Num = 1, LastId = 2, Begin = 4, End = 8, Msgs = 16 };
    int seen = 0;
    // A repeated key: the generic decoder keeps the last value; leave that rare case to it.
    auto firstTime = [&seen](Seen key) {
        if (seen & key)
            return false;
        seen |= key;
        return true;
    };
    for (std::uint32_t i = 0; i < root.count; ++i) {
        MsgpackItem key;
        MsgpackItem value;
        if (!r.next(&key))
            return false;
        const std::string_view k = key.bytes;
        if (k == "num") {
            qint64 num = 0;
            if (!firstTime(Num) || !r.next(&value) || !readInt(value, &num) || !fitsInt(num))
                return false;
            page.count = static_cast<int>(num);
        } else if (k == "lastid") {
            if (!firstTime(LastId) || !r.next(&value) || !readInt(value, &page.lastCursorId))
                return false;
        } else if (k == "begin") {
            if (!firstTime(Begin) || !r.next(&value) || !readInt(value, &page.beginMsec))
                return false;
        } else if (k == "end") {
            if (!firstTime(End) || !r.next(&value) || !readInt(value, &page.endMsec))
                return false;
        } else if (k == "msgs") {
            if (!firstTime(Msgs) || !r.next(&value))
                return false;
            if (value.kind == Kind::Array) {
                if (!readRows(r, value, context, &page))
                    return false;
            } else if (value.kind != Kind::Nil) {
                return false;   // "msgs is not an array"
            }
        } else if (!r.skipValue()) {
            return false;
        }
    }
    if (!r.finished())
        return false;
    *out = std::move(page);
    return true;
}

} // namespace rtm::result
