// The stock-level module: the only code that changes on_hand or reserved.
// Every operation locks levels through it (one global order: item, then
// location), decides availability on the values it read under that lock,
// and applies each movement through apply(), which also writes the ledger.
// Callers see levels only through Level, so one item's level could later be
// split over several rows without touching the operations.
// Lots of a lot-tracked item are changed here too, in the same statement as
// their level and under the level's lock: no lot changes without its level,
// so the level lock serialises its lots and they need no locks of their own.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "pg.hpp"
#include "qty.hpp"
#include "strategy.hpp"

namespace sh::levels {

struct Level {
    int64 id = 0;
    int64 item_id = 0;
    int32 location_id = 0;
    int32 priority = 0;
    std::string location_code;
    qty_t on_hand = 0;
    qty_t reserved = 0;
    bool lot_tracked = false;                // the item's (a copy kept on the level row)
    Strategy strategy = Strategy::priority;  // for lot-tracked items, set by read_lots(); priority otherwise
    ItemPointerData tid{};                   // the row version locked and last written here; invalid: unknown
    qty_t available() const { return on_hand - reserved; }
};

// A lot at a level. Read after the level is locked.
struct Lot {
    int64 id = 0;
    int64 item_id = 0;
    int32 location_id = 0;
    std::string code;
    bool dated = false;        // has a best-before date
    int32 best_before = 0;     // DateADT, when dated
    int64 received_at = 0;     // TimestampTz
    bool expired = false;      // best_before is before today: never allocated
    qty_t on_hand = 0;
    qty_t reserved = 0;
    qty_t available() const { return on_hand - reserved; }
};

// The lots of the given locked levels (of lot-tracked items), in (item,
// location, id) order; gives those levels their item's strategy.
std::vector<Lot> read_lots(std::vector<Level>& levels);

// The lot `code` at a locked level. lot_for_receipt makes it (empty) if
// missing, with best_before (a DateADT, if dated) and received_at (now, or given).
std::optional<Lot> find_lot(const Level& level, const std::string& code);
Lot lot_for_receipt(const Level& level, const std::string& code, bool dated, int32 best_before,
                    std::optional<int64> received_at = std::nullopt);

// A lot by id (it must exist).
Lot lot_by_id(int64 lot_id);

// Lot tracking is decided per item on the item row, always taken after the
// level locks (the global order: levels, then item). Both refuse with 22023.
// Before every lot receipt: for the item's first lot there must be no stock
// outside lots; marks the item, and every level of it, lot-tracked. Callers
// lock all the item's levels first (lock_item), then the one received into.
void begin_lots(int64 item_id, const std::string& sku);
// Before adding stock outside lots: the item must not be lot-tracked. Writes
// the item row, so that a concurrent first lot receipt waits for this one
// (READ COMMITTED) or fails to serialize (REPEATABLE READ) instead of
// missing it.
void claim_untracked(int64 item_id, const std::string& sku);

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
    int64 lot_id = 0;          // 0: not a lot movement; else the lot moves with its level
};

// Applies a movement to a level the caller has locked, records it in the
// ledger, and updates the in-memory copy.
void apply(Level& level, const Movement& movement);

// A new active hold of qty at a locked level: reserves it, inserts the hold
// (expiring after ttl, if any) and its ledger row, in one statement.
// new_checkout: this transaction inserted the checkout, so the hold's key to
// it needs no check (nor does its key to the level, updated in the same
// statement; see known_keys.hpp).
struct NewHold {
    int64 id;
    Datum expires_at;  // timestamptz, by value
    bool expires;
};
NewHold reserve(Level& level, int64 lot_id, int64 order_id, int64 checkout_id, bool new_checkout, qty_t qty, Datum ttl,
                bool has_ttl, const char* reason);

// Locks every level of the item named sku (no item: nullopt; an item without
// levels: empty), ordered by location id. Both read through level_scan.hpp.
std::optional<std::vector<Level>> lock_sku(const std::string& sku);

}  // namespace sh::levels
