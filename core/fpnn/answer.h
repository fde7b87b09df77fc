#pragma once

// The outcome of a twoway quest: the peer's result map, or an error code with text.
// Local failures (timeout, closed connection, unreadable answer) use the FPNN codes.

#include <QString>

#include "frame.h"
#include "msgpackcodec.h"
#include "value.h"

namespace fpnn {

struct Answer {
    int code = 0;          // 0 = OK; otherwise an FPNN or RTM error code
    QString errorText;     // the peer's "ex", or the local reason
    Value payload;         // OK answers: the result map

    bool ok() const { return code == 0; }
    static Answer success(Value payload = Value::map());
    static Answer failure(int code, QString text);
};

// Reads an answer frame. Error answers give {code, ex}: a missing code becomes 10001 and
// a non-string ex (the Python SDK writes the number) is turned into text, as the SDKs
// are lenient there. An unreadable payload gives 20009 (CoreInvalidPackage).
Answer answerFromFrame(const Frame &frame, const MsgpackLimits &limits = {});

// Builds the answer frame for a quest's seq and version byte (FPNN mirrors the quest's
// version). Error answers carry status 1 and {code, ex}.
Frame frameForAnswer(const Answer &answer, quint32 seq, quint8 version);

} // namespace fpnn
