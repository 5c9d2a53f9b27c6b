#include "stock/holds.hpp"

#include <algorithm>
#include <tuple>
#include <utility>

#include "bridge/actor.hpp"
#include "core/errors.hpp"
#include "core/interrupts.hpp"
#include "stock/backorders.hpp"

namespace sh::holds {

Held read(const spi::Result& r, uint64 row, int first) {
    Held h;
    h.id = r.int8(row, first);
    h.order_id = r.int8(row, first + 1);
    h.checkout_id = r.int8(row, first + 2);
    h.item_id = r.int8(row, first + 3);
    h.location_id = r.int4(row, first + 4);
    h.qty = r.qty(row, first + 5);
    h.lot_id = r.int8(row, first + 6);
    h.slot = int16(r.int4(row, first + 7));
    return h;
}

std::vector<Held> read_all(const spi::Result& r) {
    std::vector<Held> held;
    held.reserve(r.size());
    for (uint64 i = 0; i < r.size(); ++i) held.push_back(read(r, i));
    return held;
}

namespace {

const char* status_of(Ending how) {
    switch (how) {
        case Ending::released: return "released";
        case Ending::expired: return "expired";
        case Ending::fulfilled: return "fulfilled";
    }
    return "released";
}

}  // namespace

void end(const Held& hold, qty_t qty, Ending how, const char* reason, Level& level) {
    static spi::Plan end_whole(
        "UPDATE stockhold.holds SET status = $2::stockhold.hold_status, ended_at = now(), end_reason = $3, ended_by = $4"
        " WHERE id = $1 AND status = 'active'",
        {INT8OID, TEXTOID, TEXTOID, NAMEOID});
    static spi::Plan shrink("UPDATE stockhold.holds SET qty = pg_catalog.trim_scale(qty - $2) WHERE id = $1 AND status = 'active'",
                            {INT8OID, NUMERICOID});
    // The ended part becomes a hold row of its own, so every row keeps one
    // status; it records no reservation of its own (created_by, held_qty NULL).
    static spi::Plan split(
        "INSERT INTO stockhold.holds (order_id, checkout_id, item_id, location_id, qty, status, expires_at, created_at,"
        "                             ended_at, end_reason, lot_id, ended_by, slot)"
        " SELECT order_id, checkout_id, item_id, location_id, $2, $3::stockhold.hold_status, expires_at, created_at, now(), $4,"
        "        lot_id, $5, slot"
        "   FROM stockhold.holds WHERE id = $1 RETURNING id",
        {INT8OID, NUMERICOID, TEXTOID, TEXTOID, NAMEOID});
    const char* status = status_of(how);
    spi::Arg who = spi::name(actor());
    int64 ended_id = hold.id;
    if (qty >= hold.qty) {
        qty = hold.qty;
        spi::run(end_whole, {spi::int8(hold.id), spi::text(status), spi::text_or_null(reason), who});
    } else {
        spi::run(shrink, {spi::int8(hold.id), spi::qty(qty)});
        spi::Result r =
            spi::run(split, {spi::int8(hold.id), spi::qty(qty), spi::text(status), spi::text_or_null(reason), who});
        ended_id = r.int8(0, 1);
    }
    // Shipping moves on_hand, which the ledger records; a release or an
    // expiry only gives the reservation back, which the ended row records.
    if (how == Ending::fulfilled)
        levels::apply(level, {"fulfil", qty, -qty, -qty, hold.order_id, ended_id, reason, hold.lot_id, hold.slot});
    else
        levels::unreserve(level, qty, hold.lot_id, hold.slot);
}

std::vector<Level> lock_levels(const std::vector<Held>& held, const std::vector<int64>& whole_items) {
    std::vector<levels::SlotKey> keys;
    keys.reserve(held.size());
    for (const Held& h : held)
        if (!std::binary_search(whole_items.begin(), whole_items.end(), h.item_id))
            keys.push_back({h.item_id, h.location_id, h.slot});
    std::sort(keys.begin(), keys.end(), [](const levels::SlotKey& a, const levels::SlotKey& b) {
        return std::tie(a.item_id, a.location_id, a.slot) < std::tie(b.item_id, b.location_id, b.slot);
    });
    if (whole_items.empty()) return levels::lock_slots(keys);
    // Item by item in id order: every level of a whole item, else the slots.
    std::vector<Level> locked;
    auto key = keys.begin();
    auto whole = whole_items.begin();
    while (key != keys.end() || whole != whole_items.end()) {
        check_interrupts();
        if (whole != whole_items.end() && (key == keys.end() || *whole < key->item_id)) {
            for (Level& l : levels::lock_item(*whole++)) locked.push_back(std::move(l));
            continue;
        }
        auto end = key;
        while (end != keys.end() && end->item_id == key->item_id) ++end;
        for (Level& l : levels::lock_slots(std::vector<levels::SlotKey>(key, end))) locked.push_back(std::move(l));
        key = end;
    }
    return locked;
}

std::vector<Held> read_again(const std::vector<Held>& first, const spi::Result& again, const std::vector<int64>& waiting,
                             std::vector<Level>& locked) {
    std::vector<int64> ids;
    ids.reserve(first.size());
    for (const Held& h : first) ids.push_back(h.id);
    std::sort(ids.begin(), ids.end());
    std::vector<Held> kept;
    kept.reserve(again.size());
    for (uint64 i = 0; i < again.size(); ++i) {
        check_interrupts();
        Held h = read(again, i);
        if (!std::binary_search(ids.begin(), ids.end(), h.id) &&
            !std::binary_search(waiting.begin(), waiting.end(), h.item_id))
            continue;
        if (!again.boolean(i, 9))
            fail(Code::serialization_failure, "a hold of this order is being ended by another transaction",
                 "hold " + std::to_string(h.id) + " is locked by an expiry that waits for this call's stock levels",
                 "Retry the transaction.");
        if (!levels::find(locked, h.item_id, h.location_id))
            fail(Code::serialization_failure, "a hold of this order was made at a stock level made meanwhile",
                 "hold " + std::to_string(h.id), "Retry the transaction.");
        kept.push_back(h);
    }
    return kept;
}

std::vector<Held> lock_of_order(int64 order_id) {
    static spi::Plan plan(
        "SELECT " HOLD_COLUMNS " FROM stockhold.holds"
        " WHERE order_id = $1 AND status = 'active' ORDER BY item_id, location_id, id FOR UPDATE",
        {INT8OID});
    return read_all(spi::run(plan, {spi::int8(order_id)}));
}

spi::Result order_holds_again(int64 order_id) {
    static spi::Plan plan(
        "WITH mine AS (SELECT id FROM stockhold.holds WHERE order_id = $1 AND status = 'active'"
        "               ORDER BY item_id, location_id, id FOR UPDATE SKIP LOCKED)"
        " SELECT " HOLD_COLUMNS ", id IN (SELECT id FROM mine) FROM stockhold.holds"
        "  WHERE order_id = $1 AND status = 'active' ORDER BY item_id, location_id, id",
        {INT8OID});
    return spi::run(plan, {spi::int8(order_id)});
}

Level& level_of(std::vector<Level>& locked, const Held& hold) { return levels::at(locked, hold.item_id, hold.location_id); }

void release_all(const std::vector<Held>& held, std::vector<Level>& locked, const char* reason, Moved* moved) {
    for (const Held& h : held) {
        check_interrupts();
        end(h, h.qty, Ending::released, reason, level_of(locked, h));
        if (moved) (*moved)[{h.item_id, h.location_id}] += h.qty;
    }
    backorders::fill(locked);
}

}  // namespace sh::holds
