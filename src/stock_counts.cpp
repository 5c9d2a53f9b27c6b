// receive() adds stock; adjust() sets on_hand to a stock take's count.
// Both return the new on_hand of the level.
#include "args.hpp"
#include "boundary.hpp"
#include "lookup.hpp"
#include "spi.hpp"
#include "stock_levels.hpp"

namespace sh {

namespace {

struct Target {
    std::string sku;
    std::string location;
    std::optional<std::string> reason;
};

Target target(FunctionCallInfo fcinfo) {
    return {args::text(fcinfo, 0, "sku"), args::text(fcinfo, 2, "location"), args::opt_text(fcinfo, 3)};
}

Datum receive(FunctionCallInfo fcinfo) {
    qty_t qty = args::qty(fcinfo, 1, "qty");
    Target t = target(fcinfo);
    spi::Connection spi;
    levels::Level level = levels::lock_at(lookup::item_id(t.sku), lookup::location_id(t.location));
    if (level.on_hand + qty >= qty_limit) fail(Code::bad_input, "on_hand would exceed 10^15 units");
    levels::apply(level, {"receive", qty, qty, 0, 0, 0, t.reason ? t.reason->c_str() : nullptr});
    spi.finish();
    return qty_to_numeric(level.on_hand);
}

Datum adjust(FunctionCallInfo fcinfo) {
    qty_t counted = args::qty(fcinfo, 1, "counted", true);
    Target t = target(fcinfo);
    spi::Connection spi;
    levels::Level level = levels::lock_at(lookup::item_id(t.sku), lookup::location_id(t.location));
    if (counted < level.reserved)
        fail(Code::below_reserved,
             "stock take of " + qty_text(counted) + " for sku " + t.sku + " at " + t.location + " is below the " +
                 qty_text(level.reserved) + " reserved there",
             {}, "Release or fulfil holds first, or count again.");
    qty_t delta = counted - level.on_hand;
    levels::apply(level, {"adjust", delta, delta, 0, 0, 0, t.reason ? t.reason->c_str() : nullptr});
    spi.finish();
    return qty_to_numeric(level.on_hand);
}

}  // namespace

}  // namespace sh

SH_FUNCTION(sh_receive, sh::receive)
SH_FUNCTION(sh_adjust, sh::adjust)
