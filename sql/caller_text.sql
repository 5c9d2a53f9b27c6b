-- Text the caller gives is measured in characters, not bytes, and messages
-- quote it without cutting a character in half: "1 to 200 characters"
-- admits 200 two-byte characters, and an error quoting a long name stays
-- valid in any client encoding (else the client gets 22021 instead of the
-- refusal's SQLSTATE).
SET client_min_messages = warning;
DROP EXTENSION IF EXISTS stockhold CASCADE;
CREATE EXTENSION stockhold;
RESET client_min_messages;

-- Every name limit counts characters: 200 'é' (400 bytes) are accepted ...
SELECT stockhold.upsert_item(repeat('é', 200)) > 0 AS sku_200;
SELECT stockhold.upsert_item(repeat('é', 101), 'Crème', unit => repeat('ü', 50)) > 0 AS sku_101_unit_50;
SELECT stockhold.upsert_location(repeat('ö', 200)) > 0 AS code_200;
SELECT stockhold.open_session(repeat('ß', 200), repeat('ç', 200)) > 0 AS session_and_trader_200;
SELECT stockhold.receive(repeat('é', 101), 10, repeat('ö', 200), lot => repeat('ł', 200)) AS lot_200;
SELECT qty, length(sku) AS sku_chars
  FROM stockhold.hold(repeat('é', 200), jsonb_build_array(jsonb_build_object('sku', repeat('é', 101), 'qty', 1)),
                      checkout_ref => repeat('ç', 200), session_ref => repeat('ß', 200),
                      idempotency_key => repeat('ķ', 200));
SELECT length(order_ref), length(checkout_ref), length(lot) FROM stockhold.order_lines;

-- ... and 201 are 22023, changing nothing.
SELECT public.stockhold_digest() AS before \gset
SELECT stockhold.upsert_item(repeat('é', 201));
\echo :LAST_ERROR_SQLSTATE
SELECT stockhold.upsert_item('x', unit => repeat('ü', 51));
\echo :LAST_ERROR_SQLSTATE
SELECT stockhold.upsert_location(repeat('ö', 201));
\echo :LAST_ERROR_SQLSTATE
SELECT stockhold.open_session(repeat('ß', 201), 'Hub');
\echo :LAST_ERROR_SQLSTATE
SELECT stockhold.open_session('hub', repeat('ç', 201));
\echo :LAST_ERROR_SQLSTATE
SELECT stockhold.receive(repeat('é', 101), 1, repeat('ö', 200), lot => repeat('ł', 201));
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM stockhold.hold(repeat('é', 201), jsonb_build_array(jsonb_build_object('sku', repeat('é', 101), 'qty', 1)));
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM stockhold.hold('o', jsonb_build_array(jsonb_build_object('sku', repeat('é', 101), 'qty', 1)),
                             checkout_ref => repeat('ç', 201));
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM stockhold.hold('o', jsonb_build_array(jsonb_build_object('sku', repeat('é', 101), 'qty', 1)),
                             idempotency_key => repeat('ķ', 201));
\echo :LAST_ERROR_SQLSTATE
SELECT public.stockhold_digest() = :'before' AS unchanged;

-- A quoted name is cut after 80 characters, never inside one: 79 'a' and
-- two 'é' show as 79 'a', one 'é' and "...".
SELECT stockhold.receive(repeat('a', 79) || 'éé', 1);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM stockhold.cancel(repeat('a', 79) || 'éé');
\echo :LAST_ERROR_SQLSTATE

-- A client in LATIN1 gets the refusal's own SQLSTATE: the message converts.
-- (chr(233) is 'é' whatever encoding psql sends this file in.)
SET client_encoding = 'LATIN1';
\set VERBOSITY sqlstate
SELECT stockhold.receive(repeat('a', 79) || repeat(chr(233), 2), 1);
SELECT * FROM stockhold.cancel(repeat('a', 79) || repeat(chr(233), 2));
-- A DETAIL longer than the error buffer (4096 bytes) is cut at a character
-- too: SH001 lists every short line, each "sku " and 80 of its sku's 95 'é'
-- (194 bytes a line), so the buffer ends inside the 22nd line's ninth 'é'.
SELECT count(*) FROM (SELECT stockhold.upsert_item(repeat(chr(233), 95) || i) FROM generate_series(1, 30) i) s;
SELECT * FROM stockhold.hold('o', (SELECT jsonb_agg(jsonb_build_object('sku', repeat(chr(233), 95) || i, 'qty', 1))
                                     FROM generate_series(1, 30) i));
\set VERBOSITY default
RESET client_encoding;
