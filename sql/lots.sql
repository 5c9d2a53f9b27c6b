-- Lots and allocation strategies on one shared fixture: three locations,
-- lots with different receipt order and best-before dates, one expired.
-- Dates are relative to today, so only day differences are shown.
SET client_min_messages = warning;
DROP EXTENSION IF EXISTS stockhold CASCADE;
CREATE EXTENSION stockhold;
RESET client_min_messages;
\set SHOW_CONTEXT never

SELECT stockhold.upsert_location('north', priority => 10) > 0, stockhold.upsert_location('south', priority => 20) > 0,
       stockhold.upsert_location('east', priority => 30) > 0;
SELECT stockhold.upsert_item('milk', 'Milk', 'l') > 0, stockhold.upsert_item('jam') > 0;
-- Received in this order (received_at): S-1, N-NEW, E-UND, N-OLD, E-EXP.
SELECT stockhold.receive('milk', 4, 'south', lot => 'S-1', best_before => current_date + 3);
SELECT stockhold.receive('milk', 5, 'north', lot => 'N-NEW', best_before => current_date + 10);
SELECT stockhold.receive('milk', 6, 'east', lot => 'E-UND');
SELECT stockhold.receive('milk', 3, 'north', lot => 'N-OLD', best_before => current_date + 1);
SELECT stockhold.receive('milk', 2, 'east', lot => 'E-EXP', best_before => current_date - 1);
SELECT stockhold.receive('milk', 1, 'north', lot => 'N-OLD');  -- more of the same lot, same date
SELECT stockhold.receive('jam', 10, 'north');

CREATE FUNCTION pg_temp.lots() RETURNS TABLE (location text, lot text, days_left integer, on_hand numeric,
                                               reserved numeric, expired boolean)
LANGUAGE sql AS $$
  SELECT location, lot, best_before - current_date, on_hand, reserved, expired
    FROM stockhold.lot_availability WHERE sku = 'milk' ORDER BY location, lot
$$;
CREATE FUNCTION pg_temp.taken(ref text) RETURNS TABLE (location text, lot text, qty numeric)
LANGUAGE sql AS $$
  SELECT location, lot, sum(qty) FROM stockhold.order_lines WHERE order_ref = ref AND status = 'active'
   GROUP BY location, lot ORDER BY location, lot
$$;
SELECT * FROM pg_temp.lots();
SELECT sku, location, on_hand, reserved, available FROM stockhold.availability WHERE sku = 'milk' ORDER BY location;

-- priority (the default): the first location covering the whole line; within
-- it, earliest best-before first. 6 fits in north (4 + 5).
SELECT location, qty FROM stockhold.hold('p1', '[{"sku": "milk", "qty": 6}]');
SELECT * FROM pg_temp.taken('p1');
SELECT count(*) FROM stockhold.cancel('p1');
-- 12 fits nowhere whole: split in priority order; the expired lot is skipped.
SELECT location, qty FROM stockhold.hold('p2', '[{"sku": "milk", "qty": 12}]');
SELECT * FROM pg_temp.taken('p2');
SELECT count(*) FROM stockhold.cancel('p2');

-- fifo: oldest receipt first, across locations.
SELECT stockhold.upsert_item('milk', 'Milk', 'l', strategy => 'fifo') > 0;
SELECT location, qty FROM stockhold.hold('f1', '[{"sku": "milk", "qty": 6}]');
SELECT * FROM pg_temp.taken('f1');
SELECT count(*) FROM stockhold.cancel('f1');

-- fefo: earliest best-before first, undated lots last, expired never.
SELECT stockhold.upsert_item('milk', 'Milk', 'l', strategy => 'fefo') > 0;
SELECT location, qty FROM stockhold.hold('e1', '[{"sku": "milk", "qty": 6}]');
SELECT * FROM pg_temp.taken('e1');
SELECT count(*) FROM stockhold.cancel('e1');
-- partial: everything that can be had (19 of the 21 on hand: E-EXP is expired).
SELECT location, qty FROM stockhold.hold('e2', '[{"sku": "milk", "qty": 20}]', partial => true);
SELECT * FROM pg_temp.taken('e2');
SELECT count(*) FROM stockhold.cancel('e2');

