-- Bad-input sweep: every function of the API (docs/reference.md), called with
-- every kind of bad argument in every position (NULL, wrong JSON shapes and
-- types, bad quantities, empty and huge text, unknown references, text that
-- looks like SQL), gives its documented SQLSTATE, changes nothing and leaves
-- the backend alive. Only cases whose SQLSTATE differs from the documented
-- one are listed: an empty list is the pass.
SET client_min_messages = warning;
DROP EXTENSION IF EXISTS stockhold CASCADE;
CREATE EXTENSION stockhold;
RESET client_min_messages;

-- A shop with stock, an order holding it, a shipped order, an open session.
SELECT stockhold.upsert_location('shop', priority => 1) > 0, stockhold.upsert_item('mug') > 0;
SELECT stockhold.receive('mug', 10), stockhold.receive('mug', 5, 'shop');
SELECT count(*) FROM stockhold.hold('held', '[{"sku": "mug", "qty": 2}]');
SELECT count(*) FROM stockhold.hold('shipped', '[{"sku": "mug", "qty": 1}]');
SELECT count(*) FROM stockhold.fulfil('shipped');
SELECT stockhold.open_session('week', 'Hub', now() - interval '1 day', now() + interval '1 day') > 0;
SELECT stockhold.upsert_item('cheese') > 0, stockhold.receive('cheese', 5, 'shop', lot => 'C1') > 0;

-- Each function with good arguments, and the role of each argument.
CREATE TEMP TABLE fn (name text, args text[], roles text[]);
INSERT INTO fn VALUES
  ('hold', ARRAY['''new-order''', '''[{"sku": "mug", "qty": 1}]''', 'NULL', 'NULL', 'NULL', 'NULL', 'false'],
           ARRAY['new_ref', 'lines', 'opt_ref', 'opt_session', 'ttl', 'key', 'flag']),
  ('confirm', ARRAY['''held'''], ARRAY['checkout']),
  ('release', ARRAY['''held''', '''[{"sku": "mug", "qty": 1}]'''], ARRAY['checkout', 'opt_lines']),
  ('cancel', ARRAY['''held'''], ARRAY['order']),
  ('fulfil', ARRAY['''held''', '''[{"sku": "mug", "qty": 1}]''', 'false'], ARRAY['order', 'opt_lines', 'flag']),
  ('return_stock', ARRAY['''shipped''', '''[{"sku": "mug", "qty": 1}]''', 'NULL'],
                   ARRAY['order', 'lines', 'opt_location']),
  ('receive', ARRAY['''mug''', '1', '''shop''', 'NULL', 'NULL', 'NULL'],
              ARRAY['sku', 'qty', 'location', 'free_text', 'lot_name', 'lot_date']),
  ('receive', ARRAY['''cheese''', '1', '''shop''', 'NULL', '''C1''', 'NULL'],
              ARRAY['tracked_sku', 'qty', 'location', 'free_text', 'tracked_lot', 'date']),
  ('adjust', ARRAY['''mug''', '7', '''shop''', 'NULL', 'NULL'], ARRAY['sku', 'counted', 'location', 'free_text', 'lot_name']),
  ('adjust', ARRAY['''cheese''', '7', '''shop''', 'NULL', '''C1'''],
             ARRAY['tracked_sku', 'counted', 'location', 'free_text', 'tracked_lot']),
  ('upsert_item', ARRAY['''new-item''', 'NULL', '''each''', 'NULL', 'NULL'],
                  ARRAY['new_ref', 'free_text', 'unit', 'threshold', 'strategy']),
  ('upsert_location', ARRAY['''new-place''', 'NULL', '5'], ARRAY['new_ref', 'free_text', 'priority']),
  ('open_session', ARRAY['''new-week''', '''Hub''', 'now()', 'NULL'], ARRAY['new_ref', 'name', 'time', 'opt_time']),
  ('close_session', ARRAY['''week'''], ARRAY['session']),
  ('expire_holds', ARRAY['10'], ARRAY['count']);

-- Bad values by role, with the SQLSTATE each must give.
CREATE TEMP TABLE bad (role text, value text, sqlstate text);
INSERT INTO bad
SELECT r, v, s FROM unnest(ARRAY['new_ref', 'checkout', 'order', 'session', 'sku', 'location', 'name', 'unit',
                                 'lines', 'qty', 'counted', 'time', 'count', 'priority', 'flag']) r,
       (VALUES ('NULL', '22023')) AS t(v, s)
UNION ALL SELECT 'new_ref', v, '22023' FROM unnest(ARRAY['''''', 'repeat(''x'', 201)', 'repeat(''x'', 1000000)']) v
UNION ALL SELECT 'name', v, '22023' FROM unnest(ARRAY['''''', 'repeat(''x'', 201)']) v
UNION ALL SELECT 'key', v, '22023' FROM unnest(ARRAY['''''', 'repeat(''k'', 201)']) v
-- Unknown references, including text that would do harm if it were SQL.
UNION ALL SELECT r, v, s FROM (VALUES ('checkout', 'SH004'), ('order', 'SH004'),
                                      ('session', 'SH005'), ('opt_session', 'SH005'), ('sku', 'SH002'), ('location', 'SH003'),
                                      ('opt_location', 'SH003')) AS t(r, s),
       unnest(ARRAY['''never''', '''x''''); DROP TABLE stockhold.holds; --''', '''held'''' OR ''''1''''=''''1''',
                    'repeat(''x'', 1000000)']) v
UNION ALL SELECT r, v, '22023' FROM unnest(ARRAY['qty', 'counted', 'threshold']) r,
       unnest(ARRAY['-1', '''NaN''', '''Infinity''', '''-Infinity''', '1e1000', '1e-1000', '1.0000001', '1e15']) v
