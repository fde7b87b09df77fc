// The encryption foundation (protocol.md 2): EC key loading, ECDH, key/IV derivation,
// AES-CFB, the `*key` quest and package/stream framing — byte-exact against every
// `encryption` vector in tests/data/vectors.json, plus malformed input and round trips
// on all four curves with server keys generated here by OpenSSL.

#include <QByteArray>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "common/testvectors.h"
#include "fpnn/cfbcipher.h"
#include "fpnn/connectioncodec.h"
#include "fpnn/ecckeys.h"
#include "fpnn/encryptedframing.h"
#include "fpnn/encryptedchannel.h"
#include "fpnn/framecodec.h"
#include "fpnn/keyexchange.h"
#include "fpnn/msgpackcodec.h"
#include "fpnn/packagecodec.h"
#include "fpnn/sessionkeys.h"
#include "fpnn/streamcodec.h"

using namespace fpnn;
using testdata::hex;
using testdata::vectors;

namespace {

QJsonArray encryptionCases()
{
    return vectors().value(QStringLiteral("encryption")).toObject().value(QStringLiteral("cases")).toArray();
}

QJsonObject encryptionCase(const QString &name)
{
    for (const QJsonValue &c : encryptionCases())
        if (c.toObject().value(QStringLiteral("name")).toString() == name)
            return c.toObject();
    return {};
}

QByteArray field(const QJsonObject &o, const char *key)
{
    return hex(o.value(QLatin1String(key)));
}

QByteArray text(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString().toLatin1();
}

// "secp256k1", or "secp256r1 (prime256v1)": the first word names the curve.
EccCurve caseCurve(const QJsonObject &c)
{
    const auto curve = eccCurveFromName(c.value(QStringLiteral("curve")).toString().section(QLatin1Char(' '), 0, 0));
    if (!curve)
        qFatal("vector case with an unknown curve");
    return *curve;
}

// The DER inside a PEM block (the base64 between the BEGIN and END lines).
QByteArray pemToDer(const QByteArray &pem)
{
    QByteArray b64;
    for (const QByteArray &line : pem.split('\n'))
        if (!line.startsWith("-----"))
            b64 += line.trimmed();
    return QByteArray::fromBase64(b64);
}

SessionKeys caseKeys(const QJsonObject &c)
{
    return SessionKeys{field(c, "aes_key_hex"), field(c, "aes_iv_hex"), c.value(QStringLiteral("bits")).toInt()};
}

struct WireMessage {
    QByteArray wire;
    QByteArray plain;
};

std::vector<WireMessage> packageWire(const QJsonObject &c, const QString &dir)
{
    std::vector<WireMessage> out;
    for (const QJsonValue &w : c.value(QStringLiteral("package_mode_wire")).toArray()) {
        const QJsonObject o = w.toObject();
        if (o.value(QStringLiteral("dir")).toString() == dir)
            out.push_back({field(o, "wire_hex"), field(o, "plaintext_frame_hex")});
    }
    return out;
}

// Stream-mode wire pieces pair up with the package-mode plaintext frames of that direction.
std::vector<WireMessage> streamWire(const QJsonObject &c, const QString &dir)
{
    std::vector<WireMessage> out = packageWire(c, dir);
    const QJsonArray pieces = c.value(QStringLiteral("stream_mode_fpnn_cpp")).toObject().value(dir + QStringLiteral("_wire_hex")).toArray();
    if (static_cast<qsizetype>(out.size()) != pieces.size())
        return {};
    for (qsizetype i = 0; i < pieces.size(); ++i)
        out[static_cast<size_t>(i)].wire = hex(pieces.at(i));
    return out;
}

// Every frame a decoder hands out must be one frame for the existing FrameDecoder.
bool parsesAsOneFrame(const QByteArray &plain)
{
    FrameDecoder d;
    d.feed(plain);
    return d.error() == FrameError::None && d.hasFrame() && d.bufferedBytes() == 0 && (d.takeFrame(), !d.hasFrame());
}

template <typename Decoder>
QList<QByteArray> drain(Decoder &d)
{
    QList<QByteArray> out;
    while (d.hasFrame())
        out.append(d.takeFrame());
    return out;
}

// OpenSSL-generated key pairs, written out as PEM the way an operator would have them.
struct PemKeyPair {
    QByteArray publicPem;
    QByteArray privatePem;
};

QByteArray bioText(BIO *bio)
{
    char *data = nullptr;
    const long len = BIO_get_mem_data(bio, &data);
    return QByteArray(data, static_cast<qsizetype>(len));
}

PemKeyPair generatePemKeyPair(const char *algorithm, const char *group)
{
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(nullptr, algorithm, nullptr);
    EVP_PKEY *key = nullptr;
    PemKeyPair out;
    if (ctx && EVP_PKEY_keygen_init(ctx) == 1 && (!group || EVP_PKEY_CTX_set_group_name(ctx, group) == 1)
        && EVP_PKEY_keygen(ctx, &key) == 1) {
        BIO *pub = BIO_new(BIO_s_mem());
        BIO *priv = BIO_new(BIO_s_mem());
        if (PEM_write_bio_PUBKEY(pub, key) == 1)
            out.publicPem = bioText(pub);
        if (PEM_write_bio_PrivateKey(priv, key, nullptr, nullptr, 0, nullptr, nullptr) == 1)
            out.privatePem = bioText(priv);
        BIO_free(pub);
        BIO_free(priv);
    }
    EVP_PKEY_free(key);
    EVP_PKEY_CTX_free(ctx);
    return out;
}

const char *opensslName(EccCurve curve)
{
    switch (curve) {
    case EccCurve::Secp256k1: return "secp256k1";
    case EccCurve::Secp256r1: return "prime256v1";
    case EccCurve::Secp224r1: return "secp224r1";
    case EccCurve::Secp192r1: return "prime192v1";
    }
    return "";
}

QByteArray questFrame(const Value &payload, quint8 version)
{
    Frame f;
    f.kind = FrameKind::TwowayQuest;
    f.version = version;
    f.seq = 1;
    f.method = kKeyExchangeMethod;
    f.payload = encodeMsgpack(payload);
    return encodeFrame(f);
}

Frame decodeOne(const QByteArray &bytes)
{
    FrameDecoder d;
    d.feed(bytes);
    return d.hasFrame() ? d.takeFrame() : Frame{};
}

} // namespace

