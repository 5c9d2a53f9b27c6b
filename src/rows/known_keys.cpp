#include "rows/known_keys.hpp"

#include "rows/relations.hpp"

namespace sh::known_keys {

namespace {

// Whether constraint (a foreign key of rel) has k's columns, in order.
bool same_key(Relation rel, Oid constraint_oid, const table_write::KnownKey& k) {
    HeapTuple constraint = SearchSysCache1(CONSTROID, ObjectIdGetDatum(constraint_oid));
    if (!HeapTupleIsValid(constraint)) return false;
    bool same = false;
    Form_pg_constraint form = reinterpret_cast<Form_pg_constraint>(GETSTRUCT(constraint));
    bool isnull = true;
    Datum conkey = SysCacheGetAttr(CONSTROID, constraint, Anum_pg_constraint_conkey, &isnull);
    if (form->contype == CONSTRAINT_FOREIGN && form->conrelid == RelationGetRelid(rel) && !isnull) {
        ArrayType* columns = DatumGetArrayTypeP(conkey);
        const int16* attnums = reinterpret_cast<const int16*>(ARR_DATA_PTR(columns));
        same = ARR_NDIM(columns) == 1 && ARR_ELEMTYPE(columns) == INT2OID && !ARR_HASNULL(columns) &&
               ARR_DIMS(columns)[0] == k.ncolumns;
        for (int i = 0; same && i < k.ncolumns; ++i)
            same = attnums[i] == relations::column(RelationGetDescr(rel), k.columns[i]);
    }
    ReleaseSysCache(constraint);
    return same;
}

// same_key()'s answers, per constraint and known key (whose names are
// static text: their addresses name it), as plain static data that forget()
// empties on any relcache invalidation: a hold asks the same few questions
// every time, and each costs catalog look-ups.
struct Answer {
    const char* referenced;
    const char* columns[table_write::max_key_columns];
    int ncolumns;
    Oid constraint;
    bool same;
};
constexpr int max_answers = 32;
Answer answers[max_answers];
int answered = 0;

bool same_key_cached(Relation rel, Oid constraint, const table_write::KnownKey& k) {
    for (int i = 0; i < answered; ++i) {
        const Answer& a = answers[i];
        if (a.constraint != constraint || a.referenced != k.referenced || a.ncolumns != k.ncolumns) continue;
        bool match = true;
        for (int c = 0; match && c < k.ncolumns; ++c) match = a.columns[c] == k.columns[c];
        if (match) return a.same;
    }
    bool same = same_key(rel, constraint, k);
    if (answered < max_answers) {
        Answer& a = answers[answered++];
        a = {k.referenced, {}, k.ncolumns, constraint, same};
        for (int c = 0; c < k.ncolumns; ++c) a.columns[c] = k.columns[c];
    }
    return same;
}

// Whether tg is PostgreSQL's insert check of foreign key k of rel: the
// check function, the referenced table, and the same columns in order.
bool checks(Relation rel, const Trigger& tg, const table_write::KnownKey& k) {
    if (tg.tgfoid != F_RI_FKEY_CHECK_INS || tg.tgconstrrelid != relations::oid(k.referenced)) return false;
    return same_key_cached(rel, tg.tgconstraint, k);
}

}  // namespace

void forget() { answered = 0; }

TriggerDesc* without_checks(table_write::Statement* s, int t, const table_write::KnownKey* keys, int nkeys) {
    ResultRelInfo* info = s->tables[t];
    TriggerDesc* all = info->ri_TrigDesc;
    if (all == nullptr || nkeys == 0) return all;
    MemoryContext memory = s->estate->es_query_cxt;
    Trigger* kept = static_cast<Trigger*>(MemoryContextAlloc(memory, sizeof(Trigger) * all->numtriggers));
    int n = 0;
    bool after_insert = false;
    for (int i = 0; i < all->numtriggers; ++i) {
        const Trigger& tg = all->triggers[i];
        bool known = false;
        for (int k = 0; k < nkeys && !known; ++k) known = checks(info->ri_RelationDesc, tg, keys[k]);
        if (known) continue;
        kept[n++] = tg;
        after_insert |= TRIGGER_TYPE_MATCHES(tg.tgtype, TRIGGER_TYPE_ROW, TRIGGER_TYPE_AFTER, TRIGGER_TYPE_INSERT);
    }
    if (n == all->numtriggers) return all;
    TriggerDesc* desc = static_cast<TriggerDesc*>(MemoryContextAlloc(memory, sizeof(TriggerDesc)));
    *desc = *all;
    desc->triggers = kept;
    desc->numtriggers = n;
    desc->trig_insert_after_row = after_insert;
    return desc;
}

void check_unchanged(table_write::Statement* s, int t, TupleTableSlot* slot, const table_write::Column* columns,
                     int n, const table_write::KnownKey* keys, int nkeys) {
    TupleDesc desc = slot->tts_tupleDescriptor;
    for (int k = 0; k < nkeys; ++k)
        for (int c = 0; c < keys[k].ncolumns; ++c) {
            const char* name = keys[k].columns[c];
            int given = 0;
            while (given < n && strcmp(columns[given].name, name) != 0) ++given;
            if (given == n) elog(ERROR, "known key column \"%s\" is not written", name);
            AttrNumber att = relations::column(desc, name);
            Form_pg_attribute form = TupleDescAttr(desc, att - 1);
            bool isnull = false;
            Datum written = slot_getattr(slot, att, &isnull);
            if (isnull != columns[given].null ||
                (!isnull && !datumIsEqual(written, columns[given].value, form->attbyval, form->attlen)))
                ereport(ERROR, (errcode(ERRCODE_TRIGGERED_DATA_CHANGE_VIOLATION),
                                errmsg("a trigger changed column \"%s\" of the row stockhold inserts into %s", name,
                                       RelationGetRelationName(s->tables[t]->ri_RelationDesc)),
                                errdetail("BEFORE triggers on stockhold's tables must keep the keys it writes.")));
        }
}

}  // namespace sh::known_keys
