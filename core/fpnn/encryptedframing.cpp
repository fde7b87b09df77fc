#include "encryptedframing.h"

#include <cstring>

#include <QtEndian>

#include "frame.h"

namespace fpnn {

QString encryptedFramingErrorName(EncryptedFramingError error)
{
    switch (error) {
    case EncryptedFramingError::None: return QStringLiteral("none");
    case EncryptedFramingError::Oversized: return QStringLiteral("encrypted frame too large");
    case EncryptedFramingError::TooShort: return QStringLiteral("encrypted package too short");
    case EncryptedFramingError::NotAFrame: return QStringLiteral("decrypted data is not an FPNN frame");
    case EncryptedFramingError::LengthMismatch: return QStringLiteral("package length disagrees with the frame");
    case EncryptedFramingError::CipherFailure: return QStringLiteral("cipher failure");
    }
    return QStringLiteral("unknown");
}

std::optional<quint64> frameLengthFromHeader(const char *header)
{
    if (std::memcmp(header, kMagic, 4) != 0)
        return std::nullopt;
    const quint8 mtype = static_cast<quint8>(header[6]);
    const quint8 ss = static_cast<quint8>(header[7]);
    const quint32 psize = qFromLittleEndian<quint32>(header + 8);
    // Oneway quests carry no seq; answers use ss for the status, not a method length.
    // An unknown mtype is counted like a quest; the frame decoder rejects it afterwards.
    return quint64(kHeaderSize) + (mtype == 0 ? 0 : 4) + (mtype == 2 ? 0 : ss) + psize;
}

} // namespace fpnn
