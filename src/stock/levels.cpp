#include "stock/levels.hpp"

#include <algorithm>
#include <stdexcept>

#include "bridge/actor.hpp"
#include "bridge/spi.hpp"
#include "core/interrupts.hpp"
#include "rows/level_scan.hpp"
#include "rows/table_write.hpp"
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

Level read_level(const spi::Result& r, uint64 row) {
    Level l;
    l.id = r.int8(row, 1);
    l.item_id = r.int8(row, 2);
    l.location_id = r.int4(row, 3);
    l.on_hand = r.qty(row, 4);
    l.reserved = r.qty(row, 5);
    l.priority = r.int4(row, 6);
    l.location_code = r.text(row, 7);
    l.lot_tracked = r.boolean(row, 8);
    l.version = version_of(*reinterpret_cast<ItemPointer>(DatumGetPointer(r.get(row, 9))));
    return l;
}

// The level row carries a copy of its item's lot_tracked flag, so items
// without lots pay nothing to find out (begin_lots() keeps the copies right).
#define LEVEL_COLUMNS \
    "sl.id, sl.item_id, sl.location_id, sl.on_hand, sl.reserved, l.priority, l.code, sl.lot_tracked, sl.ctid"
#define LEVEL_FROM " FROM stockhold.stock_levels sl JOIN stockhold.locations l ON l.id = sl.location_id"

}  // namespace

namespace {

std::vector<Level> levels_of(List* rows) {
    std::vector<Level> out;
    out.reserve(size_t(list_length(rows)));
    ListCell* cell;
    foreach (cell, rows) {
        const level_scan::Row* row = static_cast<const level_scan::Row*>(lfirst(cell));
        Level l;
        l.id = row->id;
        l.item_id = row->item_id;
        l.location_id = row->location_id;
        l.on_hand = qty_from_numeric(row->on_hand, "stored quantity");
        l.reserved = qty_from_numeric(row->reserved, "stored quantity");
        l.priority = row->priority;
        l.location_code.assign(VARDATA_ANY(row->location_code), VARSIZE_ANY_EXHDR(row->location_code));
        l.lot_tracked = row->lot_tracked;
        l.version = version_of(row->tid);
        out.push_back(std::move(l));
    }
    return out;
}

}  // namespace

std::vector<Level> lock_item(int64 item_id) {
    return levels_of(pg_guard([&] { return level_scan::lock_levels(item_id); }));
}

