#include "stock/alerts.hpp"

#include "bridge/settings.hpp"
#include "bridge/spi.hpp"

namespace sh::alerts {

void evaluate(int64 item_id) {
    // A real update, not just a row lock: a REPEATABLE READ caller whose
    // snapshot missed a concurrent stock change gets 40001, not a stale alert.
    static spi::Plan lock_item(
        "UPDATE stockhold.items SET stock_changed_at = now() WHERE id = $1 RETURNING sku, low_stock_threshold",
        {INT8OID});
    // A separate statement, so under READ COMMITTED its snapshot is taken
    // after the item row is ours and sees every committed level change.
    static spi::Plan state(
        "SELECT coalesce(sum(available), 0),"
        "       EXISTS (SELECT 1 FROM stockhold.alerts WHERE item_id = $1 AND cleared_at IS NULL)"
        "  FROM stockhold.stock_levels WHERE item_id = $1",
        {INT8OID});
    static spi::Plan raise(
        "INSERT INTO stockhold.alerts (item_id, available, low_stock_threshold) VALUES ($1, $2, $3)"
        " ON CONFLICT (item_id) WHERE cleared_at IS NULL DO NOTHING RETURNING item_id",
        {INT8OID, NUMERICOID, NUMERICOID});
    // Only with stockhold.notify: PREPARE TRANSACTION refuses a transaction that ran NOTIFY.
    static spi::Plan announce(
        "SELECT pg_catalog.pg_notify('stockhold_low_stock',"
        "       pg_catalog.json_build_object('sku', $1, 'available', $2, 'threshold', $3)::text)",
        {TEXTOID, NUMERICOID, NUMERICOID});
    static spi::Plan clear("UPDATE stockhold.alerts SET cleared_at = now() WHERE item_id = $1 AND cleared_at IS NULL",
                           {INT8OID});

    spi::Result item = spi::run(lock_item, {spi::int8(item_id)});
    if (item.empty()) return;
    bool has_threshold = !item.is_null(0, 2);
    spi::Result now = spi::run(state, {spi::int8(item_id)});
    bool open = now.boolean(0, 2);
    if (!has_threshold) {
        if (open) spi::run(clear, {spi::int8(item_id)});
        return;
    }
    qty_t available = now.qty(0, 1);
    qty_t threshold = item.qty(0, 2);
    bool low = available <= threshold;
    if (low && !open) {
        bool raised = !spi::run(raise, {spi::int8(item_id), spi::qty(available), spi::qty(threshold)}).empty();
        if (raised && settings::notify)
            spi::run(announce, {spi::text(item.text(0, 1)), spi::qty(available), spi::qty(threshold)});
    } else if (!low && open)
        spi::run(clear, {spi::int8(item_id)});
}

}  // namespace sh::alerts
