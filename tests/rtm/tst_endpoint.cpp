// rtm::Endpoint: the one reader and writer of HOST:PORT. Every accepted form, every refusal
// with the problem named, and toString() read back by parse().

#include <QTest>

#include "rtm/endpoint.h"

using rtm::Endpoint;
using namespace Qt::StringLiterals;

class TestEndpoint : public QObject {
    Q_OBJECT

private slots:
    void accepts_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<QString>("printed");
        QTest::newRow("IPv4") << u"127.0.0.1:13321"_s << u"127.0.0.1"_s << 13321 << u"127.0.0.1:13321"_s;
        QTest::newRow("name") << u"rtm-nx-front.ilivedata.com:13315"_s << u"rtm-nx-front.ilivedata.com"_s << 13315
                              << u"rtm-nx-front.ilivedata.com:13315"_s;
        QTest::newRow("single-label name") << u"localhost:80"_s << u"localhost"_s << 80 << u"localhost:80"_s;
        QTest::newRow("IPv6 loopback") << u"[::1]:13321"_s << u"::1"_s << 13321 << u"[::1]:13321"_s;
        QTest::newRow("IPv6 full") << u"[2001:db8::8a2e:370:7334]:443"_s << u"2001:db8::8a2e:370:7334"_s << 443
                                   << u"[2001:db8::8a2e:370:7334]:443"_s;
        QTest::newRow("IPv4 in brackets") << u"[10.0.0.1]:1"_s << u"10.0.0.1"_s << 1 << u"10.0.0.1:1"_s;
        QTest::newRow("whitespace trimmed") << u"  \t rtm.example.com:13315 \n"_s << u"rtm.example.com"_s << 13315
                                            << u"rtm.example.com:13315"_s;
        QTest::newRow("whitespace around IPv6") << u" [::1]:80 "_s << u"::1"_s << 80 << u"[::1]:80"_s;
        QTest::newRow("lowest port") << u"h:1"_s << u"h"_s << 1 << u"h:1"_s;
        QTest::newRow("highest port") << u"h:65535"_s << u"h"_s << 65535 << u"h:65535"_s;
        QTest::newRow("leading zeros") << u"h:0080"_s << u"h"_s << 80 << u"h:80"_s;
    }
    void accepts()
    {
        QFETCH(QString, text);
        QFETCH(QString, host);
        QFETCH(int, port);
        QFETCH(QString, printed);
        QString error = u"untouched"_s;
        const std::optional<Endpoint> e = Endpoint::parse(text, &error);
        QVERIFY2(e.has_value(), qPrintable(error));
        QCOMPARE(e->host, host);
        QCOMPARE(int(e->port), port);
        QCOMPARE(e->toString(), printed);
        // What is printed reads back as the same endpoint.
        QCOMPARE(Endpoint::parse(e->toString(), nullptr), e);
    }

    void refuses_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("problem");   // a part of the message that names the problem
        QTest::newRow("empty") << QString() << u"Endpoint is empty"_s;
        QTest::newRow("blank") << u"   "_s << u"Endpoint is empty"_s;
        QTest::newRow("no port") << u"rtm.example.com"_s << u"must be host:port"_s;
        QTest::newRow("colon, no port") << u"rtm.example.com:"_s << u"port is missing"_s;
        QTest::newRow("no host") << u":13315"_s << u"host is missing"_s;
        QTest::newRow("empty brackets") << u"[]:13315"_s << u"host is missing"_s;
        QTest::newRow("unbracketed IPv6 with port") << u"::1:13321"_s << u"in brackets"_s;
        QTest::newRow("unbracketed IPv6 alone") << u"2001:db8::1"_s << u"in brackets"_s;
        QTest::newRow("unclosed bracket") << u"[::1:13321"_s << u"no closing “]”"_s;
        QTest::newRow("bracket without port") << u"[::1]"_s << u"port is missing"_s;
        QTest::newRow("bracket, colon, no port") << u"[::1]:"_s << u"port is missing"_s;
        QTest::newRow("junk after bracket") << u"[::1]x:80"_s << u"after “]”, found “x:80”"_s;
        QTest::newRow("space in host") << u"rtm example.com:80"_s << u"Host “rtm example.com” contains a space"_s;
        QTest::newRow("port 0") << u"h:0"_s << u"Port 0 is out of range: it must be in 1..65535"_s;
        QTest::newRow("port 65536") << u"h:65536"_s << u"Port 65536 is out of range"_s;
        QTest::newRow("port far too big") << u"h:99999999999999999999"_s << u"out of range"_s;
        QTest::newRow("non-numeric port") << u"h:http"_s << u"Port “http” is not a number"_s;
        QTest::newRow("signed port") << u"h:+80"_s << u"Port “+80” is not a number"_s;
        QTest::newRow("negative port") << u"h:-1"_s << u"Port “-1” is not a number"_s;
        QTest::newRow("space before port") << u"h: 80"_s << u"Port “ 80” is not a number"_s;
        QTest::newRow("IPv6 bad port") << u"[::1]:port"_s << u"Port “port” is not a number"_s;
        QTest::newRow("IPv6 port 0") << u"[::1]:0"_s << u"out of range"_s;
    }
    void refuses()
    {
        QFETCH(QString, text);
        QFETCH(QString, problem);
        QString error;
        QVERIFY(!Endpoint::parse(text, &error).has_value());
        QVERIFY2(error.contains(problem), qPrintable(error));
        QVERIFY(!error.contains(u'\n'));
        // No error pointer: still refused, no crash.
        QVERIFY(!Endpoint::parse(text, nullptr).has_value());
    }

    // rtm-devserver --listen: port 0 asks for any free port; everyone else must name one.
    void portZeroOnlyWhenAllowed()
    {
        const std::optional<Endpoint> any = Endpoint::parse(u"127.0.0.1:0", nullptr, Endpoint::PortZero::Allowed);
        QVERIFY(any.has_value());
        QCOMPARE(any->port, quint16(0));
        QVERIFY(Endpoint::parse(u"[::1]:0", nullptr, Endpoint::PortZero::Allowed).has_value());
        QString error;
        QVERIFY(!Endpoint::parse(u"h:65536", &error, Endpoint::PortZero::Allowed).has_value());
        QVERIFY2(error.contains(u"0..65535"_s), qPrintable(error));
    }

    void printsBracketsWhenHostHasColon()
    {
        QCOMPARE((Endpoint{u"::1"_s, 13321}.toString()), u"[::1]:13321"_s);
        QCOMPARE((Endpoint{u"fe80::1%eth0"_s, 80}.toString()), u"[fe80::1%eth0]:80"_s);
        QCOMPARE((Endpoint{u"127.0.0.1"_s, 13321}.toString()), u"127.0.0.1:13321"_s);
    }
};

QTEST_GUILESS_MAIN(TestEndpoint)
#include "tst_endpoint.moc"
