#include "questbuilder.h"

#include "categorytable.h"

namespace rtm::quest {

namespace {

fpnn::Value intList(const QList<int> &values)
{
    fpnn::ValueArray array;
    array.reserve(static_cast<size_t>(values.size()));
    for (int v : values)
        array.emplace_back(v);
    return fpnn::Value(std::move(array));
}

fpnn::Value int64List(const QList<qint64> &values)
{
    fpnn::ValueArray array;
    array.reserve(static_cast<size_t>(values.size()));
    for (qint64 v : values)
        array.emplace_back(v);
    return fpnn::Value(std::move(array));
}

// mtype, from, <target>, mid, msg, attrs — the shape shared by the five send methods.
fpnn::ValueMap sendParams(int mtype, qint64 from, const char *targetKey, fpnn::Value target, qint64 mid,
                          const MessageBody &body, const QByteArray &attrs)
{
    fpnn::ValueMap p;
    p.reserve(6);
    p.emplace_back("mtype", mtype);
    p.emplace_back("from", from);
    if (targetKey)
        p.emplace_back(targetKey, std::move(target));
    p.emplace_back("mid", mid);
    p.emplace_back("msg", bodyValue(body));
    p.emplace_back("attrs", fpnn::Value::str(attrs));
    return p;
}

} // namespace

Auth Auth::make(qint64 pid, const QByteArray &secret, qint64 salt, const QByteArray &method, qint64 ts)
{
    return Auth{pid, computeSign(pid, secret, salt, method, ts), salt, ts};
}

fpnn::Value withAuth(const Auth &auth, const fpnn::ValueMap &params)
{
    fpnn::ValueMap m;
    m.reserve(params.size() + 4);
    m.emplace_back("pid", auth.pid);
    m.emplace_back("sign", fpnn::Value::str(auth.sign));
    m.emplace_back("salt", auth.salt);
    m.emplace_back("ts", auth.ts);
    m.insert(m.end(), params.begin(), params.end());
    return fpnn::Value(std::move(m));
}

fpnn::Value bodyValue(const MessageBody &body)
{
    return body.isBinary() ? fpnn::Value::bin(body.bytes()) : fpnn::Value::str(body.bytes());
}

int clampHistoryNum(int num)
{
    HistoryQuery q;
    q.num = num;
    return q.sentNum();
}

fpnn::ValueMap sendMessageParams(int mtype, qint64 from, qint64 to, qint64 mid,
                                 const MessageBody &body, const QByteArray &attrs)
{
    return sendParams(mtype, from, categoryRow(MessageCategory::P2P).sendTargetKey, to, mid, body, attrs);
}

fpnn::ValueMap sendMessagesParams(int mtype, qint64 from, const QList<qint64> &tos, qint64 mid,
                                  const MessageBody &body, const QByteArray &attrs)
{
    return sendParams(mtype, from, "tos", int64List(tos), mid, body, attrs);
}

fpnn::ValueMap sendGroupMessageParams(int mtype, qint64 from, qint64 gid, qint64 mid,
                                      const MessageBody &body, const QByteArray &attrs)
{
    return sendParams(mtype, from, categoryRow(MessageCategory::Group).sendTargetKey, gid, mid, body, attrs);
}

fpnn::ValueMap sendRoomMessageParams(int mtype, qint64 from, qint64 rid, qint64 mid,
                                     const MessageBody &body, const QByteArray &attrs)
{
    return sendParams(mtype, from, categoryRow(MessageCategory::Room).sendTargetKey, rid, mid, body, attrs);
}

fpnn::ValueMap broadcastMessageParams(int mtype, qint64 from, qint64 mid,
                                      const MessageBody &body, const QByteArray &attrs)
{
    return sendParams(mtype, from, categoryRow(MessageCategory::Broadcast).sendTargetKey, {}, mid, body, attrs);
}

fpnn::ValueMap historyParams(MessageCategory category, qint64 uid, qint64 target, const HistoryQuery &query)
{
    fpnn::ValueMap p;
    p.reserve(8);
    p.emplace_back("uid", uid);
    if (const char *targetKey = categoryRow(category).historyTargetKey)
        p.emplace_back(targetKey, target);
    p.emplace_back("desc", query.desc);
    p.emplace_back("num", clampHistoryNum(query.num));
    // Optional keys are omitted, never sent as 0/nil, exactly like the Python SDK.
    if (query.begin != 0)
        p.emplace_back("begin", query.begin);
    if (query.end != 0)
        p.emplace_back("end", query.end);
    if (query.lastId != 0)
        p.emplace_back("lastid", query.lastId);
    if (!query.mtypes.isEmpty())
        p.emplace_back("mtypes", intList(query.mtypes));
    return p;
}

fpnn::ValueMap messageRefParams(qint64 mid, qint64 from, qint64 xid, MessageCategory category)
{
    fpnn::ValueMap p;
    p.reserve(4);
    p.emplace_back("mid", mid);
    p.emplace_back("from", from);
    const CategoryRow &row = categoryRow(category);
    p.emplace_back("xid", row.hasTarget ? xid : qint64(0));
    p.emplace_back("type", row.type);
    return p;
}

fpnn::ValueMap messageNumParams(MessageCategory category, qint64 xid, const QList<int> &mtypes,
                                qint64 begin, qint64 end)
{
    fpnn::ValueMap p;
    p.reserve(5);
    p.emplace_back("type", static_cast<int>(category));
    p.emplace_back("xid", xid);
    if (!mtypes.isEmpty())
        p.emplace_back("mtypes", intList(mtypes));
    if (begin != 0)
        p.emplace_back("begin", begin);
    if (end != 0)
        p.emplace_back("end", end);
    return p;
}

const char *historyMethod(MessageCategory category)
{
    return categoryRow(category).historyMethod;
}

} // namespace rtm::quest
