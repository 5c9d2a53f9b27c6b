// stockhold.release() (a checkout gives back all or some of its holds) and
// stockhold.cancel() (an order gives back everything and is Cancelled).
// Both withdraw waiting backorder lines before they release holds.
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
#include "orders/orders.hpp"
#include "stock/backorders.hpp"
#include "stock/holds.hpp"

namespace sh {

namespace {

// Locked active holds of a checkout, in the global lock order (item,
// location, id) that every operation starting from holds keeps.
std::vector<holds::Held> lock_checkout_holds(const checkouts::Checkout& checkout) {
    static spi::Plan plan(
        "SELECT " HOLD_COLUMNS " FROM stockhold.holds"
        " WHERE order_id = $2 AND coalesce(checkout_id, 0) = $1 AND status = 'active'"
        " ORDER BY item_id, location_id, id FOR UPDATE",
        {INT8OID, INT8OID});
    return holds::read_all(spi::run(plan, {spi::int8(checkout.id), spi::int8(checkout.order_id)}));
}

// The checkout's holds again, for holds::read_again().
spi::Result checkout_holds_again(const checkouts::Checkout& checkout) {
    static spi::Plan plan(
        "WITH mine AS (SELECT id FROM stockhold.holds"
        "               WHERE order_id = $2 AND coalesce(checkout_id, 0) = $1 AND status = 'active'"
        "               ORDER BY item_id, location_id, id FOR UPDATE SKIP LOCKED)"
        " SELECT " HOLD_COLUMNS ", id IN (SELECT id FROM mine) FROM stockhold.holds"
        "  WHERE order_id = $2 AND coalesce(checkout_id, 0) = $1 AND status = 'active'"
        "  ORDER BY item_id, location_id, id",
        {INT8OID, INT8OID});
    return spi::run(plan, {spi::int8(checkout.id), spi::int8(checkout.order_id)});
}

Datum release(FunctionCallInfo fcinfo) {
    std::string checkout_ref = args::text(fcinfo, 0, "checkout_ref");
    Jsonb* lines_arg = args::opt_jsonb(fcinfo, 1);
    std::vector<Line> lines;
    if (lines_arg) lines = parse_lines(lines_arg);
    std::optional<std::string> key = args::opt_name(fcinfo, 2, "idempotency_key");
    spi::Connection spi;
    ResultSet out(fcinfo);
    spi::Result replay(nullptr, 0);
    if (key && !idempotency::claim("release", *key,
                                   Fingerprint().add(checkout_ref).add(std::string(lines_arg ? "lines" : "all")).add_lines(lines).text(),
                                   &replay)) {
        idempotency::replay_moved(replay, out);
        spi.finish();
        return out.done();
    }
    idempotency::Recorder recorder("release", key);
    checkouts::Checkout checkout = checkouts::find(checkout_ref);
    orders::Order order = orders::lock_by_id(checkout.order_id, orders::Lock::share);
    if (order.state == OrderState::complete) orders::refuse_state(order, "release holds of checkout \"" + shown(checkout_ref) + "\"");

    std::vector<Claim> claims = claims_of(lines);

    // Waiting lines are withdrawn first. Every level of their items and
    // their queues are locked, so no fill for the checkout is in flight or
    // can come, and its holds are read again, fills made meanwhile included.
    std::vector<int64> waiting = backorders::items_of_order(checkout.order_id, checkout.id);
    std::vector<holds::Held> held = lock_checkout_holds(checkout);
    std::vector<Level> locked = holds::lock_levels(held, waiting);
    backorders::lock_queues(locked, waiting);
    if (!waiting.empty()) held = holds::read_again(held, checkout_holds_again(checkout), waiting, locked);
    Moved released;
    if (!lines_arg) {
        backorders::withdraw(checkout.order_id, checkout.id, waiting);
        holds::release_all(held, locked, "released", &released);
    } else {
        backorders::withdraw_claims(checkout.order_id, checkout.id, waiting, claims);
        // Each line releases up to what it still asks, no hold twice
        // (apportion.hpp), the latest holds of a level first.
        std::stable_sort(held.begin(), held.end(), [](const holds::Held& x, const holds::Held& y) {
            return std::tie(x.item_id, x.location_id, y.id) < std::tie(y.item_id, y.location_id, x.id);
        });
        Apportionment a = apportion(pieces_of(held), claims);
        for (size_t p = 0; p < held.size(); ++p) {
            check_interrupts();
            if (a.taken[p] == 0) continue;
            const holds::Held& h = held[p];
            holds::end(h, a.taken[p], holds::Ending::released, "released", holds::level_of(locked, h));
            released[{h.item_id, h.location_id}] += a.taken[p];
        }
        backorders::fill(locked);
    }
    emit_moved(out, released, recorder);
    spi.finish();
    return out.done();
}

Datum cancel(FunctionCallInfo fcinfo) {
    static spi::Plan shipped("SELECT EXISTS (SELECT 1 FROM stockhold.holds WHERE order_id = $1 AND status = 'fulfilled')",
                             {INT8OID});
    std::string order_ref = args::text(fcinfo, 0, "order_ref");
    std::optional<std::string> key = args::opt_name(fcinfo, 1, "idempotency_key");
    spi::Connection spi;
    ResultSet out(fcinfo);
    spi::Result replay(nullptr, 0);
    if (key && !idempotency::claim("cancel", *key, Fingerprint().add(order_ref).text(), &replay)) {
        idempotency::replay_moved(replay, out);
        spi.finish();
        return out.done();
    }
    idempotency::Recorder recorder("cancel", key);
    orders::Order order = orders::lock(order_ref, orders::Lock::update);
    if (order.state == OrderState::cancelled) {  // cancelling twice changes nothing
        spi.finish();
        return out.done();
    }
    if (spi::run(shipped, {spi::int8(order.id)}).boolean(0, 1))
        orders::refuse_state(order, "cancel an order that has shipped goods");
    std::vector<int64> waiting = backorders::items_of_order(order.id, backorders::any_checkout);
    std::vector<holds::Held> held = holds::lock_of_order(order.id);
    std::vector<Level> locked = holds::lock_levels(held, waiting);  // as release() does
    backorders::lock_queues(locked, waiting);
    if (!waiting.empty()) held = holds::read_again(held, holds::order_holds_again(order.id), waiting, locked);
    backorders::withdraw(order.id, backorders::any_checkout, waiting);
    Moved released;
    holds::release_all(held, locked, "cancelled", &released);
    orders::set_states(order.id, OrderState::cancelled, FulfilmentState::cancelled);
    emit_moved(out, released, recorder);
    spi.finish();
    return out.done();
}

}  // namespace

}  // namespace sh

SH_FUNCTION(sh_release, sh::release)
SH_FUNCTION(sh_cancel, sh::cancel)
