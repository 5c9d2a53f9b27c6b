// The lines of release(), fulfil() and return_stock() as claims on an
// order's holds or shipments (apportion.hpp): sku, location and lot resolved
// to ids (SH002, SH003 for an unknown sku or location; a lot name that no
// lot of the item has claims nothing).
#pragma once

#include <vector>

#include "core/apportion.hpp"
#include "core/lines.hpp"
#include "stock/holds.hpp"

namespace sh {

// One claim per line, in the lines' order.
std::vector<Claim> claims_of(const std::vector<Line>& lines);

// The holds as pieces, in their order.
std::vector<Piece> pieces_of(const std::vector<holds::Held>& held);

}  // namespace sh
