-- :n rows of history: released holds with their hold and release ledger rows,
-- spread over the catalogue, as months of trading would leave them.
SET client_min_messages = warning;
SET stockhold.allow_direct_writes = on;
INSERT INTO stockhold.orders (order_ref, order_state, fulfilment_state)
    SELECT 'hist-' || g, 'Cancelled', 'Cancelled' FROM generate_series(1, :n / 10) g;
INSERT INTO stockhold.checkouts (checkout_ref, order_id)
    SELECT order_ref, id FROM stockhold.orders WHERE order_ref LIKE 'hist-%';
WITH o AS (SELECT c.id AS checkout_id, c.order_id, row_number() OVER () AS k
             FROM stockhold.checkouts c WHERE c.checkout_ref LIKE 'hist-%'),
     h AS (INSERT INTO stockhold.holds (order_id, checkout_id, item_id, location_id, qty, status, ended_at, end_reason)
           SELECT o.order_id, o.checkout_id, i.id, 1, 1, 'released', now(), 'history'
             FROM o CROSS JOIN generate_series(1, 10) s
             JOIN stockhold.items i ON i.id = 1 + ((o.k * 10 + s) % (SELECT count(*) FROM stockhold.items))
           RETURNING id, order_id, item_id)
INSERT INTO stockhold.ledger (movement, item_id, location_id, qty, reserved_delta, order_id, hold_id, actor)
    SELECT m::stockhold.movement, item_id, 1, 1, CASE m WHEN 'hold' THEN 1 ELSE -1 END, order_id, id, current_user
      FROM h CROSS JOIN (VALUES ('hold'), ('release')) v(m);
VACUUM ANALYZE;