class TestFpnnCrypto : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();

    // vectors, byte-exact
    void serverPublicKey_data();
    void serverPublicKey();
    void serverPrivateKey_data() { serverPublicKey_data(); }
    void serverPrivateKey();
    void sharedSecret_data() { serverPublicKey_data(); }
    void sharedSecret();
    void sessionKeys_data() { serverPublicKey_data(); }
    void sessionKeys();
    void keyQuestBytes_data() { serverPublicKey_data(); }
    void keyQuestBytes();
    void cppStyleKeyQuest();
    void serverAcceptsVectorKeyQuests_data() { serverPublicKey_data(); }
    void serverAcceptsVectorKeyQuests();
    void packageModeWire_data() { serverPublicKey_data(); }
    void packageModeWire();
    void streamModeWire_data() { serverPublicKey_data(); }
    void streamModeWire();

    // cipher and key handling
    void cfbKeepsStateAcrossCalls();
    void keyLoadingErrors();
    void keyFromFiles();
    void badPeerPoints();
    void keyQuestRejections();

    // malformed encrypted input
    void packageDecoderRejects();
    void packageDecoderTruncated();
    void wrongKeyIsAnErrorNotACrash_data();
    void wrongKeyIsAnErrorNotACrash();
    void streamDecoderRejectsOversized();
    void randomBytesNeverCrash();

    // a connection's codec: plain, or `*key` then encrypted
    void serverCodecPlainConnection();
    void serverCodecKeyThenEncrypted_data();
    void serverCodecKeyThenEncrypted();
    void clientCodecVectors_data();
    void clientCodecVectors();
    void serverCodecErrors();

    // all four curves, generated server keys
    void roundTrip_data();
    void roundTrip();
};

void TestFpnnCrypto::initTestCase()
{
    QVERIFY2(!vectors().isEmpty(), qPrintable(testdata::vectorsPath()));
    QCOMPARE(encryptionCases().size(), 4);
}

void TestFpnnCrypto::serverPublicKey_data()
{
    QTest::addColumn<QString>("name");
    for (const QJsonValue &c : encryptionCases()) {
        const QString name = c.toObject().value(QStringLiteral("name")).toString();
        QTest::newRow(qPrintable(name)) << name;
    }
}

void TestFpnnCrypto::serverPublicKey()
{
    QFETCH(QString, name);
    const QJsonObject c = encryptionCase(name);
    const QByteArray pem = text(c, "server_public_key_pem");
    for (const QByteArray &encoded : {pem, pemToDer(pem)}) {
        EccKeyError error = EccKeyError::Internal;
        const EccPublicKey key = EccPublicKey::fromSubjectPublicKeyInfo(encoded, &error);
        QCOMPARE(error, EccKeyError::None);
        QVERIFY(key.isValid());
        QCOMPARE(key.curve(), caseCurve(c));   // from the OID, not from the caller
        QCOMPARE(key.xy().toHex(), field(c, "server_public_key_xy_hex").toHex());
    }
}

void TestFpnnCrypto::serverPrivateKey()
{
    QFETCH(QString, name);
    const QJsonObject c = encryptionCase(name);
    const QByteArray expectedXY = field(c, "server_public_key_xy_hex");
    for (const char *form : {"server_private_key_pem_pkcs8", "server_private_key_pem_sec1"}) {
        EccKeyError error = EccKeyError::Internal;
        const EccPrivateKey key = EccPrivateKey::fromPem(text(c, form), &error);
        QCOMPARE(error, EccKeyError::None);
        QCOMPARE(key.curve(), caseCurve(c));
        QCOMPARE(key.publicXY().toHex(), expectedXY.toHex());
    }
    const EccPrivateKey raw = EccPrivateKey::fromRawScalar(caseCurve(c), field(c, "server_private_key_raw_hex"));
    QCOMPARE(raw.publicXY().toHex(), expectedXY.toHex());
}

void TestFpnnCrypto::sharedSecret()
{
    QFETCH(QString, name);
    const QJsonObject c = encryptionCase(name);
    const EccCurve curve = caseCurve(c);
    const EccPrivateKey client = EccPrivateKey::fromRawScalar(curve, field(c, "client_private_key_hex"));
    QVERIFY(client.isValid());
    QCOMPARE(client.publicXY().toHex(), field(c, "client_public_key_xy_hex").toHex());

    const EccPublicKey server = EccPublicKey::fromSubjectPublicKeyInfo(text(c, "server_public_key_pem"));
    QCOMPARE(client.deriveSharedSecret(server).toHex(), field(c, "shared_secret_hex").toHex());
    // Copies share the key and outlive the original.
    EccPrivateKey clientCopy;
    {
        const EccPublicKey serverCopy = server;
        clientCopy = client;
        QCOMPARE(clientCopy.deriveSharedSecret(serverCopy).toHex(), field(c, "shared_secret_hex").toHex());
    }
    QCOMPARE(clientCopy.deriveSharedSecret(server).toHex(), field(c, "shared_secret_hex").toHex());

    // The server side reaches the same secret from the client's X‖Y.
    const EccPrivateKey serverPrivate = EccPrivateKey::fromPem(text(c, "server_private_key_pem_pkcs8"));
    const EccPublicKey clientPublic = EccPublicKey::fromXY(curve, field(c, "client_public_key_xy_hex"));
    QCOMPARE(serverPrivate.deriveSharedSecret(clientPublic).toHex(), field(c, "shared_secret_hex").toHex());
}

void TestFpnnCrypto::sessionKeys()
{
    QFETCH(QString, name);
    const QJsonObject c = encryptionCase(name);
    const auto keys = deriveSessionKeys(field(c, "shared_secret_hex"), c.value(QStringLiteral("bits")).toInt());
    QVERIFY(keys);
    QCOMPARE(keys->key.toHex(), field(c, "aes_key_hex").toHex());
    QCOMPARE(keys->iv.toHex(), field(c, "aes_iv_hex").toHex());

    // CFB's first keystream block is AES_k(iv): encrypting 16 zero bytes shows it.
    CfbCipher cipher(*keys, CfbCipher::Direction::Encrypt);
    QCOMPARE(cipher.process(QByteArray(16, '\0')).toHex(), field(c, "package_mode_first_keystream_block_hex").toHex());
}

