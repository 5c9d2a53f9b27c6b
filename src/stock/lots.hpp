// Lots (batches) of a lot-tracked item at a level. A lot changes only with
// its level (levels::apply() and reserve() write both in one statement),
// under the level's lock: the level lock serialises its lots, which need no
// locks of their own. Lot tracking is decided per item, on the item row.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "bridge/pg.hpp"
#include "core/stock.hpp"

namespace sh::lots {

// The lots of the given locked levels (of lot-tracked items), in (item,
// location, id) order; gives those levels their item's strategy.
std::vector<Lot> of_levels(std::vector<Level>& levels);

// The lot `code` at a locked level. for_receipt makes it (empty) if
// missing, with best_before (a DateADT, if dated) and received_at (now, or given).
std::optional<Lot> find(const Level& level, const std::string& code);
Lot for_receipt(const Level& level, const std::string& code, bool dated, int32 best_before,
                std::optional<int64> received_at = std::nullopt);

// A lot by id (it must exist).
Lot by_id(int64 lot_id);

// Lot tracking is decided per item on the item row, always taken after the
// level locks (the global order: levels, then item). Both refuse with 22023.
// Before every lot receipt: for the item's first lot there must be no stock
// outside lots; marks the item, and every level of it, lot-tracked. Callers
// lock all the item's levels first (levels::lock_item), then the one received into.
void begin_tracking(int64 item_id, const std::string& sku);
// Before adding stock outside lots: the item must not be lot-tracked. Writes
// the item row, so that a concurrent first lot receipt waits for this one
// (READ COMMITTED) or fails to serialize (REPEATABLE READ) instead of
// missing it.
void claim_untracked(int64 item_id, const std::string& sku);

}  // namespace sh::lots
