#include "orders/names.hpp"

#include "bridge/caller_text.hpp"
#include "bridge/spi.hpp"
#include "core/errors.hpp"

namespace sh::names {

int64 item_id(const std::string& sku) {
    static spi::Plan plan("SELECT id FROM stockhold.items WHERE sku = $1", {TEXTOID});
    spi::Result r = spi::run(plan, {spi::text(sku)});
    if (r.empty()) unknown_sku(sku);
    return r.int8(0, 1);
}

void unknown_sku(const std::string& sku) {
    fail(Code::unknown_sku, "unknown sku \"" + shown(sku) + "\"", {}, "Register it first with stockhold.upsert_item().");
}

int32 location_id(const std::string& code) {
    static spi::Plan plan("SELECT id FROM stockhold.locations WHERE code = $1", {TEXTOID});
    spi::Result r = spi::run(plan, {spi::text(code)});
    if (r.empty())
        fail(Code::unknown_location, "unknown location \"" + shown(code) + "\"", {},
             "Register it first with stockhold.upsert_location().");
    return r.int4(0, 1);
}

std::vector<int64> lot_ids(int64 item_id, const std::string& lot) {
    static spi::Plan plan("SELECT id FROM stockhold.lots WHERE item_id = $1 AND lot = $2 ORDER BY id", {INT8OID, TEXTOID});
    spi::Result r = spi::run(plan, {spi::int8(item_id), spi::text(lot)});
    std::vector<int64> ids;
    ids.reserve(r.size());
    for (uint64 i = 0; i < r.size(); ++i) ids.push_back(r.int8(i, 1));
    return ids;
}

}  // namespace sh::names
