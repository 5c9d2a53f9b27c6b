#include "bridge/numeric.hpp"

#include "bridge/guard.hpp"

namespace sh {

qty_t qty_from_numeric(Datum value, const char* what) {
    const char* text = pg_guard([&] { return DatumGetCString(DirectFunctionCall1(numeric_out, value)); });
    return parse_qty(text, what);
}

Datum qty_to_numeric(qty_t q) {
    std::string text = qty_text(q);
    const char* c = text.c_str();
    return pg_guard([&] {
        return DirectFunctionCall3(numeric_in, CStringGetDatum(c), ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1));
    });
}

qty_t user_qty(Datum value, const char* what, bool zero_ok) {
    return require_positive(qty_from_numeric(value, what), what, zero_ok);
}

}  // namespace sh
