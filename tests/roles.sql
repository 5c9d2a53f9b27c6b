-- stockhold_app can do exactly what docs/reference.md ("Roles and
-- security") lists; stockhold_admin more; PUBLIC nothing; the movements
-- name the calling role.
BEGIN;
SELECT plan(48);

SELECT has_role('stockhold_app');
SELECT has_role('stockhold_admin');
SELECT ok(stockhold.upsert_item('pen') > 0, 'item registered');
SELECT is(stockhold.receive('pen', 10), 10::numeric, 'stock received');
SELECT ok(stockhold.upsert_location('back') > 0, 'a location with no pens');
CREATE ROLE tap_shop_app IN ROLE stockhold_app;
CREATE ROLE tap_dba IN ROLE stockhold_admin;
CREATE ROLE tap_stranger;

SET LOCAL ROLE tap_shop_app;
SELECT lives_ok($$ SELECT * FROM stockhold.hold('a1', '[{"sku": "pen", "qty": 2}]', ttl => '1 hour') $$, 'app can hold');
SELECT lives_ok($$ SELECT stockhold.confirm('a1') $$, 'app can confirm');
SELECT lives_ok($$ SELECT * FROM stockhold.release('a1', '[{"sku": "pen", "qty": 1}]') $$, 'app can release');
SELECT lives_ok($$ SELECT * FROM stockhold.fulfil('a1') $$, 'app can fulfil');
SELECT lives_ok($$ SELECT * FROM stockhold.return_stock('a1', '[{"sku": "pen", "qty": 1}]') $$, 'app can return');
SELECT lives_ok($$ SELECT * FROM stockhold.hold('a2', '[{"sku": "pen", "qty": 1}]') $$, 'app can hold again');
SELECT lives_ok($$ SELECT * FROM stockhold.cancel('a2') $$, 'app can cancel');
SELECT lives_ok($$ SELECT * FROM stockhold.availability $$, 'app reads availability');
SELECT lives_ok($$ SELECT * FROM stockhold.order_lines $$, 'app reads order_lines');
SELECT lives_ok($$ SELECT * FROM stockhold.order_sync_failures $$, 'app reads order_sync_failures');
-- A backorder waiting at 'back', where nobody below receives: it stays in the queue.
SELECT lives_ok($$ SELECT * FROM stockhold.hold('a3', '[{"sku": "pen", "qty": 2, "location": "back"}]', backorder => true) $$,
                'app can hold with backorder');
SELECT results_eq($$ SELECT order_ref, sku, location, qty FROM stockhold.backorders $$,
                  $$ VALUES ('a3'::text, 'pen'::text, 'back'::text, 2::numeric) $$, 'app reads backorders');
SELECT throws_ok($$ SELECT * FROM stockhold.backorder_lines $$, '42501', NULL, 'app cannot read backorder_lines');
SELECT throws_ok($$ DELETE FROM stockhold.backorder_lines $$, '42501', NULL, 'app cannot withdraw lines directly');
SELECT throws_ok($$ SELECT stockhold.receive('pen', 1) $$, '42501', NULL, 'app cannot receive');
SELECT throws_ok($$ SELECT stockhold.adjust('pen', 1) $$, '42501', NULL, 'app cannot adjust');
SELECT throws_ok($$ SELECT stockhold.upsert_item('x') $$, '42501', NULL, 'app cannot upsert_item');
SELECT throws_ok($$ SELECT stockhold.set_slots('pen', 4) $$, '42501', NULL, 'app cannot set_slots');
SELECT throws_ok($$ SELECT stockhold.forget_idempotency_keys() $$, '42501', NULL, 'app cannot forget_idempotency_keys');
SELECT throws_ok($$ SELECT stockhold.detach_order_status('stockhold.holds') $$, '42501', NULL, 'app cannot detach_order_status');
SELECT throws_ok($$ SELECT stockhold.expire_holds() $$, '42501', NULL, 'app cannot expire_holds');
SELECT throws_ok($$ SELECT * FROM stockhold.check_invariants() $$, '42501', NULL, 'app cannot check_invariants');
SELECT throws_ok($$ SELECT * FROM stockhold.close_session('s') $$, '42501', NULL, 'app cannot close_session');
SELECT throws_ok($$ SELECT * FROM stockhold.holds $$, '42501', NULL, 'app cannot read tables');
SELECT throws_ok($$ UPDATE stockhold.stock_levels SET on_hand = 99 $$, '42501', NULL, 'app cannot write levels');
SELECT throws_ok($$ DELETE FROM stockhold.ledger $$, '42501', NULL, 'app cannot tamper with the ledger');
SELECT throws_ok($$ INSERT INTO stockhold.holds (order_id, checkout_id, item_id, location_id, qty) VALUES (1, 1, 1, 1, 1) $$,
                 '42501', NULL, 'app cannot insert holds');
RESET ROLE;

SET LOCAL ROLE tap_dba;
SELECT lives_ok($$ SELECT stockhold.receive('pen', 1) $$, 'admin can receive');
SELECT lives_ok($$ SELECT stockhold.expire_holds() $$, 'admin can expire_holds');
SELECT lives_ok($$ SELECT stockhold.set_slots('pen', 2) $$, 'admin can set_slots');
SELECT lives_ok($$ SELECT stockhold.forget_idempotency_keys() $$, 'admin can forget_idempotency_keys');
SELECT lives_ok($$ SELECT count(*) FROM stockhold.ledger $$, 'admin reads the ledger');
SELECT results_eq($$ SELECT queued_by::text COLLATE "default", qty FROM stockhold.backorder_lines $$,
                  $$ VALUES ('tap_shop_app'::text, 2::numeric) $$, 'admin reads backorder_lines, which name the role that queued');
SELECT throws_ok($$ UPDATE stockhold.backorder_lines SET qty = 1 $$, '42501', NULL, 'admin cannot write backorder_lines');
SELECT throws_ok($$ UPDATE stockhold.stock_levels SET on_hand = 99 $$, '42501', NULL, 'admin cannot write levels either');
RESET ROLE;

SET LOCAL ROLE tap_stranger;
SELECT throws_ok($$ SELECT * FROM stockhold.hold('z', '[{"sku": "pen", "qty": 1}]') $$, '42501', NULL, 'PUBLIC cannot hold');
SELECT throws_ok($$ SELECT * FROM stockhold.availability $$, '42501', NULL, 'PUBLIC cannot read views');
SELECT throws_ok($$ SELECT * FROM stockhold.hold('z', '[{"sku": "pen", "qty": 1}]', backorder => true) $$, '42501', NULL,
                 'PUBLIC cannot hold with backorder');
SELECT throws_ok($$ SELECT * FROM stockhold.backorders $$, '42501', NULL, 'PUBLIC cannot read backorders');
SELECT throws_ok($$ SELECT * FROM stockhold.backorder_lines $$, '42501', NULL, 'PUBLIC cannot read backorder_lines');
RESET ROLE;

-- Every movement records who called, not the functions' owner.
SELECT results_eq($$ SELECT DISTINCT actor::text COLLATE "default" FROM stockhold.movements WHERE order_ref IS NOT NULL $$,
                  $$ VALUES ('tap_shop_app'::text) $$, 'movement actor is the calling role');
SELECT results_eq($$ SELECT actor::text COLLATE "default" FROM stockhold.ledger WHERE movement = 'receive' ORDER BY id DESC LIMIT 1 $$,
                  $$ VALUES ('tap_dba'::text) $$, 'admin movement names the admin');
SELECT is_empty($$ SELECT * FROM stockhold.check_invariants() $$, 'invariants hold');

SELECT * FROM finish();
ROLLBACK;
