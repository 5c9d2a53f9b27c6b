-- Backorders (hold(..., backorder => true)): what cannot be held now waits in
-- its item's queue, first come first served, and stock that becomes free
-- goes to the queue in the same transaction. Each block uses its own items;
-- check_invariants() (invariant 7 among them) is empty after each. Queue
-- times and hold ids are never shown: positions, quantities, booleans and
-- intervals are.
SET client_min_messages = warning;
DROP EXTENSION IF EXISTS stockhold CASCADE;
CREATE EXTENSION stockhold;
RESET client_min_messages;
\set SHOW_CONTEXT never

SELECT stockhold.upsert_location('hub_a', priority => 10) > 0 AS hub_a,
       stockhold.upsert_location('hub_b', priority => 20) > 0 AS hub_b;
-- An item's queue, head first (location and lot empty = any).
CREATE FUNCTION pg_temp.queue(s text) RETURNS TABLE ("position" bigint, order_ref text, checkout_ref text, location text,
                                                     lot text, qty numeric)
LANGUAGE sql AS $$
  SELECT position, order_ref, checkout_ref, location, lot, qty FROM stockhold.backorders WHERE sku = s ORDER BY position
$$;
-- What an item's orders hold (active) and wait for (waiting), per checkout,
-- location and lot; expires: the holds lapse unless confirmed.
CREATE FUNCTION pg_temp.lines(s text) RETURNS TABLE (order_ref text, checkout_ref text, status text, location text,
                                                     lot text, qty numeric, expires boolean)
LANGUAGE sql AS $$
  SELECT order_ref, checkout_ref, status, location, lot, sum(qty), expires_at IS NOT NULL
    FROM stockhold.order_lines WHERE sku = s AND status IN ('active', 'waiting')
   GROUP BY order_ref, checkout_ref, status, location, lot, expires_at IS NOT NULL
   ORDER BY order_ref, checkout_ref, status, location, lot
$$;
CREATE FUNCTION pg_temp.level(s text) RETURNS TABLE (location text, on_hand numeric, reserved numeric, available numeric)
LANGUAGE sql AS $$
  SELECT location, on_hand, reserved, available FROM stockhold.availability WHERE sku = s ORDER BY location
$$;
CREATE FUNCTION pg_temp.states(refs text[]) RETURNS TABLE (order_ref text, order_state text, fulfilment_state text)
LANGUAGE sql AS $$
  SELECT order_ref, order_state::text, fulfilment_state::text FROM stockhold.orders WHERE order_ref = ANY(refs) ORDER BY 1
$$;
-- The shared digest (install.sql) does not read the queue: this one adds it,
-- to show that a refused call changed nothing, waiting lines included.
CREATE FUNCTION pg_temp.digest() RETURNS text LANGUAGE sql AS $$
  SELECT md5(public.stockhold_digest() || '|' ||
             coalesce((SELECT string_agg(t::text, ',' ORDER BY t::text) FROM stockhold.backorder_lines t), ''))
$$;

-- 1. Partial fills. A line is queued even before the item has any stock
-- (no level yet); the hold returns the waiting part as a row without hold
-- id, location or expiry. A receipt smaller than the head line fills it in
-- part: the line keeps its place with what is still missing. Each fill is
-- announced (psql prints the sending backend's process id, which varies:
-- the notifying steps go through sed).
SELECT stockhold.upsert_item('beans', unit => 'kg') > 0 AS beans;
SELECT hold_id IS NULL AS waits, sku, location, qty, expires_at IS NULL AS no_expiry
  FROM stockhold.hold('b1', '[{"sku": "beans", "qty": 5}]', backorder => true);
SELECT hold_id IS NULL AS waits, sku, location, qty, expires_at IS NULL AS no_expiry
  FROM stockhold.hold('b2', '[{"sku": "beans", "qty": 2}]', backorder => true);
SELECT * FROM pg_temp.queue('beans');
LISTEN stockhold_backorder_filled;
\o | sed -e 's/server process with PID [0-9]*/server process with PID N/' -e 's/"hold_id" : [0-9]*/"hold_id" : H/'
-- 3 kg: all to b1, which still waits for 2 at the head.
SELECT stockhold.receive('beans', 3);
\o
SELECT * FROM pg_temp.queue('beans');
SELECT * FROM pg_temp.lines('beans');
\o | sed -e 's/server process with PID [0-9]*/server process with PID N/' -e 's/"hold_id" : [0-9]*/"hold_id" : H/'
-- 3 kg more: b1's last 2 (its line leaves the queue), then 1 of b2's 2.
SELECT stockhold.receive('beans', 3);
\o
SELECT * FROM pg_temp.queue('beans');
\o | sed -e 's/server process with PID [0-9]*/server process with PID N/' -e 's/"hold_id" : [0-9]*/"hold_id" : H/'
-- 1.5 kg: b2's last kilo; half a kilo is left free.
SELECT stockhold.receive('beans', 1.5);
\o
UNLISTEN stockhold_backorder_filled;
SELECT * FROM pg_temp.queue('beans');
SELECT * FROM pg_temp.lines('beans');
SELECT * FROM pg_temp.level('beans');
SELECT * FROM stockhold.check_invariants();

