#include "screenshottour.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLineEdit>
#include <QLoggingCategory>
#include <QPainter>
#include <QPlainTextEdit>
#include <QTableView>
#include <QTabWidget>
#include <QTimer>

#include "common/mainwindowparts.h"
#include "connectiondialog.h"
#include "fpnn/ecckeys.h"
#include "sandbox/sandboxthread.h"
#include "countpanel.h"
#include "deletecontroller.h"
#include "deleteconfirmdialog.h"
#include "findmessagedialog.h"
#include "firststartdialog.h"
#include "historyview.h"
#include "mainwindow.h"
#include "service/historymodel.h"
#include "sendpanel.h"

Q_LOGGING_CATEGORY(lcTour, "ui.screenshots")

namespace rtmtest {

using namespace ui;

ScreenshotTour::ScreenshotTour(MainWindow *window, const QString &dir, QObject *parent)
    : QObject(parent), m_window(window), m_dir(dir)
{
    QDir().mkpath(dir);
    auto tab = [this](QWidget *w) { rtmtest::tabs(*m_window)->setCurrentWidget(w); };
    const rtm::MessageCategory kinds[4] = {rtm::MessageCategory::P2P, rtm::MessageCategory::Group,
                                           rtm::MessageCategory::Room, rtm::MessageCategory::Broadcast};
    const char *names[4] = {"history-p2p", "history-group", "history-room", "history-broadcast"};

    // The sandbox also takes encrypted connections, with a key made for the tour; its
    // public half goes to a file as the connection dialog wants it (DER SubjectPublicKeyInfo
    // of a secp256r1 point: the fixed algorithm header, then 04‖X‖Y).
    const fpnn::EccPrivateKey sandboxKey = fpnn::EccPrivateKey::generate(fpnn::EccCurve::Secp256r1);
    const QString publicKeyFile = m_keyDir.filePath(QStringLiteral("sandbox-public.der"));
    if (QFile f(publicKeyFile); sandboxKey.isValid() && f.open(QIODevice::WriteOnly))
        f.write(QByteArray::fromHex("3059301306072a8648ce3d020106082a8648ce3d03010703420004") + sandboxKey.publicXY());
    m_steps << Step{0, [this, sandboxKey] {
        sandbox::SandboxOptions options;
        options.demoData = true;
        options.eccKey = sandboxKey;
        m_window->startSandbox(options);
    }};
    m_steps << Step{2500, [this, tab] {
        SendPanel *send = rtmtest::sendPanel(*m_window);
        tab(send);
        send->setKind(SendPanel::Kind::Group);
        send->findChild<QPlainTextEdit *>(QStringLiteral("sendBody"))
            ->setPlainText(QStringLiteral("Maintenance tonight 22:00 UTC — 今晚维护 🔧"));
        send->findChild<QPlainTextEdit *>(QStringLiteral("sendAttrs"))
            ->setPlainText(QStringLiteral("{\"source\": \"console\", \"ticket\": 4711}"));
        send->send();
    }};
    m_steps << Step{1200, [this] { save(QStringLiteral("send")); }};
    for (int i = 0; i < 4; ++i) {
        const rtm::MessageCategory c = kinds[i];
        const QString name = QString::fromLatin1(names[i]);
        m_steps << Step{100, [this, c, tab] {
            HistoryView *v = rtmtest::historyView(*m_window, c);
            tab(v);
            v->open();
        }};
        m_steps << Step{1500, [this, c] {
            HistoryView *v = rtmtest::historyView(*m_window, c);
            v->table()->selectRow(1);
            v->showInfo();
        }};
        m_steps << Step{1000, [this, name] { save(name); }};
    }
    m_steps << Step{100, [this, tab] {
        HistoryView *v = rtmtest::historyView(*m_window, rtm::MessageCategory::Group);
        tab(v);
        if (v->model()->rowCount() > 2)
            v->findChild<QLineEdit *>(QStringLiteral("filterSender"))
                ->setText(QString::number(v->model()->message(2).fromUid));
        v->selectAllMatching();
    }};
    m_steps << Step{600, [this] { save(QStringLiteral("history-filter")); }};
    m_steps << Step{100, [this] {
        HistoryView *v = rtmtest::historyView(*m_window, rtm::MessageCategory::Group);
        v->findChild<QLineEdit *>(QStringLiteral("filterSender"))->clear();
        v->table()->clearSelection();
        for (int r = 0; r < 3; ++r)
            v->table()->selectionModel()->select(v->table()->model()->index(r, 0),
                                                 QItemSelectionModel::Select | QItemSelectionModel::Rows);
        v->deleteSelected();
    }};
    m_steps << Step{800, [this] {
        DeleteConfirmDialog *d = rtmtest::historyView(*m_window, rtm::MessageCategory::Group)->deleteController()->confirmDialog();
        save(QStringLiteral("delete-confirm"), d);
        if (d)
            d->reject();
    }};
    m_steps << Step{100, [this, tab] {
        tab(rtmtest::countPanel(*m_window));
        rtmtest::countPanel(*m_window)->count();
    }};
    m_steps << Step{1000, [this] { save(QStringLiteral("count")); }};
    m_steps << Step{100, [this] {
        FindMessageDialog *f = rtmtest::openFindMessage(*m_window);
        HistoryView *v = rtmtest::historyView(*m_window, rtm::MessageCategory::Group);
        f->findChild<QComboBox *>(QStringLiteral("findKind"))->setCurrentIndex(1);
        if (v->model()->rowCount() > 5) {
            const MessageRef ref = v->messageAt(5);
            f->findChild<QLineEdit *>(QStringLiteral("findFrom"))->setText(QString::number(ref.from));
            f->findChild<QLineEdit *>(QStringLiteral("findTarget"))->setText(QString::number(ref.target));
            f->findChild<QLineEdit *>(QStringLiteral("findMid"))->setText(QString::number(ref.mid));
        }
        f->open();
        f->showInfo();
    }};
    m_steps << Step{1200, [this] {
        auto *f = m_window->findChild<FindMessageDialog *>();
        save(QStringLiteral("find-message"), f);
        if (f)
            f->reject();
    }};
    m_steps << Step{100, [this] { m_window->openConnections(); }};
    m_steps << Step{800, [this] {
        auto *d = m_window->findChild<ConnectionDialog *>();
        save(QStringLiteral("connections"), d);
        if (d)
            d->reject();
    }};
    // An encrypted profile for the same sandbox: the form, then the status bar's padlock.
    m_steps << Step{100, [this, publicKeyFile] {
        m_window->openConnections();
        auto *d = m_window->findChild<ConnectionDialog *>();
        if (!d || !m_window->sandboxServer())
            return;
        d->startNewProfile();
        d->findChild<QLineEdit *>(QStringLiteral("profileName"))->setText(tr("Sandbox, encrypted"));
        d->findChild<QLineEdit *>(QStringLiteral("profileEndpoint"))
            ->setText(QStringLiteral("127.0.0.1:%1").arg(m_window->sandboxServer()->port()));
        d->findChild<QLineEdit *>(QStringLiteral("profilePid"))->setText(QString::number(sandbox::kDemoPid));
        d->findChild<QLineEdit *>(QStringLiteral("profileSecret"))->setText(QString::fromLatin1(sandbox::kDemoSecret));
        d->findChild<QComboBox *>(QStringLiteral("profileEnvironment"))->setCurrentIndex(2);
        d->findChild<QLineEdit *>(QStringLiteral("profileServerKey"))->setText(publicKeyFile);
        auto *bits = d->findChild<QComboBox *>(QStringLiteral("profileEncryptionBits"));
        bits->setCurrentIndex(bits->findData(256));
        d->testConnection();
    }};
    m_steps << Step{1200, [this] {
        auto *d = m_window->findChild<ConnectionDialog *>();
        save(QStringLiteral("connections-encrypted"), d);
        if (!d)
            return;
        // Connect without saving: the tour leaves the user's profiles alone.
        ConnectionProfile p;
        QByteArray secret;
        const bool ok = d->readForm(&p, &secret);
        d->reject();
        if (ok)
            m_window->connectToProfile(p, secret);
    }};
    m_steps << Step{1500, [this] { save(QStringLiteral("status-encrypted")); }};
    m_steps << Step{100, [this] {
        m_window->disconnectSession();
        auto *d = new FirstStartDialog(m_window);
        d->setAttribute(Qt::WA_DeleteOnClose);
        d->open();
    }};
    m_steps << Step{600, [this] {
        auto *d = m_window->findChild<FirstStartDialog *>();
        save(QStringLiteral("first-start"), d);
        if (d)
            d->reject();
    }};
}

void ScreenshotTour::start()
{
    m_window->resize(1280, 860);
    m_index = 0;
    next();
}

void ScreenshotTour::next()
{
    if (m_index >= m_steps.size()) {
        emit done();
        return;
    }
    const Step step = m_steps.at(m_index++);
    QTimer::singleShot(step.delayMs, this, [this, step] {
        step.action();
        next();
    });
}

void ScreenshotTour::save(const QString &name, QWidget *dialog)
{
    QPixmap shot = m_window->grab();
    if (dialog && dialog->isVisible()) {
        // Dim the window and put the dialog in the middle, as a window manager would.
        QPainter p(&shot);
        QColor shade = m_window->palette().color(QPalette::Shadow);
        shade.setAlpha(90);
        p.fillRect(shot.rect(), shade);
        const QPixmap d = dialog->grab();
        const QPoint at((shot.width() / shot.devicePixelRatio() - d.width() / d.devicePixelRatio()) / 2,
                        (shot.height() / shot.devicePixelRatio() - d.height() / d.devicePixelRatio()) / 3);
        p.drawPixmap(at, d);
        p.setPen(m_window->palette().color(QPalette::Dark));
        p.drawRect(QRect(at, d.deviceIndependentSize().toSize()).adjusted(-1, -1, 0, 0));
    }
    const QString path = QDir(m_dir).filePath(name + QStringLiteral(".png"));
    if (!shot.save(path))
        qCWarning(lcTour) << "could not save" << path;
    else
        qCInfo(lcTour) << "saved" << path;
}

} // namespace rtmtest
