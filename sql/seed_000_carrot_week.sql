-- Seed 000, step by step: Jean sells 10 kg of carrots through Hub A
-- (Monday-Friday) and Hub B (Tuesday-Thursday). Customer checkouts hold stock
-- as they come in; each hub's close consolidates its order to Jean.
SET client_min_messages = warning;
DROP EXTENSION IF EXISTS stockhold CASCADE;
CREATE EXTENSION stockhold;
RESET client_min_messages;
\set SHOW_CONTEXT never
CREATE VIEW pg_temp.carrots AS
  SELECT on_hand, reserved, available FROM stockhold.availability WHERE sku = 'carrots';
CREATE VIEW pg_temp.hub_orders AS
  SELECT order_ref, checkout_ref, status, qty FROM stockhold.order_lines ORDER BY order_ref, checkout_ref, status;

-- Jean has 10 kg of carrots to sell this week.
SELECT stockhold.upsert_item('carrots', 'Jean''s carrots', unit => 'kg') > 0 AS registered;
SELECT stockhold.upsert_location('jean-farm', 'Jean''s farm', priority => 10) > 0 AS farm;
SELECT stockhold.receive('carrots', 10, 'jean-farm', 'harvest');
-- Both hubs' order cycles are open this week (the test plays the week in order).
SELECT stockhold.open_session('hubA-week1', 'Hub A', now() - interval '1 day', now() + interval '4 days') > 0 AS hub_a;
SELECT stockhold.open_session('hubB-week1', 'Hub B', now() - interval '1 hour', now() + interval '2 days') > 0 AS hub_b;

-- Monday: Ali orders 1 kg through Hub A and pays.
SELECT sku, location, qty FROM stockhold.hold('hubA-jean', '[{"sku": "carrots", "qty": 1}]',
       checkout_ref => 'ali', session_ref => 'hubA-week1', ttl => '30 minutes');
SELECT stockhold.confirm('ali');
-- Tuesday: Paul orders 5 kg through Hub A and pays.
SELECT sku, qty FROM stockhold.hold('hubA-jean', '[{"sku": "carrots", "qty": 5}]',
       checkout_ref => 'paul', session_ref => 'hubA-week1', ttl => '30 minutes');
SELECT stockhold.confirm('paul');
-- Wednesday: David orders 3 kg through Hub B; his payment is still pending.
SELECT sku, qty FROM stockhold.hold('hubB-jean', '[{"sku": "carrots", "qty": 3}]',
       checkout_ref => 'david', session_ref => 'hubB-week1', ttl => '30 minutes');
SELECT * FROM pg_temp.carrots;
-- Thursday: Michael wants 2 kg through Hub B, but only 1 kg is left: refused,
-- so Ali and Paul (who ordered first) stay covered. Nothing changes.
SELECT * FROM stockhold.hold('hubB-jean', '[{"sku": "carrots", "qty": 2}]',
       checkout_ref => 'michael', session_ref => 'hubB-week1', ttl => '30 minutes');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM pg_temp.carrots;
-- David's payment fails: his 3 kg go back at once.
SELECT * FROM stockhold.release('david');
-- Michael retries and gets his 2 kg (1.5 kg now and 0.5 kg more), and pays.
SELECT sku, qty FROM stockhold.hold('hubB-jean', '[{"sku": "carrots", "qty": 1.5}]',
       checkout_ref => 'michael', session_ref => 'hubB-week1', ttl => '30 minutes');
SELECT sku, qty FROM stockhold.hold('hubB-jean', '[{"sku": "carrots", "qty": 0.5}]',
       checkout_ref => 'michael', session_ref => 'hubB-week1', ttl => '30 minutes');
SELECT stockhold.confirm('michael');
-- A last Hub B customer never finishes paying before the close.
SELECT sku, qty FROM stockhold.hold('hubB-jean', '[{"sku": "carrots", "qty": 1}]',
       checkout_ref => 'zoe', session_ref => 'hubB-week1', ttl => '30 minutes');
SELECT * FROM pg_temp.carrots;

-- Thursday evening: Hub B's cycle closes. Zoe's unconfirmed hold is released;
-- Hub B orders what its customers hold: Michael's 2 kg.
SELECT * FROM stockhold.close_session('hubB-week1');
SELECT order_ref, order_state, fulfilment_state FROM stockhold.orders ORDER BY 1;
-- No new checkout can join a closed session.
SELECT * FROM stockhold.hold('hubB-jean', '[{"sku": "carrots", "qty": 1}]',
       checkout_ref => 'late', session_ref => 'hubB-week1');
\echo :LAST_ERROR_SQLSTATE
-- Closing again returns the same consolidated order and changes nothing.
SELECT * FROM stockhold.close_session('hubB-week1');

-- Friday: Hub A's cycle closes: 6 kg (Ali 1 + Paul 5).
SELECT * FROM stockhold.close_session('hubA-week1');
SELECT * FROM pg_temp.hub_orders;
-- Jean is never short: 8 kg ordered, 10 kg on hand, 2 kg still free.
SELECT * FROM pg_temp.carrots;

-- Jean ships both consolidated orders.
SELECT * FROM stockhold.fulfil('hubB-jean');
SELECT * FROM stockhold.fulfil('hubA-jean');
SELECT order_ref, order_state, fulfilment_state FROM stockhold.orders ORDER BY 1;
SELECT * FROM pg_temp.carrots;
SELECT movement, sum(qty) FROM stockhold.movements GROUP BY 1 ORDER BY 1;
SELECT * FROM stockhold.check_invariants();
