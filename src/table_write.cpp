#include "table_write.hpp"

namespace sh::table_write {

namespace {

Oid schema_oid() { return get_namespace_oid("stockhold", false); }

Oid relation_oid(const char* name) {
    Oid relid = get_relname_relid(name, schema_oid());
    if (!OidIsValid(relid)) elog(ERROR, "relation stockhold.%s is missing", name);
    return relid;
}

// The 0-based position of a column, by name.
int column_index(TupleDesc desc, const char* name) {
    for (int i = 0; i < desc->natts; ++i) {
        Form_pg_attribute att = TupleDescAttr(desc, i);
        if (!att->attisdropped && strcmp(NameStr(att->attname), name) == 0) return i;
    }
    elog(ERROR, "column \"%s\" is missing", name);
    return -1;
}

RangeTblEntry* range_entry(Statement* s, int t) { return exec_rt_fetch(Index(t + 1), s->estate); }

}  // namespace

void begin(Statement* s, const char* const* names, int n) {
    if (n > max_tables) elog(ERROR, "too many tables in one statement");
    CommandCounterIncrement();
    s->estate = CreateExecutorState();
    s->ntables = n;
    List* range = NIL;
    for (int t = 0; t < n; ++t) {
        Oid relid = relation_oid(names[t]);
        LockRelationOid(relid, RowExclusiveLock);
        RangeTblEntry* rte = makeNode(RangeTblEntry);
        rte->rtekind = RTE_RELATION;
        rte->relid = relid;
        rte->relkind = RELKIND_RELATION;
        rte->rellockmode = RowExclusiveLock;
        range = lappend(range, rte);
    }
    EState* estate = s->estate;
    ExecInitRangeTable(estate, range);
    estate->es_output_cid = GetCurrentCommandId(true);
    estate->es_snapshot = GetActiveSnapshot();
    for (int t = 0; t < n; ++t) {
        Relation rel = ExecGetRangeTableRelation(estate, Index(t + 1));
        ResultRelInfo* info = makeNode(ResultRelInfo);
        InitResultRelInfo(info, rel, Index(t + 1), nullptr, 0);
        estate->es_opened_result_relations = lappend(estate->es_opened_result_relations, info);
        ExecOpenIndices(info, false);
        s->tables[t] = info;
        s->old_row[t] = table_slot_create(rel, &estate->es_tupleTable);
        s->new_row[t] = ExecInitExtraTupleSlot(estate, RelationGetDescr(rel), &TTSOpsVirtual);
    }
    AfterTriggerBeginQuery();
}

void fetch(Statement* s, int t, ItemPointer tid) {
    if (!table_tuple_fetch_row_version(s->tables[t]->ri_RelationDesc, tid, SnapshotAny, s->old_row[t]))
        elog(ERROR, "row (%u,%u) of %s is missing", ItemPointerGetBlockNumber(tid), ItemPointerGetOffsetNumber(tid),
             RelationGetRelationName(s->tables[t]->ri_RelationDesc));
}

Datum old_value(Statement* s, int t, const char* column) {
    TupleTableSlot* old = s->old_row[t];
    bool isnull = false;
    Datum value = slot_getattr(old, column_index(old->tts_tupleDescriptor, column) + 1, &isnull);
    if (isnull) elog(ERROR, "column \"%s\" is null", column);
    return value;
}

void insert(Statement* s, int t, const Column* columns, int n) {
    TupleTableSlot* slot = s->new_row[t];
    TupleDesc desc = slot->tts_tupleDescriptor;
    ExecClearTuple(slot);
    int given = 0;
    for (int i = 0; i < desc->natts; ++i) {
        slot->tts_isnull[i] = true;
        slot->tts_values[i] = Datum(0);
        Form_pg_attribute att = TupleDescAttr(desc, i);
        if (att->attisdropped) continue;
        int c = 0;
        while (c < n && strcmp(columns[c].name, NameStr(att->attname)) != 0) ++c;
        if (c == n) elog(ERROR, "column \"%s\" of %s is not written", NameStr(att->attname), RelationGetRelationName(s->tables[t]->ri_RelationDesc));
        slot->tts_values[i] = columns[c].value;
        slot->tts_isnull[i] = columns[c].null;
        ++given;
    }
    if (given != n) elog(ERROR, "unknown column written to %s", RelationGetRelationName(s->tables[t]->ri_RelationDesc));
    ExecStoreVirtualTuple(slot);
    ItemPointerSetInvalid(&slot->tts_tid);
    ExecSimpleRelationInsert(s->tables[t], s->estate, slot);
    // A BEFORE trigger that returns NULL skips the row: not for these tables.
    if (!ItemPointerIsValid(&slot->tts_tid)) elog(ERROR, "a trigger skipped an insert into %s", RelationGetRelationName(s->tables[t]->ri_RelationDesc));
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
             ItemPointerGetOffsetNumber(&old->tts_tid), RelationGetRelationName(s->tables[t]->ri_RelationDesc));
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

int64 next_id(const char* sequence) { return nextval_internal(relation_oid(sequence), false); }

Datum enum_value(Statement* s, int t, const char* column, const char* label) {
    TupleDesc desc = RelationGetDescr(s->tables[t]->ri_RelationDesc);
    Oid type = TupleDescAttr(desc, column_index(desc, column))->atttypid;
    return DirectFunctionCall2(enum_in, CStringGetDatum(label), ObjectIdGetDatum(type));
}

}  // namespace sh::table_write
