#include "rtmwire.h"

#include <QCryptographicHash>

namespace rtm {

QByteArray computeSign(qint64 pid, const QByteArray &secret, qint64 salt, const QByteArray &method, qint64 ts)
{
    // Five-part form of the current SDKs (protocol.md 3.2, 7.1); numbers in plain decimal.
    QByteArray text;
    text.reserve(secret.size() + method.size() + 64);
    text += QByteArray::number(pid);
    text += ':';
    text += secret;
    text += ':';
    text += QByteArray::number(salt);
    text += ':';
    text += method;
    text += ':';
    text += QByteArray::number(ts);
    return QCryptographicHash::hash(text, QCryptographicHash::Md5).toHex().toUpper();
}

} // namespace rtm
