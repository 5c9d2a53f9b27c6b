-- confirm, release, cancel and expire_holds: what payment success, payment
-- failure, cancellation and the maintenance sweep do to holds and stock.
SET client_min_messages = warning;
DROP EXTENSION IF EXISTS stockhold CASCADE;
CREATE EXTENSION stockhold;
RESET client_min_messages;
\set SHOW_CONTEXT never
CREATE VIEW pg_temp.lines AS
  SELECT checkout_ref, sku, status, qty, expires_at IS NOT NULL AS expiring FROM stockhold.order_lines;

SELECT stockhold.upsert_item('tea'), stockhold.upsert_item('jam');
SELECT stockhold.receive('tea', 10), stockhold.receive('jam', 4);

-- confirm: the checkout's holds lose their expiry; it returns how many active holds the
-- checkout has (all without expiry now), the same again on a second call.
SELECT sku, qty FROM stockhold.hold('ord', '[{"sku": "tea", "qty": 2}, {"sku": "jam", "qty": 1}]',
                                    checkout_ref => 'ann', ttl => '10 minutes');
SELECT stockhold.confirm('ann') AS confirmed;
SELECT stockhold.confirm('ann') AS confirmed_again;
SELECT * FROM pg_temp.lines ORDER BY sku;

-- An expired hold is re-reserved by confirm when the stock is still there.
SELECT sku, qty FROM stockhold.hold('ord', '[{"sku": "tea", "qty": 3}]', checkout_ref => 'bob', ttl => '1 millisecond');
SELECT pg_sleep(0.01);
SELECT stockhold.expire_holds() AS expired;
SELECT reserved FROM stockhold.availability WHERE sku = 'tea';
SELECT stockhold.confirm('bob') AS confirmed;
SELECT * FROM pg_temp.lines WHERE checkout_ref = 'bob' ORDER BY status;
SELECT reserved FROM stockhold.availability WHERE sku = 'tea';

-- ... and SH012, changing nothing, when someone else took that stock.
SELECT sku, qty FROM stockhold.hold('ord', '[{"sku": "jam", "qty": 2}]', checkout_ref => 'cy', ttl => '1 millisecond');
SELECT pg_sleep(0.01);
SELECT stockhold.expire_holds() AS expired;
SELECT sku, qty FROM stockhold.hold('other', '[{"sku": "jam", "qty": 3}]');
SELECT public.stockhold_digest() AS before \gset
SELECT stockhold.confirm('cy');
\echo :LAST_ERROR_SQLSTATE
SELECT public.stockhold_digest() = :'before' AS unchanged;
SELECT stockhold.confirm('nobody');
\echo :LAST_ERROR_SQLSTATE
SELECT stockhold.confirm(NULL);
\echo :LAST_ERROR_SQLSTATE

-- release: given quantities split a hold; more than held releases what there is;
-- releasing again is a no-op.
SELECT sku, qty FROM stockhold.hold('ord', '[{"sku": "tea", "qty": 4}]', checkout_ref => 'dee');
SELECT * FROM stockhold.release('dee', '[{"sku": "tea", "qty": 1.5}]');
SELECT * FROM pg_temp.lines WHERE checkout_ref = 'dee' ORDER BY status;
SELECT * FROM stockhold.release('dee', '[{"sku": "tea", "qty": 99}]');
SELECT public.stockhold_digest() AS before \gset
SELECT * FROM stockhold.release('dee');
SELECT * FROM stockhold.release('dee', '[{"sku": "tea", "qty": 1}]');
SELECT public.stockhold_digest() = :'before' AS unchanged;
-- release everything of a checkout (payment failed).
SELECT * FROM stockhold.release('ann') ORDER BY sku;
SELECT sku, reserved, available FROM stockhold.availability ORDER BY sku;
-- Refusals: unknown checkout, malformed lines, unknown sku.
SELECT public.stockhold_digest() AS before \gset
SELECT * FROM stockhold.release('nobody');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM stockhold.release('bob', '[{"sku": "tea"}]');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM stockhold.release('bob', '[{"sku": "coffee", "qty": 1}]');
\echo :LAST_ERROR_SQLSTATE
SELECT public.stockhold_digest() = :'before' AS unchanged;

