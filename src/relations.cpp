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

}  // namespace sh::relations
