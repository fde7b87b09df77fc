#pragma once

// The logging category of the service layer ("rtm.service"). Nothing logged here ever
// contains the project secret or a request signature.

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcService)
