-- A request may have up to 10,000 lines (max_lines); more is 22023 before
-- any work. The largest request completes, and can be cancelled: every loop
-- over lines checks for interrupts, and none compares each line with every
-- other (merging sorts, allocation and apportioning use indexes).
SET client_min_messages = warning;
DROP EXTENSION IF EXISTS stockhold CASCADE;
CREATE EXTENSION stockhold;
RESET client_min_messages;
SELECT count(stockhold.upsert_item('bulk-' || i)) AS items,
       count(stockhold.receive('bulk-' || i, 2)) AS received
  FROM generate_series(1, 10000) i;
CREATE TEMP TABLE big AS
  SELECT jsonb_agg(jsonb_build_object('sku', 'bulk-' || i, 'qty', 1)) AS lines FROM generate_series(1, 10000) i;
CREATE TEMP TABLE too_big AS
  SELECT jsonb_agg(jsonb_build_object('sku', 'bulk-' || (i % 10000 + 1), 'qty', 1)) AS lines FROM generate_series(1, 10001) i;

-- 10,001 lines: refused before anything is looked up.
SELECT public.stockhold_digest() AS before \gset
SELECT count(*) FROM stockhold.hold('too-big', (SELECT lines FROM too_big));
\echo :LAST_ERROR_SQLSTATE
SELECT count(*) FROM stockhold.release('too-big', (SELECT lines FROM too_big));
\echo :LAST_ERROR_SQLSTATE
SELECT count(*) FROM stockhold.fulfil('too-big', (SELECT lines FROM too_big));
\echo :LAST_ERROR_SQLSTATE
SELECT count(*) FROM stockhold.return_stock('too-big', (SELECT lines FROM too_big));
\echo :LAST_ERROR_SQLSTATE

-- 10,000 lines cancelled by a statement timeout: 57014, nothing changed.
-- (Terse: where the cancel lands, and so the CONTEXT, depends on the machine.)
SET statement_timeout = '50ms';
\set VERBOSITY terse
SELECT count(*) FROM stockhold.hold('big', (SELECT lines FROM big));
\echo :LAST_ERROR_SQLSTATE
\set VERBOSITY default
RESET statement_timeout;
SELECT public.stockhold_digest() = :'before' AS unchanged;

-- 10,000 lines of one sku (merged into one), and 10,000 distinct skus.
SELECT sku, qty FROM stockhold.hold('one-sku',
  (SELECT jsonb_agg(jsonb_build_object('sku', 'bulk-1', 'qty', 0.0001)) FROM generate_series(1, 10000)));
SELECT count(*), sum(qty) FROM stockhold.hold('big', (SELECT lines FROM big));
SELECT count(*), sum(qty) FROM stockhold.fulfil('big', (SELECT lines FROM big));
SELECT count(*), sum(qty) FROM stockhold.return_stock('big', (SELECT lines FROM big));
SELECT count(*) FROM stockhold.hold('big-2', (SELECT lines FROM big));
SELECT count(*), sum(qty) FROM stockhold.release('big-2', (SELECT lines FROM big));
SELECT count(*) FROM stockhold.check_invariants();
