#pragma once

// `rtmctl call METHOD [--params JSON|@FILE|-] [--sign | --with-pid] [--allow-internal]`:
// one FPNN quest of any method, for the server APIs rtmctl has no command for and for
// diagnostics. The params are JSON read exactly (service/jsonvalue.h: int64/uint64 exact,
// {"$bin": base64} for bin); the answer is printed in the same form, so it can be fed back.
//
// - --sign puts pid, sign, salt and ts first, exactly as the typed commands do
//   (RtmClient::sendSignedQuest, which also re-signs once on 200006). Params that already
//   hold one of those keys are refused: nothing is overwritten silently.
// - --with-pid puts only pid first (for methods that want the project but no signature).
// - Without either, the params go out as written; the secret is not even read.
// - METHOD: 1..255 bytes of A-Z a-z 0-9 _ . - ; a leading '*' marks FPNN's built-in methods,
//   refused unless --allow-internal. `*key` is refused always: it would switch the
//   connection to encryption behind the client's back.
// - Every call writes an attempt and an outcome line to the audit log (action = METHOD,
//   target "call"), since rtmctl cannot tell which methods change data; when the attempt
//   line cannot be written nothing is sent (900001), as for the typed sends and deletes.

#include <QString>

#include "commandline.h"
#include "fpnn/value.h"
#include "rtm/rtmerror.h"

namespace service {
class RtmSession;
}

namespace rtmctl {

// The params of --params (inline JSON, @FILE, or - for stdin; none = {}), checked: a JSON
// object, none of the keys --sign/--with-pid add. False with one line in `error` otherwise.
bool readCallParams(const CommandLine &cl, fpnn::ValueMap &params, QString &error);

struct CallOutcome {
    rtm::RtmError error;   // server error answer, transport failure or audit failure
    fpnn::Value answer;    // the answer map when !error
};

// Sends the quest and waits for its end (call from main() only, not inside an event loop).
CallOutcome runCall(service::RtmSession &session, const CommandLine &cl, const fpnn::ValueMap &params);

QString callUsageText();

} // namespace rtmctl
