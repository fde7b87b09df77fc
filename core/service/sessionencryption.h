#pragma once

// Transport encryption of a session (protocol.md 2) as plain values, so that settings,
// the console and rtmctl can carry it without the FPNN headers: the file holding the
// server's EC public key (PEM or DER; the curve comes from the key), the AES key size and
// package or stream mode. The key is public: its path may be shown and logged.

#include <QString>

#include "rtm/rtmerror.h"

namespace service {

struct SessionEncryption {
    QString serverKeyFile;       // empty = plain connection
    int bits = 128;              // AES-128 or AES-256
    bool streamMode = false;     // false = package mode (the FPNN default)

    bool enabled() const { return !serverKeyFile.isEmpty(); }
    bool operator==(const SessionEncryption &) const = default;
};

// What checking the settings found. Plain settings are always usable.
struct EncryptionCheck {
    rtm::RtmError error;         // rtm::EncryptionKeyUnusable, naming the file and the problem
    QString problem;             // the problem alone, e.g. "not an EC key" (for forms)
    QString curveName;           // "secp256r1" etc. when the key is usable

    bool ok() const { return !error.isError(); }
};

// Reads the key file and checks bits (128 or 256) without connecting anywhere.
EncryptionCheck checkEncryption(const SessionEncryption &encryption);

// "AES-128 package, secp256r1" for logs and rtmctl; "" for plain settings.
QString describeEncryption(const SessionEncryption &encryption, const QString &curveName);
QString encryptionModeName(bool streamMode);   // "package" or "stream"

} // namespace service
