#include "rows/table_write.hpp"

#include "rows/known_keys.hpp"
#include "rows/relations.hpp"

namespace sh::table_write {

namespace {

// The 0-based position of a column, by name.
int column_index(TupleDesc desc, const char* name) { return relations::column(desc, name) - 1; }

RangeTblEntry* range_entry(Statement* s, int t) { return exec_rt_fetch(Index(t + 1), s->estate); }

const char* name_of(Statement* s, int t) { return RelationGetRelationName(s->tables[t]->ri_RelationDesc); }

}  // namespace

void begin(Statement* s, const char* const* names, int n, unsigned unless_tables) {
    if (n > max_tables) elog(ERROR, "too many tables in one statement");
    CommandCounterIncrement();
    s->estate = CreateExecutorState();
    s->ntables = n;
    List* range = NIL;
    for (int t = 0; t < n; ++t) {
        Oid relid = relations::lock(names[t], RowExclusiveLock);
        RangeTblEntry* rte = makeNode(RangeTblEntry);
        rte->rtekind = RTE_RELATION;
        rte->relid = relid;
        rte->relkind = RELKIND_RELATION;
        rte->rellockmode = RowExclusiveLock;
        range = lappend(range, rte);
    }
    // No permission checks (ExecCheckRTPerms): the callers run SECURITY
    // DEFINER as the owner of these tables.
    EState* estate = s->estate;
    ExecInitRangeTable(estate, range);
    estate->es_output_cid = GetCurrentCommandId(true);
    // Only REPEATABLE READ's ON CONFLICT visibility check reads it: the
    // transaction snapshot, as the calling statement has it.
    estate->es_snapshot = GetActiveSnapshot();
    for (int t = 0; t < n; ++t) {
        Relation rel = ExecGetRangeTableRelation(estate, Index(t + 1));
        ResultRelInfo* info = makeNode(ResultRelInfo);
        InitResultRelInfo(info, rel, Index(t + 1), nullptr, 0);
        estate->es_opened_result_relations = lappend(estate->es_opened_result_relations, info);
        ExecOpenIndices(info, (unless_tables & (1u << t)) != 0);
        s->tables[t] = info;
        s->old_row[t] = table_slot_create(rel, &estate->es_tupleTable);
        s->new_row[t] = ExecInitExtraTupleSlot(estate, RelationGetDescr(rel), &TTSOpsVirtual);
    }
    AfterTriggerBeginQuery();
}

void fetch(Statement* s, int t, ItemPointer tid) {
    if (!table_tuple_fetch_row_version(s->tables[t]->ri_RelationDesc, tid, SnapshotAny, s->old_row[t]))
        elog(ERROR, "row (%u,%u) of %s is missing", ItemPointerGetBlockNumber(tid), ItemPointerGetOffsetNumber(tid),
             name_of(s, t));
}

void fetch_by_key(Statement* s, int t, const char* unique_index, int64 key) {
    Snapshot snapshot = RegisterSnapshot(GetTransactionSnapshot());
    ScanKeyData scan_key;
    ScanKeyInit(&scan_key, 1, BTEqualStrategyNumber, F_INT8EQ, Int64GetDatum(key));
    bool found = relations::find_one(s->tables[t]->ri_RelationDesc, unique_index, &scan_key, snapshot, s->old_row[t]);
    UnregisterSnapshot(snapshot);
    if (!found) elog(ERROR, "row %lld of %s is missing", static_cast<long long>(key), name_of(s, t));
}

Datum old_value(Statement* s, int t, const char* column) {
    TupleTableSlot* old = s->old_row[t];
    return relations::value(old, relations::column(old->tts_tupleDescriptor, column));
}

namespace {

// The new row of table t in s->new_row[t]; every column must be given.
TupleTableSlot* fill(Statement* s, int t, const Column* columns, int n) {
    TupleTableSlot* slot = s->new_row[t];
    TupleDesc desc = slot->tts_tupleDescriptor;
    ExecClearTuple(slot);
    int given = 0;
    for (int i = 0; i < desc->natts; ++i) {
        slot->tts_isnull[i] = true;
        slot->tts_values[i] = Datum(0);
        Form_pg_attribute att = TupleDescAttr(desc, i);
        if (att->attisdropped) continue;
        // Callers give the columns in the table's order: look there first.
        int c = given < n && strcmp(columns[given].name, NameStr(att->attname)) == 0 ? given : 0;
        if (c != given)
            while (c < n && strcmp(columns[c].name, NameStr(att->attname)) != 0) ++c;
        if (c == n) elog(ERROR, "column \"%s\" of %s is not written", NameStr(att->attname), name_of(s, t));
        slot->tts_values[i] = columns[c].value;
        slot->tts_isnull[i] = columns[c].null;
        ++given;
    }
    if (given != n) elog(ERROR, "unknown column written to %s", name_of(s, t));
    ExecStoreVirtualTuple(slot);
    ItemPointerSetInvalid(&slot->tts_tid);
    return slot;
}

// Under REPEATABLE READ a row this transaction cannot see may not decide an
// insert away (as ON CONFLICT DO NOTHING: 40001 instead).
void check_conflict_visible(Statement* s, int t, ItemPointer conflict) {
    if (!IsolationUsesXactSnapshot()) return;
    Relation rel = s->tables[t]->ri_RelationDesc;
    TupleTableSlot* existing = s->old_row[t];
    if (!table_tuple_fetch_row_version(rel, conflict, SnapshotAny, existing))
        elog(ERROR, "conflicting row of %s is missing", name_of(s, t));
    if (table_tuple_satisfies_snapshot(rel, existing, s->estate->es_snapshot)) return;
    bool isnull = false;
    TransactionId xmin = DatumGetTransactionId(slot_getsysattr(existing, MinTransactionIdAttributeNumber, &isnull));
    if (!TransactionIdIsCurrentTransactionId(xmin))
        ereport(ERROR, (errcode(ERRCODE_T_R_SERIALIZATION_FAILURE),
                        errmsg("could not serialize access due to concurrent update")));
}

}  // namespace

void insert(Statement* s, int t, const Column* columns, int n, const KnownKey* known, int nknown) {
    TupleTableSlot* slot = fill(s, t, columns, n);
    ResultRelInfo* info = s->tables[t];
    TriggerDesc* own = info->ri_TrigDesc;
    info->ri_TrigDesc = known_keys::without_checks(s, t, known, nknown);
    ExecSimpleRelationInsert(info, s->estate, slot);
    info->ri_TrigDesc = own;  // the AFTER triggers queued fire from it at finish()
    // A BEFORE trigger that returns NULL skips the row: not for these tables.
    if (!ItemPointerIsValid(&slot->tts_tid)) elog(ERROR, "a trigger skipped an insert into %s", name_of(s, t));
    known_keys::check_unchanged(s, t, slot, columns, n, known, nknown);
}

bool insert_unless(Statement* s, int t, const Column* columns, int n, const char* unique_index, Expect expect,
                   const KnownKey* known, int nknown) {
    ResultRelInfo* info = s->tables[t];
    Relation rel = info->ri_RelationDesc;
    EState* estate = s->estate;
    TupleTableSlot* slot = fill(s, t, columns, n);
    if (info->ri_TrigDesc && info->ri_TrigDesc->trig_insert_before_row && !ExecBRInsertTriggers(estate, info, slot))
        elog(ERROR, "a trigger skipped an insert into %s", name_of(s, t));
    known_keys::check_unchanged(s, t, slot, columns, n, known, nknown);
    if (rel->rd_att->constr) ExecConstraints(info, slot, estate);
    List* arbiters = list_make1_oid(relations::oid(unique_index));
    // Speculative insertion, as INSERT ... ON CONFLICT DO NOTHING does it: a
    // committed (or our own) row with the key means no insert; a row another
    // transaction is inserting is waited for; a key that appears between the
    // check and our index entry kills our row and we look again.
    for (bool look_first = expect == Expect::maybe_existing;; look_first = true) {
        ItemPointerData conflict;
        if (look_first && !ExecCheckIndexConstraints(info, slot, estate, &conflict, arbiters)) {
            check_conflict_visible(s, t, &conflict);
            return false;
        }
        uint32 token = SpeculativeInsertionLockAcquire(GetCurrentTransactionId());
        table_tuple_insert_speculative(rel, slot, estate->es_output_cid, 0, nullptr, token);
        bool conflicted = false;
        List* recheck = ExecInsertIndexTuples(info, slot, estate, false, true, &conflicted, arbiters);
        table_tuple_complete_speculative(rel, slot, token, !conflicted);
        SpeculativeInsertionLockRelease(GetCurrentTransactionId());
        if (!conflicted) {
            TriggerDesc* own = info->ri_TrigDesc;
            info->ri_TrigDesc = known_keys::without_checks(s, t, known, nknown);
            ExecARInsertTriggers(estate, info, slot, recheck, nullptr);
            info->ri_TrigDesc = own;
            list_free(recheck);
            return true;
        }
        list_free(recheck);
        CHECK_FOR_INTERRUPTS();
    }
}

relations::KeyTaken key_taken(Statement* s, int t, const char* unique_index, RegProcedure eq, Datum key, bool wait) {
    ResultRelInfo* info = s->tables[t];
    Oid wanted = relations::oid(unique_index);
    for (int i = 0; i < info->ri_NumIndices; ++i) {
        Relation index = info->ri_IndexRelationDescs[i];
        if (RelationGetRelid(index) == wanted)
            return relations::probe_key(info->ri_RelationDesc, index, eq, key, wait, s->old_row[t]);
    }
    elog(ERROR, "index %s of %s is not open", unique_index, name_of(s, t));
}

ItemPointerData update(Statement* s, int t, const Column* changed, int n) {
    TupleTableSlot* old = s->old_row[t];
    TupleTableSlot* slot = s->new_row[t];
    TupleDesc desc = slot->tts_tupleDescriptor;
    RangeTblEntry* rte = range_entry(s, t);
    slot_getallattrs(old);
    ExecClearTuple(slot);
    memcpy(slot->tts_values, old->tts_values, sizeof(Datum) * desc->natts);
    memcpy(slot->tts_isnull, old->tts_isnull, sizeof(bool) * desc->natts);
    // updatedCols says which columns an UPDATE OF trigger sees changed.
    rte->updatedCols = nullptr;
    for (int c = 0; c < n; ++c) {
        int i = column_index(desc, changed[c].name);
        slot->tts_values[i] = changed[c].value;
        slot->tts_isnull[i] = changed[c].null;
        rte->updatedCols = bms_add_member(rte->updatedCols, i + 1 - FirstLowInvalidHeapAttributeNumber);
    }
    ExecStoreVirtualTuple(slot);
    ItemPointerSetInvalid(&slot->tts_tid);
    EPQState epq;
    EvalPlanQualInit(&epq, s->estate, nullptr, NIL, -1);
    ExecSimpleRelationUpdate(s->tables[t], s->estate, &epq, old, slot);
    EvalPlanQualEnd(&epq);
    // A row already changed in this command is skipped without an error:
    // the caller's tid was stale.
    if (!ItemPointerIsValid(&slot->tts_tid))
        elog(ERROR, "row (%u,%u) of %s was not updated", ItemPointerGetBlockNumber(&old->tts_tid),
             ItemPointerGetOffsetNumber(&old->tts_tid), name_of(s, t));
    return slot->tts_tid;
}

void finish(Statement* s) {
    EState* estate = s->estate;
    AfterTriggerEndQuery(estate);
    ExecCloseResultRelations(estate);
    ExecCloseRangeTableRelations(estate);
    ExecResetTupleTable(estate->es_tupleTable, false);
    FreeExecutorState(estate);
    s->estate = nullptr;
}

int64 next_id(const char* sequence) {
    return nextval_internal(relations::lock(sequence, RowExclusiveLock), false);
}

namespace {

// Enum values already looked up, per type and label (static text, whose
// address names it): each hold writes the same few. Plain static data,
// emptied by forget() when a type changes.
struct EnumValue {
    Oid type;
    const char* label;
    Datum value;
};
constexpr int max_enum_values = 16;
EnumValue enum_values[max_enum_values];
int enum_values_known = 0;

}  // namespace

void forget() { enum_values_known = 0; }

Datum enum_value(Statement* s, int t, const char* column, const char* label) {
    TupleDesc desc = RelationGetDescr(s->tables[t]->ri_RelationDesc);
    Oid type = TupleDescAttr(desc, column_index(desc, column))->atttypid;
    for (int i = 0; i < enum_values_known; ++i)
        if (enum_values[i].type == type && enum_values[i].label == label) return enum_values[i].value;
    Datum value = DirectFunctionCall2(enum_in, CStringGetDatum(label), ObjectIdGetDatum(type));
    if (enum_values_known < max_enum_values) enum_values[enum_values_known++] = {type, label, value};
    return value;
}

}  // namespace sh::table_write
