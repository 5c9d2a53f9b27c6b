// A hold's slot (core/slots.hpp): among the slots of a hot item's level, one
// that covers the hold, locked without queueing behind the other holds.
//
// Plain function: it may raise a PostgreSQL error, so callers run it inside
// one pg_guard. The row returned lives in the caller's memory context.
#pragma once

#include "rows/level_rows.hpp"

namespace sh::slot_pick {

// Locks one in-use slot of the item's level at location_id that covers qty
// (numeric): available >= qty and, for a watched level, available - qty >=
// the slot's guard, which must be set. Slots are tried from home round. The
// very version read is locked, and a slot another transaction has locked or
// changed since it was read is skipped, so no slot is ever held that does
// not cover. The home slot (home modulo slot_count, the count as the caller
// read it) is read and tried alone first, so that a hold that finds its slot
// free reads one row. Only when every covering slot is busy does it wait,
// for one of them, in a subtransaction that lets it go again if it no longer
// covers after the wait; then it reads the slots again. Null when no slot
// covers qty (or after a few such rounds): the caller decides on the whole
// level.
level_rows::Row* pick(int64 item_id, int32 location_id, int slot_count, int home, Datum qty);

}  // namespace sh::slot_pick
