// stockhold.confirm(): payment succeeded. The checkout's active holds lose
// their expiry; holds that already expired are re-reserved, all of them or
// none (SH012). stockhold.extend(): the checkout needs more time. Its
// expiring holds expire ttl from now; expired ones are re-reserved as
// confirm does, to expire ttl from now.
#include <algorithm>
#include <map>

#include "bridge/args.hpp"
#include "bridge/boundary.hpp"
#include "bridge/caller_text.hpp"
#include "bridge/ttl.hpp"
#include "core/fingerprint.hpp"
#include "core/interrupts.hpp"
#include "orders/idempotency.hpp"
#include "orders/orders.hpp"
#include "stock/backorders.hpp"
#include "stock/holds.hpp"
#include "stock/lots.hpp"

namespace sh {

namespace {

// What becomes of a checkout's holds that wait to expire: confirm takes
// their expiry away (ttl unset), extend sets it ttl from now.
struct Renewal {
    const char* verb;
    Ttl ttl;
};

// Renews the checkout's expiring and expired holds; returns how many.
int32 renew(const std::string& checkout_ref, const Renewal& how) {
    // Active holds still expiring, and expired holds not yet renewed, locked
    // in the global order; an expire_holds() in flight finishes first.
    static spi::Plan lock(
        "SELECT " HOLD_COLUMNS ", status = 'expired'"
        "  FROM stockhold.holds"
        " WHERE order_id = $2 AND coalesce(checkout_id, 0) = $1"
        "   AND ((status = 'active' AND expires_at IS NOT NULL) OR (status = 'expired' AND renewed_by IS NULL))"
        " ORDER BY item_id, location_id, id FOR UPDATE",
        {INT8OID, INT8OID});
    static spi::Plan keep("UPDATE stockhold.holds SET expires_at = now() + $2 WHERE id = $1", {INT8OID, INTERVALOID});
    static spi::Plan renewed("UPDATE stockhold.holds SET renewed_by = $2 WHERE id = $1", {INT8OID, INT8OID});
    static spi::Plan sku("SELECT sku FROM stockhold.items WHERE id = $1", {INT8OID});

    checkouts::Checkout checkout = checkouts::find(checkout_ref);
    orders::Order order = orders::lock_by_id(checkout.order_id, orders::Lock::share);
    if (order.state != OrderState::held)
        orders::refuse_state(order, std::string(how.verb) + " checkout \"" + shown(checkout_ref) + "\"");
    spi::Arg ttl = how.ttl.set ? spi::datum(how.ttl.interval) : spi::null();

    spi::Result r = spi::run(lock, {spi::int8(checkout.id), spi::int8(checkout.order_id)});
    std::vector<holds::Held> expired;
    int32 renewed_count = 0;
    for (uint64 i = 0; i < r.size(); ++i) {
        holds::Held h = holds::read(r, i);
        if (r.boolean(i, 9)) {
            expired.push_back(h);
        } else {
            spi::run(keep, {spi::int8(h.id), ttl});
            ++renewed_count;
        }
    }
    if (!expired.empty()) {
        // Re-reserving decides on the levels' totals: every level of each
        // item, every slot, in the global order.
        std::vector<int64> items;
        items.reserve(expired.size());
        for (const holds::Held& h : expired) items.push_back(h.item_id);
        std::sort(items.begin(), items.end());
        items.erase(std::unique(items.begin(), items.end()), items.end());
        std::vector<Level> locked;
        for (int64 item : items) {
            check_interrupts();
            for (Level& l : levels::lock_item(item)) locked.push_back(std::move(l));
        }
        std::vector<qty_t> wanted(locked.size(), 0);
        for (const holds::Held& h : expired) wanted[&holds::level_of(locked, h) - locked.data()] += h.qty;
        std::string detail;
        auto shortage = [&](int64 item_id, const std::string& where, qty_t want, qty_t have) {
            if (!detail.empty()) detail += '\n';
            detail += "sku " + spi::run(sku, {spi::int8(item_id)}).text(0, 1) + " at " + where + ": expired " +
                      qty_text(want) + ", available " + qty_text(have);
        };
        for (size_t i = 0; i < locked.size(); ++i)
            if (wanted[i] > locked[i].available()) shortage(locked[i].item_id, locked[i].location_code, wanted[i], locked[i].available());
        // Lot holds are re-reserved in their lot, if it has the stock and has not passed its best-before date.
        std::vector<Lot> lots = lots::of_levels(locked);
        std::map<int64, size_t> lot_index;
        for (size_t i = 0; i < lots.size(); ++i) lot_index.emplace(lots[i].id, i);
        std::vector<qty_t> wanted_lot(lots.size(), 0);
        for (const holds::Held& h : expired) {
            auto found = lot_index.find(h.lot_id);
            if (found != lot_index.end()) wanted_lot[found->second] += h.qty;
        }
        for (size_t i = 0; i < lots.size(); ++i) {
            qty_t have = lots[i].expired ? 0 : lots[i].available();
            if (wanted_lot[i] > have)
                shortage(lots[i].item_id,
                         levels::at(locked, lots[i].item_id, lots[i].location_id).location_code + " lot " + lots[i].code,
                         wanted_lot[i], have);
        }
        if (!detail.empty())
            fail(Code::hold_expired, "checkout \"" + shown(checkout_ref) + "\" had expired holds whose stock is gone", detail,
                 std::string("Nothing was ") + (how.ttl.set ? "extended" : "confirmed") + ". Hold again what can still be had.");
        for (const holds::Held& h : expired) {
            check_interrupts();
            // A renewal: the new hold is re-reserved on confirm or extend (renewed_by says so).
            levels::Reservation r = levels::reserve(holds::level_of(locked, h), h.lot_id, h.order_id, h.checkout_id, false,
                                                    h.qty, how.ttl.interval, how.ttl.set);
            spi::run(renewed, {spi::int8(h.id), spi::int8(r.hold_id)});
            ++renewed_count;
        }
        for (int64 item : items) levels::settle(locked, item);
    }
    return renewed_count;
}

Datum confirm(FunctionCallInfo fcinfo) {
    // How many of the checkout's holds now stand without expiry: every active
    // one (a hold made without a TTL never waited), so that "confirmed > 0"
    // means the checkout holds stock.
    static spi::Plan active(
        "SELECT count(*) FROM stockhold.holds WHERE order_id = $2 AND coalesce(checkout_id, 0) = $1 AND status = 'active'",
        {INT8OID, INT8OID});
    std::string checkout_ref = args::text(fcinfo, 0, "checkout_ref");
    std::optional<std::string> key = args::opt_name(fcinfo, 1, "idempotency_key");
    spi::Connection spi;
    qty_t held = idempotency::once("confirm", key, Fingerprint().add(checkout_ref).text(), [&] {
        renew(checkout_ref, {"confirm", {}});
        checkouts::Checkout checkout = checkouts::find(checkout_ref);
        checkouts::mark_confirmed(checkout);
        backorders::confirm(checkout.order_id, checkout.id);
        return qty_t(spi::run(active, {spi::int8(checkout.id), spi::int8(checkout.order_id)}).int8(0, 1)) * qty_one;
    });
    spi.finish();
    PG_RETURN_INT32(int32(held / qty_one));
}

Datum extend(FunctionCallInfo fcinfo) {
    std::string checkout_ref = args::text(fcinfo, 0, "checkout_ref");
    Ttl ttl = positive_ttl(fcinfo, 1, "ttl");
    std::optional<std::string> key = args::opt_name(fcinfo, 2, "idempotency_key");
    Datum interval = ttl.interval;
    std::string ttl_text = pg_guard([&] { return DatumGetCString(DirectFunctionCall1(interval_out, interval)); });
    spi::Connection spi;
    qty_t extended = idempotency::once("extend", key, Fingerprint().add(checkout_ref).add(ttl_text).text(),
                                       [&] { return qty_t(renew(checkout_ref, {"extend", ttl})) * qty_one; });
    spi.finish();
    PG_RETURN_INT32(int32(extended / qty_one));
}

}  // namespace

}  // namespace sh

SH_FUNCTION(sh_confirm, sh::confirm)
SH_FUNCTION(sh_extend, sh::extend)
