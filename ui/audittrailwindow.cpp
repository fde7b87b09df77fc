#include "audittrailwindow.h"

#include <algorithm>

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFontDatabase>
#include <QFontMetrics>
#include <QGuiApplication>
#include <QScreen>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSet>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include "audittrailfilter.h"
#include "audittrailmodel.h"

namespace ui {

AuditTrailWindow::AuditTrailWindow(const QString &path, QWidget *parent)
    : QWidget(parent, Qt::Window), m_model(new AuditTrailModel(this)), m_filter(new AuditTrailFilter(this))
{
    setObjectName(QStringLiteral("auditTrailWindow"));
    setWindowTitle(tr("Audit trail — %1").arg(path));
    m_filter->setSourceModel(m_model);

    m_text = new QLineEdit(this);
    m_text->setObjectName(QStringLiteral("auditFilterText"));
    m_text->setPlaceholderText(tr("Filter: text, or a mid / uid / group id (exact)"));
    m_text->setClearButtonEnabled(true);
    m_action = new QComboBox(this);
    m_action->setObjectName(QStringLiteral("auditFilterAction"));
    m_action->addItem(tr("Sends and deletes"), int(AuditTrailFilter::ActionFilter::All));
    m_action->addItem(tr("Sends"), int(AuditTrailFilter::ActionFilter::Sends));
    m_action->addItem(tr("Deletes"), int(AuditTrailFilter::ActionFilter::Deletes));
    m_outcome = new QComboBox(this);
    m_outcome->setObjectName(QStringLiteral("auditFilterOutcome"));
    m_outcome->addItem(tr("Any outcome"), int(AuditTrailFilter::OutcomeFilter::All));
    m_outcome->addItem(tr("OK"), int(AuditTrailFilter::OutcomeFilter::Ok));
    m_outcome->addItem(tr("Failed"), int(AuditTrailFilter::OutcomeFilter::Failed));
    m_outcome->addItem(tr("Unknown — check by mid"), int(AuditTrailFilter::OutcomeFilter::Unknown));
    m_outcome->addItem(tr("Pending (no outcome line)"), int(AuditTrailFilter::OutcomeFilter::Pending));
    m_outcome->addItem(tr("Malformed lines"), int(AuditTrailFilter::OutcomeFilter::Malformed));
    m_profile = new QComboBox(this);
    m_profile->setObjectName(QStringLiteral("auditFilterProfile"));
    m_profile->addItem(tr("All profiles"), QString());
    m_refresh = new QPushButton(tr("&Refresh"), this);
    m_refresh->setObjectName(QStringLiteral("auditRefresh"));
    m_refresh->setToolTip(tr("Read the audit log again from the start"));

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("auditTable"));
    m_table->setModel(m_filter);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    // Fixed row heights: measuring 100k rows would stall the window.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().lineSpacing() + 6);
    m_table->horizontalHeader()->setStretchLastSection(true);
    // Wide enough for what the columns typically hold (a full time, a 19-digit mid).
    const QFontMetrics metrics = m_table->fontMetrics();
    const auto fit = [&metrics](const QString &sample) { return metrics.horizontalAdvance(sample) + 16; };
    const int em = metrics.horizontalAdvance(QLatin1Char('M'));
    m_table->setColumnWidth(AuditTrailModel::TimeColumn, fit(QStringLiteral("2026-12-01 16:10:04.374 UTC")));
    m_table->setColumnWidth(AuditTrailModel::ProfileColumn, em * 7);
    m_table->setColumnWidth(AuditTrailModel::EndpointColumn, fit(QStringLiteral("rtm.example.com:133")));
    m_table->setColumnWidth(AuditTrailModel::ActionColumn, fit(tr("delete (broadcast)")));
    m_table->setColumnWidth(AuditTrailModel::TargetColumn, fit(QStringLiteral("group 42 from 7001 mid 91")));
    m_table->setColumnWidth(AuditTrailModel::MidColumn, fit(QStringLiteral("9223372036854775807")));
    m_table->setColumnWidth(AuditTrailModel::OutcomeColumn, fit(tr("unknown — check by mid (20003)")));

