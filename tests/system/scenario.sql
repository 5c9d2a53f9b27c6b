-- A database with stockhold data in every state, for the upgrade and
-- dump/restore tests: locations, items with thresholds and an open alert,
-- holds active, confirmed, expired, renewed, released, fulfilled and returned,
-- a closed and an open sales session, an idempotency record, a renamed
-- default location.
\set ON_ERROR_STOP 1
SELECT stockhold.upsert_location('farm', 'Jean''s farm', 10), stockhold.upsert_location('shop', priority => 20),
       stockhold.upsert_location('default', 'Back room', 50);
SELECT stockhold.upsert_item('carrots', 'Carrots', 'kg', low_stock_threshold => 2),
       stockhold.upsert_item('mug', low_stock_threshold => 5), stockhold.upsert_item('plum');
SELECT stockhold.receive('carrots', 10, 'farm'), stockhold.receive('mug', 8, 'shop'),
       stockhold.receive('mug', 4), stockhold.receive('plum', 3.5, 'shop');
SELECT stockhold.open_session('hub-a', 'Hub A', now() - interval '1 hour', now() + interval '1 day'),
       stockhold.open_session('hub-b', 'Hub B', now() - interval '1 hour', now() + interval '1 day');
SELECT count(*) FROM stockhold.hold('ali', '[{"sku": "carrots", "qty": 1.5}]', session_ref => 'hub-a');
SELECT count(*) FROM stockhold.hold('paul', '[{"sku": "carrots", "qty": 5}]', session_ref => 'hub-b');
SELECT stockhold.confirm('paul');
SELECT count(*) FROM stockhold.close_session('hub-b');
SELECT count(*) FROM stockhold.hold('web-1', '[{"sku": "mug", "qty": 2}, {"sku": "plum", "qty": 0.5}]',
                                    idempotency_key => 'req-1');
SELECT stockhold.confirm('web-1');
SELECT count(*) FROM stockhold.fulfil('web-1');
SELECT count(*) FROM stockhold.return_stock('web-1', '[{"sku": "mug", "qty": 1}]');
SELECT count(*) FROM stockhold.hold('web-2', '[{"sku": "mug", "qty": 6}]');  -- mug falls to its threshold
SELECT count(*) FROM stockhold.release('web-2', '[{"sku": "mug", "qty": 1}]');
SELECT count(*) FROM stockhold.hold('web-3', '[{"sku": "plum", "qty": 1}]', ttl => '1 millisecond');
SELECT pg_sleep(0.01);
SELECT stockhold.expire_holds();
SELECT stockhold.confirm('web-3');  -- re-reserves the expired hold: a renewed hold
SELECT count(*) FROM stockhold.hold('web-4', '[{"sku": "plum", "qty": 1}]');
SELECT count(*) FROM stockhold.cancel('web-4');
SELECT stockhold.adjust('carrots', 9.5, 'farm', 'stock count');
