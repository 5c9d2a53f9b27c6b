-- Seed 001's order lifecycle and seed 003's real-world scenario, step by step.
SET client_min_messages = warning;
DROP EXTENSION IF EXISTS stockhold CASCADE;
CREATE EXTENSION stockhold;
RESET client_min_messages;
\set SHOW_CONTEXT never

-- Seed 001. Inventory: A 100, B 50, C 75 available.
SELECT stockhold.upsert_item(s) > 0 FROM unnest(ARRAY['A', 'B', 'C']) s;
SELECT stockhold.receive('A', 100), stockhold.receive('B', 50), stockhold.receive('C', 75);
-- Order created: 10 / 5 / 20 requested, reserved at once.
SELECT sku, qty FROM stockhold.hold('order-001', '[{"sku": "A", "qty": 10}, {"sku": "B", "qty": 5}, {"sku": "C", "qty": 20}]',
                                    ttl => '30 minutes');
-- 100 -> 90, 50 -> 45, 75 -> 55 available; 35 reserved in all, 190 available in all.
SELECT sku, on_hand, reserved, available FROM stockhold.item_availability ORDER BY sku;
SELECT sum(reserved) AS reserved_total, sum(available) AS available_total FROM stockhold.item_availability;
-- Order confirmed: the reservation is kept (no expiry any more).
SELECT stockhold.confirm('order-001') AS confirmed;
SELECT count(*) AS still_expiring FROM stockhold.order_lines WHERE order_ref = 'order-001' AND expires_at IS NOT NULL;
-- Fulfilment: on hand drops by what shipped, reserved goes back to 0,
-- available stays 90 / 45 / 55.
SELECT * FROM stockhold.fulfil('order-001') ORDER BY sku;
SELECT sku, on_hand, reserved, available FROM stockhold.item_availability ORDER BY sku;
SELECT order_state, fulfilment_state FROM stockhold.orders WHERE order_ref = 'order-001';
SELECT sku, movement, on_hand_delta, reserved_delta
  FROM stockhold.movements WHERE movement IN ('hold', 'fulfil') ORDER BY sku, at, movement DESC;

-- Seed 003. An online store has 3 units of a popular item left.
SELECT stockhold.upsert_item('popular') > 0;
SELECT stockhold.receive('popular', 3);
-- Customer A adds 2 units to the cart and starts checkout: reserved.
SELECT sku, qty FROM stockhold.hold('order-a', '[{"sku": "popular", "qty": 2}]', ttl => '15 minutes');
-- Customer B tries to check out 3 units: rejected, nothing changes.
SELECT count(*) AS holds_before FROM stockhold.holds \gset
SELECT * FROM stockhold.hold('order-b', '[{"sku": "popular", "qty": 3}]', ttl => '15 minutes');
\echo :LAST_ERROR_SQLSTATE
SELECT count(*) = :holds_before AS nothing_held FROM stockhold.holds;
SELECT count(*) AS order_b_exists FROM stockhold.orders WHERE order_ref = 'order-b';
-- Customer A's payment fails: 2 units released immediately.
SELECT * FROM stockhold.release('order-a');
-- Customer B retries and reserves 2 units.
SELECT sku, qty FROM stockhold.hold('order-b', '[{"sku": "popular", "qty": 2}]', ttl => '15 minutes');
-- Customer C sees 1 unit available.
SELECT available FROM stockhold.availability WHERE sku = 'popular';

-- Seed 003's multi-warehouse note: one line that no single warehouse can
-- cover is split across warehouses in priority order.
SELECT stockhold.upsert_location('wh-east', priority => 1) > 0, stockhold.upsert_location('wh-west', priority => 2) > 0;
SELECT stockhold.upsert_item('chair') > 0;
SELECT stockhold.receive('chair', 3, 'wh-east'), stockhold.receive('chair', 4, 'wh-west');
SELECT sku, location, qty FROM stockhold.hold('order-d', '[{"sku": "chair", "qty": 5}]') ORDER BY location;
SELECT * FROM stockhold.check_invariants();
