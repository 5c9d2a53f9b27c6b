#include "stock/backorders.hpp"

#include <algorithm>

#include "bridge/actor.hpp"
#include "bridge/settings.hpp"
#include "bridge/spi.hpp"
#include "core/allocate.hpp"
#include "core/errors.hpp"
#include "core/interrupts.hpp"
#include "rows/queue_probe.hpp"
#include "stock/lots.hpp"
#include "stock/write_scope.hpp"

namespace sh::backorders {

namespace {

// Orders levels by item alone, for equal_range over levels sorted by item.
struct ItemOrder {
    bool operator()(const Level& l, int64 item) const { return l.item_id < item; }
    bool operator()(int64 item, const Level& l) const { return item < l.item_id; }
};

std::vector<int64> sorted_unique(std::vector<int64> ids) {
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
}

std::vector<int64> items_among(const std::vector<Level>& locked) {
    std::vector<int64> items;
    for (const Level& l : locked)
        if (items.empty() || items.back() != l.item_id) items.push_back(l.item_id);
    return sorted_unique(std::move(items));
}

std::vector<int64> ids_of(const spi::Result& r) {
    std::vector<int64> ids;
    ids.reserve(r.size());
    for (uint64 i = 0; i < r.size(); ++i) ids.push_back(r.int8(i, 1));
    return ids;
}

bool has_lines(const char* index, int64 key) {
    return pg_guard([&] { return queue_probe::any(index, key); });
}

// Those of the (sorted) items that have waiting lines.
std::vector<int64> with_lines(const std::vector<int64>& items) {
    std::vector<int64> queued;
    queued.reserve(items.size());
    for (int64 item : items) {
        check_interrupts();
        if (has_lines("backorder_lines_queue_idx", item)) queued.push_back(item);
    }
    return queued;
}

// The queues' item rows, in id order: only the holder changes a queue.
void lock_items(const std::vector<int64>& items) {
    static spi::Plan plan("SELECT id FROM stockhold.items WHERE id = ANY($1) ORDER BY id FOR NO KEY UPDATE",
                          {INT8ARRAYOID});
    if (!items.empty()) spi::run(plan, {spi::int8_array(items)});
}

// What a waiting line could take from the levels now (not from expired lots).
qty_t takeable(const std::vector<Level>& levels, const std::vector<Lot>& lots) {
    qty_t free = 0;
    if (!levels.empty() && levels.front().lot_tracked) {
        for (const Lot& l : lots)
            if (!l.expired && l.available() > 0) free += l.available();
    } else {
        for (const Level& l : levels)
            if (l.available() > 0) free += l.available();
    }
    return free;
}

// Takes qty (filled or withdrawn) off a waiting line of has: the line keeps
// its place with the rest, or leaves the queue when nothing is left.
void take_from_line(int64 line_id, qty_t has, qty_t qty) {
    static spi::Plan shrink("UPDATE stockhold.backorder_lines SET qty = pg_catalog.trim_scale(qty - $2) WHERE id = $1",
                            {INT8OID, NUMERICOID});
    static spi::Plan done("DELETE FROM stockhold.backorder_lines WHERE id = $1", {INT8OID});
    if (qty < has)
        spi::run(shrink, {spi::int8(line_id), spi::qty(qty)});
    else
        spi::run(done, {spi::int8(line_id)});
}

// One per fill (hold): its hold_id keeps two equal fills in one transaction
// two notifications (PostgreSQL sends equal payloads once).
void announce(const std::string& order_ref, const std::string& checkout_ref, const std::string& sku,
              const std::string& location, qty_t qty, int64 hold_id) {
    // Only with stockhold.notify: PREPARE TRANSACTION refuses a transaction that ran NOTIFY.
    static spi::Plan plan(
        "SELECT pg_catalog.pg_notify('stockhold_backorder_filled', pg_catalog.json_build_object("
        "  'order_ref', $1, 'checkout_ref', $2, 'sku', $3, 'location', $4, 'qty', $5, 'hold_id', $6)::text)",
        {TEXTOID, TEXTOID, TEXTOID, TEXTOID, NUMERICOID, INT8OID});
    if (settings::notify)
        spi::run(plan, {spi::text(order_ref), spi::text(checkout_ref), spi::text(sku), spi::text(location), spi::qty(qty),
                        spi::int8(hold_id)});
}

// The item's levels among locked (sorted by item, then location).
std::pair<std::vector<Level>::const_iterator, std::vector<Level>::const_iterator> range_of(const std::vector<Level>& locked,
                                                                                         int64 item_id) {
    return std::equal_range(locked.begin(), locked.end(), item_id, ItemOrder());
}

std::vector<Level> levels_of_item(const std::vector<Level>& locked, int64 item_id) {
    auto [first, last] = range_of(locked, item_id);
    return std::vector<Level>(first, last);
}

void fill_item(std::vector<Level>& locked, int64 item_id) {
    // The next waiting lines that can take stock at the locked levels, in
    // queue order, locked (the item's row is ours, so nobody waits for us).
    static spi::Plan next(
        "SELECT b.id, b.order_id, coalesce(b.checkout_id, 0), coalesce(b.location_id, 0), coalesce(b.lot, ''), b.qty,"
        "       b.ttl, o.order_ref, coalesce(c.checkout_ref, o.order_ref), i.sku, b.queued_at"
        "  FROM stockhold.backorder_lines b"
        "  JOIN stockhold.orders o ON o.id = b.order_id"
        "  LEFT JOIN stockhold.checkouts c ON c.id = b.checkout_id"
        "  JOIN stockhold.items i ON i.id = b.item_id"
        " WHERE b.item_id = $1 AND (b.location_id IS NULL OR b.location_id = ANY($2))"
        "   AND (b.queued_at, b.id) > ($3, $4)"
        " ORDER BY b.queued_at, b.id LIMIT 64 FOR UPDATE OF b",
        {INT8OID, INT4ARRAYOID, TIMESTAMPTZOID, INT8OID});
    // A confirmed checkout's fills never expire. Asked once the line is
    // ours, in a statement of its own: a confirm() that held the line
    // (backorders::confirm()) has committed by then, and this sees it.
    static spi::Plan confirmed(
        "SELECT EXISTS (SELECT 1 FROM stockhold.checkout_confirmations WHERE order_id = $1 AND checkout_id = $2)",
        {INT8OID, INT8OID});

    std::vector<Level> view = levels_of_item(locked, item_id);
    bool tracked = !view.empty() && view.front().lot_tracked;
    std::vector<Lot> lots = tracked ? lots::of_levels(view) : std::vector<Lot>();
    if (takeable(view, lots) <= 0) return;
    std::vector<int32> locations;
    locations.reserve(view.size());
    for (const Level& l : view) locations.push_back(l.location_id);
    Datum after_time = TimestampTzGetDatum(DT_NOBEGIN);
    int64 after_id = 0;
    for (;;) {
        spi::Result r = spi::run(next, {spi::int8(item_id), spi::int4_array(locations), spi::datum(after_time),
                                        spi::int8(after_id)});
        if (r.empty()) return;
        for (uint64 i = 0; i < r.size(); ++i) {
            check_interrupts();
            after_id = r.int8(i, 1);
            after_time = r.get(i, 11);
            Want want{item_id, r.int4(i, 4), r.qty(i, 6), r.text(i, 5)};
            Allocation plan = allocate({want}, view, lots, true);
            if (plan.takes.empty()) continue;
            bool expires = !r.is_null(i, 7) &&
                           !spi::run(confirmed, {spi::int8(r.int8(i, 2)), spi::int8(r.int8(i, 3))}).boolean(0, 1);
            qty_t filled = 0;
            for (const Take& t : plan.takes) {
                Level& level = levels::at(locked, item_id, view[t.level].location_id);
                for (const levels::Fill& made : levels::reserve_locked(level, t.lot_id, r.int8(i, 2), r.int8(i, 3), t.qty,
                                                                       r.get(i, 7), expires, after_time))
                    announce(r.text(i, 8), r.text(i, 9), r.text(i, 10), level.location_code, made.qty, made.hold.hold_id);
                filled += t.qty;
            }
            if (filled <= 0) continue;
            take_from_line(after_id, want.qty, filled);
            view = levels_of_item(locked, item_id);
            if (tracked) lots = lots::of_levels(view);
            if (takeable(view, lots) <= 0) return;
        }
    }
}

}  // namespace

void lock_queues(const std::vector<Level>& locked, std::vector<int64> also) {
    std::vector<int64> items = with_lines(items_among(locked));
    items.insert(items.end(), also.begin(), also.end());
    lock_items(sorted_unique(std::move(items)));
}

std::vector<int64> items_of_order(int64 order_id, int64 checkout_id) {
    static spi::Plan plan(
        "SELECT DISTINCT item_id FROM stockhold.backorder_lines"
        " WHERE order_id = $1 AND ($2 < 0 OR coalesce(checkout_id, 0) = $2) ORDER BY 1",
        {INT8OID, INT8OID});
    if (!has_lines("backorder_lines_order_idx", order_id)) return {};
    return ids_of(spi::run(plan, {spi::int8(order_id), spi::int8(checkout_id)}));
}

std::vector<int64> items_of_session(int64 session_id) {
    static spi::Plan plan(
        "SELECT DISTINCT b.item_id FROM stockhold.backorder_lines b"
        "  JOIN stockhold.session_orders so ON so.order_id = b.order_id WHERE so.session_id = $1 ORDER BY 1",
        {INT8OID});
    return ids_of(spi::run(plan, {spi::int8(session_id)}));
}

void withdraw(int64 order_id, int64 checkout_id, const std::vector<int64>& items) {
    static spi::Plan plan(
        "DELETE FROM stockhold.backorder_lines"
        " WHERE order_id = $1 AND ($2 < 0 OR coalesce(checkout_id, 0) = $2) AND item_id = ANY($3)",
        {INT8OID, INT8OID, INT8ARRAYOID});
    if (!items.empty()) spi::run(plan, {spi::int8(order_id), spi::int8(checkout_id), spi::int8_array(items)});
}

void withdraw_session(int64 session_id, const std::vector<int64>& items) {
    static spi::Plan plan(
        "DELETE FROM stockhold.backorder_lines b USING stockhold.session_orders so"
        " WHERE so.session_id = $1 AND so.order_id = b.order_id AND b.item_id = ANY($2)",
        {INT8OID, INT8ARRAYOID});
    if (!items.empty()) spi::run(plan, {spi::int8(session_id), spi::int8_array(items)});
}

void withdraw_claims(int64 order_id, int64 checkout_id, const std::vector<int64>& items, std::vector<Claim>& claims) {
    // A line naming a lot is a piece of the first lot of that name where it
    // waits (lot names are per item and location).
    static spi::Plan lines(
        "SELECT b.id, b.item_id, coalesce(b.location_id, 0), b.qty,"
        "       coalesce((SELECT min(l.id) FROM stockhold.lots l WHERE l.item_id = b.item_id AND l.lot = b.lot"
        "                    AND (b.location_id IS NULL OR l.location_id = b.location_id)), 0)"
        "  FROM stockhold.backorder_lines b"
        " WHERE b.order_id = $1 AND coalesce(b.checkout_id, 0) = $2 AND b.item_id = ANY($3)"
        " ORDER BY b.item_id, b.queued_at DESC, b.id DESC FOR UPDATE",
        {INT8OID, INT8OID, INT8ARRAYOID});
    if (items.empty()) return;
    spi::Result r = spi::run(lines, {spi::int8(order_id), spi::int8(checkout_id), spi::int8_array(items)});
    if (r.empty()) return;
    std::vector<Piece> pieces;
    pieces.reserve(r.size());
    for (uint64 i = 0; i < r.size(); ++i) {
        check_interrupts();
        pieces.push_back({r.int8(i, 2), r.int4(i, 3), r.int8(i, 5), r.qty(i, 4)});
    }
    Apportionment a = apportion(pieces, claims);
    for (size_t p = 0; p < pieces.size(); ++p) {
        check_interrupts();
        if (a.taken[p] <= 0) continue;
        take_from_line(r.int8(p, 1), pieces[p].qty, a.taken[p]);
    }
    for (size_t c = 0; c < claims.size(); ++c) claims[c].qty -= a.given[c];
}

bool waiting(int64 order_id) { return has_lines("backorder_lines_order_idx", order_id); }

void fill(std::vector<Level>& locked) {
    std::vector<int64> items = with_lines(items_among(locked));
    if (items.empty()) return;
    lock_items(items);
    for (int64 item : items) {
        check_interrupts();
        fill_item(locked, item);
    }
}

void lock_for_queue(const std::vector<Level>& locked, const std::vector<int64>& items) {
    static spi::Plan count("SELECT count(*) FROM stockhold.stock_levels WHERE item_id = $1 AND slot = 0", {INT8OID});
    static spi::Plan sku("SELECT sku FROM stockhold.items WHERE id = $1", {INT8OID});
    std::vector<int64> sorted = sorted_unique(items);
    lock_items(sorted);
    // A level made before the item row was ours, after its levels were:
    // its stock was not looked at. Rare (a first receipt at a location).
    for (int64 item : sorted) {
        check_interrupts();
        auto [first, last] = range_of(locked, item);
        int64 seen = last - first;
        if (spi::run(count, {spi::int8(item)}).int8(0, 1) != seen)
            fail(Code::serialization_failure,
                 "sku " + spi::run(sku, {spi::int8(item)}).text(0, 1) + " got a new stock level while this hold decided what to queue",
                 {}, "Retry the transaction.");
    }
}

void queue(int64 order_id, int64 checkout_id, int64 item_id, int32 location_id, const std::string& lot, qty_t qty,
           Datum ttl, bool has_ttl) {
    // queued_at is taken under the item row's lock, and after the tail's,
    // so the queue's order is the order lines were queued in.
    static spi::Plan insert(
        "INSERT INTO stockhold.backorder_lines (order_id, checkout_id, item_id, location_id, lot, qty, ttl, queued_at, queued_by)"
        " SELECT $1, nullif($2, 0), $3, nullif($4, 0), nullif($5, ''), $6, $7,"
        "        greatest(pg_catalog.clock_timestamp(),"
        "                 (SELECT max(queued_at) + interval '1 microsecond' FROM stockhold.backorder_lines"
        "                   WHERE item_id = $3)), $8::name",
        {INT8OID, INT8OID, INT8OID, INT4OID, TEXTOID, NUMERICOID, INTERVALOID, TEXTOID});
    // A real write of the rows a filler locks first (the levels the line
    // can take from, and the item): a REPEATABLE READ filler whose snapshot
    // misses this line fails to serialize instead of leaving it waiting.
    static spi::Plan touch_levels(
        "UPDATE stockhold.stock_levels SET updated_at = now() WHERE item_id = $1 AND ($2 = 0 OR location_id = $2)",
        {INT8OID, INT4OID});
    static spi::Plan touch_item("UPDATE stockhold.items SET stock_changed_at = now() WHERE id = $1", {INT8OID});
    spi::run(insert, {spi::int8(order_id), spi::int8(checkout_id), spi::int8(item_id), spi::int4(location_id),
                      spi::text(lot), spi::qty(qty), has_ttl ? spi::datum(ttl) : spi::null(), spi::text(actor())});
    write_scope::Scope writing;
    spi::run(touch_levels, {spi::int8(item_id), spi::int4(location_id)});
    spi::run(touch_item, {spi::int8(item_id)});
}

void confirm(int64 order_id, int64 checkout_id) {
    // The checkout's lines locked in the fillers' order (item, then queue):
    // a fill in flight finishes first (its line is locked), and the
    // statement after sees its hold. Fills from now on see the checkout's
    // confirmation (confirm() recorded it first) and do not expire.
    static spi::Plan lines(
        "SELECT id FROM stockhold.backorder_lines WHERE order_id = $1 AND coalesce(checkout_id, 0) = $2"
        " ORDER BY item_id, queued_at, id FOR UPDATE",
        {INT8OID, INT8OID});
    static spi::Plan holds(
        "UPDATE stockhold.holds SET expires_at = NULL"
        " WHERE order_id = $1 AND coalesce(checkout_id, 0) = $2 AND status = 'active' AND expires_at IS NOT NULL",
        {INT8OID, INT8OID});
    spi::run(lines, {spi::int8(order_id), spi::int8(checkout_id)});
    spi::run(holds, {spi::int8(order_id), spi::int8(checkout_id)});
}

}  // namespace sh::backorders
