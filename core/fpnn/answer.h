#pragma once

// The outcome of a twoway quest: the peer's result map, or an error code with text.
// Local failures (timeout, closed connection, unreadable answer) use the FPNN codes.

#include <QByteArray>
#include <QString>

#include "frame.h"
#include "msgpackcodec.h"
#include "value.h"

namespace fpnn {

struct Answer {
    int code = 0;          // 0 = OK; otherwise an FPNN or RTM error code
    QString errorText;     // the peer's "ex", or the local reason
    Value payload;         // OK answers: the result map (empty when it is packed instead)
    // OK answers whose result map is kept as msgpack bytes instead of a Value tree, for hot
    // paths that skip the tree: set by a handler that packed its answer itself (see
    // packed(); frameForAnswer sends the bytes as they are), or by answerFromFrame with
    // AnswerPayload::Packed (the caller reads the bytes; they were not checked). Else empty.
    QByteArray packedPayload;

    bool ok() const { return code == 0; }
    bool isPacked() const { return !packedPayload.isEmpty(); }
    static Answer success(Value payload = Value::map());
    // An OK answer whose result map the caller already packed (one msgpack map).
    static Answer packed(QByteArray msgpackMap);
    static Answer failure(int code, QString text);
};

// How answerFromFrame hands over an OK answer's result map.
enum class AnswerPayload {
    Tree,     // decoded into Answer::payload (checked: unreadable -> 20009)
    Packed,   // left as bytes in Answer::packedPayload, for a caller with its own reader
};

// Reads an answer frame. Error answers give {code, ex}: a missing code becomes 10001 and
// a non-string ex (the Python SDK writes the number) is turned into text, as the SDKs
// are lenient there. An unreadable payload gives 20009 (CoreInvalidPackage); with
// AnswerPayload::Packed an OK answer is not decoded here (error answers still are).
Answer answerFromFrame(const Frame &frame, const MsgpackLimits &limits = {},
                       AnswerPayload form = AnswerPayload::Tree);

// Builds the answer frame for a quest's seq and version byte (FPNN mirrors the quest's
// version). Error answers carry status 1 and {code, ex}.
Frame frameForAnswer(const Answer &answer, quint32 seq, quint8 version);

} // namespace fpnn
