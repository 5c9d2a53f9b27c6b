#include "bridge/ttl.hpp"

#include "bridge/guard.hpp"
#include "bridge/settings.hpp"
#include "core/errors.hpp"

namespace sh {

Ttl effective_ttl(FunctionCallInfo fcinfo, int arg) {
    Ttl ttl;
    if (!PG_ARGISNULL(arg)) {
        ttl = {PG_GETARG_DATUM(arg), true};
    } else if (settings::hold_ttl && settings::hold_ttl[0] != '\0') {
        const char* text = settings::hold_ttl;
        ttl = {pg_guard([&] {
                   return DirectFunctionCall3(interval_in, CStringGetDatum(text), ObjectIdGetDatum(InvalidOid),
                                              Int32GetDatum(-1));
               }),
               true};
    }
    if (ttl.set) {
        Datum value = ttl.interval;
        bool positive = pg_guard([&] {
            Interval zero{};
            return DatumGetBool(DirectFunctionCall2(interval_gt, value, IntervalPGetDatum(&zero)));
        });
        if (!positive) fail(Code::bad_input, "a hold's ttl must be a positive interval");
    }
    return ttl;
}

}  // namespace sh
