// Low-stock alerts: an item has an open alert exactly when its total
// available is at or below its threshold (invariant 5).
#pragma once

#include "pg.hpp"

namespace sh::alerts {

// Re-decides the item's alert after its stock (force = false: items without a
// threshold are skipped) or its threshold (force = true) changed. Locks the
// item row first, so concurrent changes at different locations decide in turn.
void evaluate(int64 item_id, bool force = false);

}  // namespace sh::alerts
