#include "level_scan.hpp"

namespace sh::level_scan {

namespace {

Oid relation_oid(const char* name) {
    Oid relid = get_relname_relid(name, get_namespace_oid("stockhold", false));
    if (!OidIsValid(relid)) elog(ERROR, "relation stockhold.%s is missing", name);
    return relid;
}

// 1-based attribute number of a column, by name.
AttrNumber attnum(Relation rel, const char* name) {
    TupleDesc desc = RelationGetDescr(rel);
    for (int i = 0; i < desc->natts; ++i) {
        Form_pg_attribute att = TupleDescAttr(desc, i);
        if (!att->attisdropped && strcmp(NameStr(att->attname), name) == 0) return AttrNumber(i + 1);
    }
    elog(ERROR, "column \"%s\" of %s is missing", name, RelationGetRelationName(rel));
    return 0;
}

Datum value(TupleTableSlot* slot, AttrNumber att) {
    bool isnull = false;
    Datum d = slot_getattr(slot, att, &isnull);
    if (isnull) elog(ERROR, "unexpected null in %s", NameStr(TupleDescAttr(slot->tts_tupleDescriptor, att - 1)->attname));
    return d;
}

// The snapshot a new statement would use, after making the call's earlier
// writes visible to it.
Snapshot statement_snapshot() {
    CommandCounterIncrement();
    return RegisterSnapshot(GetTransactionSnapshot());
}

// Looks up the first row of `table` whose index `index` has `key` in its
// first column, into slot; false if there is none.
bool find_one(Relation table, const char* index, ScanKeyData* key, Snapshot snapshot, TupleTableSlot* slot) {
    Relation idx = index_open(relation_oid(index), AccessShareLock);
    key->sk_collation = idx->rd_indcollation[0];
    IndexScanDesc scan = index_beginscan(table, idx, snapshot, 1, 0);
    index_rescan(scan, key, 1, nullptr, 0);
    bool found = index_getnext_slot(scan, ForwardScanDirection, slot);
    index_endscan(scan);
    index_close(idx, NoLock);
    return found;
}

}  // namespace

int64 item_by_sku(const char* sku, int len) {
    Relation items = table_open(relation_oid("items"), AccessShareLock);
    Snapshot snapshot = statement_snapshot();
    TupleTableSlot* slot = table_slot_create(items, nullptr);
    ScanKeyData key;
    ScanKeyInit(&key, 1, BTEqualStrategyNumber, F_TEXTEQ, PointerGetDatum(cstring_to_text_with_len(sku, len)));
    int64 id = find_one(items, "items_sku_key", &key, snapshot, slot) ? DatumGetInt64(value(slot, attnum(items, "id"))) : 0;
    ExecDropSingleTupleTableSlot(slot);
    UnregisterSnapshot(snapshot);
    table_close(items, NoLock);
    return id;
}

List* lock_levels(int64 item_id) {
    Relation levels = table_open(relation_oid("stock_levels"), RowShareLock);
    Relation by_item = index_open(relation_oid("stock_levels_item_id_location_id_key"), AccessShareLock);
    Relation locations = table_open(relation_oid("locations"), AccessShareLock);
    Snapshot snapshot = statement_snapshot();
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
        TM_FailureData failure;
        TM_Result result =
            table_tuple_lock(levels, &found->tts_tid, snapshot, locked, GetCurrentCommandId(false), LockTupleExclusive,
                             LockWaitBlock, xact_snapshot ? 0 : TUPLE_LOCK_FLAG_FIND_LAST_VERSION, &failure);
        if (result == TM_Deleted && !xact_snapshot) continue;  // gone before we got it: as FOR UPDATE skips it
        if (result == TM_Updated || result == TM_Deleted)
            ereport(ERROR, (errcode(ERRCODE_T_R_SERIALIZATION_FAILURE),
                            errmsg("could not serialize access due to concurrent update")));
        if (result != TM_Ok) elog(ERROR, "unexpected result %d locking a stock level", int(result));
        // A newer version found under READ COMMITTED is checked again, as EvalPlanQual would.
        if (DatumGetInt64(value(locked, item_att)) != item_id) continue;

        Row* row = static_cast<Row*>(palloc(sizeof(Row)));
        row->id = DatumGetInt64(value(locked, id_att));
        row->item_id = item_id;
        row->location_id = DatumGetInt32(value(locked, location_att));
        row->on_hand = datumCopy(value(locked, on_hand_att), false, -1);
        row->reserved = datumCopy(value(locked, reserved_att), false, -1);
        row->lot_tracked = DatumGetBool(value(locked, tracked_att));
        row->tid = locked->tts_tid;
        ScanKeyData by_id;
        ScanKeyInit(&by_id, 1, BTEqualStrategyNumber, F_INT4EQ, Int32GetDatum(row->location_id));
        if (!find_one(locations, "locations_pkey", &by_id, snapshot, location))
            elog(ERROR, "location %d of stock level %lld is missing", row->location_id, static_cast<long long>(row->id));
        row->priority = DatumGetInt32(value(location, priority_att));
        row->location_code = DatumGetTextPCopy(value(location, code_att));
        rows = lappend(rows, row);
    }
    index_endscan(scan);
    ExecDropSingleTupleTableSlot(found);
    ExecDropSingleTupleTableSlot(locked);
    ExecDropSingleTupleTableSlot(location);
    UnregisterSnapshot(snapshot);
    table_close(locations, NoLock);
    index_close(by_item, NoLock);
    table_close(levels, NoLock);
    return rows;
}

}  // namespace sh::level_scan
