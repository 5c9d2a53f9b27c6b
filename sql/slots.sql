-- Slotted stock levels (set_slots): a hot item's level split into rows that
-- holds take one at a time. Totals, views, every rule and every function
-- stay as they are; the sell-out is exact; alerts stay exact. Which slot a
-- one-line hold takes depends on the backend, so only totals and per-slot
-- counts that do not depend on it are shown.
SET client_min_messages = warning;
DROP EXTENSION IF EXISTS stockhold CASCADE;
CREATE EXTENSION stockhold;
RESET client_min_messages;
\set SHOW_CONTEXT never

CREATE FUNCTION pg_temp.rows(s text) RETURNS TABLE (location text, slot smallint, slots smallint, on_hand numeric,
                                                    reserved numeric, guard numeric)
LANGUAGE sql AS $$
  SELECT l.code, sl.slot, sl.slots, sl.on_hand, sl.reserved, sl.guard
    FROM stockhold.stock_levels sl JOIN stockhold.items i ON i.id = sl.item_id
    JOIN stockhold.locations l ON l.id = sl.location_id
   WHERE i.sku = s ORDER BY l.code, sl.slot
$$;
CREATE FUNCTION pg_temp.level(s text) RETURNS TABLE (location text, on_hand numeric, reserved numeric, available numeric)
LANGUAGE sql AS $$
  SELECT location, on_hand, reserved, available FROM stockhold.availability WHERE sku = s ORDER BY location
$$;

SELECT stockhold.upsert_item('tee') > 0;
SELECT stockhold.receive('tee', 100);

-- set_slots splits the level into equal rows; the totals do not change.
SELECT stockhold.set_slots('tee', 4);
SELECT * FROM pg_temp.rows('tee');
SELECT * FROM pg_temp.level('tee');
SELECT * FROM stockhold.check_invariants();

-- Bad calls: 22023 for a count outside 1..64 or NULL, SH002 for an unknown
-- sku; nothing changes.
SELECT public.stockhold_digest() AS before \gset
SELECT stockhold.set_slots('tee', 0);
\echo :LAST_ERROR_SQLSTATE
SELECT stockhold.set_slots('tee', 65);
\echo :LAST_ERROR_SQLSTATE
SELECT stockhold.set_slots('tee', NULL);
\echo :LAST_ERROR_SQLSTATE
SELECT stockhold.set_slots(NULL, 2);
\echo :LAST_ERROR_SQLSTATE
SELECT stockhold.set_slots('nope', 2);
\echo :LAST_ERROR_SQLSTATE
SELECT public.stockhold_digest() = :'before' AS unchanged;

-- A hold no single slot covers is decided on the level's total (every slot
-- locked) and takes one slot, gathered to cover it; what is left is spread
-- evenly again.
SELECT sku, location, qty FROM stockhold.hold('big', '[{"sku": "tee", "qty": 30}]');
SELECT * FROM pg_temp.rows('tee');
SELECT * FROM pg_temp.level('tee');
-- A small hold takes one slot that covers it: only that slot's reserved
-- changes, no stock moves between slots.
SELECT sku, location, qty FROM stockhold.hold('small', '[{"sku": "tee", "qty": 2}]');
SELECT slot, on_hand FROM pg_temp.rows('tee');
SELECT sum(reserved) AS reserved FROM pg_temp.rows('tee');
SELECT slot < 4 AS in_use FROM stockhold.holds WHERE order_id = (SELECT id FROM stockhold.orders WHERE order_ref = 'small');
SELECT * FROM pg_temp.level('tee');
SELECT * FROM stockhold.check_invariants();

-- Exact at the end: everything left is held although it sits in four
-- slots; then nothing more, and SH001 names what is available.
SELECT sku, location, qty FROM stockhold.hold('rest', '[{"sku": "tee", "qty": 68}]');
SELECT * FROM pg_temp.level('tee');
SELECT public.stockhold_digest() AS before \gset
SELECT * FROM stockhold.hold('late', '[{"sku": "tee", "qty": 1}]');
\echo :LAST_ERROR_SQLSTATE
SELECT public.stockhold_digest() = :'before' AS unchanged;

-- Release gives back to the hold's own slot; fulfil ships from it.
SELECT * FROM stockhold.release('small');
SELECT * FROM pg_temp.level('tee');
SELECT * FROM stockhold.fulfil('big');
SELECT * FROM pg_temp.level('tee');
SELECT * FROM stockhold.check_invariants();

