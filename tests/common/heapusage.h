#pragma once

// Bytes the C heap currently holds, to show that hostile input does not make the decoder
// allocate what the peer announces. glibc only, and not under ASan (which replaces malloc);
// -1 when unknown, and tests then skip only that one comparison.

#include <QtGlobal>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#if defined(__SANITIZE_ADDRESS__)
#define RTM_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RTM_TEST_ASAN 1
#endif
#endif

namespace testdata {

inline qint64 heapInUse()
{
#if defined(__GLIBC__) && !defined(RTM_TEST_ASAN)
    const struct mallinfo2 mi = mallinfo2();
    return static_cast<qint64>(mi.uordblks + mi.hblkhd);
#else
    return -1;
#endif
}

} // namespace testdata
