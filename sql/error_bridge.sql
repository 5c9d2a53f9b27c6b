-- The C++/PostgreSQL error bridge: every path reaches the client with its
-- SQLSTATE, the session keeps working, and PL/pgSQL can catch it.
SET client_min_messages = warning;
DROP EXTENSION IF EXISTS stockhold CASCADE;
CREATE EXTENSION stockhold;
RESET client_min_messages;
\set SHOW_CONTEXT never

SELECT stockhold.bridge_selftest('unwound') AS unwound_before \gset
-- A refusal thrown as a C++ StockError: SQLSTATE, message, DETAIL and HINT survive.
SELECT stockhold.bridge_selftest('stock');
\echo :LAST_ERROR_SQLSTATE
-- A PostgreSQL ERROR raised inside C++ (division by zero) comes out unchanged.
SELECT stockhold.bridge_selftest('pg');
\echo :LAST_ERROR_SQLSTATE
-- Any other C++ exception is an internal error, bad_alloc is out of memory.
SELECT stockhold.bridge_selftest('cxx');
\echo :LAST_ERROR_SQLSTATE
SELECT stockhold.bridge_selftest('oom');
\echo :LAST_ERROR_SQLSTATE
-- Each failing call unwound its C++ frame: the witness destructor ran 4 times.
SELECT stockhold.bridge_selftest('unwound') - :unwound_before AS destructors_run;
-- The session keeps working.
SELECT 1 AS still_working;

-- A C++ exception thrown inside PG_TRY (forbidden by the rules) would leave
-- PostgreSQL's error handler pointing into a frame that is gone: the
-- boundary restores it and warns. The next ERROR, raised through that
-- handler, then reaches the client as usual instead of crashing the backend.
SELECT stockhold.bridge_selftest('escape');
\echo :LAST_ERROR_SQLSTATE
SELECT stockhold.bridge_selftest('pg');
\echo :LAST_ERROR_SQLSTATE
SELECT 1 / 0 AS plain_error;
SELECT 1 AS still_working;

-- PL/pgSQL catches stockhold's SQLSTATEs like any other.
DO $$
BEGIN
    PERFORM stockhold.bridge_selftest('stock');
EXCEPTION WHEN SQLSTATE 'SH001' THEN
    RAISE NOTICE 'caught % (%)', SQLSTATE, SQLERRM;
END $$;
DO $$
BEGIN
    PERFORM stockhold.bridge_selftest('pg');
EXCEPTION WHEN division_by_zero THEN
    RAISE NOTICE 'caught %', SQLSTATE;
END $$;

-- A real refusal caught inside a transaction that goes on and commits.
SELECT stockhold.upsert_item('apples');
BEGIN;
SELECT stockhold.receive('apples', 5);
DO $$
BEGIN
    PERFORM * FROM stockhold.hold('o1', '[{"sku": "pears", "qty": 1}]');
EXCEPTION WHEN SQLSTATE 'SH002' THEN
    RAISE NOTICE 'caught %: %', SQLSTATE, SQLERRM;
END $$;
SELECT hold_id, sku, qty FROM stockhold.hold('o1', '[{"sku": "apples", "qty": 2}]');
COMMIT;
SELECT sku, on_hand, reserved, available FROM stockhold.availability;
SELECT * FROM stockhold.check_invariants();

-- Only superusers may run the selftest.
CREATE ROLE stockhold_bridge_nobody;
SET ROLE stockhold_bridge_nobody;
SELECT stockhold.bridge_selftest('stock');
\echo :LAST_ERROR_SQLSTATE
RESET ROLE;
DROP ROLE stockhold_bridge_nobody;
