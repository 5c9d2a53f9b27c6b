// Quantities at the SQL edge: numeric Datums <-> qty_t (qty.hpp).
#pragma once

#include "bridge/pg.hpp"
#include "core/qty.hpp"

namespace sh {

// Refuses (22023, naming `what`) NaN, infinities, more than qty_scale
// decimals and magnitudes >= qty_limit.
qty_t qty_from_numeric(Datum value, const char* what);
Datum qty_to_numeric(qty_t q);

// A caller-supplied quantity: as above, and strictly positive (or >= 0 when
// zero_ok, for stock takes).
qty_t user_qty(Datum value, const char* what, bool zero_ok = false);

}  // namespace sh
