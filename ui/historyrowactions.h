#pragma once

// The row actions of a history table that follow one user (context menu, the Message menu,
// shortcuts): filter by the sender, open the P2P conversation with them, copy mids, sender
// uids or the message text. Ids are copied as qint64 text, every digit kept. Actions that
// need one row are off while several rows are selected, with a tooltip that says so.

#include <QList>
#include <QObject>

namespace rtm {
struct HistoryMessage;
}

class QAction;

namespace ui {

class HistoryView;

class HistoryRowActions : public QObject {
    Q_OBJECT
public:
    explicit HistoryRowActions(HistoryView *view);

    // In menu order; nullptr stands for a separator.
    QList<QAction *> actions() const;
    // Enabled states and tooltips from the view's selection.
    void update();

    // Who is "us" and who the peer for "Open P2P with this user" from source row `row`:
    // P2P: the reader of the loaded conversation and the other party of the row;
    // group/room/broadcast: the view's reader uid and the row's sender. {0, 0}: no pair.
    struct P2PPair {
        qint64 uid = 0;
        qint64 peer = 0;
    };
    P2PPair p2pPairFor(int sourceRow) const;

    void filterBySender();
    void openP2P();
    void copyMids();
    void copySenders();
    void copyMessageText();

Q_SIGNALS:
    void filterBySenderRequested(qint64 uid);
    void openP2PRequested(qint64 uid, qint64 peer);
    void statusMessage(const QString &text);

private:
    int copyIds(qint64 rtm::HistoryMessage::*id);
    int singleRow() const;   // the only selected source row, else -1
    QAction *makeAction(const QString &text, const char *name, const QKeySequence &shortcut);

    HistoryView *m_view;
    QAction *m_filterBySender;
    QAction *m_openP2P;
    QAction *m_copyMids;
    QAction *m_copySenders;
    QAction *m_copyText;
};

} // namespace ui
