#pragma once

// rtm-console-tour's walk (a developer program, never installed): starts the sandbox, walks
// through the main screens and saves a PNG of each (QWidget::grab, so it works under Xvfb
// and offscreen), then quits. Used to keep docs/screenshots/ current.

#include <functional>

#include <QList>
#include <QObject>
#include <QString>
#include <QTemporaryDir>

class QWidget;

namespace ui {
class MainWindow;
}

namespace rtmtest {

using ui::MainWindow;

class ScreenshotTour : public QObject {
    Q_OBJECT
public:
    ScreenshotTour(MainWindow *window, const QString &dir, QObject *parent = nullptr);
    void start();

Q_SIGNALS:
    void done();

private:
    struct Step {
        int delayMs;
        std::function<void()> action;
    };
    void next();
    void save(const QString &name, QWidget *dialog = nullptr);

    MainWindow *m_window;
    QString m_dir;
    QTemporaryDir m_keyDir;   // the sandbox's public key for the encrypted profile
    QList<Step> m_steps;
    int m_index = 0;
};

} // namespace rtmtest
