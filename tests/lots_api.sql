-- Lots and allocation strategies as an application's own suite would pin
-- them down: the views, each strategy's choice, and the refusals.
BEGIN;
SELECT plan(14);

SELECT has_view('stockhold', 'lot_availability', 'lot_availability view');
SELECT has_view('stockhold', 'expiring_lots', 'expiring_lots view');
SELECT columns_are('stockhold', 'lot_availability',
                   ARRAY['sku', 'location', 'lot', 'best_before', 'received_at', 'on_hand', 'reserved', 'available', 'expired']);
SELECT has_column('stockhold', 'order_lines', 'lot', 'order_lines shows the lot of each hold');

SELECT lives_ok($$
  SELECT stockhold.upsert_location('cold-room', priority => 1), stockhold.upsert_location('shop', priority => 2);
  SELECT stockhold.upsert_item('yoghurt', strategy => 'fefo');
  SELECT stockhold.receive('yoghurt', 10, 'cold-room', lot => 'Y-late', best_before => current_date + 20);
  SELECT stockhold.receive('yoghurt', 4, 'shop', lot => 'Y-soon', best_before => current_date + 2);
  SELECT stockhold.receive('yoghurt', 9, 'shop', lot => 'Y-gone', best_before => current_date - 3);
$$, 'lots received with best-before dates');

SELECT results_eq($$ SELECT location, qty FROM stockhold.hold('t1', '[{"sku": "yoghurt", "qty": 6}]') ORDER BY qty $$,
                  $$ VALUES ('cold-room'::text, 2::numeric), ('shop', 4) $$, 'fefo: the soonest best-before first, across locations');
SELECT results_eq($$ SELECT lot, reserved FROM stockhold.lot_availability WHERE sku = 'yoghurt' ORDER BY lot $$,
                  $$ VALUES ('Y-gone'::text, 0::numeric), ('Y-late', 2), ('Y-soon', 4) $$, 'the expired lot is never held');
SELECT results_eq($$ SELECT lot, expired FROM stockhold.expiring_lots WHERE sku = 'yoghurt' ORDER BY lot $$,
                  $$ VALUES ('Y-gone'::text, true), ('Y-soon', false) $$, 'expiring_lots lists what to sell first or write off');
SELECT throws_ok($$ SELECT * FROM stockhold.hold('t2', '[{"sku": "yoghurt", "qty": 9}]') $$, 'SH001',
                 NULL, '8 unexpired units left: 9 is refused');
SELECT throws_ok($$ SELECT stockhold.receive('yoghurt', 1, 'shop') $$, '22023', NULL, 'a lot-tracked item names the lot');
SELECT throws_ok($$ SELECT stockhold.upsert_item('yoghurt', strategy => 'random') $$, '22023', NULL, 'unknown strategy');
SELECT throws_ok($$ SELECT stockhold.adjust('yoghurt', 1, 'shop', lot => 'Y-soon') $$, 'SH015', NULL,
                 'a lot cannot be counted below what it holds');
SELECT is(stockhold.adjust('yoghurt', 0, 'shop', 'expired', lot => 'Y-gone'), 0::numeric, 'write-off of the expired lot');
SELECT is_empty($$ SELECT * FROM stockhold.check_invariants() $$, 'invariants hold');

SELECT * FROM finish();
ROLLBACK;
