// Low-stock alerts: an item has an open alert exactly when its total
// available is at or below its threshold (docs/reference.md#invariants).
#pragma once

#include "bridge/pg.hpp"

namespace sh::alerts {

// Re-decides the item's alert after its stock or its threshold changed. Locks
// the item row first, so concurrent changes at different locations decide in
// turn. After a stock change, callers skip it for levels not watched (an
// item without a threshold has no alert to keep).
void evaluate(int64 item_id);

}  // namespace sh::alerts
