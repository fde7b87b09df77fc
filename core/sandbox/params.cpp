#include "params.h"

#include "fpnn/fpnnerrorcodes.h"
#include "rtm/rtmwire.h"

namespace sandbox {

void ParamReader::fail(int code, const QString &text)
{
    if (m_code == 0) {
        m_code = code;
        m_text = text;
    }
}

const fpnn::Value *ParamReader::lookup(const char *key, bool required)
{
    if (failed())
        return nullptr;
    const fpnn::Value *v = m_payload.find(key);
    if ((!v || v->isNil()) && required) {
        if (!v)
            fail(fpnn::ProtoKeyNotFound, QStringLiteral("missing param: %1").arg(QLatin1String(key)));
        else
            fail(fpnn::ProtoTypeConvert, QStringLiteral("param %1 is nil").arg(QLatin1String(key)));
        return nullptr;
    }
    if (v && v->isNil())
        return nullptr;
    return v;
}

std::optional<qint64> ParamReader::toInt(const fpnn::Value &value, const char *key)
{
    if (!value.isInteger()) {
        fail(fpnn::ProtoTypeConvert, QStringLiteral("param %1 must be an integer").arg(QLatin1String(key)));
        return std::nullopt;
    }
    const auto v = value.toInt64();
    if (!v) {
        // An unsigned 64-bit value above INT64_MAX: right type, impossible value.
        fail(rtm::InvalidParameter, QStringLiteral("param %1 is out of range").arg(QLatin1String(key)));
        return std::nullopt;
    }
    return v;
}

qint64 ParamReader::requireInt(const char *key)
{
    const fpnn::Value *v = lookup(key, true);
    if (!v)
        return 0;
    return toInt(*v, key).value_or(0);
}

std::optional<qint64> ParamReader::optionalInt(const char *key)
{
    const fpnn::Value *v = lookup(key, false);
    if (!v)
        return std::nullopt;
    return toInt(*v, key);
}

bool ParamReader::requireBool(const char *key)
{
    const fpnn::Value *v = lookup(key, true);
    if (!v)
        return false;
    if (!v->isBool()) {
        fail(fpnn::ProtoTypeConvert, QStringLiteral("param %1 must be a bool").arg(QLatin1String(key)));
        return false;
    }
    return v->toBool().value_or(false);
}

QByteArray ParamReader::requireBytes(const char *key, bool *binary)
{
    const fpnn::Value *v = lookup(key, true);
    if (!v)
        return {};
    if (!v->isBytes()) {
        fail(fpnn::ProtoTypeConvert, QStringLiteral("param %1 must be a string").arg(QLatin1String(key)));
        return {};
    }
    if (binary)
        *binary = v->isBin();
    const std::string *b = v->bytes();
    return QByteArray(b->data(), qsizetype(b->size()));
}

QList<qint64> ParamReader::intList(const char *key, bool required)
{
    QList<qint64> out;
    const fpnn::Value *v = lookup(key, required);
    if (!v)
        return out;
    const fpnn::ValueArray *array = v->asArray();
    if (!array) {
        fail(fpnn::ProtoTypeConvert, QStringLiteral("param %1 must be an array").arg(QLatin1String(key)));
        return out;
    }
    out.reserve(qsizetype(array->size()));
    for (const fpnn::Value &item : *array) {
        const auto i = toInt(item, key);
        if (!i)
            return {};
        out.append(*i);
    }
    return out;
}

} // namespace sandbox
