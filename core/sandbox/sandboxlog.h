#pragma once

// Logging category of the sandbox. Nothing logged here may contain the secret or a sign.

#include <QLoggingCategory>

namespace sandbox {
Q_DECLARE_LOGGING_CATEGORY(lcSandbox)
}
