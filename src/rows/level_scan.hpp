// Finding and locking an item's stock levels without a planned statement:
// index scans and tuple locks, as SELECT ... FOR UPDATE would take them
// (READ COMMITTED locks the newest version of a row updated meanwhile;
// REPEATABLE READ fails with 40001 instead).
//
// Plain data and plain functions only: each may raise a PostgreSQL error, so
// callers run them inside one pg_guard. Results live in the caller's memory
// context.
#pragma once

#include "bridge/pg.hpp"

namespace sh::level_scan {

struct Row {
    int64 id;
    int64 item_id;
    int32 location_id;
    Datum on_hand;  // numeric, copied
    Datum reserved;
    bool lot_tracked;
    ItemPointerData tid;  // the version locked
    int32 priority;       // the location's
    text* location_code;  // copied
};

// Every level of the item, locked FOR UPDATE, in location id order: a List of Row*.
List* lock_levels(int64 item_id);

// The levels of the item with that sku, found with the same snapshot as its
// levels, locked if lock; *item_id is 0 (and the list empty) if there is none.
List* levels_of_sku(const char* sku, int len, bool lock, int64* item_id);

}  // namespace sh::level_scan
