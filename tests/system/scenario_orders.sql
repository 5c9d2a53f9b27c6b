-- An application's orders table attached to stockhold (1.3 and later): its
-- trigger, its lines function, a recorded failure.
\set ON_ERROR_STOP 1
CREATE SCHEMA app;
CREATE TABLE app.orders (ref text PRIMARY KEY, status text NOT NULL);
CREATE TABLE app.items (ref text, sku text, qty numeric);
CREATE FUNCTION app.lines(r text) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT coalesce(jsonb_agg(jsonb_build_object('sku', sku, 'qty', qty) ORDER BY sku), '[]') FROM app.items WHERE ref = r
$$;
SELECT stockhold.attach_order_status('app.orders', 'ref', 'status', 'app.lines(text)',
                                     '{"paid": "confirm", "sent": "fulfil", "void": "cancel"}', on_failure => 'record');
INSERT INTO app.items VALUES ('a-1', 'mug', 1), ('a-2', 'mug', 100);
INSERT INTO app.orders VALUES ('a-1', 'paid'), ('a-2', 'paid');
