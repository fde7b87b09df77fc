#include "output.h"

#include "service/jsonwriter.h"

namespace rtmctl {

using service::JsonArray;
using service::JsonObject;

namespace {

// Text when the bytes are valid UTF-8, else base64 under "<key>Base64".
void addBytes(JsonObject &o, const char *key, const char *base64Key, const QByteArray &bytes)
{
    if (rtm::isValidUtf8(bytes))
        o.add(key, QString::fromUtf8(bytes));
    else
        o.add(base64Key, QString::fromLatin1(bytes.toBase64()));
}

} // namespace

QByteArray sendJson(const rtm::SendResult &result)
{
    return JsonObject().add("mid", result.mid).add("mtime", result.mtime).toJson();
}

namespace {
JsonObject rowObject(const rtm::HistoryMessage &m)
{
    JsonObject o;
    o.add("cursorId", m.cursorId)
        .add("fromUid", m.fromUid)
        .add("toId", m.toId)
        .add("messageType", m.messageType)
        .add("messageId", m.messageId);
    addBytes(o, "message", "messageBase64", m.message);
    addBytes(o, "attrs", "attrsBase64", m.attrs);
    o.add("modifiedTime", m.modifiedTime);
    if (m.deleted)
        o.add("deleted", true);
    return o;
}
} // namespace

QByteArray historyJson(const rtm::HistoryPage &lastPage, const std::vector<rtm::HistoryMessage> &rows, qint64 count,
                       bool includeDeleted)
{
    JsonArray messages;
    for (const rtm::HistoryMessage &m : rows) {
        if (m.deleted && !includeDeleted)
            continue;
        messages.append(rowObject(m));
    }
    return JsonObject()
        .add("count", count)
        .add("lastCursorId", lastPage.lastCursorId)
        .add("beginMsec", lastPage.beginMsec)
        .add("endMsec", lastPage.endMsec)
        .add("messages", messages)
        .toJson();
}

QByteArray messageJson(const rtm::HistoryMessage &message)
{
    return rowObject(message).toJson();
}

QByteArray deleteJson()
{
    return JsonObject().add("ok", true).toJson();
}

QByteArray infoJson(const rtm::MessageInfo &info)
{
    JsonObject o;
    o.add("cursorId", info.cursorId).add("messageType", info.messageType);
    addBytes(o, "message", "messageBase64", info.message);
    addBytes(o, "attrs", "attrsBase64", info.attrs);
    o.add("modifiedTime", info.modifiedTime);
    return o.toJson();
}

QByteArray countJson(const rtm::MessageCount &count)
{
    return JsonObject().add("sender", count.sender).add("num", count.num).toJson();
}

QByteArray checkJson(int latencyMs)
{
    return JsonObject().add("ok", true).add("latencyMs", latencyMs).toJson();
}

QByteArray errorJson(const rtm::RtmError &error)
{
    return JsonObject()
        .add("error", JsonObject().add("code", error.code).add("name", error.name).add("message", error.message))
        .toJson();
}

} // namespace rtmctl
