-- The API (docs/reference.md) as an application's own pgTAP suite would pin it down.
BEGIN;
SELECT plan(54);

SELECT has_schema('stockhold');
SELECT has_function('stockhold', 'hold', ARRAY['text', 'jsonb', 'text', 'text', 'interval', 'text', 'boolean']);
SELECT has_function('stockhold', 'confirm', ARRAY['text', 'text']);
SELECT has_function('stockhold', 'extend', ARRAY['text', 'interval', 'text']);
SELECT has_function('stockhold', 'release', ARRAY['text', 'jsonb', 'text']);
SELECT has_function('stockhold', 'close_session', ARRAY['text']);
SELECT has_function('stockhold', 'fulfil', ARRAY['text', 'jsonb', 'boolean', 'text']);
SELECT has_function('stockhold', 'cancel', ARRAY['text', 'text']);
SELECT has_function('stockhold', 'return_stock', ARRAY['text', 'jsonb', 'text', 'text']);
SELECT has_function('stockhold', 'receive', ARRAY['text', 'numeric', 'text', 'text', 'text', 'date', 'text']);
SELECT has_function('stockhold', 'adjust', ARRAY['text', 'numeric', 'text', 'text', 'text', 'text']);
SELECT has_function('stockhold', 'upsert_item', ARRAY['text', 'text', 'text', 'numeric', 'text']);
SELECT has_function('stockhold', 'upsert_location', ARRAY['text', 'text', 'integer']);
SELECT has_function('stockhold', 'set_slots', ARRAY['text', 'integer']);
SELECT has_function('stockhold', 'open_session', ARRAY['text', 'text', 'timestamp with time zone', 'timestamp with time zone']);
SELECT has_function('stockhold', 'expire_holds', ARRAY['integer']);
SELECT has_function('stockhold', 'close_due_sessions', ARRAY[]::text[]);
SELECT has_function('stockhold', 'check_invariants', ARRAY[]::text[]);
SELECT has_function('stockhold', 'forget_idempotency_keys', ARRAY['integer']);
SELECT has_function('stockhold', 'attach_order_status', ARRAY['regclass', 'name', 'name', 'regprocedure', 'jsonb', 'text', 'boolean']);
SELECT has_function('stockhold', 'detach_order_status', ARRAY['regclass']);
SELECT has_function('stockhold', 'resync_order', ARRAY['regclass', 'text']);
SELECT has_view('stockhold', 'order_sync_failures', 'order_sync_failures view');
SELECT columns_are('stockhold', 'order_sync_failures', ARRAY['orders', 'order_ref', 'status', 'sqlstate', 'message', 'at']);
SELECT function_returns('stockhold', 'confirm', ARRAY['text', 'text'], 'integer');
SELECT function_returns('stockhold', 'extend', ARRAY['text', 'interval', 'text'], 'integer');
SELECT function_returns('stockhold', 'upsert_item', ARRAY['text', 'text', 'text', 'numeric', 'text'], 'bigint');
SELECT function_returns('stockhold', 'set_slots', ARRAY['text', 'integer'], 'integer');
SELECT has_view('stockhold', 'availability', 'availability view');
SELECT has_view('stockhold', 'item_availability', 'item_availability view');
SELECT has_view('stockhold', 'low_stock', 'low_stock view');
SELECT has_view('stockhold', 'order_lines', 'order_lines view');
SELECT columns_are('stockhold', 'availability', ARRAY['sku', 'location', 'on_hand', 'reserved', 'available']);

-- A small shop: 3 mugs, 1 teapot, a hub session.
SELECT lives_ok($$ SELECT stockhold.upsert_item('mug'), stockhold.upsert_item('teapot', low_stock_threshold => 0) $$);
SELECT lives_ok($$ SELECT stockhold.receive('mug', 3), stockhold.receive('teapot', 1) $$);
SELECT lives_ok($$ SELECT stockhold.open_session('week', 'Hub', now() - interval '1 day', now() + interval '1 day') $$);
SELECT results_eq($$ SELECT sku, qty FROM stockhold.hold('web-1', '[{"sku": "mug", "qty": 2}]') $$,
                  $$ VALUES ('mug'::text, 2::numeric) $$, 'hold returns what it held');
SELECT results_eq($$ SELECT sku, on_hand, reserved, available FROM stockhold.availability ORDER BY sku $$,
                  $$ VALUES ('mug'::text, 3::numeric, 2::numeric, 1::numeric), ('teapot', 1, 0, 1) $$,
                  'availability after one hold');

-- Every SQLSTATE of docs/reference.md ("Errors") that a call can provoke.
SELECT throws_ok($$ SELECT * FROM stockhold.hold('web-2', '[{"sku": "mug", "qty": 5}]') $$, 'SH001');
SELECT throws_ok($$ SELECT * FROM stockhold.hold('web-2', '[{"sku": "spoon", "qty": 1}]') $$, 'SH002');
SELECT throws_ok($$ SELECT stockhold.receive('mug', 1, 'attic') $$, 'SH003');
SELECT throws_ok($$ SELECT * FROM stockhold.cancel('never') $$, 'SH004');
SELECT throws_ok($$ SELECT * FROM stockhold.hold('web-2', '[{"sku": "mug", "qty": 1}]', session_ref => 'nope') $$, 'SH005');
SELECT lives_ok($$ SELECT * FROM stockhold.close_session('week') $$);
SELECT throws_ok($$ SELECT * FROM stockhold.hold('web-2', '[{"sku": "mug", "qty": 1}]', session_ref => 'week') $$, 'SH010');
SELECT throws_ok($$ SELECT * FROM stockhold.hold('web-3', '[{"sku": "mug", "qty": 1}]', checkout_ref => 'web-1') $$, 'SH011');
SELECT throws_ok($$ SELECT * FROM stockhold.hold('web-4', '[{"sku": "mug", "qty": 2}]', idempotency_key => 'k') $$, 'SH001');
SELECT lives_ok($$ SELECT * FROM stockhold.hold('web-4', '[{"sku": "teapot", "qty": 1}]', idempotency_key => 'k') $$);
SELECT throws_ok($$ SELECT * FROM stockhold.hold('web-4', '[{"sku": "teapot", "qty": 0.5}]', idempotency_key => 'k') $$, 'SH013');
SELECT throws_ok($$ SELECT * FROM stockhold.fulfil('web-1', '[{"sku": "mug", "qty": 3}]') $$, 'SH014');
SELECT throws_ok($$ SELECT stockhold.adjust('mug', 1) $$, 'SH015');
SELECT throws_ok($$ UPDATE stockhold.stock_levels SET on_hand = 0 $$, 'SH020');
SELECT throws_ok($$ SELECT * FROM stockhold.hold('web-5', '[{"sku": "mug", "qty": "NaN"}]') $$, '22023');
-- The teapot hold took the last one: an alert is open.
SELECT results_eq($$ SELECT sku, available FROM stockhold.low_stock $$, $$ VALUES ('teapot'::text, 0::numeric) $$,
                  'low-stock alert for the teapot');

SELECT * FROM finish();
ROLLBACK;
