-- The extension installs into schema stockhold, is not relocatable, and
-- creates the default location and both roles.
SET client_min_messages = warning;
DROP EXTENSION IF EXISTS stockhold CASCADE;
CREATE EXTENSION stockhold;
RESET client_min_messages;
SELECT extname, extrelocatable, extnamespace::regnamespace FROM pg_extension WHERE extname = 'stockhold';
SELECT code, priority FROM stockhold.locations;
SELECT rolname, rolcanlogin FROM pg_roles WHERE rolname LIKE 'stockhold\_%' ORDER BY 1;
-- Every function runs as its owner with a pinned search_path.
SELECT p.proname, p.prosecdef, p.proconfig
  FROM pg_proc p WHERE p.pronamespace = 'stockhold'::regnamespace AND p.prorettype <> 'trigger'::regtype
 ORDER BY 1;
-- Nothing for PUBLIC.
SELECT count(*) AS public_grants FROM information_schema.role_routine_grants
 WHERE routine_schema = 'stockhold' AND grantee = 'PUBLIC';
-- Shared by the tests that follow: a digest of every stockhold data table,
-- taken before and after a refused call to show that it changed nothing.
-- It lives in public so that each test can recreate the extension.
CREATE FUNCTION public.stockhold_digest() RETURNS text LANGUAGE sql AS $$
  SELECT md5(concat_ws('|',
    (SELECT string_agg(t::text, ',' ORDER BY t::text) FROM stockhold.items t),
    (SELECT string_agg(t::text, ',' ORDER BY t::text) FROM stockhold.locations t),
    (SELECT string_agg(t::text, ',' ORDER BY t::text) FROM stockhold.stock_levels t),
    (SELECT string_agg(t::text, ',' ORDER BY t::text) FROM stockhold.lots t),
    (SELECT string_agg(t::text, ',' ORDER BY t::text) FROM stockhold.sessions t),
    (SELECT string_agg(t::text, ',' ORDER BY t::text) FROM stockhold.orders t),
    (SELECT string_agg(t::text, ',' ORDER BY t::text) FROM stockhold.checkouts t),
    (SELECT string_agg(t::text, ',' ORDER BY t::text) FROM stockhold.holds t),
    (SELECT string_agg(t::text, ',' ORDER BY t::text) FROM stockhold.ledger t),
    (SELECT string_agg(t::text, ',' ORDER BY t::text) FROM stockhold.alerts t),
    (SELECT string_agg(t::text, ',' ORDER BY t::text) FROM stockhold.idempotency_keys t),
    (SELECT string_agg(t::text, ',' ORDER BY t::text) FROM stockhold.idempotency_rows t),
    (SELECT string_agg(t::text, ',' ORDER BY t::text) FROM stockhold.session_totals t),
    (SELECT string_agg(t::text, ',' ORDER BY t::text) FROM stockhold.order_status_sources t),
    (SELECT string_agg(t::text, ',' ORDER BY t::text) FROM stockhold.order_sync_failure_log t)))
$$;