Level lock_at(int64 item_id, int32 location_id) {
    static spi::Plan create(
        "INSERT INTO stockhold.stock_levels (item_id, location_id, lot_tracked, watched)"
        " SELECT $1, $2, lot_tracked, low_stock_threshold IS NOT NULL FROM stockhold.items WHERE id = $1"
        " ON CONFLICT (item_id, location_id) DO NOTHING RETURNING id",
        {INT8OID, INT4OID});
    // After the new level is ours (levels, then item: the global order), the
    // item row for share: an upsert_item() changing the threshold either
    // finished first (its threshold is read here) or waits for us and then
    // sees this level (and sets watched on it).
    static spi::Plan watch(
        "UPDATE stockhold.stock_levels SET watched = ("
        "   SELECT low_stock_threshold IS NOT NULL FROM stockhold.items WHERE id = $2 FOR SHARE)"
        " WHERE id = $1",
        {INT8OID, INT8OID});
    static spi::Plan lock(
        "SELECT " LEVEL_COLUMNS LEVEL_FROM
        " WHERE sl.item_id = $1 AND sl.location_id = $2 FOR UPDATE OF sl",
        {INT8OID, INT4OID});
    spi::Result r = spi::run(lock, {spi::int8(item_id), spi::int4(location_id)});
    if (r.empty()) {
        write_scope::Scope writing;
        spi::Result made = spi::run(create, {spi::int8(item_id), spi::int4(location_id)});
        if (!made.empty()) spi::run(watch, {spi::int8(made.int8(0, 1)), spi::int8(item_id)});
        r = spi::run(lock, {spi::int8(item_id), spi::int4(location_id)});
    }
    if (r.empty()) throw std::runtime_error("stock level vanished while being created");
    return read_level(r, 0);
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

void apply(Level& level, const Movement& m) {
    // A lot movement changes the lot in the same statement; the level is
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
    write_scope::Scope writing;
    spi::Arg order = m.order_id ? spi::int8(m.order_id) : spi::null();
    spi::Arg hold = m.hold_id ? spi::int8(m.hold_id) : spi::null();
    spi::Result r = m.lot_id
                        ? spi::run(with_lot, {spi::int8(level.id), spi::qty(m.on_hand_delta), spi::qty(m.reserved_delta),
                                              spi::text(m.kind), spi::qty(m.qty), order, hold,
                                              spi::text_or_null(m.reason), spi::text(actor()), spi::int8(m.lot_id)})
                        : spi::run(plan, {spi::int8(level.id), spi::qty(m.on_hand_delta), spi::qty(m.reserved_delta),
                                          spi::text(m.kind), spi::qty(m.qty), order, hold, spi::text_or_null(m.reason),
                                          spi::text(actor())});
    if (r.size() != 1) throw std::runtime_error("stock level row missing while applying a movement");
    level.version = {};
    level.on_hand += m.on_hand_delta;
    level.reserved += m.reserved_delta;
}

void unreserve(Level& level, qty_t qty, int64 lot_id) {
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
    spi::Result r = lot_id ? spi::run(with_lot, {spi::int8(level.id), spi::qty(qty), spi::int8(lot_id)})
                           : spi::run(plan, {spi::int8(level.id), spi::qty(qty)});
    if (r.size() != 1) throw std::runtime_error("stock level row missing while giving back a reservation");
    level.version = {};
    level.reserved -= qty;
}

namespace {

// A hold's rows as plain data, for write_hold() inside pg_guard.
struct HoldRows {
    ItemPointerData level_tid;
    int64 lot_id;  // 0: not of a lot
    Datum qty;     // numeric
    int64 order_id;
    int64 checkout_id;  // 0: the order's own checkout
    bool new_checkout;  // inserted by this transaction
    int64 item_id;
    int32 location_id;
    Datum expires_at;
    bool expires;
    const char* actor;
    bool late;                // lock the level after writing the hold, and reserve only if it covers qty
    int64 hold_id;            // out
    ItemPointerData new_tid;  // out: the level's new row version (or, late and short, the version locked)
    bool reserved;            // out: the level's reserved includes qty
    Datum on_hand, reserved_now;  // out, late: the locked level's values (numeric)
};

// Adds qty to the reserved column of the fetched row of table t.
ItemPointerData add_reserved(table_write::Statement* s, int t, Datum qty, Datum now, bool stamp) {
    using namespace table_write;
    Datum reserved = DirectFunctionCall1(numeric_trim_scale, DirectFunctionCall2(numeric_add, old_value(s, t, "reserved"), qty));
    const Column changed[] = {{"reserved", reserved, false}, {"updated_at", now, false}};
    return update(s, t, changed, stamp ? 2 : 1);
}

// Locks the newest version of the level row at tid in table t, as
// level_scan::lock_levels() locks levels, into s->old_row[t]; false if the
// row was deleted meanwhile (READ COMMITTED: as FOR UPDATE skips it).
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
    // The hold's level is updated or locked by this statement before the
    // key checks run (at finish()), so locked to the end of the transaction;
    // a new checkout is this transaction's own.
    const KnownKey known[] = {{"stock_levels", {"item_id", "location_id"}, 2}, {"checkouts", {"checkout_id"}, 1}};
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
    };
    insert(s, t, hold, lengthof(hold), known, h->new_checkout ? 2 : 1);
}

// Reserves qty on the level (and its lot) and inserts the hold, as one
// statement would. The level's lock serialises its lots. Late: the hold row
// first, then the level locked and reserved only if it covers qty.
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
        DatumGetInt32(old_value(&s, level_t, "location_id")) != h->location_id)
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