-- The setting is the default for items without a strategy of their own.
SELECT stockhold.upsert_item('milk', 'Milk', 'l') > 0;
SET stockhold.allocation_strategy = 'fifo';
SELECT location, qty FROM stockhold.hold('g1', '[{"sku": "milk", "qty": 6}]');
SELECT * FROM pg_temp.taken('g1');
SELECT count(*) FROM stockhold.cancel('g1');
RESET stockhold.allocation_strategy;
-- Items without lots always follow the location rule, whatever the strategy.
SELECT stockhold.upsert_item('jam', strategy => 'fefo') > 0;
SELECT location, qty FROM stockhold.hold('j1', '[{"sku": "jam", "qty": 2}]');
SELECT count(*) FROM stockhold.cancel('j1');

-- A named location or lot restricts the line; the expired lot is never held.
SELECT stockhold.upsert_item('milk', 'Milk', 'l', strategy => 'fefo') > 0;
SELECT location, qty FROM stockhold.hold('n1', '[{"sku": "milk", "qty": 3, "location": "east"}]');
SELECT location, qty FROM stockhold.hold('n1', '[{"sku": "milk", "qty": 2, "lot": "N-NEW"}]');
SELECT * FROM pg_temp.taken('n1');
SELECT public.stockhold_digest() AS before \gset
SELECT * FROM stockhold.hold('n2', '[{"sku": "milk", "qty": 1, "lot": "E-EXP"}]');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM stockhold.hold('n2', '[{"sku": "milk", "qty": 4, "location": "east"}]');
\echo :LAST_ERROR_SQLSTATE
SELECT public.stockhold_digest() = :'before' AS unchanged;
SELECT count(*) FROM stockhold.cancel('n1');

-- release gives back the lots it names; fulfil consumes the held lots.
SELECT location, qty FROM stockhold.hold('r1', '[{"sku": "milk", "qty": 6}]');
SELECT * FROM stockhold.release('r1', '[{"sku": "milk", "qty": 2, "lot": "S-1"}]');
SELECT * FROM pg_temp.taken('r1');
SELECT stockhold.confirm('r1');
SELECT * FROM stockhold.fulfil('r1');
SELECT * FROM pg_temp.lots();
-- return_stock puts goods back into their lot, or a lot of that name elsewhere.
SELECT * FROM stockhold.return_stock('r1', '[{"sku": "milk", "qty": 1, "lot": "S-1"}]');  -- S-1 was not shipped
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM stockhold.return_stock('r1', '[{"sku": "milk", "qty": 1, "lot": "N-OLD"}]');
SELECT * FROM stockhold.return_stock('r1', '[{"sku": "milk", "qty": 1, "lot": "N-OLD"}]', to_location => 'east');
SELECT * FROM pg_temp.lots();

-- Expiry gives the lot back; confirm re-reserves an expired hold in its lot.
SELECT location, qty FROM stockhold.hold('x1', '[{"sku": "milk", "qty": 2, "lot": "N-NEW"}]', ttl => '1 millisecond');
SELECT pg_sleep(0.01);
SELECT stockhold.expire_holds();
SELECT lot, reserved FROM pg_temp.lots() WHERE lot = 'N-NEW';
SELECT stockhold.confirm('x1');
SELECT * FROM pg_temp.taken('x1');
SELECT count(*) FROM stockhold.cancel('x1');

-- adjust counts one lot: writing off the expired lot.
SELECT stockhold.adjust('milk', 0, 'east', 'expired', lot => 'E-EXP');
SELECT sku, location, lot, days_left, on_hand, reserved, expired FROM stockhold.expiring_lots;

