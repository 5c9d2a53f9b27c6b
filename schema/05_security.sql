-- Roles (docs/reference.md#roles-and-security). Roles are cluster-wide, so they are created only
-- if missing and survive DROP EXTENSION.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'stockhold_app') THEN
        CREATE ROLE stockhold_app NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'stockhold_admin') THEN
        CREATE ROLE stockhold_admin NOLOGIN;
    END IF;
END
$$;

REVOKE ALL ON ALL FUNCTIONS IN SCHEMA stockhold FROM PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA stockhold FROM PUBLIC;
REVOKE ALL ON SCHEMA stockhold FROM PUBLIC;

GRANT USAGE ON SCHEMA stockhold TO stockhold_app, stockhold_admin;

GRANT EXECUTE ON FUNCTION
    stockhold.hold(text, jsonb, text, text, interval, text, boolean, boolean),
    stockhold.confirm(text, text),
    stockhold.extend(text, interval, text),
    stockhold.release(text, jsonb, text),
    stockhold.fulfil(text, jsonb, boolean, text),
    stockhold.cancel(text, text),
    stockhold.return_stock(text, jsonb, text, text),
    stockhold.resync_order(regclass, text)
    TO stockhold_app, stockhold_admin;
GRANT SELECT ON stockhold.availability, stockhold.item_availability, stockhold.low_stock, stockhold.order_lines,
                stockhold.lot_availability, stockhold.expiring_lots, stockhold.order_sync_failures, stockhold.backorders
    TO stockhold_app, stockhold_admin;

GRANT EXECUTE ON FUNCTION
    stockhold.receive(text, numeric, text, text, text, date, text),
    stockhold.adjust(text, numeric, text, text, text, text),
    stockhold.upsert_item(text, text, text, numeric, text),
    stockhold.set_slots(text, integer),
    stockhold.attach_order_status(regclass, name, name, regprocedure, jsonb, text, boolean),
    stockhold.detach_order_status(regclass),
    stockhold.upsert_location(text, text, integer),
    stockhold.open_session(text, text, timestamptz, timestamptz),
    stockhold.close_session(text),
    stockhold.expire_holds(integer),
    stockhold.forget_idempotency_keys(integer),
    stockhold.close_due_sessions(),
    stockhold.check_invariants()
    TO stockhold_admin;
GRANT SELECT ON ALL TABLES IN SCHEMA stockhold TO stockhold_admin;
