// The stock-level module: the only code that changes on_hand or reserved.
// Every operation locks levels through it (one global order: item, then
// location), decides availability on the values it read under that lock,
// and applies each movement through apply(), which also writes the ledger.
// Callers see levels only through Level, so one item's level could later be
// split over several rows without touching the operations.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "qty.hpp"

namespace sh::levels {

struct Level {
    int64 id = 0;
    int64 item_id = 0;
    int32 location_id = 0;
    int32 priority = 0;
    std::string location_code;
    qty_t on_hand = 0;
    qty_t reserved = 0;
    qty_t available() const { return on_hand - reserved; }
};

// Locks every level of the item, ordered by location id.
std::vector<Level> lock_item(int64 item_id);

// Locks the level of the item at one location, creating it (empty) if missing.
Level lock_at(int64 item_id, int32 location_id);

struct Movement {
    const char* kind;          // ledger movement: receive, adjust, hold, release, expire, fulfil, return
    qty_t qty;                 // the movement's own quantity, as the ledger reports it
    qty_t on_hand_delta;
    qty_t reserved_delta;
    int64 order_id = 0;        // 0: none
    int64 hold_id = 0;         // 0: none
    const char* reason = nullptr;
};

// Applies a movement to a level the caller has locked, records it in the
// ledger, and updates the in-memory copy.
void apply(Level& level, const Movement& movement);

// A new active hold of qty at a locked level: reserves it, inserts the hold
// (expiring after ttl, if any) and its ledger row, in one statement.
struct NewHold {
    int64 id;
    Datum expires_at;  // timestamptz, by value
    bool expires;
};
NewHold reserve(Level& level, int64 order_id, int64 checkout_id, qty_t qty, Datum ttl, bool has_ttl,
                const char* reason);

// Locks every level of the item named sku (no item: nullopt; an item without
// levels: empty), ordered by location id. For one-item calls, one statement.
std::optional<std::vector<Level>> lock_sku(const std::string& sku);

}  // namespace sh::levels
