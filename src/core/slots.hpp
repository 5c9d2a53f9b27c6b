// Slots: how a level's stock is spread over its rows, and the low-stock
// guards that let a hold of one slot leave the item's alert alone. Pure
// computation: no PostgreSQL calls.
//
// A hot item split with set_slots() has slot_count rows per level; a hold
// takes one slot that covers its line, without looking at the others. Only
// a hold that finds no such slot locks them all (the exact path), decides on
// the level's total, and settles: each level's available is spread evenly
// over its slots again.
//
// Guards. An item's alert is open exactly when its total available is at or
// below its threshold. A hold of one slot cannot see the total, so while the
// total is above the threshold every slot of a watched item carries a guard:
// the guards sum to the threshold plus one millionth, and each slot keeps at
// least its guard available. A hold that leaves its slot at or above its
// guard therefore leaves the total above the threshold, and the alert as it
// is (closed); a release only adds. Any other change re-decides the alert
// under the item's lock, as for an item without slots. Guards are set only
// with every row of the item locked (settle()); at or below the threshold no
// slot has one, and every hold of the item takes the exact path.
#pragma once

#include <cstddef>
#include <vector>

#include "core/stock.hpp"

namespace sh::slots {

constexpr int16_t max_slots = 64;

// Whether a hold of qty may take slot s on its own: s has qty available and,
// for a watched item, keeps its guard.
bool covers(const Slot& s, qty_t qty, bool watched);

// total in n parts as equal as whole units allow (the remainder's units on
// the first parts, a fraction of a unit on the first).
std::vector<qty_t> spread(qty_t total, size_t n);

// Where an exact-path reservation of qty at a level (every row locked, the
// level's available at least qty) takes from: the in-use slot with the most
// available (the lowest number on a tie), and, when that slot alone lacks
// qty, the on_hand each other in-use slot gives it first (in slot order).
struct Gathering {
    size_t target;            // index into level.slots
    std::vector<qty_t> give;  // per index into level.slots: on_hand moved to target
};
Gathering gather(const Level& level, qty_t qty);

// The settled state of one row.
struct Settled {
    qty_t on_hand;
    bool guarded;
    qty_t guard;
};

// The settled rows of every level of one item (each level whole): each
// level's available spread evenly over its in-use slots (retired rows keep
// none), and, for a watched item with slots whose total available is above
// threshold, guards as the header says, as even as each slot's stock
// allows. Per level, per index into its slots.
std::vector<std::vector<Settled>> settle(const std::vector<const Level*>& levels, bool watched, qty_t threshold);

}  // namespace sh::slots
