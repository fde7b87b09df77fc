#include "endpoint.h"

#include <QCoreApplication>

namespace rtm {

namespace {

// Digits only: QString::toUInt() would also take "+80" and " 80".
std::optional<uint> portNumber(QStringView text)
{
    if (text.isEmpty())
        return std::nullopt;
    uint value = 0;
    for (const QChar c : text) {
        if (c < u'0' || c > u'9')
            return std::nullopt;
        value = value * 10 + uint(c.unicode() - u'0');
        if (value > 65535)
            value = 65536;   // stays out of range, never wraps
    }
    return value;
}

} // namespace

std::optional<Endpoint> Endpoint::parse(QStringView text, QString *error, PortZero portZero)
{
    auto fail = [error](const QString &why) -> std::optional<Endpoint> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    const QStringView t = text.trimmed();
    if (t.isEmpty())
        return fail(QCoreApplication::translate("rtm::Endpoint", "Endpoint is empty."));

    QStringView host;
    QStringView port;
    if (t.startsWith(u'[')) {
        const qsizetype close = t.indexOf(u']');
        if (close < 0)
            return fail(QCoreApplication::translate("rtm::Endpoint", "The IPv6 address has no closing “]”: write it as [address]:port, e.g. [::1]:13321."));
        host = t.sliced(1, close - 1);
        const QStringView rest = t.sliced(close + 1);
        if (rest.isEmpty() || rest == u":")
            return fail(QCoreApplication::translate("rtm::Endpoint", "The port is missing: write host:port, e.g. rtm-nx-front.ilivedata.com:13315."));
        if (!rest.startsWith(u':'))
            return fail(QCoreApplication::translate("rtm::Endpoint", "Expected “:” and the port after “]”, found “%1”.").arg(rest.toString()));
        port = rest.sliced(1);
    } else {
        const qsizetype colon = t.lastIndexOf(u':');
        if (colon < 0)
            return fail(QCoreApplication::translate("rtm::Endpoint", "Endpoint must be host:port, e.g. rtm-nx-front.ilivedata.com:13315."));
        host = t.first(colon);
        port = t.sliced(colon + 1);
        if (host.contains(u':'))
            return fail(QCoreApplication::translate("rtm::Endpoint", "“%1” has more than one colon: write an IPv6 address in brackets, e.g. [::1]:13321.")
                            .arg(t.toString()));
        if (port.isEmpty())
            return fail(QCoreApplication::translate("rtm::Endpoint", "The port is missing: write host:port, e.g. rtm-nx-front.ilivedata.com:13315."));
    }
    if (host.isEmpty())
        return fail(QCoreApplication::translate("rtm::Endpoint", "The host is missing before the port."));
    for (const QChar c : host) {
        if (c.isSpace())
            return fail(QCoreApplication::translate("rtm::Endpoint", "Host “%1” contains a space.").arg(host.toString()));
    }

    const std::optional<uint> number = portNumber(port);
    if (!number)
        return fail(QCoreApplication::translate("rtm::Endpoint", "Port “%1” is not a number.").arg(port.toString()));
    const uint lowest = portZero == PortZero::Allowed ? 0 : 1;
    if (*number < lowest || *number > 65535)
        return fail(QCoreApplication::translate("rtm::Endpoint", "Port %1 is out of range: it must be in %2..65535.").arg(port.toString()).arg(lowest));
    return Endpoint{host.toString(), quint16(*number)};
}

QString Endpoint::toString() const
{
    if (host.contains(u':'))
        return u'[' + host + QStringLiteral("]:") + QString::number(port);
    return host + u':' + QString::number(port);
}

} // namespace rtm
