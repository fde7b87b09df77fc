#pragma once

// Quest payloads of the 12 Message API methods as pure functions (protocol.md 3.1, 4.1).
// Keys come in the Python SDK's order — pid, sign, salt, ts, then the method's params,
// then optional params only when they are set — so that our bytes equal the vectors'.

#include <QByteArray>
#include <QList>

#include "fpnn/value.h"
#include "rtmtypes.h"
#include "rtmwire.h"

namespace rtm::quest {

// The four authentication keys every quest starts with (protocol.md 3.1).
struct Auth {
    qint64 pid = 0;
    QByteArray sign;
    qint64 salt = 0;
    qint64 ts = 0;   // seconds

    // Signs `method` with `secret` (protocol.md 3.2).
    static Auth make(qint64 pid, const QByteArray &secret, qint64 salt, const QByteArray &method, qint64 ts);
};

// pid, sign, salt, ts followed by params in their order.
fpnn::Value withAuth(const Auth &auth, const fpnn::ValueMap &params);

// The message body as str, or bin when it is binary (vector sendmsg_binary).
fpnn::Value bodyValue(const MessageBody &body);

// num as sent: the service allows 1..20 per call, so larger values are clamped to 20
// (protocol.md 7.4) and smaller ones raised to 1.
int clampHistoryNum(int num);

// --- method params (everything after ts) ---
fpnn::ValueMap sendMessageParams(int mtype, qint64 from, qint64 to, qint64 mid,
                                 const MessageBody &body, const QByteArray &attrs);
fpnn::ValueMap sendMessagesParams(int mtype, qint64 from, const QList<qint64> &tos, qint64 mid,
                                  const MessageBody &body, const QByteArray &attrs);
fpnn::ValueMap sendGroupMessageParams(int mtype, qint64 from, qint64 gid, qint64 mid,
                                      const MessageBody &body, const QByteArray &attrs);
fpnn::ValueMap sendRoomMessageParams(int mtype, qint64 from, qint64 rid, qint64 mid,
                                     const MessageBody &body, const QByteArray &attrs);
fpnn::ValueMap broadcastMessageParams(int mtype, qint64 from, qint64 mid,
                                      const MessageBody &body, const QByteArray &attrs);

// History: uid, [gid|rid|ouid], desc, num, [begin], [end], [lastid], [mtypes].
fpnn::ValueMap historyParams(MessageCategory category, qint64 uid, qint64 target, const HistoryQuery &query);

// delmsg and getmsg: mid, from, xid, type (xid is 0 for broadcast).
fpnn::ValueMap messageRefParams(qint64 mid, qint64 from, qint64 xid, MessageCategory category);

// getmsgnum: type, xid, [mtypes], [begin], [end].
fpnn::ValueMap messageNumParams(MessageCategory category, qint64 xid, const QList<int> &mtypes,
                                qint64 begin, qint64 end);

// Wire method of the history call for a category.
const char *historyMethod(MessageCategory category);

} // namespace rtm::quest
