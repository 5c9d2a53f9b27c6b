// DBA maintenance: expire_holds() releases overdue holds in small batches,
// skipping holds another session has locked; forget_idempotency_keys()
// forgets keys older than stockhold.idempotency_retention the same way;
// check_invariants() reports every violated invariant
// (docs/reference.md#invariants).
#include <algorithm>
#include <tuple>

#include "bridge/args.hpp"
#include "bridge/boundary.hpp"
#include "bridge/result_set.hpp"
#include "orders/idempotency.hpp"
#include "stock/backorders.hpp"
#include "stock/holds.hpp"

namespace sh {

namespace {

Datum expire_holds(FunctionCallInfo fcinfo) {
    static spi::Plan overdue(
        "SELECT " HOLD_COLUMNS " FROM stockhold.holds"
        " WHERE status = 'active' AND expires_at <= now()"
        " ORDER BY expires_at LIMIT $1 FOR UPDATE SKIP LOCKED",
        {INT4OID});
    int32 batch = args::int4(fcinfo, 0, "batch_size");
    if (batch <= 0) fail(Code::bad_input, "batch_size must be greater than zero");
    spi::Connection spi;
    std::vector<holds::Held> held = holds::read_all(spi::run(overdue, {spi::int4(batch)}));
    // Levels are locked in the global order, whatever order the holds expired in.
    std::sort(held.begin(), held.end(), [](const holds::Held& a, const holds::Held& b) {
        return std::tie(a.item_id, a.location_id, a.id) < std::tie(b.item_id, b.location_id, b.id);
    });
    std::vector<Level> locked = holds::lock_levels(held);
    for (const holds::Held& h : held) holds::end(h, h.qty, holds::Ending::expired, "ttl", holds::level_of(locked, h));
    backorders::fill(locked);
    spi.finish();
    PG_RETURN_INT32(int32(held.size()));
}

Datum forget_idempotency_keys(FunctionCallInfo fcinfo) {
    int32 batch = args::int4(fcinfo, 0, "batch_size");
    if (batch <= 0) fail(Code::bad_input, "batch_size must be greater than zero");
    spi::Connection spi;
    int32 forgotten = idempotency::forget(batch);
    spi.finish();
    PG_RETURN_INT32(forgotten);
}

Datum check_invariants(FunctionCallInfo fcinfo) {
    static spi::Plan plan(
        "WITH active AS ("
        "  SELECT item_id, location_id, slot, sum(qty) AS qty FROM stockhold.holds WHERE status = 'active'"
        "   GROUP BY item_id, location_id, slot),"
        // A level: its rows (one, or one per slot) summed.
        " levels AS ("
        "  SELECT item_id, location_id, sum(on_hand) AS on_hand, sum(reserved) AS reserved"
        "    FROM stockhold.stock_levels GROUP BY item_id, location_id),"
        // Every movement, as the view movements shows them: the ledger's rows,
        // and the reservations and their releases and expiries on hold rows.
        " moved AS ("
        "  SELECT item_id, location_id, sum(on_hand_delta) AS on_hand, sum(reserved_delta) AS reserved FROM ("
        "    SELECT item_id, location_id, on_hand_delta, reserved_delta FROM stockhold.ledger"
        "    UNION ALL"
        "    SELECT item_id, location_id, 0, held_qty FROM stockhold.holds WHERE created_by IS NOT NULL"
        "    UNION ALL"
        "    SELECT item_id, location_id, 0, -qty FROM stockhold.holds"
        "     WHERE status IN ('released', 'expired') AND ended_by IS NOT NULL) m"
        "   GROUP BY item_id, location_id),"
        " totals AS ("
        "  SELECT i.id AS item_id, i.sku, i.low_stock_threshold AS threshold,"
        "         coalesce((SELECT sum(available) FROM stockhold.stock_levels sl WHERE sl.item_id = i.id), 0) AS available,"
        "         EXISTS (SELECT 1 FROM stockhold.alerts a WHERE a.item_id = i.id AND a.cleared_at IS NULL) AS alerted"
        "    FROM stockhold.items i)"
        " SELECT c.check_name, i.sku, l.code, c.detail FROM ("
        // Per row (each slot of a slotted level).
        "  SELECT 'reserved_within_on_hand' AS check_name, item_id, location_id,"
        "         format('slot %s: on_hand %s, reserved %s', slot, on_hand, reserved) AS detail"
        "    FROM stockhold.stock_levels WHERE reserved < 0 OR reserved > on_hand"
        "  UNION ALL"
        "  SELECT 'available_exact', item_id, location_id,"
        "         format('slot %s: available %s, on_hand - reserved %s', slot, available, on_hand - reserved)"
        "    FROM stockhold.stock_levels WHERE available IS DISTINCT FROM on_hand - reserved"
        "  UNION ALL"
        "  SELECT 'reserved_matches_holds', coalesce(sl.item_id, a.item_id), coalesce(sl.location_id, a.location_id),"
        "         format('slot %s: reserved %s, active holds %s', coalesce(sl.slot, a.slot), coalesce(sl.reserved, 0),"
        "                coalesce(a.qty, 0))"
        "    FROM stockhold.stock_levels sl FULL JOIN active a USING (item_id, location_id, slot)"
        "   WHERE coalesce(sl.reserved, 0) <> coalesce(a.qty, 0)"
        "  UNION ALL"
        "  SELECT 'slots_match_item', sl.item_id, sl.location_id,"
        "         format('slot %s: level slots %s, item slots %s', sl.slot, sl.slots, i.slots)"
        "    FROM stockhold.stock_levels sl JOIN stockhold.items i ON i.id = sl.item_id"
        "   WHERE sl.slots <> i.slots"
        "  UNION ALL"
        "  SELECT 'slots_match_item', l.item_id, l.location_id, format('slot %s missing', g)"
        "    FROM (SELECT DISTINCT item_id, location_id FROM stockhold.stock_levels) l"
        "    JOIN stockhold.items i ON i.id = l.item_id, pg_catalog.generate_series(0, i.slots - 1) g"
        "   WHERE NOT EXISTS (SELECT 1 FROM stockhold.stock_levels sl"
        "                      WHERE (sl.item_id, sl.location_id, sl.slot) = (l.item_id, l.location_id, g))"
        "  UNION ALL"
        // Slot guards (core/slots.hpp): an item whose rows carry guards has
        // every slot in use at or above its guard, guards summing to more
        // than its threshold, and no open alert.
        "  SELECT 'slot_guards_hold', g.item_id, NULL,"
        "         format('guards %s (of %s slots, %s below theirs), threshold %s, alert %s', g.guards, g.in_use,"
        "                g.below, coalesce(t.threshold::text, 'none'), CASE WHEN t.alerted THEN 'open' ELSE 'none' END)"
        "    FROM (SELECT item_id, sum(guard) AS guards, count(*) FILTER (WHERE slot < slots) AS in_use,"
        "                 count(*) FILTER (WHERE slot < slots AND (guard IS NULL OR available < guard)) AS below"
        "            FROM stockhold.stock_levels GROUP BY item_id HAVING count(guard) > 0) g"
        "    JOIN totals t USING (item_id)"
        "   WHERE g.below > 0 OR t.threshold IS NULL OR g.guards <= t.threshold OR t.alerted"
        "  UNION ALL"
        // Per level.
        "  SELECT 'on_hand_matches_ledger', coalesce(sl.item_id, m.item_id), coalesce(sl.location_id, m.location_id),"
        "         format('on_hand %s, ledger %s', coalesce(sl.on_hand, 0), coalesce(m.on_hand, 0))"
        "    FROM levels sl FULL JOIN moved m USING (item_id, location_id)"
        "   WHERE coalesce(sl.on_hand, 0) <> coalesce(m.on_hand, 0)"
        "  UNION ALL"
        "  SELECT 'reserved_matches_movements', sl.item_id, sl.location_id,"
        "         format('reserved %s, movements %s', sl.reserved, coalesce(m.reserved, 0))"
        "    FROM levels sl LEFT JOIN moved m USING (item_id, location_id)"
        "   WHERE sl.reserved <> coalesce(m.reserved, 0)"
        "  UNION ALL"
        "  SELECT 'session_orders_match_orders', NULL, NULL,"  // of an order, not of an item
        "         format('order %s in session %s, listed in session %s', coalesce(o.order_ref, so.order_id::text),"
        "                coalesce(o.session_id::text, 'none'), coalesce(so.session_id::text, 'none'))"
        "    FROM stockhold.orders o FULL JOIN stockhold.session_orders so ON so.order_id = o.id"
        "   WHERE o.session_id IS DISTINCT FROM so.session_id"
        "  UNION ALL"
        "  SELECT DISTINCT 'cancelled_orders_hold_nothing', h.item_id, h.location_id, format('order %s', o.order_ref)"
        "    FROM stockhold.orders o JOIN stockhold.holds h ON h.order_id = o.id AND h.status = 'active'"
        "   WHERE o.order_state = 'Cancelled'"
        "  UNION ALL"  // lots: a lot-tracked item's levels are the sums of their lots
        "  SELECT 'level_matches_lots', sl.item_id, sl.location_id,"
        "         format('on_hand %s, reserved %s; its lots: on_hand %s, reserved %s',"
        "                sl.on_hand, sl.reserved, coalesce(s.on_hand, 0), coalesce(s.reserved, 0))"
        "    FROM levels sl JOIN stockhold.items i ON i.id = sl.item_id AND i.lot_tracked"
        "    LEFT JOIN (SELECT item_id, location_id, sum(on_hand) AS on_hand, sum(reserved) AS reserved"
        "                 FROM stockhold.lots GROUP BY item_id, location_id) s USING (item_id, location_id)"
        "   WHERE sl.on_hand <> coalesce(s.on_hand, 0) OR sl.reserved <> coalesce(s.reserved, 0)"
        "  UNION ALL"
        "  SELECT 'level_watch_matches_item', sl.item_id, sl.location_id,"
        "         format('level watched %s, item threshold %s', sl.watched, coalesce(i.low_stock_threshold::text, 'none'))"
        "    FROM stockhold.stock_levels sl JOIN stockhold.items i ON i.id = sl.item_id"
        "   WHERE sl.watched <> (i.low_stock_threshold IS NOT NULL)"
        "  UNION ALL"
        "  SELECT 'level_tracking_matches_item', sl.item_id, sl.location_id,"
        "         format('level lot_tracked %s, item lot_tracked %s', sl.lot_tracked, i.lot_tracked)"
        "    FROM stockhold.stock_levels sl JOIN stockhold.items i ON i.id = sl.item_id AND sl.lot_tracked <> i.lot_tracked"
        "  UNION ALL"
        "  SELECT 'lot_of_untracked_item', lt.item_id, lt.location_id, format('lot %s', lt.lot)"
        "    FROM stockhold.lots lt JOIN stockhold.items i ON i.id = lt.item_id AND NOT i.lot_tracked"
        "  UNION ALL"
        "  SELECT 'lot_reserved_matches_holds', lt.item_id, lt.location_id,"
        "         format('lot %s: reserved %s, active holds %s', lt.lot, lt.reserved, coalesce(h.qty, 0))"
        "    FROM stockhold.lots lt"
        "    LEFT JOIN (SELECT lot_id, sum(qty) AS qty FROM stockhold.holds"
        "                WHERE status = 'active' AND lot_id IS NOT NULL GROUP BY lot_id) h ON h.lot_id = lt.id"
        "   WHERE lt.reserved <> coalesce(h.qty, 0)"
        "  UNION ALL"
        "  SELECT 'hold_lot_matches_item', h.item_id, h.location_id, format('hold %s, lot %s', h.id, coalesce(lt.lot, 'none'))"
        "    FROM stockhold.holds h JOIN stockhold.items i ON i.id = h.item_id"
        "    LEFT JOIN stockhold.lots lt ON lt.id = h.lot_id"
        "   WHERE h.status = 'active' AND (i.lot_tracked <> (h.lot_id IS NOT NULL) OR (h.lot_id IS NOT NULL"
        "         AND (lt.id IS NULL OR lt.item_id <> h.item_id OR lt.location_id <> h.location_id)))"
        "  UNION ALL"
        // Invariant 7: a waiting line sees no stock it could take (at its
        // location, of its lot, never of an expired lot).
        "  SELECT 'backorder_waits_while_available', b.item_id, b.location_id,"
        "         format('line %s waits for %s while %s is available', b.id, b.qty, f.free)"
        "    FROM stockhold.backorder_lines b JOIN stockhold.items i ON i.id = b.item_id,"
        "    LATERAL (SELECT CASE WHEN i.lot_tracked THEN"
        "                      (SELECT sum(lt.on_hand - lt.reserved) FROM stockhold.lots lt"
        "                        WHERE lt.item_id = b.item_id AND lt.on_hand > lt.reserved"
        "                          AND (b.location_id IS NULL OR lt.location_id = b.location_id)"
        "                          AND (b.lot IS NULL OR lt.lot = b.lot)"
        "                          AND NOT coalesce(lt.best_before < current_date, false))"
        "                    ELSE"
        "                      (SELECT sum(sl.on_hand - sl.reserved) FROM stockhold.stock_levels sl"
        "                        WHERE sl.item_id = b.item_id AND sl.on_hand > sl.reserved"
        "                          AND (b.location_id IS NULL OR sl.location_id = b.location_id)"
        "                          AND b.lot IS NULL)"
        "                    END AS free) f"
        "   WHERE f.free > 0"
        "  UNION ALL"
        "  SELECT 'alert_matches_threshold', t.item_id, NULL,"
        "         format('available %s, threshold %s, alert %s', t.available, t.threshold, CASE WHEN t.alerted THEN 'open' ELSE 'none' END)"
        "    FROM totals t"
        "   WHERE t.alerted IS DISTINCT FROM (t.threshold IS NOT NULL AND t.available <= t.threshold)"
        " ) c LEFT JOIN stockhold.items i ON i.id = c.item_id LEFT JOIN stockhold.locations l ON l.id = c.location_id"
        " ORDER BY 1, 2, 3",
        {});
    spi::Connection spi;
    ResultSet out(fcinfo);
    spi::Result r = spi::run(plan, {});
    for (uint64 i = 0; i < r.size(); ++i)
        out.add({spi::datum(r.get(i, 1)), spi::datum(r.get(i, 2), r.is_null(i, 2)), spi::datum(r.get(i, 3), r.is_null(i, 3)),
                 spi::datum(r.get(i, 4))});
    spi.finish();
    return out.done();
}

}  // namespace

}  // namespace sh

SH_FUNCTION(sh_expire_holds, sh::expire_holds)
SH_FUNCTION(sh_check_invariants, sh::check_invariants)
SH_FUNCTION(sh_forget_idempotency_keys, sh::forget_idempotency_keys)
