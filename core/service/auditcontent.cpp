#include "auditcontent.h"

#include <algorithm>

#include "jsonwriter.h"
#include "rtm/rtmtypes.h"

namespace service {

namespace {

// Cuts UTF-8 text at `limit` bytes without splitting a character.
QByteArrayView utf8Prefix(const QByteArray &text, qsizetype limit)
{
    if (text.size() <= limit)
        return text;
    qsizetype end = limit;
    while (end > 0 && (static_cast<unsigned char>(text.at(end)) & 0xC0) == 0x80)
        --end;   // text[end] continues a character: cut before that character starts
    return QByteArrayView(text).first(end);
}

// Writes `bytes` under `key` (text when it is valid UTF-8 and not binary, else base64
// with "<key>Encoding"), bounded by maxBytes with "<key>Truncated" and "<key>Bytes".
void addBytes(JsonObject &o, const QByteArray &key, const QByteArray &bytes, bool binary)
{
    const bool asText = !binary && rtm::isValidUtf8(bytes);
    const QByteArrayView kept = asText ? utf8Prefix(bytes, AuditContent::maxBytes)
                                       : QByteArrayView(bytes).first(std::min(bytes.size(), AuditContent::maxBytes));
    if (asText)
        o.addUtf8(key.constData(), kept);
    else
        o.add(key.constData(), QString::fromLatin1(kept.toByteArray().toBase64()));
    const auto name = [&key](const char *suffix) { return QByteArray(key + suffix); };
    if (!asText)
        o.add(name("Encoding").constData(), "base64");
    if (kept.size() < bytes.size()) {
        o.add(name("Truncated").constData(), true);
        o.add(name("Bytes").constData(), qint64(bytes.size()));
    }
}

} // namespace

JsonObject AuditContent::toJson() const
{
    JsonObject o;
    switch (state) {
    case State::None:
        break;
    case State::Captured:
        o.add("mtype", mtype);
        addBytes(o, QByteArrayLiteral("message"), message, binary);
        addBytes(o, QByteArrayLiteral("attrs"), attrs, false);
        break;
    case State::NotCaptured:
        o.add("notCaptured", reason);
        break;
    }
    return o;
}

} // namespace service
