// fulfil() ships held stock (on_hand and reserved drop together);
// return_stock() puts shipped goods back on hand.
#include <algorithm>
#include <tuple>

#include "bridge/args.hpp"
#include "bridge/boundary.hpp"
#include "bridge/caller_text.hpp"
#include "bridge/parse_lines.hpp"
#include "bridge/result_set.hpp"
#include "core/fingerprint.hpp"
#include "core/interrupts.hpp"
#include "functions/moved_rows.hpp"
#include "orders/claims.hpp"
#include "orders/names.hpp"
#include "orders/orders.hpp"
#include "stock/backorders.hpp"
#include "stock/holds.hpp"
#include "stock/lots.hpp"

namespace sh {

namespace {

// SH014 unless every line got all it asked: checked for the whole request
// before anything changes, so overlapping lines cannot both count the same
// holds (or shipments).
void require_all_given(const char* verb, const char* have, const std::vector<Line>& lines, const Apportionment& a) {
    for (size_t c = 0; c < lines.size(); ++c) {
        if (a.given[c] == lines[c].qty) continue;
        const Line& l = lines[c];
        qty_t others = a.matching[c] - a.given[c];
        fail(Code::more_than_held,
             std::string("cannot ") + verb + " " + qty_text(l.qty) + " of sku " + shown(l.sku) +
                 (l.location ? " at " + shown(*l.location) : std::string()) + (l.lot ? " lot " + shown(*l.lot) : std::string()),
             std::string(have) + ": " + qty_text(a.matching[c]) +
                 (others > 0 ? ", of which the call's other lines take " + qty_text(others) : std::string()),
             "Nothing was changed.");
    }
}

Datum fulfil(FunctionCallInfo fcinfo) {
    static spi::Plan still_held("SELECT EXISTS (SELECT 1 FROM stockhold.holds WHERE order_id = $1 AND status = 'active')",
                                {INT8OID});
    std::string order_ref = args::text(fcinfo, 0, "order_ref");
    Jsonb* lines_arg = args::opt_jsonb(fcinfo, 1);
    bool release_remainder = args::boolean(fcinfo, 2, "release_remainder");
    std::vector<Line> lines;
    if (lines_arg) lines = parse_lines(lines_arg);
    std::optional<std::string> key = args::opt_name(fcinfo, 3, "idempotency_key");
    spi::Connection spi;
    ResultSet out(fcinfo);
    spi::Result replay(nullptr, 0);
    if (key && !idempotency::claim("fulfil", *key,
                                   Fingerprint()
                                       .add(order_ref)
                                       .add(std::string(lines_arg ? "lines" : "all"))
                                       .add_lines(lines)
                                       .add(std::string(release_remainder ? "release remainder" : "keep remainder"))
                                       .text(),
                                   &replay)) {
        idempotency::replay_moved(replay, out);
        spi.finish();
        return out.done();
    }
    idempotency::Recorder recorder("fulfil", key);
    orders::Order order = orders::lock(order_ref, orders::Lock::update);
    if (order.state == OrderState::cancelled || order.fulfilment == FulfilmentState::fulfilled)
        orders::refuse_state(order, "fulfil");
    std::vector<Claim> claims = claims_of(lines);
    // With release_remainder, waiting lines are withdrawn: every level of
    // their items and their queues locked (no fill for the order in flight
    // or to come), then the holds read again, fills made meanwhile included
    // (as release() does).
    std::vector<int64> waiting;
    if (release_remainder) waiting = backorders::items_of_order(order.id, backorders::any_checkout);
    // Oldest holds first.
    std::vector<holds::Held> held = holds::lock_of_order(order.id);
    std::vector<Level> locked = holds::lock_levels(held, waiting);
    if (release_remainder) backorders::lock_queues(locked, waiting);
    if (!waiting.empty())
        held = holds::read_again(held, holds::order_holds_again(order.id), waiting, locked);
    std::vector<qty_t> ship(held.size());
    if (lines_arg) {
        Apportionment a = apportion(pieces_of(held), claims);
        require_all_given("ship", "held", lines, a);
        ship = a.taken;
    } else {
        for (size_t p = 0; p < held.size(); ++p) ship[p] = held[p].qty;
    }
    if (release_remainder) backorders::withdraw(order.id, backorders::any_checkout, waiting);
    Moved shipped;
    for (size_t p = 0; p < held.size(); ++p) {
        check_interrupts();
        holds::Held h = held[p];
        Level& level = holds::level_of(locked, h);
        if (ship[p] > 0) {
            holds::end(h, ship[p], holds::Ending::fulfilled, "shipped", level);
            shipped[{h.item_id, h.location_id}] += ship[p];
            h.qty -= ship[p];
        }
        if (h.qty > 0 && release_remainder)
            holds::end(h, h.qty, holds::Ending::released, "remainder released on fulfil", level);
    }
    if (release_remainder) backorders::fill(locked);
    // Fulfilled when nothing is held or waiting.
    bool left = spi::run(still_held, {spi::int8(order.id)}).boolean(0, 1) || backorders::waiting(order.id);
    orders::set_states(order.id, OrderState::complete, left ? FulfilmentState::unfulfilled : FulfilmentState::fulfilled);
    emit_moved(out, shipped, recorder);
    spi.finish();
    return out.done();
}

Datum return_stock(FunctionCallInfo fcinfo) {
    // Shipped pieces not yet returned, latest shipped first; a return is
    // recorded against the fulfilled hold it gives back.
    static spi::Plan returnable(
        "SELECT h.id, h.order_id, h.checkout_id, h.item_id, h.location_id,"
        "       h.qty - coalesce((SELECT sum(g.qty) FROM stockhold.ledger g"
        "                          WHERE g.hold_id = h.id AND g.movement = 'return'), 0), h.lot_id, h.slot::integer"
        "  FROM stockhold.holds h WHERE h.order_id = $1 AND h.status = 'fulfilled'"
        " ORDER BY h.item_id, h.location_id, h.id DESC",
        {INT8OID});
    std::string order_ref = args::text(fcinfo, 0, "order_ref");
    std::vector<Line> lines = parse_lines(args::jsonb(fcinfo, 1, "lines"));
    std::optional<std::string> to_location = args::opt_text(fcinfo, 2);
    std::optional<std::string> key = args::opt_name(fcinfo, 3, "idempotency_key");
    spi::Connection spi;
    ResultSet out(fcinfo);
    spi::Result replay(nullptr, 0);
    if (key && !idempotency::claim("return_stock", *key, Fingerprint().add(order_ref).add_lines(lines).add(to_location).text(),
                                   &replay)) {
        idempotency::replay_moved(replay, out);
        spi.finish();
        return out.done();
    }
    idempotency::Recorder recorder("return_stock", key);
    orders::Order order = orders::lock(order_ref, orders::Lock::update);  // one return at a time per order
    int32 to_location_id = to_location ? names::location_id(*to_location) : 0;
    std::vector<Claim> claims = claims_of(lines);
    std::vector<holds::Held> shipped = holds::read_all(spi::run(returnable, {spi::int8(order.id)}));
    Apportionment a = apportion(pieces_of(shipped), claims);
    require_all_given("return", "shipped and not yet returned", lines, a);
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
    backs.reserve(a.shares.size());
    for (const Share& s : a.shares) {
        const holds::Held& p = shipped[s.piece];
        backs.push_back({p.id, p.item_id, to_location_id ? to_location_id : p.location_id, p.location_id, p.lot_id,
                         &lines[s.claim], s.qty});
    }
    std::sort(backs.begin(), backs.end(), [](const Back& a, const Back& b) {
        return std::tie(a.item_id, a.location_id, a.hold_id) < std::tie(b.item_id, b.location_id, b.hold_id);
    });
    // Every level first (the global order), then the item rows of goods
    // without lots, then the movements.
    std::vector<std::pair<int64, int32>> keys;
    keys.reserve(backs.size());
    for (const Back& b : backs) keys.emplace_back(b.item_id, b.location_id);
    std::vector<Level> locked = levels::lock_all(keys);
    for (size_t i = 0; i < backs.size(); ++i)
        if (!backs[i].lot_id && (i == 0 || backs[i - 1].item_id != backs[i].item_id))
            lots::claim_untracked(backs[i].item_id, backs[i].line->sku);
    Moved returned;
    const char* reason = to_location ? "returned to another location" : "returned";
    for (const Back& b : backs) {
        check_interrupts();
        Level& level = levels::at(locked, b.item_id, b.location_id);
        // Goods of a lot go back into that lot, or into a lot of the same name,
        // date and age at the other location.
        int64 lot_id = b.lot_id;
        if (lot_id && b.location_id != b.from_location_id) {
            Lot from = lots::by_id(b.lot_id);
            lot_id = lots::for_receipt(level, from.code, from.dated, from.best_before, from.received_at).id;
        }
        levels::apply(level, {"return", b.qty, b.qty, 0, order.id, b.hold_id, reason, lot_id});
        returned[{b.item_id, b.location_id}] += b.qty;
    }
    backorders::fill(locked);
    emit_moved(out, returned, recorder);
    spi.finish();
    return out.done();
}

}  // namespace

}  // namespace sh

SH_FUNCTION(sh_fulfil, sh::fulfil)
SH_FUNCTION(sh_return_stock, sh::return_stock)
