#include "rows/level_scan.hpp"

#include "rows/relations.hpp"

namespace sh::level_scan {

namespace {

// The id of the item with that sku as snapshot sees it; 0 if none.
int64 item_id_of(const char* sku, int len, Snapshot snapshot) {
    Relation items = table_open(relations::lock("items", AccessShareLock), NoLock);
    TupleTableSlot* slot = table_slot_create(items, nullptr);
    ScanKeyData key;
    ScanKeyInit(&key, 1, BTEqualStrategyNumber, F_TEXTEQ, PointerGetDatum(cstring_to_text_with_len(sku, len)));
    int64 id = 0;
    if (relations::find_one(items, "items_sku_key", &key, snapshot, slot))
        id = DatumGetInt64(relations::value(slot, relations::column(RelationGetDescr(items), "id")));
    ExecDropSingleTupleTableSlot(slot);
    table_close(items, NoLock);
    return id;
}

List* locked_rows(const level_rows::Filter& f) {
    Snapshot snapshot = relations::statement_snapshot();
    level_rows::Scan scan;
    scan.open();
    List* rows = scan.rows(f, snapshot, true);
    scan.close();
    UnregisterSnapshot(snapshot);
    return rows;
}

}  // namespace

List* lock_levels(int64 item_id) { return locked_rows({item_id, 0, -1}); }

List* lock_level(int64 item_id, int32 location_id) { return locked_rows({item_id, location_id, -1}); }

Row* lock_slot(int64 item_id, int32 location_id, int16 slot) {
    List* rows = locked_rows({item_id, location_id, slot});
    return rows == NIL ? nullptr : static_cast<Row*>(linitial(rows));
}

List* rows_of_sku(const char* sku, int len, int64* item_id) {
    Snapshot snapshot = relations::statement_snapshot();
    *item_id = item_id_of(sku, len, snapshot);
    List* rows = NIL;
    if (*item_id != 0) {
        level_rows::Scan scan;
        scan.open();
        rows = scan.rows({*item_id, 0, -1, true}, snapshot, false);
        scan.close();
    }
    UnregisterSnapshot(snapshot);
    return rows;
}

}  // namespace sh::level_scan
