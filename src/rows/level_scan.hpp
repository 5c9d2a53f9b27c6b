// Finding and locking an item's stock-level rows without a planned
// statement (level_rows.hpp): every row of an item, of a level, or one slot.
//
// Plain functions: each may raise a PostgreSQL error, so callers run them
// inside one pg_guard. Results (Lists of level_rows::Row*) live in the
// caller's memory context.
#pragma once

#include "rows/level_rows.hpp"

namespace sh::level_scan {

using level_rows::Row;

// Every row of the item's levels, locked FOR UPDATE.
List* lock_levels(int64 item_id);

// The rows of the item's level at one location, locked; empty if there is
// no such level.
List* lock_level(int64 item_id, int32 location_id);

// One row (item, location, slot), locked; null if missing.
Row* lock_slot(int64 item_id, int32 location_id, int16 slot);

// The rows of the item with that sku, found with the same snapshot as the
// item, not locked, and of a level split into slots only the first (slot
// 0); *item_id is 0 (and the list empty) if there is none.
List* rows_of_sku(const char* sku, int len, int64* item_id);

}  // namespace sh::level_scan
