// Registering what stock is about: items, locations and sales sessions.
// upsert_* state the whole definition: a repeat call replaces every field.
#include "bridge/args.hpp"
#include "bridge/boundary.hpp"
#include "bridge/spi.hpp"
#include "core/strategy.hpp"
#include "stock/alerts.hpp"
#include "stock/levels.hpp"

namespace sh {

namespace {

Datum upsert_item(FunctionCallInfo fcinfo) {
    static spi::Plan plan(
        "INSERT INTO stockhold.items AS i (sku, name, unit, low_stock_threshold, strategy) VALUES ($1, $2, $3, $4, $5)"
        " ON CONFLICT (sku) DO UPDATE SET name = excluded.name, unit = excluded.unit,"
        "   low_stock_threshold = excluded.low_stock_threshold, strategy = excluded.strategy, updated_at = now()"
        " RETURNING id",
        {TEXTOID, TEXTOID, TEXTOID, NUMERICOID, TEXTOID});
    std::string sku = args::name(fcinfo, 0, "sku");
    std::optional<std::string> name = args::opt_text(fcinfo, 1);
    std::string unit = args::name(fcinfo, 2, "unit", 50);
    std::optional<qty_t> threshold = args::opt_qty(fcinfo, 3, "low_stock_threshold");
    std::optional<std::string> strategy = args::opt_text(fcinfo, 4);
    if (strategy && !strategy_named(*strategy))
        fail(Code::bad_input, "strategy must be priority, fifo or fefo (or NULL for the stockhold.allocation_strategy setting)");
    spi::Connection spi;
    // Stock changes in flight finish first (levels, then item: the global
    // order), so the alert below is decided on every committed change.
    levels::rewatch(sku, threshold.has_value());
    spi::Result r = spi::run(plan, {spi::text(sku), name ? spi::text(*name) : spi::null(), spi::text(unit),
                                    threshold ? spi::qty(*threshold) : spi::null(),
                                    strategy ? spi::text(*strategy) : spi::null()});
    int64 id = r.int8(0, 1);
    levels::rewatch_new(id, threshold.has_value());
    alerts::evaluate(id);  // the threshold may have changed
    std::vector<Level> all = levels::lock_item(id);  // slot guards for the new threshold
    levels::settle(all, id);
    spi.finish();
    PG_RETURN_INT64(id);
}

Datum upsert_location(FunctionCallInfo fcinfo) {
    static spi::Plan plan(
        "INSERT INTO stockhold.locations (code, name, priority) VALUES ($1, $2, $3)"
        " ON CONFLICT (code) DO UPDATE SET name = excluded.name, priority = excluded.priority RETURNING id",
        {TEXTOID, TEXTOID, INT4OID});
    std::string code = args::name(fcinfo, 0, "code");
    std::optional<std::string> name = args::opt_text(fcinfo, 1);
    int32 priority = args::int4(fcinfo, 2, "priority");
    spi::Connection spi;
    spi::Result r = spi::run(plan, {spi::text(code), name ? spi::text(*name) : spi::null(), spi::int4(priority)});
    int32 id = r.int4(0, 1);
    spi.finish();
    PG_RETURN_INT32(id);
}

}  // namespace

}  // namespace sh

SH_FUNCTION(sh_upsert_item, sh::upsert_item)
SH_FUNCTION(sh_upsert_location, sh::upsert_location)
