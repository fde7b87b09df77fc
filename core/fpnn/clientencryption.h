#pragma once

// What an FpnnClient needs to encrypt its connections (protocol.md 2): the server's
// public key and the session options. A default-constructed value means plain.

#include "ecckeys.h"
#include "keyexchange.h"

namespace fpnn {

struct ClientEncryption {
    EccPublicKey serverKey;      // invalid = plain connection
    EncryptionOptions options;   // bits, package or stream mode

    bool enabled() const { return serverKey.isValid(); }
};

} // namespace fpnn
