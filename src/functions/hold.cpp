// stockhold.hold(): reserve every line or nothing (or, with partial, what
// there is; with backorder, what there is, the rest queued), for one
// checkout of one order, optionally in a sales session.
#include <algorithm>
#include <set>
#include <tuple>

#include "bridge/args.hpp"
#include "bridge/boundary.hpp"
#include "bridge/caller_text.hpp"
#include "bridge/parse_lines.hpp"
#include "bridge/result_set.hpp"
#include "bridge/ttl.hpp"
#include "core/allocate.hpp"
#include "core/fingerprint.hpp"
#include "core/interrupts.hpp"
#include "orders/idempotency.hpp"
#include "orders/names.hpp"
#include "orders/orders.hpp"
#include "orders/session_rules.hpp"
#include "stock/backorders.hpp"
#include "stock/holds.hpp"
#include "stock/lots.hpp"

namespace sh {

namespace {

struct Request {
    std::string order_ref;
    std::vector<Line> lines;
    std::string checkout_ref;
    std::optional<std::string> session_ref;
    Ttl ttl;
    std::optional<std::string> key;
    bool partial = false;
    bool backorder = false;  // queue what cannot be held now
};

Request read_request(FunctionCallInfo fcinfo) {
    Request r;
    r.order_ref = args::name(fcinfo, 0, "order_ref");
    r.lines = parse_lines(args::jsonb(fcinfo, 1, "lines"));
    r.checkout_ref = args::opt_name(fcinfo, 2, "checkout_ref").value_or(r.order_ref);
    r.session_ref = args::opt_text(fcinfo, 3);
    r.ttl = effective_ttl(fcinfo, 4);
    r.key = args::opt_name(fcinfo, 5, "idempotency_key");
    r.partial = args::boolean(fcinfo, 6, "partial");
    // Versions before 1.3 declare no backorder argument.
    r.backorder = PG_NARGS() > 7 && args::boolean(fcinfo, 7, "backorder");
    if (r.partial && r.backorder)
        fail(Code::bad_input, "partial and backorder cannot be combined",
             {}, "partial holds what there is and forgets the rest; backorder queues the rest.");
    return r;
}

std::optional<std::string> ttl_text(const Request& r) {
    if (!r.ttl.set) return std::nullopt;
    Datum d = r.ttl.interval;
    return std::string(pg_guard([&] { return DatumGetCString(DirectFunctionCall1(interval_out, d)); }));
}

// Everything that defines the request, lines in any order (see fingerprint.hpp).
std::string fingerprint(const Request& r) {
    return Fingerprint()
        .add(r.order_ref)
        .add(r.checkout_ref)
        .add(r.session_ref)
        .add(ttl_text(r))
        .add(std::string(r.partial ? "partial" : r.backorder ? "backorder" : "whole"))
        .add_lines(r.lines)
        .text();
}

// The fingerprints of versions 1.0 (lines without lots) and 1.1-1.2, which
// joined the fields with separators the fields themselves may contain. Only
// compared with keys those versions recorded, so that their retries replay.
std::string legacy_fingerprint(const Request& r, bool lots) {
    std::vector<std::string> lines;
    lines.reserve(r.lines.size());
    for (const Line& l : r.lines)
        lines.push_back(l.sku + '\x1f' + l.location.value_or("") + '\x1f' +
                        (lots ? l.lot.value_or("") + '\x1f' : std::string()) + qty_text(l.qty));
    std::sort(lines.begin(), lines.end());
    std::string text = r.order_ref + '\x1e' + r.checkout_ref + '\x1e' + r.session_ref.value_or("") + '\x1e' +
                       ttl_text(r).value_or("") + '\x1e' + (r.partial ? "partial" : "whole");
    for (const std::string& l : lines) text += '\x1e' + l;
    return text;
}

// The order and checkout the holds join, with the session rules applied.
// The session is locked (for share) before the order, as close_session()
// locks them; creating a new order locks nothing that exists.
orders::OrderAndCheckout order_for(const Request& r) {
    int64 session_id = r.session_ref ? session_rules::lock_open(*r.session_ref) : 0;
    if (std::optional<orders::OrderAndCheckout> created = orders::try_create(r.order_ref, session_id, r.checkout_ref))
        return *created;
    int64 bound = orders::session_of(r.order_ref);
    if (session_id == 0 && bound != 0) session_rules::check_open(bound);  // a session's order needs it open
    orders::Order order = orders::lock(r.order_ref, orders::Lock::share);
    if (order.session_id != (session_id ? session_id : bound))
        fail(Code::bad_state, "order \"" + shown(r.order_ref) + "\" does not belong to " +
                                  (r.session_ref ? "sales session \"" + shown(*r.session_ref) + "\"" : std::string("that session")));
    if (order.state != OrderState::held) orders::refuse_state(order, "add holds");
    return {order, checkouts::for_order(r.checkout_ref, order.id, order.ref)};
}

std::string shortfall_detail(const Request& r, const Allocation& a) {
    std::string detail;
    for (const Shortfall& s : a.short_lines) {
        const Line& l = r.lines[s.want];
        if (!detail.empty()) detail += '\n';
        detail += "sku " + shown(l.sku) + (l.location ? " at " + shown(*l.location) : std::string()) +
                  (l.lot ? " lot " + shown(*l.lot) : std::string()) + ": requested " +
                  qty_text(l.qty) + ", available " + qty_text(s.available);
    }
    return detail;
}

// A line naming a lot needs a lot-tracked item that has a lot of that name.
void check_named_lots(const Request& r, const std::vector<Want>& wants, const std::vector<Level>& locked,
                      const std::vector<Lot>& lots) {
    std::set<int64> tracked;
    for (const Level& l : locked)
        if (l.lot_tracked) tracked.insert(l.item_id);
    std::set<std::pair<int64, std::string>> known;
    for (const Lot& l : lots) known.emplace(l.item_id, l.code);
    for (size_t w = 0; w < wants.size(); ++w) {
        check_interrupts();
        if (wants[w].lot.empty()) continue;
        if (!tracked.count(wants[w].item_id))
            fail(Code::bad_input, "sku " + shown(r.lines[w].sku) + " is not lot-tracked: its lines cannot name a lot");
        if (!known.count({wants[w].item_id, wants[w].lot}))
            fail(Code::bad_input, "sku " + shown(r.lines[w].sku) + " has no lot \"" + shown(wants[w].lot) + "\"");
    }
}

// Before refusing, give back overdue holds on the short items' levels (we
// hold those levels' locks): a failed payment frees its stock for the next
// customer without waiting for expire_holds(). Holds another session has
// locked (a confirm in flight) are skipped, so this never waits.
int expire_overdue(const std::vector<Want>& wants, const Allocation& plan, std::vector<Level>& locked) {
    static spi::Plan overdue(
        "SELECT " HOLD_COLUMNS " FROM stockhold.holds"
        " WHERE item_id = $1 AND status = 'active' AND expires_at <= now()"
        " ORDER BY location_id, id FOR UPDATE SKIP LOCKED",
        {INT8OID});
    std::vector<int64> items;
    for (const Shortfall& s : plan.short_lines) items.push_back(wants[s.want].item_id);
    std::sort(items.begin(), items.end());
    items.erase(std::unique(items.begin(), items.end()), items.end());
    int expired = 0;
    for (int64 item : items) {
        spi::Result r = spi::run(overdue, {spi::int8(item)});
        for (uint64 i = 0; i < r.size(); ++i) {
            holds::Held h = holds::read(r, i);
            // Only at the levels we hold (one made since we read them frees nothing there).
            Level* level = levels::find(locked, h.item_id, h.location_id);
            if (!level) continue;
            holds::end(h, h.qty, holds::Ending::expired, "ttl", *level);
            ++expired;
        }
    }
    // What they free goes to the items' backorder queues first.
    if (expired > 0) backorders::fill(locked);
    return expired;
}

[[noreturn]] void refuse_short(const Request& r, const Allocation& plan) {
    fail(Code::insufficient_stock,
         "insufficient stock for " + std::to_string(plan.short_lines.size()) + " of " + std::to_string(r.lines.size()) +
             " line(s) of order \"" + shown(r.order_ref) + "\"",
         shortfall_detail(r, plan), "Nothing was held. Retry with less, or with partial => true.");
}

// Whether the request is one line that can only be held at the item's one
// level, a single row (no lots, no slots, not partial): then the hold row is
// written before the level is locked (levels::reserve_late()).
bool late_lock(const Request& r, const Want& want, const std::vector<Level>& levels) {
    return r.lines.size() == 1 && !r.partial && !r.backorder && want.lot.empty() && levels.size() == 1 && !levels[0].lot_tracked &&
           !levels[0].slotted() && levels[0].slots.size() == 1 &&
           (want.location_id == 0 || want.location_id == levels[0].location_id);
}

// For a one-line hold of a slotted item (no lots, not partial), the level a
// single slot may serve it from: the named location's, else the first
// location in allocation order (a slot there that covers the line means
// that location covers it). Null when the line must be decided on the
// item's totals.
const Level* slot_level(const Request& r, const Want& want, const std::vector<Level>& levels) {
    if (r.lines.size() != 1 || r.partial || r.backorder || !want.lot.empty() || levels.empty() || levels[0].lot_tracked) return nullptr;
    const Level* first = nullptr;
    for (const Level& l : levels) {
        if (want.location_id != 0 && l.location_id != want.location_id) continue;
        if (!first || std::tie(l.priority, l.location_code) < std::tie(first->priority, first->location_code)) first = &l;
    }
    return first && first->slotted() ? first : nullptr;
}

Datum hold(FunctionCallInfo fcinfo) {
    Request req = read_request(fcinfo);
    spi::Connection spi;
    ResultSet out(fcinfo);
    spi::Result replay(nullptr, 0);
    if (req.key && !idempotency::claim("hold", *req.key, fingerprint(req), &replay,
                                       {legacy_fingerprint(req, false), legacy_fingerprint(req, true)})) {
        idempotency::replay_holds(replay, out);
        spi.finish();
        return out.done();
    }
    auto [order, checkout] = order_for(req);
    idempotency::Recorder recorder("hold", req.key);
    auto emit = [&](spi::Arg hold_id, const std::string& sku, spi::Arg location, qty_t qty, spi::Arg expires) {
        spi::Arg row[5] = {hold_id, spi::text(sku), location, spi::qty(qty), expires};
        out.add({row[0], row[1], row[2], row[3], row[4]});
        recorder.row(row);
    };

    std::vector<Want> wants;
    std::vector<Level> locked;
    bool one_sku = std::all_of(req.lines.begin(), req.lines.end(), [&](const Line& l) { return l.sku == req.lines[0].sku; });
    if (one_sku) {
        // One item: its levels are read first, then locked, or, for a line at
        // the item's only level, written to only after the hold row.
        int64 item = 0;
        std::optional<std::vector<Level>> levels = levels::read_sku(req.lines[0].sku, &item);
        if (!levels) names::unknown_sku(req.lines[0].sku);
        for (const Line& l : req.lines) {
            check_interrupts();
            wants.push_back({item, l.location ? names::location_id(*l.location) : 0, l.qty, l.lot.value_or("")});
        }
        if (late_lock(req, wants[0], *levels)) {
            Level& level = levels->front();
            levels::LateReservation r = levels::reserve_late(level, order.id, checkout.id, checkout.created,
                                                             wants[0].qty, req.ttl.interval, req.ttl.set);
            if (!r.reserved) {  // short under the lock: give back overdue holds, or refuse
                Allocation plan{{}, {{0, level.available()}}};
                if (expire_overdue(wants, plan, *levels) > 0) plan.short_lines[0].available = level.available();
                if (level.available() < wants[0].qty) refuse_short(req, plan);
                levels::reserve_written(level, wants[0].qty);
            }
            emit(spi::int8(r.hold.hold_id), req.lines[0].sku, spi::text(level.location_code), wants[0].qty,
                 spi::datum(r.hold.expires_at, !r.hold.expires));
            spi.finish();
            return out.done();
        }
        if (const Level* level = slot_level(req, wants[0], *levels)) {
            if (std::optional<levels::Reservation> r = levels::reserve_in_slot(
                    *level, order.id, checkout.id, checkout.created, wants[0].qty, req.ttl.interval, req.ttl.set)) {
                emit(spi::int8(r->hold_id), req.lines[0].sku, spi::text(level->location_code), wants[0].qty,
                     spi::datum(r->expires_at, !r->expires));
                spi.finish();
                return out.done();
            }
        }
        locked = levels::lock_item(item);
    } else {
        for (const Line& l : req.lines) {
            check_interrupts();
            wants.push_back({names::item_id(l.sku), l.location ? names::location_id(*l.location) : 0, l.qty,
                             l.lot.value_or("")});
        }
        // Lock every level of every item, items in id order: the global lock order.
        std::vector<int64> items;
        items.reserve(wants.size());
        for (const Want& w : wants) items.push_back(w.item_id);
        std::sort(items.begin(), items.end());
        items.erase(std::unique(items.begin(), items.end()), items.end());
        for (int64 item : items) {
            check_interrupts();
            for (Level& l : levels::lock_item(item)) locked.push_back(std::move(l));
        }
    }
    // Queueing: the items' queues too, after every level (the global order).
    if (req.backorder) {
        std::vector<int64> items;
        items.reserve(wants.size());
        for (const Want& w : wants) items.push_back(w.item_id);
        backorders::lock_for_queue(locked, items);
    }

    std::vector<Lot> lots = lots::of_levels(locked);
    check_named_lots(req, wants, locked, lots);
    bool take_what_there_is = req.partial || req.backorder;
    Allocation plan = allocate(wants, locked, lots, take_what_there_is);
    if (!plan.short_lines.empty() && expire_overdue(wants, plan, locked) > 0) {
        lots = lots::of_levels(locked);
        plan = allocate(wants, locked, lots, take_what_there_is);
    }
    if (!plan.short_lines.empty() && !take_what_there_is) refuse_short(req, plan);

    std::vector<bool> served(wants.size(), false);
    std::vector<qty_t> taken(wants.size(), 0);
    for (const Take& t : plan.takes) {
        check_interrupts();
        Level& level = locked[t.level];
        levels::Reservation r = levels::reserve(level, t.lot_id, order.id, checkout.id, checkout.created, t.qty,
                                                req.ttl.interval, req.ttl.set);
        emit(spi::int8(r.hold_id), req.lines[t.want].sku, spi::text(level.location_code), t.qty,
             spi::datum(r.expires_at, !r.expires));
        served[t.want] = true;
        taken[t.want] += t.qty;
    }
    if (req.backorder) {
        // What was not held waits, each line in its item's queue, in the
        // lines' order.
        for (size_t w = 0; w < wants.size(); ++w) {
            check_interrupts();
            qty_t waits = wants[w].qty - taken[w];
            if (waits <= 0) continue;
            backorders::queue(order.id, checkout.id, wants[w].item_id, wants[w].location_id, wants[w].lot, waits,
                              req.ttl.interval, req.ttl.set);
            const std::optional<std::string>& at = req.lines[w].location;
            emit(spi::null(), req.lines[w].sku, at ? spi::text(*at) : spi::null(), waits, spi::null());
        }
    } else {
        // Partial mode: a line that got nothing still gets a row saying so.
        for (size_t w = 0; w < wants.size(); ++w)
            if (!served[w]) emit(spi::null(), req.lines[w].sku, spi::null(), 0, spi::null());
    }
    // Slotted items: spread what is left over their slots again, with guards.
    for (size_t i = 0; i < locked.size(); ++i)
        if (i == 0 || locked[i].item_id != locked[i - 1].item_id) levels::settle(locked, locked[i].item_id);
    spi.finish();
    return out.done();
}

}  // namespace

}  // namespace sh

SH_FUNCTION(sh_hold, sh::hold)
