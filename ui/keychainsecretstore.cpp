#include "keychainsecretstore.h"

#include <QLoggingCategory>
#include <QPointer>

#include <qt6keychain/keychain.h>

Q_LOGGING_CATEGORY(lcKeychain, "ui.secrets")

namespace ui {

namespace {
const QString kService = QStringLiteral("rtm-console");

bool isBackendFailure(QKeychain::Error e)
{
    return e == QKeychain::NoBackendAvailable || e == QKeychain::NotImplemented
           || e == QKeychain::OtherError;
}
} // namespace

KeychainSecretStore::KeychainSecretStore(QObject *parent)
    : SecretStore(parent), m_memory(new MemorySecretStore(this))
{
}

void KeychainSecretStore::degrade(const QString &why)
{
    if (m_degraded)
        return;
    m_degraded = true;
    qCWarning(lcKeychain) << "system keychain unavailable, keeping secrets in memory only:" << why;
    // Short: it is shown in the status bar beside the connection state.
    emit degraded(tr("No system keychain (%1): secrets are kept for this session only.").arg(why));
}

void KeychainSecretStore::readSecret(const QString &profile, QObject *context, ReadCallback callback)
{
    if (m_degraded) {
        m_memory->readSecret(profile, context, std::move(callback));
        return;
    }
    auto *job = new QKeychain::ReadPasswordJob(kService, this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(profile);
    QPointer<QObject> guard(context);
    connect(job, &QKeychain::Job::finished, this, [this, job, guard, profile, callback] {
        if (job->error() == QKeychain::NoError) {
            if (guard)
                callback(true, job->binaryData(), QString());
            return;
        }
        if (job->error() == QKeychain::EntryNotFound) {
            if (guard)
                callback(false, {}, QString());
            return;
        }
        if (isBackendFailure(job->error())) {
            degrade(job->errorString());
            if (guard)
                m_memory->readSecret(profile, guard, callback);
            return;
        }
        if (guard)
            callback(false, {}, job->errorString());
    });
    job->start();
}

void KeychainSecretStore::writeSecret(const QString &profile, const QByteArray &secret, QObject *context,
                                      WriteCallback callback)
{
    // The memory copy keeps the session usable even if the keychain refuses the write.
    m_memory->writeSecret(profile, secret, this, {});
    if (m_degraded) {
        m_memory->writeSecret(profile, secret, context, std::move(callback));
        return;
    }
    auto *job = new QKeychain::WritePasswordJob(kService, this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(profile);
    job->setBinaryData(secret);
    QPointer<QObject> guard(context);
    connect(job, &QKeychain::Job::finished, this, [this, job, guard, callback] {
        if (job->error() == QKeychain::NoError) {
            if (guard && callback)
                callback(true, QString());
            return;
        }
        if (isBackendFailure(job->error())) {
            degrade(job->errorString());
            if (guard && callback)
                callback(true, QString());   // kept in memory
            return;
        }
        if (guard && callback)
            callback(false, job->errorString());
    });
    job->start();
}

void KeychainSecretStore::removeSecret(const QString &profile)
{
    m_memory->removeSecret(profile);
    if (m_degraded)
        return;
    auto *job = new QKeychain::DeletePasswordJob(kService, this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(profile);
    job->start();
}

QString KeychainSecretStore::backendName() const
{
    return m_degraded ? m_memory->backendName() : tr("system keychain");
}

} // namespace ui
