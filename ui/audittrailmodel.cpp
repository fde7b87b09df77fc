#include "audittrailmodel.h"

#include <vector>

#include <QFileInfo>
#include <QFileSystemWatcher>

#include "jsonlayout.h"
#include "service/auditlog.h"
#include "timetext.h"

namespace ui {

using service::AuditTrailLine;

namespace {

constexpr int kDisplayChars = 300;   // per cell; the details pane shows everything

// One line of at most kDisplayChars characters for a table cell.
QString cellText(const QString &text)
{
    QString line = text.left(kDisplayChars);
    line.replace(QLatin1Char('\n'), QChar(0x23CE));   // ⏎
    if (text.size() > kDisplayChars)
        line += QChar(0x2026);
    return line;
}

QString lineText(const AuditTrailLine &line)
{
    return QString::fromUtf8(line.raw);
}

} // namespace

AuditTrailModel::Action AuditTrailModel::Operation::action() const
{
    const QString &a = attempt.action;
    if (attempt.kind == AuditTrailLine::Kind::Malformed)
        return Action::Other;
    if (a == QLatin1String("delmsg"))
        return Action::Delete;
    if (a.startsWith(QLatin1String("send")) || a == QLatin1String("broadcastmsg"))
        return Action::Send;
    return Action::Other;
}

AuditTrailModel::Status AuditTrailModel::Operation::status() const
{
    if (attempt.kind == AuditTrailLine::Kind::Malformed)
        return Status::Malformed;
    const AuditTrailLine *out = hasOutcome ? &outcome : (attempt.kind == AuditTrailLine::Kind::Outcome ? &attempt : nullptr);
    if (!out)
        return Status::Pending;
    if (out->outcome == QLatin1String("ok") && out->code == 0)
        return Status::Ok;
    if (service::AuditLog::outcomeIsUnknown(int(out->code)) || out->outcome.startsWith(QLatin1String("unknown")))
        return Status::Unknown;
    return Status::Failed;
}

AuditTrailModel::AuditTrailModel(QObject *parent)
    : QAbstractTableModel(parent), m_reader(new service::AuditTrailReader)
{
    qRegisterMetaType<std::shared_ptr<service::AuditTrailBatch>>();
    m_thread.setObjectName(QStringLiteral("audit trail reader"));
    m_reader->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_reader, &QObject::deleteLater);
    connect(m_reader, &service::AuditTrailReader::batchRead, this, &AuditTrailModel::onBatchRead);
    m_thread.start();
}

AuditTrailModel::~AuditTrailModel()
{
    m_thread.quit();
    m_thread.wait();   // at most one batch being parsed
}

void AuditTrailModel::setPath(const QString &path)
{
    m_path = path;
    watchPath();
    reload();
}

void AuditTrailModel::setUtc(bool utc)
{
    if (m_utc == utc)
        return;
    m_utc = utc;
    if (!m_rows.empty())
        emit dataChanged(index(0, TimeColumn), index(rowCount() - 1, TimeColumn), {Qt::DisplayRole});
}

void AuditTrailModel::setFollowing(bool follow)
{
    m_following = follow;
    watchPath();
}

void AuditTrailModel::watchPath()
{
    delete m_watcher;
    m_watcher = nullptr;
    if (!m_following || m_path.isEmpty())
        return;
    m_watcher = new QFileSystemWatcher(this);
    // The folder too: the file may not exist yet, or be replaced.
    const QString dir = QFileInfo(m_path).absolutePath();
    if (QFileInfo::exists(dir))
        m_watcher->addPath(dir);
    if (QFileInfo::exists(m_path))
        m_watcher->addPath(m_path);
    connect(m_watcher, &QFileSystemWatcher::fileChanged, this, &AuditTrailModel::readMore);
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, this, [this] {
        if (m_watcher && !m_watcher->files().contains(m_path) && QFileInfo::exists(m_path))
            m_watcher->addPath(m_path);
        readMore();
    });
}

void AuditTrailModel::reload()
{
    ++m_generation;   // a batch still being read belongs to the old generation: dropped
    beginResetModel();
    m_rows.clear();
    m_rowOfAttempt.clear();
    m_hasTailRow = false;
    m_offset = 0;
    m_nextLineNumber = 1;
    endResetModel();
    m_reading = false;
    m_moreWanted = false;
    startRead();
}

void AuditTrailModel::readMore()
{
    if (m_reading) {
        m_moreWanted = true;
        return;
    }
    startRead();
}

void AuditTrailModel::startRead()
{
    if (m_path.isEmpty())
        return;
    const bool wasReading = m_reading;
    m_reading = true;
    QMetaObject::invokeMethod(m_reader, "read", Qt::QueuedConnection, Q_ARG(quint64, m_generation),
                              Q_ARG(QString, m_path), Q_ARG(qint64, m_offset), Q_ARG(qint64, m_nextLineNumber),
                              Q_ARG(int, service::AuditTrailReader::defaultMaxLines));
    if (!wasReading)
        emit loadingChanged(true);
}

