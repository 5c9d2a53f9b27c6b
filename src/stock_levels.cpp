#include "stock_levels.hpp"

#include "actor.hpp"
#include "level_write.hpp"
#include "spi.hpp"

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
    return l;
}

}  // namespace

std::vector<Level> lock_item(int64 item_id) {
    static spi::Plan plan(
        "SELECT sl.id, sl.item_id, sl.location_id, sl.on_hand, sl.reserved, l.priority, l.code"
        "  FROM stockhold.stock_levels sl JOIN stockhold.locations l ON l.id = sl.location_id"
        " WHERE sl.item_id = $1 ORDER BY sl.location_id FOR UPDATE OF sl",
        {INT8OID});
    spi::Result r = spi::run(plan, {spi::int8(item_id)});
    std::vector<Level> out;
    out.reserve(r.size());
    for (uint64 i = 0; i < r.size(); ++i) out.push_back(read_level(r, i));
    return out;
}

Level lock_at(int64 item_id, int32 location_id) {
    static spi::Plan create(
        "INSERT INTO stockhold.stock_levels (item_id, location_id) VALUES ($1, $2)"
        " ON CONFLICT (item_id, location_id) DO NOTHING",
        {INT8OID, INT4OID});
    static spi::Plan lock(
        "SELECT sl.id, sl.item_id, sl.location_id, sl.on_hand, sl.reserved, l.priority, l.code"
        "  FROM stockhold.stock_levels sl JOIN stockhold.locations l ON l.id = sl.location_id"
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
    spi::Result r = spi::run(plan, {spi::int8(level.id), spi::qty(m.on_hand_delta), spi::qty(m.reserved_delta),
                                    spi::text(m.kind), spi::qty(m.qty),
                                    m.order_id ? spi::int8(m.order_id) : spi::null(),
                                    m.hold_id ? spi::int8(m.hold_id) : spi::null(), spi::text_or_null(m.reason),
                                    spi::text(actor())});
    if (r.size() != 1) throw std::runtime_error("stock level row missing while applying a movement");
    level.on_hand += m.on_hand_delta;
    level.reserved += m.reserved_delta;
}

NewHold reserve(Level& level, int64 order_id, int64 checkout_id, qty_t qty, Datum ttl, bool has_ttl,
                const char* reason) {
    static spi::Plan plan(
        "WITH moved AS ("
        "  UPDATE stockhold.stock_levels SET reserved = pg_catalog.trim_scale(reserved + $3), updated_at = now()"
        "   WHERE id = $1 RETURNING item_id, location_id),"
        " held AS ("
        "  INSERT INTO stockhold.holds (order_id, checkout_id, item_id, location_id, qty, expires_at)"
        "  SELECT $4, $5, item_id, location_id, $3, now() + $6 FROM moved RETURNING id, item_id, location_id, expires_at)"
        " INSERT INTO stockhold.ledger"
        "   (movement, item_id, location_id, qty, reserved_delta, order_id, hold_id, reason, actor)"
        " SELECT 'hold', item_id, location_id, $3, $3, $4, id, $2, $7::name FROM held"
        " RETURNING hold_id, (SELECT expires_at FROM held)",
        {INT8OID, TEXTOID, NUMERICOID, INT8OID, INT8OID, INTERVALOID, TEXTOID});
    level_write::Scope writing;
    spi::Result r = spi::run(plan, {spi::int8(level.id), spi::text_or_null(reason), spi::qty(qty), spi::int8(order_id),
                                    spi::int8(checkout_id), spi::datum(ttl, !has_ttl), spi::text(actor())});
    if (r.size() != 1) throw std::runtime_error("stock level row missing while reserving");
    level.reserved += qty;
    return {r.int8(0, 1), r.get(0, 2), !r.is_null(0, 2)};
}

std::optional<std::vector<Level>> lock_sku(const std::string& sku) {
    static spi::Plan plan(
        "SELECT sl.id, sl.item_id, sl.location_id, sl.on_hand, sl.reserved, l.priority, l.code"
        "  FROM stockhold.stock_levels sl JOIN stockhold.locations l ON l.id = sl.location_id"
        " WHERE sl.item_id = (SELECT id FROM stockhold.items WHERE sku = $1)"
        " ORDER BY sl.location_id FOR UPDATE OF sl",
        {TEXTOID});
    static spi::Plan exists("SELECT 1 FROM stockhold.items WHERE sku = $1", {TEXTOID});
    spi::Result r = spi::run(plan, {spi::text(sku)});
    if (r.empty() && spi::run(exists, {spi::text(sku)}).empty()) return std::nullopt;
    std::vector<Level> out;
    out.reserve(r.size());
    for (uint64 i = 0; i < r.size(); ++i) out.push_back(read_level(r, i));
    return out;
}

}  // namespace sh::levels
