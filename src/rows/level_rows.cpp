#include "rows/level_rows.hpp"

#include "rows/relations.hpp"

namespace sh::level_rows {

namespace {

AttrNumber attnum(Relation rel, const char* name) { return relations::column(RelationGetDescr(rel), name); }

}  // namespace

void Scan::open() {
    levels = table_open(relations::lock("stock_levels", RowShareLock), NoLock);
    index = index_open(relations::lock("stock_levels_item_id_location_id_slot_key", AccessShareLock), NoLock);
    locations = table_open(relations::lock("locations", AccessShareLock), NoLock);
    found = table_slot_create(levels, nullptr);
    locked = table_slot_create(levels, nullptr);
    location = table_slot_create(locations, nullptr);
    id_ = attnum(levels, "id");
    location_att_ = attnum(levels, "location_id");
    slot_att_ = attnum(levels, "slot");
    slots_att_ = attnum(levels, "slots");
    on_hand_ = attnum(levels, "on_hand");
    reserved_ = attnum(levels, "reserved");
    guard_ = attnum(levels, "guard");
    tracked_ = attnum(levels, "lot_tracked");
    watched_ = attnum(levels, "watched");
    item_att_ = attnum(levels, "item_id");
    priority_ = attnum(locations, "priority");
    code_ = attnum(locations, "code");
}

void Scan::close() {
    ExecDropSingleTupleTableSlot(found);
    ExecDropSingleTupleTableSlot(locked);
    ExecDropSingleTupleTableSlot(location);
    table_close(locations, NoLock);
    index_close(index, NoLock);
    table_close(levels, NoLock);
}

List* Scan::rows(const Filter& f, Snapshot snapshot, bool lock) {
    List* out = NIL;
    bool xact_snapshot = IsolationUsesXactSnapshot();
    int32 after_location = -1;  // rows up to here are done (a restart skips them)
    int16 after_slot = -1;
    int32 past_location = 0;    // a restart may start after this location
    bool own_snapshot = false;
    for (bool restart = true; restart;) {
        restart = false;
        ScanKeyData keys[3];
        int nkeys = 0;
        ScanKeyInit(&keys[nkeys++], 1, BTEqualStrategyNumber, F_INT8EQ, Int64GetDatum(f.item_id));
        if (f.location_id != 0)
            ScanKeyInit(&keys[nkeys++], 2, BTEqualStrategyNumber, F_INT4EQ, Int32GetDatum(f.location_id));
        else if (past_location != 0)
            ScanKeyInit(&keys[nkeys++], 2, BTGreaterStrategyNumber, F_INT4GT, Int32GetDatum(past_location));
        if (f.slot >= 0) ScanKeyInit(&keys[nkeys++], 3, BTEqualStrategyNumber, F_INT2EQ, Int16GetDatum(f.slot));
        IndexScanDesc scan = index_beginscan(levels, index, snapshot, nkeys, 0);
        index_rescan(scan, keys, nkeys, nullptr, 0);
        while (index_getnext_slot(scan, ForwardScanDirection, found)) {
            int32 location_id = DatumGetInt32(relations::value(found, location_att_));
            int16 slot = DatumGetInt16(relations::value(found, slot_att_));
            if (location_id < after_location || (location_id == after_location && slot <= after_slot)) continue;
            TupleTableSlot* row = found;
            if (lock) {
                TM_FailureData failure;
                TM_Result result =
                    table_tuple_lock(levels, &found->tts_tid, snapshot, locked, GetCurrentCommandId(false),
                                     LockTupleExclusive, LockWaitBlock, xact_snapshot ? 0 : TUPLE_LOCK_FLAG_FIND_LAST_VERSION,
                                     &failure);
                if (result == TM_Deleted && !xact_snapshot) continue;  // gone before we got it: as FOR UPDATE skips it
                if (result == TM_Updated || result == TM_Deleted)
                    ereport(ERROR, (errcode(ERRCODE_T_R_SERIALIZATION_FAILURE),
                                    errmsg("could not serialize access due to concurrent update")));
                if (result != TM_Ok) elog(ERROR, "unexpected result %d locking a stock level", int(result));
                // A newer version found under READ COMMITTED is checked again, as EvalPlanQual would.
                if (DatumGetInt64(relations::value(locked, item_att_)) != f.item_id) continue;
                row = locked;
                // Rows added while we waited (set_slots) are not in this
                // snapshot: go on with a new one after this row.
                restart = failure.traversed;
            }
            Row* r = read_row(row, f.item_id, snapshot);
            out = lappend(out, r);
            after_location = location_id;
            after_slot = slot;
            if (restart) break;
            if (f.first_of_slotted && f.location_id == 0 && r->slot == 0 && r->slot_count > 1) {
                past_location = location_id;  // the level's other slots: go on at the next location
                restart = true;
                break;
            }
        }
        index_endscan(scan);
        if (restart && lock) {
            if (own_snapshot) UnregisterSnapshot(snapshot);
            snapshot = relations::statement_snapshot();
            own_snapshot = true;
        }
    }
    if (own_snapshot) UnregisterSnapshot(snapshot);
    return out;
}

Row* Scan::read_row(TupleTableSlot* slot, int64 item_id, Snapshot snapshot) {
    Row* row = static_cast<Row*>(palloc(sizeof(Row)));
    row->id = DatumGetInt64(relations::value(slot, id_));
    row->item_id = item_id;
    row->location_id = DatumGetInt32(relations::value(slot, location_att_));
    row->slot = DatumGetInt16(relations::value(slot, slot_att_));
    row->slot_count = DatumGetInt16(relations::value(slot, slots_att_));
    row->on_hand = datumCopy(relations::value(slot, on_hand_), false, -1);
    row->reserved = datumCopy(relations::value(slot, reserved_), false, -1);
    bool guard_null = false;
    Datum guard = slot_getattr(slot, guard_, &guard_null);
    row->guarded = !guard_null;
    row->guard = guard_null ? Datum(0) : datumCopy(guard, false, -1);
    row->lot_tracked = DatumGetBool(relations::value(slot, tracked_));
    row->watched = DatumGetBool(relations::value(slot, watched_));
    row->tid = slot->tts_tid;
    if (row->location_id != last_location_) {
        ScanKeyData by_id;
        ScanKeyInit(&by_id, 1, BTEqualStrategyNumber, F_INT4EQ, Int32GetDatum(row->location_id));
        if (!relations::find_one(locations, "locations_pkey", &by_id, snapshot, location))
            elog(ERROR, "location %d of stock level %lld is missing", row->location_id, static_cast<long long>(row->id));
        last_location_ = row->location_id;
        last_priority_ = DatumGetInt32(relations::value(location, priority_));
        last_code_ = DatumGetTextPCopy(relations::value(location, code_));
    }
    row->priority = last_priority_;
    row->location_code = last_code_;
    return row;
}

}  // namespace sh::level_rows
