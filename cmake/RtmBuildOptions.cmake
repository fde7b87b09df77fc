# rtm_build_options: the warnings and Qt strictness every target of ours compiles with.
#
# An INTERFACE target instead of global add_compile_options, so the flags apply to our code
# only. Libraries link it PRIVATE (it must not leak to consumers); programs, tests,
# benchmarks and fuzz harnesses link it themselves. Included by the top CMakeLists.txt and
# by tests/fuzz when that directory is configured on its own.
include_guard(GLOBAL)

option(RTM_WERROR "Treat compiler warnings as errors (scripts/build.sh turns it on)" OFF)

add_library(rtm_build_options INTERFACE)
target_compile_options(rtm_build_options INTERFACE
    -Wall -Wextra -Wnon-virtual-dtor -Woverloaded-virtual
    $<$<BOOL:${RTM_WERROR}>:-Werror>)
target_compile_definitions(rtm_build_options INTERFACE
    # No silent conversions between text and bytes: say which encoding (tr(), u""_s,
    # QLatin1StringView, QString::fromUtf8 ...).
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_CAST_FROM_BYTEARRAY
    QT_NO_URL_CAST_FROM_STRING
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_NO_FOREACH
    QT_USE_QSTRINGBUILDER
    # Qt 6.4 spells QT_DISABLE_DEPRECATED_UP_TO this way: no API deprecated in 6.4 or before.
    QT_DISABLE_DEPRECATED_BEFORE=0x060400)
