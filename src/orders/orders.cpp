#include "orders/orders.hpp"

#include "bridge/caller_text.hpp"
#include "bridge/spi.hpp"
#include "core/errors.hpp"
#include "rows/table_write.hpp"

namespace sh::orders {

namespace {

#define ORDER_COLUMNS \
    "SELECT id, order_ref, coalesce(session_id, 0), order_state::text, fulfilment_state::text FROM stockhold.orders "

Order read(const spi::Result& r) {
    return {r.int8(0, 1), r.text(0, 2), r.int8(0, 3), r.text(0, 4), r.text(0, 5)};
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

std::optional<Created> try_create(const std::string& order_ref, int64 session_id, const std::string& checkout_ref) {
    NewOrder o{spi::text(order_ref).value, session_id, spi::text(checkout_ref).value, 0, 0};
    pg_guard([&] { write_new_order(&o); });
    if (o.checkout_id == 0) return std::nullopt;
    return Created{{o.order_id, order_ref, session_id, "Held", "Held"}, {o.checkout_id, o.order_id, true}};
}

void set_states(int64 order_id, const char* order_state, const char* fulfilment_state) {
    static spi::Plan plan(
        "UPDATE stockhold.orders SET order_state = $2::stockhold.order_state,"
        " fulfilment_state = $3::stockhold.fulfilment_state, updated_at = now() WHERE id = $1",
        {INT8OID, TEXTOID, TEXTOID});
    spi::run(plan, {spi::int8(order_id), spi::text(order_state), spi::text(fulfilment_state)});
}

void refuse_state(const Order& order, const std::string& action) {
    fail(Code::bad_state,
         "cannot " + action + ": order \"" + shown(order.ref) + "\" is " + order.order_state + " / " + order.fulfilment_state,
         {}, "See the order state machine in the README.");
}

Checkout checkout_for(const std::string& checkout_ref, const Order& order) {
    static spi::Plan create(
        "INSERT INTO stockhold.checkouts (checkout_ref, order_id) VALUES ($1, $2)"
        " ON CONFLICT (checkout_ref) DO NOTHING RETURNING id, order_id",
        {TEXTOID, INT8OID});
    spi::Result r = spi::run(create, {spi::text(checkout_ref), spi::int8(order.id)});
    Checkout c = r.empty() ? find_checkout(checkout_ref) : Checkout{r.int8(0, 1), r.int8(0, 2)};
    if (c.order_id != order.id)
        fail(Code::bad_state, "checkout \"" + shown(checkout_ref) + "\" belongs to another order, not \"" + shown(order.ref) + "\"");
    return c;
}

Checkout find_checkout(const std::string& checkout_ref) {
    static spi::Plan find("SELECT id, order_id FROM stockhold.checkouts WHERE checkout_ref = $1", {TEXTOID});
    spi::Result r = spi::run(find, {spi::text(checkout_ref)});
    if (r.empty()) fail(Code::unknown_order, "unknown checkout \"" + shown(checkout_ref) + "\"");
    return {r.int8(0, 1), r.int8(0, 2)};
}

namespace {

void check_open(const spi::Result& r) {
    std::string ref = r.text(0, 2);
    if (!r.boolean(0, 3)) fail(Code::session_not_open, "sales session \"" + shown(ref) + "\" is closed");
    if (!r.boolean(0, 4))
        fail(Code::session_not_open, "sales session \"" + shown(ref) + "\" is not open now",
             "It is open from " + r.text(0, 5) + (r.is_null(0, 6) ? std::string() : " until " + r.text(0, 6)) + ".");
}

#define SESSION_COLUMNS                                                                                   \
    "SELECT id, session_ref, closed_at IS NULL,"                                                          \
    "       opens_at <= now() AND (closes_at IS NULL OR now() < closes_at), opens_at::text, closes_at::text" \
    "  FROM stockhold.sessions "

}  // namespace

int64 lock_open_session(const std::string& session_ref) {
    static spi::Plan plan(SESSION_COLUMNS "WHERE session_ref = $1 FOR SHARE", {TEXTOID});
    spi::Result r = spi::run(plan, {spi::text(session_ref)});
    if (r.empty()) fail(Code::unknown_session, "unknown sales session \"" + shown(session_ref) + "\"");
    check_open(r);
    return r.int8(0, 1);
}

void check_session_open(int64 session_id) {
    static spi::Plan plan(SESSION_COLUMNS "WHERE id = $1 FOR SHARE", {INT8OID});
    spi::Result r = spi::run(plan, {spi::int8(session_id)});
    if (r.empty()) fail(Code::unknown_session, "unknown sales session id " + std::to_string(session_id));
    check_open(r);
}

}  // namespace sh::orders
