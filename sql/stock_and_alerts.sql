-- Items, locations, receive/adjust, the stock-level guard (SH020) and
-- low-stock alerts.
SET client_min_messages = warning;
DROP EXTENSION IF EXISTS stockhold CASCADE;
CREATE EXTENSION stockhold;
RESET client_min_messages;
\set SHOW_CONTEXT never

-- upsert_item / upsert_location: a repeat call keeps the id and replaces the fields.
SELECT stockhold.upsert_item('soap', 'Soap', 'each', 5) AS id \gset
SELECT stockhold.upsert_item('soap', 'Olive soap', 'bar', 4) = :id AS same_id;
SELECT sku, name, unit, low_stock_threshold FROM stockhold.items;
SELECT stockhold.upsert_location('shop', 'The shop', 50) AS loc \gset
SELECT stockhold.upsert_location('shop', 'Corner shop', 40) = :loc AS same_id;
SELECT code, name, priority FROM stockhold.locations ORDER BY priority;
SELECT public.stockhold_digest() AS before \gset
SELECT stockhold.upsert_item(NULL);
\echo :LAST_ERROR_SQLSTATE
SELECT stockhold.upsert_item('');
\echo :LAST_ERROR_SQLSTATE
SELECT stockhold.upsert_item(repeat('s', 10240));
\echo :LAST_ERROR_SQLSTATE
SELECT stockhold.upsert_item('x', unit => NULL);
\echo :LAST_ERROR_SQLSTATE
SELECT stockhold.upsert_item('x', low_stock_threshold => -1);
\echo :LAST_ERROR_SQLSTATE
SELECT stockhold.upsert_item('x', low_stock_threshold => 'NaN');
\echo :LAST_ERROR_SQLSTATE
SELECT stockhold.upsert_item('x', low_stock_threshold => 'Infinity');
\echo :LAST_ERROR_SQLSTATE
SELECT stockhold.upsert_location(NULL);
\echo :LAST_ERROR_SQLSTATE
SELECT stockhold.upsert_location('x', priority => NULL);
\echo :LAST_ERROR_SQLSTATE
SELECT public.stockhold_digest() = :'before' AS unchanged;

-- receive / adjust return the new on_hand; the ledger names the calling role.
CREATE ROLE stockhold_test_clerk;
GRANT stockhold_admin TO stockhold_test_clerk;
SET ROLE stockhold_test_clerk;
SELECT stockhold.receive('soap', 12.5, 'shop', 'delivery');
SELECT stockhold.adjust('soap', 11, 'shop', 'stock take');
RESET ROLE;
SELECT movement, qty, on_hand_delta, reserved_delta, reason, actor FROM stockhold.ledger ORDER BY id;
SELECT public.stockhold_digest() AS before \gset
SELECT stockhold.receive('nope', 1);
\echo :LAST_ERROR_SQLSTATE
SELECT stockhold.receive('soap', 1, 'mars');
\echo :LAST_ERROR_SQLSTATE
SELECT stockhold.receive('soap', 0);
\echo :LAST_ERROR_SQLSTATE
SELECT stockhold.receive('soap', -2);
\echo :LAST_ERROR_SQLSTATE
SELECT stockhold.receive('soap', 'NaN');
\echo :LAST_ERROR_SQLSTATE
SELECT stockhold.receive('soap', 'Infinity');
\echo :LAST_ERROR_SQLSTATE
SELECT stockhold.receive('soap', 1e1000);
\echo :LAST_ERROR_SQLSTATE
SELECT stockhold.receive('soap', 1e-1000);
\echo :LAST_ERROR_SQLSTATE
SELECT stockhold.receive('soap', NULL);
\echo :LAST_ERROR_SQLSTATE
SELECT stockhold.receive('soap', 1, NULL);
\echo :LAST_ERROR_SQLSTATE
SELECT stockhold.adjust('soap', -1, 'shop');
\echo :LAST_ERROR_SQLSTATE
SELECT public.stockhold_digest() = :'before' AS unchanged;
-- adjust below what is reserved is SH015; to exactly the reserved amount, or 0, is fine.
SELECT sku, qty FROM stockhold.hold('o1', '[{"sku": "soap", "qty": 3, "location": "shop"}]');
SELECT public.stockhold_digest() AS before \gset
SELECT stockhold.adjust('soap', 2.5, 'shop');
\echo :LAST_ERROR_SQLSTATE
SELECT public.stockhold_digest() = :'before' AS unchanged;
SELECT stockhold.adjust('soap', 3, 'shop');
SELECT stockhold.adjust('soap', 0);

