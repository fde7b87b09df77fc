#pragma once

// The audit viewer's filter over AuditTrailModel: free text, action (sends / deletes),
// outcome and profile. A text that is a whole number is an id and matches exactly — the
// mid, or a uid/gid/rid in the target — so "12" never finds mid 123 or uid 4120. Other
// text matches anywhere in the record (profile, endpoint, target, outcome, content, …),
// ignoring case.

#include <QSortFilterProxyModel>

#include "audittrailmodel.h"

namespace ui {

class AuditTrailFilter : public QSortFilterProxyModel {
    Q_OBJECT
public:
    enum class ActionFilter { All, Sends, Deletes };
    enum class OutcomeFilter { All, Ok, Failed, Unknown, Pending, Malformed };

    explicit AuditTrailFilter(QObject *parent = nullptr);

    void setText(const QString &text);
    void setActionFilter(ActionFilter filter);
    void setOutcomeFilter(OutcomeFilter filter);
    void setProfile(const QString &profile);   // "" = every profile

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_text;
    bool m_textIsId = false;
    ActionFilter m_action = ActionFilter::All;
    OutcomeFilter m_outcome = OutcomeFilter::All;
    QString m_profile;
};

} // namespace ui
