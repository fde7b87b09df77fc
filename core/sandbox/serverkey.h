#pragma once

// The sandbox's private key for encrypted connections (protocol.md 2.2), loaded from a
// file: PEM (PKCS#8 "PRIVATE KEY" or SEC1 "EC PRIVATE KEY", unencrypted), or — when a curve
// is named — FPNN's own server key file, the raw big-endian scalar of field-size bytes.
// Errors name the file and the reason, never the key bytes.

#include <QString>

#include "fpnn/ecckeys.h"

namespace sandbox {

// curveName empty = the file must be PEM (the curve comes from the key). With a curve, a
// raw scalar is accepted too, and a PEM key must be on that curve.
fpnn::EccPrivateKey loadServerKey(const QString &path, const QString &curveName, QString *error);

} // namespace sandbox
