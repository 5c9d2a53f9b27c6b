#include "orders/checkouts.hpp"

#include "bridge/caller_text.hpp"
#include "bridge/spi.hpp"
#include "core/errors.hpp"

namespace sh::checkouts {

Checkout for_order(const std::string& checkout_ref, int64 order_id, const std::string& order_ref) {
    static spi::Plan create(
        "INSERT INTO stockhold.checkouts (checkout_ref, order_id) VALUES ($1, $2)"
        " ON CONFLICT (checkout_ref) DO NOTHING RETURNING id, order_id",
        {TEXTOID, INT8OID});
    spi::Result r = spi::run(create, {spi::text(checkout_ref), spi::int8(order_id)});
    Checkout c = r.empty() ? find(checkout_ref) : Checkout{r.int8(0, 1), r.int8(0, 2)};
    if (c.order_id != order_id)
        fail(Code::bad_state,
             "checkout \"" + shown(checkout_ref) + "\" belongs to another order, not \"" + shown(order_ref) + "\"");
    return c;
}

Checkout find(const std::string& checkout_ref) {
    static spi::Plan find("SELECT id, order_id FROM stockhold.checkouts WHERE checkout_ref = $1", {TEXTOID});
    spi::Result r = spi::run(find, {spi::text(checkout_ref)});
    if (r.empty()) fail(Code::unknown_order, "unknown checkout \"" + shown(checkout_ref) + "\"");
    return {r.int8(0, 1), r.int8(0, 2)};
}

}  // namespace sh::checkouts
