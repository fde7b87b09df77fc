#pragma once

// Per-quest authentication of the sandbox (protocol.md 3, 7.1, 7.9, 7.10) and the
// per-project call-rate limit (200010). Every quest carries pid/sign/salt/ts; there is no
// per-connection login.

#include <deque>
#include <optional>
#include <unordered_map>

#include <QByteArray>

#include "fpnn/answer.h"
#include "fpnn/value.h"

namespace sandbox {

class Authenticator {
public:
    struct Settings {
        qint64 pid = 0;
        QByteArray secret;
        int tsWindowSec = 300;
        bool rejectReplayedSign = false;
        int rateLimit = 0;   // calls per second, 0 = unlimited
    };

    explicit Authenticator(Settings settings);

    // nullopt when the quest may proceed; otherwise the error answer to send.
    // Order: the four keys present and typed (10009/10010), pid (200002), sign (200002),
    // ts window (200008), replayed sign (200006), rate limit (200010).
    std::optional<fpnn::Answer> check(const QByteArray &method, const fpnn::Value &payload, qint64 nowMs);

private:
    bool seenBefore(const QByteArray &sign, qint64 nowMs);
    bool overRate(qint64 nowMs);

    Settings m_settings;
    // Signs accepted recently, with the time they may be forgotten (insertion order = expiry order).
    std::unordered_map<std::string, qint64> m_seen;
    std::deque<std::pair<qint64, std::string>> m_seenOrder;
    std::deque<qint64> m_recentCalls;   // ms times of the calls in the last second
};

} // namespace sandbox
