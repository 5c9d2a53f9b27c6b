-- Sales sessions and fulfilment as a trader's own suite would test them.
BEGIN;
SELECT plan(14);

SELECT ok(stockhold.upsert_item('eggs', unit => 'dozen') > 0, 'item');
SELECT is(stockhold.receive('eggs', 12), 12::numeric, 'stock');
SELECT ok(stockhold.open_session('hub-w1', 'Hub', now() - interval '1 day', now() + interval '1 day') > 0, 'session opened');
SELECT lives_ok($$ SELECT * FROM stockhold.hold('hub-w1-farm', '[{"sku": "eggs", "qty": 2}]', checkout_ref => 'ann', session_ref => 'hub-w1') $$);
SELECT lives_ok($$ SELECT * FROM stockhold.hold('hub-w1-farm', '[{"sku": "eggs", "qty": 3}]', checkout_ref => 'ben', session_ref => 'hub-w1') $$);
SELECT lives_ok($$ SELECT * FROM stockhold.hold('hub-w1-farm', '[{"sku": "eggs", "qty": 1}]', checkout_ref => 'cat', session_ref => 'hub-w1', ttl => '1 hour') $$);
SELECT results_eq($$ SELECT order_ref, sku, qty FROM stockhold.close_session('hub-w1') $$,
                  $$ VALUES ('hub-w1-farm'::text, 'eggs'::text, 5::numeric) $$, 'consolidated order: confirmed holds only');
SELECT results_eq($$ SELECT order_state::text, fulfilment_state::text FROM stockhold.orders WHERE order_ref = 'hub-w1-farm' $$,
                  $$ VALUES ('Complete'::text, 'Unfulfilled'::text) $$, 'order submitted');
SELECT throws_ok($$ SELECT * FROM stockhold.hold('hub-w1-farm', '[{"sku": "eggs", "qty": 1}]', checkout_ref => 'dan', session_ref => 'hub-w1') $$,
                 'SH010', NULL, 'closed session refuses holds');
SELECT results_eq($$ SELECT sku, qty FROM stockhold.fulfil('hub-w1-farm', '[{"sku": "eggs", "qty": 4}]') $$,
                  $$ VALUES ('eggs'::text, 4::numeric) $$, 'partial shipment');
SELECT results_eq($$ SELECT fulfilment_state::text FROM stockhold.orders WHERE order_ref = 'hub-w1-farm' $$,
                  $$ VALUES ('Unfulfilled'::text) $$, 'still unfulfilled');
SELECT results_eq($$ SELECT sku, qty FROM stockhold.fulfil('hub-w1-farm') $$, $$ VALUES ('eggs'::text, 1::numeric) $$, 'the rest ships');
SELECT results_eq($$ SELECT sku, qty FROM stockhold.return_stock('hub-w1-farm', '[{"sku": "eggs", "qty": 1}]') $$,
                  $$ VALUES ('eggs'::text, 1::numeric) $$, 'a return');
SELECT results_eq($$ SELECT on_hand, reserved FROM stockhold.availability WHERE sku = 'eggs' $$,
                  $$ VALUES (8::numeric, 0::numeric) $$, '12 - 5 shipped + 1 returned');

SELECT * FROM finish();
ROLLBACK;
