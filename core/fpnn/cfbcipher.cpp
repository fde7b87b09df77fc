#include "cfbcipher.h"

#include <limits>
#include <utility>

#include <openssl/err.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

namespace fpnn {

void CfbCipher::CtxDeleter::operator()(evp_cipher_ctx_st *ctx) const
{
    EVP_CIPHER_CTX_free(ctx);
}

CfbCipher::CfbCipher(const SessionKeys &keys, Direction direction)
    : m_keys(keys)
    , m_direction(direction)
{
    // A private deep copy, so the destructor can wipe it without touching the caller's.
    m_keys.key = QByteArray(keys.key.constData(), keys.key.size());
    if ((m_keys.key.size() != 16 && m_keys.key.size() != 32) || m_keys.iv.size() != 16)
        return;
    m_ctx.reset(EVP_CIPHER_CTX_new());
    restart();
}

CfbCipher::~CfbCipher()
{
    wipeKey();
}

CfbCipher::CfbCipher(CfbCipher &&other) noexcept = default;

CfbCipher &CfbCipher::operator=(CfbCipher &&other) noexcept
{
    if (this != &other) {
        wipeKey();
        m_keys = std::move(other.m_keys);
        m_direction = other.m_direction;
        m_ctx = std::move(other.m_ctx);
        m_keyed = std::exchange(other.m_keyed, false);
    }
    return *this;
}

void CfbCipher::wipeKey()
{
    // Our own copy of the session key (see the constructor) should not linger in freed
    // memory.
    if (!m_keys.key.isEmpty())
        OPENSSL_cleanse(m_keys.key.data(), static_cast<size_t>(m_keys.key.size()));
    m_keys.key.clear();
}

void CfbCipher::restart()
{
    if (!m_ctx)
        return;
    const auto *iv = reinterpret_cast<const unsigned char *>(m_keys.iv.constData());
    if (m_keyed) {
        // Package mode restarts every package: a new IV and position 0 are enough; setting
        // the key again would redo the cipher lookup and the key schedule each time.
        if (EVP_CipherInit_ex(m_ctx.get(), nullptr, nullptr, nullptr, iv, -1) == 1 && EVP_CIPHER_CTX_set_num(m_ctx.get(), 0) == 1)
            return;
        ERR_clear_error();
        m_ctx.reset();
        return;
    }
    const EVP_CIPHER *cipher = m_keys.key.size() == 16 ? EVP_aes_128_cfb128() : EVP_aes_256_cfb128();
    if (EVP_CipherInit_ex(m_ctx.get(), cipher, nullptr, reinterpret_cast<const unsigned char *>(m_keys.key.constData()), iv,
                          m_direction == Direction::Encrypt ? 1 : 0) != 1) {
        ERR_clear_error();
        m_ctx.reset();
        return;
    }
    m_keyed = true;
}

QByteArray CfbCipher::process(QByteArrayView in)
{
    if (!m_ctx || in.isEmpty())
        return {};
    QByteArray out(in.size(), Qt::Uninitialized);
    qsizetype done = 0;
    while (done < in.size()) {
        // EVP takes an int length; frames stay far below it, but never truncate silently.
        const int chunk = static_cast<int>(qMin<qsizetype>(in.size() - done, std::numeric_limits<int>::max() / 2));
        int written = 0;
        if (EVP_CipherUpdate(m_ctx.get(), reinterpret_cast<unsigned char *>(out.data() + done), &written,
                             reinterpret_cast<const unsigned char *>(in.data() + done), chunk) != 1
            || written != chunk) {
            ERR_clear_error();
            m_ctx.reset();
            return {};
        }
        done += chunk;
    }
    return out;
}

} // namespace fpnn
