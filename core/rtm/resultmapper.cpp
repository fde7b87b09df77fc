#include "resultmapper.h"

#include <limits>

#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>

#include "categorytable.h"
#include "fpnn/fpnnerrorcodes.h"
#include "historypagereader.h"

namespace rtm::result {

namespace {

RtmError badField(const char *field, const char *expected)
{
    return RtmError::fromCode(fpnn::CoreInvalidPackage,
                              QStringLiteral("answer field '%1' is not %2")
                                  .arg(QLatin1String(field), QLatin1String(expected)));
}

// Field readers: absent/nil -> default and true; wrong type -> false.
bool readInt(const fpnn::Value *v, qint64 *out)
{
    if (!v || v->isNil())
        return true;
    auto n = v->toInt64();
    if (!n)
        return false;   // not an integer, or above int64 (no RTM field can be)
    *out = *n;
    return true;
}

bool readBool(const fpnn::Value *v, bool *out)
{
    if (!v || v->isNil())
        return true;
    if (auto b = v->toBool()) {
        *out = *b;
        return true;
    }
    if (auto n = v->toInt64()) {   // some servers write flags as 0/1
        *out = *n != 0;
        return true;
    }
    return false;
}

bool readBytes(const fpnn::Value *v, QByteArray *out, bool *isBinary = nullptr)
{
    if (!v || v->isNil())
        return true;
    const std::string *b = v->bytes();
    if (!b)
        return false;
    *out = QByteArray(b->data(), static_cast<qsizetype>(b->size()));
    if (isBinary)
        *isBinary = v->isBin();
    return true;
}

bool fitsInt(qint64 v)
{
    return v >= std::numeric_limits<int>::min() && v <= std::numeric_limits<int>::max();
}

RtmError requireMap(const fpnn::Value &payload)
{
    if (!payload.isMap())
        return RtmError::fromCode(fpnn::CoreInvalidPackage, QStringLiteral("answer is not a map"));
    return RtmError::none();
}

// One 8-element row [id, from, mtype, mid, deleted, msg, attrs, mtime].
RtmError toHistoryMessage(const fpnn::ValueArray &row, const HistoryContext &context, HistoryMessage *m)
{
    qint64 from = 0;
    qint64 mtype = 0;
    if (!readInt(&row[0], &m->cursorId))
        return badField("msgs[].id", "an integer");
    if (!readInt(&row[1], &from))
        return badField("msgs[].from", "an integer");
    if (!readInt(&row[2], &mtype) || !fitsInt(mtype))
        return badField("msgs[].mtype", "an integer");
    if (!readInt(&row[3], &m->messageId))
        return badField("msgs[].mid", "an integer");
    if (!readBool(&row[4], &m->deleted))
        return badField("msgs[].deleted", "a bool");
    if (!readBytes(&row[5], &m->message, &m->messageIsBinary))
        return badField("msgs[].msg", "str or bin");
    if (!readBytes(&row[6], &m->attrs))
        return badField("msgs[].attrs", "str or bin");
    if (!readInt(&row[7], &m->modifiedTime))
        return badField("msgs[].mtime", "an integer");
    m->messageType = static_cast<int>(mtype);
    finishHistoryMessage(from, context, m);
    return RtmError::none();
}

} // namespace

void finishHistoryMessage(qint64 from, const HistoryContext &context, HistoryMessage *m)
{
    const CategoryRow &row = categoryRow(context.category);
    if (row.historyFromIsDirection) {
        // `from` is a direction code here: 1 = uid -> ouid, anything else ouid -> uid.
        if (from == static_cast<int>(P2PDirection::FromUidToOuid)) {
            m->fromUid = context.uid;
            m->toId = context.target;
        } else {
            m->fromUid = context.target;
            m->toId = context.uid;
        }
    } else {
        m->fromUid = from;
        m->toId = row.hasTarget ? context.target : 0;   // gid/rid like the C++ SDK; none for broadcast
    }
    m->fileInfo = parseFileInfo(m->messageType, m->message, m->attrs);
}

RtmError errorFromAnswer(const fpnn::Answer &answer)
{
    if (answer.ok())
        return RtmError::none();
    return RtmError::fromCode(answer.code, answer.errorText);
}

RtmError toSendResult(const fpnn::Value &payload, qint64 sentMid, SendResult *out)
{
    if (RtmError e = requireMap(payload))
        return e;
    SendResult r;
    r.mid = sentMid;
    if (!readInt(payload.find("mtime"), &r.mtime))
        return badField("mtime", "an integer");
    *out = r;
    return RtmError::none();
}

RtmError toHistoryPage(const fpnn::Value &payload, const HistoryContext &context, HistoryPage *out)
{
    if (RtmError e = requireMap(payload))
        return e;
    HistoryPage page;
    qint64 num = 0;
    if (!readInt(payload.find("num"), &num) || !fitsInt(num))
        return badField("num", "an integer");
    page.count = static_cast<int>(num);
    if (!readInt(payload.find("lastid"), &page.lastCursorId))
        return badField("lastid", "an integer");
    if (!readInt(payload.find("begin"), &page.beginMsec))
        return badField("begin", "an integer");
    if (!readInt(payload.find("end"), &page.endMsec))
        return badField("end", "an integer");

    if (const fpnn::Value *msgs = payload.find("msgs"); msgs && !msgs->isNil()) {
        const fpnn::ValueArray *rows = msgs->asArray();
        if (!rows)
            return badField("msgs", "an array");
        page.messages.reserve(rows->size());
        for (const fpnn::Value &rowValue : *rows) {
            const fpnn::ValueArray *row = rowValue.asArray();
            if (!row || row->size() != 8)
                continue;   // the SDKs skip rows of another shape
            HistoryMessage m;
            if (RtmError e = toHistoryMessage(*row, context, &m))
                return e;
            page.messages.push_back(std::move(m));
        }
    }
    *out = std::move(page);
    return RtmError::none();
}

RtmError toHistoryPage(const fpnn::Answer &answer, const HistoryContext &context, const fpnn::MsgpackLimits &limits,
                       HistoryPage *out)
{
    if (!answer.ok())
        return errorFromAnswer(answer);
    if (!answer.isPacked())
        return toHistoryPage(answer.payload, context, out);
    if (readHistoryPage(answer.packedPayload, context, limits, out))
        return RtmError::none();
    // Anything the fast reader does not take goes the generic way, which names the problem
    // exactly as it always did (unreadable answer, wrong field type, ...).
    fpnn::Frame frame;
    frame.kind = fpnn::FrameKind::Answer;
    frame.payload = answer.packedPayload;
    const fpnn::Answer decoded = fpnn::answerFromFrame(frame, limits);
    if (!decoded.ok())
        return errorFromAnswer(decoded);
    return toHistoryPage(decoded.payload, context, out);
}

RtmError toMessageInfo(const fpnn::Value &payload, MessageInfo *out)
{
    if (RtmError e = requireMap(payload))
        return e;
    MessageInfo info;
    qint64 mtype = 0;
    if (!readInt(payload.find("id"), &info.cursorId))
        return badField("id", "an integer");
    if (!readInt(payload.find("mtype"), &mtype) || !fitsInt(mtype))
        return badField("mtype", "an integer");
    if (!readBytes(payload.find("msg"), &info.message, &info.messageIsBinary))
        return badField("msg", "str or bin");
    if (!readBytes(payload.find("attrs"), &info.attrs))
        return badField("attrs", "str or bin");
    if (!readInt(payload.find("mtime"), &info.modifiedTime))
        return badField("mtime", "an integer");
    info.messageType = static_cast<int>(mtype);
    info.fileInfo = parseFileInfo(info.messageType, info.message, info.attrs);
    *out = std::move(info);
    return RtmError::none();
}

RtmError toMessageCount(const fpnn::Value &payload, MessageCount *out)
{
    if (RtmError e = requireMap(payload))
        return e;
    MessageCount c;
    if (!readInt(payload.find("sender"), &c.sender))
        return badField("sender", "an integer");
    if (!readInt(payload.find("num"), &c.num))
        return badField("num", "an integer");
    *out = c;
    return RtmError::none();
}

std::optional<FileInfo> parseFileInfo(int mtype, const QByteArray &message, const QByteArray &attrs)
{
    if (!limits::isFileMtype(mtype))
        return std::nullopt;
    const QJsonDocument body = QJsonDocument::fromJson(message);
    if (!body.isObject())
        return std::nullopt;
    const QJsonObject b = body.object();
    FileInfo info;
    info.url = b.value(QLatin1String("url")).toString();
    info.size = b.value(QLatin1String("size")).toInteger();
    info.surl = b.value(QLatin1String("surl")).toString();

    const QJsonDocument a = QJsonDocument::fromJson(attrs);
    const QJsonObject rtmAttrs = a.object().value(QLatin1String("rtm")).toObject();
    info.fileName = rtmAttrs.value(QLatin1String("filename")).toString();
    if (rtmAttrs.value(QLatin1String("type")).toString() == QLatin1String("audiomsg")) {
        info.isRtmAudio = true;
        info.language = rtmAttrs.value(QLatin1String("lang")).toString();
        info.duration = rtmAttrs.value(QLatin1String("duration")).toInteger();
    }
    return info;
}

} // namespace rtm::result
