// stockhold's triggers, in C++:
//  stock_levels_guard (BEFORE, on stock_levels and on lots): refuses
//    on_hand/reserved changes that do not come from the stock-level module
//    (SH020), except a superuser's INSERT (pg_restore) and repairs under
//    stockhold.allow_direct_writes, and keeps available exact;
//  stock_levels_alert (AFTER): re-decides the item's low-stock alert when its
//    available stock changed;
//  holds_guard (BEFORE, on holds): a hold's qty is positive and it has an
//    ended_at exactly when it is not active;
//  ledger_append_only: refuses UPDATE, DELETE and TRUNCATE of the ledger;
//  locations_restore_default (BEFORE INSERT on locations): pg_restore's copy
//    of the install-time 'default' location updates the row that CREATE
//    EXTENSION made, so its name and priority survive a dump and restore.
#include "bridge/boundary.hpp"
#include "bridge/settings.hpp"
#include "bridge/spi.hpp"
#include "stock/alerts.hpp"
#include "stock/write_scope.hpp"

namespace sh {

namespace {

TriggerData* trigger_data(FunctionCallInfo fcinfo) {
    if (!CALLED_AS_TRIGGER(fcinfo)) fail(Code::internal, "stockhold trigger function called outside a trigger");
    return reinterpret_cast<TriggerData*>(fcinfo->context);
}

bool repair_allowed() { return settings::allow_direct_writes && superuser(); }
bool direct_writes_allowed() { return write_scope::active() || repair_allowed(); }

// pg_restore loads stock_levels (a pg_extension_config_dump table) with
// COPY as a superuser; CREATE EXTENSION needs one anyway. Such rows are
// checked by check_invariants() against the restored holds and ledger.
bool restore_insert_allowed() { return superuser(); }

[[noreturn]] void refuse_direct_write(Relation rel) {
    fail(Code::direct_write, std::string("direct writes to stockhold.") + RelationGetRelationName(rel) + " are refused",
         "on_hand and reserved change only through stockhold's functions (receive, adjust, hold, release, fulfil, ...).",
         "Use stockhold.adjust() for a stock take. For a repair, a superuser may SET stockhold.allow_direct_writes = on.");
}

int column(TupleDesc desc, const char* name) {
    int attno = pg_guard([&] { return SPI_fnumber(desc, name); });
    if (attno <= 0) fail(Code::internal, std::string("the trigger's table has no column ") + name);
    return attno;
}

Datum get(HeapTuple tuple, TupleDesc desc, int attno) {
    bool isnull = false;
    Datum d = pg_guard([&] { return heap_getattr(tuple, attno, desc, &isnull); });
    if (isnull) fail(Code::bad_input, "stock level quantities must not be NULL");
    return d;
}

bool numeric_equal(Datum a, Datum b) {
    return pg_guard([&] { return DatumGetBool(DirectFunctionCall2(numeric_eq, a, b)); });
}

Datum zero() {
    return pg_guard([] { return NumericGetDatum(int64_to_numeric(0)); });
}

bool numeric_less(Datum a, Datum b) {
    return pg_guard([&] { return DatumGetBool(DirectFunctionCall2(numeric_lt, a, b)); });
}

std::string numeric_text(Datum d) {
    return pg_guard([&] { return DatumGetCString(DirectFunctionCall1(numeric_out, d)); });
}

// 0 <= reserved <= on_hand, for every row however it is written (repairs and
// restores included). A CHECK constraint would say the same, but PostgreSQL
// parses and plans CHECK expressions again for every statement that writes
// the table: on the hold path that cost more than the rest of this trigger.
void check_bounds(Relation rel, Datum on_hand, Datum reserved) {
    if (!numeric_less(reserved, zero()) && !numeric_less(on_hand, reserved)) return;
    fail(Code::check_violation,
         std::string("new row for relation \"") + RelationGetRelationName(rel) + "\" violates 0 <= reserved <= on_hand",
         "on_hand " + numeric_text(on_hand) + ", reserved " + numeric_text(reserved) + ".");
}

Datum guard_levels(FunctionCallInfo fcinfo) {
    TriggerData* td = trigger_data(fcinfo);
    TupleDesc desc = td->tg_relation->rd_att;
    if (TRIGGER_FIRED_BY_DELETE(td->tg_event)) {
        if (!direct_writes_allowed()) refuse_direct_write(td->tg_relation);
        return PointerGetDatum(td->tg_trigtuple);
    }
    bool is_update = TRIGGER_FIRED_BY_UPDATE(td->tg_event);
    HeapTuple tuple = is_update ? td->tg_newtuple : td->tg_trigtuple;
    int on_hand_col = column(desc, "on_hand"), reserved_col = column(desc, "reserved");
    int available_col = column(desc, "available");
    Datum on_hand = get(tuple, desc, on_hand_col), reserved = get(tuple, desc, reserved_col);
    if (!direct_writes_allowed()) {
        bool changed;
        if (is_update) {
            HeapTuple old = td->tg_trigtuple;
            changed = !numeric_equal(on_hand, get(old, desc, on_hand_col)) ||
                      !numeric_equal(reserved, get(old, desc, reserved_col));
        } else {
            changed = (!numeric_equal(on_hand, zero()) || !numeric_equal(reserved, zero())) && !restore_insert_allowed();
        }
        if (changed) refuse_direct_write(td->tg_relation);
    }
    check_bounds(td->tg_relation, on_hand, reserved);
    Datum available = pg_guard([&] {
        return DirectFunctionCall1(numeric_trim_scale, DirectFunctionCall2(numeric_sub, on_hand, reserved));
    });
    int cols[1] = {available_col};
    Datum values[1] = {available};
    bool nulls[1] = {false};
    Relation rel = td->tg_relation;
    return pg_guard([&] { return PointerGetDatum(heap_modify_tuple_by_cols(tuple, RelationGetDescr(rel), 1, cols, values, nulls)); });
}

Datum alert_levels(FunctionCallInfo fcinfo) {
    TriggerData* td = trigger_data(fcinfo);
    // Rows restored by pg_restore come with their alerts table as it was.
    if (!direct_writes_allowed()) return PointerGetDatum(nullptr);
    TupleDesc desc = td->tg_relation->rd_att;
    HeapTuple tuple = TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? td->tg_newtuple : td->tg_trigtuple;
    int available_col = column(desc, "available");
    if (TRIGGER_FIRED_BY_UPDATE(td->tg_event)) {
        if (numeric_equal(get(td->tg_trigtuple, desc, available_col), get(tuple, desc, available_col)))
            return PointerGetDatum(nullptr);
    }
    int64 item_id = DatumGetInt64(get(tuple, desc, column(desc, "item_id")));
    // Without a threshold there is no alert to keep (upsert_item clears it when
    // removing one, after locking the item's levels): skip the item lock, and
    // the SPI connection.
    if (!alerts::watched(item_id)) return PointerGetDatum(nullptr);
    spi::Connection spi;
    alerts::evaluate(item_id);
    spi.finish();
    return PointerGetDatum(nullptr);
}

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
    if (!numeric_less(zero(), qty))
        fail(Code::check_violation, "new row for relation \"holds\" violates qty > 0", "qty " + numeric_text(qty) + ".");
    bool active = pg_guard([&] { return strcmp(DatumGetCString(DirectFunctionCall1(enum_out, status)), "active") == 0; });
    if (active != ended_null)
        fail(Code::check_violation, "new row for relation \"holds\" violates its rule that ended_at is set exactly when the hold is not active");
    return PointerGetDatum(row);
}

// The ledger is append-only: rows are inserted by the stock-level module
// (or restored by pg_restore) and never changed or removed.
Datum guard_ledger(FunctionCallInfo fcinfo) {
    trigger_data(fcinfo);
    fail(Code::direct_write, "stockhold.ledger is append-only", "Its rows record stock movements and never change.",
         "Record a correction with stockhold.adjust().");
}

// The dumped 'default' row arrives with the id CREATE EXTENSION gave it;
// upsert_location() never inserts an existing id (it takes a new one from the
// sequence and resolves the conflict on code), so only a restore matches here.
Datum restore_default_location(FunctionCallInfo fcinfo) {
    static spi::Plan merge(
        "UPDATE stockhold.locations SET name = $2, priority = $3, created_at = $4"
        " WHERE id = $1 AND code = 'default' RETURNING id",
        {INT4OID, TEXTOID, INT4OID, TIMESTAMPTZOID});
    TriggerData* td = trigger_data(fcinfo);
    TupleDesc desc = td->tg_relation->rd_att;
    HeapTuple row = td->tg_trigtuple;
    auto value = [&](const char* name, bool* isnull) {
        int attno = column(desc, name);
        return pg_guard([&] { return heap_getattr(row, attno, desc, isnull); });
    };
    bool id_null = false, code_null = false, name_null = false, priority_null = false, created_null = false;
    Datum code = value("code", &code_null);
    if (code_null || pg_guard([&] { return strcmp(TextDatumGetCString(code), "default"); }) != 0)
        return PointerGetDatum(row);
    Datum id = value("id", &id_null), name = value("name", &name_null);
    Datum priority = value("priority", &priority_null), created_at = value("created_at", &created_null);
    if (id_null || priority_null || created_null) return PointerGetDatum(row);  // the constraints will say why
    spi::Connection spi;
    bool merged = !spi::run(merge, {spi::datum(id), spi::datum(name, name_null), spi::datum(priority),
                                    spi::datum(created_at)})
                       .empty();
    spi.finish();
    return PointerGetDatum(merged ? nullptr : row);
}

}  // namespace

}  // namespace sh

SH_FUNCTION(locations_restore_default, sh::restore_default_location)
SH_FUNCTION(ledger_append_only, sh::guard_ledger)
SH_FUNCTION(holds_guard, sh::guard_holds)
SH_FUNCTION(stock_levels_guard, sh::guard_levels)
SH_FUNCTION(stock_levels_alert, sh::alert_levels)
