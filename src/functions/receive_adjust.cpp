// receive() adds stock; adjust() sets on_hand to a stock take's count. Both
// work on a lot when one is named (lot-tracked items always name one) and
// return the new on_hand of the level, or of the lot.
#include <algorithm>

#include "bridge/args.hpp"
#include "bridge/boundary.hpp"
#include "bridge/caller_text.hpp"
#include "bridge/spi.hpp"
#include "core/fingerprint.hpp"
#include "orders/idempotency.hpp"
#include "orders/names.hpp"
#include "stock/backorders.hpp"
#include "stock/levels.hpp"
#include "stock/lots.hpp"

namespace sh {

namespace {

struct Target {
    std::string sku;
    std::string location;
    std::optional<std::string> reason;
    std::optional<std::string> lot;
};

Target target(FunctionCallInfo fcinfo) {
    return {args::text(fcinfo, 0, "sku"), args::text(fcinfo, 2, "location"), args::opt_text(fcinfo, 3),
            args::opt_name(fcinfo, 4, "lot")};
}

const char* reason_of(const Target& t) { return t.reason ? t.reason->c_str() : nullptr; }

Fingerprint fingerprint(const Target& t) {
    Fingerprint f;
    f.add(t.sku).add(t.location).add(t.reason).add(t.lot);
    return f;
}

// New stock at a level goes to its item's backorder queue first.
void to_queue(const Level& level) {
    std::vector<Level> one{level};
    backorders::fill(one);
}

// What receive() and adjust() return: the new on_hand of the level, or of the lot.
qty_t received(const Target& t, qty_t qty, std::optional<int32> best_before) {
    int64 item_id = names::item_id(t.sku);
    int32 location_id = names::location_id(t.location);
    if (t.lot) levels::lock_item(item_id);  // every level, in order, before begin_lots() writes them
    Level level = levels::lock_at(item_id, location_id);
    if (level.on_hand + qty >= qty_limit) fail(Code::bad_input, "on_hand would exceed 10^15 units");
    if (!t.lot) {
        lots::claim_untracked(level.item_id, t.sku);
        levels::apply(level, {"receive", qty, qty, 0, 0, 0, reason_of(t)});
        to_queue(level);
        return level.on_hand;
    }
    lots::begin_tracking(level.item_id, t.sku);
    Lot lot = lots::for_receipt(level, *t.lot, best_before.has_value(), best_before.value_or(0));
    if (best_before && (!lot.dated || lot.best_before != *best_before))
        fail(Code::bad_input, "lot " + shown(*t.lot) + " of sku " + shown(t.sku) + " at " + shown(t.location) + " has another best_before date",
             {}, "A lot has one best-before date; receive a differently dated batch as a lot of its own.");
    levels::apply(level, {"receive", qty, qty, 0, 0, 0, reason_of(t), lot.id});
    to_queue(level);
    return lot.on_hand + qty;
}

Datum receive(FunctionCallInfo fcinfo) {
    qty_t qty = args::qty(fcinfo, 1, "qty");
    Target t = target(fcinfo);
    std::optional<int32> best_before = args::opt_date(fcinfo, 5, "best_before");
    if (best_before && !t.lot) fail(Code::bad_input, "best_before needs a lot");
    std::optional<std::string> key = args::opt_name(fcinfo, 6, "idempotency_key");
    std::optional<std::string> date = best_before ? std::optional<std::string>(std::to_string(*best_before)) : std::nullopt;
    spi::Connection spi;
    qty_t on_hand = idempotency::once("receive", key, fingerprint(t).add(qty_text(qty)).add(date).text(),
                                      [&] { return received(t, qty, best_before); });
    spi.finish();
    return qty_to_numeric(on_hand);
}

[[noreturn]] void below_reserved(const Target& t, qty_t counted, qty_t reserved) {
    fail(Code::below_reserved,
         "stock take of " + qty_text(counted) + " for sku " + shown(t.sku) + " at " + shown(t.location) +
             (t.lot ? " lot " + shown(*t.lot) : std::string()) + " is below the " + qty_text(reserved) + " reserved there",
         {}, "Release or fulfil holds first, or count again.");
}

// A stock take: the level's (or the lot's) on_hand becomes counted.
qty_t counted_as(const Target& t, qty_t counted) {
    int64 item_id = names::item_id(t.sku);
    int32 location_id = names::location_id(t.location);
    // Every level of the item, then the counted one (made if new): a stock
    // take that lowers a slotted level settles the item's slots again.
    std::vector<Level> all = levels::lock_item(item_id);
    if (!levels::find(all, item_id, location_id)) {
        all.push_back(levels::lock_at(item_id, location_id));
        std::sort(all.begin(), all.end(), [](const Level& a, const Level& b) { return a.location_id < b.location_id; });
    }
    Level& level = levels::at(all, item_id, location_id);
    qty_t result = counted;
    if (!t.lot) {
        lots::claim_untracked(level.item_id, t.sku);
        if (counted < level.reserved) below_reserved(t, counted, level.reserved);
        qty_t delta = counted - level.on_hand;
        levels::apply(level, {"adjust", delta, delta, 0, 0, 0, reason_of(t)});
        result = level.on_hand;
    } else {
        if (!level.lot_tracked) fail(Code::bad_input, "sku " + shown(t.sku) + " is not lot-tracked: adjust it without a lot");
        std::optional<Lot> lot = lots::find(level, *t.lot);
        if (!lot) fail(Code::bad_input, "sku " + shown(t.sku) + " has no lot \"" + shown(*t.lot) + "\" at " + shown(t.location));
        if (counted < lot->reserved) below_reserved(t, counted, lot->reserved);
        qty_t delta = counted - lot->on_hand;
        levels::apply(level, {"adjust", delta, delta, 0, 0, 0, reason_of(t), lot->id});
    }
    // A count above what was there frees stock: the queue first, then the
    // slots of a slotted item are spread again (and their guards set) on
    // what is left.
    backorders::fill(all);
    levels::settle(all, item_id);
    return result;
}

Datum adjust(FunctionCallInfo fcinfo) {
    qty_t counted = args::qty(fcinfo, 1, "counted", true);
    Target t = target(fcinfo);
    std::optional<std::string> key = args::opt_name(fcinfo, 5, "idempotency_key");
    spi::Connection spi;
    qty_t on_hand = idempotency::once("adjust", key, fingerprint(t).add(qty_text(counted)).text(),
                                      [&] { return counted_as(t, counted); });
    spi.finish();
    return qty_to_numeric(on_hand);
}

}  // namespace

}  // namespace sh

SH_FUNCTION(sh_receive, sh::receive)
SH_FUNCTION(sh_adjust, sh::adjust)
