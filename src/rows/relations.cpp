#include "rows/relations.hpp"

namespace sh::relations {

namespace {

// Looking a name up in the syscache twice (schema, then relation) cost a
// hold about 3% of its instructions. Names are few: an open-addressed table
// of plain static data, living as long as the backend, like the syscache.
struct Cached {
    char name[NAMEDATALEN];  // empty: a free slot
    Oid oid;
};
constexpr uint32 cache_size = 128;  // a power of two, well above stockhold's relation count
Cached cache[cache_size];
int cached = 0;
Oid schema = InvalidOid;
// Counts forget() calls: a lookup or lock that saw it move may hold a stale OID.
uint64 generation = 0;

// The slot of name: where it is, or the free slot where it would go.
Cached& slot_of(const char* name) {
    uint32 h = 2166136261u;  // FNV-1a
    for (const char* c = name; *c; ++c) h = (h ^ uint32(static_cast<unsigned char>(*c))) * 16777619u;
    for (uint32 i = h;; ++i) {
        Cached& c = cache[i & (cache_size - 1)];
        if (c.name[0] == '\0' || strcmp(c.name, name) == 0) return c;
    }
}

// Column numbers by name: every write and read looks a few dozen up, each a
// linear search of the tuple descriptor. Keyed by the relation's row type
// and the name's address (callers pass string literals), emptied by
// forget_columns() whenever a relation changes.
struct ColumnCached {
    const char* name;
    Oid type;  // InvalidOid: a free slot
    AttrNumber attno;
};
constexpr uint32 columns_size = 512;  // a power of two; filled to half at most
ColumnCached columns[columns_size];
uint32 columns_cached = 0;

}  // namespace

void forget_columns() {
    if (columns_cached > 0) memset(columns, 0, sizeof columns);
    columns_cached = 0;
}

void forget() {
    if (cached > 0) memset(cache, 0, sizeof cache);
    cached = 0;
    schema = InvalidOid;
    ++generation;
}

Oid oid(const char* name) {
    size_t len = strlen(name);
    if (len == 0 || len >= NAMEDATALEN) elog(ERROR, "relation name \"%s\" is not valid", name);
    Cached& slot = slot_of(name);
    if (slot.name[0] != '\0') return slot.oid;
    uint64 before = generation;
    Oid ns = OidIsValid(schema) ? schema : get_namespace_oid("stockhold", false);
    Oid relid = get_relname_relid(name, ns);
    if (!OidIsValid(relid)) elog(ERROR, "relation stockhold.%s is missing", name);
    // Kept only if no invalidation arrived during the catalog reads above.
    if (generation == before) {
        schema = ns;
        // Half full at most, so probing always ends at a free slot.
        if (cached < int(cache_size / 2)) {
            memcpy(slot.name, name, len + 1);
            slot.oid = relid;
            ++cached;
        }
    }
    return relid;
}

Oid lock(const char* name, LOCKMODE mode) {
    Oid held = InvalidOid;
    for (;;) {
        uint64 before = generation;
        Oid relid = oid(name);
        if (relid == held) return relid;  // names changed, but not this one
        if (OidIsValid(held)) UnlockRelationOid(held, mode);
        // Taking a new lock reads pending invalidations (which may forget()).
        LockRelationOid(relid, mode);
        if (generation == before) return relid;
        held = relid;
    }
}

AttrNumber column_or_zero(TupleDesc desc, const char* name) {
    Oid type = desc->tdtypeid;
    if (type == InvalidOid || type == RECORDOID) return AttrNumber(Max(SPI_fnumber(desc, name), 0));
    uint32 h = (uint32(type) * 2654435761u) ^ uint32(reinterpret_cast<uintptr_t>(name) >> 3);
    uint32 i = h;
    for (;; ++i) {
        const ColumnCached& c = columns[i & (columns_size - 1)];
        if (c.type == InvalidOid) break;
        if (c.type == type && c.name == name) return c.attno;
    }
    AttrNumber attno = AttrNumber(Max(SPI_fnumber(desc, name), 0));
    if (attno > 0 && columns_cached < columns_size / 2) {
        columns[i & (columns_size - 1)] = {name, type, attno};
        ++columns_cached;
    }
    return attno;
}

AttrNumber column(TupleDesc desc, const char* name) {
    AttrNumber attno = column_or_zero(desc, name);
    if (attno <= 0) elog(ERROR, "column \"%s\" is missing", name);
    return attno;
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
    Relation idx = index_open(lock(index, AccessShareLock), NoLock);
    key->sk_collation = idx->rd_indcollation[0];
    IndexScanDesc scan = index_beginscan(table, idx, snapshot, 1, 0);
    index_rescan(scan, key, 1, nullptr, 0);
    bool found = index_getnext_slot(scan, ForwardScanDirection, slot);
    index_endscan(scan);
    index_close(idx, NoLock);
    return found;
}

KeyTaken probe_key(Relation table, Relation index, RegProcedure eq, Datum key, bool wait, TupleTableSlot* slot) {
    for (;;) {
        SnapshotData dirty;
        InitDirtySnapshot(dirty);
        ScanKeyData scan_key;
        ScanKeyInit(&scan_key, 1, BTEqualStrategyNumber, eq, key);
        scan_key.sk_collation = index->rd_indcollation[0];
        IndexScanDesc scan = index_beginscan(table, index, &dirty, 1, 0);
        index_rescan(scan, &scan_key, 1, nullptr, 0);
        bool found = index_getnext_slot(scan, ForwardScanDirection, slot);
        TransactionId other = TransactionIdIsValid(dirty.xmin) ? dirty.xmin : dirty.xmax;
        index_endscan(scan);
        if (!found) return KeyTaken::no;
        if (TransactionIdIsValid(other)) {
            if (!wait) return KeyTaken::in_progress;
            XactLockTableWait(other, table, &slot->tts_tid, XLTW_InsertIndex);
            continue;
        }
        if (IsolationUsesXactSnapshot() && !table_tuple_satisfies_snapshot(table, slot, GetTransactionSnapshot()))
            ereport(ERROR, (errcode(ERRCODE_T_R_SERIALIZATION_FAILURE),
                            errmsg("could not serialize access due to concurrent update")));
        return KeyTaken::yes;
    }
}

KeyTaken probe_key(const char* table, const char* index, RegProcedure eq, Datum key, bool wait) {
    Relation rel = table_open(lock(table, AccessShareLock), NoLock);
    Relation idx = index_open(lock(index, AccessShareLock), NoLock);
    TupleTableSlot* slot = table_slot_create(rel, nullptr);
    KeyTaken taken = probe_key(rel, idx, eq, key, wait, slot);
    ExecDropSingleTupleTableSlot(slot);
    index_close(idx, NoLock);
    table_close(rel, NoLock);
    return taken;
}

}  // namespace sh::relations
