#include "firststartdialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace ui {

FirstStartDialog::FirstStartDialog(QWidget *parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("firstStartDialog"));
    setWindowTitle(tr("Welcome to RTM Console"));
    auto *title = new QLabel(tr("Welcome to RTM Console"), this);
    QFont f = title->font();
    f.setPointSizeF(f.pointSizeF() * 1.4);
    f.setBold(true);
    title->setFont(f);
    auto *text = new QLabel(tr("There is no saved connection yet.\n\n"
                               "• Try the built-in sandbox: a local RTM server with a week of demo "
                               "conversations (users 1001–1040, groups 2001–2006, rooms 3001–3004). "
                               "Nothing leaves this computer.\n\n"
                               "• Or connect to your RTM project: you need its endpoint, project id "
                               "and server secret key from the RTM console."), this);
    text->setWordWrap(true);
    auto *box = new QDialogButtonBox(this);
    QPushButton *sandbox = box->addButton(tr("Try the sandbox"), QDialogButtonBox::AcceptRole);
    sandbox->setObjectName(QStringLiteral("firstStartSandbox"));
    sandbox->setDefault(true);
    QPushButton *connectButton = box->addButton(tr("New connection…"), QDialogButtonBox::ActionRole);
    connectButton->setObjectName(QStringLiteral("firstStartNew"));
    QPushButton *later = box->addButton(tr("Later"), QDialogButtonBox::RejectRole);
    later->setObjectName(QStringLiteral("firstStartLater"));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addWidget(text);
    layout->addWidget(box);

    connect(sandbox, &QPushButton::clicked, this, [this] {
        accept();
        emit sandboxChosen();
    });
    connect(connectButton, &QPushButton::clicked, this, [this] {
        accept();
        emit newConnectionChosen();
    });
    connect(later, &QPushButton::clicked, this, &QDialog::reject);
    setMinimumWidth(fontMetrics().horizontalAdvance(QLatin1Char('M')) * 36);
}

} // namespace ui
