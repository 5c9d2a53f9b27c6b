#include "stock_levels.hpp"

#include <stdexcept>

#include "actor.hpp"
#include "caller_text.hpp"
#include "errors.hpp"
#include "level_scan.hpp"
#include "level_write.hpp"
#include "spi.hpp"
#include "table_write.hpp"

namespace sh::levels {

namespace {

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
    l.tid = *reinterpret_cast<ItemPointer>(DatumGetPointer(r.get(row, 9)));
    return l;
}

Lot read_lot(const spi::Result& r, uint64 row) {
    Lot l;
    l.id = r.int8(row, 1);
    l.item_id = r.int8(row, 2);
    l.location_id = r.int4(row, 3);
    l.code = r.text(row, 4);
    l.dated = !r.is_null(row, 5);
    l.best_before = DatumGetDateADT(r.get(row, 5));
    l.received_at = DatumGetTimestampTz(r.get(row, 6));
    l.on_hand = r.qty(row, 7);
    l.reserved = r.qty(row, 8);
    l.expired = r.boolean(row, 9);
    return l;
}

// The level row carries a copy of its item's lot_tracked flag, so items
// without lots pay nothing to find out (begin_lots() keeps the copies right).
#define LEVEL_COLUMNS \
    "sl.id, sl.item_id, sl.location_id, sl.on_hand, sl.reserved, l.priority, l.code, sl.lot_tracked, sl.ctid"
#define LEVEL_FROM " FROM stockhold.stock_levels sl JOIN stockhold.locations l ON l.id = sl.location_id"

#define LOT_COLUMNS \
    "id, item_id, location_id, lot, best_before, received_at, on_hand, reserved," \
    " coalesce(best_before < current_date, false)"

}  // namespace

std::vector<Level> lock_item(int64 item_id) {
    List* rows = pg_guard([&] { return level_scan::lock_levels(item_id); });
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
        l.tid = row->tid;
        out.push_back(std::move(l));
    }
    return out;
}

Level lock_at(int64 item_id, int32 location_id) {
    static spi::Plan create(
        "INSERT INTO stockhold.stock_levels (item_id, location_id, lot_tracked)"
        " SELECT $1, $2, lot_tracked FROM stockhold.items WHERE id = $1"
        " ON CONFLICT (item_id, location_id) DO NOTHING",
        {INT8OID, INT4OID});
    static spi::Plan lock(
        "SELECT " LEVEL_COLUMNS LEVEL_FROM
        " WHERE sl.item_id = $1 AND sl.location_id = $2 FOR UPDATE OF sl",
        {INT8OID, INT4OID});
    spi::Result r = spi::run(lock, {spi::int8(item_id), spi::int4(location_id)});
    if (r.empty()) {
        level_write::Scope writing;
        spi::run(create, {spi::int8(item_id), spi::int4(location_id)});
        r = spi::run(lock, {spi::int8(item_id), spi::int4(location_id)});
    }
    if (r.empty()) throw std::runtime_error("stock level vanished while being created");
    return read_level(r, 0);
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
    level_write::Scope writing;
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
    ItemPointerSetInvalid(&level.tid);
    level.on_hand += m.on_hand_delta;
    level.reserved += m.reserved_delta;
}

