#pragma once

// History answers for the fast-path tests (tst_historypagereader, tst_rtmclient_vectors,
// tst_sandboxwire) and the fuzz_history harness: random answers as Value trees, the two
// ways a client reads them, and a page written out field by field for comparisons.
// No QtTest here, so that the fuzz harness can use it too.

#include <cstdint>
#include <limits>
#include <random>
#include <string>

#include <QByteArray>
#include <QString>
#include <QStringList>

#include "fpnn/answer.h"
#include "fpnn/frame.h"
#include "fpnn/msgpackcodec.h"
#include "fpnn/value.h"
#include "rtm/historypagereader.h"
#include "rtm/resultmapper.h"

namespace historytest {

using rtm::HistoryPage;
using rtm::RtmError;
using rtm::result::HistoryContext;

// Every field of a page, null-ness of the byte arrays included, one row per line.
inline QString describePage(const HistoryPage &p)
{
    QStringList lines;
    lines << QStringLiteral("count=%1 lastid=%2 begin=%3 end=%4 rows=%5")
                 .arg(p.count).arg(p.lastCursorId).arg(p.beginMsec).arg(p.endMsec).arg(p.messages.size());
    auto bytes = [](const QByteArray &b) {
        return b.isNull() ? QStringLiteral("null") : QString::fromLatin1(b.toHex());
    };
    for (const rtm::HistoryMessage &m : p.messages) {
        QString row = QStringLiteral("id=%1 from=%2 to=%3 mtype=%4 mid=%5 deleted=%6 bin=%7 msg=%8 attrs=%9 mtime=%10")
                          .arg(m.cursorId).arg(m.fromUid).arg(m.toId).arg(m.messageType).arg(m.messageId)
                          .arg(m.deleted).arg(m.messageIsBinary).arg(bytes(m.message), bytes(m.attrs))
                          .arg(m.modifiedTime);
        if (m.fileInfo) {
            const rtm::FileInfo &f = *m.fileInfo;
            row += QStringLiteral(" file{url=%1 size=%2 surl=%3 audio=%4 lang=%5 duration=%6 name=%7}")
                       .arg(f.url).arg(f.size).arg(f.surl).arg(f.isRtmAudio).arg(f.language).arg(f.duration)
                       .arg(f.fileName);
        }
        lines << row;
    }
    return lines.join(QLatin1Char('\n'));
}

struct Outcome {
    int code = 0;
    QString message;
    QString page;   // describePage of the result (the default page on an error)
    bool operator==(const Outcome &) const = default;
    QString toString() const { return QStringLiteral("code=%1 message=%2\n%3").arg(code).arg(message, page); }
};

inline fpnn::Frame okAnswerFrame(const QByteArray &payload)
{
    fpnn::Frame f;
    f.kind = fpnn::FrameKind::Answer;
    f.status = 0;
    f.payload = payload;
    return f;
}

// What RtmClient did before the fast path: the Value tree, then the mapper.
inline Outcome genericPath(const QByteArray &payload, const HistoryContext &context,
                           const fpnn::MsgpackLimits &limits = {})
{
    const fpnn::Answer a = fpnn::answerFromFrame(okAnswerFrame(payload), limits);
    HistoryPage page;
    RtmError e = rtm::result::errorFromAnswer(a);
    if (!e)
        e = rtm::result::toHistoryPage(a.payload, context, &page);
    return {e.code, e.message, describePage(page)};
}

// What RtmClient does now: the answer kept packed, the fast reader, the generic path on a no.
inline Outcome fastPath(const QByteArray &payload, const HistoryContext &context,
                        const fpnn::MsgpackLimits &limits = {})
{
    const fpnn::Answer a = fpnn::answerFromFrame(okAnswerFrame(payload), limits, fpnn::AnswerPayload::Packed);
    HistoryPage page;
    const RtmError e = rtm::result::toHistoryPage(a, context, limits, &page);
    return {e.code, e.message, describePage(page)};
}

// --- random answers ---

class AnswerGenerator {
public:
    explicit AnswerGenerator(std::uint64_t seed) : m_rng(seed) {}

    // A history answer. With wrongTypes, now and then a field of the wrong type, a value out
    // of range or a msgs that is no array (answers the generic path refuses).
    fpnn::Value answer(bool wrongTypes)
    {
        m_wrong = wrongTypes;
        fpnn::ValueMap pairs;
        const char *const keys[] = {"num", "lastid", "begin", "end", "msgs"};
        for (const char *k : keys) {
            if (chance(8))
                continue;   // missing: the default
            fpnn::Value v;
            if (std::string(k) == "msgs")
                v = chance(20) ? fpnn::Value() : rows();
            else if (std::string(k) == "num")
                v = chance(10) ? fpnn::Value(pick<long long>({0, 20, -1, std::numeric_limits<int>::max(),
                                                              std::numeric_limits<int>::min()}))
                               : fpnn::Value(int(m_rng() % 21));
            else
                v = int64Field();
            pairs.emplace_back(k, maybeWrong(std::move(v)));
        }
        for (int extra = int(m_rng() % 3); extra > 0; --extra)
            pairs.emplace_back(randomKey(), anyValue(2));
        std::shuffle(pairs.begin(), pairs.end(), m_rng);
        return fpnn::Value(std::move(pairs));
    }

