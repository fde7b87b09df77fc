#pragma once

// The logging filter of the programs (rtmctl, rtm-console): warnings and errors only, so
// that a request costs no formatting and no stderr write of its debug lines, unless the
// user asks for more. Rules given in QT_LOGGING_RULES (or a QT_LOGGING_CONF file) are
// applied after these and still win, e.g. QT_LOGGING_RULES="rtm.fpnn.debug=true".

namespace service {

// Debug and info messages of every category off; with `verbose` nothing is filtered.
void installLoggingFilter(bool verbose);

// RTM_VERBOSE set to a non-zero number.
bool verboseLoggingFromEnvironment();

} // namespace service
