#pragma once

// A raw loopback FPNN peer for the read retry: it closes the first connection
// `closeAfterMs` after its first quest arrived, and on later connections answers each quest
// (with error 200034) only `answerAfterMs` after it arrived. In-process, so its timers and
// the caller's deadline run on one event loop and fire in deadline order.

#include <memory>

#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include "fpnn/answer.h"
#include "fpnn/framecodec.h"

namespace rtmtest {

class CloseThenSlowServer : public QTcpServer {
public:
    CloseThenSlowServer(int closeAfterMs, int answerAfterMs)
    {
        connect(this, &QTcpServer::newConnection, this, [this, closeAfterMs, answerAfterMs] {
            while (QTcpSocket *s = nextPendingConnection()) {
                const int n = ++connections;
                auto decoder = std::make_shared<fpnn::FrameDecoder>();
                connect(s, &QTcpSocket::readyRead, s, [this, s, decoder, n, closeAfterMs, answerAfterMs] {
                    decoder->feed(s->readAll());
                    while (decoder->hasFrame()) {
                        const fpnn::Frame quest = decoder->takeFrame();
                        ++quests;
                        if (n == 1) {
                            QTimer::singleShot(closeAfterMs, s, [s] { s->abort(); });
                        } else {
                            QTimer::singleShot(answerAfterMs, s, [s, seq = quest.seq] {
                                s->write(fpnn::encodeFrame(fpnn::frameForAnswer(
                                    fpnn::Answer::failure(200034, QStringLiteral("late")), seq, fpnn::kSendVersion)));
                            });
                        }
                    }
                });
            }
        });
        listen(QHostAddress::LocalHost, 0);
    }
    int connections = 0;
    int quests = 0;
};

} // namespace rtmtest
