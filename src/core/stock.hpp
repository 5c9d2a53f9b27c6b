// Stock as the stock module read it under its locks: a level (an item at a
// location) and a lot of a level. Plain values, for the code that decides
// what to take (allocate.hpp) and for the operations.
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

struct Level {
    int64_t id = 0;
    int64_t item_id = 0;
    int32_t location_id = 0;
    int32_t priority = 0;  // the location's
    std::string location_code;
    qty_t on_hand = 0;
    qty_t reserved = 0;
    bool lot_tracked = false;                // the item's (a copy kept on the level row)
    Strategy strategy = Strategy::priority;  // for lot-tracked items, set with their lots; priority otherwise
    RowVersion version;                      // locked and last written here
    qty_t available() const { return on_hand - reserved; }
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
