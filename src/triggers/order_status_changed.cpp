// order_status_changed (AFTER INSERT OR UPDATE OF the status column, on an
// application's orders table that attach_order_status() attached): acts on
// the row's order for its status (functions/order_sync.hpp). It runs as the
// role that wrote the row: the lines function with that role's rights, the
// stock work as stockhold's owner.
#include "bridge/boundary.hpp"
#include "bridge/owner_rights.hpp"
#include "bridge/spi.hpp"
#include "orders/order_sync.hpp"
#include "rows/relations.hpp"
#include "triggers/trigger_rows.hpp"

namespace sh {

namespace {

using namespace trigger_rows;  // the row the trigger fires for

// A column of the row as text (its type's output function); nullopt if NULL.
std::optional<std::string> text_of(HeapTuple tuple, TupleDesc desc, const std::string& column) {
    const char* name = column.c_str();
    int attno = pg_guard([&] { return SPI_fnumber(desc, name); });
    if (attno <= 0) fail(Code::not_attached, "the attached table has no column \"" + column + "\"");
    Datum value;
    if (!value_of(tuple, desc, attno, &value)) return std::nullopt;
    Oid type = TupleDescAttr(desc, attno - 1)->atttypid;
    const char* text = pg_guard([&] {
        Oid output;
        bool varlena;
        getTypeOutputInfo(type, &output, &varlena);
        return OidOutputFunctionCall(output, value);
    });
    return std::string(text);
}

Datum order_status_changed(FunctionCallInfo fcinfo) {
    static spi::Plan columns(
        "SELECT ref_column::text, status_column::text FROM stockhold.order_status_sources WHERE orders::oid = $1",
        {OIDOID});
    TriggerData* td = trigger_data(fcinfo);
    Relation rel = td->tg_relation;
    Oid relid = RelationGetRelid(rel);
    HeapTuple tuple = TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? td->tg_newtuple : td->tg_trigtuple;
    spi::Connection spi;
    std::string ref_column, status_column;
    {
        OwnerRights owner;
        spi::Result r = spi::run(columns, {spi::datum(ObjectIdGetDatum(relid))});
        if (r.empty()) {  // detached: the trigger is left over from a restore or by hand
            spi.finish();
            return PointerGetDatum(nullptr);
        }
        ref_column = r.text(0, 1);
        status_column = r.text(0, 2);
    }
    std::optional<std::string> ref = text_of(tuple, rel->rd_att, ref_column);
    std::optional<std::string> status = text_of(tuple, rel->rd_att, status_column);
    if (ref && status) order_sync::act(relid, *ref, *status);
    spi.finish();
    return PointerGetDatum(nullptr);
}

}  // namespace

}  // namespace sh

SH_FUNCTION(sh_order_status_changed, sh::order_status_changed)