-- Refusals, each changing nothing.
SELECT public.stockhold_digest() AS before \gset
SELECT stockhold.receive('milk', 1, 'north');                                  -- lot-tracked: name the lot
\echo :LAST_ERROR_SQLSTATE
SELECT stockhold.adjust('milk', 1, 'north');
\echo :LAST_ERROR_SQLSTATE
SELECT stockhold.receive('jam', 1, 'north', lot => 'J1');                      -- stock outside lots
\echo :LAST_ERROR_SQLSTATE
SELECT stockhold.adjust('jam', 1, 'north', lot => 'J1');                       -- not lot-tracked
\echo :LAST_ERROR_SQLSTATE
SELECT stockhold.adjust('milk', 1, 'north', lot => 'nope');                    -- no such lot there
\echo :LAST_ERROR_SQLSTATE
SELECT stockhold.receive('milk', 1, 'north', lot => 'N-OLD', best_before => current_date + 5);  -- another date
\echo :LAST_ERROR_SQLSTATE
SELECT stockhold.receive('jam', 1, 'north', best_before => current_date);      -- a date needs a lot
\echo :LAST_ERROR_SQLSTATE
SELECT stockhold.receive('milk', 1, 'north', lot => '');
\echo :LAST_ERROR_SQLSTATE
SELECT stockhold.receive('milk', 1, 'north', lot => 'X', best_before => 'infinity');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM stockhold.hold('z', '[{"sku": "jam", "qty": 1, "lot": "J1"}]');  -- not lot-tracked
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM stockhold.hold('z', '[{"sku": "milk", "qty": 1, "lot": "nope"}]');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM stockhold.hold('z', '[{"sku": "milk", "qty": 1, "lot": 7}]');
\echo :LAST_ERROR_SQLSTATE
SELECT stockhold.upsert_item('milk', strategy => 'lifo');
\echo :LAST_ERROR_SQLSTATE
SET stockhold.allocation_strategy = 'lifo';
\echo :LAST_ERROR_SQLSTATE
SELECT public.stockhold_digest() = :'before' AS unchanged;
-- A hold on a lot blocks a stock take below it (SH015).
SELECT location, qty FROM stockhold.hold('k1', '[{"sku": "milk", "qty": 2, "lot": "E-UND"}]');
SELECT public.stockhold_digest() AS before \gset
SELECT stockhold.adjust('milk', 1, 'east', lot => 'E-UND');
\echo :LAST_ERROR_SQLSTATE
SELECT public.stockhold_digest() = :'before' AS unchanged;

-- Every movement of a lot-tracked item names its lot (the ledger's movements
-- of on_hand, and the reservations, releases and expiries on hold rows).
SELECT movement, count(*) AS rows, count(lot) AS with_lot
  FROM stockhold.movements WHERE sku = 'milk' GROUP BY 1 ORDER BY 1;
SELECT * FROM stockhold.check_invariants();
-- Lots refuse direct writes like stock levels do (SH020)...
UPDATE stockhold.lots SET on_hand = on_hand + 1 WHERE lot = 'S-1';
\echo :LAST_ERROR_SQLSTATE
-- ...and check_invariants sees a lot that disagrees with its level.
SET stockhold.allow_direct_writes = on;
UPDATE stockhold.lots SET on_hand = on_hand + 1 WHERE lot = 'S-1';
-- A lot's bounds hold even for a repair (23514), nothing changed.
SELECT public.stockhold_digest() AS before \gset
UPDATE stockhold.lots SET reserved = on_hand + 1 WHERE lot = 'S-1';
\echo :LAST_ERROR_SQLSTATE
UPDATE stockhold.lots SET reserved = -1 WHERE lot = 'S-1';
\echo :LAST_ERROR_SQLSTATE
SELECT public.stockhold_digest() = :'before' AS unchanged;
RESET stockhold.allow_direct_writes;
SELECT check_name, sku, location FROM stockhold.check_invariants();