-- Several lines in one call: each holds what is free and queues the rest
-- in its item's queue; a line naming a location waits there. The same sku
-- twice is merged. A replay of the key returns the first rows and queues
-- nothing again; the key without backorder is other arguments (SH013).
SELECT stockhold.upsert_item('oats') > 0 AS oats, stockhold.upsert_item('rye') > 0 AS rye;
SELECT stockhold.receive('oats', 1);
SELECT hold_id IS NULL AS waits, sku, location, qty, expires_at IS NULL AS no_expiry
  FROM stockhold.hold('g1', '[{"sku": "rye", "qty": 2, "location": "hub_b"}, {"sku": "oats", "qty": 1},
                              {"sku": "oats", "qty": 2}, {"sku": "beans", "qty": 1}]',
                      backorder => true, idempotency_key => 'g1-once')
 ORDER BY waits, sku;
SELECT hold_id IS NULL AS waits, sku, location, qty, expires_at IS NULL AS no_expiry
  FROM stockhold.hold('g1', '[{"sku": "rye", "qty": 2, "location": "hub_b"}, {"sku": "oats", "qty": 1},
                              {"sku": "oats", "qty": 2}, {"sku": "beans", "qty": 1}]',
                      backorder => true, idempotency_key => 'g1-once')
 ORDER BY waits, sku;
SELECT pg_temp.digest() AS before \gset
SELECT * FROM stockhold.hold('g1', '[{"sku": "rye", "qty": 2, "location": "hub_b"}, {"sku": "oats", "qty": 1},
                                     {"sku": "oats", "qty": 2}, {"sku": "beans", "qty": 1}]',
                             idempotency_key => 'g1-once');
\echo :LAST_ERROR_SQLSTATE
SELECT pg_temp.digest() = :'before' AS unchanged;
SELECT sku, position, order_ref, location, qty FROM stockhold.backorders WHERE order_ref = 'g1' ORDER BY sku;
SELECT * FROM pg_temp.lines('beans');
SELECT * FROM stockhold.check_invariants();

-- 2. A long queue. The queue is read in batches of 64 lines: one receipt
-- fills more than 64 lines, in queue order, skipping lines that cannot take
-- stock at the receipt's location (every tenth line names hub_b) and
-- continuing behind them. 100 orders p001..p100 of 1 each, queued in order.
SELECT stockhold.upsert_item('peas') > 0 AS peas;
DO $$
BEGIN
  FOR i IN 1..100 LOOP
    PERFORM stockhold.hold('p' || lpad(i::text, 3, '0'),
                           CASE WHEN i % 10 = 0 THEN '[{"sku": "peas", "qty": 1, "location": "hub_b"}]'
                                ELSE '[{"sku": "peas", "qty": 1}]' END::jsonb, backorder => true);
  END LOOP;
END $$;
SELECT count(*) AS lines, bool_and(position = substr(order_ref, 2)::int) AS in_order,
       count(location) FILTER (WHERE location = 'hub_b') AS at_hub_b
  FROM stockhold.backorders WHERE sku = 'peas';
-- 80.5 at default: the first 80 lines without a location (p001..p088 but
-- not p010..p080) get 1 each, p089 gets 0.5 and keeps its place.
SELECT stockhold.receive('peas', 80.5);
SELECT count(*) AS holds, count(DISTINCT order_ref) AS orders, sum(qty) AS held,
       min(order_ref) AS first, max(order_ref) AS last,
       count(*) FILTER (WHERE substr(order_ref, 4) = '0') AS hub_b_orders
  FROM stockhold.order_lines WHERE sku = 'peas' AND status = 'active';
