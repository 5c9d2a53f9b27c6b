#include "rows/level_scan.hpp"

#include "rows/relations.hpp"

namespace sh::level_scan {

namespace {

AttrNumber attnum(Relation rel, const char* name) { return relations::column(RelationGetDescr(rel), name); }

// The id of the item with that sku as snapshot sees it; 0 if none.
int64 item_id_of(const char* sku, int len, Snapshot snapshot) {
    Relation items = table_open(relations::lock("items", AccessShareLock), NoLock);
    TupleTableSlot* slot = table_slot_create(items, nullptr);
    ScanKeyData key;
    ScanKeyInit(&key, 1, BTEqualStrategyNumber, F_TEXTEQ, PointerGetDatum(cstring_to_text_with_len(sku, len)));
    int64 id = 0;
    if (relations::find_one(items, "items_sku_key", &key, snapshot, slot))
        id = DatumGetInt64(relations::value(slot, attnum(items, "id")));
    ExecDropSingleTupleTableSlot(slot);
    table_close(items, NoLock);
    return id;
}

// Every level of the item, found in snapshot, and locked if lock.
List* scan_levels(int64 item_id, Snapshot snapshot, bool lock) {
    Relation levels = table_open(relations::lock("stock_levels", RowShareLock), NoLock);
    Relation by_item = index_open(relations::lock("stock_levels_item_id_location_id_key", AccessShareLock), NoLock);
    Relation locations = table_open(relations::lock("locations", AccessShareLock), NoLock);
    TupleTableSlot* found = table_slot_create(levels, nullptr);
    TupleTableSlot* locked = table_slot_create(levels, nullptr);
    TupleTableSlot* location = table_slot_create(locations, nullptr);
    AttrNumber id_att = attnum(levels, "id"), item_att = attnum(levels, "item_id"),
               location_att = attnum(levels, "location_id"), on_hand_att = attnum(levels, "on_hand"),
               reserved_att = attnum(levels, "reserved"), tracked_att = attnum(levels, "lot_tracked"),
               priority_att = attnum(locations, "priority"), code_att = attnum(locations, "code");
    bool xact_snapshot = IsolationUsesXactSnapshot();

    ScanKeyData key;
    ScanKeyInit(&key, 1, BTEqualStrategyNumber, F_INT8EQ, Int64GetDatum(item_id));
    IndexScanDesc scan = index_beginscan(levels, by_item, snapshot, 1, 0);
    index_rescan(scan, &key, 1, nullptr, 0);
    List* rows = NIL;
    while (index_getnext_slot(scan, ForwardScanDirection, found)) {
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
            if (DatumGetInt64(relations::value(locked, item_att)) != item_id) continue;
        } else {
            ExecCopySlot(locked, found);
        }

        Row* row = static_cast<Row*>(palloc(sizeof(Row)));
        row->id = DatumGetInt64(relations::value(locked, id_att));
        row->item_id = item_id;
        row->location_id = DatumGetInt32(relations::value(locked, location_att));
        row->on_hand = datumCopy(relations::value(locked, on_hand_att), false, -1);
        row->reserved = datumCopy(relations::value(locked, reserved_att), false, -1);
        row->lot_tracked = DatumGetBool(relations::value(locked, tracked_att));
        row->tid = locked->tts_tid;
        ScanKeyData by_id;
        ScanKeyInit(&by_id, 1, BTEqualStrategyNumber, F_INT4EQ, Int32GetDatum(row->location_id));
        if (!relations::find_one(locations, "locations_pkey", &by_id, snapshot, location))
            elog(ERROR, "location %d of stock level %lld is missing", row->location_id, static_cast<long long>(row->id));
        row->priority = DatumGetInt32(relations::value(location, priority_att));
        row->location_code = DatumGetTextPCopy(relations::value(location, code_att));
        rows = lappend(rows, row);
    }
    index_endscan(scan);
    ExecDropSingleTupleTableSlot(found);
    ExecDropSingleTupleTableSlot(locked);
    ExecDropSingleTupleTableSlot(location);
    table_close(locations, NoLock);
    index_close(by_item, NoLock);
    table_close(levels, NoLock);
    return rows;
}

}  // namespace

List* lock_levels(int64 item_id) {
    Snapshot snapshot = relations::statement_snapshot();
    List* rows = scan_levels(item_id, snapshot, true);
    UnregisterSnapshot(snapshot);
    return rows;
}

List* levels_of_sku(const char* sku, int len, bool lock, int64* item_id) {
    Snapshot snapshot = relations::statement_snapshot();
    *item_id = item_id_of(sku, len, snapshot);
    List* rows = *item_id != 0 ? scan_levels(*item_id, snapshot, lock) : NIL;
    UnregisterSnapshot(snapshot);
    return rows;
}

}  // namespace sh::level_scan
