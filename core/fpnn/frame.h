#pragma once

// One FPNN message as it travels on a plaintext TCP connection (protocol.md 1.1-1.2).
// The payload stays raw bytes here: decoding it is a separate step, so a well-framed
// message with an unreadable payload can fail on its own without breaking the stream.

#include <QByteArray>
#include <QtGlobal>

namespace fpnn {

inline constexpr char kMagic[4] = {'F', 'P', 'N', 'N'};
inline constexpr quint8 kFlagMsgpack = 0x80;
inline constexpr quint8 kFlagJson = 0x40;
inline constexpr quint8 kFlagZip = 0x20;       // defined by FPNN, never used on TCP here: refused
inline constexpr quint8 kFlagEncrypt = 0x10;   // defined by FPNN, never used on TCP here: refused
inline constexpr quint8 kSendVersion = 1;    // like the FPNN C++ SDK (protocol.md 1.4)
inline constexpr int kHeaderSize = 12;
inline constexpr quint32 kDefaultMaxFrameSize = 8u * 1024 * 1024;   // FPNN max package length

enum class FrameKind : quint8 {
    OnewayQuest = 0,
    TwowayQuest = 1,
    Answer = 2,
};

struct Frame {
    FrameKind kind = FrameKind::TwowayQuest;
    quint8 version = kSendVersion;
    quint8 status = 0;        // answers only: 0 OK, non-zero error (FPNN writes 1)
    quint32 seq = 0;          // twoway quests and answers
    QByteArray method;        // quests only, 1..255 bytes
    QByteArray payload;       // one msgpack map, never empty (empty = 0x80)

    bool isQuest() const { return kind != FrameKind::Answer; }
    bool isAnswer() const { return kind == FrameKind::Answer; }
    bool isErrorAnswer() const { return kind == FrameKind::Answer && status != 0; }
};

} // namespace fpnn
