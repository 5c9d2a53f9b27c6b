// stock_levels_guard (BEFORE, on stock_levels and on lots): refuses on_hand
// and reserved changes (and, on stock_levels, changes of a row's slot, slot
// count or guard) that do not come from the stock module (SH020),
// except a superuser's INSERT (pg_restore) and repairs under
// stockhold.allow_direct_writes; refuses rows outside 0 <= reserved <=
// on_hand (23514), and keeps available exact.
#include <cstring>

#include "bridge/boundary.hpp"
#include "triggers/direct_writes.hpp"
#include "triggers/trigger_rows.hpp"

namespace sh {

namespace {

using namespace trigger_rows;  // the row the trigger fires for

// 0 <= reserved <= on_hand, for every row however it is written (repairs and
// restores included). A CHECK constraint would say the same, but PostgreSQL
// parses and plans CHECK expressions again for every statement that writes
// the table: on the hold path that cost more than the rest of this trigger.
void check_bounds(Relation rel, Datum on_hand, Datum reserved) {
    if (!numeric_less(reserved, numeric_zero()) && !numeric_less(on_hand, reserved)) return;
    fail(Code::check_violation,
         std::string("new row for relation \"") + RelationGetRelationName(rel) + "\" violates 0 <= reserved <= on_hand",
         "on_hand " + numeric_text(on_hand) + ", reserved " + numeric_text(reserved) + ".");
}

// Whether an UPDATE of a stock_levels row changes how its level is split:
// the row's slot, the level's slot count, or the row's low-stock guard.
bool slotting_changed(TriggerData* td, TupleDesc desc) {
    if (strcmp(RelationGetRelationName(td->tg_relation), "stock_levels") != 0) return false;
    for (const char* name : {"slot", "slots", "guard"}) {
        int col = column(desc, name);
        Form_pg_attribute att = TupleDescAttr(desc, col - 1);
        Datum before, after;
        bool had = value_of(td->tg_trigtuple, desc, col, &before), has = value_of(td->tg_newtuple, desc, col, &after);
        if (had != has || (had && !pg_guard([&] { return datumIsEqual(before, after, att->attbyval, att->attlen); })))
            return true;
    }
    return false;
}

Datum guard_levels(FunctionCallInfo fcinfo) {
    TriggerData* td = trigger_data(fcinfo);
    TupleDesc desc = td->tg_relation->rd_att;
    if (TRIGGER_FIRED_BY_DELETE(td->tg_event)) {
        if (!direct_writes::allowed()) direct_writes::refuse(td->tg_relation);
        return PointerGetDatum(td->tg_trigtuple);
    }
    bool is_update = TRIGGER_FIRED_BY_UPDATE(td->tg_event);
    HeapTuple tuple = is_update ? td->tg_newtuple : td->tg_trigtuple;
    int on_hand_col = column(desc, "on_hand"), reserved_col = column(desc, "reserved");
    int available_col = column(desc, "available");
    Datum on_hand = quantity(tuple, desc, on_hand_col), reserved = quantity(tuple, desc, reserved_col);
    if (!direct_writes::allowed()) {
        bool changed;
        if (is_update) {
            HeapTuple old = td->tg_trigtuple;
            changed = !numeric_equal(on_hand, quantity(old, desc, on_hand_col)) ||
                      !numeric_equal(reserved, quantity(old, desc, reserved_col)) || slotting_changed(td, desc);
        } else {
            bool stock = !numeric_equal(on_hand, numeric_zero()) || !numeric_equal(reserved, numeric_zero());
            changed = stock && !direct_writes::restore_insert_allowed();
        }
        if (changed) direct_writes::refuse(td->tg_relation);
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

}  // namespace

}  // namespace sh

SH_FUNCTION(sh_stock_levels_guard, sh::guard_levels)
// The symbol released versions' scripts (1.0 to 1.2) name; see schema/upgrade/stockhold--1.2--1.3.sql.
SH_FUNCTION(stock_levels_guard, sh::guard_levels)