void AuditTrailModel::onBatchRead(const std::shared_ptr<service::AuditTrailBatch> &batchPtr)
{
    service::AuditTrailBatch &batch = *batchPtr;   // only this model holds it now: lines are moved out
    if (batch.generation != m_generation)
        return;   // asked for before a reload
    if (batch.restarted) {
        // The file was replaced or cut: what is shown no longer matches it.
        m_reading = false;
        reload();
        return;
    }
    if (m_error != batch.error) {
        m_error = batch.error;
        emit errorChanged(m_error);
    }
    if (m_hasTailRow) {
        // The incomplete last line shown before: it is read again (complete or not).
        const int last = int(m_rows.size()) - 1;
        beginRemoveRows({}, last, last);
        m_rows.pop_back();
        m_hasTailRow = false;
        endRemoveRows();
    }

    const int existing = int(m_rows.size());
    std::vector<Operation> added;
    int firstChanged = -1, lastChanged = -1;
    for (AuditTrailLine &line : batch.lines) {
        if (line.kind == AuditTrailLine::Kind::Outcome) {
            const auto it = m_rowOfAttempt.constFind(line.attemptId);
            if (it != m_rowOfAttempt.constEnd()) {
                const int row = it.value();
                Operation &op = row < existing ? m_rows[row] : added[row - existing];
                if (!op.hasOutcome) {
                    op.outcome = std::move(line);
                    op.hasOutcome = true;
                    if (row < existing) {
                        firstChanged = firstChanged < 0 ? row : std::min(firstChanged, row);
                        lastChanged = std::max(lastChanged, row);
                    }
                    continue;
                }
            }
        }
        if (line.kind == AuditTrailLine::Kind::Attempt)
            m_rowOfAttempt.insert(line.attemptId, existing + int(added.size()));
        Operation op;
        op.attempt = std::move(line);
        added.push_back(std::move(op));
    }
    if (!batch.tail.trimmed().isEmpty()) {
        Operation op;
        op.attempt = service::parseAuditTrailLine(batch.tail, batch.nextLineNumber);
        op.attempt.kind = AuditTrailLine::Kind::Malformed;
        op.attempt.error = tr("incomplete last line (no line end)");
        added.push_back(std::move(op));
    }
    if (!added.empty()) {
        beginInsertRows({}, existing, existing + int(added.size()) - 1);
        for (Operation &op : added)
            m_rows.push_back(std::move(op));
        m_hasTailRow = !batch.tail.trimmed().isEmpty();
        endInsertRows();
    }
    if (firstChanged >= 0)
        emit dataChanged(index(firstChanged, 0), index(lastChanged, ColumnCount - 1));
    m_offset = batch.nextOffset;
    m_nextLineNumber = batch.nextLineNumber;
    emit batchApplied();

    if (!batch.atEnd || m_moreWanted) {
        m_moreWanted = false;
        startRead();   // still m_reading
        return;
    }
    m_reading = false;
    emit loadingChanged(false);
}

int AuditTrailModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int AuditTrailModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString AuditTrailModel::actionText(const Operation &op)
{
    const AuditTrailLine &a = op.attempt;
    if (a.kind == AuditTrailLine::Kind::Malformed)
        return tr("malformed line %1").arg(a.lineNumber);
    QString kind;
    if (a.action == QLatin1String("sendmsg")) kind = tr("P2P");
    else if (a.action == QLatin1String("sendmsgs")) kind = tr("P2P, several users");
    else if (a.action == QLatin1String("sendgroupmsg")) kind = tr("group");
    else if (a.action == QLatin1String("sendroommsg")) kind = tr("room");
    else if (a.action == QLatin1String("broadcastmsg")) kind = tr("broadcast");
    else if (a.action == QLatin1String("delmsg")) {
        // The target names the kind: "group 42 from 7 mid 9", "p2p 7→8 mid 9", ...
        const QString first = a.target.section(QLatin1Char(' '), 0, 0);
        if (first == QLatin1String("p2p")) kind = tr("P2P");
        else if (first == QLatin1String("group")) kind = tr("group");
        else if (first == QLatin1String("room")) kind = tr("room");
        else if (first == QLatin1String("broadcast")) kind = tr("broadcast");
        else kind = first;
    }
    switch (op.action()) {
    case Action::Send: return tr("send (%1)").arg(kind);
    case Action::Delete: return tr("delete (%1)").arg(kind);
    case Action::Other: break;
    }
    return a.action;
}

