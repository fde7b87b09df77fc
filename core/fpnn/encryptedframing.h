#pragma once

// What the package-mode and stream-mode decoders (packagecodec.h, streamcodec.h) share:
// their error kinds and how a decrypted 12-byte header announces its frame's length.

#include <optional>

#include <QString>
#include <QtGlobal>

namespace fpnn {

enum class EncryptedFramingError {
    None,
    Oversized,        // announced length over the decoder's limit
    TooShort,         // package length below one frame header
    NotAFrame,        // decrypted bytes do not start with "FPNN": wrong key or a broken stream
    LengthMismatch,   // package length differs from the decrypted frame's own length
    CipherFailure,    // OpenSSL refused (bad key material)
};

QString encryptedFramingErrorName(EncryptedFramingError error);

// Total length (header, seq, method, payload) of the frame whose plaintext 12-byte header
// starts at `header`; nullopt when it does not start with the FPNN magic.
std::optional<quint64> frameLengthFromHeader(const char *header);

} // namespace fpnn
