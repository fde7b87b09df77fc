#include "servicelog.h"

Q_LOGGING_CATEGORY(lcService, "rtm.service")
