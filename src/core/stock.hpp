// Stock as the stock module read it under its locks: a level (an item at a
// location, one row or several slots) and a lot of a level. Plain values,
// for the code that decides what to take (allocate.hpp) and for the
// operations.
#pragma once

#include <cstdint>
#include <string>

#include "core/qty.hpp"
#include "core/strategy.hpp"

namespace sh {

// Where a row version is stored (PostgreSQL's item pointer: block and
// offset), so the stock module can write the very version it locked.
struct RowVersion {
    uint32_t block = 0;
    uint16_t offset = 0;  // 0: unknown (PostgreSQL's offsets start at 1)
    bool known() const { return offset != 0; }
};

// One row of a level. A level is one row, or, for a hot item split with
// set_slots(), several: each slot holds a part of the level's on_hand and
// reserved, so that holds of the item need not all lock the same row.
struct Slot {
    int64_t id = 0;
    int16_t number = 0;
    qty_t on_hand = 0;
    qty_t reserved = 0;
    // The slot's share of the low-stock threshold (see core/slots.hpp); set
    // only for a watched item with slots whose stock is above its threshold.
    bool guarded = false;
    qty_t guard = 0;
    RowVersion version;  // locked and last written here
    qty_t available() const { return on_hand - reserved; }
};

// An item's stock at a location: its slots' sums.
struct Level {
    int64_t item_id = 0;
    int32_t location_id = 0;
    int32_t priority = 0;  // the location's
    std::string location_code;
    qty_t on_hand = 0;   // of the slots below
    qty_t reserved = 0;
    bool lot_tracked = false;                // the item's (a copy kept on the level's rows)
    bool watched = false;                    // the item has a low-stock threshold (a copy too)
    Strategy strategy = Strategy::priority;  // for lot-tracked items, set with their lots; priority otherwise
    int16_t slot_count = 1;                  // slots in use: rows 0 .. slot_count - 1; rows beyond are empty
    // The rows read or locked, by number: every row of the level, or (for an
    // operation that starts from holds) only the rows of those holds.
    std::vector<Slot> slots;
    bool whole = true;  // slots holds every row of the level
    qty_t available() const { return on_hand - reserved; }
    bool slotted() const { return slot_count > 1; }
};

struct Lot {
    int64_t id = 0;
    int64_t item_id = 0;
    int32_t location_id = 0;
    std::string code;
    bool dated = false;         // has a best-before date
    int32_t best_before = 0;    // days since 2000-01-01 (PostgreSQL's date), when dated
    int64_t received_at = 0;    // microseconds since 2000-01-01 (timestamptz)
    bool expired = false;       // best_before is before today: never allocated
    qty_t on_hand = 0;
    qty_t reserved = 0;
    qty_t available() const { return on_hand - reserved; }
};

}  // namespace sh
