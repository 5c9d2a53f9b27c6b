// locations_restore_default (BEFORE INSERT on locations): pg_restore's copy
// of the install-time 'default' location updates the row that CREATE
// EXTENSION made, so its name and priority survive a dump and restore.
#include "bridge/boundary.hpp"
#include "bridge/spi.hpp"
#include "triggers/trigger_rows.hpp"

namespace sh {

namespace {

using namespace trigger_rows;  // the row the trigger fires for

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

SH_FUNCTION(sh_locations_restore_default, sh::restore_default_location)
// The symbol released versions' scripts (1.0 to 1.2) name; see schema/upgrade/stockhold--1.2--1.3.sql.
SH_FUNCTION(locations_restore_default, sh::restore_default_location)
