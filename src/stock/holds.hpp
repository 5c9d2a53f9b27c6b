// The holds table: reading holds and ending (part of) one. Ending a hold
// always goes with its stock movement, applied through the stock-level
// module; a new hold is made with its reservation (levels::reserve()).
#pragma once

#include <vector>

#include "bridge/spi.hpp"
#include "stock/levels.hpp"
#include "stock/moved.hpp"

namespace sh::holds {

struct Held {
    int64 id = 0;
    int64 order_id = 0;
    int64 checkout_id = 0;
    int64 item_id = 0;
    int32 location_id = 0;
    qty_t qty = 0;
    int64 lot_id = 0;  // 0: not of a lot
    int16 slot = 0;    // the row of its level it reserved (core/slots.hpp)
};

// The columns read() reads, for the SELECTs that read holds.
#define HOLD_COLUMNS "id, order_id, checkout_id, item_id, location_id, qty, lot_id, slot::integer"

// Reads a hold from HOLD_COLUMNS starting at column `first`; read_all, every row.
Held read(const spi::Result& r, uint64 row, int first = 1);
std::vector<Held> read_all(const spi::Result& r);

enum class Ending { released, expired, fulfilled };

// Ends qty of an active hold (all of it, or a part: the rest stays active) and
// applies the matching movement to its level, which the caller has locked.
void end(const Held& hold, qty_t qty, Ending how, const char* reason, Level& level);

// Locks the level rows of the given holds (their slots only) in the global
// order (item, location, slot); of the items in whole_items (sorted), every
// level: an operation on an order with waiting backorder lines locks every
// level of their items, so that no fill for the order is in flight there
// (a filler holds a level of the item) and it can read the order's holds
// again, fills included (backorders.hpp).
std::vector<Level> lock_levels(const std::vector<Held>& held, const std::vector<int64>& whole_items = {});

// The holds an operation reads again after lock_levels(held, waiting)
// locked every level of the items in waiting (sorted): those it read first,
// and new ones of those items (fills made meanwhile, at levels it holds).
// Another new hold is at a level it did not lock: it came after the
// operation, which leaves it alone. again: HOLD_COLUMNS and whether this
// transaction has the row locked (SKIP LOCKED; holds are locked before
// levels, so it must not wait for one now). One that another transaction
// has locked is being ended by an expiry waiting for these levels, and one
// at a level made since (not among locked) was not decided under these
// locks: 40001 for both, for the caller to retry.
std::vector<Held> read_again(const std::vector<Held>& first, const spi::Result& again, const std::vector<int64>& waiting,
                             std::vector<Level>& locked);

// An order's active holds, locked in the global order (item, location, id).
std::vector<Held> lock_of_order(int64 order_id);

// An order's active holds again, for read_again().
spi::Result order_holds_again(int64 order_id);

// A hold's level among the levels lock_levels() returned.
Level& level_of(std::vector<Level>& locked, const Held& hold);

// Releases every one of the given locked holds, whose level rows
// lock_levels() locked, adds what it released to moved, and hands the stock
// to the items' backorder queues (backorders::fill()).
void release_all(const std::vector<Held>& held, std::vector<Level>& locked, const char* reason, Moved* moved = nullptr);

}  // namespace sh::holds
