#pragma once

// Waiting for an RtmReply in a blocking way, for rtmctl's main() and for tests only.
//
// waitForReply() runs a local QEventLoop until the reply finishes and returns a copy of
// its outcome (the reply itself deletes itself later, so the copy is taken inside the
// finished() signal). It refuses to run — Q_ASSERT in debug builds, and in every build
// an immediate result with error 20013 (FPNN_EC_CORE_FORBIDDEN) — when the calling
// thread is already running an event loop (QThread::loopLevel() > 0), e.g. from a slot
// of a GUI application: nested event loops there re-enter widgets and models and are
// forbidden by design.md ("no nested event loops in library code"). Call it from main()
// before app.exec(), from a test function, or from a worker thread that owns the session
// and is not inside exec().
//
// The refused reply keeps running; connect to it the normal way.

#include "rtmreply.h"

namespace service {

struct ReplyResult {
    RtmReply::Kind kind = RtmReply::Kind::Probe;
    QString method;
    QString target;
    rtm::RtmError error;
    int durationMs = 0;
    qint64 mid = 0;
    rtm::SendResult send;
    rtm::HistoryPage history;
    rtm::MessageInfo info;
    rtm::MessageCount count;

    bool ok() const { return !error.isError(); }
};

// timeoutMs > 0: abort the reply (20015) if it has not finished by then; 0 = wait for it
// (requests end on their own with 20003 after their timeout).
ReplyResult waitForReply(RtmReply *reply, int timeoutMs = 0);

// Whether waitForReply() may block on this thread now.
bool canBlockHere();

// Tests of the refusal turn the debug assertion off; default on.
void setAssertOnBlockingMisuse(bool on);

} // namespace service
