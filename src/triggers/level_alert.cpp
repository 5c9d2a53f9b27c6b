// stock_levels_alert (AFTER, on stock_levels): re-decides the item's
// low-stock alert when its available stock changed, unless the row's slot
// guard shows the alert cannot have changed (core/slots.hpp).
#include "bridge/boundary.hpp"
#include "bridge/spi.hpp"
#include "stock/alerts.hpp"
#include "stock/write_scope.hpp"
#include "triggers/direct_writes.hpp"
#include "triggers/trigger_rows.hpp"

namespace sh {

namespace {

using namespace trigger_rows;  // the row the trigger fires for

Datum alert_levels(FunctionCallInfo fcinfo) {
    TriggerData* td = trigger_data(fcinfo);
    // Rows restored by pg_restore come with their alerts table as it was.
    if (!direct_writes::allowed()) return PointerGetDatum(nullptr);
    // Stock moved between the slots of a level: the item's total is the same.
    if (write_scope::reshaping()) return PointerGetDatum(nullptr);
    TupleDesc desc = td->tg_relation->rd_att;
    HeapTuple tuple = TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? td->tg_newtuple : td->tg_trigtuple;
    // Without a threshold there is no alert to keep (upsert_item clears it when
    // removing one, after locking the item's levels): skip the item lock, and
    // the SPI connection. The level says so itself (watched, kept right by
    // upsert_item and levels::lock_at under the level's lock, which we hold).
    if (!DatumGetBool(quantity(tuple, desc, column(desc, "watched")))) return PointerGetDatum(nullptr);
    int available_col = column(desc, "available");
    if (TRIGGER_FIRED_BY_UPDATE(td->tg_event)) {
        if (numeric_equal(quantity(td->tg_trigtuple, desc, available_col), quantity(tuple, desc, available_col)))
            return PointerGetDatum(nullptr);
    }
    // A slot at or above its guard: the item's total is above its threshold,
    // so its alert is closed and stays closed.
    Datum guard;
    if (value_of(tuple, desc, column(desc, "guard"), &guard) &&
        !numeric_less(quantity(tuple, desc, available_col), guard))
        return PointerGetDatum(nullptr);
    int64 item_id = DatumGetInt64(quantity(tuple, desc, column(desc, "item_id")));
    spi::Connection spi;
    alerts::evaluate(item_id);
    spi.finish();
    return PointerGetDatum(nullptr);
}

}  // namespace

}  // namespace sh

SH_FUNCTION(sh_stock_levels_alert, sh::alert_levels)
// The symbol released versions' scripts (1.0 to 1.2) name; see schema/upgrade/stockhold--1.2--1.3.sql.
SH_FUNCTION(stock_levels_alert, sh::alert_levels)
