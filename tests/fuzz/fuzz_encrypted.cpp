// libFuzzer harness for the decrypting decoders (PackageDecoder, StreamDecoder through
// EncryptedChannel) and the server side of a connection (ConnectionCodec). Byte 0
// chooses: bit 0 stream mode, bit 1 "the rest is plaintext, encrypt it first" (so the
// fuzzer reaches frames that decrypt to something sensible), bit 2 AES-256, bit 3 "the
// rest is what a client sends a server": a server-role ConnectionCodec reads it and
// switches to encryption when the first frame is `*key`; bit 4 (without bit 3) "the rest
// is what a server sends a client after `*key`": a client-role ConnectionCodec decrypts it,
// or reads it plain when it starts with "FPNN" (a server without encryption). The rest is
// the byte stream as read from the socket.
//
// The decoder is fed all at once, one byte at a time and in data-dependent chunks; the
// three runs must agree on frames, error and bufferedBytes(). Every frame handed out must
// be exactly one frame by its own header, and re-encrypting the frames must give back the
// consumed prefix of the input, byte for byte.

#include <cstddef>
#include <cstdint>
#include <vector>

#include <QByteArray>
#include <QByteArrayView>
#include <QtEndian>

#include "fpnn/connectioncodec.h"
#include "fpnn/encryptedchannel.h"
#include "fpnn/encryptedframing.h"
#include "fpnn/framecodec.h"
#include "fuzz_common.h"

using namespace fpnn;

namespace {

// The session keys of the `secp256k1_128` and `secp256k1_256` vector cases, so seeds can
// be made from the vectors' wire bytes (make_seeds.py).
SessionKeys fuzzKeys(bool aes256)
{
    const QByteArray secret = QByteArray::fromHex("7c4fc289ecc4012888729bd876d4ae26e51017175038b24326fbd003ab2f0e41");
    return SessionKeys{aes256 ? secret : secret.first(16), QByteArray::fromHex("1ce3153052b88bb0c1c1f869a7576259"),
                       aes256 ? 256 : 128};
}

constexpr quint32 kLimit = 64 * 1024;

struct Run {
    std::vector<QByteArray> frames;
    EncryptedFramingError error = EncryptedFramingError::None;
    qsizetype buffered = 0;
};

Run decode(const SessionKeys &keys, bool stream, QByteArrayView wire, int chunking)
{
    EncryptedChannel channel(keys, stream, kLimit);
    Run run;
    qsizetype pos = 0;
    quint32 state = static_cast<quint32>(wire.size()) * 2654435761u + 1;
    while (pos < wire.size()) {
        qsizetype n = wire.size();          // chunking 0: all at once
        if (chunking == 1)
            n = 1;
        else if (chunking == 2) {
            state = state * 1103515245u + 12345u;
            n = 1 + static_cast<qsizetype>((state >> 16) % 41u);
        }
        n = qMin(n, wire.size() - pos);
        channel.feed(wire.sliced(pos, n));
        pos += n;
        while (channel.hasFrame())
            run.frames.push_back(channel.takeFrame());
    }
    run.error = channel.error();
    run.buffered = channel.bufferedBytes();
    return run;
}

void checkSame(const Run &a, const Run &b)
{
    FUZZ_CHECK(a.frames == b.frames);
    FUZZ_CHECK(a.error == b.error);
    FUZZ_CHECK(a.buffered == b.buffered);
}

// Package mode over plaintext: cut it where the data's own headers say (or take the rest
// when they say nothing usable), and send each piece as one package.
QByteArray packagesFromPlaintext(const SessionKeys &keys, QByteArrayView plain)
{
    EncryptedChannel encoder(keys, false, kLimit);
    QByteArray wire;
    qsizetype pos = 0;
    while (pos < plain.size()) {
        qsizetype n = plain.size() - pos;
        if (n >= kHeaderSize) {
            const auto length = frameLengthFromHeader(plain.data() + pos);
            if (length && *length >= quint64(kHeaderSize) && *length <= quint64(n))
                n = static_cast<qsizetype>(*length);
        }
        wire += encoder.encode(plain.sliced(pos, n));
        pos += n;
    }
    return wire;
}

struct CodecRun {
    QByteArray frames;   // re-encoded
    bool error = false;
    qsizetype buffered = 0;
    qsizetype announced = 0;
    bool plainReply = false;

