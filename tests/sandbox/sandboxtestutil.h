#pragma once

// Helpers shared by the sandbox tests.

#include <QDateTime>

#include "fpnn/value.h"
#include "sandbox/messagestore.h"

namespace sandboxtest {

inline fpnn::Value mapOf(std::initializer_list<std::pair<const char *, fpnn::Value>> items)
{
    fpnn::Value m = fpnn::Value::map();
    for (const auto &[k, v] : items)
        m.insert(k, v);
    return m;
}

inline qint64 intField(const fpnn::Value &v, const char *key, qint64 missing = -1)
{
    const fpnn::Value *f = v.find(key);
    if (!f)
        return missing;
    return f->toInt64().value_or(missing);
}

inline sandbox::StoredMessage message(sandbox::Category c, qint64 from, qint64 to, qint64 mid, int mtype,
                                      qint64 mtime, const QByteArray &msg = "hi")
{
    sandbox::StoredMessage m;
    m.category = c;
    m.from = from;
    m.to = to;
    m.mid = mid;
    m.mtype = quint8(mtype);
    m.mtime = mtime;
    m.msg = msg;
    return m;
}

inline qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace sandboxtest
