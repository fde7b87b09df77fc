// Compiled by the build_options_* tests (CMakeLists.txt here): with rtm_build_options the
// implicit const char* -> QString below must not compile (QT_NO_CAST_FROM_ASCII); the same
// file with only that definition taken away must.

#include <QString>

QString castFromAsciiProbe();

QString castFromAsciiProbe()
{
    QString s = "x";
    return s;
}