    bool operator==(const CodecRun &) const = default;
};

// One side of a connection: a server reading a client, or a client reading the server
// after its plaintext `*key` (it switched before any answer could arrive).
CodecRun connectionSide(ConnectionCodec::Role role, const SessionKeys &keys, bool stream, QByteArrayView wire, qsizetype chunk)
{
    ConnectionCodec codec(role, kLimit);
    if (role == ConnectionCodec::Role::Client)
        FUZZ_CHECK(codec.startEncryption(keys, stream));
    CodecRun run;
    for (qsizetype pos = 0; pos < wire.size(); pos += chunk) {
        codec.feed(wire.sliced(pos, qMin(chunk, wire.size() - pos)));
        while (codec.hasFrame()) {
            const Frame f = codec.takeFrame();
            if (codec.awaitingKeys()) {
                FUZZ_CHECK(f.method == "*key");
                FUZZ_CHECK(codec.startEncryption(keys, stream));
            }
            run.frames += encodeFrame(f, kLimit);
        }
        // The size limits of FpnnServer rely on this: what is held never exceeds what the
        // frame being read announced, once that is known.
        FUZZ_CHECK(codec.announcedFrameSize() == 0 || codec.bufferedBytes() <= codec.announcedFrameSize());
    }
    run.error = codec.hasError();
    run.buffered = codec.bufferedBytes();
    run.announced = codec.announcedFrameSize();
    run.plainReply = codec.peerRepliedPlain();
    if (run.error) {
        FUZZ_CHECK(!codec.errorMessage().isEmpty());
        FUZZ_CHECK(run.buffered == 0 && run.announced == 0);
    }
    if (run.plainReply)
        FUZZ_CHECK(!codec.isEncrypted() && wire.startsWith(QByteArrayView("FPNN")));
    return run;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size < 1 || size > 1 << 20)
        return 0;
    const quint8 mode = data[0];
    const bool stream = mode & 1;
    const bool plaintextInput = mode & 2;
    const SessionKeys keys = fuzzKeys(mode & 4);
    const QByteArrayView rest(reinterpret_cast<const char *>(data) + 1, static_cast<qsizetype>(size) - 1);

    if (mode & (8 | 16)) {
        const auto role = (mode & 8) ? ConnectionCodec::Role::Server : ConnectionCodec::Role::Client;
        const CodecRun whole = connectionSide(role, keys, stream, rest, qMax<qsizetype>(1, rest.size()));
        for (qsizetype chunk : {qsizetype(1), qsizetype(13)})
            FUZZ_CHECK(connectionSide(role, keys, stream, rest, chunk) == whole);
        return 0;
    }

    QByteArray wire;
    if (!plaintextInput)
        wire = rest.toByteArray();
    else if (stream)
        wire = EncryptedChannel(keys, true, kLimit).encode(rest);
    else
        wire = packagesFromPlaintext(keys, rest);

    const Run whole = decode(keys, stream, wire, 0);
    checkSame(whole, decode(keys, stream, wire, 1));
    checkSame(whole, decode(keys, stream, wire, 2));

    // Each frame is one whole frame by its own header, within the limit, and the frames
    // re-encrypt to the consumed prefix of the wire bytes.
    EncryptedChannel encoder(keys, stream, kLimit);
    QByteArray again;
    for (const QByteArray &frame : whole.frames) {
        FUZZ_CHECK(frame.size() >= kHeaderSize);
        FUZZ_CHECK(frame.size() <= qsizetype(kLimit));
        const auto length = frameLengthFromHeader(frame.constData());
        FUZZ_CHECK(length && *length == quint64(frame.size()));
        again += encoder.encode(frame);
    }
    FUZZ_CHECK(again.size() <= wire.size());
    FUZZ_CHECK(QByteArrayView(wire).first(again.size()) == QByteArrayView(again));
    if (whole.error == EncryptedFramingError::None)
        FUZZ_CHECK(whole.buffered == wire.size() - again.size());
    else
        FUZZ_CHECK(whole.buffered == 0);

    // Plaintext in, plaintext out: the frames are a prefix of what was encrypted.
    if (plaintextInput) {
        QByteArray plain;
        for (const QByteArray &frame : whole.frames)
            plain += frame;
        FUZZ_CHECK(plain.size() <= rest.size());
        FUZZ_CHECK(rest.first(plain.size()) == QByteArrayView(plain));
    }

    // Whatever comes out must also be safe for the plain frame decoder.
    FrameDecoder frames(kLimit);
    for (const QByteArray &frame : whole.frames)
        frames.feed(frame);
    while (frames.hasFrame())
        (void)frames.takeFrame();
    return 0;
}