void TestFpnnCrypto::keyQuestBytes()
{
    QFETCH(QString, name);
    const QJsonObject c = encryptionCase(name);
    const EccPrivateKey fixedClient = EccPrivateKey::fromRawScalar(caseCurve(c), field(c, "client_private_key_hex"));
    const EccPublicKey server = EccPublicKey::fromSubjectPublicKeyInfo(text(c, "server_public_key_pem"));
    EncryptionOptions options;
    options.bits = c.value(QStringLiteral("bits")).toInt();
    KeyExchangeError error = KeyExchangeError::DeriveFailed;
    const auto exchange = startClientKeyExchange(server, options, &error, &fixedClient);
    QCOMPARE(error, KeyExchangeError::None);
    QVERIFY(exchange);
    QVERIFY(!exchange->streamMode);
    QCOMPARE(exchange->keys.key.toHex(), field(c, "aes_key_hex").toHex());
    QCOMPARE(exchange->keys.iv.toHex(), field(c, "aes_iv_hex").toHex());
    // The Python SDK writes header version 0; everything else is ours byte for byte.
    const QByteArray expected = field(c.value(QStringLiteral("key_quest")).toObject(), "frame_hex");
    QCOMPARE(questFrame(exchange->questPayload, 0).toHex(), expected.toHex());
}

void TestFpnnCrypto::cppStyleKeyQuest()
{
    const QJsonObject cpp = vectors().value(QStringLiteral("encryption")).toObject()
                                .value(QStringLiteral("key_quest_cpp_style_constructed")).toObject();
    QVERIFY(!cpp.isEmpty());
    const QJsonObject c = encryptionCase(QStringLiteral("secp256k1_128"));
    const EccPrivateKey fixedClient = EccPrivateKey::fromRawScalar(caseCurve(c), field(c, "client_private_key_hex"));
    EncryptionOptions options;
    options.publicKeyEncoding = PublicKeyEncoding::Str;
    const auto exchange = startClientKeyExchange(EccPublicKey::fromSubjectPublicKeyInfo(text(c, "server_public_key_pem")),
                                                 options, nullptr, &fixedClient);
    QVERIFY(exchange);
    QCOMPARE(questFrame(exchange->questPayload, kSendVersion).toHex(), field(cpp, "frame_hex").toHex());
}

void TestFpnnCrypto::serverAcceptsVectorKeyQuests()
{
    QFETCH(QString, name);
    const QJsonObject c = encryptionCase(name);
    const EccPrivateKey server = EccPrivateKey::fromPem(text(c, "server_private_key_pem_sec1"));
    QList<QByteArray> frames{field(c.value(QStringLiteral("key_quest")).toObject(), "frame_hex")};
    if (name == QLatin1String("secp256k1_128"))   // the str-encoded C++ SDK form, same key
        frames.append(field(vectors().value(QStringLiteral("encryption")).toObject()
                                .value(QStringLiteral("key_quest_cpp_style_constructed")).toObject(), "frame_hex"));
    for (const QByteArray &bytes : frames) {
        const Frame quest = decodeOne(bytes);
        QCOMPARE(quest.method, QByteArray(kKeyExchangeMethod));
        const PayloadDecodeResult payload = decodePayload(quest.payload);
        QVERIFY(payload.ok());
        KeyExchangeError error = KeyExchangeError::DeriveFailed;
        const auto accepted = acceptKeyQuest(server, payload.value, &error);
        QCOMPARE(error, KeyExchangeError::None);
        QVERIFY(accepted);
        QVERIFY(!accepted->streamMode);
        QCOMPARE(accepted->keys.key.toHex(), field(c, "aes_key_hex").toHex());
        QCOMPARE(accepted->keys.iv.toHex(), field(c, "aes_iv_hex").toHex());
    }
}

void TestFpnnCrypto::packageModeWire()
{
    QFETCH(QString, name);
    const QJsonObject c = encryptionCase(name);
    const SessionKeys keys = caseKeys(c);
    for (const QString &dir : {QStringLiteral("c2s"), QStringLiteral("s2c")}) {
        const std::vector<WireMessage> messages = packageWire(c, dir);
        QVERIFY(!messages.empty());
        PackageEncoder encoder(keys);
        QByteArray allWire;
        QList<QByteArray> allPlain;
        for (const WireMessage &m : messages) {
            QCOMPARE(encoder.encode(m.plain).toHex(), m.wire.toHex());
            allWire += m.wire;
            allPlain.append(m.plain);
        }
        // In one read, and one byte at a time.
        PackageDecoder whole(keys);
        whole.feed(allWire);
        QCOMPARE(whole.error(), EncryptedFramingError::None);
        QCOMPARE(drain(whole), allPlain);
        PackageDecoder bytewise(keys);
        QList<QByteArray> got;
        for (char b : allWire) {
            bytewise.feed(QByteArrayView(&b, 1));
            got += drain(bytewise);
        }
        QCOMPARE(bytewise.error(), EncryptedFramingError::None);
        QCOMPARE(got, allPlain);
        QCOMPARE(bytewise.bufferedBytes(), 0);
        for (const QByteArray &plain : got)
            QVERIFY(parsesAsOneFrame(plain));
    }
}

void TestFpnnCrypto::streamModeWire()
{
    QFETCH(QString, name);
    const QJsonObject c = encryptionCase(name);
    const SessionKeys keys = caseKeys(c);
    for (const QString &dir : {QStringLiteral("c2s"), QStringLiteral("s2c")}) {
        const std::vector<WireMessage> messages = streamWire(c, dir);
        QVERIFY(!messages.empty());
        StreamEncoder encoder(keys);
        QByteArray allWire;
        QList<QByteArray> allPlain;
        for (const WireMessage &m : messages) {
            QCOMPARE(encoder.encode(m.plain).toHex(), m.wire.toHex());
            allWire += m.wire;
            allPlain.append(m.plain);
        }
        StreamDecoder whole(keys);
        whole.feed(allWire);
        QCOMPARE(whole.error(), EncryptedFramingError::None);
        QCOMPARE(drain(whole), allPlain);
        StreamDecoder bytewise(keys);
        QList<QByteArray> got;
        for (char b : allWire) {
            bytewise.feed(QByteArrayView(&b, 1));
            got += drain(bytewise);
        }
        QCOMPARE(bytewise.error(), EncryptedFramingError::None);
        QCOMPARE(got, allPlain);
        QCOMPARE(bytewise.bufferedBytes(), 0);
        for (const QByteArray &plain : got)
            QVERIFY(parsesAsOneFrame(plain));
    }
}