// The level's current row version, after a write that did not report it.
void find_version(Level& level) {
    static spi::Plan plan("SELECT ctid FROM stockhold.stock_levels WHERE id = $1", {INT8OID});
    spi::Result r = spi::run(plan, {spi::int8(level.id)});
    if (r.empty()) throw std::runtime_error("stock level row missing while reserving");
    level.version = version_of(*reinterpret_cast<ItemPointer>(DatumGetPointer(r.get(0, 1))));
}

}  // namespace

Reservation reserve(Level& level, int64 lot_id, int64 order_id, int64 checkout_id, bool new_checkout, qty_t qty,
                    Datum ttl, bool has_ttl) {
    // now() + ttl, as SQL would say it (now() is the transaction's start).
    Datum expires_at = has_ttl ? pg_guard([&] {
        return DirectFunctionCall2(timestamptz_pl_interval, TimestampTzGetDatum(GetCurrentTransactionStartTimestamp()), ttl);
    }) : Datum(0);
    write_scope::Scope writing;
    if (!level.version.known()) find_version(level);
    std::string who = actor();
    HoldRows rows{tid_of(level.version), lot_id, qty_to_numeric(qty), order_id, checkout_id, new_checkout,
                  level.item_id, level.location_id, expires_at, has_ttl, who.c_str(), false, 0, {}, false, 0, 0};
    pg_guard([&] { write_hold(&rows); });
    level.version = version_of(rows.new_tid);
    level.reserved += qty;
    return {rows.hold_id, expires_at, has_ttl};
}

LateReservation reserve_late(Level& level, int64 order_id, int64 checkout_id, bool new_checkout, qty_t qty, Datum ttl,
                             bool has_ttl) {
    Datum expires_at = has_ttl ? pg_guard([&] {
        return DirectFunctionCall2(timestamptz_pl_interval, TimestampTzGetDatum(GetCurrentTransactionStartTimestamp()), ttl);
    }) : Datum(0);
    write_scope::Scope writing;
    std::string who = actor();
    HoldRows rows{tid_of(level.version), 0, qty_to_numeric(qty), order_id, checkout_id, new_checkout, level.item_id,
                  level.location_id, expires_at, has_ttl, who.c_str(), true, 0, {}, false, 0, 0};
    pg_guard([&] { write_hold(&rows); });
    level.version = version_of(rows.new_tid);
    level.on_hand = qty_from_numeric(rows.on_hand, "stored quantity");
    level.reserved = qty_from_numeric(rows.reserved_now, "stored quantity") + (rows.reserved ? qty : 0);
    return {{rows.hold_id, expires_at, has_ttl}, rows.reserved};
}

void reserve_written(Level& level, qty_t qty) {
    static spi::Plan plan(
        "UPDATE stockhold.stock_levels SET reserved = pg_catalog.trim_scale(reserved + $2), updated_at = now()"
        " WHERE id = $1 RETURNING id",
        {INT8OID, NUMERICOID});
    write_scope::Scope writing;
    if (spi::run(plan, {spi::int8(level.id), spi::qty(qty)}).size() != 1)
        throw std::runtime_error("stock level row missing while reserving");
    level.version = {};
    level.reserved += qty;
}

namespace {

std::optional<std::vector<Level>> levels_of_sku(const std::string& sku, bool lock, int64* item_id) {
    const char* name = sku.data();
    int len = int(sku.size());
    List* rows = pg_guard([&] { return level_scan::levels_of_sku(name, len, lock, item_id); });
    if (*item_id == 0) return std::nullopt;
    return levels_of(rows);
}

}  // namespace

std::optional<std::vector<Level>> lock_sku(const std::string& sku, int64* item_id) {
    return levels_of_sku(sku, true, item_id);
}

std::optional<std::vector<Level>> read_sku(const std::string& sku, int64* item_id) {
    return levels_of_sku(sku, false, item_id);
}

}  // namespace sh::levels
