// Low-stock alerts: an item has an open alert exactly when its total
// available is at or below its threshold (invariant 5).
#pragma once

#include "bridge/pg.hpp"

namespace sh::alerts {

// Re-decides the item's alert after its stock or its threshold changed. Locks
// the item row first, so concurrent changes at different locations decide in
// turn. After a stock change, callers skip it for items not watched().
void evaluate(int64 item_id);

// Whether the item has a threshold (false: none, or no such item), read
// without a lock: a stock change of an item without one has nothing to do.
bool watched(int64 item_id);

}  // namespace sh::alerts