void TestFpnnCrypto::cfbKeepsStateAcrossCalls()
{
    const SessionKeys keys = caseKeys(encryptionCase(QStringLiteral("secp256r1_256")));
    QByteArray plain(1000, Qt::Uninitialized);
    for (char &ch : plain)
        ch = static_cast<char>(QRandomGenerator::global()->bounded(256));
    CfbCipher oneShot(keys, CfbCipher::Direction::Encrypt);
    const QByteArray expected = oneShot.process(plain);
    QCOMPARE(expected.size(), plain.size());
    // Odd chunk sizes cross the 16-byte block boundary at every offset.
    CfbCipher chunked(keys, CfbCipher::Direction::Encrypt);
    QByteArray got;
    for (qsizetype pos = 0, step = 1; pos < plain.size(); pos += step, step = step % 37 + 1)
        got += chunked.process(QByteArrayView(plain).sliced(pos, qMin(step, plain.size() - pos)));
    QCOMPARE(got.toHex(), expected.toHex());

    CfbCipher decrypt(keys, CfbCipher::Direction::Decrypt);
    QByteArray pieces = decrypt.process(expected.first(7));
    pieces += decrypt.process(expected.sliced(7));
    QCOMPARE(pieces, plain);
    // restart() goes back to the IV.
    decrypt.restart();
    QCOMPARE(decrypt.process(expected), plain);
    // Keys of the wrong size give an invalid cipher, not a crash.
    QVERIFY(!CfbCipher(SessionKeys{QByteArray(20, 'k'), keys.iv, 128}, CfbCipher::Direction::Encrypt).isValid());
}

void TestFpnnCrypto::keyLoadingErrors()
{
    EccKeyError error = EccKeyError::None;
    QVERIFY(!EccPublicKey::fromSubjectPublicKeyInfo("not a key at all", &error).isValid());
    QCOMPARE(error, EccKeyError::NotAKey);
    QVERIFY(!EccPublicKey::fromSubjectPublicKeyInfo("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", &error).isValid());
    QCOMPARE(error, EccKeyError::NotAKey);
    QVERIFY(!EccPublicKey::fromSubjectPublicKeyInfo(QByteArray(), &error).isValid());
    QCOMPARE(error, EccKeyError::NotAKey);
    QVERIFY(!EccPublicKey::fromSubjectPublicKeyInfo(QByteArray(100 * 1024, 'A'), &error).isValid());
    QCOMPARE(error, EccKeyError::NotAKey);

    // Trailing bytes after a valid DER structure are refused.
    const QJsonObject c = encryptionCase(QStringLiteral("secp256k1_128"));
    const QByteArray der = pemToDer(text(c, "server_public_key_pem"));
    QVERIFY(EccPublicKey::fromSubjectPublicKeyInfo(der, &error).isValid());
    QVERIFY(!EccPublicKey::fromSubjectPublicKeyInfo(QByteArray(der + "x"), &error).isValid());
    QCOMPARE(error, EccKeyError::NotAKey);

    const PemKeyPair ed25519 = generatePemKeyPair("ED25519", nullptr);
    QVERIFY(!ed25519.publicPem.isEmpty());
    QVERIFY(!EccPublicKey::fromSubjectPublicKeyInfo(ed25519.publicPem, &error).isValid());
    QCOMPARE(error, EccKeyError::NotAnEcKey);
    QVERIFY(!EccPrivateKey::fromPem(ed25519.privatePem, &error).isValid());
    QCOMPARE(error, EccKeyError::NotAnEcKey);

    const PemKeyPair p384 = generatePemKeyPair("EC", "secp384r1");
    QVERIFY(!p384.publicPem.isEmpty());
    QVERIFY(!EccPublicKey::fromSubjectPublicKeyInfo(p384.publicPem, &error).isValid());
    QCOMPARE(error, EccKeyError::UnsupportedCurve);
    QVERIFY(!EccPrivateKey::fromPem(p384.privatePem, &error).isValid());
    QCOMPARE(error, EccKeyError::UnsupportedCurve);

    // A public key where a private one is expected, and vice versa.
    QVERIFY(!EccPrivateKey::fromPem(text(c, "server_public_key_pem"), &error).isValid());
    QCOMPARE(error, EccKeyError::NotAKey);
    QVERIFY(!EccPublicKey::fromSubjectPublicKeyInfo(text(c, "server_private_key_pem_pkcs8"), &error).isValid());
    QCOMPARE(error, EccKeyError::NotAKey);

    // Raw scalars: wrong length, zero, and the group order itself.
    QVERIFY(!EccPrivateKey::fromRawScalar(EccCurve::Secp256k1, QByteArray(31, '\1'), &error).isValid());
    QCOMPARE(error, EccKeyError::BadScalar);
    QVERIFY(!EccPrivateKey::fromRawScalar(EccCurve::Secp256k1, QByteArray(32, '\0'), &error).isValid());
    QCOMPARE(error, EccKeyError::BadScalar);
    const QByteArray secp256k1Order = QByteArray::fromHex("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");
    QVERIFY(!EccPrivateKey::fromRawScalar(EccCurve::Secp256k1, secp256k1Order, &error).isValid());
    QCOMPARE(error, EccKeyError::BadScalar);
}