-- Direct writes to on_hand / reserved are refused, even for the owner (a superuser).
SELECT public.stockhold_digest() AS before \gset
UPDATE stockhold.stock_levels SET on_hand = 100;
\echo :LAST_ERROR_SQLSTATE
UPDATE stockhold.stock_levels SET reserved = 0;
\echo :LAST_ERROR_SQLSTATE
DELETE FROM stockhold.stock_levels;
\echo :LAST_ERROR_SQLSTATE
UPDATE stockhold.ledger SET qty = 0;
\echo :LAST_ERROR_SQLSTATE
DELETE FROM stockhold.ledger;
\echo :LAST_ERROR_SQLSTATE
TRUNCATE stockhold.ledger;
\echo :LAST_ERROR_SQLSTATE
SELECT public.stockhold_digest() = :'before' AS unchanged;
-- Another column may change; available stays exact.
UPDATE stockhold.stock_levels SET updated_at = now(), available = 999;
SELECT location, on_hand, reserved, available FROM stockhold.availability ORDER BY location;
-- A non-superuser cannot switch on direct writes.
SET ROLE stockhold_test_clerk;
SET stockhold.allow_direct_writes = on;
\echo :LAST_ERROR_SQLSTATE
RESET ROLE;
DROP OWNED BY stockhold_test_clerk;
DROP ROLE stockhold_test_clerk;
-- A superuser repair: allowed, and available is still recomputed.
SET stockhold.allow_direct_writes = on;
UPDATE stockhold.stock_levels SET on_hand = on_hand + 1 WHERE location_id = :loc;
SELECT location, on_hand, reserved, available FROM stockhold.availability WHERE location = 'shop';
SELECT check_name FROM stockhold.check_invariants();
UPDATE stockhold.stock_levels SET on_hand = on_hand - 1 WHERE location_id = :loc;
-- Not even a repair may leave 0 <= reserved <= on_hand (23514); nothing changes.
SELECT public.stockhold_digest() AS before \gset
UPDATE stockhold.stock_levels SET reserved = on_hand + 1 WHERE location_id = :loc;
\echo :LAST_ERROR_SQLSTATE
UPDATE stockhold.stock_levels SET reserved = -1 WHERE location_id = :loc;
\echo :LAST_ERROR_SQLSTATE
INSERT INTO stockhold.stock_levels (item_id, location_id, on_hand, reserved)
    SELECT item_id, location_id + 1000, 1, 2 FROM stockhold.stock_levels WHERE location_id = :loc LIMIT 1;
\echo :LAST_ERROR_SQLSTATE
SELECT public.stockhold_digest() = :'before' AS unchanged;
RESET stockhold.allow_direct_writes;
SELECT * FROM stockhold.check_invariants();

-- Low-stock alerts: threshold 4 on soap (3 on hand at shop, all reserved).
SELECT sku, available, low_stock_threshold FROM stockhold.low_stock;
SELECT count(*) AS alert_rows FROM stockhold.alerts;
-- Rising above the threshold clears it ...
SELECT stockhold.receive('soap', 10, 'shop');
SELECT count(*) AS open_alerts FROM stockhold.low_stock;
-- ... falling to it raises it again, once, however many holds follow.
SELECT sku, qty FROM stockhold.hold('o2', '[{"sku": "soap", "qty": 6}]');
SELECT count(*) AS open_alerts FROM stockhold.low_stock;
SELECT sku, qty FROM stockhold.hold('o3', '[{"sku": "soap", "qty": 1}]');
SELECT sku, available, low_stock_threshold FROM stockhold.low_stock;
SELECT count(*) FILTER (WHERE cleared_at IS NULL) AS open, count(*) FILTER (WHERE cleared_at IS NOT NULL) AS cleared
  FROM stockhold.alerts;
-- A threshold change re-decides: lowered below available clears, removed clears.
SELECT stockhold.upsert_item('soap', 'Olive soap', 'bar', 2) > 0;
SELECT count(*) AS open_alerts FROM stockhold.low_stock;
SELECT stockhold.upsert_item('soap', 'Olive soap', 'bar', 3) > 0;
SELECT count(*) AS open_alerts FROM stockhold.low_stock;
SELECT stockhold.upsert_item('soap', 'Olive soap', 'bar', NULL) > 0;
SELECT count(*) AS open_alerts FROM stockhold.low_stock;
SELECT * FROM stockhold.check_invariants();
-- item_availability sums locations; an item without stock rows shows zeros.
SELECT stockhold.upsert_item('candle') > 0;
SELECT * FROM stockhold.item_availability ORDER BY sku;