-- The fills were made in queue order: hold ids (taken as they were made)
-- follow the order refs (the queue's order).
SELECT bool_and(by_id = by_queue) AS filled_in_queue_order FROM (
  SELECT row_number() OVER (ORDER BY h.id) AS by_id, row_number() OVER (ORDER BY o.order_ref) AS by_queue
    FROM stockhold.holds h JOIN stockhold.orders o ON o.id = h.order_id
   WHERE h.item_id = (SELECT id FROM stockhold.items WHERE sku = 'peas') AND h.status = 'active') t;
SELECT count(*) AS lines FROM stockhold.backorders WHERE sku = 'peas';
SELECT * FROM pg_temp.queue('peas') WHERE position <= 12;
-- 10 at hub_b: the lines there take it in queue order: p010..p080 (8), then
-- p089's half (any location), p090 and half of p091.
SELECT stockhold.receive('peas', 10, 'hub_b');
SELECT * FROM pg_temp.queue('peas');
SELECT sum(qty) AS held_at_hub_b FROM stockhold.order_lines WHERE sku = 'peas' AND status = 'active' AND location = 'hub_b';
SELECT * FROM pg_temp.level('peas');
SELECT * FROM stockhold.check_invariants();
-- More than one batch of lines that cannot take the stock: corn is
-- lot-tracked; 70 lines name lot OLD (all of it held by c000), then 5 name
-- no lot. 3 of lot NEW reach past the 70 (read in two batches) to c071..c073.
SELECT stockhold.upsert_item('corn') > 0 AS corn;
SELECT stockhold.receive('corn', 70, lot => 'OLD');
SELECT count(*) FROM stockhold.hold('c000', '[{"sku": "corn", "qty": 70}]');
DO $$
BEGIN
  FOR i IN 1..75 LOOP
    PERFORM stockhold.hold('c' || lpad(i::text, 3, '0'),
                           CASE WHEN i <= 70 THEN '[{"sku": "corn", "qty": 1, "lot": "OLD"}]'
                                ELSE '[{"sku": "corn", "qty": 1}]' END::jsonb, backorder => true);
  END LOOP;
END $$;
SELECT stockhold.receive('corn', 3, lot => 'NEW');
SELECT order_ref, location, lot, qty FROM stockhold.order_lines
 WHERE sku = 'corn' AND status = 'active' AND order_ref <> 'c000' ORDER BY 1;
SELECT count(*) AS lines, count(*) FILTER (WHERE lot = 'OLD') AS for_old FROM stockhold.backorders WHERE sku = 'corn';
SELECT * FROM pg_temp.queue('corn') WHERE position > 69;
SELECT * FROM stockhold.check_invariants();

-- 3. Named locations. A line naming hub_b waits for stock there: a receipt
-- at hub_a passes it by and fills the later line that names none. Stock it
-- cannot take may be free while it waits (invariant 7 still holds), and a
-- new hold may take that stock; a new hold never takes stock a waiting line
-- could take (SH001, nothing changed).
SELECT stockhold.upsert_item('leeks') > 0 AS leeks;
SELECT hold_id IS NULL AS waits, sku, location, qty
  FROM stockhold.hold('l1', '[{"sku": "leeks", "qty": 2, "location": "hub_b"}]', backorder => true);
SELECT hold_id IS NULL AS waits, sku, location, qty
  FROM stockhold.hold('l2', '[{"sku": "leeks", "qty": 2}]', backorder => true);
SELECT * FROM pg_temp.queue('leeks');
SELECT stockhold.receive('leeks', 3, 'hub_a');
SELECT * FROM pg_temp.queue('leeks');
SELECT * FROM pg_temp.lines('leeks');
SELECT * FROM pg_temp.level('leeks');
SELECT * FROM stockhold.check_invariants();
-- l3 asks for 1 at hub_b: nothing is there, so it waits there (its row
-- names hub_b), behind l1, although 1 is free at hub_a.
SELECT hold_id IS NULL AS waits, sku, location, qty
  FROM stockhold.hold('l3', '[{"sku": "leeks", "qty": 1, "location": "hub_b"}]', backorder => true);
SELECT * FROM pg_temp.queue('leeks');
-- The free kilo at hub_a is no waiting line's: a plain hold takes it.
SELECT hold_id IS NULL AS waits, sku, location, qty FROM stockhold.hold('l4', '[{"sku": "leeks", "qty": 1}]');
-- Now nothing is free: plain holds are refused, the queue unchanged.
SELECT pg_temp.digest() AS before \gset
SELECT * FROM stockhold.hold('l5', '[{"sku": "leeks", "qty": 1}]');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM stockhold.hold('l5', '[{"sku": "leeks", "qty": 1, "location": "hub_b"}]');
\echo :LAST_ERROR_SQLSTATE
SELECT pg_temp.digest() = :'before' AS unchanged;
-- 2 at hub_b: l1's 2, in its place ahead of l3; l3 still waits.
SELECT stockhold.receive('leeks', 2, 'hub_b');
SELECT * FROM pg_temp.queue('leeks');
SELECT * FROM pg_temp.lines('leeks');
SELECT * FROM stockhold.check_invariants();

-- 4. Lots. milk is lot-tracked with strategy fefo (as in lots.sql): fills
-- take the earliest best-before first, whatever the location's priority. A
-- line naming a lot takes only that lot; an expired lot never fills.
SELECT stockhold.upsert_item('milk', 'Milk', 'l', strategy => 'fefo') > 0 AS milk;
SELECT stockhold.receive('milk', 2, 'hub_a', lot => 'A-LATE', best_before => current_date + 9);
SELECT stockhold.receive('milk', 2, 'hub_b', lot => 'B-EARLY', best_before => current_date + 2);
SELECT location, qty FROM stockhold.hold('m0', '[{"sku": "milk", "qty": 4}]') ORDER BY location;
SELECT hold_id IS NULL AS waits, location, qty FROM stockhold.hold('m1', '[{"sku": "milk", "qty": 3}]', backorder => true);
SELECT hold_id IS NULL AS waits, location, qty
  FROM stockhold.hold('m2', '[{"sku": "milk", "qty": 1, "lot": "A-LATE"}]', backorder => true);
SELECT hold_id IS NULL AS waits, location, qty FROM stockhold.hold('m3', '[{"sku": "milk", "qty": 1}]', backorder => true);
SELECT * FROM pg_temp.queue('milk');
-- m0 gives back both lots: m1 takes B-EARLY's 2 (hub_b, earlier date, though
-- hub_b comes after hub_a by priority) and 1 of A-LATE; m2 the last of
-- A-LATE; nothing is left for m3.
SELECT * FROM stockhold.release('m0') ORDER BY location;
SELECT * FROM pg_temp.lines('milk');
SELECT * FROM pg_temp.queue('milk');
-- An expired lot (best before yesterday) is received but fills nothing.
SELECT stockhold.receive('milk', 5, 'hub_a', lot => 'X-EXP', best_before => current_date - 1);
SELECT * FROM pg_temp.queue('milk');
SELECT lot, on_hand, reserved, expired FROM stockhold.lot_availability WHERE sku = 'milk' ORDER BY lot;
SELECT * FROM stockhold.check_invariants();
SELECT stockhold.receive('milk', 1, 'hub_b', lot => 'B-EARLY');
SELECT * FROM pg_temp.queue('milk');
-- A line naming A-LATE is passed by when another lot comes in; the later
-- line naming none takes it, and a plain hold may take the rest.
SELECT hold_id IS NULL AS waits, location, qty
  FROM stockhold.hold('m4', '[{"sku": "milk", "qty": 2, "lot": "A-LATE"}]', backorder => true);
