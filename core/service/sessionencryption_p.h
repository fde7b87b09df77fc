#pragma once

// The FPNN side of SessionEncryption, for RtmSession only: the loaded key in the form
// fpnn::ClientOptions::encryption takes.

#include "fpnn/clientencryption.h"
#include "sessionencryption.h"

namespace service {

// The client encryption for `encryption` (default = plain for plain settings); on a
// problem the result is plain and `check` holds the error.
fpnn::ClientEncryption loadClientEncryption(const SessionEncryption &encryption, EncryptionCheck *check);

} // namespace service
