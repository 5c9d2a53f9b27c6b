-- The API (docs/reference.md) as an application's own pgTAP suite would pin it down.
BEGIN;
SELECT plan(74);

SELECT has_schema('stockhold');
SELECT has_function('stockhold', 'hold', ARRAY['text', 'jsonb', 'text', 'text', 'interval', 'text', 'boolean', 'boolean']);
SELECT hasnt_function('stockhold', 'hold', ARRAY['text', 'jsonb', 'text', 'text', 'interval', 'text', 'boolean'],
                      'hold has one signature: backorder is its last argument');
SELECT is(pg_get_function_arguments('stockhold.hold(text, jsonb, text, text, interval, text, boolean, boolean)'::regprocedure),
          'order_ref text, lines jsonb, checkout_ref text DEFAULT NULL::text, session_ref text DEFAULT NULL::text, '
          'ttl interval DEFAULT NULL::interval, idempotency_key text DEFAULT NULL::text, partial boolean DEFAULT false, '
          'backorder boolean DEFAULT false',
          'hold''s argument names and defaults');
SELECT is(pg_get_function_result('stockhold.hold(text, jsonb, text, text, interval, text, boolean, boolean)'::regprocedure),
          'TABLE(hold_id bigint, sku text, location text, qty numeric, expires_at timestamp with time zone)',
          'hold''s result columns');
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
SELECT columns_are('stockhold', 'order_lines', ARRAY['order_ref', 'order_state', 'fulfilment_state', 'session_ref',
                     'checkout_ref', 'sku', 'location', 'status', 'qty', 'expires_at', 'lot']);
SELECT has_view('stockhold', 'backorders', 'backorders view');
SELECT columns_are('stockhold', 'backorders', ARRAY['order_ref', 'checkout_ref', 'sku', 'location', 'qty', 'queued_at',
                   'position', 'lot']);
SELECT col_type_is('stockhold', 'backorders', 'position', 'bigint', 'backorders.position is a bigint');

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

-- Backorders (docs/reference.md#backorders): 1 lamp in stock, 3 wanted.
SELECT lives_ok($$ SELECT stockhold.upsert_item('lamp'), stockhold.receive('lamp', 1) $$);
SELECT results_eq($$ SELECT hold_id IS NULL AS waits, sku, location, qty, expires_at IS NULL AS no_expiry
                       FROM stockhold.hold('bo-1', '[{"sku": "lamp", "qty": 3}]', ttl => '1 hour', backorder => true)
                      ORDER BY 1 $$,
                  $$ VALUES (false, 'lamp'::text, 'default'::text, 1::numeric, false), (true, 'lamp', NULL, 2, true) $$,
                  'backorder holds what there is and returns the waiting rest with hold_id, location and expires_at NULL');
SELECT results_eq($$ SELECT hold_id IS NULL, location, qty
                       FROM stockhold.hold('bo-2', '[{"sku": "lamp", "qty": 1}]', backorder => true) $$,
                  $$ VALUES (true, NULL::text, 1::numeric) $$, 'a line with nothing available waits whole');
SELECT results_eq($$ SELECT order_ref, checkout_ref, sku, location, qty, position, lot FROM stockhold.backorders ORDER BY position $$,
                  $$ VALUES ('bo-1'::text, 'bo-1'::text, 'lamp'::text, NULL::text, 2::numeric, 1::bigint, NULL::text),
                            ('bo-2', 'bo-2', 'lamp', NULL, 1, 2, NULL) $$,
                  'backorders lists the queue head first');
SELECT results_eq($$ SELECT status, location, qty, expires_at IS NULL FROM stockhold.order_lines
                      WHERE order_ref = 'bo-1' ORDER BY status $$,
                  $$ VALUES ('active'::text, 'default'::text, 1::numeric, false), ('waiting', NULL, 2, true) $$,
                  'order_lines shows the waiting quantity');
SELECT throws_ok($$ SELECT * FROM stockhold.hold('bo-3', '[{"sku": "lamp", "qty": 1}]', partial => true, backorder => true) $$,
                 '22023');
SELECT is((SELECT count(*) FROM stockhold.orders WHERE order_ref = 'bo-3'), 0::bigint, 'partial with backorder changed nothing');
-- 2.5 lamps arrive: the head's 2 first, then half of the next line.
SELECT lives_ok($$ SELECT stockhold.receive('lamp', 2.5) $$);
SELECT results_eq($$ SELECT order_ref, qty, position FROM stockhold.backorders $$,
                  $$ VALUES ('bo-2'::text, 0.5::numeric, 1::bigint) $$, 'receipts fill the queue head first, partly');
SELECT results_eq($$ SELECT checkout_ref, status, qty FROM stockhold.order_lines WHERE sku = 'lamp' ORDER BY checkout_ref, status, qty $$,
                  $$ VALUES ('bo-1'::text, 'active'::text, 1::numeric), ('bo-1', 'active', 2), ('bo-2', 'active', 0.5), ('bo-2', 'waiting', 0.5) $$,
                  'fills are active holds of the waiting checkouts');
SELECT results_eq($$ SELECT on_hand, reserved, available FROM stockhold.availability WHERE sku = 'lamp' $$,
                  $$ VALUES (3.5::numeric, 3.5::numeric, 0::numeric) $$, 'nothing free while a line waits');
SELECT is_empty($$ SELECT * FROM stockhold.check_invariants() $$, 'invariants hold with a queue');
-- A line that waits while stock it could take is free breaks invariant 7 (a direct write makes one).
INSERT INTO stockhold.backorder_lines (order_id, item_id, qty, queued_at, queued_by)
SELECT o.id, i.id, 1, now(), current_user FROM stockhold.orders o, stockhold.items i WHERE o.order_ref = 'web-1' AND i.sku = 'mug';
SELECT results_eq($$ SELECT check_name, sku FROM stockhold.check_invariants() $$,
                  $$ VALUES ('backorder_waits_while_available'::text, 'mug'::text) $$, 'check_invariants reports invariant 7');

SELECT * FROM finish();
ROLLBACK;