-- Receipts and returns are spread over the slots; a stock take settles them.
SELECT stockhold.receive('tee', 10);
SELECT * FROM stockhold.return_stock('big', '[{"sku": "tee", "qty": 5}]');
SELECT * FROM pg_temp.level('tee');
SELECT stockhold.adjust('tee', 80, reason => 'count');
SELECT * FROM pg_temp.level('tee');
SELECT public.stockhold_digest() AS before \gset
SELECT stockhold.adjust('tee', 60);
\echo :LAST_ERROR_SQLSTATE
SELECT public.stockhold_digest() = :'before' AS unchanged;
SELECT movement, qty, on_hand_delta FROM stockhold.ledger
 WHERE item_id = (SELECT id FROM stockhold.items WHERE sku = 'tee') ORDER BY id;
SELECT * FROM stockhold.check_invariants();

-- Fewer slots: holds keep their slots; a row beyond the count keeps only
-- what its holds reserve (no available stock), and no hold takes from it.
-- More again reuses the rows.
SELECT stockhold.set_slots('tee', 2);
SELECT slot, slots, on_hand - reserved AS available, guard FROM pg_temp.rows('tee');
SELECT * FROM pg_temp.level('tee');
SELECT * FROM stockhold.check_invariants();
SELECT stockhold.set_slots('tee', 1), stockhold.set_slots('tee', 8);
SELECT count(*) AS rows, sum(on_hand) AS on_hand, sum(reserved) AS reserved, min(slots) AS slots
  FROM stockhold.stock_levels WHERE item_id = (SELECT id FROM stockhold.items WHERE sku = 'tee');
SELECT * FROM stockhold.check_invariants();

-- A new level of a slotted item gets the item's slots.
SELECT stockhold.upsert_location('shop', priority => 50) > 0;
SELECT stockhold.receive('tee', 16, 'shop');
SELECT location, count(*) AS rows, sum(on_hand) AS on_hand FROM pg_temp.rows('tee') GROUP BY 1 ORDER BY 1;
SELECT * FROM pg_temp.level('tee');
-- Allocation still goes by location priority over the levels' totals.
SELECT sku, location, qty FROM stockhold.hold('shop-first', '[{"sku": "tee", "qty": 3}]');
SELECT sku, location, qty FROM stockhold.hold('split', '[{"sku": "tee", "qty": 20}]');
SELECT * FROM pg_temp.level('tee');
SELECT * FROM stockhold.check_invariants();

-- Nobody but stockhold changes how a level is split (SH020).
SELECT public.stockhold_digest() AS before \gset
UPDATE stockhold.stock_levels SET slot = slot + 100 WHERE slot = 7;
\echo :LAST_ERROR_SQLSTATE
UPDATE stockhold.stock_levels SET guard = 1;
\echo :LAST_ERROR_SQLSTATE
UPDATE stockhold.stock_levels SET slots = 3;
\echo :LAST_ERROR_SQLSTATE
UPDATE stockhold.holds SET slot = 7 - slot WHERE status = 'active';
\echo :LAST_ERROR_SQLSTATE
SELECT public.stockhold_digest() = :'before' AS unchanged;

-- Alerts stay exact: while the total is above the threshold every slot
-- carries a guard (summing to the threshold and a millionth), and a hold
-- keeping its slot at or above its guard needs no look at the item; the
-- hold that takes the total to the threshold raises the alert.
SELECT stockhold.upsert_item('cap', low_stock_threshold => 10) > 0;
SELECT stockhold.receive('cap', 40);
SELECT stockhold.set_slots('cap', 4);
SELECT * FROM pg_temp.rows('cap');
SELECT sum(guard) AS guards FROM stockhold.stock_levels WHERE item_id = (SELECT id FROM stockhold.items WHERE sku = 'cap');
CREATE FUNCTION pg_temp.cap() RETURNS TABLE (available numeric, alert boolean, guarded bigint)
LANGUAGE sql AS $$
  SELECT (SELECT available FROM stockhold.item_availability WHERE sku = 'cap'),
         EXISTS (SELECT 1 FROM stockhold.low_stock WHERE sku = 'cap'),
         (SELECT count(guard) FROM stockhold.stock_levels WHERE item_id = (SELECT id FROM stockhold.items WHERE sku = 'cap'))
