#include "sessionkeys.h"

#include <openssl/evp.h>

namespace fpnn {

namespace {

QByteArray digest(const EVP_MD *md, QByteArrayView data)
{
    QByteArray out(EVP_MD_get_size(md), '\0');
    unsigned int len = 0;
    if (EVP_Digest(data.data(), static_cast<size_t>(data.size()), reinterpret_cast<unsigned char *>(out.data()), &len, md, nullptr) != 1
        || len != static_cast<unsigned int>(out.size()))
        return {};
    return out;
}

} // namespace

std::optional<SessionKeys> deriveSessionKeys(QByteArrayView sharedSecret, int bits)
{
    if ((bits != 128 && bits != 256) || sharedSecret.size() < 16)
        return std::nullopt;
    SessionKeys keys;
    keys.bits = bits;
    keys.iv = digest(EVP_md5(), sharedSecret);
    if (bits == 128)
        keys.key = sharedSecret.first(16).toByteArray();
    else if (sharedSecret.size() == 32)
        keys.key = sharedSecret.toByteArray();
    else
        keys.key = digest(EVP_sha256(), sharedSecret);
    if (keys.iv.size() != 16 || keys.key.size() != bits / 8)
        return std::nullopt;
    return keys;
}

} // namespace fpnn