void TestFpnnCrypto::keyFromFiles()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QJsonObject c = encryptionCase(QStringLiteral("secp256r1_128"));
    auto write = [&](const QString &name, const QByteArray &bytes) {
        QFile f(dir.filePath(name));
        return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
    };
    QVERIFY(write(QStringLiteral("server.pem"), text(c, "server_public_key_pem")));
    QVERIFY(write(QStringLiteral("server.der"), pemToDer(text(c, "server_public_key_pem"))));
    QVERIFY(write(QStringLiteral("private.pem"), text(c, "server_private_key_pem_sec1")));
    QVERIFY(write(QStringLiteral("empty.pem"), QByteArray()));

    EccKeyError error = EccKeyError::Internal;
    for (const QString &file : {QStringLiteral("server.pem"), QStringLiteral("server.der")}) {
        const EccPublicKey key = EccPublicKey::fromFile(dir.filePath(file), &error);
        QCOMPARE(error, EccKeyError::None);
        QCOMPARE(key.curve(), EccCurve::Secp256r1);
        QCOMPARE(key.xy().toHex(), field(c, "server_public_key_xy_hex").toHex());
    }
    QCOMPARE(EccPrivateKey::fromPemFile(dir.filePath(QStringLiteral("private.pem")), &error).publicXY().toHex(),
             field(c, "server_public_key_xy_hex").toHex());
    QVERIFY(!EccPublicKey::fromFile(dir.filePath(QStringLiteral("missing.pem")), &error).isValid());
    QCOMPARE(error, EccKeyError::FileUnreadable);
    QVERIFY(!EccPrivateKey::fromPemFile(dir.filePath(QStringLiteral("empty.pem")), &error).isValid());
    QCOMPARE(error, EccKeyError::FileUnreadable);
}

void TestFpnnCrypto::badPeerPoints()
{
    const QJsonObject c = encryptionCase(QStringLiteral("secp256k1_128"));
    const QByteArray xy = field(c, "client_public_key_xy_hex");
    EccKeyError error = EccKeyError::None;
    QVERIFY(EccPublicKey::fromXY(EccCurve::Secp256k1, xy, &error).isValid());
    QVERIFY(!EccPublicKey::fromXY(EccCurve::Secp256k1, xy.first(63), &error).isValid());
    QCOMPARE(error, EccKeyError::BadPoint);
    QByteArray offCurve = xy;
    offCurve[63] = static_cast<char>(offCurve[63] ^ 1);
    QVERIFY(!EccPublicKey::fromXY(EccCurve::Secp256k1, offCurve, &error).isValid());
    QCOMPARE(error, EccKeyError::BadPoint);
    QVERIFY(!EccPublicKey::fromXY(EccCurve::Secp256k1, QByteArray(64, '\0'), &error).isValid());
    QCOMPARE(error, EccKeyError::BadPoint);
    // The Python SDK's 64-byte key for a 224-bit curve is the wrong length there.
    QVERIFY(!EccPublicKey::fromXY(EccCurve::Secp224r1, QByteArray(64, '\1'), &error).isValid());
    QCOMPARE(error, EccKeyError::BadPoint);

    // A key on another curve derives nothing.
    const EccPrivateKey k1 = EccPrivateKey::generate(EccCurve::Secp256k1);
    const EccPrivateKey r1 = EccPrivateKey::generate(EccCurve::Secp256r1);
    QVERIFY(k1.deriveSharedSecret(EccPublicKey::fromXY(EccCurve::Secp256r1, r1.publicXY())).isEmpty());
}

void TestFpnnCrypto::keyQuestRejections()
{
    const EccPrivateKey server = EccPrivateKey::generate(EccCurve::Secp224r1);
    const EccPrivateKey client = EccPrivateKey::generate(EccCurve::Secp224r1);
    QVERIFY(server.isValid() && client.isValid());
    const QByteArray xy = client.publicXY();
    QCOMPARE(xy.size(), 56);

    auto reject = [&](const Value &payload, KeyExchangeError expected) {
        KeyExchangeError error = KeyExchangeError::None;
        const bool accepted = acceptKeyQuest(server, payload, &error).has_value();
        return !accepted && error == expected;
    };
    auto payloadWith = [&](const char *key, const Value &value) {
        Value p = buildKeyQuestPayload(xy, EncryptionOptions{});
        p.insert(key, value);
        return p;
    };
    QVERIFY(acceptKeyQuest(server, buildKeyQuestPayload(xy, EncryptionOptions{})).has_value());
    QVERIFY(reject(payloadWith("bits", 192), KeyExchangeError::BadBits));
    QVERIFY(reject(payloadWith("bits", Value::str(std::string("128"))), KeyExchangeError::BadBits));
    QVERIFY(reject(payloadWith("streamMode", 1), KeyExchangeError::BadStreamMode));
    QVERIFY(reject(payloadWith("publicKey", 5), KeyExchangeError::BadPublicKey));
    // The Python SDK's flaw: a 64-byte key (32-byte coordinates) for a 224-bit curve.
    QVERIFY(reject(payloadWith("publicKey", Value::bin(QByteArray(QByteArray(4, '\0') + xy.first(28) + QByteArray(4, '\0') + xy.sliced(28)))),
                   KeyExchangeError::BadPublicKey));
    Value missing = Value::map();
    missing.insert("bits", 128);
    QVERIFY(reject(missing, KeyExchangeError::BadPublicKey));
    // Defaults: no streamMode, no bits = package mode, 128 bits.
    Value minimal = Value::map();
    minimal.insert("publicKey", Value::str(xy));
    const auto accepted = acceptKeyQuest(server, minimal);
    QVERIFY(accepted);
    QCOMPARE(accepted->keys.bits, 128);
    QVERIFY(!accepted->streamMode);

    // Client side refusals.
    KeyExchangeError error = KeyExchangeError::None;
    EncryptionOptions odd;
    odd.bits = 192;
    QVERIFY(!startClientKeyExchange(EccPublicKey::fromXY(EccCurve::Secp224r1, xy), odd, &error));
    QCOMPARE(error, KeyExchangeError::BadBits);
    QVERIFY(!startClientKeyExchange(EccPublicKey(), EncryptionOptions{}, &error));
    QCOMPARE(error, KeyExchangeError::BadServerKey);
    const EccPrivateKey otherCurve = EccPrivateKey::generate(EccCurve::Secp192r1);
    QVERIFY(!startClientKeyExchange(EccPublicKey::fromXY(EccCurve::Secp224r1, xy), EncryptionOptions{}, &error, &otherCurve));
    QCOMPARE(error, KeyExchangeError::KeyGeneration);
}

