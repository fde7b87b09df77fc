#pragma once

// JSON text <-> fpnn::Value, exactly: the generic FPNN call of rtmctl (`rtmctl call`) reads
// its params with valueFromJson() and prints the answer with jsonFromValue(). QJsonDocument
// is no use here: it reads every number as a double (ids above 2^53 change) and it
// sorts object keys (the SDKs' vectors depend on key order).
//
// JSON -> Value
// - object -> map, keys in the order written; a key given twice is an error.
// - array -> array; string -> str (UTF-8); true/false -> bool; null -> nil.
// - A number without fraction and exponent is an integer, kept exactly: -2^63 .. 2^64-1
//   (above 2^63-1 it becomes a msgpack uint64). Outside that range it is an error, never a
//   rounded double. A number with '.' or an exponent is a float64 (1.0 and 1e3 are
//   floats); one outside the float64 range (1e400, 1e-400) is an error.
// - Tagged objects, recognised only when the object has exactly that one key:
//     {"$bin": "<base64>"}   msgpack bin with those bytes
//     {"$str": "<base64>"}   msgpack str with those raw bytes (need not be UTF-8)
//     {"$float": <number> | "NaN" | "Infinity" | "-Infinity"}   a float64
//     {"$map": {...}}        that object as a plain map, even if it looks like a tag
//   base64 is the standard alphabet with '=' padding, exactly as QByteArray::toBase64()
//   writes it (no whitespace, no URL alphabet); anything else is an error.
// - The text must be valid UTF-8 and one value with nothing but whitespace after it;
//   nesting is limited to maxJsonDepth levels.
//
// Value -> JSON (compact, one line)
// - map -> object in wire order; array -> array; str -> string when it is valid UTF-8,
//   else {"$str": base64}; bin -> {"$bin": base64}; integers exact; float64 in the
//   shortest form that reads back to the same double, always with '.' or 'e' so that it
//   reads back as a float ({"$float": "NaN"} etc. for the non-finite ones); a map whose
//   only key is one of the tags above is wrapped as {"$map": {...}}. Map keys that are not
//   valid UTF-8 are written with U+FFFD in place of the bad bytes (FPNN keys are ASCII).
// So jsonFromValue()'s output fed to valueFromJson() gives back the same Value (apart from
// such keys). Maps with non-string keys cannot occur: FPNN payloads have string keys only,
// and the msgpack decoder refuses anything else (20009).

#include <optional>

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include "fpnn/value.h"

namespace service {

inline constexpr int maxJsonDepth = 64;

// The Value of `json`, or nullopt with `error` set to one line saying what is wrong and
// where ("line L, column C"). The error never repeats string values (a duplicate key is
// named, truncated to 40 characters).
std::optional<fpnn::Value> valueFromJson(QByteArrayView json, QString *error);

QByteArray jsonFromValue(const fpnn::Value &value);

} // namespace service
