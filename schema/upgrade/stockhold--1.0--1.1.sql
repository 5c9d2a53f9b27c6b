-- stockhold 1.0 -> 1.1
\echo Use "ALTER EXTENSION stockhold UPDATE TO '1.1'" to load this file. \quit

-- return_stock() sums what was already returned of each shipped hold; 1.0
-- scanned the whole ledger for it.
CREATE INDEX ledger_returns_idx ON stockhold.ledger (hold_id) WHERE movement = 'return';

-- pg_dump warned of a circular foreign key on holds (renewed_by referenced
-- holds itself) on every dump.
ALTER TABLE stockhold.holds DROP CONSTRAINT holds_renewed_by_fkey;

-- The 'default' location was left out of dumps, so a changed name or
-- priority was lost on restore. Now it is dumped and merged on restore.
CREATE FUNCTION stockhold.locations_restore_default() RETURNS trigger
AS 'MODULE_PATHNAME', 'locations_restore_default' LANGUAGE C;
REVOKE ALL ON FUNCTION stockhold.locations_restore_default() FROM PUBLIC;

CREATE TRIGGER locations_restore_default
    BEFORE INSERT ON stockhold.locations
    FOR EACH ROW EXECUTE FUNCTION stockhold.locations_restore_default();

SELECT pg_catalog.pg_extension_config_dump('stockhold.locations', '');