void TestFpnnCrypto::packageDecoderRejects()
{
    const QJsonObject c = encryptionCase(QStringLiteral("secp256k1_128"));
    const SessionKeys keys = caseKeys(c);
    const WireMessage first = packageWire(c, QStringLiteral("c2s")).front();

    // Announced length over the limit: refused from the 4-byte prefix alone.
    PackageDecoder small(keys, 64);
    small.feed(first.wire.first(4));
    QCOMPARE(small.error(), EncryptedFramingError::Oversized);
    QCOMPARE(small.bufferedBytes(), 0);
    small.feed(first.wire.sliced(4));   // stays failed
    QVERIFY(!small.hasFrame());

    PackageDecoder huge(keys);
    huge.feed(QByteArray::fromHex("ffffffff"));
    QCOMPARE(huge.error(), EncryptedFramingError::Oversized);

    PackageDecoder tiny(keys);
    tiny.feed(QByteArray(QByteArray::fromHex("05000000") + first.wire.sliced(4, 5)));
    QCOMPARE(tiny.error(), EncryptedFramingError::TooShort);

    // Prefix one byte longer than the frame it carries.
    PackageEncoder encoder(keys);
    QByteArray grown = encoder.encode(QByteArray(first.plain + 'x'));
    PackageDecoder mismatch(keys);
    mismatch.feed(grown);
    QCOMPARE(mismatch.error(), EncryptedFramingError::LengthMismatch);
    QVERIFY(!mismatch.hasFrame());
    QVERIFY(!mismatch.errorMessage().isEmpty());
}

void TestFpnnCrypto::packageDecoderTruncated()
{
    const QJsonObject c = encryptionCase(QStringLiteral("secp256r1_128"));
    const SessionKeys keys = caseKeys(c);
    const WireMessage first = packageWire(c, QStringLiteral("s2c")).at(1);
    for (qsizetype cut = 1; cut < first.wire.size(); ++cut) {
        PackageDecoder d(keys);
        d.feed(first.wire.first(cut));
        QCOMPARE(d.error(), EncryptedFramingError::None);
        QVERIFY(!d.hasFrame());
        QCOMPARE(d.bufferedBytes(), cut);   // a stream ending here was truncated
        StreamDecoder s(keys);
        s.feed(first.wire.sliced(4).first(qMin(cut, first.wire.size() - 5)));
        QVERIFY(!s.hasFrame());
    }
}

void TestFpnnCrypto::wrongKeyIsAnErrorNotACrash_data()
{
    QTest::addColumn<bool>("streamMode");
    QTest::newRow("package") << false;
    QTest::newRow("stream") << true;
}

void TestFpnnCrypto::wrongKeyIsAnErrorNotACrash()
{
    QFETCH(bool, streamMode);
    const QJsonObject k1 = encryptionCase(QStringLiteral("secp256k1_128"));
    const QJsonObject r1 = encryptionCase(QStringLiteral("secp256r1_128"));
    EncryptedChannel sender(caseKeys(k1), streamMode);
    EncryptedChannel receiver(caseKeys(r1), streamMode);
    for (const WireMessage &m : packageWire(k1, QStringLiteral("c2s")))
        receiver.feed(sender.encode(m.plain));
    QVERIFY(receiver.error() != EncryptedFramingError::None);
    QVERIFY(!receiver.hasFrame());
    QVERIFY(!receiver.errorMessage().isEmpty());
}

void TestFpnnCrypto::streamDecoderRejectsOversized()
{
    const SessionKeys keys = caseKeys(encryptionCase(QStringLiteral("secp256k1_256")));
    // A header announcing a 1 MiB payload, against a 64 KiB limit.
    QByteArray header = QByteArray("FPNN") + QByteArray::fromHex("01800104") + QByteArray(4, '\0');
    qToLittleEndian<quint32>(1u << 20, header.data() + 8);
    StreamEncoder encoder(keys);
    StreamDecoder decoder(keys, 64 * 1024);
    decoder.feed(encoder.encode(header));
    QCOMPARE(decoder.error(), EncryptedFramingError::Oversized);
    QCOMPARE(decoder.bufferedBytes(), 0);
}

void TestFpnnCrypto::randomBytesNeverCrash()
{
    // Garbage must end in an error or a wait for more bytes; whatever comes out must be
    // exactly one frame each. (The libFuzzer harness covers this more deeply.)
    const SessionKeys keys = caseKeys(encryptionCase(QStringLiteral("secp256r1_256")));
    auto *rng = QRandomGenerator::global();
    for (int round = 0; round < 200; ++round) {
        QByteArray junk(rng->bounded(1, 600), Qt::Uninitialized);
        for (char &ch : junk)
            ch = static_cast<char>(rng->bounded(256));
        if (round % 2)   // a plausible small length prefix, so the body gets decrypted
            qToLittleEndian<quint32>(static_cast<quint32>(rng->bounded(12, 64)), junk.data());
        for (bool stream : {false, true}) {
            EncryptedChannel channel(keys, stream, 4096);
            channel.feed(junk);
            while (channel.hasFrame()) {
                const QByteArray frame = channel.takeFrame();
                QVERIFY(frame.size() >= kHeaderSize);
                QCOMPARE(frameLengthFromHeader(frame.constData()), std::optional<quint64>(frame.size()));
            }
            QVERIFY(channel.bufferedBytes() <= 4096);
        }
    }
}

QList<Frame> takeAll(ConnectionCodec &codec)
{
    QList<Frame> out;
    while (codec.hasFrame())
        out.append(codec.takeFrame());
    return out;
}

QByteArray reencoded(const QList<Frame> &frames)
{
    QByteArray out;
    for (const Frame &f : frames)
        out += encodeFrame(f);
    return out;
}

