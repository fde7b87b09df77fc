#pragma once

// Reads quest params the way an FPNN server does: a missing required key is 10009
// (KEY_NOT_FOUND), a value of the wrong msgpack type is 10010 (TYPE_CONVERT); integers of
// any width/signedness are accepted, text may be str or bin. Values of the right type but
// unusable (an int beyond int64, a negative id) are RTM's 200034 (INVALID_PARAMETER),
// checked by the caller. The first error wins; later reads then return defaults.

#include <optional>

#include <QByteArray>
#include <QList>
#include <QString>

#include "fpnn/answer.h"
#include "fpnn/value.h"

namespace sandbox {

class ParamReader {
public:
    explicit ParamReader(const fpnn::Value &payload) : m_payload(payload) {}

    qint64 requireInt(const char *key);
    std::optional<qint64> optionalInt(const char *key);   // absent or nil = nullopt
    bool requireBool(const char *key);
    QByteArray requireBytes(const char *key, bool *binary = nullptr);
    // An array of integers; absent/nil = empty (optional) or 10009 (required).
    QList<qint64> intList(const char *key, bool required);

    void fail(int code, const QString &text);
    bool failed() const { return m_code != 0; }
    fpnn::Answer error() const { return fpnn::Answer::failure(m_code, m_text); }

private:
    const fpnn::Value *lookup(const char *key, bool required);
    std::optional<qint64> toInt(const fpnn::Value &value, const char *key);

    const fpnn::Value &m_payload;
    int m_code = 0;
    QString m_text;
};

} // namespace sandbox
