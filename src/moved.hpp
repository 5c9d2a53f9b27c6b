// Quantities an operation moved, per (item, location), and the
// TABLE(sku, location, qty) rows that release, cancel, fulfil and
// return_stock return for them, in item then location order.
#pragma once

#include <map>
#include <utility>

#include "qty.hpp"
#include "result_set.hpp"

namespace sh {

using Moved = std::map<std::pair<int64, int32>, qty_t>;

void emit_moved(ResultSet& out, const Moved& moved);

}  // namespace sh