namespace {

// A hold's rows as plain data, for write_hold() inside pg_guard.
struct HoldRows {
    ItemPointerData level_tid;
    int64 lot_id;  // 0: not of a lot
    Datum qty;     // numeric
    Datum zero;    // numeric 0
    int64 order_id;
    int64 checkout_id;
    bool new_checkout;  // inserted by this transaction
    int64 item_id;
    int32 location_id;
    Datum expires_at;
    bool expires;
    Datum reason;  // text, when has_reason
    bool has_reason;
    const char* actor;
    int64 hold_id;            // out
    ItemPointerData new_tid;  // out: the level's new row version
};

// Adds qty to the reserved column of the fetched row of table t.
ItemPointerData add_reserved(table_write::Statement* s, int t, Datum qty, Datum now, bool stamp) {
    using namespace table_write;
    Datum reserved = DirectFunctionCall1(numeric_trim_scale, DirectFunctionCall2(numeric_add, old_value(s, t, "reserved"), qty));
    const Column changed[] = {{"reserved", reserved, false}, {"updated_at", now, false}};
    return update(s, t, changed, stamp ? 2 : 1);
}

// Reserves qty on the level (and its lot) and inserts the hold and its
// ledger row, as one statement would, without planning or starting one
// (see table_write.hpp). The level's lock serialises its lots.
void write_hold(HoldRows* h) {
    using namespace table_write;
    static const char* const tables[] = {"stock_levels", "holds", "ledger", "lots"};
    enum { level_t, hold_t, ledger_t, lot_t };
    Statement s;
    begin(&s, tables, h->lot_id ? 4 : 3);
    Datum now = TimestampTzGetDatum(GetCurrentTransactionStartTimestamp());
    fetch(&s, level_t, &h->level_tid);
    if (h->lot_id) {
        fetch_by_key(&s, lot_t, "lots_pkey", h->lot_id);
        if (DatumGetInt64(old_value(&s, lot_t, "item_id")) != h->item_id ||
            DatumGetInt32(old_value(&s, lot_t, "location_id")) != h->location_id)
            elog(ERROR, "lot %lld is not of the stock level being reserved", static_cast<long long>(h->lot_id));
        add_reserved(&s, lot_t, h->qty, now, false);
    }
    h->new_tid = add_reserved(&s, level_t, h->qty, now, true);
    // The level row of the hold's key is now updated by this transaction, so
    // locked to its end; a new checkout is this transaction's own.
    if (DatumGetInt64(old_value(&s, level_t, "item_id")) != h->item_id ||
        DatumGetInt32(old_value(&s, level_t, "location_id")) != h->location_id)
        elog(ERROR, "hold of item %lld at location %d written to another level", static_cast<long long>(h->item_id),
             h->location_id);
    const KnownKey known[] = {{"stock_levels", {"item_id", "location_id"}, 2}, {"checkouts", {"checkout_id"}, 1}};
    h->hold_id = next_id("holds_id_seq");
    Datum lot = Int64GetDatum(h->lot_id);
    const Column hold[] = {
        {"id", Int64GetDatum(h->hold_id), false},
        {"order_id", Int64GetDatum(h->order_id), false},
        {"checkout_id", Int64GetDatum(h->checkout_id), false},
        {"item_id", Int64GetDatum(h->item_id), false},
        {"location_id", Int32GetDatum(h->location_id), false},
        {"qty", h->qty, false},
        {"status", enum_value(&s, hold_t, "status", "active"), false},
        {"expires_at", h->expires_at, !h->expires},
        {"created_at", now, false},
        {"ended_at", Datum(0), true},
        {"end_reason", Datum(0), true},
        {"renewed_by", Datum(0), true},
        {"lot_id", lot, h->lot_id == 0},
    };
    insert(&s, hold_t, hold, lengthof(hold), known, h->new_checkout ? 2 : 1);
    const Column ledger[] = {
        {"id", Int64GetDatum(next_id("ledger_id_seq")), false},
        {"at", now, false},
        {"movement", enum_value(&s, ledger_t, "movement", "hold"), false},
        {"item_id", Int64GetDatum(h->item_id), false},
        {"location_id", Int32GetDatum(h->location_id), false},
        {"qty", h->qty, false},
        {"on_hand_delta", h->zero, false},
        {"reserved_delta", h->qty, false},
        {"order_id", Int64GetDatum(h->order_id), false},
        {"hold_id", Int64GetDatum(h->hold_id), false},
        {"reason", h->reason, !h->has_reason},
        {"actor", DirectFunctionCall1(namein, CStringGetDatum(h->actor)), false},
        {"lot_id", lot, h->lot_id == 0},
    };
    insert(&s, ledger_t, ledger, lengthof(ledger));
    finish(&s);
}

// The level's current row version, after a write that did not report it.
void find_tid(Level& level) {
    static spi::Plan plan("SELECT ctid FROM stockhold.stock_levels WHERE id = $1", {INT8OID});
    spi::Result r = spi::run(plan, {spi::int8(level.id)});
    if (r.empty()) throw std::runtime_error("stock level row missing while reserving");
    level.tid = *reinterpret_cast<ItemPointer>(DatumGetPointer(r.get(0, 1)));
}

}  // namespace

NewHold reserve(Level& level, int64 lot_id, int64 order_id, int64 checkout_id, bool new_checkout, qty_t qty, Datum ttl,
                bool has_ttl, const char* reason) {
    // now() + ttl, as SQL would say it (now() is the transaction's start).
    Datum expires_at = has_ttl ? pg_guard([&] {
        return DirectFunctionCall2(timestamptz_pl_interval, TimestampTzGetDatum(GetCurrentTransactionStartTimestamp()), ttl);
    }) : Datum(0);
    level_write::Scope writing;
    if (!ItemPointerIsValid(&level.tid)) find_tid(level);
    std::string who = actor();
    spi::Arg why = spi::text_or_null(reason);
    HoldRows rows{level.tid, lot_id, qty_to_numeric(qty), qty_to_numeric(0), order_id, checkout_id, new_checkout,
                  level.item_id, level.location_id, expires_at, has_ttl, why.value, !why.null, who.c_str(), 0, {}};
    pg_guard([&] { write_hold(&rows); });
    level.tid = rows.new_tid;
    level.reserved += qty;
    return {rows.hold_id, expires_at, has_ttl};
}