void TestFpnnCrypto::serverCodecPlainConnection()
{
    const QByteArray ping = hex(testdata::genericFrame(QStringLiteral("ping_twoway_empty")).value(QStringLiteral("frame_hex")));
    const QByteArray sendmsg = hex(testdata::plaintextCase(QStringLiteral("sendmsg")).value(QStringLiteral("quest_frame_hex")));
    QVERIFY(!ping.isEmpty() && !sendmsg.isEmpty());
    QByteArray stream = ping;
    stream += sendmsg;
    stream += ping;
    for (int chunk : {int(stream.size()), 1, 5}) {
        ConnectionCodec codec(ConnectionCodec::Role::Server);
        QList<Frame> frames;
        for (qsizetype pos = 0; pos < stream.size(); pos += chunk) {
            codec.feed(QByteArrayView(stream).sliced(pos, qMin<qsizetype>(chunk, stream.size() - pos)));
            frames += takeAll(codec);
        }
        QVERIFY(!codec.hasError());
        QCOMPARE(frames.size(), 3);
        QCOMPARE(reencoded(frames), stream);
        QVERIFY(codec.isPlainForGood());
        QVERIFY(!codec.awaitingKeys());
        QCOMPARE(codec.bufferedBytes(), 0);
    }
}

void TestFpnnCrypto::serverCodecKeyThenEncrypted_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("streamMode");
    QTest::addColumn<int>("chunk");
    for (const QJsonValue &c : encryptionCases()) {
        const QString name = c.toObject().value(QStringLiteral("name")).toString();
        for (bool stream : {false, true})
            for (int chunk : {0, 1, 7})
                QTest::addRow("%s/%s/chunk%d", qPrintable(name), stream ? "stream" : "package", chunk) << name << stream << chunk;
    }
}

// The server side of the vector sessions: the plaintext `*key` and the client's
// encrypted quests arrive back to back; the codec holds the encrypted part until the
// server knows the keys, and the server's first encrypted answer matches the vector.
void TestFpnnCrypto::serverCodecKeyThenEncrypted()
{
    QFETCH(QString, name);
    QFETCH(bool, streamMode);
    QFETCH(int, chunk);
    const QJsonObject c = encryptionCase(name);
    const std::vector<WireMessage> c2s = streamMode ? streamWire(c, QStringLiteral("c2s")) : packageWire(c, QStringLiteral("c2s"));
    const std::vector<WireMessage> s2c = streamMode ? streamWire(c, QStringLiteral("s2c")) : packageWire(c, QStringLiteral("s2c"));
    QVERIFY(!c2s.empty() && !s2c.empty());
    QByteArray incoming = field(c.value(QStringLiteral("key_quest")).toObject(), "frame_hex");
    QByteArray expectedPlain;
    for (const WireMessage &m : c2s) {
        incoming += m.wire;
        expectedPlain += m.plain;
    }

    ConnectionCodec codec(ConnectionCodec::Role::Server);
    const EccPrivateKey serverKey = EccPrivateKey::fromPem(text(c, "server_private_key_pem_pkcs8"));
    QList<Frame> frames;
    const qsizetype step = chunk == 0 ? incoming.size() : chunk;
    for (qsizetype pos = 0; pos < incoming.size(); pos += step) {
        codec.feed(QByteArrayView(incoming).sliced(pos, qMin(step, incoming.size() - pos)));
        QVERIFY2(!codec.hasError(), qPrintable(codec.errorMessage()));
        while (codec.hasFrame()) {   // as a server's dispatch loop: one frame at a time
            const Frame f = codec.takeFrame();
            if (f.method == kKeyExchangeMethod) {
                QVERIFY(frames.isEmpty());
                QVERIFY(codec.awaitingKeys());
                const auto accepted = acceptKeyQuest(serverKey, decodePayload(f.payload).value);
                QVERIFY(accepted);
                QVERIFY(codec.startEncryption(accepted->keys, streamMode));
                QVERIFY(!codec.startEncryption(accepted->keys, streamMode));   // once only
                // The server's answer to `*key` goes out already encrypted.
                QCOMPARE(codec.encode(decodeOne(s2c.front().plain)).toHex(), s2c.front().wire.toHex());
            }
            frames.append(f);
        }
    }
    QVERIFY(!codec.hasError());
    QVERIFY(codec.isEncrypted());
    QCOMPARE(frames.size(), 1 + int(c2s.size()));
    QCOMPARE(reencoded(frames.mid(1)).toHex(), expectedPlain.toHex());
    QCOMPARE(codec.bufferedBytes(), 0);
}

void TestFpnnCrypto::clientCodecVectors_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("streamMode");
    for (const QJsonValue &c : encryptionCases()) {
        const QString name = c.toObject().value(QStringLiteral("name")).toString();
        QTest::addRow("%s/package", qPrintable(name)) << name << false;
        QTest::addRow("%s/stream", qPrintable(name)) << name << true;
    }
}

void TestFpnnCrypto::clientCodecVectors()
{
    QFETCH(QString, name);
    QFETCH(bool, streamMode);
    const QJsonObject c = encryptionCase(name);
    const std::vector<WireMessage> c2s = streamMode ? streamWire(c, QStringLiteral("c2s")) : packageWire(c, QStringLiteral("c2s"));
    const std::vector<WireMessage> s2c = streamMode ? streamWire(c, QStringLiteral("s2c")) : packageWire(c, QStringLiteral("s2c"));

    ConnectionCodec codec(ConnectionCodec::Role::Client);
    // `*key` leaves in plaintext, then the client switches.
    const QByteArray keyQuest = field(c.value(QStringLiteral("key_quest")).toObject(), "frame_hex");
    QCOMPARE(codec.encode(decodeOne(keyQuest)), keyQuest);
    QVERIFY(codec.startEncryption(caseKeys(c), streamMode));
    for (const WireMessage &m : c2s)
        QCOMPARE(codec.encode(decodeOne(m.plain)).toHex(), m.wire.toHex());
    QByteArray incoming;
    QByteArray expected;
    for (const WireMessage &m : s2c) {
        incoming += m.wire;
        expected += m.plain;
    }
    for (char b : incoming)
        codec.feed(QByteArrayView(&b, 1));
    QVERIFY(!codec.hasError());
    QCOMPARE(reencoded(takeAll(codec)).toHex(), expected.toHex());
}

