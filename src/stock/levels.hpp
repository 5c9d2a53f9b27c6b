// The stock-level module: the only code that changes on_hand or reserved.
// Every operation locks levels through it (one global order: item, then
// location), decides availability on the values it read under that lock,
// and applies each movement through apply(), which also writes the ledger.
// Callers see levels only through Level, so one item's level could later be
// split over several rows without touching the operations.
// A movement of a lot changes the lot in the same statement as its level
// (lots.hpp).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "bridge/pg.hpp"
#include "core/stock.hpp"

namespace sh::levels {

// Locks every level of the item, ordered by location id.
std::vector<Level> lock_item(int64 item_id);

// Locks the level of the item at one location, creating it (empty) if missing.
Level lock_at(int64 item_id, int32 location_id);

// Locks the levels of the given (item, location) pairs, which must be sorted
// (the global order); duplicates are locked once. Sorted as given.
std::vector<Level> lock_all(const std::vector<std::pair<int64, int32>>& sorted);

// The level of an item at a location among locked levels sorted by (item,
// location), as lock_all() and lock_item() return them. find(): null if it is
// not among them.
Level& at(std::vector<Level>& locked, int64 item_id, int32 location_id);
Level* find(std::vector<Level>& locked, int64 item_id, int32 location_id);

// A movement of on_hand, which the ledger records.
struct Movement {
    const char* kind;          // ledger movement: receive, adjust, fulfil, return
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

// Gives back qty reserved at a level the caller has locked (and of its lot,
// unless lot_id is 0): a release or an expiry, which the ended hold row
// records (holds::end()).
void unreserve(Level& level, qty_t qty, int64 lot_id);

// A new active hold of qty at a locked level: reserves it and inserts the
// hold (expiring after ttl, if any; the row records the reservation: who,
// when, how much), in one statement.
// checkout_id 0: the order's own checkout. new_checkout: this transaction
// inserted the checkout, so the hold's key to it needs no check (nor does
// its key to the level, updated in the same statement; see known_keys.hpp).
struct Reservation {
    int64 hold_id;
    Datum expires_at;  // timestamptz, by value
    bool expires;
};
Reservation reserve(Level& level, int64 lot_id, int64 order_id, int64 checkout_id, bool new_checkout, qty_t qty,
                    Datum ttl, bool has_ttl);

// The hold row first, then the level: for a hold of one line at the only
// level it can take from (no lots, not partial), the level row is locked
// only after the hold row is written, so its lock is held as briefly as the
// decision allows. level was read, not locked (read_sku()). Writes the hold,
// locks the level's newest version and, if it covers qty, reserves it
// (reserved true). If not, the hold row stays unreserved and level holds the
// locked values: the caller gives back what it can (overdue holds) and then
// calls reserve_written(), or refuses (its error takes the hold row back).
struct LateReservation {
    Reservation hold;
    bool reserved;
};
LateReservation reserve_late(Level& level, int64 order_id, int64 checkout_id, bool new_checkout, qty_t qty, Datum ttl,
                             bool has_ttl);
void reserve_written(Level& level, qty_t qty);

// The levels of the item named sku as a new statement sees them, not locked
// (no item: nullopt), ordered by location id, and the item's id.
std::optional<std::vector<Level>> read_sku(const std::string& sku, int64* item_id);

// Locks every level of the item named sku (no item: nullopt; an item without
// levels: empty), ordered by location id, and says the item's id. Both read
// through level_scan.hpp.
std::optional<std::vector<Level>> lock_sku(const std::string& sku, int64* item_id);

}  // namespace sh::levels
