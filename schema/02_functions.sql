-- The API (docs/reference.md). Every function is C++ in stockhold.so, runs as
-- its owner with a pinned search_path, and is granted in 05_security.sql.

CREATE FUNCTION stockhold.hold(order_ref text, lines jsonb, checkout_ref text DEFAULT NULL,
                               session_ref text DEFAULT NULL, ttl interval DEFAULT NULL,
                               idempotency_key text DEFAULT NULL, partial boolean DEFAULT false,
                               backorder boolean DEFAULT false)
RETURNS TABLE (hold_id bigint, sku text, location text, qty numeric, expires_at timestamptz)
AS 'MODULE_PATHNAME', 'sh_hold' LANGUAGE C VOLATILE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp;

-- Every function that changes stock takes an idempotency_key last (hold
-- earlier, where it always stood): a repeat with the same arguments returns
-- the first call's result and changes nothing.
CREATE FUNCTION stockhold.confirm(checkout_ref text, idempotency_key text DEFAULT NULL)
RETURNS integer
AS 'MODULE_PATHNAME', 'sh_confirm' LANGUAGE C VOLATILE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp;

CREATE FUNCTION stockhold.extend(checkout_ref text, ttl interval, idempotency_key text DEFAULT NULL)
RETURNS integer
AS 'MODULE_PATHNAME', 'sh_extend' LANGUAGE C VOLATILE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp;

CREATE FUNCTION stockhold.release(checkout_ref text, lines jsonb DEFAULT NULL, idempotency_key text DEFAULT NULL)
RETURNS TABLE (sku text, location text, qty numeric)
AS 'MODULE_PATHNAME', 'sh_release' LANGUAGE C VOLATILE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp;

CREATE FUNCTION stockhold.cancel(order_ref text, idempotency_key text DEFAULT NULL)
RETURNS TABLE (sku text, location text, qty numeric)
AS 'MODULE_PATHNAME', 'sh_cancel' LANGUAGE C VOLATILE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp;

CREATE FUNCTION stockhold.receive(sku text, qty numeric, location text DEFAULT 'default', reason text DEFAULT NULL,
                                  lot text DEFAULT NULL, best_before date DEFAULT NULL,
                                  idempotency_key text DEFAULT NULL)
RETURNS numeric
AS 'MODULE_PATHNAME', 'sh_receive' LANGUAGE C VOLATILE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp;

CREATE FUNCTION stockhold.adjust(sku text, counted numeric, location text DEFAULT 'default', reason text DEFAULT NULL,
                                 lot text DEFAULT NULL, idempotency_key text DEFAULT NULL)
RETURNS numeric
AS 'MODULE_PATHNAME', 'sh_adjust' LANGUAGE C VOLATILE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp;

CREATE FUNCTION stockhold.upsert_item(sku text, name text DEFAULT NULL, unit text DEFAULT 'each',
                                      low_stock_threshold numeric DEFAULT NULL, strategy text DEFAULT NULL)
RETURNS bigint
AS 'MODULE_PATHNAME', 'sh_upsert_item' LANGUAGE C VOLATILE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp;

-- Splits each of the item's stock levels into `slots` rows (1 to 64; 1 = one
-- row), so that holds of a hot item do not queue on one row. Totals and
-- every rule stay as they are.
CREATE FUNCTION stockhold.set_slots(sku text, slots integer)
RETURNS integer
AS 'MODULE_PATHNAME', 'sh_set_slots' LANGUAGE C VOLATILE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp;

CREATE FUNCTION stockhold.upsert_location(code text, name text DEFAULT NULL, priority integer DEFAULT 100)
RETURNS integer
AS 'MODULE_PATHNAME', 'sh_upsert_location' LANGUAGE C VOLATILE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp;

CREATE FUNCTION stockhold.expire_holds(batch_size integer DEFAULT 1000)
RETURNS integer
AS 'MODULE_PATHNAME', 'sh_expire_holds' LANGUAGE C VOLATILE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp;

-- Forgets idempotency keys older than stockhold.idempotency_retention, at
-- most batch_size of them; call until it returns 0.
CREATE FUNCTION stockhold.forget_idempotency_keys(batch_size integer DEFAULT 1000)
RETURNS integer
AS 'MODULE_PATHNAME', 'sh_forget_idempotency_keys' LANGUAGE C VOLATILE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp;

-- Orders that drive stock: an application's table (attach), one order now
-- (resync_order). resync_order runs as its caller, unlike every other
-- function here: it reads the caller's table and calls the caller's lines
-- function with the caller's rights; its stock work runs as the owner.
CREATE FUNCTION stockhold.attach_order_status(orders regclass, ref_column name, status_column name,
                                              lines_function regprocedure, actions jsonb,
                                              on_failure text DEFAULT 'raise', skip_unknown_skus boolean DEFAULT false)
RETURNS void
AS 'MODULE_PATHNAME', 'sh_attach_order_status' LANGUAGE C VOLATILE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp;

CREATE FUNCTION stockhold.detach_order_status(orders regclass)
RETURNS void
AS 'MODULE_PATHNAME', 'sh_detach_order_status' LANGUAGE C VOLATILE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp;

CREATE FUNCTION stockhold.resync_order(orders regclass, order_ref text)
RETURNS void
AS 'MODULE_PATHNAME', 'sh_resync_order' LANGUAGE C VOLATILE
SECURITY INVOKER;

CREATE FUNCTION stockhold.check_invariants()
RETURNS TABLE (check_name text, sku text, location text, detail text)
AS 'MODULE_PATHNAME', 'sh_check_invariants' LANGUAGE C VOLATILE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp;

-- Diagnostics of the C++/PostgreSQL error bridge, for the regression suite
-- and for a DBA checking a build: superuser only (see 05_security.sql).
CREATE FUNCTION stockhold.bridge_selftest(mode text)
RETURNS integer
AS 'MODULE_PATHNAME', 'sh_bridge_selftest' LANGUAGE C VOLATILE
SET search_path = pg_catalog, pg_temp;

CREATE FUNCTION stockhold.open_session(session_ref text, trader text, opens_at timestamptz DEFAULT now(),
                                       closes_at timestamptz DEFAULT NULL)
RETURNS bigint
AS 'MODULE_PATHNAME', 'sh_open_session' LANGUAGE C VOLATILE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp;

CREATE FUNCTION stockhold.close_session(session_ref text)
RETURNS TABLE (order_ref text, sku text, qty numeric)
AS 'MODULE_PATHNAME', 'sh_close_session' LANGUAGE C VOLATILE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp;

CREATE FUNCTION stockhold.close_due_sessions()
RETURNS integer
AS 'MODULE_PATHNAME', 'sh_close_due_sessions' LANGUAGE C VOLATILE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp;

CREATE FUNCTION stockhold.fulfil(order_ref text, lines jsonb DEFAULT NULL, release_remainder boolean DEFAULT false,
                                 idempotency_key text DEFAULT NULL)
RETURNS TABLE (sku text, location text, qty numeric)
AS 'MODULE_PATHNAME', 'sh_fulfil' LANGUAGE C VOLATILE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp;

CREATE FUNCTION stockhold.return_stock(order_ref text, lines jsonb, to_location text DEFAULT NULL,
                                       idempotency_key text DEFAULT NULL)
RETURNS TABLE (sku text, location text, qty numeric)
AS 'MODULE_PATHNAME', 'sh_return_stock' LANGUAGE C VOLATILE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
