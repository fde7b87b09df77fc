#include "rtmtypes.h"

#include <QStringDecoder>

namespace rtm {

bool isValidUtf8(const QByteArray &bytes)
{
    // A str on the wire need not be UTF-8 (vector answer_with_invalid_utf8_str); callers
    // use this to decide between showing text and showing hex.
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString ignored = decoder.decode(bytes);
    Q_UNUSED(ignored);
    return !decoder.hasError();
}

bool HistoryMessage::messageIsValidUtf8() const
{
    return isValidUtf8(message);
}

} // namespace rtm
