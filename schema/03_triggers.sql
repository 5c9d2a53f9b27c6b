-- stock_levels triggers (C++, src/triggers/). The guard runs first and
-- also fixes available; the alert trigger runs after the row is written.
CREATE FUNCTION stockhold.stock_levels_guard() RETURNS trigger
AS 'MODULE_PATHNAME', 'sh_stock_levels_guard' LANGUAGE C;

CREATE FUNCTION stockhold.stock_levels_alert() RETURNS trigger
AS 'MODULE_PATHNAME', 'sh_stock_levels_alert' LANGUAGE C;

CREATE TRIGGER stock_levels_guard
    BEFORE INSERT OR UPDATE OR DELETE ON stockhold.stock_levels
    FOR EACH ROW EXECUTE FUNCTION stockhold.stock_levels_guard();

-- Lots keep the same rules with the same function: their on_hand and
-- reserved change only through the stock-level module; available is exact.
CREATE TRIGGER lots_guard
    BEFORE INSERT OR UPDATE OR DELETE ON stockhold.lots
    FOR EACH ROW EXECUTE FUNCTION stockhold.stock_levels_guard();

CREATE TRIGGER stock_levels_alert
    AFTER INSERT OR UPDATE OF on_hand, reserved ON stockhold.stock_levels
    FOR EACH ROW EXECUTE FUNCTION stockhold.stock_levels_alert();

CREATE FUNCTION stockhold.holds_guard() RETURNS trigger
AS 'MODULE_PATHNAME', 'sh_holds_guard' LANGUAGE C;

CREATE TRIGGER holds_guard
    BEFORE INSERT OR UPDATE OR DELETE ON stockhold.holds
    FOR EACH ROW EXECUTE FUNCTION stockhold.holds_guard();

CREATE FUNCTION stockhold.ledger_append_only() RETURNS trigger
AS 'MODULE_PATHNAME', 'sh_ledger_append_only' LANGUAGE C;

CREATE TRIGGER ledger_append_only
    BEFORE UPDATE OR DELETE ON stockhold.ledger
    FOR EACH ROW EXECUTE FUNCTION stockhold.ledger_append_only();

CREATE TRIGGER ledger_no_truncate
    BEFORE TRUNCATE ON stockhold.ledger
    FOR EACH STATEMENT EXECUTE FUNCTION stockhold.ledger_append_only();

-- pg_restore's copy of the install-time 'default' location updates the row
-- CREATE EXTENSION made (see schema/06_dump.sql).
CREATE FUNCTION stockhold.locations_restore_default() RETURNS trigger
AS 'MODULE_PATHNAME', 'sh_locations_restore_default' LANGUAGE C;

CREATE TRIGGER locations_restore_default
    BEFORE INSERT ON stockhold.locations
    FOR EACH ROW EXECUTE FUNCTION stockhold.locations_restore_default();

-- The trigger attach_order_status() puts on an application's table. It runs
-- as the role that changed the row (see functions/order_sync.hpp).
CREATE FUNCTION stockhold.order_status_changed() RETURNS trigger
AS 'MODULE_PATHNAME', 'sh_order_status_changed' LANGUAGE C;
