// fulfil() ships held stock (on_hand and reserved drop together);
// return_stock() puts shipped goods back on hand.
#include <algorithm>
#include <tuple>

#include "args.hpp"
#include "asks.hpp"
#include "boundary.hpp"
#include "caller_text.hpp"
#include "holds.hpp"
#include "lines.hpp"
#include "lookup.hpp"
#include "orders.hpp"
#include "result_set.hpp"

namespace sh {

namespace {

[[noreturn]] void more_than(const char* what, const Ask& a, qty_t have) {
    fail(Code::more_than_held,
         std::string("cannot ") + what + " " + qty_text(a.line->qty) + " of sku " + shown(a.line->sku) +
             (a.line->location ? " at " + shown(*a.line->location) : std::string()) +
             (a.line->lot ? " lot " + shown(*a.line->lot) : std::string()),
         std::string(what == std::string("ship") ? "held" : "shipped and not yet returned") + ": " + qty_text(have),
         "Nothing was changed.");
}

Datum fulfil(FunctionCallInfo fcinfo) {
    static spi::Plan lock_holds(
        "SELECT " HOLD_COLUMNS " FROM stockhold.holds"
        " WHERE order_id = $1 AND status = 'active' ORDER BY item_id, location_id, id FOR UPDATE",
        {INT8OID});
    static spi::Plan still_held("SELECT EXISTS (SELECT 1 FROM stockhold.holds WHERE order_id = $1 AND status = 'active')",
                                {INT8OID});
    std::string order_ref = args::text(fcinfo, 0, "order_ref");
    Jsonb* lines_arg = args::opt_jsonb(fcinfo, 1);
    bool release_remainder = args::boolean(fcinfo, 2, "release_remainder");
    std::vector<Line> lines;
    if (lines_arg) lines = parse_lines(lines_arg);
    spi::Connection spi;
    ResultSet out(fcinfo);
    orders::Order order = orders::lock(order_ref, orders::Lock::update);
    if (order.order_state == "Cancelled" || order.fulfilment_state == "Fulfilled")
        orders::refuse_state(order, "fulfil");
    std::vector<Ask> asks = resolve_asks(lines);
    std::vector<holds::Held> held = holds::read_all(spi::run(lock_holds, {spi::int8(order.id)}));
    for (const Ask& a : asks) {  // never more than held: check every line before changing anything
        qty_t have = 0;
        for (const holds::Held& h : held)
            if (a.matches(h)) have += h.qty;
        if (a.qty > have) more_than("ship", a, have);
    }
    std::vector<levels::Level> locked = holds::lock_levels(held);
    Moved shipped;
    for (holds::Held h : held) {
        levels::Level& level = holds::level_of(locked, h);
        if (!lines_arg) {
            holds::end(h, h.qty, holds::Ending::fulfilled, "shipped", level);
            shipped[{h.item_id, h.location_id}] += h.qty;
            continue;
        }
        for (Ask& a : asks) {
            if (h.qty == 0) break;
            if (a.qty == 0 || !a.matches(h)) continue;
            qty_t take = std::min(a.qty, h.qty);
            holds::end(h, take, holds::Ending::fulfilled, "shipped", level);
            shipped[{h.item_id, h.location_id}] += take;
            a.qty -= take;
            h.qty -= take;
        }
        if (h.qty > 0 && release_remainder)
            holds::end(h, h.qty, holds::Ending::released, "remainder released on fulfil", level);
    }
    bool left = spi::run(still_held, {spi::int8(order.id)}).boolean(0, 1);
    orders::set_states(order.id, "Complete", left ? "Unfulfilled" : "Fulfilled");
    emit_moved(out, shipped);
    spi.finish();
    return out.done();
}

Datum return_stock(FunctionCallInfo fcinfo) {
    // Shipped pieces not yet returned, latest shipped first; a return is
    // recorded against the fulfilled hold it gives back.
    static spi::Plan returnable(
        "SELECT h.id, h.order_id, h.checkout_id, h.item_id, h.location_id,"
        "       h.qty - coalesce((SELECT sum(g.qty) FROM stockhold.ledger g"
        "                          WHERE g.hold_id = h.id AND g.movement = 'return'), 0), h.lot_id"
        "  FROM stockhold.holds h WHERE h.order_id = $1 AND h.status = 'fulfilled'"
        " ORDER BY h.item_id, h.location_id, h.id DESC",
        {INT8OID});
    std::string order_ref = args::text(fcinfo, 0, "order_ref");
    std::vector<Line> lines = parse_lines(args::jsonb(fcinfo, 1, "lines"));
    std::optional<std::string> to_location = args::opt_text(fcinfo, 2);
    spi::Connection spi;
    ResultSet out(fcinfo);
    orders::Order order = orders::lock(order_ref, orders::Lock::update);  // one return at a time per order
    int32 to_location_id = to_location ? lookup::location_id(*to_location) : 0;
    std::vector<Ask> asks = resolve_asks(lines);
    std::vector<holds::Held> pieces = holds::read_all(spi::run(returnable, {spi::int8(order.id)}));
    for (const Ask& a : asks) {
        qty_t have = 0;
        for (const holds::Held& p : pieces)
            if (a.matches(p)) have += p.qty;
        if (a.qty > have) more_than("return", a, have);
    }
    // Where each piece goes back to, then apply in the global lock order.
    struct Back {
        int64 hold_id;
        int64 item_id;
        int32 location_id;  // where it goes back to
        int32 from_location_id;
        int64 lot_id;       // the lot it was shipped from (0: none)
        const Line* line;
        qty_t qty;
    };
    std::vector<Back> backs;
    for (holds::Held p : pieces)
        for (Ask& a : asks) {
            if (p.qty <= 0) break;
            if (a.qty == 0 || !a.matches(p)) continue;
            qty_t take = std::min(a.qty, p.qty);
            backs.push_back({p.id, p.item_id, to_location_id ? to_location_id : p.location_id, p.location_id, p.lot_id,
                             a.line, take});
            a.qty -= take;
            p.qty -= take;
        }
    std::sort(backs.begin(), backs.end(), [](const Back& a, const Back& b) {
        return std::tie(a.item_id, a.location_id, a.hold_id) < std::tie(b.item_id, b.location_id, b.hold_id);
    });
    // Every level first (the global order), then the item rows of goods
    // without lots, then the movements.
    std::vector<levels::Level> locked;
    for (const Back& b : backs)
        if (locked.empty() || locked.back().item_id != b.item_id || locked.back().location_id != b.location_id)
            locked.push_back(levels::lock_at(b.item_id, b.location_id));
    for (size_t i = 0; i < backs.size(); ++i)
        if (!backs[i].lot_id && (i == 0 || backs[i - 1].item_id != backs[i].item_id))
            levels::claim_untracked(backs[i].item_id, backs[i].line->sku);
    Moved returned;
    const char* reason = to_location ? "returned to another location" : "returned";
    for (const Back& b : backs) {
        levels::Level& level = holds::level_at(locked, b.item_id, b.location_id);
        // Goods of a lot go back into that lot, or into a lot of the same name,
        // date and age at the other location.
        int64 lot_id = b.lot_id;
        if (lot_id && b.location_id != b.from_location_id) {
            levels::Lot from = levels::lot_by_id(b.lot_id);
            lot_id = levels::lot_for_receipt(level, from.code, from.dated, from.best_before, from.received_at).id;
        }
        levels::apply(level, {"return", b.qty, b.qty, 0, order.id, b.hold_id, reason, lot_id});
        returned[{b.item_id, b.location_id}] += b.qty;
    }
    emit_moved(out, returned);
    spi.finish();
    return out.done();
}

}  // namespace

}  // namespace sh

SH_FUNCTION(sh_fulfil, sh::fulfil)
SH_FUNCTION(sh_return_stock, sh::return_stock)
