#include "methods.h"

#include <unordered_set>

#include "fpnn/fpnnerrorcodes.h"
#include "historyanswer.h"
#include "journal.h"
#include "params.h"
#include "rtm/rtmwire.h"
#include "sandboxlog.h"

namespace sandbox {

namespace {

fpnn::Answer invalid(const QString &text)
{
    return fpnn::Answer::failure(rtm::InvalidParameter, text);
}

fpnn::Value body(const QByteArray &bytes, bool binary)
{
    return binary ? fpnn::Value::bin(bytes) : fpnn::Value::str(bytes);
}

// Shared checks of mtype lists (history filters, getmsgnum).
bool validMtypes(const QList<qint64> &mtypes, QList<int> *out, fpnn::Answer *error)
{
    for (qint64 t : mtypes) {
        if (t < rtm::limits::MinMtype || t > rtm::limits::MaxMtype) {
            *error = fpnn::Answer::failure(rtm::InvalidMtype, QStringLiteral("invalid mtype %1 in mtypes, should be in [1-127]").arg(t));
            return false;
        }
        out->append(int(t));
    }
    return true;
}

} // namespace

const std::vector<MessageMethods::Entry> &MessageMethods::table()
{
    static const std::vector<Entry> entries = {
        {rtm::method::SendMsg, &MessageMethods::sendMsg},
        {rtm::method::SendMsgs, &MessageMethods::sendMsgs},
        {rtm::method::SendGroupMsg, &MessageMethods::sendGroupMsg},
        {rtm::method::SendRoomMsg, &MessageMethods::sendRoomMsg},
        {rtm::method::BroadcastMsg, &MessageMethods::broadcastMsg},
        {rtm::method::GetP2PMsg, &MessageMethods::getP2PMsg},
        {rtm::method::GetGroupMsg, &MessageMethods::getGroupMsg},
        {rtm::method::GetRoomMsg, &MessageMethods::getRoomMsg},
        {rtm::method::GetBroadcastMsg, &MessageMethods::getBroadcastMsg},
        {rtm::method::DelMsg, &MessageMethods::delMsg},
        {rtm::method::GetMsg, &MessageMethods::getMsg},
        {rtm::method::GetMsgNum, &MessageMethods::getMsgNum},
    };
    return entries;
}

bool MessageMethods::storeCall(std::vector<StoredMessage> &copies, QString *error)
{
    qint64 lastId = m_store.lastId();
    qint64 lastMtime = m_store.lastMtime();
    for (StoredMessage &copy : copies) {
        if (copy.id == 0)
            copy.id = lastId + 1;
        if (copy.id <= lastId || copy.mtime < lastMtime || copy.mtime <= 0) {
            *error = QStringLiteral("store refused the message");
            return false;   // do not journal what the store would not take
        }
        lastId = copy.id;
        lastMtime = copy.mtime;
    }
    if (m_journal && !m_journal->appendMessages(copies)) {
        *error = QStringLiteral("journal write failed: %1").arg(m_journal->errorString());
        return false;
    }
    for (const StoredMessage &copy : copies) {
        if (m_store.append(copy) == 0) {   // cannot happen after the checks above
            *error = QStringLiteral("store refused the message");
            return false;
        }
    }
    return true;
}

fpnn::Answer MessageMethods::send(const fpnn::Value &params, Category category, const char *targetKey, qint64 nowMs)
{
    ParamReader p(params);
    const qint64 mtype = p.requireInt("mtype");
    const qint64 from = p.requireInt("from");
    qint64 target = 0;
    QList<qint64> tos;
    if (category == Category::P2P && qstrcmp(targetKey, "tos") == 0)
        tos = p.intList("tos", true);
    else if (targetKey)
        target = p.requireInt(targetKey);
    const qint64 mid = p.requireInt("mid");
    bool binary = false;
    const QByteArray msg = p.requireBytes("msg", &binary);
    const QByteArray attrs = p.requireBytes("attrs");
    if (p.failed())
        return p.error();

    if (mtype < rtm::limits::MinMtype || mtype > rtm::limits::MaxMtype)
        return fpnn::Answer::failure(rtm::InvalidMtype, QStringLiteral("invalid mtype, should be in [1-127]"));
    if (from <= 0)
        return invalid(QStringLiteral("from must be a positive uid"));
    const bool fanOut = targetKey && qstrcmp(targetKey, "tos") == 0;
    if (fanOut) {
        if (tos.isEmpty())
            return fpnn::Answer::failure(rtm::EmptyParameter, QStringLiteral("tos is empty"));
        if (tos.size() > rtm::limits::MaxReceivers)
            return fpnn::Answer::failure(rtm::TooManyItemsInParameters,
                                         QStringLiteral("tos has %1 receivers, at most %2").arg(tos.size()).arg(rtm::limits::MaxReceivers));
        for (qint64 to : tos)
            if (to <= 0)
                return invalid(QStringLiteral("tos must hold positive uids"));
    } else if (targetKey && target <= 0) {
        return invalid(QStringLiteral("%1 must be positive").arg(QLatin1String(targetKey)));
    }
    if (mid <= 0)
        return invalid(QStringLiteral("mid must be positive"));
    if (msg.size() > rtm::limits::MaxMessageBytes || attrs.size() > rtm::limits::MaxAttrsBytes)
        return fpnn::Answer::failure(rtm::LargeMessageOrAttrs,
                                     QStringLiteral("message (%1 bytes, max %2) or attrs (%3 bytes, max %4) too large")
                                         .arg(msg.size()).arg(rtm::limits::MaxMessageBytes)
                                         .arg(attrs.size()).arg(rtm::limits::MaxAttrsBytes));

    // One stored message per distinct receiver; all or nothing on a duplicate mid.
    QList<qint64> targets;
    if (fanOut) {
        std::unordered_set<qint64> seen;
        for (qint64 to : tos)
            if (seen.insert(to).second)
                targets.append(to);
    } else {
        targets.append(target);
    }
    for (qint64 t : targets)
        if (m_store.contains(MessageRef{category, from, t, mid}))
            return fpnn::Answer::failure(rtm::DuplicatedMid, QStringLiteral("duplicated mid %1").arg(mid));

    // All copies of one call share one mtime: the SDKs read the answer's mtime as every
    // receiver's. Ids keep them in order.
    const qint64 mtime = m_store.nextMtime(nowMs);
    std::vector<StoredMessage> copies;
    copies.reserve(size_t(targets.size()));
    for (qint64 t : targets) {
        StoredMessage m;
        m.category = category;
        m.mtype = quint8(mtype);
        m.from = from;
        m.to = t;
        m.mid = mid;
        m.binary = binary;
        m.msg = msg;
        m.attrs = attrs;
        m.mtime = mtime;
        copies.push_back(std::move(m));
    }
    QString error;
    if (!storeCall(copies, &error))
        return fpnn::Answer::failure(rtm::UnknownError, error);
    fpnn::Value answer = fpnn::Value::map();
    answer.insert("mtime", mtime);
    return fpnn::Answer::success(std::move(answer));
}

fpnn::Answer MessageMethods::sendMsg(const fpnn::Value &params, qint64 nowMs)
{
    return send(params, Category::P2P, "to", nowMs);
}

fpnn::Answer MessageMethods::sendMsgs(const fpnn::Value &params, qint64 nowMs)
{
    return send(params, Category::P2P, "tos", nowMs);
}

fpnn::Answer MessageMethods::sendGroupMsg(const fpnn::Value &params, qint64 nowMs)
{
    return send(params, Category::Group, "gid", nowMs);
}

fpnn::Answer MessageMethods::sendRoomMsg(const fpnn::Value &params, qint64 nowMs)
{
    return send(params, Category::Room, "rid", nowMs);
}

fpnn::Answer MessageMethods::broadcastMsg(const fpnn::Value &params, qint64 nowMs)
{
    return send(params, Category::Broadcast, nullptr, nowMs);
}

fpnn::Answer MessageMethods::history(const fpnn::Value &params, Category category, const char *targetKey)
{
    ParamReader p(params);
    const qint64 uid = p.requireInt("uid");
    const qint64 target = targetKey ? p.requireInt(targetKey) : 0;
    const bool desc = p.requireBool("desc");
    const qint64 num = p.requireInt("num");
    const qint64 begin = p.optionalInt("begin").value_or(0);
    const qint64 end = p.optionalInt("end").value_or(0);
    const qint64 lastId = p.optionalInt("lastid").value_or(0);
    const QList<qint64> rawMtypes = p.intList("mtypes", false);
    if (p.failed())
        return p.error();

    if (uid <= 0)
        return invalid(QStringLiteral("uid must be positive"));
    if (targetKey && target <= 0)
        return invalid(QStringLiteral("%1 must be positive").arg(QLatin1String(targetKey)));
    if (num <= 0)
        return invalid(QStringLiteral("num must be positive"));
    if (begin < 0 || end < 0 || lastId < 0)
        return invalid(QStringLiteral("begin, end and lastid must not be negative"));
    HistoryRequest request;
    fpnn::Answer error;
    if (!validMtypes(rawMtypes, &request.mtypes, &error))
        return error;

    request.conversation = category == Category::P2P ? ConversationKey::p2p(uid, target)
                                                     : ConversationKey::of(category, target);
    request.desc = desc;
    request.num = int(qMin<qint64>(num, rtm::limits::MaxHistoryRows));   // clamp, no error (7.4)
    request.begin = begin;
    request.end = end;
    request.lastId = lastId;
    const HistoryResult result = m_store.history(request);
    return fpnn::Answer::packed(packHistoryAnswer(result, category, uid));
}

fpnn::Answer MessageMethods::getP2PMsg(const fpnn::Value &params, qint64)
{
    return history(params, Category::P2P, "ouid");
}

fpnn::Answer MessageMethods::getGroupMsg(const fpnn::Value &params, qint64)
{
    return history(params, Category::Group, "gid");
}

fpnn::Answer MessageMethods::getRoomMsg(const fpnn::Value &params, qint64)
{
    return history(params, Category::Room, "rid");
}

fpnn::Answer MessageMethods::getBroadcastMsg(const fpnn::Value &params, qint64)
{
    return history(params, Category::Broadcast, nullptr);
}

namespace {

// (mid, from, xid, type) of delmsg/getmsg, validated.
std::optional<MessageRef> readRef(const fpnn::Value &params, fpnn::Answer *error)
{
    ParamReader p(params);
    const qint64 mid = p.requireInt("mid");
    const qint64 from = p.requireInt("from");
    const qint64 xid = p.requireInt("xid");
    const qint64 type = p.requireInt("type");
    if (p.failed()) {
        *error = p.error();
        return std::nullopt;
    }
    if (type < 1 || type > 4) {
        *error = invalid(QStringLiteral("type must be 1 (p2p), 2 (group), 3 (room) or 4 (broadcast)"));
        return std::nullopt;
    }
    if (from <= 0 || mid <= 0) {
        *error = invalid(QStringLiteral("from and mid must be positive"));
        return std::nullopt;
    }
    const Category category = Category(type);
    if (category == Category::Broadcast ? xid != 0 : xid <= 0) {
        *error = invalid(category == Category::Broadcast ? QStringLiteral("xid must be 0 for broadcast")
                                                         : QStringLiteral("xid must be positive"));
        return std::nullopt;
    }
    return MessageRef{category, from, xid, mid};
}

} // namespace

fpnn::Answer MessageMethods::delMsg(const fpnn::Value &params, qint64)
{
    fpnn::Answer error;
    const auto ref = readRef(params, &error);
    if (!ref)
        return error;
    const StoredMessage *m = m_store.find(*ref);
    if (!m)
        return fpnn::Answer::failure(rtm::MessageNotFound, QStringLiteral("message not found"));
    if (!m->deleted) {   // a second delete succeeds without a second journal record (7.7)
        const qint64 id = m->id;
        if (m_journal && !m_journal->appendDelete(id))   // journal first: a failure deletes nothing
            return fpnn::Answer::failure(rtm::UnknownError,
                                         QStringLiteral("journal write failed: %1").arg(m_journal->errorString()));
        m_store.markDeleted(id);
    }
    return fpnn::Answer::success();
}

fpnn::Answer MessageMethods::getMsg(const fpnn::Value &params, qint64)
{
    fpnn::Answer error;
    const auto ref = readRef(params, &error);
    if (!ref)
        return error;
    const StoredMessage *m = m_store.find(*ref);
    if (!m || m->deleted)
        return fpnn::Answer::failure(rtm::MessageNotFound, QStringLiteral("message not found"));
    fpnn::Value answer = fpnn::Value::map();
    answer.insert("id", m->id);
    answer.insert("mtype", int(m->mtype));
    answer.insert("msg", body(m->msg, m->binary));
    answer.insert("attrs", fpnn::Value::str(m->attrs));
    answer.insert("mtime", m->mtime);
    return fpnn::Answer::success(std::move(answer));
}

fpnn::Answer MessageMethods::getMsgNum(const fpnn::Value &params, qint64)
{
    ParamReader p(params);
    const qint64 type = p.requireInt("type");
    const qint64 xid = p.requireInt("xid");
    const QList<qint64> rawMtypes = p.intList("mtypes", false);
    const qint64 begin = p.optionalInt("begin").value_or(0);
    const qint64 end = p.optionalInt("end").value_or(0);
    if (p.failed())
        return p.error();
    if (type != int(Category::Group) && type != int(Category::Room))   // 7.12
        return invalid(QStringLiteral("type must be 2 (group) or 3 (room)"));
    if (xid <= 0)
        return invalid(QStringLiteral("xid must be positive"));
    if (begin < 0 || end < 0)
        return invalid(QStringLiteral("begin and end must not be negative"));
    QList<int> mtypes;
    fpnn::Answer error;
    if (!validMtypes(rawMtypes, &mtypes, &error))
        return error;
    const MessageCountResult count = m_store.count(ConversationKey::of(Category(type), xid), mtypes, begin, end);
    fpnn::Value answer = fpnn::Value::map();
    answer.insert("sender", count.senders);
    answer.insert("num", count.num);
    return fpnn::Answer::success(std::move(answer));
}

} // namespace sandbox