QString AuditTrailModel::outcomeText(const Operation &op)
{
    const Status status = op.status();
    if (status == Status::Malformed)
        return tr("malformed: %1").arg(op.attempt.error);
    if (status == Status::Pending)
        return tr("pending — no outcome line");
    const AuditTrailLine &out = op.hasOutcome ? op.outcome : op.attempt;
    QString text;
    switch (status) {
    case Status::Ok: text = tr("ok"); break;
    case Status::Unknown: text = tr("unknown — check by mid (%1)").arg(out.code); break;
    default: text = tr("%1 (%2)").arg(out.outcome).arg(out.code); break;
    }
    if (!op.hasOutcome)
        text += tr(" — its attempt line is not in this file");
    return text;
}

QString AuditTrailModel::detailsText(const Operation &op)
{
    const auto pretty = [](const AuditTrailLine &line) {
        return line.kind == AuditTrailLine::Kind::Malformed ? lineText(line) : indentJson(lineText(line));
    };
    const AuditTrailLine &a = op.attempt;
    QString text;
    switch (a.kind) {
    case AuditTrailLine::Kind::Malformed:
        text = tr("Line %1 is not a valid audit line: %2").arg(a.lineNumber).arg(a.error);
        break;
    case AuditTrailLine::Kind::Attempt: text = tr("Attempt (line %1):").arg(a.lineNumber); break;
    case AuditTrailLine::Kind::Outcome: text = tr("Outcome (line %1), no attempt line in this file:").arg(a.lineNumber); break;
    }
    text += QLatin1Char('\n') + pretty(a);
    if (op.hasOutcome)
        text += QLatin1String("\n\n") + tr("Outcome (line %1):").arg(op.outcome.lineNumber) + QLatin1Char('\n')
              + pretty(op.outcome);
    else if (a.kind == AuditTrailLine::Kind::Attempt)
        text += QLatin1String("\n\n") + tr("No outcome line yet: the request may still be running, or the program "
                                           "ended before it was answered (check by mid).");
    return text;
}

bool AuditTrailModel::matchesText(const Operation &op, const QString &text)
{
    // Field by field, the stored ones first: this runs for every row on each keystroke.
    const AuditTrailLine &a = op.attempt;
    for (const QString *field : {&a.profile, &a.endpoint, &a.user, &a.action, &a.target, &a.mid, &a.contentText,
                                 &a.contentNote, &a.attemptId, &a.error, &op.outcome.outcome, &op.outcome.message})
        if (field->contains(text, Qt::CaseInsensitive))
            return true;
    if (a.kind == AuditTrailLine::Kind::Malformed && lineText(a).contains(text, Qt::CaseInsensitive))
        return true;
    return actionText(op).contains(text, Qt::CaseInsensitive) || outcomeText(op).contains(text, Qt::CaseInsensitive);
}

QVariant AuditTrailModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || size_t(index.row()) >= m_rows.size())
        return {};
    const Operation &op = m_rows.at(index.row());
    const AuditTrailLine &a = op.attempt;
    const bool malformed = a.kind == AuditTrailLine::Kind::Malformed;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            if (a.timeMs > 0)
                return TimeText::of(a.timeMs, m_utc);
            return malformed ? tr("line %1").arg(a.lineNumber) : a.time;
        case ProfileColumn: return a.profile;
        case EndpointColumn: return a.endpoint;
        case ActionColumn: return actionText(op);
        case TargetColumn: return a.target;
        case MidColumn: return a.mid;
        case OutcomeColumn: return outcomeText(op);
        case ContentColumn:
            if (malformed)
                return cellText(lineText(a));
            if (!a.hasContent)
                return QString();
            if (a.contentText.isEmpty())
                return QStringLiteral("(%1)").arg(a.contentNote);
            return cellText(a.contentText);
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == ContentColumn && a.hasContent)
            return a.contentNote.isEmpty() ? a.contentText.left(2000)
                                           : a.contentNote + QLatin1Char('\n') + a.contentText.left(2000);
        if (index.column() == OutcomeColumn && op.hasOutcome)
            return op.outcome.message;
        return {};
    case ActionRole: return int(op.action());
    case StatusRole: return int(op.status());
    case ProfileRole: return a.profile;
    case MidRole: return a.mid;
    case IdsRole: return a.ids;
    case DetailsRole: return detailsText(op);
    default: return {};
    }
}

QVariant AuditTrailModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn: return m_utc ? tr("Time (UTC)") : tr("Time (local)");
    case ProfileColumn: return tr("Profile");
    case EndpointColumn: return tr("Endpoint");
    case ActionColumn: return tr("Action");
    case TargetColumn: return tr("Target");
    case MidColumn: return tr("mid");
    case OutcomeColumn: return tr("Outcome");
    case ContentColumn: return tr("Content");
    }
    return {};
}

} // namespace ui
