-- Orders that drive stock (seed 004): an application's orders table,
-- attached with attach_order_status(), reserves, confirms, ships and
-- releases stock as its status changes, in the same transaction as the
-- application's own UPDATE. Reconciling is idempotent; a refusal is raised
-- or recorded; unknown skus can be skipped; detach stops it.
SET client_min_messages = warning;
DROP EXTENSION IF EXISTS stockhold CASCADE;
DROP SCHEMA IF EXISTS shop CASCADE;
DROP ROLE IF EXISTS shop_clerk, shop_intruder;
CREATE EXTENSION stockhold;
RESET client_min_messages;
\set SHOW_CONTEXT never

SELECT stockhold.upsert_item('kettle') > 0, stockhold.upsert_item('cup') > 0;
SELECT stockhold.receive('kettle', 5), stockhold.receive('cup', 20);

-- The application: orders with a status, their lines, and a function that
-- gives an order's lines in stockhold's format.
CREATE SCHEMA shop;
CREATE TABLE shop.orders (id serial PRIMARY KEY, ref text UNIQUE NOT NULL, status text NOT NULL);
CREATE TABLE shop.order_items (order_ref text NOT NULL, sku text NOT NULL, qty numeric NOT NULL);
CREATE FUNCTION shop.lines(order_ref text) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT coalesce(jsonb_agg(jsonb_build_object('sku', sku, 'qty', qty) ORDER BY sku), '[]')
    FROM shop.order_items WHERE order_items.order_ref = lines.order_ref
$$;
CREATE ROLE shop_clerk;
GRANT stockhold_app TO shop_clerk;
GRANT USAGE ON SCHEMA shop TO shop_clerk;
GRANT ALL ON ALL TABLES IN SCHEMA shop TO shop_clerk;
GRANT ALL ON ALL SEQUENCES IN SCHEMA shop TO shop_clerk;

SELECT stockhold.attach_order_status('shop.orders', 'ref', 'status', 'shop.lines(text)',
                                     '{"processing": "confirm", "shipped": "fulfil", "cancelled": "cancel"}');
SELECT tgname, tgenabled FROM pg_trigger WHERE tgrelid = 'shop.orders'::regclass;

CREATE FUNCTION pg_temp.stock() RETURNS TABLE (sku text, on_hand numeric, reserved numeric)
LANGUAGE sql AS $$ SELECT sku, on_hand, reserved FROM stockhold.availability ORDER BY sku $$;
CREATE FUNCTION pg_temp.order_of(r text) RETURNS TABLE (sku text, status text, qty numeric, expires boolean)
LANGUAGE sql AS $$
  SELECT sku, status, sum(qty), bool_or(expires_at IS NOT NULL) FROM stockhold.order_lines WHERE order_ref = r
   GROUP BY 1, 2 ORDER BY 1, 2
$$;

-- A new order, pending: a status without an action does nothing.
SET ROLE shop_clerk;
INSERT INTO shop.orders (ref, status) VALUES ('o1', 'pending');
INSERT INTO shop.order_items VALUES ('o1', 'kettle', 1), ('o1', 'cup', 4);
RESET ROLE;
SELECT count(*) AS stockhold_orders FROM stockhold.orders;

-- processing: the lines are held and confirmed (no expiry), in the same
-- transaction, by the role that changed the row.
SET stockhold.hold_ttl = '15 minutes';
SET ROLE shop_clerk;
UPDATE shop.orders SET status = 'processing' WHERE ref = 'o1';
RESET ROLE;
SELECT * FROM pg_temp.order_of('o1');
SELECT * FROM pg_temp.stock();
SELECT DISTINCT movement, actor FROM stockhold.movements WHERE order_ref = 'o1';

-- The same status again: nothing changes.
SELECT public.stockhold_digest() AS before \gset
UPDATE shop.orders SET status = 'processing' WHERE ref = 'o1';
SELECT public.stockhold_digest() = :'before' AS unchanged;