SELECT hold_id IS NULL AS waits, location, qty FROM stockhold.hold('m5', '[{"sku": "milk", "qty": 1}]', backorder => true);
SELECT * FROM pg_temp.queue('milk');
SELECT stockhold.receive('milk', 2, 'hub_a', lot => 'A-NEW', best_before => current_date + 5);
SELECT * FROM pg_temp.queue('milk');
SELECT * FROM stockhold.check_invariants();
SELECT location, qty FROM stockhold.hold('m6', '[{"sku": "milk", "qty": 1}]');
SELECT stockhold.receive('milk', 2, 'hub_a', lot => 'A-LATE');
SELECT * FROM pg_temp.queue('milk');
SELECT * FROM pg_temp.lines('milk');
SELECT lot, on_hand, reserved, expired FROM stockhold.lot_availability WHERE sku = 'milk' ORDER BY lot;
SELECT * FROM stockhold.check_invariants();

-- 5. A slotted item (set_slots): 8 in 4 slots of 2, each held by a one-line
-- hold, with a low-stock threshold. The release of one hold (one slot)
-- fills the head line in part; a receipt (spread over the slots) fills the
-- rest. Totals, slots, guards and the alert stay right.
SELECT stockhold.upsert_item('tee', low_stock_threshold => 2) > 0 AS tee;
SELECT stockhold.receive('tee', 8);
SELECT stockhold.set_slots('tee', 4);
SELECT count(*) FROM stockhold.hold('s1', '[{"sku": "tee", "qty": 2}]');
SELECT count(*) FROM stockhold.hold('s2', '[{"sku": "tee", "qty": 2}]');
SELECT count(*) FROM stockhold.hold('s3', '[{"sku": "tee", "qty": 2}]');
SELECT count(*) FROM stockhold.hold('s4', '[{"sku": "tee", "qty": 2}]');
SELECT hold_id IS NULL AS waits, location, qty FROM stockhold.hold('w1', '[{"sku": "tee", "qty": 3}]', backorder => true);
SELECT hold_id IS NULL AS waits, location, qty FROM stockhold.hold('w2', '[{"sku": "tee", "qty": 2}]', backorder => true);
SELECT * FROM pg_temp.queue('tee');
SELECT * FROM stockhold.release('s1');
SELECT * FROM pg_temp.queue('tee');
SELECT * FROM pg_temp.lines('tee');
SELECT * FROM pg_temp.level('tee');
SELECT * FROM stockhold.check_invariants();
SELECT stockhold.receive('tee', 4);
SELECT * FROM pg_temp.queue('tee');
SELECT * FROM pg_temp.lines('tee');
SELECT * FROM pg_temp.level('tee');
SELECT count(*) AS rows, sum(on_hand) AS on_hand, sum(reserved) AS reserved
  FROM stockhold.stock_levels WHERE item_id = (SELECT id FROM stockhold.items WHERE sku = 'tee');
SELECT sku, available, low_stock_threshold FROM stockhold.low_stock WHERE sku = 'tee';
SELECT * FROM stockhold.check_invariants();

-- 6. Withdrawing waiting lines. release(checkout, lines) withdraws waiting
-- quantities first, the latest queued first, then releases holds for what
-- the line still asks, and returns only the holds it released; the lines
-- behind move up. kale: c holds 1 and waits for 2 (queued first), d waits
-- for 1, c waits for 3 more (queued last).
SELECT stockhold.upsert_item('kale') > 0 AS kale;
SELECT stockhold.receive('kale', 1);
SELECT hold_id IS NULL AS waits, location, qty FROM stockhold.hold('c', '[{"sku": "kale", "qty": 3}]', backorder => true);
SELECT hold_id IS NULL AS waits, location, qty FROM stockhold.hold('d', '[{"sku": "kale", "qty": 1}]', backorder => true);
SELECT hold_id IS NULL AS waits, location, qty FROM stockhold.hold('c', '[{"sku": "kale", "qty": 3}]', backorder => true);
SELECT * FROM pg_temp.queue('kale');
-- 4: the last line's 3 and 1 of the first; nothing released, no rows.
SELECT * FROM stockhold.release('c', '[{"sku": "kale", "qty": 4}]');
SELECT * FROM pg_temp.queue('kale');
SELECT * FROM pg_temp.lines('kale');
-- 2: c's last waiting 1, then its hold of 1, which is returned and goes to
-- d, now at the head.
SELECT * FROM stockhold.release('c', '[{"sku": "kale", "qty": 2}]');
SELECT * FROM pg_temp.queue('kale');
SELECT * FROM pg_temp.lines('kale');
SELECT * FROM stockhold.check_invariants();
-- release(checkout) without lines withdraws all the checkout's waiting
-- lines and releases all its holds; cancel(order) does so for every
-- checkout of the order. chard: e1 (order e) holds 2 and waits for 1, f
-- waits for 2, e2 (order e) for 1, g for 1.
SELECT stockhold.upsert_item('chard') > 0 AS chard;
SELECT stockhold.receive('chard', 2);
SELECT hold_id IS NULL AS waits, location, qty
  FROM stockhold.hold('e', '[{"sku": "chard", "qty": 3}]', checkout_ref => 'e1', backorder => true);
SELECT hold_id IS NULL AS waits, location, qty FROM stockhold.hold('f', '[{"sku": "chard", "qty": 2}]', backorder => true);
SELECT hold_id IS NULL AS waits, location, qty
  FROM stockhold.hold('e', '[{"sku": "chard", "qty": 1}]', checkout_ref => 'e2', backorder => true);