UNION ALL SELECT 'qty', '0', '22023'
UNION ALL SELECT 'count', v, '22023' FROM unnest(ARRAY['0', '-1']) v
UNION ALL SELECT 'ttl', v, '22023' FROM unnest(ARRAY['''0 seconds''', '''-1 hour''']) v
UNION ALL SELECT 'time', v, '22023' FROM unnest(ARRAY['''infinity''', '''-infinity''']) v
UNION ALL SELECT 'opt_time', v, '22023' FROM unnest(ARRAY['now() - interval ''1 day''', '''-infinity''']) v
-- Lots and strategies: names, dates and the item's lot tracking.
UNION ALL SELECT 'tracked_sku', v, s FROM (VALUES ('NULL', '22023'), ('''never''', 'SH002'), ('''mug''', '22023')) AS t(v, s)
UNION ALL SELECT 'tracked_lot', v, '22023' FROM unnest(ARRAY['NULL', '''''', 'repeat(''l'', 201)']) v
UNION ALL SELECT 'lot_name', v, '22023' FROM unnest(ARRAY['''''', 'repeat(''l'', 201)', '''L1''']) v
UNION ALL SELECT 'lot_date', v, '22023' FROM unnest(ARRAY['current_date', '''infinity''::date']) v
UNION ALL SELECT 'date', v, '22023' FROM unnest(ARRAY['''infinity''::date', '''-infinity''::date', 'current_date + 1']) v
UNION ALL SELECT 'strategy', v, '22023' FROM unnest(ARRAY['''''', '''lifo''', '''FIFO''', '''priority; DROP TABLE stockhold.items''']) v
-- Lines of every wrong shape and type.
UNION ALL SELECT r, quote_literal(v), s FROM unnest(ARRAY['lines', 'opt_lines']) r, (VALUES
  ('{}', '22023'), ('[]', '22023'), ('"mug"', '22023'), ('null', '22023'), ('42', '22023'), ('[1]', '22023'),
  ('[null]', '22023'), ('[[]]', '22023'), ('[{}]', '22023'), ('[{"sku": "mug"}]', '22023'), ('[{"qty": 1}]', '22023'),
  ('[{"sku": 1, "qty": 1}]', '22023'), ('[{"sku": null, "qty": 1}]', '22023'), ('[{"sku": "", "qty": 1}]', '22023'),
  ('[{"sku": "mug", "qty": " 1"}]', '22023'), ('[{"sku": "mug", "qty": "1,5"}]', '22023'),
  ('[{"sku": "mug", "qty": "one"}]', '22023'), ('[{"sku": "mug", "qty": ""}]', '22023'),
  ('[{"sku": "mug", "qty": "1."}]', '22023'), ('[{"sku": "mug", "qty": ".5"}]', '22023'),
  ('[{"sku": "mug", "qty": "0x10"}]', '22023'), ('[{"sku": "mug", "qty": "1e-7"}]', '22023'),
  ('[{"sku": "mug", "qty": "1e15"}]', '22023'), ('[{"sku": "mug", "qty": "-1"}]', '22023'),
  ('[{"sku": "mug", "qty": "NaN"}]', '22023'),
  ('[{"sku": "mug", "qty": "Infinity"}]', '22023'), ('[{"sku": "mug", "qty": null}]', '22023'),
  ('[{"sku": "mug", "qty": true}]', '22023'), ('[{"sku": "mug", "qty": 0}]', '22023'),
  ('[{"sku": "mug", "qty": -1}]', '22023'), ('[{"sku": "mug", "qty": 1e1000}]', '22023'),
  ('[{"sku": "mug", "qty": 1e-1000}]', '22023'), ('[{"sku": "mug", "qty": 0.0000001}]', '22023'),
  ('[{"sku": "mug", "qty": 1, "location": 7}]', '22023'), ('[{"sku": "mug", "qty": 1, "location": ""}]', '22023'),
  ('[{"sku": "nope", "qty": 1}]', 'SH002'), ('[{"sku": "mug", "qty": 1, "location": "mars"}]', 'SH003'),
  ('[{"sku": "x''); DROP TABLE stockhold.holds; --", "qty": 1}]', 'SH002'),
  ('[{"sku": "mug", "qty": 1, "lot": 7}]', '22023'), ('[{"sku": "mug", "qty": 1, "lot": ""}]', '22023')) AS t(v, s);

-- Every call: one function, one argument replaced by one bad value of its role.
CREATE TEMP VIEW cases AS
SELECT format('SELECT * FROM stockhold.%s(%s)', fn.name,
              array_to_string(fn.args[:i - 1] || bad.value || fn.args[i + 1:], ', ')) AS call, bad.sqlstate
  FROM fn, generate_subscripts(fn.args, 1) i, bad
 WHERE bad.role = fn.roles[i];

CREATE FUNCTION pg_temp.sqlstate_of(call text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE call;
  RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
  RETURN SQLSTATE;
END $$;

SELECT public.stockhold_digest() AS before \gset
SELECT pg_backend_pid() AS pid \gset
SELECT call, sqlstate AS documented, pg_temp.sqlstate_of(call) AS got FROM cases
 WHERE pg_temp.sqlstate_of(call) IS DISTINCT FROM sqlstate ORDER BY call;
SELECT count(*) AS calls, count(DISTINCT split_part(call, '(', 1)) AS functions FROM cases;
-- Nothing changed, and this is still the same backend (none crashed).
SELECT public.stockhold_digest() = :'before' AS unchanged, pg_backend_pid() = :pid AS same_backend;
SELECT * FROM stockhold.check_invariants();
