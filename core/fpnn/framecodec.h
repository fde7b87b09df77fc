#pragma once

// Frame encoder and incremental decoder. The decoder accepts any fragmentation (one byte
// at a time, many frames per read) and checks every size against its limit before it
// buffers a single payload byte.

#include <deque>
#include <optional>

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include "frame.h"

namespace fpnn {

enum class FrameError {
    None,
    BadMagic,
    BadFlag,         // JSON, neither or both encodings, zip/encrypt bits (only msgpack is supported)
    UnknownMtype,
    EmptyMethod,     // quest with ss = 0
    Oversized,       // announced frame larger than the limit
};

QString frameErrorName(FrameError error);

// Builds the wire bytes of a frame. Refuses (returns an empty array) when the method
// name is empty or longer than 255 bytes, the payload is empty, or the frame would
// exceed maxFrameSize.
QByteArray encodeFrame(const Frame &frame, quint32 maxFrameSize = kDefaultMaxFrameSize);

class FrameDecoder {
public:
    explicit FrameDecoder(quint32 maxFrameSize = kDefaultMaxFrameSize);

    // Appends received bytes and decodes every complete frame they finish. Once an error
    // is found the decoder stays failed: a broken framing cannot be resynchronised.
    void feed(QByteArrayView bytes);

    bool hasFrame() const { return !m_ready.empty(); }
    // Oldest decoded frame; a default Frame when there is none (check hasFrame() first).
    Frame takeFrame();

    FrameError error() const { return m_error; }
    QString errorMessage() const { return m_errorMessage; }

    // Bytes of an incomplete frame still waiting for the rest (a stream that ends here
    // was truncated).
    qsizetype bufferedBytes() const { return m_buffer.size(); }
    // Size the header of the frame being read announces; 0 until that header is complete.
    qsizetype announcedFrameSize() const { return m_needed; }
    quint32 maxFrameSize() const { return m_maxFrameSize; }
    void reset();

private:
    bool parseHeader();
    void fail(FrameError error, QString message);

    quint32 m_maxFrameSize;
    QByteArray m_buffer;
    qsizetype m_needed = 0;    // total size of the frame being read, 0 = header unknown
    std::deque<Frame> m_ready;
    FrameError m_error = FrameError::None;
    QString m_errorMessage;
};

} // namespace fpnn
