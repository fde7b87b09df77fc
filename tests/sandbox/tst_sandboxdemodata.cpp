// Demo data: same seed, same content (modulo the time base); the documented shape.

#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTest>

#include "sandbox/demodata.h"
#include "sandbox/sandboxoptions.h"

using namespace Qt::StringLiterals;

using namespace sandbox;

class TestSandboxDemoData : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void deterministicModuloTimeBase()
    {
        const qint64 t1 = 1'700'000'000'000;
        const qint64 t2 = t1 + 123'456'789;
        const auto a = generateDemoMessages(t1);
        const auto b = generateDemoMessages(t2);
        QCOMPARE(a.size(), b.size());
        for (size_t i = 0; i < a.size(); ++i) {
            QCOMPARE(a[i].mtime - t1, b[i].mtime - t2);
            QCOMPARE(a[i].from, b[i].from);
            QCOMPARE(a[i].to, b[i].to);
            QCOMPARE(a[i].mid, b[i].mid);
            QCOMPARE(a[i].mtype, b[i].mtype);
            QCOMPARE(a[i].category, b[i].category);
            QCOMPARE(a[i].deleted, b[i].deleted);
            QCOMPARE(a[i].msg, b[i].msg);
            QCOMPARE(a[i].attrs, b[i].attrs);
        }
        // A fingerprint of the content, so that a change of the generator is noticed
        // (and every standard library must produce this same value).
        quint64 h = 1469598103934665603ULL;
        auto mix = [&](const QByteArray &bytes) {
            for (char c : bytes) {
                h ^= quint8(c);
                h *= 1099511628211ULL;
            }
        };
        for (const StoredMessage &m : a) {
            mix(QByteArray::number(m.mtime - t1) + ' ' + QByteArray::number(m.from) + ' ' + QByteArray::number(m.to) + ' ' +
                QByteArray::number(m.mid) + ' ' + QByteArray::number(m.mtype));
            mix(m.msg);
            mix(m.attrs);
        }
        qInfo("demo data: %zu messages, fingerprint %016llx", a.size(), (unsigned long long)h);
        QCOMPARE(h, 0x9058c2a757d81062ULL);   // update deliberately when the generator changes (last: notice copies share an mtime)
        const auto other = generateDemoMessages(t1, kDemoSeed + 1);
        QVERIFY(other.size() != a.size() || other[5].msg != a[5].msg || other[5].from != a[5].from);
    }

    void shape()
    {
        const qint64 now = 1'700'000'000'000;
        const auto messages = generateDemoMessages(now);
        QVERIFY2(messages.size() >= 4800 && messages.size() <= 5200, qPrintable(QString::number(messages.size())));
        qint64 last = 0, lastMid = 0;
        int sharedMtimes = 0;
        QSet<qint64> users, groups, rooms;
        int chinese = 0, emoji = 0, files = 0, audio = 0, deleted = 0, custom = 0, multiline = 0, longText = 0,
            broadcasts = 0;
        for (const StoredMessage &m : messages) {
            // Increasing, except that the copies of one notice (one mid) share their mtime.
            QVERIFY(m.mid == lastMid ? m.mtime == last : m.mtime > last);
            sharedMtimes += m.mid == lastMid;
            last = m.mtime;
            lastMid = m.mid;
            QVERIFY(m.mtime > now - 7LL * 24 * 3600 * 1000);
            QVERIFY(m.mtime < now);
            QVERIFY(m.mtype >= 1 && m.mtype <= 127);
            QVERIFY(m.msg.size() <= 20480);
            QVERIFY(m.attrs.size() <= 2048);
            QVERIFY(m.mid > 0);
            switch (m.category) {
            case Category::P2P:
                QVERIFY(m.to >= demo::kFirstUid && m.to <= demo::kLastUid);
                users.insert(m.to);
                break;
            case Category::Group:
                QVERIFY(m.to >= demo::kFirstGid && m.to <= demo::kLastGid);
                groups.insert(m.to);
                break;
            case Category::Room:
                QVERIFY(m.to >= demo::kFirstRid && m.to <= demo::kLastRid);
                rooms.insert(m.to);
                break;
            case Category::Broadcast:
                QCOMPARE(m.from, demo::kAdminUid);
                ++broadcasts;
                break;
            }
            QVERIFY(m.from == demo::kAdminUid || (m.from >= demo::kFirstUid && m.from <= demo::kLastUid));
            if (m.deleted) {
                ++deleted;
                QVERIFY(m.msg.isEmpty() && m.attrs.isEmpty());
                continue;
            }
            const QString text = QString::fromUtf8(m.msg);
            for (QChar c : text)
                if (c.unicode() >= 0x4E00 && c.unicode() <= 0x9FFF) {
                    ++chinese;
                    break;
                }
            if (m.msg.contains("\xF0\x9F") || m.msg.contains("\xE2\x9D\xA4"))
                ++emoji;
            if (text.contains(u'\n'))
                ++multiline;
            if (m.msg.size() > 1000)
                ++longText;
            if (m.mtype > 50)
                ++custom;
            if (m.mtype >= 40 && m.mtype <= 50) {
                ++files;
                QJsonParseError e;
                const QJsonObject body = QJsonDocument::fromJson(m.msg, &e).object();
                QVERIFY2(e.error == QJsonParseError::NoError, m.msg.constData());
                QVERIFY(body.value(u"url"_s).isString());
                QVERIFY(body.value(u"size"_s).isDouble());
                if (m.mtype == 40)
                    QVERIFY(body.value(u"surl"_s).isString());
                const QJsonObject attrs = QJsonDocument::fromJson(m.attrs, &e).object();
                QVERIFY2(e.error == QJsonParseError::NoError, m.attrs.constData());
                const QJsonObject rtm = attrs.value(u"rtm"_s).toObject();
                QVERIFY(rtm.value(u"sign"_s).isString());
                QVERIFY(rtm.value(u"ext"_s).isString());
                QVERIFY(rtm.value(u"filename"_s).isString());
                QVERIFY(attrs.value(u"custom"_s).isObject());
                if (rtm.value(u"type"_s).toString() == "audiomsg"_L1) {
                    ++audio;
                    QCOMPARE(m.mtype, quint8(41));
                    QVERIFY(rtm.value(u"lang"_s).isString());
                    QVERIFY(rtm.value(u"duration"_s).toInt() > 0);
                }
            }
        }
        qInfo("users %lld groups %lld rooms %lld; chinese %d emoji %d files %d audio %d custom %d deleted %d "
              "multiline %d long %d broadcasts %d",
              qint64(users.size()), qint64(groups.size()), qint64(rooms.size()), chinese, emoji, files, audio, custom,
              deleted, multiline, longText, broadcasts);
        QVERIFY(users.size() >= 30);
        QCOMPARE(groups.size(), demo::kLastGid - demo::kFirstGid + 1);
        QCOMPARE(rooms.size(), demo::kLastRid - demo::kFirstRid + 1);
        QVERIFY(chinese > 100);
        QVERIFY(emoji > 50);
        QVERIFY(files > 200);
        QVERIFY(audio > 20);
        QVERIFY(custom > 200);
        QVERIFY(deleted >= 10 && deleted < 150);
        QVERIFY(multiline > 20);
        QVERIFY(longText > 10);
        QVERIFY(broadcasts >= 20);
        QVERIFY(sharedMtimes >= 40);   // the multi-receiver notices (about 1% of 4,900 events, 2..6 copies)
    }
};

QTEST_GUILESS_MAIN(TestSandboxDemoData)
#include "tst_sandboxdemodata.moc"
