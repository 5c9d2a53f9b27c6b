#include "stock/lots.hpp"

#include <stdexcept>

#include "bridge/caller_text.hpp"
#include "bridge/settings.hpp"
#include "bridge/spi.hpp"
#include "core/errors.hpp"

namespace sh::lots {

namespace {

#define LOT_COLUMNS \
    "id, item_id, location_id, lot, best_before, received_at, on_hand, reserved," \
    " coalesce(best_before < current_date, false)"

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

}  // namespace

std::vector<Lot> of_levels(std::vector<Level>& levels) {
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
        Strategy strategy = effective_strategy(r.text(0, 10), static_cast<Strategy>(settings::allocation_strategy));
        for (Level& l : levels)
            if (l.item_id == last_item) l.strategy = strategy;
        for (uint64 i = 0; i < r.size(); ++i) out.push_back(read_lot(r, i));
    }
    return out;
}

std::optional<Lot> find(const Level& level, const std::string& code) {
    static spi::Plan plan("SELECT " LOT_COLUMNS " FROM stockhold.lots WHERE item_id = $1 AND location_id = $2 AND lot = $3",
                          {INT8OID, INT4OID, TEXTOID});
    spi::Result r = spi::run(plan, {spi::int8(level.item_id), spi::int4(level.location_id), spi::text(code)});
    if (r.empty()) return std::nullopt;
    return read_lot(r, 0);
}

Lot for_receipt(const Level& level, const std::string& code, bool dated, int32 best_before,
                    std::optional<int64> received_at) {
    static spi::Plan create(
        "INSERT INTO stockhold.lots (item_id, location_id, lot, best_before, received_at)"
        " VALUES ($1, $2, $3, $4, coalesce($5, now())) ON CONFLICT (item_id, location_id, lot) DO NOTHING",
        {INT8OID, INT4OID, TEXTOID, DATEOID, TIMESTAMPTZOID});
    if (std::optional<Lot> found = find(level, code)) return *found;
    spi::run(create, {spi::int8(level.item_id), spi::int4(level.location_id), spi::text(code),
                      spi::datum(DateADTGetDatum(best_before), !dated),
                      spi::datum(TimestampTzGetDatum(received_at.value_or(0)), !received_at)});
    std::optional<Lot> made = find(level, code);
    if (!made) throw std::runtime_error("lot vanished while being created");
    return *made;
}

Lot by_id(int64 lot_id) {
    static spi::Plan plan("SELECT " LOT_COLUMNS " FROM stockhold.lots WHERE id = $1", {INT8OID});
    spi::Result r = spi::run(plan, {spi::int8(lot_id)});
    if (r.empty()) throw std::runtime_error("lot " + std::to_string(lot_id) + " is missing");
    return read_lot(r, 0);
}

void begin_tracking(int64 item_id, const std::string& sku) {
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

}  // namespace sh::lots
