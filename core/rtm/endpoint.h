#pragma once

// HOST:PORT, the one place that reads and writes it: the console's profile form, rtmctl's
// --endpoint / RTM_ENDPOINT, rtm-devserver's --listen and every "host:port" shown to people.
// An IPv6 address is written in brackets ("[::1]:13321"), so the last colon is always the
// port's; an unbracketed IPv6 address with a port is refused rather than guessed at.

#include <optional>

#include <QString>
#include <QStringView>

namespace rtm {

struct Endpoint {
    QString host;       // a name or an address, without brackets
    quint16 port = 0;

    // Port 0 means "any free port": only a listening server may ask for that.
    enum class PortZero { Refused, Allowed };

    // Surrounding whitespace is ignored. On failure returns nullopt and, when `error` is given,
    // one sentence naming the problem (translated where the console installed a translator).
    static std::optional<Endpoint> parse(QStringView text, QString *error, PortZero portZero = PortZero::Refused);

    // "host:port", or "[host]:port" when the host contains a colon (IPv6); parse() reads it back.
    QString toString() const;

    friend bool operator==(const Endpoint &, const Endpoint &) = default;
};

} // namespace rtm
