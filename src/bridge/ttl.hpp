// The lifetime of new holds: the call's ttl, else stockhold.hold_ttl, else none.
#pragma once

#include "bridge/pg.hpp"

namespace sh {

struct Ttl {
    Datum interval = Datum(0);
    bool set = false;
};

Ttl effective_ttl(FunctionCallInfo fcinfo, int arg);

}  // namespace sh
