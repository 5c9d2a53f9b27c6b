-- What application code relies on: quantities as decimal strings, confirm's
-- count, extend(), and exactly-once writes: every function that changes
-- stock takes an idempotency key; a repeat returns the first result and
-- changes nothing, other arguments are SH013, keys are scoped per function
-- and forgotten after stockhold.idempotency_retention.
SET client_min_messages = warning;
DROP EXTENSION IF EXISTS stockhold CASCADE;
CREATE EXTENSION stockhold;
RESET client_min_messages;
\set SHOW_CONTEXT never

SELECT stockhold.upsert_item('tea') > 0, stockhold.upsert_item('jam') > 0;
SELECT stockhold.receive('tea', 20), stockhold.receive('jam', 10);

-- qty may be a JSON string holding a decimal number, as decimal libraries
-- write them.
SELECT sku, qty FROM stockhold.hold('s1', '[{"sku": "tea", "qty": "1.5"}, {"sku": "jam", "qty": "5E-1"}]') ORDER BY sku;
SELECT sku, qty FROM stockhold.hold('s2', '[{"sku": "tea", "qty": "+2"}, {"sku": "tea", "qty": 0.5}]');
SELECT sku, qty FROM stockhold.hold('s3', '[{"sku": "tea", "qty": "1.000000"}, {"sku": "jam", "qty": "0.25e1"}]') ORDER BY sku;
SELECT * FROM stockhold.cancel('s1');
SELECT * FROM stockhold.cancel('s2');
SELECT * FROM stockhold.cancel('s3');

-- confirm counts the checkout's active holds, all now without expiry: a hold
-- made without a TTL never waited, and counts too.
SELECT count(*) FROM stockhold.hold('c1', '[{"sku": "tea", "qty": 1}, {"sku": "jam", "qty": 1}]');
SELECT stockhold.confirm('c1');
SELECT count(*) FROM stockhold.hold('c2', '[{"sku": "tea", "qty": 1}]', ttl => '1 hour');
SELECT stockhold.confirm('c2'), stockhold.confirm('c2');
SELECT count(*) FROM stockhold.order_lines WHERE order_ref = 'c2' AND expires_at IS NULL;

-- extend: the checkout's expiring holds expire ttl from now; holds without
-- expiry are left alone; expired ones are re-reserved, or SH012.
SELECT count(*) FROM stockhold.hold('e1', '[{"sku": "tea", "qty": 2}]', ttl => '5 minutes');
SELECT count(*) FROM stockhold.hold('e1', '[{"sku": "jam", "qty": 1}]');
SELECT stockhold.extend('e1', '2 hours');
SELECT sku, expires_at - now() BETWEEN interval '119 minutes' AND interval '2 hours' AS in_two_hours
  FROM stockhold.order_lines WHERE order_ref = 'e1' ORDER BY sku;
UPDATE stockhold.holds SET expires_at = now() - interval '1 second'
 WHERE order_id = (SELECT id FROM stockhold.orders WHERE order_ref = 'e1') AND expires_at IS NOT NULL;
SELECT stockhold.expire_holds();
SELECT stockhold.extend('e1', '30 minutes');
SELECT sku, status, expires_at - now() BETWEEN interval '29 minutes' AND interval '30 minutes' AS in_half_an_hour
  FROM stockhold.order_lines WHERE order_ref = 'e1' ORDER BY sku, status;
SELECT public.stockhold_digest() AS before \gset
SELECT stockhold.extend('e1', '0 seconds');
\echo :LAST_ERROR_SQLSTATE
SELECT stockhold.extend('e1', '-1 hour');
\echo :LAST_ERROR_SQLSTATE
SELECT stockhold.extend('e1', NULL);
\echo :LAST_ERROR_SQLSTATE
SELECT stockhold.extend('nobody', '1 hour');
\echo :LAST_ERROR_SQLSTATE
SELECT public.stockhold_digest() = :'before' AS unchanged;
-- Stock gone: SH012, nothing changed.
SELECT count(*) FROM stockhold.hold('e2', '[{"sku": "jam", "qty": 2}]', ttl => '1 hour');
UPDATE stockhold.holds SET expires_at = now() - interval '1 second'
 WHERE order_id = (SELECT id FROM stockhold.orders WHERE order_ref = 'e2');
SELECT stockhold.expire_holds();
SELECT count(*) FROM stockhold.hold('takes-it', '[{"sku": "jam", "qty": 7}]');
SELECT public.stockhold_digest() AS before \gset
SELECT stockhold.extend('e2', '1 hour');
\echo :LAST_ERROR_SQLSTATE
SELECT public.stockhold_digest() = :'before' AS unchanged;
SELECT * FROM stockhold.cancel('takes-it');

