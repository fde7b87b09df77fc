// The shape of the core API that the GUI, rtmctl and the tests program against, checked
// where the compiler or the source tree can tell:
// - core/service/rtmsession.h reaches no FPNN header, directly or through other headers
//   (callers set transport options through SessionConfig, never through fpnn types).
// - Only RtmSession makes and completes an RtmReply: its constructor, finish*() and set*()
//   are out of everyone else's reach, its readers are not.
// - rtm::MessageBody is made only through text() or binary(): no conversion from const
//   char*, QString or QByteArray (what goes on the wire: tst_questbuilder).

#include <type_traits>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QRegularExpression>
#include <QTest>

#include "service/rtmreply.h"

namespace {

// --- RtmReply: completion is RtmSession's alone ---
template <typename R> concept CanFinishDelete = requires(R &r) { r.finishDelete(); };
template <typename R> concept CanFinishWithError = requires(R &r) { r.finishWithError(rtm::RtmError{}); };
template <typename R> concept CanFinishSend = requires(R &r) { r.finishSend(rtm::SendResult{}); };
template <typename R> concept CanSetMid = requires(R &r) { r.setMid(qint64(1)); };
template <typename R> concept CanSetRetryCount = requires(R &r) { r.setRetryCount(1); };
template <typename R> concept CanSetDispatched = requires(R &r) { r.setDispatched(true); };
template <typename R> concept CanSetAuditAttemptId = requires(R &r) { r.setAuditAttemptId(QString()); };
template <typename R> concept CanReadMid = requires(const R &r) { r.mid(); };
template <typename R> concept CanAbort = requires(R &r) { r.abort(); };

static_assert(!CanFinishDelete<service::RtmReply>);
static_assert(!CanFinishWithError<service::RtmReply>);
static_assert(!CanFinishSend<service::RtmReply>);
static_assert(!CanSetMid<service::RtmReply>);
static_assert(!CanSetRetryCount<service::RtmReply>);
static_assert(!CanSetDispatched<service::RtmReply>);
static_assert(!CanSetAuditAttemptId<service::RtmReply>);
static_assert(!std::is_constructible_v<service::RtmReply, service::RtmReply::Kind, QString, QString>);
// What callers use stays public (and the concepts above can see public members at all).
static_assert(CanReadMid<service::RtmReply>);
static_assert(CanAbort<service::RtmReply>);

// --- MessageBody: text or binary, said by name ---
static_assert(!std::is_convertible_v<const char *, rtm::MessageBody>);
static_assert(!std::is_convertible_v<QString, rtm::MessageBody>);
static_assert(!std::is_convertible_v<QByteArray, rtm::MessageBody>);
static_assert(!std::is_constructible_v<rtm::MessageBody, const char *>);
static_assert(!std::is_constructible_v<rtm::MessageBody, QString>);
static_assert(!std::is_constructible_v<rtm::MessageBody, QByteArray>);
static_assert(!std::is_constructible_v<rtm::MessageBody, QByteArray, bool>);
static_assert(std::is_same_v<decltype(rtm::MessageBody::text(QString())), rtm::MessageBody>);
static_assert(std::is_same_v<decltype(rtm::MessageBody::binary(QByteArray())), rtm::MessageBody>);

const QString kCoreDir = QStringLiteral(RTM_SOURCE_DIR "/core");

// `#include "x"` resolves next to the including file first, then under core/ (the include
// root of the core libraries). <...> includes are system and Qt headers: not followed.
QString resolveInclude(const QString &includingFile, const QString &name)
{
    const QString beside = QFileInfo(includingFile).dir().filePath(name);
    if (QFileInfo::exists(beside))
        return QFileInfo(beside).canonicalFilePath();
    const QString underCore = QDir(kCoreDir).filePath(name);
    if (QFileInfo::exists(underCore))
        return QFileInfo(underCore).canonicalFilePath();
    return {};
}

QStringList quotedIncludes(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return {};
    static const QRegularExpression include(QStringLiteral("^\\s*#\\s*include\\s*\"([^\"]+)\""),
                                            QRegularExpression::MultilineOption);
    QStringList names;
    const QString text = QString::fromUtf8(file.readAll());
    for (auto it = include.globalMatch(text); it.hasNext();)
        names << it.next().captured(1);
    return names;
}

QString relative(const QString &path)
{
    return QDir(QStringLiteral(RTM_SOURCE_DIR)).relativeFilePath(path);
}

// Breadth-first walk of the quoted-include closure of `root`; returns the chain from root to
// the first header under core/fpnn/, or an empty list when none is reached.
QStringList chainToFpnn(const QString &root, QStringList *unresolved)
{
    const QString fpnnDir = QFileInfo(QDir(kCoreDir).filePath(QStringLiteral("fpnn"))).canonicalFilePath() + u'/';
    QHash<QString, QString> parent;   // header -> the header that included it first
    QStringList queue{root};
    parent.insert(root, QString());
    while (!queue.isEmpty()) {
        const QString current = queue.takeFirst();
        if (current.startsWith(fpnnDir)) {
            QStringList chain;
            for (QString at = current; !at.isEmpty(); at = parent.value(at))
                chain.prepend(relative(at));
            return chain;
        }
        for (const QString &name : quotedIncludes(current)) {
            const QString resolved = resolveInclude(current, name);
            if (resolved.isEmpty()) {
                *unresolved << relative(current) + QStringLiteral(": ") + name;
                continue;
            }
            if (!parent.contains(resolved)) {
                parent.insert(resolved, current);
                queue << resolved;
            }
        }
    }
    return {};
}

} // namespace

class TestCoreApi : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sessionHeaderReachesNoFpnnHeader()
    {
        const QString root = QFileInfo(QDir(kCoreDir).filePath(QStringLiteral("service/rtmsession.h"))).canonicalFilePath();
        QVERIFY2(!root.isEmpty(), "core/service/rtmsession.h not found");
        QStringList unresolved;
        const QStringList chain = chainToFpnn(root, &unresolved);
        QVERIFY2(chain.isEmpty(), qPrintable(QStringLiteral("rtmsession.h reaches an FPNN header: ")
                                            + chain.join(QStringLiteral(" -> "))));
        // A header the walk cannot find could hide an FPNN include: none may be left out.
        QVERIFY2(unresolved.isEmpty(), qPrintable(unresolved.join(QStringLiteral("; "))));
    }

    // The walk itself finds a chain where there is one (else the check above proves nothing).
    void walkFindsTheFpnnChainOfRtmClient()
    {
        const QString root = QFileInfo(QDir(kCoreDir).filePath(QStringLiteral("rtm/rtmclient.h"))).canonicalFilePath();
        QStringList unresolved;
        const QStringList chain = chainToFpnn(root, &unresolved);
        QVERIFY(chain.size() >= 2);
        QCOMPARE(chain.first(), QStringLiteral("core/rtm/rtmclient.h"));
        QVERIFY(chain.last().startsWith(QStringLiteral("core/fpnn/")));
    }
};

QTEST_GUILESS_MAIN(TestCoreApi)
#include "tst_coreapi.moc"
