#include "lookup.hpp"

#include "errors.hpp"
#include "spi.hpp"

namespace sh::lookup {

namespace {
std::string shown(const std::string& name) { return name.size() > 80 ? name.substr(0, 80) + "..." : name; }
}  // namespace

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

}  // namespace sh::lookup
