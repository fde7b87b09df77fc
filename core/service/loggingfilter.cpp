#include "loggingfilter.h"

#include <QLoggingCategory>

namespace service {

void installLoggingFilter(bool verbose)
{
    // Qt evaluates setFilterRules() before QT_LOGGING_CONF and QT_LOGGING_RULES, so the
    // environment keeps the last word.
    QLoggingCategory::setFilterRules(verbose ? QString() : QStringLiteral("*.debug=false\n*.info=false"));
}

bool verboseLoggingFromEnvironment()
{
    return qEnvironmentVariableIntValue("RTM_VERBOSE") != 0;
}

} // namespace service
