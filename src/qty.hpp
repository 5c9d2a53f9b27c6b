// Quantities are exact decimals. Inside C++ they are fixed-point integers in
// millionths (qty_t), so allocation arithmetic is exact and cheap; at the SQL
// edge they are numeric. No floating point anywhere.
#pragma once

#include <string>

#include "pg.hpp"

namespace sh {

using qty_t = __int128;

constexpr int qty_scale = 6;                      // decimal places kept
constexpr qty_t qty_one = 1000000;                // 10^qty_scale
constexpr qty_t qty_limit = qty_one * 1000000000000000LL;  // 10^15 units, exclusive

// Text form without trailing zeros: 1500000 -> "1.5".
std::string qty_text(qty_t q);

// numeric Datum <-> qty_t. qty_from_numeric refuses (22023, naming `what`)
// NaN, infinities, more than qty_scale decimals and magnitudes >= qty_limit.
qty_t qty_from_numeric(Datum value, const char* what);
Datum qty_to_numeric(qty_t q);

// A caller-supplied quantity: as above, and strictly positive (or >= 0 when
// zero_ok, for stock takes).
qty_t user_qty(Datum value, const char* what, bool zero_ok = false);

}  // namespace sh
