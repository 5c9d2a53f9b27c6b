// The TABLE(sku, location, qty) rows that release, cancel, fulfil and
// return_stock return for what they moved.
#pragma once

#include "bridge/result_set.hpp"
#include "stock/moved.hpp"

namespace sh {

void emit_moved(ResultSet& out, const Moved& moved);

}  // namespace sh
