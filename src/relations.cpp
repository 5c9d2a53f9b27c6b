#include "relations.hpp"

namespace sh::relations {

Oid oid(const char* name) {
    Oid relid = get_relname_relid(name, get_namespace_oid("stockhold", false));
    if (!OidIsValid(relid)) elog(ERROR, "relation stockhold.%s is missing", name);
    return relid;
}

AttrNumber column(TupleDesc desc, const char* name) {
    int attno = SPI_fnumber(desc, name);
    if (attno <= 0) elog(ERROR, "column \"%s\" is missing", name);
    return AttrNumber(attno);
}

Datum value(TupleTableSlot* slot, AttrNumber att) {
    bool isnull = false;
    Datum d = slot_getattr(slot, att, &isnull);
    if (isnull) elog(ERROR, "unexpected null in %s", NameStr(TupleDescAttr(slot->tts_tupleDescriptor, att - 1)->attname));
    return d;
}

Snapshot statement_snapshot() {
    CommandCounterIncrement();
    return RegisterSnapshot(GetTransactionSnapshot());
}

bool find_one(Relation table, const char* index, ScanKeyData* key, Snapshot snapshot, TupleTableSlot* slot) {
    Relation idx = index_open(oid(index), AccessShareLock);
    key->sk_collation = idx->rd_indcollation[0];
    IndexScanDesc scan = index_beginscan(table, idx, snapshot, 1, 0);
    index_rescan(scan, key, 1, nullptr, 0);
    bool found = index_getnext_slot(scan, ForwardScanDirection, slot);
    index_endscan(scan);
    index_close(idx, NoLock);
    return found;
}

bool lookup(const char* table, const char* index, RegProcedure eq, Datum key, const char* column, Datum* value,
            bool* isnull) {
    Relation rel = table_open(oid(table), AccessShareLock);
    Snapshot snapshot = statement_snapshot();
    TupleTableSlot* slot = table_slot_create(rel, nullptr);
    ScanKeyData scan_key;
    ScanKeyInit(&scan_key, 1, BTEqualStrategyNumber, eq, key);
    bool found = find_one(rel, index, &scan_key, snapshot, slot);
    if (found) {
        AttrNumber att = relations::column(RelationGetDescr(rel), column);
        Datum d = slot_getattr(slot, att, isnull);
        Form_pg_attribute form = TupleDescAttr(RelationGetDescr(rel), att - 1);
        *value = *isnull ? Datum(0) : datumCopy(d, form->attbyval, form->attlen);
    }
    ExecDropSingleTupleTableSlot(slot);
    UnregisterSnapshot(snapshot);
    table_close(rel, NoLock);
    return found;
}

}  // namespace sh::relations
