-- stockhold 1.1 -> 1.2
\echo Use "ALTER EXTENSION stockhold UPDATE TO '1.2'" to load this file. \quit

-- The row rules of levels, lots and holds move from CHECK constraints into
-- the C++ BEFORE triggers: PostgreSQL parses and plans a table's CHECK
-- expressions again in every statement that writes it, which was about a
-- tenth of a hold's cost. The rules and the rows they allow are unchanged;
-- a row breaking them is refused with the same SQLSTATE (23514).
-- stock_levels_guard and lots_guard (same function) now also refuse rows
-- outside 0 <= reserved <= on_hand, and already set available exactly.
ALTER TABLE stockhold.stock_levels DROP CONSTRAINT stock_levels_check, DROP CONSTRAINT stock_levels_check1;
ALTER TABLE stockhold.lots DROP CONSTRAINT lots_check, DROP CONSTRAINT lots_check1;

-- holds: qty > 0, and ended_at set exactly when the hold is not active.
ALTER TABLE stockhold.holds DROP CONSTRAINT holds_qty_check, DROP CONSTRAINT holds_check;

CREATE FUNCTION stockhold.holds_guard() RETURNS trigger
AS 'MODULE_PATHNAME', 'holds_guard' LANGUAGE C;
REVOKE ALL ON FUNCTION stockhold.holds_guard() FROM PUBLIC;

CREATE TRIGGER holds_guard
    BEFORE INSERT OR UPDATE ON stockhold.holds
    FOR EACH ROW EXECUTE FUNCTION stockhold.holds_guard();
