-- hold(): all or nothing, the location rule, partial mode, ttl,
-- idempotency, and every refusal leaving everything unchanged.
SET client_min_messages = warning;
DROP EXTENSION IF EXISTS stockhold CASCADE;
CREATE EXTENSION stockhold;
RESET client_min_messages;
\set SHOW_CONTEXT never

SELECT stockhold.upsert_location('north', priority => 10), stockhold.upsert_location('south', priority => 20),
       stockhold.upsert_location('east', priority => 20);
SELECT stockhold.upsert_item('apple'), stockhold.upsert_item('pear'), stockhold.upsert_item('plum', unit => 'kg');
SELECT stockhold.receive('apple', 3, 'north'), stockhold.receive('apple', 10, 'south'), stockhold.receive('apple', 4, 'east'),
       stockhold.receive('pear', 5), stockhold.receive('plum', 2.5);

-- All or nothing: one short line refuses the whole call, and nothing changes
-- (not even the order is created).
SELECT public.stockhold_digest() AS before \gset
SELECT * FROM stockhold.hold('o1', '[{"sku": "pear", "qty": 2}, {"sku": "plum", "qty": 3}]');
\echo :LAST_ERROR_SQLSTATE
SELECT public.stockhold_digest() = :'before' AS unchanged, (SELECT count(*) FROM stockhold.orders) AS orders;

-- Success: one row per hold; the order is created Held / Held.
SELECT hold_id, sku, location, qty, expires_at FROM stockhold.hold('o1', '[{"sku": "pear", "qty": 2}, {"sku": "plum", "qty": 1.25}]');
SELECT order_ref, order_state, fulfilment_state FROM stockhold.orders;
-- The same sku twice is merged into one hold; the checkout defaults to the order.
SELECT hold_id, sku, qty FROM stockhold.hold('o1', '[{"sku": "pear", "qty": 1}, {"sku": "pear", "qty": 0.5}]');
SELECT checkout_ref, sku, status, qty FROM stockhold.order_lines WHERE order_ref = 'o1' ORDER BY sku, qty;

-- Location rule: the first location by priority that covers the whole line.
-- north (10) has only 3; east and south tie at 20 and east comes first by code.
SELECT sku, location, qty FROM stockhold.hold('o2', '[{"sku": "apple", "qty": 4}]');
-- north (3) cannot cover 5; east has 0 left; south covers it whole.
SELECT sku, location, qty FROM stockhold.hold('o3', '[{"sku": "apple", "qty": 5}]');
-- Nothing covers 7 whole (north 3, east 0, south 5): split in priority order.
SELECT sku, location, qty FROM stockhold.hold('o4', '[{"sku": "apple", "qty": 7}]') ORDER BY location;
-- An explicit location is obeyed.
SELECT stockhold.receive('apple', 2, 'north');
SELECT sku, location, qty FROM stockhold.hold('o5', '[{"sku": "apple", "qty": 1, "location": "north"}]');
SELECT location, on_hand, reserved, available FROM stockhold.availability WHERE sku = 'apple' ORDER BY location;

-- SH001's DETAIL names each short line.
SELECT public.stockhold_digest() AS before \gset
SELECT * FROM stockhold.hold('o6', '[{"sku": "apple", "qty": 9}, {"sku": "pear", "qty": 9}, {"sku": "plum", "qty": 1}]');
\echo :LAST_ERROR_SQLSTATE
SELECT public.stockhold_digest() = :'before' AS unchanged;

-- Partial mode: each line holds what there is, possibly nothing; no SH001.
SELECT hold_id IS NOT NULL AS held, sku, location, qty
  FROM stockhold.hold('o6', '[{"sku": "pear", "qty": 9}, {"sku": "apple", "qty": 2}]', partial => true) ORDER BY sku;
SELECT stockhold.adjust('apple', 0, 'default');
SELECT hold_id, sku, location, qty FROM stockhold.hold('o7', '[{"sku": "apple", "qty": 1}]', partial => true);

-- Refusals by state and reference, each changing nothing.
SELECT public.stockhold_digest() AS before \gset
SELECT * FROM stockhold.hold('o8', '[{"sku": "plum", "qty": 0.25}]', checkout_ref => 'o1');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM stockhold.hold('o8', '[{"sku": "quince", "qty": 1}]');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM stockhold.hold('o8', format('[{"sku": "%s", "qty": 1}]', repeat('x', 10240))::jsonb);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM stockhold.hold('o8', '[{"sku": "plum", "qty": 0.25, "location": "mars"}]');
\echo :LAST_ERROR_SQLSTATE
SELECT public.stockhold_digest() = :'before' AS unchanged;
SELECT sku, qty FROM stockhold.cancel('o5');
SELECT public.stockhold_digest() AS before \gset
SELECT * FROM stockhold.hold('o5', '[{"sku": "plum", "qty": 0.25}]');
\echo :LAST_ERROR_SQLSTATE
SELECT public.stockhold_digest() = :'before' AS unchanged;