-- Exactly once: each function, called twice with its key, acts once and
-- returns the same result; other arguments under the key are SH013.
SELECT stockhold.receive('tea', 5, idempotency_key => 'r1'), stockhold.receive('tea', 5, idempotency_key => 'r1');
SELECT on_hand FROM stockhold.availability WHERE sku = 'tea';
SELECT stockhold.adjust('tea', 30, idempotency_key => 'a1'), stockhold.receive('tea', 1),
       stockhold.adjust('tea', 30, idempotency_key => 'a1');
SELECT on_hand FROM stockhold.availability WHERE sku = 'tea';
SELECT count(*) FROM stockhold.hold('k1', '[{"sku": "tea", "qty": 3}, {"sku": "jam", "qty": 1}]', ttl => '1 hour');
SELECT stockhold.confirm('k1', 'c-k1'), stockhold.confirm('k1', 'c-k1');
SELECT * FROM stockhold.release('k1', '[{"sku": "tea", "qty": 1}]', 'rel-k1');
SELECT * FROM stockhold.release('k1', '[{"sku": "tea", "qty": 1}]', 'rel-k1');
SELECT sum(qty) FROM stockhold.order_lines WHERE order_ref = 'k1' AND status = 'active';
SELECT * FROM stockhold.fulfil('k1', '[{"sku": "tea", "qty": 1}]', idempotency_key => 'ship-k1');
SELECT * FROM stockhold.fulfil('k1', '[{"sku": "tea", "qty": 1}]', idempotency_key => 'ship-k1');
SELECT * FROM stockhold.return_stock('k1', '[{"sku": "tea", "qty": 1}]', idempotency_key => 'ret-k1');
SELECT * FROM stockhold.return_stock('k1', '[{"sku": "tea", "qty": 1}]', idempotency_key => 'ret-k1');
SELECT count(*) FROM stockhold.hold('k2', '[{"sku": "jam", "qty": 1}]', ttl => '1 hour');
SELECT stockhold.extend('k2', '1 hour', 'ext-k2') = stockhold.extend('k2', '1 hour', 'ext-k2') AS same;
SELECT * FROM stockhold.cancel('k2', 'cancel-k2');
SELECT * FROM stockhold.cancel('k2', 'cancel-k2');
SELECT movement, count(*) FROM stockhold.movements WHERE sku = 'tea' GROUP BY 1 ORDER BY 1;
SELECT scope, count(*) FROM stockhold.idempotency_keys GROUP BY 1 ORDER BY 1;
-- The same key with other arguments: SH013, nothing changed. A key is
-- scoped to its function: 'r1' is free for adjust.
SELECT public.stockhold_digest() AS before \gset
SELECT stockhold.receive('tea', 6, idempotency_key => 'r1');
\echo :LAST_ERROR_SQLSTATE
SELECT stockhold.receive('tea', 5, 'default', 'other reason', idempotency_key => 'r1');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM stockhold.release('k1', '[{"sku": "tea", "qty": 2}]', 'rel-k1');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM stockhold.release('k1', NULL, 'rel-k1');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM stockhold.fulfil('k1', '[{"sku": "tea", "qty": 1}]', true, 'ship-k1');
\echo :LAST_ERROR_SQLSTATE
SELECT stockhold.extend('k2', '2 hours', 'ext-k2');
\echo :LAST_ERROR_SQLSTATE
SELECT public.stockhold_digest() = :'before' AS unchanged;
SELECT stockhold.adjust('tea', 30, idempotency_key => 'r1');
-- Equal values are the same arguments: 1 and 1.0.
SELECT * FROM stockhold.release('k1', '[{"sku": "tea", "qty": 1.0}]', 'rel-k1');

-- Keys are kept for stockhold.idempotency_retention; forget_idempotency_keys()
-- forgets older ones in batches, and a forgotten key is a new call.
UPDATE stockhold.idempotency_keys SET created_at = now() - interval '8 days' WHERE key IN ('r1', 'c-k1');
SHOW stockhold.idempotency_retention;
SELECT stockhold.forget_idempotency_keys(1), stockhold.forget_idempotency_keys(), stockhold.forget_idempotency_keys();
SELECT scope, key FROM stockhold.idempotency_keys WHERE key IN ('r1', 'c-k1') ORDER BY 1, 2;
SELECT stockhold.receive('tea', 5, idempotency_key => 'r1');
SELECT stockhold.forget_idempotency_keys(0);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM stockhold.check_invariants();
