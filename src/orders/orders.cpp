#include "orders/orders.hpp"

#include <stdexcept>

#include "bridge/caller_text.hpp"
#include "bridge/spi.hpp"
#include "core/errors.hpp"
#include "rows/table_write.hpp"

namespace sh::orders {

namespace {

#define ORDER_COLUMNS \
    "SELECT id, order_ref, coalesce(session_id, 0), order_state::text, fulfilment_state::text FROM stockhold.orders "

Order read(const spi::Result& r) {
    std::optional<OrderState> state = order_state_named(r.text(0, 4));
    std::optional<FulfilmentState> fulfilment = fulfilment_state_named(r.text(0, 5));
    if (!state || !fulfilment) throw std::runtime_error("order " + r.text(0, 2) + " has states this library does not know");
    return {r.int8(0, 1), r.text(0, 2), r.int8(0, 3), *state, *fulfilment};
}

}  // namespace

std::optional<Order> try_lock(const std::string& order_ref, Lock mode) {
    static spi::Plan share(ORDER_COLUMNS "WHERE order_ref = $1 FOR SHARE", {TEXTOID});
    static spi::Plan update(ORDER_COLUMNS "WHERE order_ref = $1 FOR UPDATE", {TEXTOID});
    spi::Result r = spi::run(mode == Lock::share ? share : update, {spi::text(order_ref)});
    if (r.empty()) return std::nullopt;
    return read(r);
}

Order lock(const std::string& order_ref, Lock mode) {
    std::optional<Order> o = try_lock(order_ref, mode);
    if (!o) fail(Code::unknown_order, "unknown order \"" + shown(order_ref) + "\"");
    return *o;
}

Order lock_by_id(int64 order_id, Lock mode) {
    static spi::Plan share(ORDER_COLUMNS "WHERE id = $1 FOR SHARE", {INT8OID});
    static spi::Plan update(ORDER_COLUMNS "WHERE id = $1 FOR UPDATE", {INT8OID});
    spi::Result r = spi::run(mode == Lock::share ? share : update, {spi::int8(order_id)});
    if (r.empty()) fail(Code::unknown_order, "unknown order id " + std::to_string(order_id));
    return read(r);
}

int64 session_of(const std::string& order_ref) {
    static spi::Plan plan("SELECT coalesce(session_id, 0) FROM stockhold.orders WHERE order_ref = $1", {TEXTOID});
    spi::Result r = spi::run(plan, {spi::text(order_ref)});
    return r.empty() ? 0 : r.int8(0, 1);
}

namespace {

// A new order with its first checkout, as plain data for write_new_order()
// inside pg_guard.
struct NewOrder {
    Datum order_ref;     // text
    int64 session_id;    // 0: none
    Datum checkout_ref;  // text
    int64 order_id;      // out, 0: the order exists
    int64 checkout_id;   // out, 0: not made
};

// INSERT ... ON CONFLICT DO NOTHING of the order, then of its checkout,
// without planning a statement (see table_write.hpp). The states are
// written, not left to the column defaults, so the Order returned says what
// the row holds.
void write_new_order(NewOrder* o) {
    using namespace table_write;
    static const char* const tables[] = {"orders", "checkouts"};
    Statement s;
    begin(&s, tables, 2, 0x3);
    Datum now = TimestampTzGetDatum(GetCurrentTransactionStartTimestamp());
    Datum held = enum_value(&s, 0, "order_state", "Held");
    int64 order_id = next_id("orders_id_seq");
    const Column order[] = {
        {"id", Int64GetDatum(order_id), false},
        {"order_ref", o->order_ref, false},
        {"session_id", Int64GetDatum(o->session_id), o->session_id == 0},
        {"order_state", held, false},
        {"fulfilment_state", enum_value(&s, 0, "fulfilment_state", "Held"), false},
        {"created_at", now, false},
        {"updated_at", now, false},
    };
    // Adding to an existing order is common: look for it first.
    if (insert_unless(&s, 0, order, lengthof(order), "orders_order_ref_key", Expect::maybe_existing)) {
        o->order_id = order_id;
        int64 checkout_id = next_id("checkouts_id_seq");
        const Column checkout[] = {
            {"id", Int64GetDatum(checkout_id), false},
            {"checkout_ref", o->checkout_ref, false},
            {"order_id", Int64GetDatum(order_id), false},
            {"created_at", now, false},
        };
        // The order was inserted just now, in this statement: no check needed.
        // Its checkout is new too, unless another order has taken the name
        // (refused later): no look first.
        const KnownKey new_order[] = {{"orders", {"order_id"}, 1}};
        if (insert_unless(&s, 1, checkout, lengthof(checkout), "checkouts_checkout_ref_key", Expect::new_key, new_order,
                          lengthof(new_order)))
            o->checkout_id = checkout_id;
    }
    finish(&s);
}

}  // namespace

std::optional<OrderAndCheckout> try_create(const std::string& order_ref, int64 session_id,
                                           const std::string& checkout_ref) {
    NewOrder o{spi::text(order_ref).value, session_id, spi::text(checkout_ref).value, 0, 0};
    pg_guard([&] { write_new_order(&o); });
    if (o.checkout_id == 0) return std::nullopt;
    return OrderAndCheckout{{o.order_id, order_ref, session_id, OrderState::held, FulfilmentState::held},
                            {o.checkout_id, o.order_id, true}};
}

void set_states(int64 order_id, OrderState order_state, FulfilmentState fulfilment_state) {
    static spi::Plan plan(
        "UPDATE stockhold.orders SET order_state = $2::stockhold.order_state,"
        " fulfilment_state = $3::stockhold.fulfilment_state, updated_at = now() WHERE id = $1",
        {INT8OID, TEXTOID, TEXTOID});
    spi::run(plan, {spi::int8(order_id), spi::text(text(order_state)), spi::text(text(fulfilment_state))});
}

void refuse_state(const Order& order, const std::string& action) {
    fail(Code::bad_state,
         "cannot " + action + ": order \"" + shown(order.ref) + "\" is " + text(order.state) + " / " + text(order.fulfilment),
         {}, "See the order state machine in the README.");
}

}  // namespace sh::orders
