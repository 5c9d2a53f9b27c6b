#include "orders/orders.hpp"

#include <stdexcept>

#include "bridge/caller_text.hpp"
#include "bridge/spi.hpp"
#include "core/errors.hpp"
#include "rows/relations.hpp"
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
    bool own_checkout;   // checkout_ref is order_ref: the order's own, no row
    int64 order_id;      // out, 0: the order exists
    bool checkout_made;  // out: the checkout is the order's own, or its row was inserted
    int64 checkout_id;   // out: the row inserted (0: the order's own)
    relations::KeyTaken order_named;  // out: an order named like an inserted checkout
};

// INSERT ... ON CONFLICT DO NOTHING of the order, then, unless the checkout
// is the order's own, of its checkout, without planning a statement (see
// table_write.hpp). A checkout_ref names a checkout row or an order's own
// checkout, never both (orders/checkouts.hpp): the order's own checkout is
// made only if no checkout row has its name, and a checkout row only if no
// order has its name; each looks, after its insert, for rows other
// transactions are inserting. The order's own waits for them; a checkout row
// reports them (a serialization failure), so the two never wait for each
// other. The states are written, not left to the column defaults, so the
// Order returned says what the row holds.
void write_new_order(NewOrder* o) {
    using namespace table_write;
    // Only the tables written: no checkouts row for the order's own checkout,
    // no session_orders row for an order outside sessions.
    const char* tables[3] = {"orders"};
    int n = 1, checkout_t = -1, session_t = -1;
    const int order_t = 0;
    if (!o->own_checkout) tables[checkout_t = n++] = "checkouts";
    if (o->session_id != 0) tables[session_t = n++] = "session_orders";
    Statement s;
    begin(&s, tables, n, checkout_t < 0 ? 0x1 : 0x1 | (1u << checkout_t));
    Datum now = TimestampTzGetDatum(GetCurrentTransactionStartTimestamp());
    Datum held = enum_value(&s, order_t, "order_state", "Held");
    int64 order_id = next_id("orders_id_seq");
    const Column order[] = {
        {"id", Int64GetDatum(order_id), false},
        {"order_ref", o->order_ref, false},
        {"session_id", Int64GetDatum(o->session_id), o->session_id == 0},
        {"order_state", held, false},
        {"fulfilment_state", enum_value(&s, order_t, "fulfilment_state", "Held"), false},
        {"created_at", now, false},
        {"updated_at", now, false},
    };
    // The session is known: hold() locked its row (for share) before coming
    // here, and without one the key is NULL, which PostgreSQL checks not at all.
    const KnownKey session[] = {{"sessions", {"session_id"}, 1}};
    // Adding to an existing order is common: look for it first.
    if (insert_unless(&s, order_t, order, lengthof(order), "orders_order_ref_key", Expect::maybe_existing, session,
                      lengthof(session))) {
        o->order_id = order_id;
        // The order was inserted just now, in this statement: no check needed.
        const KnownKey new_order[] = {{"orders", {"order_id"}, 1}};
        if (session_t >= 0) {
            const KnownKey known[] = {{"orders", {"order_id"}, 1}, {"sessions", {"session_id"}, 1}};
            const Column member[] = {{"session_id", Int64GetDatum(o->session_id), false},
                                     {"order_id", Int64GetDatum(order_id), false}};
            insert(&s, session_t, member, lengthof(member), known, lengthof(known));
        }
        if (o->own_checkout) {
            o->checkout_made = relations::probe_key("checkouts", "checkouts_checkout_ref_key", F_TEXTEQ, o->checkout_ref,
                                                    true) == relations::KeyTaken::no;
        } else {
            int64 checkout_id = next_id("checkouts_id_seq");
            const Column checkout[] = {
                {"id", Int64GetDatum(checkout_id), false},
                {"checkout_ref", o->checkout_ref, false},
                {"order_id", Int64GetDatum(order_id), false},
                {"created_at", now, false},
            };
            // Its checkout is new too, unless another order has taken the
            // name (refused later): no look first.
            if (insert_unless(&s, checkout_t, checkout, lengthof(checkout), "checkouts_checkout_ref_key", Expect::new_key,
                              new_order, lengthof(new_order))) {
                o->checkout_made = true;
                o->checkout_id = checkout_id;
                o->order_named = key_taken(&s, order_t, "orders_order_ref_key", F_TEXTEQ, o->checkout_ref, false);
            }
        }
    }
    finish(&s);
}

}  // namespace

std::optional<OrderAndCheckout> try_create(const std::string& order_ref, int64 session_id,
                                           const std::string& checkout_ref) {
    NewOrder o{spi::text(order_ref).value, session_id, spi::text(checkout_ref).value, checkout_ref == order_ref, 0, false,
               0, relations::KeyTaken::no};
    pg_guard([&] { write_new_order(&o); });
    if (o.order_named != relations::KeyTaken::no) checkouts::refuse_order_name(checkout_ref, order_ref, o.order_named);
    if (!o.checkout_made) return std::nullopt;
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
         {}, "See \"Order states\" in docs/reference.md.");
}

}  // namespace sh::orders
