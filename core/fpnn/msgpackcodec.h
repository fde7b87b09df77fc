#pragma once

// msgpack <-> Value. Encoding uses the smallest representation (as msgpack-c and
// msgpack-python do). Decoding never allocates for a size announced by the peer:
// containers grow only as their elements are actually read, and hard limits on
// depth, container sizes and string sizes are checked before anything is kept.

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include "value.h"

namespace fpnn {

struct MsgpackLimits {
    quint32 maxDepth = 8;              // nesting of arrays/maps
    quint32 maxArrayElements = 4096;   // enough for 2,000 receivers
    quint32 maxMapPairs = 64;
    quint32 maxStringBytes = 8u * 1024 * 1024;
    quint32 maxTotalElements = 262144; // all values in one payload
};

enum class PayloadError {
    None,
    InvalidMsgpack,    // not msgpack at all, or a reserved type byte
    Truncated,         // the value ends before the bytes do
    TrailingBytes,     // bytes left after one complete value
    LimitExceeded,     // depth / size limit hit
    UnsupportedType,   // ext types never occur in FPNN payloads
    NotAMap,           // payload root is not a map (FPNN 10006)
    NonStringKey,      // a map key is not a str (FPNN 10005)
};

struct PayloadDecodeResult {
    Value value;
    PayloadError error = PayloadError::None;
    QString message;   // human-readable reason when error != None
    bool ok() const { return error == PayloadError::None; }
};

QByteArray encodeMsgpack(const Value &value);

// Decodes exactly one msgpack value that must fill all of bytes.
PayloadDecodeResult decodeMsgpack(QByteArrayView bytes, const MsgpackLimits &limits = {});

// An FPNN payload: one msgpack map whose keys are all strings.
PayloadDecodeResult decodePayload(QByteArrayView bytes, const MsgpackLimits &limits = {});

QString payloadErrorName(PayloadError error);

} // namespace fpnn
