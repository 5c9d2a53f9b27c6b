// Quantities an operation moved, per (item, location), in item then
// location order: what release, cancel, fulfil and return_stock report.
#pragma once

#include <map>
#include <utility>

#include "bridge/pg.hpp"
#include "core/qty.hpp"

namespace sh {

using Moved = std::map<std::pair<int64, int32>, qty_t>;

}  // namespace sh
