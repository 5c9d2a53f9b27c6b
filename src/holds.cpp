#include "holds.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "interrupts.hpp"

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
    return h;
}

std::vector<Held> read_all(const spi::Result& r) {
    std::vector<Held> held;
    held.reserve(r.size());
    for (uint64 i = 0; i < r.size(); ++i) held.push_back(read(r, i));
    return held;
}

Created create(levels::Level& level, int64 lot_id, int64 order_id, int64 checkout_id, bool new_checkout, qty_t qty,
               Datum ttl, bool has_ttl, const char* reason) {
    return levels::reserve(level, lot_id, order_id, checkout_id, new_checkout, qty, ttl, has_ttl, reason);
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

const char* movement_of(Ending how) {
    switch (how) {
        case Ending::released: return "release";
        case Ending::expired: return "expire";
        case Ending::fulfilled: return "fulfil";
    }
    return "release";
}

}  // namespace

void end(const Held& hold, qty_t qty, Ending how, const char* reason, levels::Level& level) {
    static spi::Plan end_whole(
        "UPDATE stockhold.holds SET status = $2::stockhold.hold_status, ended_at = now(), end_reason = $3 WHERE id = $1 AND status = 'active'",
        {INT8OID, TEXTOID, TEXTOID});
    static spi::Plan shrink("UPDATE stockhold.holds SET qty = pg_catalog.trim_scale(qty - $2) WHERE id = $1 AND status = 'active'",
                            {INT8OID, NUMERICOID});
    // The ended part becomes a hold row of its own, so every row keeps one status.
    static spi::Plan split(
        "INSERT INTO stockhold.holds"
        "  (order_id, checkout_id, item_id, location_id, qty, status, expires_at, created_at, ended_at, end_reason, lot_id)"
        " SELECT order_id, checkout_id, item_id, location_id, $2, $3::stockhold.hold_status, expires_at, created_at, now(), $4,"
        "        lot_id"
        "   FROM stockhold.holds WHERE id = $1 RETURNING id",
        {INT8OID, NUMERICOID, TEXTOID, TEXTOID});
    const char* status = status_of(how);
    int64 ended_id = hold.id;
    if (qty >= hold.qty) {
        qty = hold.qty;
        spi::run(end_whole, {spi::int8(hold.id), spi::text(status), spi::text_or_null(reason)});
    } else {
        spi::run(shrink, {spi::int8(hold.id), spi::qty(qty)});
        spi::Result r = spi::run(split, {spi::int8(hold.id), spi::qty(qty), spi::text(status), spi::text_or_null(reason)});
        ended_id = r.int8(0, 1);
    }
    qty_t on_hand_delta = how == Ending::fulfilled ? -qty : 0;
    levels::apply(level, {movement_of(how), qty, on_hand_delta, -qty, hold.order_id, ended_id, reason, hold.lot_id});
}

std::vector<levels::Level> lock_levels(const std::vector<Held>& held) {
    std::vector<levels::Level> locked;
    for (const Held& h : held) {
        check_interrupts();
        if (!locked.empty() && locked.back().item_id == h.item_id && locked.back().location_id == h.location_id) continue;
        locked.push_back(levels::lock_at(h.item_id, h.location_id));
    }
    return locked;
}

levels::Level& level_at(std::vector<levels::Level>& locked, int64 item_id, int32 location_id) {
    auto at = std::lower_bound(locked.begin(), locked.end(), std::make_pair(item_id, location_id),
                               [](const levels::Level& l, const std::pair<int64, int32>& key) {
                                   return std::make_pair(l.item_id, l.location_id) < key;
                               });
    if (at == locked.end() || at->item_id != item_id || at->location_id != location_id)
        throw std::logic_error("stock level was not locked");
    return *at;
}

levels::Level& level_of(std::vector<levels::Level>& locked, const Held& hold) {
    return level_at(locked, hold.item_id, hold.location_id);
}

void release_all(const std::vector<Held>& held, const char* reason, Moved* moved) {
    std::vector<levels::Level> locked = lock_levels(held);
    for (const Held& h : held) {
        check_interrupts();
        end(h, h.qty, Ending::released, reason, level_of(locked, h));
        if (moved) (*moved)[{h.item_id, h.location_id}] += h.qty;
    }
}

}  // namespace sh::holds
