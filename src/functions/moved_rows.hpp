// The TABLE(sku, location, qty) rows that release, cancel, fulfil and
// return_stock return for what they moved, recorded for their idempotency
// key, if the call has one.
#pragma once

#include "bridge/result_set.hpp"
#include "orders/idempotency.hpp"
#include "stock/moved.hpp"

namespace sh {

void emit_moved(ResultSet& out, const Moved& moved, idempotency::Recorder& recorder);

}  // namespace sh
