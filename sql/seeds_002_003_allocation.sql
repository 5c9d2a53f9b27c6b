-- Seed 002 (granular stock lots): allocation on order creation with FIFO by
-- default or the seller's own strategy, partial allocation, release on
-- cancellation with the records kept as released, consumption on fulfilment
-- reducing lot quantities. Seed 003: multi-location order acceptance with
-- automatic selection of the warehouse.
SET client_min_messages = warning;
DROP EXTENSION IF EXISTS stockhold CASCADE;
CREATE EXTENSION stockhold;
RESET client_min_messages;
\set SHOW_CONTEXT never

-- Seed 002. The marketplace allocates FIFO unless a seller chose otherwise.
SET stockhold.allocation_strategy = 'fifo';
SELECT stockhold.upsert_location('depot', priority => 1) > 0, stockhold.upsert_location('shop', priority => 2) > 0;
SELECT stockhold.upsert_item('widget') > 0;
SELECT stockhold.upsert_item('gadget', strategy => 'priority') > 0;  -- this seller allocates by location priority
SELECT stockhold.receive('widget', 5, 'shop', lot => 'W-jan');
SELECT stockhold.receive('widget', 5, 'depot', lot => 'W-feb');
SELECT stockhold.receive('gadget', 5, 'shop', lot => 'G-jan');
SELECT stockhold.receive('gadget', 5, 'depot', lot => 'G-feb');

-- Order created: stock allocated at once. FIFO takes the January widgets
-- (at the shop) first; the gadget seller's priority takes the depot first.
SELECT sku, location, qty FROM stockhold.hold('order-1', '[{"sku": "widget", "qty": 7}, {"sku": "gadget", "qty": 3}]')
 ORDER BY sku, location;
SELECT sku, location, lot, qty FROM stockhold.order_lines WHERE order_ref = 'order-1' ORDER BY sku, lot;

-- Insufficient stock is handled gracefully: the order is still accepted with
-- what there is (partial), and the rows say how much.
SELECT sku, location, qty FROM stockhold.hold('order-2', '[{"sku": "widget", "qty": 5}]', partial => true);

-- Cancellation releases every allocation; the records stay, as released.
SELECT sku, location, qty FROM stockhold.cancel('order-2');
SELECT lot, status, qty FROM stockhold.order_lines WHERE order_ref = 'order-2' ORDER BY lot;
SELECT lot, on_hand, reserved, available FROM stockhold.lot_availability WHERE sku = 'widget' ORDER BY lot;

-- Fulfilment consumes the allocated lots: their quantities drop.
SELECT stockhold.confirm('order-1');
SELECT sku, location, qty FROM stockhold.fulfil('order-1') ORDER BY sku, location;
SELECT sku, lot, on_hand, reserved FROM stockhold.lot_availability ORDER BY sku, lot;
SELECT lot, status, qty FROM stockhold.order_lines WHERE order_ref = 'order-1' ORDER BY lot;
SELECT * FROM stockhold.check_invariants();
RESET stockhold.allocation_strategy;

-- Seed 003, multi-location acceptance: two warehouses, the east one preferred.
SELECT stockhold.upsert_location('wh-east', priority => 10) > 0, stockhold.upsert_location('wh-west', priority => 20) > 0;
SELECT stockhold.upsert_item('lamp') > 0;
SELECT stockhold.receive('lamp', 3, 'wh-east'), stockhold.receive('lamp', 5, 'wh-west');
-- An order one warehouse can ship whole goes to the preferred one that can.
SELECT location, qty FROM stockhold.hold('web-1', '[{"sku": "lamp", "qty": 2}]');
SELECT location, qty FROM stockhold.hold('web-2', '[{"sku": "lamp", "qty": 4}]');
-- One no single warehouse can cover is split, preferred warehouse first.
SELECT location, qty FROM stockhold.hold('web-3', '[{"sku": "lamp", "qty": 2}]');
SELECT location, on_hand, reserved, available FROM stockhold.availability WHERE sku = 'lamp' ORDER BY location;
-- The next order finds nothing left anywhere: refused, nothing held.
SELECT * FROM stockhold.hold('web-4', '[{"sku": "lamp", "qty": 1}]');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM stockhold.check_invariants();
