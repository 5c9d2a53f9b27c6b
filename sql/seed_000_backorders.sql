-- Seed 000 with backorders: Jean sells 10 kg of carrots through Hub A and
-- Hub B (the sales sessions hubA-week1 and hubB-week1; each hub's customer
-- checkouts make up its order to Jean, hubA-jean and hubB-jean). A customer
-- who wants more than is left no longer has to come back and retry: with
-- backorder => true what is free is held now and the rest waits in the
-- carrots' queue, first come first served; stock that comes free goes to the
-- head of the queue at once, and each fill is announced with
-- NOTIFY stockhold_backorder_filled.
SET client_min_messages = warning;
DROP EXTENSION IF EXISTS stockhold CASCADE;
CREATE EXTENSION stockhold;
RESET client_min_messages;
\set SHOW_CONTEXT never
CREATE VIEW pg_temp.carrots AS
  SELECT on_hand, reserved, available FROM stockhold.availability WHERE sku = 'carrots';
-- Who holds what (active) and who waits (waiting, location empty = any
-- location), per checkout; expires: the hold lapses unless the customer pays.
CREATE VIEW pg_temp.holders AS
  SELECT order_ref, checkout_ref, status, location, sum(qty) AS qty, expires_at IS NOT NULL AS expires
    FROM stockhold.order_lines WHERE sku = 'carrots' AND status IN ('active', 'waiting')
   GROUP BY order_ref, checkout_ref, status, location, expires_at IS NOT NULL
   ORDER BY order_ref, checkout_ref, status, location;
-- Who waits where: the carrots' queue, head (position 1) first.
CREATE VIEW pg_temp.queue AS
  SELECT position, order_ref, checkout_ref, location, qty FROM stockhold.backorders
   WHERE sku = 'carrots' ORDER BY position;
-- Fills are announced to listeners. psql prints each notification with the
-- process id of the backend that sent it (this test's own, different in
-- every run), so the steps that fill go through sed, which replaces it with
-- N and prints the step's output once the step is done.
LISTEN stockhold_backorder_filled;

-- Jean has 10 kg of carrots to sell this week, at the farm.
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
SELECT sku, location, qty FROM stockhold.hold('hubA-jean', '[{"sku": "carrots", "qty": 5}]',
       checkout_ref => 'paul', session_ref => 'hubA-week1', ttl => '30 minutes');
SELECT stockhold.confirm('paul');
-- Wednesday: David orders 3 kg through Hub B; his payment is still pending.
SELECT sku, location, qty FROM stockhold.hold('hubB-jean', '[{"sku": "carrots", "qty": 3}]',
       checkout_ref => 'david', session_ref => 'hubB-week1', ttl => '30 minutes');
-- Ali 1 kg and Paul 5 kg (Hub A) and David 3 kg (Hub B) hold 9 of the 10 kg;
-- nobody waits.
SELECT * FROM pg_temp.holders;
SELECT * FROM pg_temp.queue;
SELECT * FROM pg_temp.carrots;

-- Thursday: Michael wants 2 kg through Hub B, but only 1 kg is left. With
-- backorder => true he holds that kilo now (a row with a hold id) and his
-- second kilo waits (hold_id, location and expires_at empty), first in the
-- carrots' queue. No SH001, and nobody who ordered before him loses anything.
SELECT hold_id IS NOT NULL AS held, sku, location, qty, expires_at IS NOT NULL AS expires
  FROM stockhold.hold('hubB-jean', '[{"sku": "carrots", "qty": 2}]',
       checkout_ref => 'michael', session_ref => 'hubB-week1', ttl => '30 minutes', backorder => true);
-- Michael pays at once: the kilo he holds no longer expires, and neither
-- will the kilo he waits for once it is his (confirm counts his 1 hold).
SELECT stockhold.confirm('michael');
SELECT * FROM pg_temp.holders;
SELECT * FROM pg_temp.queue;
SELECT * FROM pg_temp.carrots;

-- Later on Thursday: Zoe wants 1 kg through Hub A. Nothing is free, so all
-- of it waits, behind Michael (position 2): the queue is the carrots', not a
-- hub's. She has not paid yet.
SELECT hold_id IS NOT NULL AS held, sku, location, qty, expires_at IS NOT NULL AS expires
  FROM stockhold.hold('hubA-jean', '[{"sku": "carrots", "qty": 1}]',
       checkout_ref => 'zoe', session_ref => 'hubA-week1', ttl => '30 minutes', backorder => true);
SELECT * FROM pg_temp.holders;
SELECT * FROM pg_temp.queue;
SELECT * FROM pg_temp.carrots;

-- David's payment fails: his checkout is released. release() returns the
-- 3 kg he held; in the same transaction they go down the queue, head first:
-- 1 kg to Michael (his line is filled and leaves the queue), then 1 kg to
-- Zoe, and the last kilo is free. One notification per fill.
\o | sed -e 's/server process with PID [0-9]*/server process with PID N/' -e 's/"hold_id" : [0-9]*/"hold_id" : H/'
SELECT * FROM stockhold.release('david');
\o
-- Michael now holds his 2 kg, neither expiring (he paid); Zoe holds 1 kg,
-- which lapses 30 minutes after the fill (her hold's TTL) unless she pays.
-- The queue is empty and 1 kg is free.
SELECT * FROM pg_temp.holders;
SELECT * FROM pg_temp.queue;
SELECT * FROM pg_temp.carrots;
SELECT * FROM stockhold.check_invariants();
-- Zoe pays.
SELECT stockhold.confirm('zoe');
SELECT * FROM pg_temp.holders;

-- Thursday evening: Hub B's cycle closes: Michael's 2 kg.
SELECT * FROM stockhold.close_session('hubB-week1');
-- Friday: Hub A's cycle closes: 7 kg (Ali 1, Paul 5, Zoe 1).
SELECT * FROM stockhold.close_session('hubA-week1');
SELECT order_ref, order_state, fulfilment_state FROM stockhold.orders ORDER BY 1;
-- Jean ships both consolidated orders; the free kilo stays at the farm.
SELECT * FROM stockhold.fulfil('hubB-jean');
SELECT * FROM stockhold.fulfil('hubA-jean');
SELECT order_ref, order_state, fulfilment_state FROM stockhold.orders ORDER BY 1;
SELECT * FROM pg_temp.holders;
SELECT * FROM pg_temp.queue;
SELECT * FROM pg_temp.carrots;
SELECT * FROM stockhold.check_invariants();
UNLISTEN *;
