// The lifetime of new holds: the call's ttl, else stockhold.hold_ttl, else none.
#pragma once

#include "bridge/pg.hpp"

namespace sh {

struct Ttl {
    Datum interval = Datum(0);
    bool set = false;
};

Ttl effective_ttl(FunctionCallInfo fcinfo, int arg);

// A ttl argument that is required and positive (22023 otherwise).
Ttl positive_ttl(FunctionCallInfo fcinfo, int arg, const char* name);

}  // namespace sh
