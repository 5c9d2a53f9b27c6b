// holds_guard (BEFORE, on holds): a hold's qty is positive, and it has an
// ended_at exactly when it is not active.
#include "bridge/boundary.hpp"
#include "triggers/trigger_rows.hpp"

namespace sh {

namespace {

using namespace trigger_rows;  // the row the trigger fires for

// A hold's own rules, for every row however it is written: qty > 0, and it
// has an ended_at exactly when it is no longer active. Checked here rather
// than by CHECK constraints for the reason given at check_bounds.
Datum guard_holds(FunctionCallInfo fcinfo) {
    TriggerData* td = trigger_data(fcinfo);
    TupleDesc desc = td->tg_relation->rd_att;
    HeapTuple row = TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? td->tg_newtuple : td->tg_trigtuple;
    int qty_col = column(desc, "qty"), status_col = column(desc, "status"), ended_col = column(desc, "ended_at");
    bool qty_null = false, status_null = false, ended_null = false;
    Datum qty = pg_guard([&] { return heap_getattr(row, qty_col, desc, &qty_null); });
    Datum status = pg_guard([&] { return heap_getattr(row, status_col, desc, &status_null); });
    pg_guard([&] { return heap_getattr(row, ended_col, desc, &ended_null); });
    if (qty_null || status_null) return PointerGetDatum(row);  // NOT NULL says so (23502)
    if (!numeric_less(numeric_zero(), qty))
        fail(Code::check_violation, "new row for relation \"holds\" violates qty > 0", "qty " + numeric_text(qty) + ".");
    bool active = pg_guard([&] { return strcmp(DatumGetCString(DirectFunctionCall1(enum_out, status)), "active") == 0; });
    if (active != ended_null)
        fail(Code::check_violation, "new row for relation \"holds\" violates its rule that ended_at is set exactly when the hold is not active");
    return PointerGetDatum(row);
}

}  // namespace

}  // namespace sh

SH_FUNCTION(sh_holds_guard, sh::guard_holds)
// The symbol released versions' scripts (1.0 to 1.2) name; see schema/upgrade/stockhold--1.2--1.3.sql.
SH_FUNCTION(holds_guard, sh::guard_holds)