    // A body: ASCII, CJK, emoji, invalid UTF-8, empty, or large; str or bin.
    fpnn::Value body()
    {
        std::string s;
        switch (m_rng() % 7) {
        case 0: break;   // empty
        case 1: s = "hello, world"; break;
        case 2: s = "\xe4\xbd\xa0\xe5\xa5\xbd\xef\xbc\x8c\xe4\xb8\x96\xe7\x95\x8c \xf0\x9f\x98\x80"; break;
        case 3: s = "\xff\xfe\xc3\x28 not utf-8"; break;
        case 4: s = std::string(size_t(m_rng() % 70000), 'x'); break;   // past str16 now and then
        case 5: s = R"({"url":"https://f.example/a.jpg","size":2048,"surl":"https://f.example/t.jpg"})"; break;
        default:
            for (int i = int(m_rng() % 300); i > 0; --i)
                s.push_back(char(m_rng()));
            break;
        }
        return chance(4) ? fpnn::Value::bin(s) : fpnn::Value::str(s);
    }

private:
    bool chance(int oneIn) { return m_rng() % std::uint64_t(oneIn) == 0; }

    template <typename T>
    T pick(std::initializer_list<T> values) { return values.begin()[m_rng() % values.size()]; }

    fpnn::Value int64Field()
    {
        switch (m_rng() % 6) {
        case 0: return fpnn::Value(std::numeric_limits<long long>::max());
        case 1: return fpnn::Value(std::numeric_limits<long long>::min());
        case 2: return fpnn::Value(pick<long long>({0, -1, 127, 128, 255, 256, 65535, 65536, -32, -33, -128, -129,
                                                    4294967295LL, 4294967296LL, -2147483648LL, -2147483649LL}));
        case 3: return fpnn::Value();   // nil: the default
        default: return fpnn::Value(static_cast<long long>(m_rng()));
        }
    }

    fpnn::Value maybeWrong(fpnn::Value v)
    {
        if (!m_wrong || !chance(12))
            return v;
        switch (m_rng() % 6) {
        case 0: return fpnn::Value("12");
        case 1: return fpnn::Value(1.5);
        case 2: return fpnn::Value(static_cast<unsigned long long>(std::numeric_limits<long long>::max()) + 1);
        case 3: return fpnn::Value(true);
        case 4: return fpnn::Value::map();
        default: return fpnn::Value(fpnn::ValueArray{fpnn::Value(1)});
        }
    }

    fpnn::Value rows()
    {
        fpnn::ValueArray list;
        for (int n = int(m_rng() % 24); n > 0; --n) {
            if (chance(15)) {   // a row of another shape: skipped by every reader
                fpnn::ValueArray other;
                for (int i = int(m_rng() % 10); i > 0; --i)
                    other.push_back(anyValue(1));
                if (other.size() == 8)
                    other.pop_back();
                list.push_back(chance(3) ? anyValue(2) : fpnn::Value(std::move(other)));
                continue;
            }
            list.push_back(row());
        }
        return fpnn::Value(std::move(list));
    }

    fpnn::Value row()
    {
        const int mtype = chance(4) ? int(40 + m_rng() % 11) : int(1 + m_rng() % 127);
        fpnn::Value msg = body();
        if (rtm::limits::isFileMtype(mtype) && chance(2))
            msg = fpnn::Value::str(std::string(R"({"url":"https://f.example/v.amr","size":)")
                                   + std::to_string(m_rng() % 100000) + "}");
        fpnn::Value attrs = chance(3) ? fpnn::Value::str(std::string(
                                            R"({"rtm":{"type":"audiomsg","lang":"en","duration":3000,"filename":"v.amr"}})"))
                                      : (chance(2) ? fpnn::Value::str(std::string()) : body());
        fpnn::Value deleted = chance(3) ? fpnn::Value(chance(2)) : (chance(2) ? fpnn::Value(int(m_rng() % 2)) : fpnn::Value());
        fpnn::Value mtypeValue = chance(20) ? fpnn::Value() : fpnn::Value(mtype);
        return fpnn::Value(fpnn::ValueArray{
            maybeWrong(int64Field()), maybeWrong(chance(2) ? fpnn::Value(int(1 + m_rng() % 2)) : int64Field()),
            maybeWrong(std::move(mtypeValue)), maybeWrong(int64Field()), maybeWrong(std::move(deleted)),
            chance(30) ? fpnn::Value() : maybeWrong(std::move(msg)), chance(30) ? fpnn::Value() : maybeWrong(std::move(attrs)),
            maybeWrong(int64Field())});
    }

    std::string randomKey()
    {
        static const char *const keys[] = {"extra", "", "msg", "nums", "\xe9\x94\xae", "lastId", "x"};
        return keys[m_rng() % (sizeof keys / sizeof *keys)];
    }

    fpnn::Value anyValue(int depth)
    {
        switch (m_rng() % (depth > 0 ? 9 : 7)) {
        case 0: return fpnn::Value();
        case 1: return fpnn::Value(chance(2));
        case 2: return int64Field();
        case 3: return fpnn::Value(double(m_rng() % 1000) / 7.0);
        case 4: return fpnn::Value::str(std::string("text"));
        case 5: return fpnn::Value::bin(std::string("\x00\x01", 2));
        case 6: return fpnn::Value(static_cast<unsigned long long>(m_rng()));
        case 7: {
            fpnn::ValueArray a;
            for (int i = int(m_rng() % 5); i > 0; --i)
                a.push_back(anyValue(depth - 1));
            return fpnn::Value(std::move(a));
        }
        default: {
            fpnn::Value m = fpnn::Value::map();
            for (int i = int(m_rng() % 4); i > 0; --i)
                m.insert(randomKey(), anyValue(depth - 1));
            return m;
        }
        }
    }

    std::mt19937_64 m_rng;
    bool m_wrong = false;
};

} // namespace historytest
