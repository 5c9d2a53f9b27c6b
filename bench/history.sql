-- :n rows of history as months of trading leave them in this layout:
-- cancelled orders (one per ten holds, each its own checkout, so no
-- checkouts row) with their released holds, each recording who held and who
-- released; a release moves no on_hand, so it writes no ledger row.
SET client_min_messages = warning;
SET stockhold.allow_direct_writes = on;
INSERT INTO stockhold.orders (order_ref, order_state, fulfilment_state)
    SELECT 'hist-' || g, 'Cancelled', 'Cancelled' FROM generate_series(1, :n / 10) g;
WITH o AS (SELECT id AS order_id, row_number() OVER () AS k
             FROM stockhold.orders WHERE order_ref LIKE 'hist-%')
INSERT INTO stockhold.holds (order_id, item_id, location_id, qty, status, ended_at, end_reason,
                             created_by, held_qty, ended_by)
    SELECT o.order_id, i.id, 1, 1, 'released', now(), 'history', current_user, 1, current_user
      FROM o CROSS JOIN generate_series(1, 10) s
      JOIN stockhold.items i ON i.id = 1 + ((o.k * 10 + s) % (SELECT count(*) FROM stockhold.items));
VACUUM ANALYZE;