$$;
-- Holds that keep their slot at or above its guard: no alert.
SELECT count(*) FROM stockhold.hold('c1', '[{"sku": "cap", "qty": 7}]');
SELECT count(*) FROM stockhold.hold('c2', '[{"sku": "cap", "qty": 7}]');
SELECT count(*) FROM stockhold.hold('c3', '[{"sku": "cap", "qty": 6}]');
SELECT * FROM pg_temp.cap();
-- No slot can give 9 and keep its guard: decided on the total (20), which
-- stays above the threshold; new guards.
SELECT count(*) FROM stockhold.hold('c4', '[{"sku": "cap", "qty": 9}]');
SELECT * FROM pg_temp.cap();
-- Down to the threshold: the alert, and no guards.
SELECT count(*) FROM stockhold.hold('c5', '[{"sku": "cap", "qty": 1}]');
SELECT * FROM pg_temp.cap();
SELECT * FROM stockhold.check_invariants();
-- A release above it clears the alert; the next hold, decided on the total,
-- guards the slots again.
SELECT * FROM stockhold.release('c5');
SELECT * FROM pg_temp.cap();
SELECT count(*) FROM stockhold.hold('c6', '[{"sku": "cap", "qty": 0.5}]');
SELECT * FROM pg_temp.cap();
SELECT * FROM stockhold.release('c1');
SELECT * FROM pg_temp.cap();
SELECT * FROM stockhold.check_invariants();
-- A new threshold gives new guards.
SELECT stockhold.upsert_item('cap', low_stock_threshold => 2) > 0;
SELECT * FROM pg_temp.cap();
SELECT sum(guard) AS guards FROM stockhold.stock_levels WHERE item_id = (SELECT id FROM stockhold.items WHERE sku = 'cap');
SELECT stockhold.upsert_item('cap') > 0;
SELECT * FROM pg_temp.cap();
SELECT * FROM stockhold.check_invariants();

-- Lots of a slotted item: holds are decided on the whole level, lot by lot.
SELECT stockhold.upsert_item('milk', strategy => 'fefo') > 0;
SELECT stockhold.receive('milk', 6, lot => 'OLD', best_before => current_date + 2);
SELECT stockhold.receive('milk', 6, lot => 'NEW', best_before => current_date + 9);
SELECT stockhold.set_slots('milk', 3);
SELECT sku, location, qty FROM stockhold.hold('m1', '[{"sku": "milk", "qty": 8}]') ORDER BY qty;
SELECT lot, on_hand, reserved FROM stockhold.lot_availability WHERE sku = 'milk' ORDER BY lot;
SELECT * FROM pg_temp.level('milk');
SELECT * FROM stockhold.release('m1', '[{"sku": "milk", "qty": 3}]');
SELECT * FROM pg_temp.level('milk');
SELECT * FROM stockhold.check_invariants();

-- A multi-line hold mixing slotted and plain items; confirm re-reserves an
-- expired hold of a slotted item.
SELECT stockhold.upsert_item('pen') > 0;
SELECT stockhold.receive('pen', 5);
SELECT sku, location, qty FROM stockhold.hold('mix', '[{"sku": "pen", "qty": 2}, {"sku": "tee", "qty": 4}]') ORDER BY sku;
SELECT stockhold.receive('tee', 10);
SELECT count(*) FROM stockhold.hold('soon', '[{"sku": "tee", "qty": 3}]', ttl => '1 hour');
UPDATE stockhold.holds SET expires_at = now() - interval '1 minute' WHERE order_id = (SELECT id FROM stockhold.orders WHERE order_ref = 'soon');
SELECT stockhold.expire_holds();
SELECT stockhold.confirm('soon');
SELECT status, count(*) FROM stockhold.holds WHERE order_id = (SELECT id FROM stockhold.orders WHERE order_ref = 'soon')
 GROUP BY 1 ORDER BY 1;
SELECT * FROM pg_temp.level('tee');
SELECT * FROM stockhold.check_invariants();

-- Maintenance sees levels: the views show one row per item and location.
SELECT sku, location, on_hand, reserved, available FROM stockhold.availability ORDER BY 1, 2;
SELECT sku, on_hand, reserved, available FROM stockhold.item_availability ORDER BY 1;

-- A sales session over a slotted item: closing it releases the holds still
-- waiting for confirmation and consolidates the rest.
SELECT stockhold.open_session('week', 'Hub') > 0;
SELECT count(*) FROM stockhold.hold('hub', '[{"sku": "cap", "qty": 2}]', checkout_ref => 'ann', session_ref => 'week', ttl => '1 hour');
SELECT count(*) FROM stockhold.hold('hub', '[{"sku": "cap", "qty": 3}]', checkout_ref => 'bob', session_ref => 'week', ttl => '1 hour');
SELECT stockhold.confirm('bob');
SELECT * FROM stockhold.close_session('week');
SELECT * FROM pg_temp.level('cap');
SELECT * FROM stockhold.check_invariants();
