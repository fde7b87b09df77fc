#pragma once

// Small helpers shared by the FPNN client/server suites.

#include "fpnn/answer.h"
#include "fpnn/fpnnclient.h"
#include "fpnn/value.h"

namespace testdata {

// An integer field of a map, or -1 when absent or not an integer.
inline qint64 intField(const fpnn::Value &v, const char *key)
{
    const fpnn::Value *f = v.find(key);
    return f ? f->toInt64().value_or(-1) : -1;
}

// Collects one quest's outcomes; more than one call is a bug the tests look for.
struct Outcome {
    int calls = 0;
    fpnn::Answer answer;
    fpnn::AnswerCallback callback()
    {
        return [this](const fpnn::Answer &a) {
            ++calls;
            answer = a;
        };
    }
};

} // namespace testdata
