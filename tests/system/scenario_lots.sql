-- Lot-tracked stock in every state, on top of scenario.sql (1.1 on): lots
-- at two locations with and without best-before dates, one expired, holds
-- active, fulfilled and released, a return into a lot at another location.
\set ON_ERROR_STOP 1
SELECT stockhold.upsert_item('milk', 'Milk', 'l', low_stock_threshold => 3, strategy => 'fefo');
SELECT stockhold.receive('milk', 6, 'farm', lot => 'M1', best_before => current_date + 2),
       stockhold.receive('milk', 4, 'shop', lot => 'M2', best_before => current_date + 9),
       stockhold.receive('milk', 2, 'shop', lot => 'OLD', best_before => current_date - 1),
       stockhold.receive('milk', 3, 'farm', lot => 'UNDATED');
SELECT count(*) FROM stockhold.hold('lot-1', '[{"sku": "milk", "qty": 7}]');
SELECT stockhold.confirm('lot-1');
SELECT count(*) FROM stockhold.fulfil('lot-1', '[{"sku": "milk", "qty": 5}]', release_remainder => true);
SELECT count(*) FROM stockhold.return_stock('lot-1', '[{"sku": "milk", "qty": 1}]', to_location => 'shop');
SELECT count(*) FROM stockhold.hold('lot-3', '[{"sku": "milk", "qty": 1}]');
SELECT count(*) FROM stockhold.release('lot-3');
SELECT count(*) FROM stockhold.hold('lot-2', '[{"sku": "milk", "qty": 2, "lot": "UNDATED"}]');
