// libFuzzer harness: the input is a byte stream as read from a socket.
//
// It is fed to FrameDecoder three ways (all at once, one byte at a time, and in chunks
// whose sizes come from the data) and the three runs must agree on the frames and the
// error. Every frame must re-encode to the bytes it came from, and its payload goes
// through decodePayload (round-trip checked when it decodes) and, for answers,
// answerFromFrame. A decoder with a small size limit must stop with Oversized at the
// first frame too large for it and otherwise produce the same frames.

#include <cstddef>
#include <cstdint>
#include <vector>

#include <QByteArray>
#include <QByteArrayView>

#include "fpnn/answer.h"
#include "fpnn/framecodec.h"
#include "fpnn/msgpackcodec.h"
#include "fuzz_common.h"

using namespace fpnn;

namespace {

struct Run {
    std::vector<Frame> frames;
    FrameError error = FrameError::None;
    qsizetype buffered = 0;
};

void drain(FrameDecoder &d, Run &run)
{
    while (d.hasFrame())
        run.frames.push_back(d.takeFrame());
}

Run feedAll(QByteArrayView bytes, quint32 limit)
{
    FrameDecoder d(limit);
    Run run;
    d.feed(bytes);
    drain(d, run);
    run.error = d.error();
    run.buffered = d.bufferedBytes();
    FUZZ_CHECK(!d.hasFrame());
    return run;
}

Run feedChunks(QByteArrayView bytes, quint32 limit, bool oneByte)
{
    FrameDecoder d(limit);
    Run run;
    qsizetype pos = 0;
    quint32 state = static_cast<quint32>(bytes.size()) * 2654435761u + 1;
    while (pos < bytes.size()) {
        qsizetype n = 1;
        if (!oneByte) {
            state = state * 1103515245u + 12345u;
            // Mostly short chunks, sometimes long ones; the data byte at pos adds variety.
            n = 1 + static_cast<qsizetype>((state >> 16) % 23u + static_cast<quint8>(bytes[pos]) % 7u);
            if ((state & 0xf) == 0)
                n *= 64;
        }
        n = qMin(n, bytes.size() - pos);
        d.feed(bytes.sliced(pos, n));
        pos += n;
        drain(d, run);    // take frames between reads, as the client does
    }
    run.error = d.error();
    run.buffered = d.bufferedBytes();
    return run;
}

bool sameFrame(const Frame &a, const Frame &b)
{
    return a.kind == b.kind && a.version == b.version && a.status == b.status && a.seq == b.seq
        && a.method == b.method && a.payload == b.payload;
}

void checkSame(const Run &a, const Run &b)
{
    FUZZ_CHECK(a.frames.size() == b.frames.size());
    for (std::size_t i = 0; i < a.frames.size(); ++i)
        FUZZ_CHECK(sameFrame(a.frames[i], b.frames[i]));
    FUZZ_CHECK(a.error == b.error);
    FUZZ_CHECK(a.buffered == b.buffered);
}

qsizetype wireSize(const Frame &f)
{
    return kHeaderSize + (f.kind == FrameKind::OnewayQuest ? 0 : 4) + (f.isQuest() ? f.method.size() : 0)
        + f.payload.size();
}

void checkPayload(const Frame &f)
{
    MsgpackLimits limits;
    PayloadDecodeResult r = decodePayload(f.payload, limits);
    if (r.ok()) {
        FUZZ_CHECK(r.value.isMap());
        FUZZ_CHECK(r.message.isEmpty());
        // Whatever decodes must survive encode -> decode unchanged.
        const QByteArray again = encodeMsgpack(r.value);
        PayloadDecodeResult r2 = decodePayload(again, limits);
        FUZZ_CHECK(r2.ok());
        FUZZ_CHECK(r2.value == r.value);
        // Re-encoding is canonical: encoding the decoded copy gives the same bytes.
        FUZZ_CHECK(encodeMsgpack(r2.value) == again);
        (void)r.value.toDebugString();
    } else {
        FUZZ_CHECK(!r.message.isEmpty());
        FUZZ_CHECK(r.value.isNil());
    }
    if (f.isAnswer()) {
        Answer a = answerFromFrame(f, limits);
        if (!r.ok())
            FUZZ_CHECK(a.code == 20009);
        if (f.status == 0 && r.ok()) {
            FUZZ_CHECK(a.ok());
            FUZZ_CHECK(a.payload == r.value);
        }
        if (f.status != 0)
            FUZZ_CHECK(!a.ok());
        // Answers we build from it must be well-formed frames that decode again.
        Frame back = frameForAnswer(a, f.seq, f.version);
        const QByteArray wire = encodeFrame(back);
        FUZZ_CHECK(!wire.isEmpty());
        FrameDecoder d;
        d.feed(wire);
        FUZZ_CHECK(d.hasFrame());
        FUZZ_CHECK(d.error() == FrameError::None);
        FUZZ_CHECK(d.bufferedBytes() == 0);
        Answer a2 = answerFromFrame(d.takeFrame(), limits);
        FUZZ_CHECK(a2.code == a.code);
        if (a.ok())
            FUZZ_CHECK(a2.payload == a.payload);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size > 1 << 20)
        return 0;
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));

    const Run whole = feedAll(bytes, kDefaultMaxFrameSize);
    checkSame(whole, feedChunks(bytes, kDefaultMaxFrameSize, true));
    checkSame(whole, feedChunks(bytes, kDefaultMaxFrameSize, false));

    // The frames cover a prefix of the input, byte for byte (the flag byte is normalised
    // to 0x80 by the encoder, so it is skipped).
    qsizetype offset = 0;
    for (const Frame &f : whole.frames) {
        const qsizetype n = wireSize(f);
        FUZZ_CHECK(offset + n <= bytes.size());
        if (!f.payload.isEmpty() && f.method.size() <= 255) {
            QByteArray re = encodeFrame(f);
            FUZZ_CHECK(re.size() == n);
            QByteArray orig = bytes.sliced(offset, n).toByteArray();
            orig[5] = re[5];
            FUZZ_CHECK(re == orig);
        }
        offset += n;
        checkPayload(f);
    }
    if (whole.error == FrameError::None)
        FUZZ_CHECK(whole.buffered == bytes.size() - offset);
    else
        FUZZ_CHECK(whole.buffered == 0);

    // A tight limit: same frames up to the first one that is too big.
    const quint32 small = 40;
    const Run limited = feedAll(bytes, small);
    FUZZ_CHECK(limited.frames.size() <= whole.frames.size());
    for (std::size_t i = 0; i < limited.frames.size(); ++i) {
        FUZZ_CHECK(sameFrame(limited.frames[i], whole.frames[i]));
        FUZZ_CHECK(wireSize(limited.frames[i]) <= small);
    }
    if (limited.frames.size() < whole.frames.size()) {
        FUZZ_CHECK(limited.error == FrameError::Oversized);
        FUZZ_CHECK(wireSize(whole.frames[limited.frames.size()]) > small);
    }
    FUZZ_CHECK(limited.buffered <= small);
    return 0;
}
