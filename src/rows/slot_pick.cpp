#include "rows/slot_pick.hpp"

#include "rows/relations.hpp"

namespace sh::slot_pick {

namespace {

using level_rows::Row;

// Rounds of reading the slots again after a wait, before giving the caller
// the whole level: each round follows a commit of the holder waited for.
constexpr int rounds = 3;

bool covers(const Row* r, Datum qty) {
    Datum available = DirectFunctionCall2(numeric_sub, r->on_hand, r->reserved);
    if (DatumGetBool(DirectFunctionCall2(numeric_lt, available, qty))) return false;
    if (!r->watched) return true;
    if (!r->guarded) return false;
    Datum left = DirectFunctionCall2(numeric_sub, available, qty);
    return DatumGetBool(DirectFunctionCall2(numeric_ge, left, r->guard));
}

// Waits for the lock of r's newest version inside a subtransaction, and
// keeps it only if that version still covers qty: otherwise the
// subtransaction's rollback lets it go, so a wait never leaves this
// transaction holding a slot it does not take (which could deadlock with a
// hold locking every slot in order). What the subtransaction pinned is let
// go before it ends.
Row* wait_for(level_rows::Scan* scan, const Row* r, Snapshot snapshot, Datum qty) {
    MemoryContext cxt = CurrentMemoryContext;
    ResourceOwner owner = CurrentResourceOwner;
    bool xact_snapshot = IsolationUsesXactSnapshot();
    ItemPointerData tid = r->tid;
    Row* volatile kept = nullptr;  // assigned between setjmp and a possible longjmp
    // Pins taken before belong to the transaction: let them go here, not in
    // the subtransaction.
    ExecClearTuple(scan->found);
    ExecClearTuple(scan->locked);
    ExecClearTuple(scan->location);
    BeginInternalSubTransaction(nullptr);
    MemoryContextSwitchTo(cxt);
    PG_TRY();
    {
        TM_FailureData failure;
        TM_Result result = table_tuple_lock(scan->levels, &tid, snapshot, scan->locked, GetCurrentCommandId(false),
                                            LockTupleExclusive, LockWaitBlock,
                                            xact_snapshot ? 0 : TUPLE_LOCK_FLAG_FIND_LAST_VERSION, &failure);
        Row* now = result == TM_Ok ? scan->read_row(scan->locked, r->item_id, snapshot) : nullptr;
        ExecClearTuple(scan->locked);
        ExecClearTuple(scan->location);
        if (now && now->location_id == r->location_id && now->slot == r->slot && now->slot < now->slot_count &&
            covers(now, qty)) {
            kept = now;
            ReleaseCurrentSubTransaction();
        } else {
            RollbackAndReleaseCurrentSubTransaction();
        }
        MemoryContextSwitchTo(cxt);
        CurrentResourceOwner = owner;
    }
    PG_CATCH();
    {
        MemoryContextSwitchTo(cxt);
        ErrorData* error = CopyErrorData();
        FlushErrorState();
        RollbackAndReleaseCurrentSubTransaction();
        MemoryContextSwitchTo(cxt);
        CurrentResourceOwner = owner;
        ReThrowError(error);
    }
    PG_END_TRY();
    return kept;
}

// Locks r if its very version still covers qty, without waiting.
bool try_lock(level_rows::Scan* scan, Row* r, Snapshot snapshot, Datum qty, bool* busy) {
    *busy = false;
    if (!covers(r, qty)) return false;
    TM_FailureData failure;
    TM_Result result = table_tuple_lock(scan->levels, &r->tid, snapshot, scan->locked, GetCurrentCommandId(false),
                                        LockTupleExclusive, LockWaitSkip, 0, &failure);
    ExecClearTuple(scan->locked);
    *busy = result == TM_WouldBlock;
    return result == TM_Ok;  // the very version read: it covers
}

}  // namespace

Row* pick(int64 item_id, int32 location_id, int slot_count, int home, Datum qty) {
    level_rows::Scan scan;
    scan.open();
    Row* picked = nullptr;
    Snapshot snapshot = relations::statement_snapshot();
    if (slot_count > 1) {
        List* own = scan.rows({item_id, location_id, int16(home % slot_count)}, snapshot, false);
        bool busy;
        if (own != NIL && try_lock(&scan, static_cast<Row*>(linitial(own)), snapshot, qty, &busy))
            picked = static_cast<Row*>(linitial(own));
    }
    for (int round = 0; round < rounds && !picked; ++round) {
        if (round > 0) {
            UnregisterSnapshot(snapshot);
            snapshot = relations::statement_snapshot();
        }
        List* rows = scan.rows({item_id, location_id, -1}, snapshot, false);
        if (rows == NIL) break;
        // The in-use slots, tried from home round.
        int count = static_cast<Row*>(linitial(rows))->slot_count;
        Row** in_use = static_cast<Row**>(palloc0(sizeof(Row*) * size_t(Max(count, 1))));
        ListCell* cell;
        foreach (cell, rows) {
            Row* r = static_cast<Row*>(lfirst(cell));
            if (r->slot >= 0 && r->slot < count) in_use[r->slot] = r;
        }
        Row* busy = nullptr;
        bool any = false;
        for (int k = 0; k < count && !picked; ++k) {
            CHECK_FOR_INTERRUPTS();
            Row* r = in_use[(home + k) % count];
            if (!r || !covers(r, qty)) continue;
            any = true;
            bool is_busy;
            if (try_lock(&scan, r, snapshot, qty, &is_busy))
                picked = r;
            else if (!busy && is_busy)
                busy = r;
        }
        if (picked || !any) break;
        if (busy) picked = wait_for(&scan, busy, snapshot, qty);
    }
    UnregisterSnapshot(snapshot);
    scan.close();
    return picked;
}

}  // namespace sh::slot_pick
