// The stock-level module: the only code that changes on_hand or reserved.
// Every operation locks levels through it (one global order: item, then
// location, then slot), decides availability on the values it read under
// that lock, and applies each movement through it; apply() also writes the
// ledger. Callers see levels only through Level: one row, or, for a hot item
// split with set_slots(), one row per slot (core/slots.hpp). A movement of a
// lot changes the lot in the same statement as its level's row (lots.hpp).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "bridge/pg.hpp"
#include "core/stock.hpp"

namespace sh::levels {

// Locks every level of the item (every slot), ordered by location id.
std::vector<Level> lock_item(int64 item_id);

// Locks the level of the item at one location (every slot), creating it
// (empty, with the item's slots) if missing.
Level lock_at(int64 item_id, int32 location_id);

// Locks the levels of the given (item, location) pairs, which must be sorted
// (the global order); duplicates are locked once. Sorted as given.
std::vector<Level> lock_all(const std::vector<std::pair<int64, int32>>& sorted);

// Locks only the given rows (item, location, slot), sorted and each existing:
// for operations that start from holds and give back or ship what those
// holds reserved. Each Level returned holds the slots locked (whole false
// when that is not every row of the level).
struct SlotKey {
    int64 item_id;
    int32 location_id;
    int16 slot;
};
std::vector<Level> lock_slots(const std::vector<SlotKey>& sorted);

// The level of an item at a location among locked levels sorted by (item,
// location), as the functions above return them. find(): null if it is not
// among them.
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
    int16 slot = -1;           // the slot of the hold it ships; -1: the level's (whole)
};

// Applies a movement to a level the caller has locked, records it in the
// ledger, and updates the in-memory copy. A movement of a slotted level
// without a slot adds to every slot evenly; one that takes stock away (a
// stock take) leaves the level for settle() to spread again.
void apply(Level& level, const Movement& movement);

// Gives back qty reserved at slot `slot` of a level the caller has locked
// (and of its lot, unless lot_id is 0): a release or an expiry, which the
// ended hold row records (holds::end()).
void unreserve(Level& level, qty_t qty, int64 lot_id, int16 slot);

// A new active hold of qty at a locked level (whole): reserves it and
// inserts the hold (expiring after ttl, if any; the row records the
// reservation: who, when, how much), in one statement. A slotted level first
// gathers qty into one slot (core/slots.hpp), for the caller to settle().
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

// A fill of a backorder at a locked level: reserve() for a level of one row;
// at a slotted level (of which the operation may have locked only its
// holds' rows) qty comes from the locked rows' available in slot order, one
// hold per row, moving no stock between rows (no settle() needed). The
// checkout exists (0: the order's own). The holds record queued_at, the
// line's (timestamptz).
struct Fill {
    Reservation hold;
    qty_t qty;
};
std::vector<Fill> reserve_locked(Level& level, int64 lot_id, int64 order_id, int64 checkout_id, qty_t qty, Datum ttl,
                                 bool has_ttl, Datum queued_at);

// After reservations or a stock take on the slotted levels of item_id
// (every level of the item among locked, whole): spreads each level's
// available evenly over its slots again and sets the slots' low-stock guards
// (core/slots.hpp). Nothing for an item without slots.
void settle(std::vector<Level>& locked, int64 item_id);

// Changes the number of slots of every level of item_id (locked, as
// lock_item() returned them; relocked here): adds rows for new slots and
// settles. Totals do not change, nor does any hold: a row beyond the count
// keeps what its holds reserve, and no hold takes it any more.
void set_slot_count(std::vector<Level>& locked, int64 item_id, int16 count);

// For upsert_item(), before the threshold of the item named sku changes:
// every row of its levels locked and touched (not just locked, so that a
// REPEATABLE READ stock change that started before fails with 40001 rather
// than decide an alert on the old threshold), told whether the item is
// watched, and its guards dropped (settle() sets new ones). rewatch_new(),
// after: the levels made since, which waited for the item row (lock_at()).
void rewatch(const std::string& sku, bool watched);
void rewatch_new(int64 item_id, bool watched);

// The hold row first, then the level: for a hold of one line at the only
// level it can take from (no lots, no slots, not partial), the level row is
// locked only after the hold row is written, so its lock is held as briefly
// as the decision allows. level was read, not locked (read_sku()). Writes
// the hold, locks the level's newest version and, if it covers qty, reserves
// it (reserved true). If not, the hold row stays unreserved and level holds
// the locked values: the caller gives back what it can (overdue holds) and
// then calls reserve_written(), or refuses (its error takes the hold row
// back).
struct LateReservation {
    Reservation hold;
    bool reserved;
};
LateReservation reserve_late(Level& level, int64 order_id, int64 checkout_id, bool new_checkout, qty_t qty, Datum ttl,
                             bool has_ttl);
void reserve_written(Level& level, qty_t qty);

// A hold of one line at a slotted level (read, not locked; no lots): takes
// one slot that covers qty without waiting while another is free
// (rows/slot_pick.hpp), and reserves there. Nothing when no slot covers qty
// on its own: the caller locks the whole item and decides on its totals.
std::optional<Reservation> reserve_in_slot(const Level& level, int64 order_id, int64 checkout_id, bool new_checkout,
                                           qty_t qty, Datum ttl, bool has_ttl);

// The levels of the item named sku as a new statement sees them, not locked
// (no item: nullopt), ordered by location id, and the item's id. Of a
// slotted level only its first slot is read (whole false): enough to know
// where it is and that it is slotted.
std::optional<std::vector<Level>> read_sku(const std::string& sku, int64* item_id);

}  // namespace sh::levels
