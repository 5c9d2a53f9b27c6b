#include "stock/levels.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>
#include <tuple>

#include "bridge/actor.hpp"
#include "bridge/spi.hpp"
#include "core/interrupts.hpp"
#include "core/slots.hpp"
#include "rows/level_scan.hpp"
#include "rows/slot_pick.hpp"
#include "rows/table_write.hpp"
#include "stock/alerts.hpp"
#include "stock/write_scope.hpp"

namespace sh::levels {

namespace {

// A row version as PostgreSQL's item pointer, and back.
ItemPointerData tid_of(RowVersion v) {
    ItemPointerData tid;
    ItemPointerSet(&tid, v.block, v.offset);
    return tid;
}

RowVersion version_of(const ItemPointerData& tid) {
    return {ItemPointerGetBlockNumberNoCheck(&tid), ItemPointerGetOffsetNumberNoCheck(&tid)};
}

Slot slot_of(const level_scan::Row* row) {
    Slot s;
    s.id = row->id;
    s.number = row->slot;
    s.on_hand = qty_from_numeric(row->on_hand, "stored quantity");
    s.reserved = qty_from_numeric(row->reserved, "stored quantity");
    s.guarded = row->guarded;
    if (row->guarded) s.guard = qty_from_numeric(row->guard, "stored quantity");
    s.version = version_of(row->tid);
    return s;
}

// Rows, in (item, location, slot) order, as levels.
std::vector<Level> levels_of(List* rows, bool whole) {
    std::vector<Level> out;
    out.reserve(size_t(list_length(rows)));
    ListCell* cell;
    foreach (cell, rows) {
        const level_scan::Row* row = static_cast<const level_scan::Row*>(lfirst(cell));
        if (out.empty() || out.back().item_id != row->item_id || out.back().location_id != row->location_id) {
            Level l;
            l.item_id = row->item_id;
            l.location_id = row->location_id;
            l.priority = row->priority;
            l.location_code.assign(VARDATA_ANY(row->location_code), VARSIZE_ANY_EXHDR(row->location_code));
            l.lot_tracked = row->lot_tracked;
            l.watched = row->watched;
            l.slot_count = row->slot_count;
            l.whole = whole;
            out.push_back(std::move(l));
        }
        Level& l = out.back();
        l.slots.push_back(slot_of(row));
        l.on_hand += l.slots.back().on_hand;
        l.reserved += l.slots.back().reserved;
    }
    return out;
}

Slot& slot_at(Level& level, int16 number) {
    for (Slot& s : level.slots)
        if (s.number == number) return s;
    throw std::logic_error("stock level slot was not locked");
}

// The row's current version, after a write that did not report it.
void find_version(Slot& slot) {
    static spi::Plan plan("SELECT ctid FROM stockhold.stock_levels WHERE id = $1", {INT8OID});
    spi::Result r = spi::run(plan, {spi::int8(slot.id)});
    if (r.empty()) throw std::runtime_error("stock level row missing while reserving");
    slot.version = version_of(*reinterpret_cast<ItemPointer>(DatumGetPointer(r.get(0, 1))));
}

// Moves on_hand between the rows of a level (its total unchanged).
void shift(Slot& slot, qty_t on_hand_delta) {
    static spi::Plan plan(
        "UPDATE stockhold.stock_levels SET on_hand = pg_catalog.trim_scale(on_hand + $2), updated_at = now()"
        " WHERE id = $1 RETURNING id",
        {INT8OID, NUMERICOID});
    if (spi::run(plan, {spi::int8(slot.id), spi::qty(on_hand_delta)}).size() != 1)
        throw std::runtime_error("stock level row missing while moving stock between slots");
    slot.on_hand += on_hand_delta;
    slot.version = {};
}

}  // namespace

std::vector<Level> lock_item(int64 item_id) {
    return levels_of(pg_guard([&] { return level_scan::lock_levels(item_id); }), true);
}

Level lock_at(int64 item_id, int32 location_id) {
    // A new level has the item's slots, all empty.
    static spi::Plan create(
        "INSERT INTO stockhold.stock_levels (item_id, location_id, slot, slots, lot_tracked, watched)"
        " SELECT $1, $2, g, i.slots, i.lot_tracked, i.low_stock_threshold IS NOT NULL"
        "   FROM stockhold.items i, pg_catalog.generate_series(0, i.slots - 1) g WHERE i.id = $1"
        " ON CONFLICT (item_id, location_id, slot) DO NOTHING RETURNING slot",
        {INT8OID, INT4OID});
    // After the new level is ours (levels, then item: the global order), the
    // item row: an upsert_item() or set_slots() changing the threshold or
    // the slots either finished first (read here) or waits for us and then
    // sees this level. Written, not just locked: a REPEATABLE READ backorder
    // hold of the item that did not see this level fails to serialize when
    // it locks the item's queue (backorders::lock_for_queue()).
    static spi::Plan item(
        "UPDATE stockhold.items SET stock_changed_at = now() WHERE id = $1"
        " RETURNING slots::integer, low_stock_threshold IS NOT NULL",
        {INT8OID});
    static spi::Plan more(
        "INSERT INTO stockhold.stock_levels (item_id, location_id, slot, slots, lot_tracked, watched)"
        " SELECT $1, $2, g, $4, lot_tracked, watched FROM stockhold.stock_levels,"
        "        pg_catalog.generate_series($3, $4 - 1) g"
        "  WHERE item_id = $1 AND location_id = $2 AND slot = 0",
        {INT8OID, INT4OID, INT4OID, INT4OID});
    static spi::Plan fit(
        "UPDATE stockhold.stock_levels SET slots = $3, watched = $4 WHERE item_id = $1 AND location_id = $2",
        {INT8OID, INT4OID, INT4OID, BOOLOID});
    List* rows = pg_guard([&] { return level_scan::lock_level(item_id, location_id); });
    if (rows == NIL) {
        write_scope::Scope writing;
        uint64 made = spi::run(create, {spi::int8(item_id), spi::int4(location_id)}).size();
        if (made > 0) {
            spi::Result now = spi::run(item, {spi::int8(item_id)});
            int32 count = now.int4(0, 1);
            if (uint64(count) > made) spi::run(more, {spi::int8(item_id), spi::int4(location_id), spi::int4(int32(made)), spi::int4(count)});
            spi::run(fit, {spi::int8(item_id), spi::int4(location_id), spi::int4(count), spi::boolean(now.boolean(0, 2))});
        }
        rows = pg_guard([&] { return level_scan::lock_level(item_id, location_id); });
    }
    if (rows == NIL) throw std::runtime_error("stock level vanished while being created");
    return std::move(levels_of(rows, true).front());
}

std::vector<Level> lock_all(const std::vector<std::pair<int64, int32>>& sorted) {
    std::vector<Level> locked;
    for (const auto& [item_id, location_id] : sorted) {
        check_interrupts();
        if (!locked.empty() && locked.back().item_id == item_id && locked.back().location_id == location_id) continue;
        locked.push_back(lock_at(item_id, location_id));
    }
    return locked;
}

std::vector<Level> lock_slots(const std::vector<SlotKey>& sorted) {
    List* rows = NIL;
    const SlotKey* last = nullptr;
    for (const SlotKey& k : sorted) {
        check_interrupts();
        if (last && std::tie(last->item_id, last->location_id, last->slot) == std::tie(k.item_id, k.location_id, k.slot))
            continue;
        last = &k;
        level_scan::Row* row = pg_guard([&] { return level_scan::lock_slot(k.item_id, k.location_id, k.slot); });
        if (!row) throw std::runtime_error("stock level row of a hold is missing");
        rows = pg_guard([&] { return lappend(rows, row); });
    }
    return levels_of(rows, false);
}

Level* find(std::vector<Level>& locked, int64 item_id, int32 location_id) {
    auto found = std::lower_bound(locked.begin(), locked.end(), std::make_pair(item_id, location_id),
                                  [](const Level& l, const std::pair<int64, int32>& key) {
                                      return std::make_pair(l.item_id, l.location_id) < key;
                                  });
    if (found == locked.end() || found->item_id != item_id || found->location_id != location_id) return nullptr;
    return &*found;
}

Level& at(std::vector<Level>& locked, int64 item_id, int32 location_id) {
    Level* level = find(locked, item_id, location_id);
    if (!level) throw std::logic_error("stock level was not locked");
    return *level;
}

namespace {

// One row's part of a movement; with ledger, the movement's ledger row too,
// in the same statement (and the lot's, when lot_id is set).
void move_row(Level& level, Slot& slot, const Movement& m, qty_t on_hand_delta, qty_t reserved_delta, bool ledger,
              bool lot) {
    // A lot movement changes the lot in the same statement; the row is
    // updated only if the lot row was (so a missing lot cannot go unnoticed).
    static spi::Plan with_lot(
        "WITH lot AS ("
        "  UPDATE stockhold.lots"
        "     SET on_hand = pg_catalog.trim_scale(on_hand + $2), reserved = pg_catalog.trim_scale(reserved + $3)"
        "   WHERE id = $10 AND (item_id, location_id) = (SELECT item_id, location_id FROM stockhold.stock_levels WHERE id = $1)"
        "  RETURNING id),"
        " moved AS ("
        "  UPDATE stockhold.stock_levels"
        "     SET on_hand = pg_catalog.trim_scale(on_hand + $2), reserved = pg_catalog.trim_scale(reserved + $3),"
        "         updated_at = now()"
        "   WHERE id = $1 AND EXISTS (SELECT FROM lot) RETURNING item_id, location_id)"
        " INSERT INTO stockhold.ledger"
        "   (movement, item_id, location_id, qty, on_hand_delta, reserved_delta, order_id, hold_id, reason, actor, lot_id)"
        " SELECT $4::stockhold.movement, item_id, location_id, $5, $2, $3, $6, $7, $8, $9::name, $10 FROM moved",
        {INT8OID, NUMERICOID, NUMERICOID, TEXTOID, NUMERICOID, INT8OID, INT8OID, TEXTOID, TEXTOID, INT8OID});
    static spi::Plan plan(
        "WITH moved AS ("
        "  UPDATE stockhold.stock_levels"
        "     SET on_hand = pg_catalog.trim_scale(on_hand + $2), reserved = pg_catalog.trim_scale(reserved + $3),"
        "         updated_at = now()"
        "   WHERE id = $1 RETURNING item_id, location_id)"
        " INSERT INTO stockhold.ledger"
        "   (movement, item_id, location_id, qty, on_hand_delta, reserved_delta, order_id, hold_id, reason, actor)"
        " SELECT $4::stockhold.movement, item_id, location_id, $5, $2, $3, $6, $7, $8, $9::name FROM moved",
        {INT8OID, NUMERICOID, NUMERICOID, TEXTOID, NUMERICOID, INT8OID, INT8OID, TEXTOID, TEXTOID});
    static spi::Plan lot_only(
        "UPDATE stockhold.lots"
        "   SET on_hand = pg_catalog.trim_scale(on_hand + $2), reserved = pg_catalog.trim_scale(reserved + $3)"
        " WHERE id = $4 AND item_id = $5 AND location_id = $6 RETURNING id",
        {INT8OID, NUMERICOID, NUMERICOID, INT8OID, INT8OID, INT4OID});
    static spi::Plan row_only(
        "UPDATE stockhold.stock_levels"
        "   SET on_hand = pg_catalog.trim_scale(on_hand + $2), reserved = pg_catalog.trim_scale(reserved + $3),"
        "       updated_at = now()"
        " WHERE id = $1 RETURNING id",
        {INT8OID, NUMERICOID, NUMERICOID});
    spi::Arg order = m.order_id ? spi::int8(m.order_id) : spi::null();
    spi::Arg hold = m.hold_id ? spi::int8(m.hold_id) : spi::null();
    uint64 done;
    if (ledger && lot)
        done = spi::run(with_lot, {spi::int8(slot.id), spi::qty(on_hand_delta), spi::qty(reserved_delta),
                                   spi::text(m.kind), spi::qty(m.qty), order, hold, spi::text_or_null(m.reason),
                                   spi::text(actor()), spi::int8(m.lot_id)}).size();
    else if (ledger)
        done = spi::run(plan, {spi::int8(slot.id), spi::qty(on_hand_delta), spi::qty(reserved_delta), spi::text(m.kind),
                               spi::qty(m.qty), order, hold, spi::text_or_null(m.reason), spi::text(actor())}).size();
    else if (lot)
        done = spi::run(lot_only, {spi::int8(0), spi::qty(on_hand_delta), spi::qty(reserved_delta), spi::int8(m.lot_id),
                                   spi::int8(level.item_id), spi::int4(level.location_id)}).size();
    else
        done = spi::run(row_only, {spi::int8(slot.id), spi::qty(on_hand_delta), spi::qty(reserved_delta)}).size();
    if (done != 1) throw std::runtime_error("stock level row or lot missing while applying a movement");
    if (!lot || ledger) {
        slot.version = {};
        slot.on_hand += on_hand_delta;
        slot.reserved += reserved_delta;
        level.on_hand += on_hand_delta;
        level.reserved += reserved_delta;
    }
}

}  // namespace

void apply(Level& level, const Movement& m) {
    write_scope::Scope writing;
    if (m.slot >= 0 || level.slots.size() == 1) {
        Slot& slot = m.slot >= 0 ? slot_at(level, m.slot) : level.slots.front();
        move_row(level, slot, m, m.on_hand_delta, m.reserved_delta, true, m.lot_id != 0);
        return;
    }
    // The level's movement over its slots: the lot once, then each row's
    // part, then one ledger row for the whole movement.
    if (m.reserved_delta != 0 || !level.whole) throw std::logic_error("a level's movement without a slot moves on_hand only");
    std::vector<qty_t> part(level.slots.size(), 0);
    if (m.on_hand_delta >= 0) {
        std::vector<qty_t> shares = slots::spread(m.on_hand_delta, size_t(level.slot_count));
        size_t next = 0;
        for (size_t i = 0; i < level.slots.size(); ++i)
            if (level.slots[i].number < level.slot_count) part[i] = shares[next++];
    } else {
        qty_t left = -m.on_hand_delta;  // from the rows' available, in slot order (settle() spreads again)
        for (size_t i = 0; i < level.slots.size() && left > 0; ++i) {
            part[i] = -std::min(left, level.slots[i].available());
            left += part[i];
        }
        if (left > 0) throw std::logic_error("stock take below what its level holds reserved");
    }
    if (m.lot_id) move_row(level, level.slots.front(), m, m.on_hand_delta, 0, false, true);
    for (size_t i = 0; i < level.slots.size(); ++i) {
        check_interrupts();
        if (part[i] != 0) move_row(level, level.slots[i], m, part[i], 0, false, false);
    }
    static spi::Plan record(
        "INSERT INTO stockhold.ledger"
        "   (movement, item_id, location_id, qty, on_hand_delta, reserved_delta, order_id, hold_id, reason, actor, lot_id)"
        " VALUES ($1::stockhold.movement, $2, $3, $4, $5, 0, $6, $7, $8, $9::name, $10)",
        {TEXTOID, INT8OID, INT4OID, NUMERICOID, NUMERICOID, INT8OID, INT8OID, TEXTOID, TEXTOID, INT8OID});
    spi::run(record, {spi::text(m.kind), spi::int8(level.item_id), spi::int4(level.location_id), spi::qty(m.qty),
                      spi::qty(m.on_hand_delta), m.order_id ? spi::int8(m.order_id) : spi::null(),
                      m.hold_id ? spi::int8(m.hold_id) : spi::null(), spi::text_or_null(m.reason), spi::text(actor()),
                      m.lot_id ? spi::int8(m.lot_id) : spi::null()});
}

void unreserve(Level& level, qty_t qty, int64 lot_id, int16 slot) {
    // As apply(): a lot changes with its level, and a missing lot is noticed.
    static spi::Plan with_lot(
        "WITH lot AS ("
        "  UPDATE stockhold.lots SET reserved = pg_catalog.trim_scale(reserved - $2)"
        "   WHERE id = $3 AND (item_id, location_id) = (SELECT item_id, location_id FROM stockhold.stock_levels WHERE id = $1)"
        "  RETURNING id)"
        " UPDATE stockhold.stock_levels SET reserved = pg_catalog.trim_scale(reserved - $2), updated_at = now()"
        "  WHERE id = $1 AND EXISTS (SELECT FROM lot) RETURNING id",
        {INT8OID, NUMERICOID, INT8OID});
    static spi::Plan plan(
        "UPDATE stockhold.stock_levels SET reserved = pg_catalog.trim_scale(reserved - $2), updated_at = now()"
        " WHERE id = $1 RETURNING id",
        {INT8OID, NUMERICOID});
    write_scope::Scope writing;
    Slot& s = slot_at(level, slot);
    spi::Result r = lot_id ? spi::run(with_lot, {spi::int8(s.id), spi::qty(qty), spi::int8(lot_id)})
                           : spi::run(plan, {spi::int8(s.id), spi::qty(qty)});
    if (r.size() != 1) throw std::runtime_error("stock level row missing while giving back a reservation");
    s.version = {};
    s.reserved -= qty;
    level.reserved -= qty;
}

namespace {

// A hold's rows as plain data, for write_hold() inside pg_guard.
struct HoldRows {
    ItemPointerData level_tid;  // the row (slot) reserved
    int64 lot_id;               // 0: not of a lot
    Datum qty;                  // numeric
    int64 order_id;
    int64 checkout_id;  // 0: the order's own checkout
    bool new_checkout;  // inserted by this transaction
    int64 item_id;
    int32 location_id;
    int16 slot;
    Datum expires_at;
    bool expires;
    const char* actor;
    bool late;                // lock the level after writing the hold, and reserve only if it covers qty
    int64 hold_id;            // out
    ItemPointerData new_tid;  // out: the row's new version (or, late and short, the version locked)
    bool reserved;            // out: the row's reserved includes qty
    bool fill;                // a fill of a backorder line, queued at queued_at
    Datum on_hand, reserved_now;  // out, late: the locked row's values (numeric)
    Datum queued_at;              // timestamptz, for a fill
};

// Adds qty to the reserved column of the fetched row of table t.
ItemPointerData add_reserved(table_write::Statement* s, int t, Datum qty, Datum now, bool stamp) {
    using namespace table_write;
    Datum reserved = DirectFunctionCall1(numeric_trim_scale, DirectFunctionCall2(numeric_add, old_value(s, t, "reserved"), qty));
    const Column changed[] = {{"reserved", reserved, false}, {"updated_at", now, false}};
    return update(s, t, changed, stamp ? 2 : 1);
}

// Locks the newest version of the level row at tid in table t, as
// level_scan locks levels, into s->old_row[t]; false if the row was deleted
// meanwhile (READ COMMITTED: as FOR UPDATE skips it).
bool lock_newest(table_write::Statement* s, int t, ItemPointer tid) {
    bool xact_snapshot = IsolationUsesXactSnapshot();
    TM_FailureData failure;
    TM_Result result = table_tuple_lock(s->tables[t]->ri_RelationDesc, tid, GetActiveSnapshot(), s->old_row[t],
                                        GetCurrentCommandId(false), LockTupleExclusive, LockWaitBlock,
                                        xact_snapshot ? 0 : TUPLE_LOCK_FLAG_FIND_LAST_VERSION, &failure);
    if (result == TM_Deleted && !xact_snapshot) return false;
    if (result == TM_Updated || result == TM_Deleted)
        ereport(ERROR, (errcode(ERRCODE_T_R_SERIALIZATION_FAILURE),
                        errmsg("could not serialize access due to concurrent update")));
    if (result != TM_Ok) elog(ERROR, "unexpected result %d locking a stock level", int(result));
    return true;
}

// The hold row, as one statement would write it, without planning or
// starting one (see table_write.hpp).
void insert_hold(table_write::Statement* s, int t, HoldRows* h, Datum now) {
    using namespace table_write;
    // The hold's level row is updated or locked by this statement before
    // the key checks run (at finish()), so locked to the end of the
    // transaction; a new checkout is this transaction's own.
    const KnownKey known[] = {{"stock_levels", {"item_id", "location_id", "slot"}, 3}, {"checkouts", {"checkout_id"}, 1}};
    h->hold_id = next_id("holds_id_seq");
    Datum lot = Int64GetDatum(h->lot_id);
    const Column hold[] = {
        {"id", Int64GetDatum(h->hold_id), false},
        {"order_id", Int64GetDatum(h->order_id), false},
        {"checkout_id", Int64GetDatum(h->checkout_id), h->checkout_id == 0},
        {"item_id", Int64GetDatum(h->item_id), false},
        {"location_id", Int32GetDatum(h->location_id), false},
        {"qty", h->qty, false},
        {"status", enum_value(s, t, "status", "active"), false},
        {"expires_at", h->expires_at, !h->expires},
        {"created_at", now, false},
        {"ended_at", Datum(0), true},
        {"end_reason", Datum(0), true},
        {"renewed_by", Datum(0), true},
        {"lot_id", lot, h->lot_id == 0},
        {"created_by", DirectFunctionCall1(namein, CStringGetDatum(h->actor)), false},
        {"held_qty", h->qty, false},
        {"ended_by", Datum(0), true},
        {"slot", Int16GetDatum(h->slot), false},
        {"queued_at", h->queued_at, !h->fill},
    };
    insert(s, t, hold, lengthof(hold), known, h->new_checkout ? 2 : 1);
}

// Reserves qty on the level row (and its lot) and inserts the hold, as one
// statement would. The row's lock serialises its lots. Late: the hold row
// first, then the row locked and reserved only if it covers qty.
void write_hold(HoldRows* h) {
    using namespace table_write;
    static const char* const tables[] = {"stock_levels", "holds", "lots"};
    enum { level_t, hold_t, lot_t };
    Statement s;
    begin(&s, tables, h->lot_id ? 3 : 2);
    Datum now = TimestampTzGetDatum(GetCurrentTransactionStartTimestamp());
    if (h->late) {
        insert_hold(&s, hold_t, h, now);
        if (!lock_newest(&s, level_t, &h->level_tid)) {
            // The level is gone: nothing to reserve (the caller refuses, and
            // its error takes back the hold row, whose key had no check).
            h->on_hand = h->reserved_now = NumericGetDatum(int64_to_numeric(0));
            h->reserved = false;
            ItemPointerSetInvalid(&h->new_tid);
            finish(&s);
            return;
        }
    } else {
        fetch(&s, level_t, &h->level_tid);
    }
    if (DatumGetInt64(old_value(&s, level_t, "item_id")) != h->item_id ||
        DatumGetInt32(old_value(&s, level_t, "location_id")) != h->location_id ||
        DatumGetInt16(old_value(&s, level_t, "slot")) != h->slot)
        elog(ERROR, "hold of item %lld at location %d written to another level", static_cast<long long>(h->item_id),
             h->location_id);
    h->new_tid = s.old_row[level_t]->tts_tid;
    if (h->late) {
        h->on_hand = datumCopy(old_value(&s, level_t, "on_hand"), false, -1);
        h->reserved_now = datumCopy(old_value(&s, level_t, "reserved"), false, -1);
        Datum available = DirectFunctionCall2(numeric_sub, h->on_hand, h->reserved_now);
        h->reserved = DatumGetBool(DirectFunctionCall2(numeric_ge, available, h->qty));
        if (!h->reserved) {
            finish(&s);
            return;
        }
    }
    if (h->lot_id) {
        fetch_by_key(&s, lot_t, "lots_pkey", h->lot_id);
        if (DatumGetInt64(old_value(&s, lot_t, "item_id")) != h->item_id ||
            DatumGetInt32(old_value(&s, lot_t, "location_id")) != h->location_id)
            elog(ERROR, "lot %lld is not of the stock level being reserved", static_cast<long long>(h->lot_id));
        add_reserved(&s, lot_t, h->qty, now, false);
    }
    h->new_tid = add_reserved(&s, level_t, h->qty, now, true);
    h->reserved = true;
    if (!h->late) insert_hold(&s, hold_t, h, now);
    finish(&s);
}

// now() + ttl, as SQL would say it (now() is the transaction's start).
Datum expiry(Datum ttl, bool has_ttl) {
    if (!has_ttl) return Datum(0);
    return pg_guard([&] {
        return DirectFunctionCall2(timestamptz_pl_interval, TimestampTzGetDatum(GetCurrentTransactionStartTimestamp()), ttl);
    });
}

// Moves on_hand into the gathering's target slot from the others (the
// level's total unchanged), so that it covers what is about to be taken.
void gather_into(Level& level, const slots::Gathering& g) {
    qty_t total = 0;
    for (size_t i = 0; i < level.slots.size(); ++i) {
        if (g.give[i] == 0) continue;
        shift(level.slots[i], -g.give[i]);
        total += g.give[i];
    }
    if (total > 0) shift(level.slots[g.target], total);
}

// Reserves qty at one locked row of the level and inserts the hold.
Reservation reserve_row(Level& level, size_t target, int64 lot_id, int64 order_id, int64 checkout_id,
                        bool new_checkout, qty_t qty, Datum expires_at, bool has_ttl, const Datum* queued_at = nullptr) {
    Slot& slot = level.slots[target];
    write_scope::Scope writing;
    if (!slot.version.known()) find_version(slot);
    std::string who = actor();
    HoldRows rows{tid_of(slot.version), lot_id, qty_to_numeric(qty), order_id, checkout_id, new_checkout,
                  level.item_id, level.location_id, slot.number, expires_at, has_ttl, who.c_str(), false, 0, {}, false,
                  false, 0, 0, 0};
    if (queued_at) {
        rows.queued_at = *queued_at;
        rows.fill = true;
    }
    pg_guard([&] { write_hold(&rows); });
    slot.version = version_of(rows.new_tid);
    slot.reserved += qty;
    level.reserved += qty;
    return {rows.hold_id, expires_at, has_ttl};
}

}  // namespace

Reservation reserve(Level& level, int64 lot_id, int64 order_id, int64 checkout_id, bool new_checkout, qty_t qty,
                    Datum ttl, bool has_ttl) {
    Datum expires_at = expiry(ttl, has_ttl);
    size_t target = 0;
    if (level.slots.size() > 1) {
        if (!level.whole) throw std::logic_error("a reservation at a slotted level needs every slot locked");
        slots::Gathering g = slots::gather(level, qty);
        write_scope::Reshaping reshaping;
        gather_into(level, g);
        target = g.target;
    }
    return reserve_row(level, target, lot_id, order_id, checkout_id, new_checkout, qty, expires_at, has_ttl);
}

std::vector<Fill> reserve_locked(Level& level, int64 lot_id, int64 order_id, int64 checkout_id, qty_t qty, Datum ttl,
                                 bool has_ttl, Datum queued_at) {
    Datum expires_at = expiry(ttl, has_ttl);
    if (level.slots.size() == 1)
        return {{reserve_row(level, 0, lot_id, order_id, checkout_id, false, qty, expires_at, has_ttl, &queued_at), qty}};
    std::vector<Fill> made;
    qty_t left = qty;
    for (size_t i = 0; i < level.slots.size() && left > 0; ++i) {
        qty_t take = std::min(left, level.slots[i].available());
        if (take <= 0) continue;
        made.push_back({reserve_row(level, i, lot_id, order_id, checkout_id, false, take, expires_at, has_ttl, &queued_at), take});
        left -= take;
    }
    if (left > 0) throw std::logic_error("a reservation beyond the locked rows' available stock");
    return made;
}

void settle(std::vector<Level>& locked, int64 item_id) {
    static spi::Plan threshold_of("SELECT low_stock_threshold FROM stockhold.items WHERE id = $1", {INT8OID});
    static spi::Plan set_row(
        "UPDATE stockhold.stock_levels SET on_hand = $2, guard = $3, updated_at = now() WHERE id = $1 RETURNING id",
        {INT8OID, NUMERICOID, NUMERICOID});
    // The item's levels: locked is sorted by (item, location).
    auto first = std::lower_bound(locked.begin(), locked.end(), item_id,
                                  [](const Level& l, int64 item) { return l.item_id < item; });
    std::vector<Level*> mine;
    for (auto l = first; l != locked.end() && l->item_id == item_id; ++l) mine.push_back(&*l);
    if (std::none_of(mine.begin(), mine.end(), [](const Level* l) { return l->slotted(); })) return;
    for (const Level* l : mine)
        if (!l->whole) throw std::logic_error("settling a level needs every slot locked");
    bool watched = mine.front()->watched;
    qty_t threshold = watched ? spi::run(threshold_of, {spi::int8(item_id)}).qty(0, 1) : 0;
    std::vector<const Level*> view(mine.begin(), mine.end());
    std::vector<std::vector<slots::Settled>> plan = slots::settle(view, watched, threshold);
    write_scope::Reshaping reshaping;
    for (size_t l = 0; l < mine.size(); ++l) {
        for (size_t i = 0; i < mine[l]->slots.size(); ++i) {
            check_interrupts();
            Slot& s = mine[l]->slots[i];
            const slots::Settled& p = plan[l][i];
            if (p.on_hand == s.on_hand && p.guarded == s.guarded && (!p.guarded || p.guard == s.guard)) continue;
            if (spi::run(set_row, {spi::int8(s.id), spi::qty(p.on_hand), p.guarded ? spi::qty(p.guard) : spi::null()})
                    .size() != 1)
                throw std::runtime_error("stock level row missing while settling its slots");
            s.on_hand = p.on_hand;
            s.guarded = p.guarded;
            s.guard = p.guard;
            s.version = {};
        }
    }
    // Gathering stock for a reservation may have taken other slots below
    // their guards without a look at the item: decide its alert now.
    if (watched) alerts::evaluate(item_id);
}

void set_slot_count(std::vector<Level>& locked, int64 item_id, int16 count) {
    // The rows of new slots, empty, at every level of the item.
    static spi::Plan add_rows(
        "INSERT INTO stockhold.stock_levels (item_id, location_id, slot, slots, lot_tracked, watched)"
        " SELECT $1, l.location_id, g, $2, l.lot_tracked, l.watched"
        "   FROM stockhold.stock_levels l, pg_catalog.generate_series(0, $2 - 1) g"
        "  WHERE l.item_id = $1 AND l.slot = 0"
        " ON CONFLICT (item_id, location_id, slot) DO NOTHING",
        {INT8OID, INT4OID});
    static spi::Plan threshold_of("SELECT low_stock_threshold FROM stockhold.items WHERE id = $1", {INT8OID});
    static spi::Plan set_row(
        "UPDATE stockhold.stock_levels SET on_hand = $2, slots = $3, guard = $4, updated_at = now()"
        " WHERE id = $1 RETURNING id",
        {INT8OID, NUMERICOID, INT4OID, NUMERICOID});
    static spi::Plan set_item("UPDATE stockhold.items SET slots = $2, updated_at = now() WHERE id = $1", {INT8OID, INT4OID});
    write_scope::Reshaping reshaping;
    spi::run(add_rows, {spi::int8(item_id), spi::int4(count)});
    locked = lock_item(item_id);  // with the new rows (ours: nobody else sees them yet)
    // Holds keep their slots: a row beyond the count keeps what its holds
    // reserve (and what they give back, until a decision on the whole level
    // moves it), so no hold row changes.
    for (Level& l : locked) l.slot_count = count;
    bool watched = !locked.empty() && locked.front().watched;
    qty_t threshold = watched ? spi::run(threshold_of, {spi::int8(item_id)}).qty(0, 1) : 0;
    std::vector<const Level*> view;
    view.reserve(locked.size());
    for (const Level& l : locked) view.push_back(&l);
    std::vector<std::vector<slots::Settled>> plan = slots::settle(view, watched, threshold);
    for (size_t l = 0; l < locked.size(); ++l) {
        for (size_t i = 0; i < locked[l].slots.size(); ++i) {
            check_interrupts();
            Slot& s = locked[l].slots[i];
            const slots::Settled& p = plan[l][i];
            if (spi::run(set_row, {spi::int8(s.id), spi::qty(p.on_hand), spi::int4(count),
                                   p.guarded ? spi::qty(p.guard) : spi::null()})
                    .size() != 1)
                throw std::runtime_error("stock level row missing while changing its slots");
            s.on_hand = p.on_hand;
            s.guarded = p.guarded;
            s.guard = p.guard;
            s.version = {};
        }
    }
    spi::run(set_item, {spi::int8(item_id), spi::int4(count)});
}

void rewatch(const std::string& sku, bool watched) {
    static spi::Plan plan(
        "UPDATE stockhold.stock_levels SET updated_at = now(), watched = $2, guard = NULL WHERE id IN ("
        "  SELECT id FROM stockhold.stock_levels WHERE item_id = (SELECT id FROM stockhold.items WHERE sku = $1)"
        "   ORDER BY location_id, slot FOR UPDATE)",
        {TEXTOID, BOOLOID});
    write_scope::Scope writing;
    spi::run(plan, {spi::text(sku), spi::boolean(watched)});
}

void rewatch_new(int64 item_id, bool watched) {
    static spi::Plan plan(
        "UPDATE stockhold.stock_levels SET watched = $2, guard = NULL WHERE item_id = $1 AND watched <> $2",
        {INT8OID, BOOLOID});
    write_scope::Scope writing;
    spi::run(plan, {spi::int8(item_id), spi::boolean(watched)});
}

LateReservation reserve_late(Level& level, int64 order_id, int64 checkout_id, bool new_checkout, qty_t qty, Datum ttl,
                             bool has_ttl) {
    Datum expires_at = expiry(ttl, has_ttl);
    Slot& slot = level.slots.front();
    write_scope::Scope writing;
    std::string who = actor();
    HoldRows rows{tid_of(slot.version), 0, qty_to_numeric(qty), order_id, checkout_id, new_checkout, level.item_id,
                  level.location_id, slot.number, expires_at, has_ttl, who.c_str(), true, 0, {}, false, false, 0, 0, 0};
    pg_guard([&] { write_hold(&rows); });
    slot.version = version_of(rows.new_tid);
    slot.on_hand = qty_from_numeric(rows.on_hand, "stored quantity");
    slot.reserved = qty_from_numeric(rows.reserved_now, "stored quantity") + (rows.reserved ? qty : 0);
    level.on_hand = slot.on_hand;
    level.reserved = slot.reserved;
    return {{rows.hold_id, expires_at, has_ttl}, rows.reserved};
}

void reserve_written(Level& level, qty_t qty) {
    static spi::Plan plan(
        "UPDATE stockhold.stock_levels SET reserved = pg_catalog.trim_scale(reserved + $2), updated_at = now()"
        " WHERE id = $1 RETURNING id",
        {INT8OID, NUMERICOID});
    write_scope::Scope writing;
    Slot& slot = level.slots.front();
    if (spi::run(plan, {spi::int8(slot.id), spi::qty(qty)}).size() != 1)
        throw std::runtime_error("stock level row missing while reserving");
    slot.version = {};
    slot.reserved += qty;
    level.reserved += qty;
}

std::optional<Reservation> reserve_in_slot(const Level& level, int64 order_id, int64 checkout_id, bool new_checkout,
                                           qty_t qty, Datum ttl, bool has_ttl) {
    Datum expires_at = expiry(ttl, has_ttl);
    Datum wanted = qty_to_numeric(qty);
    int64 item_id = level.item_id;
    int32 location_id = level.location_id;
    // Backends start at different slots, so that few meet on one.
    int home = MyProcPid;
    int count = level.slot_count;
    level_scan::Row* row = pg_guard([&] { return slot_pick::pick(item_id, location_id, count, home, wanted); });
    if (!row) return std::nullopt;
    write_scope::Scope writing;
    std::string who = actor();
    HoldRows rows{row->tid, 0, wanted, order_id, checkout_id, new_checkout, item_id, location_id, row->slot,
                  expires_at, has_ttl, who.c_str(), false, 0, {}, false, false, 0, 0, 0};
    pg_guard([&] { write_hold(&rows); });
    return Reservation{rows.hold_id, expires_at, has_ttl};
}

std::optional<std::vector<Level>> read_sku(const std::string& sku, int64* item_id) {
    const char* name = sku.data();
    int len = int(sku.size());
    List* rows = pg_guard([&] { return level_scan::rows_of_sku(name, len, item_id); });
    if (*item_id == 0) return std::nullopt;
    std::vector<Level> levels = levels_of(rows, true);
    for (Level& l : levels) l.whole = !l.slotted();
    return levels;
}

}  // namespace sh::levels
