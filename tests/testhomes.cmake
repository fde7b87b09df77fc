# cmake -DDIR=<build>/test-home -DMODE=reset|check -P testhomes.cmake
# CTest gives every test a HOME under DIR, but each test program moves to its own temporary
# folder before main() (common/testisolation.cpp), so DIR must stay free of files. "reset"
# (fixture setup) removes leftovers, "check" (fixture cleanup, after all tests) proves it.
file(GLOB_RECURSE written LIST_DIRECTORIES false "${DIR}/*")
if(MODE STREQUAL "reset")
  if(written)
    file(REMOVE ${written})
  endif()
elseif(written)
  list(JOIN written "\n  " listed)
  message(FATAL_ERROR "tests wrote into the HOME CTest gave them (settings not isolated):\n  ${listed}")
else()
  message(STATUS "no test wrote into ${DIR}")
endif()
