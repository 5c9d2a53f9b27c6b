// holds_guard (BEFORE INSERT, UPDATE, DELETE on holds). A hold row is the
// record of a reservation and of how it ended, so besides its own rules
// (qty > 0, ended_at set exactly when not active: 23514, for every row
// however written) it keeps that record (SH020, as the ledger does; a
// superuser's repair under stockhold.allow_direct_writes may):
//  - no row is deleted;
//  - what it records of the reservation never changes: its order, checkout,
//    item, level, lot, created_at, created_by, held_qty (every column not
//    named below);
//  - an active row's qty only falls (a partial end), its expiry may change
//    (confirm, extend), and it ends once (status, ended_at, ended_by,
//    end_reason);
//  - an ended row changes only to record its renewal (renewed_by, once).
#include <cstring>
#include <initializer_list>
#include <string>

#include "bridge/boundary.hpp"
#include "triggers/direct_writes.hpp"
#include "triggers/trigger_rows.hpp"

namespace sh {

namespace {

using namespace trigger_rows;  // the row the trigger fires for

[[noreturn]] void refuse_change(const std::string& what) {
    fail(Code::direct_write, "stockhold.holds records reservations: " + what,
         "A hold's record changes only through stockhold's functions, and only as a hold ends.",
         "For a repair, a superuser may SET stockhold.allow_direct_writes = on.");
}

bool is_active(Datum status) {
    return pg_guard([&] { return strcmp(DatumGetCString(DirectFunctionCall1(enum_out, status)), "active") == 0; });
}

bool one_of(const char* name, std::initializer_list<const char*> names) {
    for (const char* n : names)
        if (strcmp(name, n) == 0) return true;
    return false;
}

// The record an UPDATE may change, as the header says.
void check_record(HeapTuple old_row, HeapTuple new_row, TupleDesc desc) {
    bool old_null = false, new_null = false;
    int status_col = column(desc, "status");
    bool was_active = is_active(pg_guard([&] { return heap_getattr(old_row, status_col, desc, &old_null); }));
    for (int i = 0; i < desc->natts; ++i) {
        Form_pg_attribute att = TupleDescAttr(desc, i);
        if (att->attisdropped) continue;
        Datum before = pg_guard([&] { return heap_getattr(old_row, i + 1, desc, &old_null); });
        Datum after = pg_guard([&] { return heap_getattr(new_row, i + 1, desc, &new_null); });
        if (old_null == new_null && (old_null || datumIsEqual(before, after, att->attbyval, att->attlen))) continue;
        const char* name = NameStr(att->attname);
        if (strcmp(name, "renewed_by") == 0 && old_null) continue;
        if (was_active && one_of(name, {"status", "ended_at", "ended_by", "end_reason", "expires_at"})) continue;
        if (was_active && strcmp(name, "qty") == 0 && !new_null && numeric_less(after, before)) continue;
        refuse_change(std::string(was_active ? "" : "an ended hold's ") + name + " cannot change");
    }
}

Datum guard_holds(FunctionCallInfo fcinfo) {
    TriggerData* td = trigger_data(fcinfo);
    TupleDesc desc = td->tg_relation->rd_att;
    if (TRIGGER_FIRED_BY_DELETE(td->tg_event)) {
        if (!direct_writes::repair_allowed()) refuse_change("a hold cannot be deleted");
        return PointerGetDatum(td->tg_trigtuple);
    }
    bool is_update = TRIGGER_FIRED_BY_UPDATE(td->tg_event);
    HeapTuple row = is_update ? td->tg_newtuple : td->tg_trigtuple;
    int qty_col = column(desc, "qty"), status_col = column(desc, "status"), ended_col = column(desc, "ended_at");
    bool qty_null = false, status_null = false, ended_null = false;
    Datum qty = pg_guard([&] { return heap_getattr(row, qty_col, desc, &qty_null); });
    Datum status = pg_guard([&] { return heap_getattr(row, status_col, desc, &status_null); });
    pg_guard([&] { return heap_getattr(row, ended_col, desc, &ended_null); });
    if (qty_null || status_null) return PointerGetDatum(row);  // NOT NULL says so (23502)
    if (!numeric_less(numeric_zero(), qty))
        fail(Code::check_violation, "new row for relation \"holds\" violates qty > 0", "qty " + numeric_text(qty) + ".");
    if (is_active(status) != ended_null)
        fail(Code::check_violation,
             "new row for relation \"holds\" violates its rule that ended_at is set exactly when the hold is not active");
    if (is_update && !direct_writes::repair_allowed()) check_record(td->tg_trigtuple, row, desc);
    return PointerGetDatum(row);
}

}  // namespace

}  // namespace sh

SH_FUNCTION(sh_holds_guard, sh::guard_holds)
// The symbol released versions' scripts (1.0 to 1.2) name; see schema/upgrade/stockhold--1.2--1.3.sql.
SH_FUNCTION(holds_guard, sh::guard_holds)