std::optional<std::vector<Level>> lock_sku(const std::string& sku) {
    const char* name = sku.data();
    int len = int(sku.size());
    int64 item_id = pg_guard([&] { return level_scan::item_by_sku(name, len); });
    if (item_id == 0) return std::nullopt;
    return lock_item(item_id);
}

std::vector<Lot> read_lots(std::vector<Level>& levels) {
    static spi::Plan plan("SELECT " LOT_COLUMNS ", (SELECT coalesce(strategy, '') FROM stockhold.items WHERE id = $1)"
                          "  FROM stockhold.lots WHERE item_id = $1 ORDER BY location_id, id",
                          {INT8OID});
    std::vector<Lot> out;
    int64 last_item = 0;
    for (const Level& level : levels) {  // levels come grouped by item
        if (!level.lot_tracked || level.item_id == last_item) continue;
        last_item = level.item_id;
        spi::Result r = spi::run(plan, {spi::int8(level.item_id)});
        if (r.empty()) continue;
        Strategy strategy = effective_strategy(r.text(0, 10));
        for (Level& l : levels)
            if (l.item_id == last_item) l.strategy = strategy;
        for (uint64 i = 0; i < r.size(); ++i) out.push_back(read_lot(r, i));
    }
    return out;
}

std::optional<Lot> find_lot(const Level& level, const std::string& code) {
    static spi::Plan plan("SELECT " LOT_COLUMNS " FROM stockhold.lots WHERE item_id = $1 AND location_id = $2 AND lot = $3",
                          {INT8OID, INT4OID, TEXTOID});
    spi::Result r = spi::run(plan, {spi::int8(level.item_id), spi::int4(level.location_id), spi::text(code)});
    if (r.empty()) return std::nullopt;
    return read_lot(r, 0);
}

Lot lot_for_receipt(const Level& level, const std::string& code, bool dated, int32 best_before,
                    std::optional<int64> received_at) {
    static spi::Plan create(
        "INSERT INTO stockhold.lots (item_id, location_id, lot, best_before, received_at)"
        " VALUES ($1, $2, $3, $4, coalesce($5, now())) ON CONFLICT (item_id, location_id, lot) DO NOTHING",
        {INT8OID, INT4OID, TEXTOID, DATEOID, TIMESTAMPTZOID});
    if (std::optional<Lot> found = find_lot(level, code)) return *found;
    spi::run(create, {spi::int8(level.item_id), spi::int4(level.location_id), spi::text(code),
                      spi::datum(DateADTGetDatum(best_before), !dated),
                      spi::datum(TimestampTzGetDatum(received_at.value_or(0)), !received_at)});
    std::optional<Lot> made = find_lot(level, code);
    if (!made) throw std::runtime_error("lot vanished while being created");
    return *made;
}

Lot lot_by_id(int64 lot_id) {
    static spi::Plan plan("SELECT " LOT_COLUMNS " FROM stockhold.lots WHERE id = $1", {INT8OID});
    spi::Result r = spi::run(plan, {spi::int8(lot_id)});
    if (r.empty()) throw std::runtime_error("lot " + std::to_string(lot_id) + " is missing");
    return read_lot(r, 0);
}

void begin_lots(int64 item_id, const std::string& sku) {
    static spi::Plan lock("SELECT lot_tracked FROM stockhold.items WHERE id = $1 FOR UPDATE", {INT8OID});
    static spi::Plan stock("SELECT coalesce(sum(on_hand), 0) FROM stockhold.stock_levels WHERE item_id = $1", {INT8OID});
    static spi::Plan mark("UPDATE stockhold.items SET lot_tracked = true, updated_at = now() WHERE id = $1", {INT8OID});
    // Levels made while the item was turning lot-tracked may carry the old flag.
    static spi::Plan copy("UPDATE stockhold.stock_levels SET lot_tracked = true WHERE item_id = $1 AND NOT lot_tracked",
                          {INT8OID});
    if (!spi::run(lock, {spi::int8(item_id)}).boolean(0, 1)) {
        qty_t outside = spi::run(stock, {spi::int8(item_id)}).qty(0, 1);
        if (outside != 0)
            fail(Code::bad_input, "sku " + shown(sku) + " has " + qty_text(outside) + " on hand outside lots",
                 "An item's stock is either all in lots or none of it.",
                 "Receive it without a lot, or count its stock to 0 with adjust() before receiving lots.");
        spi::run(mark, {spi::int8(item_id)});
    }
    spi::run(copy, {spi::int8(item_id)});
}

void claim_untracked(int64 item_id, const std::string& sku) {
    static spi::Plan claim("UPDATE stockhold.items SET lot_tracked = false WHERE id = $1 AND NOT lot_tracked", {INT8OID});
    if (spi::run(claim, {spi::int8(item_id)}).empty())
        fail(Code::bad_input, "sku " + shown(sku) + " is lot-tracked: name the lot", {},
             "Its stock is kept in lots; pass lot => '...' (see stockhold.lot_availability).");
}

}  // namespace sh::levels
