#include "orders/checkouts.hpp"

#include <optional>
#include <stdexcept>

#include "bridge/caller_text.hpp"
#include "bridge/spi.hpp"
#include "core/errors.hpp"

namespace sh::checkouts {

namespace {

std::optional<Checkout> find_row(const std::string& checkout_ref) {
    static spi::Plan find("SELECT id, order_id FROM stockhold.checkouts WHERE checkout_ref = $1", {TEXTOID});
    spi::Result r = spi::run(find, {spi::text(checkout_ref)});
    if (r.empty()) return std::nullopt;
    return Checkout{r.int8(0, 1), r.int8(0, 2)};
}

[[noreturn]] void another_order(const std::string& checkout_ref, const std::string& order_ref) {
    fail(Code::bad_state,
         "checkout \"" + shown(checkout_ref) + "\" belongs to another order, not \"" + shown(order_ref) + "\"");
}

relations::KeyTaken taken(const char* table, const char* index, const std::string& key, bool wait) {
    spi::Arg text = spi::text(key);
    return pg_guard([&] { return relations::probe_key(table, index, F_TEXTEQ, text.value, wait); });
}

}  // namespace

Checkout for_order(const std::string& checkout_ref, int64 order_id, const std::string& order_ref) {
    static spi::Plan create(
        "INSERT INTO stockhold.checkouts (checkout_ref, order_id) VALUES ($1, $2)"
        " ON CONFLICT (checkout_ref) DO NOTHING RETURNING id, order_id",
        {TEXTOID, INT8OID});
    if (checkout_ref == order_ref) {
        // The order's own, unless a row has the name (waiting for one being made).
        if (taken("checkouts", "checkouts_checkout_ref_key", checkout_ref, true) == relations::KeyTaken::no)
            return {0, order_id, false};
        std::optional<Checkout> row = find_row(checkout_ref);
        if (!row) throw std::runtime_error("checkout row vanished while being read");
        if (row->order_id != order_id) another_order(checkout_ref, order_ref);
        return *row;
    }
    spi::Result r = spi::run(create, {spi::text(checkout_ref), spi::int8(order_id)});
    if (r.empty()) {
        std::optional<Checkout> row = find_row(checkout_ref);
        if (!row) throw std::runtime_error("checkout row vanished while being read");
        if (row->order_id != order_id) another_order(checkout_ref, order_ref);
        return *row;
    }
    relations::KeyTaken order_named = taken("orders", "orders_order_ref_key", checkout_ref, false);
    if (order_named != relations::KeyTaken::no) refuse_order_name(checkout_ref, order_ref, order_named);
    return {r.int8(0, 1), r.int8(0, 2), true};
}

Checkout find(const std::string& checkout_ref) {
    static spi::Plan own("SELECT id FROM stockhold.orders WHERE order_ref = $1", {TEXTOID});
    if (std::optional<Checkout> row = find_row(checkout_ref)) return *row;
    spi::Result r = spi::run(own, {spi::text(checkout_ref)});
    if (r.empty()) fail(Code::unknown_order, "unknown checkout \"" + shown(checkout_ref) + "\"");
    return {0, r.int8(0, 1)};
}

void refuse_order_name(const std::string& checkout_ref, const std::string& order_ref, relations::KeyTaken order_named) {
    if (order_named == relations::KeyTaken::in_progress)
        fail(Code::serialization_failure,
             "could not serialize access: another transaction is creating order \"" + shown(checkout_ref) + "\"", {},
             "Retry the call.");
    fail(Code::bad_state,
         "checkout \"" + shown(checkout_ref) + "\" belongs to another order, not \"" + shown(order_ref) + "\"",
         "It is the own checkout of order \"" + shown(checkout_ref) + "\".");
}

void mark_confirmed(const Checkout& checkout) {
    static spi::Plan plan(
        "INSERT INTO stockhold.checkout_confirmations (order_id, checkout_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        {INT8OID, INT8OID});
    spi::run(plan, {spi::int8(checkout.order_id), spi::int8(checkout.id)});
}

}  // namespace sh::checkouts
