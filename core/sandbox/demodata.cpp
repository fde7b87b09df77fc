#include "demodata.h"

#include <random>

#include "sandboxoptions.h"

namespace sandbox {

namespace {

// std::mt19937_64's output sequence is fixed by the standard, the distributions are not:
// map to ranges ourselves so every standard library gives the same data.
class DemoRandom {
public:
    explicit DemoRandom(quint64 seed) : m_engine(seed) {}
    quint64 next() { return m_engine(); }
    // [0, n); the modulo bias is irrelevant for demo data.
    qint64 below(qint64 n) { return n <= 0 ? 0 : qint64(next() % quint64(n)); }
    qint64 between(qint64 lo, qint64 hi) { return lo + below(hi - lo + 1); }
    bool chance(int percent) { return below(100) < percent; }
    template <typename T, size_t N>
    const T &pick(const T (&items)[N]) { return items[size_t(below(qint64(N)))]; }

private:
    std::mt19937_64 m_engine;
};

const char *const kTexts[] = {
    "Hello!",
    "Hi, are you there?",
    "Good morning :)",
    "See you tomorrow.",
    "Can you send me the report?",
    "Thanks, got it.",
    "Meeting moved to 3 pm.",
    "The build is green again.",
    "Where are we having lunch?",
    "I'll be ten minutes late, sorry.",
    "你好！",
    "今天天气不错。",
    "明天上午十点开会，请准时参加。",
    "收到，谢谢！",
    "这个问题我们下午再讨论吧。",
    "新年快乐，万事如意！",
    "你吃饭了吗？",
    "👍",
    "😂😂😂",
    "🎉 Congratulations on the launch! 🚀",
    "Good night 🌙✨",
    "好的👌",
    "❤️",
    "Line one\nLine two\nLine three",
    "Shopping list:\n- milk\n- eggs\n- 面包\n- coffee ☕",
    "Dear team,\n\nthe release is scheduled for Friday. Please make sure every open ticket is either fixed "
    "or moved to the next milestone by Thursday noon.\n\nThanks,\nOps",
    "Ünïcödé tëst — «quotes» and ‘single’ and “double”",
    "<b>not html</b> & \"quotes\" 'single' \\backslash",
};

const char *const kCaptions[] = {"cat", "holiday", "screenshot", "猫", "whiteboard", "receipt"};
const char *const kLangs[] = {"zh-CN", "en-US", "ja-JP"};
const char *const kClients[] = {"ios", "android", "web", "windows"};

QByteArray longText(DemoRandom &rng)
{
    // A few kilobytes: exercises wrapping and the detail view; well under 20480 bytes.
    QByteArray out;
    const int paragraphs = int(rng.between(3, 8));
    for (int p = 0; p < paragraphs; ++p) {
        if (p)
            out += "\n\n";
        const int sentences = int(rng.between(4, 12));
        for (int s = 0; s < sentences; ++s) {
            out += rng.pick(kTexts);
            out += ' ';
        }
    }
    return out;
}

QByteArray hex(DemoRandom &rng, int bytes)
{
    QByteArray raw;
    for (int i = 0; i < bytes; ++i)
        raw.append(char(rng.below(256)));
    return raw.toHex();
}

void fillText(DemoRandom &rng, StoredMessage &m)
{
    m.mtype = 30;
    const qint64 roll = rng.below(100);
    if (roll < 3)
        m.msg = longText(rng);
    else
        m.msg = rng.pick(kTexts);
    if (rng.chance(30))
        m.attrs = QByteArray("{\"client\":\"") + rng.pick(kClients) + "\"}";
}

void fillCustom(DemoRandom &rng, StoredMessage &m, qint64 serial)
{
    m.mtype = quint8(rng.between(51, 58));
    switch (m.mtype) {
    case 51:
        m.msg = "{\"event\":\"order_paid\",\"order\":" + QByteArray::number(100000 + serial) + ",\"amount\":" +
                QByteArray::number(rng.between(1, 99999)) + ",\"currency\":\"CNY\"}";
        break;
    case 52:
        m.msg = "{\"event\":\"typing\"}";
        break;
    case 53:
        m.msg = "{\"event\":\"gift\",\"gift\":\"rose\",\"count\":" + QByteArray::number(rng.between(1, 99)) + "}";
        break;
    case 54:
        m.msg = "{\"event\":\"location\",\"lat\":31.2304,\"lng\":121.4737,\"name\":\"上海\"}";
        break;
    default:
        m.msg = "{\"event\":\"custom\",\"code\":" + QByteArray::number(m.mtype) + ",\"seq\":" + QByteArray::number(serial) + "}";
        break;
    }
    if (rng.chance(50))
        m.attrs = "{\"v\":2}";
}

void fillFile(DemoRandom &rng, StoredMessage &m, qint64 serial)
{
    static const quint8 kinds[] = {40, 40, 40, 41, 41, 42, 50};
    m.mtype = rng.pick(kinds);
    const QByteArray key = hex(rng, 8);
    const QByteArray sign = hex(rng, 16);
    const qint64 size = rng.between(2000, 5000000);
    QByteArray ext, filename, rtmExtra;
    switch (m.mtype) {
    case 40:
        ext = rng.chance(70) ? "jpg" : "png";
        filename = "IMG_" + QByteArray::number(1000 + serial % 9000) + "." + ext;
        break;
    case 41:
        if (rng.chance(70)) {   // an RTM voice message
            ext = "amr";
            filename = "voice-" + key.left(6) + ".amr";
            rtmExtra = ",\"type\":\"audiomsg\",\"lang\":\"" + QByteArray(rng.pick(kLangs)) +
                       "\",\"duration\":" + QByteArray::number(rng.between(800, 59000)) +
                       ",\"codec\":\"amr-wb\",\"srate\":16000";
        } else {
            ext = "mp3";
            filename = "song-" + key.left(4) + ".mp3";
        }
        break;
    case 42:
        ext = "mp4";
        filename = "VID_" + QByteArray::number(2000 + serial % 9000) + ".mp4";
        break;
    default:
        ext = rng.chance(50) ? "pdf" : "zip";
        filename = rng.chance(50) ? QByteArray("报告-" + key.left(4) + "." + ext)
                                  : QByteArray("notes " + key.left(4) + "." + ext);
        break;
    }
    const QByteArray url = "https://files.sandbox.invalid/" + key + "/" + key.right(6) + "." + ext;
    m.msg = "{\"url\":\"" + url + "\",\"size\":" + QByteArray::number(size);
    if (m.mtype == 40)
        m.msg += ",\"surl\":\"https://files.sandbox.invalid/" + key + "/thumb.jpg\"";
    m.msg += "}";
    QByteArray custom = "{}";
    if (rng.chance(50))
        custom = "{\"caption\":\"" + QByteArray(rng.pick(kCaptions)) + "\"}";
    m.attrs = "{\"rtm\":{\"sign\":\"" + sign + "\",\"ext\":\"" + ext + "\",\"filename\":\"" + filename + "\"" + rtmExtra +
              "},\"custom\":" + custom + "}";
}

} // namespace

std::vector<StoredMessage> generateDemoMessages(qint64 nowMs, quint64 seed)
{
    DemoRandom rng(seed);
    const qint64 users = demo::kLastUid - demo::kFirstUid + 1;

    // Group memberships: senders of a group come from its members.
    std::vector<std::vector<qint64>> groupMembers;
    for (qint64 g = demo::kFirstGid; g <= demo::kLastGid; ++g) {
        std::vector<qint64> members;
        const qint64 count = rng.between(6, 15);
        while (qint64(members.size()) < count) {
            const qint64 uid = demo::kFirstUid + rng.below(users);
            if (std::find(members.begin(), members.end(), uid) == members.end())
                members.push_back(uid);
        }
        groupMembers.push_back(std::move(members));
    }
    // P2P pairs: 1001<->1002 first (busiest), then mostly among the first ten users.
    std::vector<std::pair<qint64, qint64>> pairs{{demo::kBusyP2PUid, demo::kBusyP2POuid}};
    while (pairs.size() < 30) {
        const qint64 a = demo::kFirstUid + rng.below(pairs.size() < 20 ? 10 : users);
        const qint64 b = demo::kFirstUid + rng.below(users);
        if (a == b)
            continue;
        const auto pair = std::make_pair(qMin(a, b), qMax(a, b));
        if (std::find(pairs.begin(), pairs.end(), pair) == pairs.end())
            pairs.push_back(pair);
    }

    const qint64 span = qint64(demo::kDays) * 24 * 3600 * 1000;
    const qint64 base = nowMs - span;
    const qint64 events = 4900;   // plus the fan-out copies, about 5,000 rows
    const qint64 step = span / events;
    qint64 midCounter = 0;
    auto nextMid = [&]() { return (qint64(1) << 52) + 7919 * ++midCounter + rng.below(7919); };

    std::vector<StoredMessage> out;
    out.reserve(size_t(events) + 200);
    qint64 lastMtime = 0;
    for (qint64 i = 0; i < events; ++i) {
        qint64 mtime = base + i * step + rng.below(step / 2);
        StoredMessage m;
        const qint64 kind = rng.below(100);
        std::vector<qint64> fanOut;
        if (kind < 40) {
            // P2P: half of it in the busiest pair.
            const auto &pair = rng.chance(45) ? pairs[0] : pairs[size_t(rng.below(qint64(pairs.size())))];
            m.category = Category::P2P;
            const bool forward = rng.chance(50);
            m.from = forward ? pair.first : pair.second;
            m.to = forward ? pair.second : pair.first;
        } else if (kind < 75) {
            m.category = Category::Group;
            const size_t g = size_t(rng.below(qint64(groupMembers.size())));
            m.to = demo::kFirstGid + qint64(g);
            m.from = groupMembers[g][size_t(rng.below(qint64(groupMembers[g].size())))];
        } else if (kind < 97) {
            m.category = Category::Room;
            m.to = demo::kFirstRid + rng.below(demo::kLastRid - demo::kFirstRid + 1);
            m.from = demo::kFirstUid + rng.below(users);
        } else if (kind < 99) {
            m.category = Category::Broadcast;
            m.from = demo::kAdminUid;
            m.to = 0;
        } else {
            // A notice from the admin to several users at once (like sendmsgs): one P2P row each.
            m.category = Category::P2P;
            m.from = demo::kAdminUid;
            const qint64 receivers = rng.between(2, 6);
            while (qint64(fanOut.size()) < receivers) {
                const qint64 uid = demo::kFirstUid + rng.below(users);
                if (std::find(fanOut.begin(), fanOut.end(), uid) == fanOut.end())
                    fanOut.push_back(uid);
            }
        }
        m.mid = nextMid();
        const qint64 content = rng.below(100);
        if (m.category == Category::Broadcast || !fanOut.empty()) {
            m.mtype = 30;
            m.msg = rng.chance(50) ? QByteArray("系统维护通知：今晚 23:00-23:30 服务升级。")
                                   : QByteArray("Scheduled maintenance tonight 23:00-23:30 UTC+8. 🛠");
        } else if (content < 70) {
            fillText(rng, m);
        } else if (content < 85) {
            fillCustom(rng, m, i);
        } else {
            fillFile(rng, m, i);
        }
        const bool deleted = rng.chance(1);
        if (deleted) {
            m.deleted = true;
            m.msg.clear();
            m.attrs.clear();
        }
        if (fanOut.empty())
            fanOut.push_back(m.to);
        // Each event after the one before; the copies of a notice share its mtime, as sendmsgs does.
        mtime = qMax(mtime, lastMtime + 1);
        lastMtime = mtime;
        for (qint64 to : fanOut) {
            StoredMessage copy = m;
            copy.to = to;
            copy.mtime = mtime;
            out.push_back(std::move(copy));
        }
    }
    return out;
}

} // namespace sandbox
