#include "historyanswer.h"

#include "fpnn/msgpackwriter.h"
#include "rtm/rtmwire.h"

namespace sandbox {

namespace {

// A row's `from`: the sender, or for P2P the direction relative to the requesting uid.
qint64 rowFrom(const StoredMessage &m, Category category, qint64 uid)
{
    if (category != Category::P2P)
        return m.from;
    return m.from == uid ? int(rtm::P2PDirection::FromUidToOuid) : int(rtm::P2PDirection::FromOuidToUid);
}

} // namespace

QByteArray packHistoryAnswer(const HistoryResult &result, Category category, qint64 uid)
{
    // One allocation: bodies plus at most 9 bytes per integer and a few headers per row.
    qsizetype size = 64;
    for (const StoredMessage *m : result.rows)
        size += m->msg.size() + m->attrs.size() + 64;
    QByteArray out;
    fpnn::MsgpackWriter w(out);
    w.reserve(size);
    // Keys in the order of the tree below (and of the FPNN servers' answers).
    w.packMap(5);
    w.packStr("num");
    w.packInt(qint64(result.rows.size()));
    w.packStr("lastid");
    w.packInt(result.lastId);
    w.packStr("begin");
    w.packInt(result.begin);
    w.packStr("end");
    w.packInt(result.end);
    w.packStr("msgs");
    w.packArray(std::uint32_t(result.rows.size()));
    for (const StoredMessage *m : result.rows) {
        w.packArray(8);
        w.packInt(m->id);
        w.packInt(rowFrom(*m, category, uid));
        w.packInt(m->mtype);
        w.packInt(m->mid);
        w.packBool(m->deleted);
        if (m->binary)
            w.packBin(m->msg);
        else
            w.packStr(m->msg);
        w.packStr(m->attrs);
        w.packInt(m->mtime);
    }
    w.finish();
    return out;
}

fpnn::Value historyAnswerTree(const HistoryResult &result, Category category, qint64 uid)
{
    fpnn::ValueArray rows;
    rows.reserve(result.rows.size());
    for (const StoredMessage *m : result.rows) {
        rows.push_back(fpnn::Value(fpnn::ValueArray{
            fpnn::Value(m->id), fpnn::Value(rowFrom(*m, category, uid)), fpnn::Value(int(m->mtype)),
            fpnn::Value(m->mid), fpnn::Value(m->deleted),
            m->binary ? fpnn::Value::bin(m->msg) : fpnn::Value::str(m->msg), fpnn::Value::str(m->attrs),
            fpnn::Value(m->mtime)}));
    }
    fpnn::Value answer = fpnn::Value::map();
    answer.insert("num", qint64(rows.size()));
    answer.insert("lastid", result.lastId);
    answer.insert("begin", result.begin);
    answer.insert("end", result.end);
    answer.insert("msgs", fpnn::Value(std::move(rows)));
    return answer;
}

} // namespace sandbox
