// Quantities are exact decimals. Inside C++ they are fixed-point integers in
// millionths (qty_t), so allocation arithmetic is exact and cheap; at the SQL
// edge they are numeric (numeric.hpp). No floating point anywhere. Plain C++.
#pragma once

#include <string>

namespace sh {

using qty_t = __int128;

constexpr int qty_scale = 6;                      // decimal places kept
constexpr qty_t qty_one = 1000000;                // 10^qty_scale
constexpr qty_t qty_limit = qty_one * 1000000000000000LL;  // 10^15 units, exclusive

// Text form without trailing zeros: 1500000 -> "1.5".
std::string qty_text(qty_t q);

// Parses a plain decimal ("-12.345", as numeric_out writes it: no exponent).
// Refuses (22023, naming `what`) anything else, more than qty_scale decimals
// and magnitudes >= qty_limit.
qty_t parse_qty(const char* text, const char* what);

// Parses a decimal number as decimal libraries write it in JSON strings:
// optional sign, digits, optional fraction, optional exponent ("1.5",
// "1E-1", "-2"), nothing else (no spaces, no "NaN"). The same limits as
// parse_qty(); 22023 naming `what` otherwise.
qty_t parse_decimal(const std::string& text, const char* what);

// A caller's quantity must be greater than zero (or >= 0 when zero_ok, for
// stock takes): 22023 naming `what` otherwise.
qty_t require_positive(qty_t q, const char* what, bool zero_ok = false);

}  // namespace sh
