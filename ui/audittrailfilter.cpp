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
    m_text = text.trimmed();
    m_textIsId = isWholeNumber(m_text);
    invalidateFilter();
}

void AuditTrailFilter::setActionFilter(ActionFilter filter)
{
    m_action = filter;
    invalidateFilter();
}

void AuditTrailFilter::setOutcomeFilter(OutcomeFilter filter)
{
    m_outcome = filter;
    invalidateFilter();
}

void AuditTrailFilter::setProfile(const QString &profile)
{
    m_profile = profile;
    invalidateFilter();
}

bool AuditTrailFilter::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    using Action = AuditTrailModel::Action;
    using Status = AuditTrailModel::Status;
    const auto action = Action(index.data(AuditTrailModel::ActionRole).toInt());
    if ((m_action == ActionFilter::Sends && action != Action::Send)
        || (m_action == ActionFilter::Deletes && action != Action::Delete))
        return false;
    if (m_outcome != OutcomeFilter::All) {
        const auto status = Status(index.data(AuditTrailModel::StatusRole).toInt());
        const Status wanted = m_outcome == OutcomeFilter::Ok ? Status::Ok
            : m_outcome == OutcomeFilter::Failed             ? Status::Failed
            : m_outcome == OutcomeFilter::Unknown            ? Status::Unknown
            : m_outcome == OutcomeFilter::Pending            ? Status::Pending
                                                             : Status::Malformed;
        if (status != wanted)
            return false;
    }
    if (!m_profile.isEmpty() && index.data(AuditTrailModel::ProfileRole).toString() != m_profile)
        return false;
    if (m_text.isEmpty())
        return true;
    if (m_textIsId)
        return index.data(AuditTrailModel::IdsRole).toStringList().contains(m_text);
    return index.data(AuditTrailModel::SearchRole).toString().contains(m_text, Qt::CaseInsensitive);
}

} // namespace ui
