#pragma once

// The 12 RTM wire methods of the sandbox (protocol.md 4, readings of section 7), as plain
// functions of (params, now) over the store. Authentication happens before (auth.h).

#include <functional>
#include <vector>

#include "fpnn/answer.h"
#include "fpnn/value.h"
#include "messagestore.h"

namespace sandbox {

class Journal;

class MessageMethods {
public:
    // journal may be null (memory only). Every send/delete is journaled before it changes
    // the store; a failed journal write answers 200999 and changes nothing.
    MessageMethods(MessageStore &store, Journal *journal) : m_store(store), m_journal(journal) {}
    void setJournal(Journal *journal) { m_journal = journal; }

    fpnn::Answer sendMsg(const fpnn::Value &params, qint64 nowMs);
    fpnn::Answer sendMsgs(const fpnn::Value &params, qint64 nowMs);
    fpnn::Answer sendGroupMsg(const fpnn::Value &params, qint64 nowMs);
    fpnn::Answer sendRoomMsg(const fpnn::Value &params, qint64 nowMs);
    fpnn::Answer broadcastMsg(const fpnn::Value &params, qint64 nowMs);
    fpnn::Answer getP2PMsg(const fpnn::Value &params, qint64 nowMs);
    fpnn::Answer getGroupMsg(const fpnn::Value &params, qint64 nowMs);
    fpnn::Answer getRoomMsg(const fpnn::Value &params, qint64 nowMs);
    fpnn::Answer getBroadcastMsg(const fpnn::Value &params, qint64 nowMs);
    fpnn::Answer delMsg(const fpnn::Value &params, qint64 nowMs);
    fpnn::Answer getMsg(const fpnn::Value &params, qint64 nowMs);
    fpnn::Answer getMsgNum(const fpnn::Value &params, qint64 nowMs);

    using Handler = fpnn::Answer (MessageMethods::*)(const fpnn::Value &, qint64);
    struct Entry {
        const char *method;
        Handler handler;
    };
    static const std::vector<Entry> &table();   // the 12 wire methods

    // Stores the copies of one call (one per receiver for sendmsgs, else one): journal
    // first, as one record so that replay has all copies or none, then the store. Ids 0
    // are assigned here. False with *error, and nothing stored or journaled, when the
    // store would refuse a copy or the journal write failed. Used by the send methods
    // and the demo data.
    bool storeCall(std::vector<StoredMessage> &copies, QString *error);

private:
    fpnn::Answer send(const fpnn::Value &params, Category category, const char *targetKey, qint64 nowMs);
    fpnn::Answer history(const fpnn::Value &params, Category category, const char *targetKey);

    MessageStore &m_store;
    Journal *m_journal;
};

} // namespace sandbox