-- The order's lines change: re-entering the status holds the difference,
-- and releases what is no longer asked for.
UPDATE shop.order_items SET qty = 6 WHERE order_ref = 'o1' AND sku = 'cup';
DELETE FROM shop.order_items WHERE order_ref = 'o1' AND sku = 'kettle';
UPDATE shop.orders SET status = 'processing' WHERE ref = 'o1';
SELECT * FROM pg_temp.order_of('o1');
SELECT * FROM pg_temp.stock();

-- shipped: everything held is shipped; again, nothing.
UPDATE shop.orders SET status = 'shipped' WHERE ref = 'o1';
SELECT * FROM pg_temp.order_of('o1');
SELECT order_state, fulfilment_state FROM stockhold.orders WHERE order_ref = 'o1';
SELECT public.stockhold_digest() AS before \gset
UPDATE shop.orders SET status = 'shipped' WHERE ref = 'o1';
SELECT public.stockhold_digest() = :'before' AS unchanged;
SELECT * FROM pg_temp.stock();

-- An order shipped without being held first is held and shipped at once;
-- one cancelled after processing gives its stock back; one cancelled that
-- stockhold never saw changes nothing.
INSERT INTO shop.order_items VALUES ('o2', 'kettle', 2), ('o3', 'cup', 3);
INSERT INTO shop.orders (ref, status) VALUES ('o2', 'shipped'), ('o3', 'processing');
SELECT * FROM pg_temp.order_of('o2');
UPDATE shop.orders SET status = 'cancelled' WHERE ref = 'o3';
SELECT * FROM pg_temp.order_of('o3');
SELECT public.stockhold_digest() AS before \gset
INSERT INTO shop.orders (ref, status) VALUES ('o4', 'cancelled');
SELECT public.stockhold_digest() = :'before' AS unchanged;
SELECT * FROM pg_temp.stock();

-- on_failure 'raise': a refusal fails the application's statement, so its
-- status and stockhold's stock never disagree.
INSERT INTO shop.order_items VALUES ('o5', 'kettle', 10);
INSERT INTO shop.orders (ref, status) VALUES ('o5', 'pending');
SELECT public.stockhold_digest() AS before \gset
UPDATE shop.orders SET status = 'processing' WHERE ref = 'o5';
\echo :LAST_ERROR_SQLSTATE
SELECT status FROM shop.orders WHERE ref = 'o5';
SELECT public.stockhold_digest() = :'before' AS unchanged;

-- on_failure 'record': the status change commits, the refusal is recorded,
-- and the order's stock stays as it was; resync_order() tries again.
SELECT stockhold.attach_order_status('shop.orders', 'ref', 'status', 'shop.lines(text)',
                                     '{"processing": "confirm", "shipped": "fulfil", "cancelled": "cancel"}',
                                     on_failure => 'record');
UPDATE shop.orders SET status = 'processing' WHERE ref = 'o5';
SELECT status FROM shop.orders WHERE ref = 'o5';
SELECT orders, order_ref, status, sqlstate, message FROM stockhold.order_sync_failures;
SELECT * FROM pg_temp.order_of('o5');
SELECT stockhold.receive('kettle', 10);
SET ROLE shop_clerk;
SELECT stockhold.resync_order('shop.orders', 'o5');
RESET ROLE;
SELECT * FROM pg_temp.order_of('o5');
SELECT count(*) AS failures FROM stockhold.order_sync_failures;
-- An error of the lines function is recorded too.
CREATE OR REPLACE FUNCTION shop.lines(order_ref text) RETURNS jsonb LANGUAGE plpgsql AS $$
BEGIN
  IF order_ref = 'o6' THEN RAISE EXCEPTION 'no lines for %', order_ref USING ERRCODE = 'P0001'; END IF;
  RETURN (SELECT coalesce(jsonb_agg(jsonb_build_object('sku', sku, 'qty', qty) ORDER BY sku), '[]')
            FROM shop.order_items WHERE order_items.order_ref = lines.order_ref);
END $$;
INSERT INTO shop.orders (ref, status) VALUES ('o6', 'processing');
SELECT order_ref, sqlstate, message FROM stockhold.order_sync_failures;

-- skip_unknown_skus: a line of a sku stockhold does not know is left out
-- and reported (SH002); the rest is held.
SELECT stockhold.attach_order_status('shop.orders', 'ref', 'status', 'shop.lines(text)',
                                     '{"processing": "hold", "cancelled": "release"}', skip_unknown_skus => true);
