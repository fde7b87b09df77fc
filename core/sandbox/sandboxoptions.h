#pragma once

// Settings of the local RTM-compatible server (the sandbox), shared by rtm-devserver,
// `rtm-console --sandbox` and the tests. The defaults are the demo project: never use
// them on a reachable address (rtm-devserver refuses --allow-remote without --pid/--secret,
// with the demo secret or with a secret shorter than kMinRemoteSecretLength).

#include <QByteArray>
#include <QString>
#include <QtGlobal>

#include "fpnn/ecckeys.h"

namespace sandbox {

inline constexpr qint64 kDemoPid = 11000001;
inline constexpr char kDemoSecret[] = "sandbox-secret";
inline constexpr quint16 kDefaultPort = 13321;   // rtm-devserver's default --listen port
inline constexpr int kMinRemoteSecretLength = 16; // characters, for rtm-devserver --allow-remote

// Ids used by the demo data (demodata.h; also listed in core/sandbox/README.md), so
// forms can be pre-filled with ids that have history.
namespace demo {
inline constexpr qint64 kAdminUid = 1000;         // sender of the broadcasts
inline constexpr qint64 kFirstUid = 1001;         // users 1001..1040
inline constexpr qint64 kLastUid = 1040;
inline constexpr qint64 kFirstGid = 2001;         // groups 2001..2006
inline constexpr qint64 kLastGid = 2006;
inline constexpr qint64 kFirstRid = 3001;         // rooms 3001..3004
inline constexpr qint64 kLastRid = 3004;
inline constexpr qint64 kBusyP2PUid = 1001;       // 1001 <-> 1002 is the longest P2P conversation
inline constexpr qint64 kBusyP2POuid = 1002;
inline constexpr int kDays = 7;                   // messages spread over the last 7 days
inline constexpr int kMessageCount = 5000;        // approximate (a few are sendmsgs fan-outs)
} // namespace demo

struct SandboxOptions {
    qint64 pid = kDemoPid;
    QByteArray secret = kDemoSecret;      // never logged
    bool demoData = false;                // seed an empty store with demo data
    QString dataFile;                     // append-only journal; empty = memory only
    int rateLimit = 0;                    // calls per second per project; 0 = unlimited (200010)
    int latencyMs = 0;                    // delay every answer (rehearse a distant server)
    int idleTimeoutSec = 60;              // close idle connections; 0 = never
    bool rejectReplayedSign = false;      // 200006 for a sign seen before within the ts window
    int tsWindowSec = 300;                // accepted |ts - now|, else 200008
    int retentionDays = 0;                // drop messages older than this; 0 = keep forever
    int maxConnections = 1024;
    int maxConnectionsPerPeer = 64;       // per remote IP address, loopback included; 0 = no per-peer cap
    // Encrypted connections (protocol.md 2): the server's private key, loaded or from a
    // file (PEM; FPNN's raw scalar file when eccCurve names its curve). No key = plain only.
    fpnn::EccPrivateKey eccKey;           // wins over eccKeyFile; never logged
    QString eccKeyFile;                   // loaded by SandboxServer::listen(), errors name the file
    QString eccCurve;                     // for a raw-scalar eccKeyFile; optional check for PEM
    bool forceEncrypt = false;            // close connections that do not start with `*key` (needs a key)
};

} // namespace sandbox