    m_details = new QPlainTextEdit(this);
    m_details->setObjectName(QStringLiteral("auditDetails"));
    m_details->setReadOnly(true);
    m_details->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_copy = new QPushButton(tr("&Copy"), this);
    m_copy->setObjectName(QStringLiteral("auditCopy"));
    m_copy->setToolTip(tr("Copy the whole record of the selected row"));
    m_copy->setEnabled(false);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("auditStatus"));
    m_status->setTextFormat(Qt::PlainText);

    auto *filters = new QHBoxLayout;
    filters->addWidget(m_text, 3);
    filters->addWidget(m_action);
    filters->addWidget(m_outcome);
    filters->addWidget(m_profile);
    filters->addWidget(m_refresh);

    auto *detailsPane = new QWidget(this);
    auto *detailsLayout = new QVBoxLayout(detailsPane);
    detailsLayout->setContentsMargins(0, 0, 0, 0);
    detailsLayout->addWidget(m_details, 1);
    auto *detailsButtons = new QHBoxLayout;
    detailsButtons->addStretch(1);
    detailsButtons->addWidget(m_copy);
    detailsLayout->addLayout(detailsButtons);

    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_table);
    split->addWidget(detailsPane);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(split, 1);
    layout->addWidget(m_status);

    connect(m_text, &QLineEdit::textChanged, this, &AuditTrailWindow::applyFilter);
    for (QComboBox *box : {m_action, m_outcome, m_profile})
        connect(box, &QComboBox::currentIndexChanged, this, &AuditTrailWindow::applyFilter);
    connect(m_refresh, &QPushButton::clicked, this, &AuditTrailWindow::refresh);
    connect(m_copy, &QPushButton::clicked, this, &AuditTrailWindow::copyDetails);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &AuditTrailWindow::showCurrent);
    connect(m_filter, &QAbstractItemModel::dataChanged, this, &AuditTrailWindow::showCurrent);   // an outcome arrived
    connect(m_model, &AuditTrailModel::batchApplied, this, [this] {
        updateProfiles();
        updateStatus();
    });
    connect(m_model, &AuditTrailModel::loadingChanged, this, &AuditTrailWindow::updateStatus);
    connect(m_model, &AuditTrailModel::errorChanged, this, &AuditTrailWindow::updateStatus);
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        m_details->clear();
        m_copy->setEnabled(false);
        m_profilesScanned = 0;
    });

    // The content column gets what the others leave; use most of a wide screen.
    const QRect screen = QGuiApplication::primaryScreen() ? QGuiApplication::primaryScreen()->availableGeometry() : QRect();
    resize(screen.isValid() ? std::min(em * 160, screen.width() * 9 / 10) : em * 160, fontMetrics().lineSpacing() * 40);
    m_model->setPath(path);
    updateStatus();
}

void AuditTrailWindow::setUtc(bool utc)
{
    m_model->setUtc(utc);
}

void AuditTrailWindow::refresh()
{
    m_model->reload();
}

void AuditTrailWindow::copyDetails()
{
    if (!m_details->toPlainText().isEmpty())
        QApplication::clipboard()->setText(m_details->toPlainText());
}

void AuditTrailWindow::applyFilter()
{
    m_filter->setText(m_text->text());
    m_filter->setActionFilter(AuditTrailFilter::ActionFilter(m_action->currentData().toInt()));
    m_filter->setOutcomeFilter(AuditTrailFilter::OutcomeFilter(m_outcome->currentData().toInt()));
    m_filter->setProfile(m_profile->currentData().toString());
    updateStatus();
}

void AuditTrailWindow::updateProfiles()
{
    // New profile names join the list; the one chosen stays chosen.
    QSet<QString> known;
    for (int i = 1; i < m_profile->count(); ++i)
        known.insert(m_profile->itemData(i).toString());
    for (int row = m_profilesScanned; row < m_model->rowCount(); ++row) {
        const QString name = m_model->index(row, 0).data(AuditTrailModel::ProfileRole).toString();
        if (!name.isEmpty() && !known.contains(name)) {
            known.insert(name);
            m_profile->addItem(name, name);
        }
    }
    m_profilesScanned = m_model->rowCount();
}

void AuditTrailWindow::updateStatus()
{
    QString text = tr("%n record(s)", nullptr, m_model->rowCount());
    if (m_filter->rowCount() != m_model->rowCount())
        text = tr("%1 shown of %2").arg(m_filter->rowCount()).arg(text);
    text += QStringLiteral(" · ") + tr("%n line(s) read", nullptr, int(m_model->linesRead()));
    text += QStringLiteral(" · ") + m_model->path();
    if (m_model->isLoading())
        text += QStringLiteral(" · ") + tr("reading…");
    if (!m_model->errorString().isEmpty())
        text += QStringLiteral(" · ") + tr("cannot read: %1").arg(m_model->errorString());
    m_status->setText(text);
}

void AuditTrailWindow::showCurrent()
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    if (!current.isValid()) {
        m_details->clear();
        m_copy->setEnabled(false);
        return;
    }
    const QString details = current.data(AuditTrailModel::DetailsRole).toString();
    if (details != m_details->toPlainText())
        m_details->setPlainText(details);
    m_copy->setEnabled(true);
}

} // namespace ui