-- ttl: explicit, from stockhold.hold_ttl, and refused when not positive.
-- A hold expires at now() (the transaction's start) + ttl, and says so as stored.
BEGIN;
CREATE TEMP TABLE t1_out ON COMMIT DROP AS
    SELECT * FROM stockhold.hold('t1', '[{"sku": "plum", "qty": 0.25}]', ttl => '5 minutes');
SELECT o.sku, o.expires_at = now() + interval '5 minutes' AS now_plus_ttl, o.expires_at = h.expires_at AS as_stored
  FROM t1_out o JOIN stockhold.holds h ON h.id = o.hold_id;
COMMIT;
SET stockhold.hold_ttl = '10 minutes';
SELECT sku, expires_at BETWEEN now() + '9 minutes' AND now() + '11 minutes' AS ten_minutes
  FROM stockhold.hold('t2', '[{"sku": "plum", "qty": 0.25}]');
RESET stockhold.hold_ttl;
SELECT sku, expires_at IS NULL AS never_expires FROM stockhold.hold('t3', '[{"sku": "plum", "qty": 0.25}]');
SELECT public.stockhold_digest() AS before \gset
SELECT * FROM stockhold.hold('t4', '[{"sku": "plum", "qty": 0.25}]', ttl => '0 seconds');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM stockhold.hold('t4', '[{"sku": "plum", "qty": 0.25}]', ttl => '-1 minute');
\echo :LAST_ERROR_SQLSTATE
SELECT public.stockhold_digest() = :'before' AS unchanged;

-- An overdue hold is given back by a hold that would otherwise be short.
SELECT stockhold.receive('pear', 1);
SELECT available FROM stockhold.availability WHERE sku = 'pear';
SELECT sku, qty FROM stockhold.hold('late', '[{"sku": "pear", "qty": 1}]', ttl => '1 millisecond');
SELECT pg_sleep(0.01);
SELECT sku, qty FROM stockhold.hold('on-time', '[{"sku": "pear", "qty": 1}]');
SELECT order_ref, status FROM stockhold.order_lines WHERE order_ref IN ('late', 'on-time') ORDER BY 1;

-- Idempotency: a repeat returns the first rows and changes nothing; other
-- arguments under the same key are SH013.
SELECT stockhold.receive('plum', 1);
SELECT hold_id, sku, qty FROM stockhold.hold('i1', '[{"sku": "plum", "qty": 0.5}]', idempotency_key => 'req-1');
SELECT public.stockhold_digest() AS before \gset
SELECT hold_id, sku, qty FROM stockhold.hold('i1', '[{"sku": "plum", "qty": 0.5}]', idempotency_key => 'req-1');
SELECT * FROM stockhold.hold('i1', '[{"sku": "plum", "qty": 0.75}]', idempotency_key => 'req-1');
\echo :LAST_ERROR_SQLSTATE
SELECT public.stockhold_digest() = :'before' AS unchanged;
-- No argument's content can pass for another's: the same texts, split
-- differently between checkout_ref and session_ref, are other arguments.
SELECT stockhold.open_session('C', 'Hub'), stockhold.open_session(E'C\x1e', 'Hub');
SELECT count(*) FROM stockhold.hold('i2', '[{"sku": "plum", "qty": 0.25}]', checkout_ref => E'B\x1eC', idempotency_key => 'req-2');
SELECT public.stockhold_digest() AS before \gset
SELECT * FROM stockhold.hold('i2', '[{"sku": "plum", "qty": 0.25}]', checkout_ref => 'B', session_ref => E'C\x1e',
                             idempotency_key => 'req-2');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM stockhold.hold('i2', '[{"sku": "plum", "qty": 0.25}]', checkout_ref => 'B', session_ref => 'C',
                             idempotency_key => 'req-2');
\echo :LAST_ERROR_SQLSTATE
SELECT public.stockhold_digest() = :'before' AS unchanged;

-- Malformed input: 22023, nothing changed.
SELECT public.stockhold_digest() AS before \gset
SELECT * FROM stockhold.hold(NULL, '[{"sku": "plum", "qty": 1}]');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM stockhold.hold('m', NULL);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM stockhold.hold('m', '[{"sku": "plum", "qty": 1}]', partial => NULL);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM stockhold.hold('m', '{"sku": "plum", "qty": 1}');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM stockhold.hold('m', '"plum"');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM stockhold.hold('m', '[]');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM stockhold.hold('m', '[["plum", 1]]');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM stockhold.hold('m', '[{"qty": 1}]');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM stockhold.hold('m', '[{"sku": "plum"}]');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM stockhold.hold('m', '[{"sku": 42, "qty": 1}]');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM stockhold.hold('m', '[{"sku": "plum", "qty": "one"}]');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM stockhold.hold('m', '[{"sku": "plum", "qty": 0}]');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM stockhold.hold('m', '[{"sku": "plum", "qty": -1}]');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM stockhold.hold('m', '[{"sku": "plum", "qty": "NaN"}]');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM stockhold.hold('m', '[{"sku": "plum", "qty": "Infinity"}]');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM stockhold.hold('m', '[{"sku": "plum", "qty": 1e1000}]');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM stockhold.hold('m', '[{"sku": "plum", "qty": 1e-1000}]');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM stockhold.hold('m', '[{"sku": "plum", "qty": 1.0000001}]');
\echo :LAST_ERROR_SQLSTATE
SELECT public.stockhold_digest() = :'before' AS unchanged;

-- The rows of a hold are written without a planned statement; row triggers
-- a DBA adds still fire, BEFORE and AFTER, as for an INSERT.
CREATE TABLE public.seen_holds (hold_id bigint, qty numeric, fired text);
CREATE FUNCTION public.note_hold() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO public.seen_holds VALUES (NEW.id, NEW.qty, TG_WHEN);
    RETURN NEW;
END $$;
CREATE TRIGGER note_before BEFORE INSERT ON stockhold.holds FOR EACH ROW EXECUTE FUNCTION public.note_hold();
CREATE TRIGGER note_after AFTER INSERT ON stockhold.holds FOR EACH ROW EXECUTE FUNCTION public.note_hold();
SELECT stockhold.receive('plum', 1);
SELECT hold_id FROM stockhold.hold('trig', '[{"sku": "plum", "qty": 0.25}]') \gset
SELECT hold_id = :hold_id AS same_hold, qty, fired FROM public.seen_holds ORDER BY fired;
DROP TABLE public.seen_holds;
DROP TRIGGER note_before ON stockhold.holds;
DROP TRIGGER note_after ON stockhold.holds;
DROP FUNCTION public.note_hold();

-- A new order's checkout, and a hold's checkout and level, are rows hold()
-- has just written or updated, so it skips PostgreSQL's foreign-key checks
-- of them; a BEFORE trigger changing those keys would escape the check, so
-- the row is refused (27000) and nothing changes.
CREATE FUNCTION public.move_key() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RETURN jsonb_populate_record(NEW, jsonb_build_object(TG_ARGV[0], -1));
END $$;
SELECT public.stockhold_digest() AS before \gset
CREATE TRIGGER move_key BEFORE INSERT ON stockhold.holds FOR EACH ROW EXECUTE FUNCTION public.move_key('checkout_id');
SELECT * FROM stockhold.hold('moved', '[{"sku": "plum", "qty": 0.25}]');
\echo :LAST_ERROR_SQLSTATE
-- Into an existing checkout, PostgreSQL checks that key itself (23503).
SELECT * FROM stockhold.hold('trig', '[{"sku": "plum", "qty": 0.25}]');
\echo :LAST_ERROR_SQLSTATE
DROP TRIGGER move_key ON stockhold.holds;
-- The level's key is always the one hold() has just updated.
CREATE TRIGGER move_key BEFORE INSERT ON stockhold.holds FOR EACH ROW EXECUTE FUNCTION public.move_key('location_id');
SELECT * FROM stockhold.hold('trig', '[{"sku": "plum", "qty": 0.25}]');
\echo :LAST_ERROR_SQLSTATE
DROP TRIGGER move_key ON stockhold.holds;
-- (An order's own checkout has no row: a checkout row is another customer's.)
CREATE TRIGGER move_key BEFORE INSERT ON stockhold.checkouts FOR EACH ROW EXECUTE FUNCTION public.move_key('order_id');
SELECT * FROM stockhold.hold('moved', '[{"sku": "plum", "qty": 0.25}]', checkout_ref => 'moved-customer');
\echo :LAST_ERROR_SQLSTATE
DROP TRIGGER move_key ON stockhold.checkouts;
DROP FUNCTION public.move_key();
SELECT public.stockhold_digest() = :'before' AS unchanged;
-- Every other writer is checked by PostgreSQL as always (23503).
INSERT INTO stockhold.holds (order_id, checkout_id, item_id, location_id, qty)
SELECT order_id, -1, item_id, location_id, 1 FROM stockhold.holds LIMIT 1;
\echo :LAST_ERROR_SQLSTATE
INSERT INTO stockhold.holds (order_id, checkout_id, item_id, location_id, qty)
SELECT order_id, checkout_id, item_id, -1, 1 FROM stockhold.holds LIMIT 1;
\echo :LAST_ERROR_SQLSTATE
INSERT INTO stockhold.checkouts (checkout_ref, order_id) VALUES ('nowhere', -1);
\echo :LAST_ERROR_SQLSTATE
SELECT sku, qty FROM stockhold.hold('trig', '[{"sku": "plum", "qty": 0.25}]');

SELECT * FROM stockhold.check_invariants();