SELECT hold_id IS NULL AS waits, location, qty FROM stockhold.hold('g', '[{"sku": "chard", "qty": 1}]', backorder => true);
SELECT * FROM pg_temp.queue('chard');
-- e1: its waiting 1 withdrawn, its 2 released (the rows) and given to f.
SELECT * FROM stockhold.release('e1');
SELECT * FROM pg_temp.queue('chard');
SELECT * FROM pg_temp.lines('chard');
-- cancel(e): e2's line is withdrawn; e holds nothing, so no rows.
SELECT * FROM stockhold.cancel('e');
SELECT * FROM pg_temp.queue('chard');
-- cancel(f): its 2 released, 1 to g; 1 left free.
SELECT * FROM stockhold.cancel('f');
SELECT * FROM pg_temp.queue('chard');
SELECT * FROM pg_temp.lines('chard');
SELECT * FROM pg_temp.states('{e,f,g}');
SELECT * FROM pg_temp.level('chard');
SELECT * FROM stockhold.check_invariants();

-- 7. close_session withdraws every waiting line of the session's orders,
-- releases the unconfirmed holds (whose stock goes to other orders' lines)
-- and returns only held quantities. figs: ann (confirmed) holds 2, bob
-- (unconfirmed) holds 1 and waits for 2, then "outside" (no session) waits
-- for 2, cat and dan (dan's order holds nothing) wait for 1.
SELECT stockhold.upsert_item('figs') > 0 AS figs;
SELECT stockhold.receive('figs', 3);
SELECT stockhold.open_session('market', 'Market') > 0 AS market;
SELECT hold_id IS NULL AS waits, location, qty FROM stockhold.hold('mkt', '[{"sku": "figs", "qty": 2}]',
       checkout_ref => 'ann', session_ref => 'market', ttl => '1 hour', backorder => true);
SELECT stockhold.confirm('ann');
SELECT hold_id IS NULL AS waits, location, qty FROM stockhold.hold('mkt', '[{"sku": "figs", "qty": 3}]',
       checkout_ref => 'bob', session_ref => 'market', ttl => '1 hour', backorder => true);
SELECT hold_id IS NULL AS waits, location, qty FROM stockhold.hold('outside', '[{"sku": "figs", "qty": 2}]', backorder => true);
SELECT hold_id IS NULL AS waits, location, qty FROM stockhold.hold('mkt', '[{"sku": "figs", "qty": 1}]',
       checkout_ref => 'cat', session_ref => 'market', ttl => '1 hour', backorder => true);
SELECT hold_id IS NULL AS waits, location, qty FROM stockhold.hold('mkt-dan', '[{"sku": "figs", "qty": 1}]',
       checkout_ref => 'dan', session_ref => 'market', ttl => '1 hour', backorder => true);
SELECT * FROM pg_temp.queue('figs');
SELECT * FROM stockhold.close_session('market');
SELECT * FROM pg_temp.queue('figs');
SELECT * FROM pg_temp.lines('figs');
SELECT * FROM pg_temp.states('{mkt,mkt-dan,outside}');
-- Closing again returns the same rows and changes nothing.
SELECT pg_temp.digest() AS before \gset
SELECT * FROM stockhold.close_session('market');
SELECT pg_temp.digest() = :'before' AS unchanged;
SELECT * FROM stockhold.check_invariants();

-- 8. fulfil ships what is held and leaves waiting lines waiting: the order
-- is Complete / Unfulfilled, and its line can still be filled; it is
-- Fulfilled once nothing is held or waiting. With release_remainder, its
-- waiting lines are withdrawn (and released holds fill other lines).
SELECT stockhold.upsert_item('plums') > 0 AS plums;
SELECT stockhold.receive('plums', 2);
SELECT hold_id IS NULL AS waits, location, qty FROM stockhold.hold('fa', '[{"sku": "plums", "qty": 3}]', backorder => true);
SELECT * FROM stockhold.fulfil('fa');
SELECT * FROM pg_temp.states('{fa}');
SELECT * FROM pg_temp.queue('plums');
SELECT stockhold.receive('plums', 1);
SELECT * FROM pg_temp.lines('plums');
SELECT * FROM pg_temp.states('{fa}');
SELECT * FROM stockhold.fulfil('fa');
SELECT * FROM pg_temp.states('{fa}');
-- fb waits for 3; 2 come in (fb holds 2, waits for 1); fc waits behind it.
SELECT hold_id IS NULL AS waits, location, qty FROM stockhold.hold('fb', '[{"sku": "plums", "qty": 3}]', backorder => true);
SELECT stockhold.receive('plums', 2);
SELECT hold_id IS NULL AS waits, location, qty FROM stockhold.hold('fc', '[{"sku": "plums", "qty": 1}]', backorder => true);
SELECT * FROM pg_temp.queue('plums');
SELECT * FROM stockhold.fulfil('fb', release_remainder => true);
SELECT * FROM pg_temp.states('{fb}');
SELECT * FROM pg_temp.queue('plums');
-- 3 come in: fc's 1 and 2 free, which fd holds; fe waits. fulfil ships 1
-- of fd's 2 and releases the other, which goes to fe.
SELECT stockhold.receive('plums', 3);
SELECT * FROM pg_temp.queue('plums');
SELECT hold_id IS NULL AS waits, location, qty FROM stockhold.hold('fd', '[{"sku": "plums", "qty": 2}]');
SELECT hold_id IS NULL AS waits, location, qty FROM stockhold.hold('fe', '[{"sku": "plums", "qty": 1}]', backorder => true);
SELECT * FROM stockhold.fulfil('fd', '[{"sku": "plums", "qty": 1}]', release_remainder => true);
SELECT * FROM pg_temp.queue('plums');
SELECT * FROM pg_temp.lines('plums');
SELECT * FROM pg_temp.states('{fa,fb,fc,fd,fe}');
SELECT * FROM pg_temp.level('plums');
SELECT * FROM stockhold.check_invariants();

-- 9. An idempotent receipt fills the queue once: the replay returns the
-- first result and changes nothing; the key with other arguments is SH013.
SELECT stockhold.upsert_item('dates') > 0 AS dates;
SELECT hold_id IS NULL AS waits, location, qty FROM stockhold.hold('i1', '[{"sku": "dates", "qty": 2}]', backorder => true);
SELECT hold_id IS NULL AS waits, location, qty FROM stockhold.hold('i2', '[{"sku": "dates", "qty": 2}]', backorder => true);
SELECT stockhold.receive('dates', 1, idempotency_key => 'delivery-7');
SELECT * FROM pg_temp.queue('dates');
SELECT pg_temp.digest() AS before \gset
SELECT stockhold.receive('dates', 1, idempotency_key => 'delivery-7');
SELECT pg_temp.digest() = :'before' AS unchanged;
SELECT stockhold.receive('dates', 2, idempotency_key => 'delivery-7');
\echo :LAST_ERROR_SQLSTATE
SELECT pg_temp.digest() = :'before' AS unchanged;
SELECT * FROM pg_temp.queue('dates');
SELECT * FROM pg_temp.lines('dates');
SELECT * FROM stockhold.check_invariants();

-- 10. TTL of fills. A fill of an unconfirmed checkout expires the line's
-- TTL after the fill (now() is the fill's transaction start): t1's own ttl;
-- t2 had none and took stockhold.hold_ttl as it was when the line was
-- queued (10 minutes, though it is 2 hours at the fill). A checkout
-- confirmed while its line waited (t3), a checkout confirmed before it
-- queued another line (t5), and a line queued with no ttl and no setting
-- (t4), get fills that never expire.
SELECT stockhold.upsert_item('nuts') > 0 AS nuts;
SELECT hold_id IS NULL AS waits, qty FROM stockhold.hold('t1', '[{"sku": "nuts", "qty": 1}]', ttl => '45 minutes', backorder => true);
SET stockhold.hold_ttl = '10 minutes';
SELECT hold_id IS NULL AS waits, qty FROM stockhold.hold('t2', '[{"sku": "nuts", "qty": 1}]', backorder => true);
SET stockhold.hold_ttl = '2 hours';
SELECT hold_id IS NULL AS waits, qty FROM stockhold.hold('t3', '[{"sku": "nuts", "qty": 1}]', ttl => '45 minutes', backorder => true);
SELECT stockhold.confirm('t3');
RESET stockhold.hold_ttl;
SELECT hold_id IS NULL AS waits, qty FROM stockhold.hold('t4', '[{"sku": "nuts", "qty": 1}]', backorder => true);
SELECT hold_id IS NULL AS waits, qty FROM stockhold.hold('t5', '[{"sku": "nuts", "qty": 1}]', ttl => '45 minutes', backorder => true);
SELECT stockhold.confirm('t5');
SELECT hold_id IS NULL AS waits, qty FROM stockhold.hold('t5', '[{"sku": "nuts", "qty": 1}]', ttl => '45 minutes', backorder => true);
SET stockhold.hold_ttl = '2 hours';
BEGIN;
SELECT stockhold.receive('nuts', 6);
SELECT o.order_ref, h.expires_at - now() AS expires_after
  FROM stockhold.holds h JOIN stockhold.orders o ON o.id = h.order_id
 WHERE h.item_id = (SELECT id FROM stockhold.items WHERE sku = 'nuts') AND h.status = 'active' ORDER BY 1;
COMMIT;
RESET stockhold.hold_ttl;
-- Every fill records its line's place in the queue (queued_at, which
-- ordinary holds do not have).
SELECT count(*) AS fills, count(h.queued_at) AS with_queued_at FROM stockhold.holds h
 WHERE h.item_id = (SELECT id FROM stockhold.items WHERE sku = 'nuts');
-- confirm takes the expiry off a fill like off any hold.
SELECT stockhold.confirm('t1');
SELECT * FROM pg_temp.lines('nuts');
SELECT * FROM stockhold.check_invariants();

-- 11. Expiry fills the queue: expire_holds() gives an overdue hold back and
-- the waiting lines take it. So does hold()'s own expiry of overdue holds
-- before it refuses: the waiting line is filled first, and the new hold
-- gets only what is left (SH001, nothing changed, if that is not enough).
SELECT stockhold.upsert_item('pears') > 0 AS pears;
SELECT stockhold.receive('pears', 2);
SELECT count(*) FROM stockhold.hold('x1', '[{"sku": "pears", "qty": 2}]', ttl => '1 hour');
SELECT hold_id IS NULL AS waits, qty FROM stockhold.hold('x2', '[{"sku": "pears", "qty": 1}]', backorder => true);
SELECT hold_id IS NULL AS waits, qty FROM stockhold.hold('x3', '[{"sku": "pears", "qty": 1}]', backorder => true);
UPDATE stockhold.holds SET expires_at = now() - interval '1 minute'
 WHERE order_id = (SELECT id FROM stockhold.orders WHERE order_ref = 'x1');
SELECT stockhold.expire_holds();
SELECT * FROM pg_temp.queue('pears');
SELECT * FROM pg_temp.lines('pears');
SELECT * FROM stockhold.check_invariants();
SELECT stockhold.receive('pears', 2);
SELECT count(*) FROM stockhold.hold('y1', '[{"sku": "pears", "qty": 2}]', ttl => '1 hour');
SELECT hold_id IS NULL AS waits, qty FROM stockhold.hold('y2', '[{"sku": "pears", "qty": 1}]', backorder => true);
UPDATE stockhold.holds SET expires_at = now() - interval '1 minute'
 WHERE order_id = (SELECT id FROM stockhold.orders WHERE order_ref = 'y1');
-- y3 asks 2: y1's 2 expire, y2 takes 1, 1 is not enough: refused, and the
-- expiry and the fill are undone with it.
SELECT pg_temp.digest() AS before \gset
SELECT * FROM stockhold.hold('y3', '[{"sku": "pears", "qty": 2}]');
\echo :LAST_ERROR_SQLSTATE
SELECT pg_temp.digest() = :'before' AS unchanged;
-- y3 asks 1: y2 is filled first, y3 gets the other.
SELECT hold_id IS NULL AS waits, location, qty FROM stockhold.hold('y3', '[{"sku": "pears", "qty": 1}]');
SELECT * FROM pg_temp.queue('pears');
SELECT * FROM pg_temp.lines('pears');
SELECT status, sum(qty) FROM stockhold.order_lines WHERE order_ref = 'y1' GROUP BY 1;
SELECT * FROM stockhold.check_invariants();

-- 12. adjust: a count above what was there fills the queue, also at a level
-- the count creates; a count below frees nothing and fills nothing.
SELECT stockhold.upsert_item('apples') > 0 AS apples;
SELECT stockhold.receive('apples', 2);
SELECT count(*) FROM stockhold.hold('a1', '[{"sku": "apples", "qty": 2}]');
SELECT hold_id IS NULL AS waits, qty FROM stockhold.hold('a2', '[{"sku": "apples", "qty": 2}]', backorder => true);
SELECT hold_id IS NULL AS waits, location, qty
  FROM stockhold.hold('a3', '[{"sku": "apples", "qty": 1, "location": "hub_b"}]', backorder => true);
SELECT hold_id IS NULL AS waits, qty FROM stockhold.hold('a4', '[{"sku": "apples", "qty": 1}]', backorder => true);
SELECT * FROM pg_temp.queue('apples');
-- 2 -> 3.5 at default: a2 takes the 1.5 (partly filled, keeps its place).
SELECT stockhold.adjust('apples', 3.5, reason => 'recount');
SELECT * FROM pg_temp.queue('apples');
-- The same count again frees nothing.
SELECT stockhold.adjust('apples', 3.5, reason => 'recount');
SELECT * FROM pg_temp.queue('apples');
-- hub_a: 3 come in: a2's 0.5, a4's 1 (a3 waits for hub_b); 1.5 are free.
SELECT stockhold.receive('apples', 3, 'hub_a');
SELECT * FROM pg_temp.queue('apples');
-- Counted down at hub_a: no fill, a3 still waits.
SELECT stockhold.adjust('apples', 2, 'hub_a', 'recount');
SELECT * FROM pg_temp.queue('apples');
SELECT * FROM pg_temp.level('apples');
-- A count at hub_b (no level there yet) fills a3.
SELECT stockhold.adjust('apples', 1, 'hub_b', 'found');
SELECT * FROM pg_temp.queue('apples');
SELECT * FROM pg_temp.lines('apples');
SELECT * FROM pg_temp.level('apples');
SELECT * FROM stockhold.check_invariants();

-- A stock take of a slotted item with a threshold: the queue takes its
-- part first, then the slots are spread again and their low-stock guards
-- set on what is left (every slot at or above its guard).
SELECT stockhold.upsert_item('tea', low_stock_threshold => 5) > 0 AS tea;
SELECT stockhold.set_slots('tea', 4);
SELECT hold_id IS NULL AS waits, qty FROM stockhold.hold('k1', '[{"sku": "tea", "qty": 30}]', backorder => true);
SELECT stockhold.adjust('tea', 100);
SELECT count(*) FILTER (WHERE slot < slots) AS slots_in_use,
       count(*) FILTER (WHERE guard IS NOT NULL AND available < guard) AS below_guard,
       sum(on_hand) AS on_hand, sum(reserved) AS reserved
  FROM stockhold.stock_levels WHERE item_id = (SELECT id FROM stockhold.items WHERE sku = 'tea');
SELECT * FROM pg_temp.lines('tea');
SELECT * FROM stockhold.low_stock WHERE sku = 'tea';
SELECT * FROM stockhold.check_invariants();

-- 13. return_stock fills the queue, where the goods are put back.
SELECT stockhold.upsert_item('cherries') > 0 AS cherries;
SELECT stockhold.receive('cherries', 2);
SELECT count(*) FROM stockhold.hold('r1', '[{"sku": "cherries", "qty": 2}]');
SELECT * FROM stockhold.fulfil('r1');
SELECT hold_id IS NULL AS waits, location, qty
  FROM stockhold.hold('r2', '[{"sku": "cherries", "qty": 1, "location": "hub_b"}]', backorder => true);
SELECT hold_id IS NULL AS waits, location, qty FROM stockhold.hold('r3', '[{"sku": "cherries", "qty": 1}]', backorder => true);
SELECT * FROM stockhold.return_stock('r1', '[{"sku": "cherries", "qty": 1}]');
SELECT * FROM pg_temp.queue('cherries');
SELECT * FROM stockhold.return_stock('r1', '[{"sku": "cherries", "qty": 1}]', to_location => 'hub_b');
SELECT * FROM pg_temp.queue('cherries');
SELECT * FROM pg_temp.lines('cherries');
SELECT * FROM stockhold.check_invariants();

-- 14. Refusals, each changing nothing (the queue included): partial and
-- backorder together (22023), backorder NULL (22023), and a backorder hold
-- on a Complete order (fa, block 8) or a Cancelled one (e, block 6) (SH011).
SELECT pg_temp.digest() AS before \gset
SELECT * FROM stockhold.hold('z1', '[{"sku": "plums", "qty": 1}]', partial => true, backorder => true);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM stockhold.hold('z1', '[{"sku": "plums", "qty": 1}]', backorder => NULL);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM stockhold.hold('fa', '[{"sku": "plums", "qty": 1}]', backorder => true);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM stockhold.hold('e', '[{"sku": "chard", "qty": 5}]', checkout_ref => 'e3', backorder => true);
\echo :LAST_ERROR_SQLSTATE
SELECT pg_temp.digest() = :'before' AS unchanged;
SELECT * FROM stockhold.check_invariants();

-- 15. stockhold.notify = off: fills are made but announced to nobody; on
-- again, they are announced.
SELECT stockhold.upsert_item('limes') > 0 AS limes;
SELECT hold_id IS NULL AS waits, qty FROM stockhold.hold('n1', '[{"sku": "limes", "qty": 1}]', backorder => true);
SELECT hold_id IS NULL AS waits, qty FROM stockhold.hold('n2', '[{"sku": "limes", "qty": 1}]', backorder => true);
LISTEN stockhold_backorder_filled;
SET stockhold.notify = off;
\o | sed -e 's/server process with PID [0-9]*/server process with PID N/' -e 's/"hold_id" : [0-9]*/"hold_id" : H/'
SELECT stockhold.receive('limes', 1);
\o
SELECT * FROM pg_temp.queue('limes');
RESET stockhold.notify;
\o | sed -e 's/server process with PID [0-9]*/server process with PID N/' -e 's/"hold_id" : [0-9]*/"hold_id" : H/'
SELECT stockhold.receive('limes', 1);
\o
SELECT * FROM pg_temp.lines('limes');
-- Two equal fills in one transaction (the same checkout, sku, location and
-- quantity) are two notifications: each names its hold.
SELECT hold_id IS NULL AS waits, qty FROM stockhold.hold('n3', '[{"sku": "limes", "qty": 1}]', backorder => true);
SELECT hold_id IS NULL AS waits, qty FROM stockhold.hold('n3', '[{"sku": "limes", "qty": 1}]', backorder => true);
\o | sed -e 's/server process with PID [0-9]*/server process with PID N/' -e 's/"hold_id" : [0-9]*/"hold_id" : H/'
SELECT stockhold.receive('limes', 2);
\o
UNLISTEN stockhold_backorder_filled;
SELECT * FROM pg_temp.lines('limes');
SELECT * FROM stockhold.check_invariants();

-- 16. check_invariants() sees a line that waits while stock it could take is
-- free (written here by hand: the table accepts its owner's writes), and
-- not one that waits for another location, another lot or an expired lot.
-- chard has 1 free at default (block 6); milk gets 1 of lot C-FREE at
-- hub_b, and has X-EXP (expired) at hub_a, nothing else free.
BEGIN;
SELECT stockhold.receive('milk', 1, 'hub_b', lot => 'C-FREE');
INSERT INTO stockhold.backorder_lines (order_id, item_id, location_id, lot, qty, queued_at, queued_by)
SELECT o.id, i.id, l.id, v.lot, 1, now(), current_user
  FROM (VALUES ('g', 'chard', NULL, NULL),         -- reported: 1 free at default
               ('g', 'chard', 'hub_b', NULL),      -- nothing at hub_b
               ('m1', 'milk', NULL, NULL),         -- reported: C-FREE
               ('m1', 'milk', 'hub_b', 'C-FREE'),  -- reported
               ('m1', 'milk', 'hub_a', NULL),      -- only the expired lot there
               ('m1', 'milk', NULL, 'X-EXP'),      -- expired
               ('m1', 'milk', NULL, 'A-LATE'))     -- all of it held
       AS v(ref, sku, loc, lot)
  JOIN stockhold.orders o ON o.order_ref = v.ref JOIN stockhold.items i ON i.sku = v.sku
  LEFT JOIN stockhold.locations l ON l.code = v.loc;
SELECT check_name, sku, location FROM stockhold.check_invariants() ORDER BY 2, 3;
ROLLBACK;
SELECT * FROM stockhold.check_invariants();

-- 17. stockhold_app may hold with backorder and read the view, not the table.
SET ROLE stockhold_app;
SELECT hold_id IS NULL AS waits, qty FROM stockhold.hold('app', '[{"sku": "limes", "qty": 1}]', backorder => true);
SELECT position, order_ref, qty FROM stockhold.backorders WHERE sku = 'limes';
SELECT count(*) FROM stockhold.backorder_lines;
\echo :LAST_ERROR_SQLSTATE
RESET ROLE;
SELECT * FROM stockhold.check_invariants();
