#include "answer.h"

#include "fpnnerrorcodes.h"

namespace fpnn {

Answer Answer::success(Value payload)
{
    Answer a;
    a.payload = payload.isMap() ? std::move(payload) : Value::map();
    return a;
}

Answer Answer::packed(QByteArray msgpackMap)
{
    Answer a;
    a.payload = Value::map();
    a.packedPayload = std::move(msgpackMap);
    return a;
}

Answer Answer::failure(int code, QString text)
{
    Answer a;
    a.code = code == 0 ? CoreUnknownError : code;
    a.errorText = std::move(text);
    a.payload = Value::map();
    return a;
}

Answer answerFromFrame(const Frame &frame, const MsgpackLimits &limits, AnswerPayload form)
{
    if (frame.status == 0 && form == AnswerPayload::Packed && !frame.payload.isEmpty())
        return Answer::packed(frame.payload);   // shares the frame's bytes
    PayloadDecodeResult decoded = decodePayload(frame.payload, limits);
    if (!decoded.ok())
        return Answer::failure(CoreInvalidPackage, QStringLiteral("unreadable answer: %1").arg(decoded.message));
    if (frame.status == 0)
        return Answer::success(std::move(decoded.value));

    int code = ProtoUnknownError;
    if (const Value *c = decoded.value.find("code")) {
        if (auto n = c->toInt64(); n && *n > 0 && *n <= 0x7fffffff)
            code = static_cast<int>(*n);
    }
    QString text = QStringLiteral("unknown error");
    if (const Value *ex = decoded.value.find("ex")) {
        if (const std::string *b = ex->bytes())
            text = QString::fromUtf8(b->data(), static_cast<qsizetype>(b->size()));
        else if (auto n = ex->toInt64())
            text = QString::number(*n);
    }
    return Answer::failure(code, text);
}

Frame frameForAnswer(const Answer &answer, quint32 seq, quint8 version)
{
    Frame f;
    f.kind = FrameKind::Answer;
    f.seq = seq;
    f.version = version;
    if (answer.ok()) {
        f.status = 0;
        if (answer.isPacked())
            f.payload = answer.packedPayload;
        else
            f.payload = encodeMsgpack(answer.payload.isMap() ? answer.payload : Value::map());
    } else {
        f.status = 1;
        Value body = Value::map();
        body.insert("code", answer.code);
        body.insert("ex", answer.errorText);
        f.payload = encodeMsgpack(body);
    }
    return f;
}

} // namespace fpnn
