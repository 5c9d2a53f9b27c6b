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
