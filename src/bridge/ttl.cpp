#include "bridge/ttl.hpp"

#include "bridge/guard.hpp"
#include "bridge/settings.hpp"
#include "core/errors.hpp"

namespace sh {

namespace {

void require_positive(const Ttl& ttl, const char* what) {
    Datum value = ttl.interval;
    bool positive = pg_guard([&] {
        Interval zero{};
        return DatumGetBool(DirectFunctionCall2(interval_gt, value, IntervalPGetDatum(&zero)));
    });
    if (!positive) fail(Code::bad_input, std::string(what) + " must be a positive interval");
}

}  // namespace

Ttl positive_ttl(FunctionCallInfo fcinfo, int arg, const char* name) {
    if (PG_ARGISNULL(arg)) fail(Code::bad_input, std::string(name) + " must not be NULL");
    Ttl ttl{PG_GETARG_DATUM(arg), true};
    require_positive(ttl, name);
    return ttl;
}

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
    if (ttl.set) require_positive(ttl, "a hold's ttl");
    return ttl;
}

}  // namespace sh
