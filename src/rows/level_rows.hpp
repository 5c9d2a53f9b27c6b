// Reading an item's stock-level rows by index, optionally locking them as
// SELECT ... FOR UPDATE would: what level_scan and slot_pick are made of. A
// level is one row, or one row per slot (core/slots.hpp); rows come in
// (location, slot) order.
//
// Plain data and plain functions only: each may raise a PostgreSQL error, so
// callers run them inside one pg_guard. Results live in the caller's memory
// context.
#pragma once

#include "bridge/pg.hpp"

namespace sh::level_rows {

struct Row {
    int64 id;
    int64 item_id;
    int32 location_id;
    int16 slot;
    int16 slot_count;  // slots in use at the level
    Datum on_hand;     // numeric, copied
    Datum reserved;
    bool guarded;
    Datum guard;  // numeric, copied, when guarded
    bool lot_tracked;
    bool watched;
    ItemPointerData tid;  // the version read or locked
    int32 priority;       // the location's
    text* location_code;  // copied
};

// Which rows a scan reads: an item's, a level's, or one slot's.
struct Filter {
    int64 item_id;
    int32 location_id;  // 0: every location
    int16 slot;         // -1: every slot
    // Of a level split into slots, only the first row (slot 0), which says
    // where the level is and that it is slotted (not with lock).
    bool first_of_slotted = false;
};

// The relations and slots of a scan. Plain data, opened by open() and closed
// by close() (an ERROR in between leaves them to PostgreSQL's clean-up).
struct Scan {
    void open();
    void close();

    // The rows the filter selects, as snapshot sees them (a List of Row*).
    // With lock, each is locked FOR UPDATE: under READ COMMITTED the newest
    // version, and a row found updated after the wait for its lock makes the
    // scan go on with a new snapshot, so that slots added meanwhile are
    // locked too; under REPEATABLE READ an updated row is 40001.
    List* rows(const Filter& f, Snapshot snapshot, bool lock);

    // The row in slot (a version of a stock_levels row of item_id).
    Row* read_row(TupleTableSlot* slot, int64 item_id, Snapshot snapshot);

    Relation levels, index, locations;
    TupleTableSlot *found, *locked, *location;

private:
    AttrNumber id_, location_att_, slot_att_, slots_att_, on_hand_, reserved_, guard_, tracked_, watched_, item_att_,
        priority_, code_;
    int32 last_location_ = 0;
    int32 last_priority_ = 0;
    text* last_code_ = nullptr;
};

}  // namespace sh::level_rows
