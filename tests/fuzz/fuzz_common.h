#pragma once

// Shared checks for the fuzz harnesses. A failed check aborts, which libFuzzer (and the
// replay program) report as a crash together with the input.

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(cond)                                                              \
    do {                                                                              \
        if (!(cond)) {                                                                \
            std::fprintf(stderr, "FUZZ_CHECK failed: %s (%s:%d)\n", #cond, __FILE__,  \
                         __LINE__);                                                   \
            std::abort();                                                             \
        }                                                                             \
    } while (0)
