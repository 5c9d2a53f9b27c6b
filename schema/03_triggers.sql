-- stock_levels triggers (C++, src/triggers.cpp). The guard runs first and
-- also fixes available; the alert trigger runs after the row is written.
CREATE FUNCTION stockhold.stock_levels_guard() RETURNS trigger
AS 'MODULE_PATHNAME', 'stock_levels_guard' LANGUAGE C;

CREATE FUNCTION stockhold.stock_levels_alert() RETURNS trigger
AS 'MODULE_PATHNAME', 'stock_levels_alert' LANGUAGE C;

CREATE TRIGGER stock_levels_guard
    BEFORE INSERT OR UPDATE OR DELETE ON stockhold.stock_levels
    FOR EACH ROW EXECUTE FUNCTION stockhold.stock_levels_guard();

CREATE TRIGGER stock_levels_alert
    AFTER INSERT OR UPDATE OF on_hand, reserved ON stockhold.stock_levels
    FOR EACH ROW EXECUTE FUNCTION stockhold.stock_levels_alert();
