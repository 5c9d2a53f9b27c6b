// The holds table: creating a hold and ending (part of) one. Ending a hold
// always goes with its stock movement, applied through the stock-level module.
#pragma once

#include <vector>

#include "moved.hpp"
#include "spi.hpp"
#include "stock_levels.hpp"

namespace sh::holds {

struct Held {
    int64 id = 0;
    int64 order_id = 0;
    int64 checkout_id = 0;
    int64 item_id = 0;
    int32 location_id = 0;
    qty_t qty = 0;
    int64 lot_id = 0;  // 0: not of a lot
};

// The columns read() reads, for the SELECTs that read holds.
#define HOLD_COLUMNS "id, order_id, checkout_id, item_id, location_id, qty, lot_id"

// Reads a hold from HOLD_COLUMNS starting at column `first`; read_all, every row.
Held read(const spi::Result& r, uint64 row, int first = 1);
std::vector<Held> read_all(const spi::Result& r);

// The new hold's id and expiry, as the stock-level module made it.
using Created = levels::NewHold;

// Inserts an active hold of a level (and of a lot, unless lot_id is 0; ttl:
// interval datum, or none) and reserves its stock. new_checkout: this
// transaction inserted the checkout.
Created create(levels::Level& level, int64 lot_id, int64 order_id, int64 checkout_id, bool new_checkout, qty_t qty,
               Datum ttl, bool has_ttl, const char* reason = nullptr);

enum class Ending { released, expired, fulfilled };

// Ends qty of an active hold (all of it, or a part: the rest stays active) and
// applies the matching movement to its level, which the caller has locked.
void end(const Held& hold, qty_t qty, Ending how, const char* reason, levels::Level& level);

// Locks the levels of the given holds in the global order (item, location).
// Holds must be sorted by (item_id, location_id).
std::vector<levels::Level> lock_levels(const std::vector<Held>& held);

// The locked level of an item at a location, or for a hold, from a vector of
// locked levels in (item, location) order, as lock_levels() returns them.
levels::Level& level_at(std::vector<levels::Level>& locked, int64 item_id, int32 location_id);
levels::Level& level_of(std::vector<levels::Level>& locked, const Held& hold);

// Releases every one of the given locked holds (sorted by item, location),
// locking their levels in the global order; adds what it released to moved.
void release_all(const std::vector<Held>& held, const char* reason, Moved* moved = nullptr);

}  // namespace sh::holds