INSERT INTO shop.order_items VALUES ('o7', 'cup', 1), ('o7', 'gift-card', 1);
INSERT INTO shop.orders (ref, status) VALUES ('o7', 'processing');
SELECT * FROM pg_temp.order_of('o7');
SELECT order_ref, sqlstate, message FROM stockhold.order_sync_failures WHERE order_ref = 'o7';
-- release: the holds go back, the order stays as it was.
UPDATE shop.orders SET status = 'cancelled' WHERE ref = 'o7';
SELECT * FROM pg_temp.order_of('o7');
SELECT order_state FROM stockhold.orders WHERE order_ref = 'o7';

-- A role without stockhold_app cannot move stock through the table (42501).
CREATE ROLE shop_intruder;
GRANT USAGE ON SCHEMA shop TO shop_intruder;
GRANT ALL ON ALL TABLES IN SCHEMA shop TO shop_intruder;
GRANT ALL ON ALL SEQUENCES IN SCHEMA shop TO shop_intruder;
SELECT public.stockhold_digest() AS before \gset
SET ROLE shop_intruder;
INSERT INTO shop.orders (ref, status) VALUES ('o8', 'processing');
\echo :LAST_ERROR_SQLSTATE
SELECT stockhold.resync_order('shop.orders', 'o7');
\echo :LAST_ERROR_SQLSTATE
RESET ROLE;
SELECT public.stockhold_digest() = :'before' AS unchanged;

-- Bad calls: 22023, 55000, SH004, 42501; nothing changes.
SELECT public.stockhold_digest() AS before \gset
SELECT stockhold.attach_order_status('shop.orders', 'nope', 'status', 'shop.lines(text)', '{}');
\echo :LAST_ERROR_SQLSTATE
SELECT stockhold.attach_order_status('shop.orders', 'ref', 'status', 'lower(text)', '{}');
\echo :LAST_ERROR_SQLSTATE
SELECT stockhold.attach_order_status('shop.orders', 'ref', 'status', 'shop.lines(text)', '{"processing": "take"}');
\echo :LAST_ERROR_SQLSTATE
SELECT stockhold.attach_order_status('shop.orders', 'ref', 'status', 'shop.lines(text)', '["hold"]');
\echo :LAST_ERROR_SQLSTATE
SELECT stockhold.attach_order_status('shop.orders', 'ref', 'status', 'shop.lines(text)', '{}', on_failure => 'ignore');
\echo :LAST_ERROR_SQLSTATE
SELECT stockhold.attach_order_status('stockhold.availability', 'sku', 'sku', 'shop.lines(text)', '{}');
\echo :LAST_ERROR_SQLSTATE
SELECT stockhold.resync_order('shop.order_items', 'o1');
\echo :LAST_ERROR_SQLSTATE
SELECT stockhold.resync_order('shop.orders', 'o-none');
\echo :LAST_ERROR_SQLSTATE
SELECT stockhold.detach_order_status('shop.order_items');
\echo :LAST_ERROR_SQLSTATE
SET ROLE shop_clerk;
SELECT stockhold.attach_order_status('shop.orders', 'ref', 'status', 'shop.lines(text)', '{}');
\echo :LAST_ERROR_SQLSTATE
RESET ROLE;
SELECT public.stockhold_digest() = :'before' AS unchanged;

-- detach: status changes no longer touch stock; the orders keep their holds.
SELECT stockhold.detach_order_status('shop.orders');
SELECT count(*) AS triggers FROM pg_trigger WHERE tgrelid = 'shop.orders'::regclass;
SELECT public.stockhold_digest() AS before \gset
UPDATE shop.orders SET status = 'processing' WHERE ref = 'o7';
SELECT public.stockhold_digest() = :'before' AS unchanged;
SELECT * FROM stockhold.check_invariants();

RESET stockhold.hold_ttl;
DROP SCHEMA shop CASCADE;
DROP OWNED BY shop_clerk, shop_intruder;
DROP ROLE shop_clerk, shop_intruder;