void TestFpnnCrypto::serverCodecErrors()
{
    const QJsonObject c = encryptionCase(QStringLiteral("secp256k1_128"));
    const QByteArray keyQuest = field(c.value(QStringLiteral("key_quest")).toObject(), "frame_hex");
    const WireMessage first = packageWire(c, QStringLiteral("c2s")).front();

    // Not FPNN at all.
    ConnectionCodec http(ConnectionCodec::Role::Server);
    http.feed("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    QVERIFY(http.hasError());
    QVERIFY(!http.hasFrame());

    // A first frame over the limit is refused from its header.
    ConnectionCodec small(ConnectionCodec::Role::Server, 64);
    small.feed(keyQuest.first(12));
    QVERIFY(small.hasError());

    // Encrypted bytes with the wrong keys: an error, not a crash or a bogus frame.
    ConnectionCodec wrongKey(ConnectionCodec::Role::Server);
    wrongKey.feed(QByteArray(keyQuest + first.wire));
    QCOMPARE(takeAll(wrongKey).size(), 1);
    QVERIFY(wrongKey.awaitingKeys());
    QVERIFY(wrongKey.startEncryption(caseKeys(encryptionCase(QStringLiteral("secp256r1_128"))), false));
    QVERIFY(wrongKey.hasError());
    QVERIFY(!wrongKey.hasFrame());

    // A flood while the server has not yet switched.
    ConnectionCodec flood(ConnectionCodec::Role::Server, 1024);
    flood.feed(keyQuest);
    QVERIFY(flood.awaitingKeys());
    flood.feed(QByteArray(1000, 'x'));
    QVERIFY(!flood.hasError());
    flood.feed(QByteArray(100, 'x'));
    QVERIFY(flood.hasError());

    // `*key` after a plain first frame is just a frame; the server sees the codec is plain
    // for good and refuses it.
    const QByteArray ping = hex(testdata::genericFrame(QStringLiteral("ping_twoway_empty")).value(QStringLiteral("frame_hex")));
    ConnectionCodec late(ConnectionCodec::Role::Server);
    late.feed(QByteArray(ping + keyQuest));
    QCOMPARE(takeAll(late).size(), 2);
    QVERIFY(late.isPlainForGood());
    QVERIFY(!late.awaitingKeys());
}

void TestFpnnCrypto::roundTrip_data()
{
    QTest::addColumn<int>("curve");
    QTest::addColumn<int>("bits");
    QTest::addColumn<bool>("streamMode");
    for (EccCurve curve : {EccCurve::Secp256k1, EccCurve::Secp256r1, EccCurve::Secp224r1, EccCurve::Secp192r1})
        for (int bits : {128, 256})
            for (bool stream : {false, true})
                QTest::addRow("%s/%d/%s", qPrintable(eccCurveName(curve)), bits, stream ? "stream" : "package")
                    << static_cast<int>(curve) << bits << stream;
}

void TestFpnnCrypto::roundTrip()
{
    QFETCH(int, curve);
    QFETCH(int, bits);
    QFETCH(bool, streamMode);
    const auto expectedCurve = static_cast<EccCurve>(curve);

    const PemKeyPair pair = generatePemKeyPair("EC", opensslName(expectedCurve));
    QVERIFY(!pair.publicPem.isEmpty() && !pair.privatePem.isEmpty());
    const EccPublicKey serverPublic = EccPublicKey::fromSubjectPublicKeyInfo(pair.publicPem);
    const EccPrivateKey serverPrivate = EccPrivateKey::fromPem(pair.privatePem);
    QCOMPARE(serverPublic.curve(), expectedCurve);
    QCOMPARE(serverPrivate.curve(), expectedCurve);

    EncryptionOptions options;
    options.bits = bits;
    options.streamMode = streamMode;
    const auto client = startClientKeyExchange(serverPublic, options);
    QVERIFY(client);
    // The client key goes out with field-size coordinates (not always 32 bytes).
    const Value *publicKey = client->questPayload.find("publicKey");
    QVERIFY(publicKey && publicKey->isBin());
    QCOMPARE(static_cast<int>(publicKey->bytes()->size()), 2 * eccFieldSize(expectedCurve));

    // Through the wire: the quest as bytes, decoded by the server.
    const Frame quest = decodeOne(questFrame(client->questPayload, kSendVersion));
    const PayloadDecodeResult payload = decodePayload(quest.payload);
    QVERIFY(payload.ok());
    const auto server = acceptKeyQuest(serverPrivate, payload.value);
    QVERIFY(server);
    QCOMPARE(server->streamMode, streamMode);
    QCOMPARE(server->keys.bits, bits);
    QCOMPARE(server->keys.key.size(), bits / 8);
    QCOMPARE(server->keys.key, client->keys.key);
    QCOMPARE(server->keys.iv, client->keys.iv);

    // Frames both ways, several per direction so the stream state carries on.
    EncryptedChannel clientSide(client->keys, client->streamMode);
    EncryptedChannel serverSide(server->keys, server->streamMode);
    QList<QByteArray> sent;
    QByteArray wire;
    for (quint32 seq = 2; seq < 6; ++seq) {
        Frame f;
        f.seq = seq;
        f.method = "sendmsg";
        Value p = Value::map();
        p.insert("n", seq);
        p.insert("body", Value::str(std::string(seq * 50, 'a')));
        f.payload = encodeMsgpack(p);
        sent.append(encodeFrame(f));
        const QByteArray encrypted = clientSide.encode(sent.last());
        QCOMPARE(encrypted.size(), sent.last().size() + (streamMode ? 0 : 4));
        QVERIFY(!encrypted.contains(QByteArray("sendmsg")));
        wire += encrypted;
    }
    for (qsizetype pos = 0; pos < wire.size(); pos += 7)
        serverSide.feed(wire.sliced(pos, qMin<qsizetype>(7, wire.size() - pos)));
    QCOMPARE(serverSide.error(), EncryptedFramingError::None);
    QCOMPARE(drain(serverSide), sent);

    Frame answer;
    answer.kind = FrameKind::Answer;
    answer.seq = 2;
    answer.payload = QByteArray("\x80", 1);
    const QByteArray answerBytes = encodeFrame(answer);
    QByteArray answers = serverSide.encode(answerBytes);
    answers += serverSide.encode(answerBytes);
    clientSide.feed(answers);
    QCOMPARE(clientSide.error(), EncryptedFramingError::None);
    QCOMPARE(drain(clientSide), (QList<QByteArray>{answerBytes, answerBytes}));
}

QTEST_GUILESS_MAIN(TestFpnnCrypto)
#include "tst_fpnncrypto.moc"
