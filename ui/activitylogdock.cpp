#include "activitylogdock.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QSaveFile>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

#include "service/activitylogmodel.h"

namespace ui {

ActivityLogDock::ActivityLogDock(QWidget *parent) : QDockWidget(tr("Activity log"), parent)
{
    setObjectName(QStringLiteral("activityLogDock"));
    m_model = new service::ActivityLogModel(this);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);

    auto *content = new QWidget(this);
    m_filter = new QLineEdit(content);
    m_filter->setObjectName(QStringLiteral("activityFilter"));
    m_filter->setPlaceholderText(tr("filter: method, target or outcome"));
    m_filter->setClearButtonEnabled(true);
    auto *copy = new QPushButton(tr("Copy"), content);
    copy->setObjectName(QStringLiteral("activityCopy"));
    auto *save = new QPushButton(tr("Save…"), content);
    save->setObjectName(QStringLiteral("activitySave"));
    auto *clear = new QPushButton(tr("Clear"), content);
    clear->setObjectName(QStringLiteral("activityClear"));

    m_table = new QTableView(content);
    m_table->setObjectName(QStringLiteral("activityTable"));
    m_table->setModel(m_proxy);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setWordWrap(false);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setStretchLastSection(true);
    const int em = m_table->fontMetrics().horizontalAdvance(QLatin1Char('M'));
    m_table->horizontalHeader()->resizeSection(service::ActivityLogModel::TimeColumn, em * 9);
    m_table->horizontalHeader()->resizeSection(service::ActivityLogModel::MethodColumn, em * 11);
    m_table->horizontalHeader()->resizeSection(service::ActivityLogModel::TargetColumn, em * 24);
    m_table->horizontalHeader()->resizeSection(service::ActivityLogModel::DurationColumn, em * 6);

    auto *copyAction = new QAction(tr("Copy"), m_table);
    copyAction->setShortcut(QKeySequence::Copy);
    copyAction->setShortcutContext(Qt::WidgetShortcut);
    m_table->addAction(copyAction);
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);

    auto *top = new QHBoxLayout;
    top->addWidget(m_filter, 1);
    top->addWidget(copy);
    top->addWidget(save);
    top->addWidget(clear);
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(m_table, 1);
    setWidget(content);

    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    connect(copy, &QPushButton::clicked, this, &ActivityLogDock::copySelected);
    connect(copyAction, &QAction::triggered, this, &ActivityLogDock::copySelected);
    connect(save, &QPushButton::clicked, this, &ActivityLogDock::saveToFile);
    connect(clear, &QPushButton::clicked, m_model, &service::ActivityLogModel::clear);
    // Follow new entries while the view is scrolled to the bottom.
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, [this] {
        if (!m_table->selectionModel()->hasSelection())
            m_table->scrollToBottom();
    });
}

QString ActivityLogDock::textOf(bool selectedOnly) const
{
    QStringList lines;
    QList<int> rows;
    if (selectedOnly) {
        for (const QModelIndex &i : m_table->selectionModel()->selectedRows())
            rows << i.row();
        std::sort(rows.begin(), rows.end());
    } else {
        for (int r = 0; r < m_proxy->rowCount(); ++r)
            rows << r;
    }
    for (int r : rows) {
        QStringList cells;
        for (int c = 0; c < m_proxy->columnCount(); ++c)
            cells << m_proxy->index(r, c).data().toString().replace(QLatin1Char('\t'), QLatin1Char(' '));
        lines << cells.join(QLatin1Char('\t'));
    }
    return lines.join(QLatin1Char('\n'));
}

void ActivityLogDock::copySelected()
{
    const bool any = m_table->selectionModel()->hasSelection();
    QApplication::clipboard()->setText(textOf(any));
}

void ActivityLogDock::saveToFile()
{
    auto *dialog = new QFileDialog(this, tr("Save activity log"), QStringLiteral("rtm-activity.tsv"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setDefaultSuffix(QStringLiteral("tsv"));
    dialog->setNameFilter(tr("Tab-separated text (*.tsv *.txt)"));
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString &path) {
        QStringList header;
        for (int c = 0; c < m_proxy->columnCount(); ++c)
            header << m_proxy->headerData(c, Qt::Horizontal).toString();
        const QByteArray data = (header.join(QLatin1Char('\t')) + QLatin1Char('\n') + textOf(false) + QLatin1Char('\n')).toUtf8();
        QSaveFile f(path);
        if (f.open(QIODevice::WriteOnly) && f.write(data) == data.size())
            f.commit();
    });
    dialog->open();
}

void ActivityLogDock::saveState(const QString &group) const
{
    QSettings s;
    s.setValue(group + QStringLiteral("/activityHeader"), m_table->horizontalHeader()->saveState());
}

void ActivityLogDock::restoreState(const QString &group)
{
    QSettings s;
    const QByteArray h = s.value(group + QStringLiteral("/activityHeader")).toByteArray();
    if (!h.isEmpty())
        m_table->horizontalHeader()->restoreState(h);
}

} // namespace ui
