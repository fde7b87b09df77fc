#include "audittrailfilter.h"

namespace ui {

namespace {

bool isWholeNumber(const QString &text)
{
    if (text.isEmpty())
        return false;
    for (const QChar c : text)
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return false;
    return true;
}

} // namespace

AuditTrailFilter::AuditTrailFilter(QObject *parent) : QSortFilterProxyModel(parent) {}

void AuditTrailFilter::setText(const QString &text)
{
    if (m_text == text.trimmed())
        return;
    m_text = text.trimmed();
    m_textIsId = isWholeNumber(m_text);
    invalidateFilter();
}

void AuditTrailFilter::setActionFilter(ActionFilter filter)
{
    if (m_action == filter)
        return;
    m_action = filter;
    invalidateFilter();
}

void AuditTrailFilter::setOutcomeFilter(OutcomeFilter filter)
{
    if (m_outcome == filter)
        return;
    m_outcome = filter;
    invalidateFilter();
}

void AuditTrailFilter::setProfile(const QString &profile)
{
    if (m_profile == profile)
        return;
    m_profile = profile;
    invalidateFilter();
}

bool AuditTrailFilter::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    // The model's rows directly: building QVariants for 100k rows per keystroke would stall.
    const auto *model = qobject_cast<const AuditTrailModel *>(sourceModel());
    if (!model || sourceParent.isValid())
        return true;
    const AuditTrailModel::Operation &op = model->operation(sourceRow);
    using Action = AuditTrailModel::Action;
    using Status = AuditTrailModel::Status;
    const Action action = op.action();
    if ((m_action == ActionFilter::Sends && action != Action::Send)
        || (m_action == ActionFilter::Deletes && action != Action::Delete))
        return false;
    if (m_outcome != OutcomeFilter::All) {
        const Status wanted = m_outcome == OutcomeFilter::Ok ? Status::Ok
            : m_outcome == OutcomeFilter::Failed             ? Status::Failed
            : m_outcome == OutcomeFilter::Unknown            ? Status::Unknown
            : m_outcome == OutcomeFilter::Pending            ? Status::Pending
                                                             : Status::Malformed;
        if (op.status() != wanted)
            return false;
    }
    if (!m_profile.isEmpty() && op.attempt.profile != m_profile)
        return false;
    if (m_text.isEmpty())
        return true;
    if (m_textIsId)
        return op.attempt.ids.contains(m_text);
    return AuditTrailModel::matchesText(op, m_text);
}

} // namespace ui
