#pragma once

// Every test program links testisolation.cpp (tests/CMakeLists.txt), which calls
// isolateUserFiles() before main(): HOME, the XDG folders and the audit log point into a
// private temporary folder, QStandardPaths' test mode is on and the console's default
// secret store is the memory store. So no test reads or writes the user's settings
// (QSettings, ~/.qttest), audit log or keychain, whatever the test itself remembers to do.

#include <QString>

namespace rtmtest {

// Idempotent; returns the private folder.
QString isolateUserFiles();

// HOME as it was when the program started (to prove the isolation in tests).
QString originalHome();

} // namespace rtmtest