-- cancel: every active hold released, Cancelled / Cancelled; again is a no-op.
SELECT * FROM stockhold.cancel('ord') ORDER BY sku;
SELECT order_state, fulfilment_state FROM stockhold.orders WHERE order_ref = 'ord';
SELECT count(*) AS active_holds FROM stockhold.holds h JOIN stockhold.orders o ON o.id = h.order_id
 WHERE o.order_ref = 'ord' AND h.status = 'active';
SELECT public.stockhold_digest() AS before \gset
SELECT * FROM stockhold.cancel('ord');
SELECT public.stockhold_digest() = :'before' AS unchanged;
-- Confirm and release on a cancelled order's checkout.
SELECT stockhold.confirm('bob');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM stockhold.release('bob');
SELECT * FROM stockhold.cancel('nobody');
\echo :LAST_ERROR_SQLSTATE
-- An order that shipped goods cannot be cancelled.
SELECT * FROM stockhold.fulfil('other');
SELECT public.stockhold_digest() AS before \gset
SELECT * FROM stockhold.cancel('other');
\echo :LAST_ERROR_SQLSTATE
SELECT public.stockhold_digest() = :'before' AS unchanged;
-- A Complete order's checkout cannot release (its order was submitted).
SELECT sku, qty FROM stockhold.hold('big', '[{"sku": "tea", "qty": 2}]');
SELECT * FROM stockhold.fulfil('big', '[{"sku": "tea", "qty": 1}]');
SELECT * FROM stockhold.release('big');
\echo :LAST_ERROR_SQLSTATE

-- expire_holds: only overdue holds, at most batch_size a call, until 0.
SELECT count(*) FROM (SELECT stockhold.hold('x' || i, '[{"sku": "tea", "qty": 0.5}]', ttl => '1 millisecond')
                        FROM generate_series(1, 5) i) h;
SELECT sku, qty FROM stockhold.hold('keep', '[{"sku": "tea", "qty": 0.5}]', ttl => '1 hour');
SELECT pg_sleep(0.01);
SELECT stockhold.expire_holds(2) AS first, stockhold.expire_holds(2) AS second,
       stockhold.expire_holds(2) AS third, stockhold.expire_holds(2) AS done;
SELECT movement, count(*) FROM stockhold.movements WHERE movement = 'expire' GROUP BY 1;
SELECT status, count(*) FROM stockhold.order_lines WHERE order_ref LIKE 'x%' OR order_ref = 'keep' GROUP BY 1 ORDER BY 1;
SELECT stockhold.expire_holds(0);
\echo :LAST_ERROR_SQLSTATE
SELECT stockhold.expire_holds(NULL);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM stockhold.check_invariants();

-- check_invariants() reports what is wrong: a repair-mode write that makes
-- reserved disagree with the holds and the ledger.
SET stockhold.allow_direct_writes = on;
UPDATE stockhold.stock_levels SET reserved = reserved + 1
 WHERE item_id = (SELECT id FROM stockhold.items WHERE sku = 'tea');
SELECT check_name, sku, location FROM stockhold.check_invariants();
UPDATE stockhold.stock_levels SET reserved = reserved - 1
 WHERE item_id = (SELECT id FROM stockhold.items WHERE sku = 'tea');
RESET stockhold.allow_direct_writes;
SELECT * FROM stockhold.check_invariants();

-- A hold's rules hold for any writer (23514): qty > 0, and ended_at is set
-- exactly when the hold is not active. Nothing changes.
SELECT public.stockhold_digest() AS before \gset
UPDATE stockhold.holds SET qty = 0;
\echo :LAST_ERROR_SQLSTATE
\set VERBOSITY terse
UPDATE stockhold.holds SET qty = NULL;
\echo :LAST_ERROR_SQLSTATE
\set VERBOSITY default
UPDATE stockhold.holds SET status = 'released' WHERE status = 'active';
\echo :LAST_ERROR_SQLSTATE
UPDATE stockhold.holds SET ended_at = now() WHERE status = 'active';
\echo :LAST_ERROR_SQLSTATE
UPDATE stockhold.holds SET ended_at = NULL WHERE status <> 'active';
\echo :LAST_ERROR_SQLSTATE
SELECT public.stockhold_digest() = :'before' AS unchanged,
       (SELECT count(*) FILTER (WHERE status = 'active') > 0 AND count(*) FILTER (WHERE status <> 'active') > 0
          FROM stockhold.holds) AS both_kinds_tested;
