-- stockhold data tables. Constraints state the invariants PostgreSQL can check
-- itself; the rest is kept by the C++ stock-level module and its triggers.
\echo Use "CREATE EXTENSION stockhold" to load this file. \quit

-- States and movements are enums, not CHECK lists: the type itself refuses a
-- wrong value, and the executor does not re-evaluate a constraint per row.
-- Values are declared in name order, so they sort as their text would.
CREATE TYPE stockhold.order_state AS ENUM ('Cancelled', 'Complete', 'Held');
CREATE TYPE stockhold.fulfilment_state AS ENUM ('Cancelled', 'Fulfilled', 'Held', 'Unfulfilled');
CREATE TYPE stockhold.hold_status AS ENUM ('active', 'expired', 'fulfilled', 'released');
CREATE TYPE stockhold.movement AS ENUM ('adjust', 'expire', 'fulfil', 'hold', 'receive', 'release', 'return');

CREATE TABLE stockhold.items (
    id                  bigserial PRIMARY KEY,
    sku                 text NOT NULL UNIQUE CHECK (length(sku) BETWEEN 1 AND 200),
    name                text,
    unit                text NOT NULL DEFAULT 'each' CHECK (length(unit) BETWEEN 1 AND 50),
    low_stock_threshold numeric CHECK (low_stock_threshold >= 0),
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    -- last stock change that re-decided the item's alert (threshold items only)
    stock_changed_at    timestamptz,
    -- allocation strategy; NULL follows the stockhold.allocation_strategy setting
    strategy            text CHECK (strategy IN ('priority', 'fifo', 'fefo')),
    -- set by the item's first receipt of a lot: from then on all its stock is in lots
    lot_tracked         boolean NOT NULL DEFAULT false
);

CREATE TABLE stockhold.locations (
    id         serial PRIMARY KEY,
    code       text NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 200),
    name       text,
    priority   integer NOT NULL DEFAULT 100,
    created_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO stockhold.locations (code, name, priority) VALUES ('default', 'Default location', 100);

-- One row per (item, location). Only the stock-level module writes on_hand and
-- reserved (trigger stock_levels_guard refuses anyone else, SH020, keeps
-- available = on_hand - reserved and refuses rows outside 0 <= reserved <=
-- on_hand, 23514, where a CHECK would be re-parsed per statement). fillfactor
-- leaves room for HOT updates: the row of a selling item changes constantly.
CREATE TABLE stockhold.stock_levels (
    id          bigserial PRIMARY KEY,
    item_id     bigint NOT NULL REFERENCES stockhold.items,
    location_id integer NOT NULL REFERENCES stockhold.locations,
    on_hand     numeric NOT NULL DEFAULT 0,
    reserved    numeric NOT NULL DEFAULT 0,
    available   numeric NOT NULL DEFAULT 0,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    -- a copy of the item's lot_tracked, read with the level at no extra cost
    lot_tracked boolean NOT NULL DEFAULT false,
    UNIQUE (item_id, location_id)
) WITH (fillfactor = 70);

-- Lots (batches) of a lot-tracked item at one location. A level's on_hand and
-- reserved are the sums of its lots'; the stock-level module changes both in
-- the same statement, under the level's row lock. The same lot code at two
-- locations is two rows.
CREATE TABLE stockhold.lots (
    id          bigserial PRIMARY KEY,
    item_id     bigint NOT NULL,
    location_id integer NOT NULL,
    lot         text NOT NULL CHECK (length(lot) BETWEEN 1 AND 200),
    best_before date,
    received_at timestamptz NOT NULL DEFAULT now(),
    on_hand     numeric NOT NULL DEFAULT 0,
    reserved    numeric NOT NULL DEFAULT 0,
    available   numeric NOT NULL DEFAULT 0,
    UNIQUE (item_id, location_id, lot),
    FOREIGN KEY (item_id, location_id) REFERENCES stockhold.stock_levels (item_id, location_id)
) WITH (fillfactor = 70);

CREATE TABLE stockhold.sessions (
    id          bigserial PRIMARY KEY,
    session_ref text NOT NULL UNIQUE CHECK (length(session_ref) BETWEEN 1 AND 200),
    trader      text NOT NULL CHECK (length(trader) BETWEEN 1 AND 200),
    opens_at    timestamptz NOT NULL,
    closes_at   timestamptz,
    closed_at   timestamptz,
    CHECK (closes_at IS NULL OR closes_at > opens_at)
);

-- Orders carry the Data Food Consortium states.
CREATE TABLE stockhold.orders (
    id               bigserial PRIMARY KEY,
    order_ref        text NOT NULL UNIQUE,  -- 1 to 200 characters, checked by hold()
    session_id       bigint REFERENCES stockhold.sessions,
    order_state      stockhold.order_state NOT NULL DEFAULT 'Held',
    fulfilment_state stockhold.fulfilment_state NOT NULL DEFAULT 'Held',
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ON stockhold.orders (session_id) WHERE session_id IS NOT NULL;

-- A customer's checkout; it belongs to exactly one order.
CREATE TABLE stockhold.checkouts (
    id           bigserial PRIMARY KEY,
    checkout_ref text NOT NULL UNIQUE,  -- 1 to 200 characters, checked by hold()
    order_id     bigint NOT NULL REFERENCES stockhold.orders,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ON stockhold.checkouts (order_id);

-- A hold is active, then exactly one of released, expired, fulfilled.
-- renewed_by links an expired hold to the hold confirm() re-reserved for it.
CREATE TABLE stockhold.holds (
    id          bigserial PRIMARY KEY,
    order_id    bigint NOT NULL,  -- the checkout's order (checkouts reference orders)
    checkout_id bigint NOT NULL REFERENCES stockhold.checkouts,
    item_id     bigint NOT NULL,
    location_id integer NOT NULL,
    qty         numeric NOT NULL,
    status      stockhold.hold_status NOT NULL DEFAULT 'active',
    expires_at  timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now(),
    ended_at    timestamptz,
    end_reason  text,
    -- the hold confirm() made in place of this expired one; no self-referencing
    -- FK, so that pg_dump can order the table's data without a warning
    renewed_by  bigint,
    lot_id      bigint,  -- the lot held, for lot-tracked items (checked by check_invariants)
    -- qty > 0, and ended_at set exactly when not active: trigger holds_guard
    -- (a CHECK constraint is parsed again by every statement that writes).
    -- A hold is of a stock level (which references its item and location).
    -- One key check on the level row the hold already locks, instead of key
    -- share locks on the item and on a location row every hold shares.
    FOREIGN KEY (item_id, location_id) REFERENCES stockhold.stock_levels (item_id, location_id)
);
CREATE INDEX holds_checkout_idx ON stockhold.holds (checkout_id);
CREATE INDEX holds_order_active_idx ON stockhold.holds (order_id) WHERE status = 'active';
CREATE INDEX holds_level_active_idx ON stockhold.holds (item_id, location_id) WHERE status = 'active';
CREATE INDEX holds_expiry_idx ON stockhold.holds (expires_at) WHERE status = 'active' AND expires_at IS NOT NULL;

-- Append-only record of every stock movement. on_hand_delta and
-- reserved_delta are what the movement did to the level; actor is the role
-- that called stockhold (not the functions' owner).
CREATE TABLE stockhold.ledger (
    id             bigserial PRIMARY KEY,
    at             timestamptz NOT NULL DEFAULT now(),
    movement       stockhold.movement NOT NULL,
    item_id        bigint NOT NULL,
    location_id    integer NOT NULL,
    qty            numeric NOT NULL,
    on_hand_delta  numeric NOT NULL DEFAULT 0,
    reserved_delta numeric NOT NULL DEFAULT 0,
    order_id       bigint,
    hold_id        bigint,
    reason         text,
    actor          name NOT NULL,
    lot_id         bigint
);
CREATE INDEX ON stockhold.ledger (item_id, location_id);
CREATE INDEX ON stockhold.ledger (order_id) WHERE order_id IS NOT NULL;
-- return_stock() sums what was already returned of each shipped hold.
CREATE INDEX ledger_returns_idx ON stockhold.ledger (hold_id) WHERE movement = 'return';

-- Low-stock alerts: open while cleared_at is NULL, at most one open per item.
CREATE TABLE stockhold.alerts (
    id                  bigserial PRIMARY KEY,
    item_id             bigint NOT NULL REFERENCES stockhold.items,
    available           numeric NOT NULL,
    low_stock_threshold numeric NOT NULL,
    raised_at           timestamptz NOT NULL DEFAULT now(),
    cleared_at          timestamptz
);
CREATE UNIQUE INDEX alerts_open_idx ON stockhold.alerts (item_id) WHERE cleared_at IS NULL;

-- hold() calls made with an idempotency key: the arguments' fingerprint and
-- the rows the first call returned, replayed on a repeat.
CREATE TABLE stockhold.idempotency_keys (
    key         text PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 200),
    fingerprint text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE stockhold.idempotency_rows (
    key        text NOT NULL REFERENCES stockhold.idempotency_keys ON DELETE CASCADE,
    ord        integer NOT NULL,
    hold_id    bigint,
    sku        text NOT NULL,
    location   text,
    qty        numeric NOT NULL,
    expires_at timestamptz,
    PRIMARY KEY (key, ord)
);

-- What close_session() consolidated, so closing again returns the same rows.
CREATE TABLE stockhold.session_totals (
    session_id bigint NOT NULL REFERENCES stockhold.sessions,
    order_id   bigint NOT NULL REFERENCES stockhold.orders,
    item_id    bigint NOT NULL REFERENCES stockhold.items,
    qty        numeric NOT NULL,
    PRIMARY KEY (session_id, order_id, item_id)
);
-- The API (SPEC section 3). Every function is C++ in stockhold.so, runs as
-- its owner with a pinned search_path, and is granted in 05_security.sql.

CREATE FUNCTION stockhold.hold(order_ref text, lines jsonb, checkout_ref text DEFAULT NULL,
                               session_ref text DEFAULT NULL, ttl interval DEFAULT NULL,
                               idempotency_key text DEFAULT NULL, partial boolean DEFAULT false)
RETURNS TABLE (hold_id bigint, sku text, location text, qty numeric, expires_at timestamptz)
AS 'MODULE_PATHNAME', 'sh_hold' LANGUAGE C VOLATILE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp;

CREATE FUNCTION stockhold.confirm(checkout_ref text)
RETURNS integer
AS 'MODULE_PATHNAME', 'sh_confirm' LANGUAGE C VOLATILE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp;

CREATE FUNCTION stockhold.release(checkout_ref text, lines jsonb DEFAULT NULL)
RETURNS TABLE (sku text, location text, qty numeric)
AS 'MODULE_PATHNAME', 'sh_release' LANGUAGE C VOLATILE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp;

CREATE FUNCTION stockhold.cancel(order_ref text)
RETURNS TABLE (sku text, location text, qty numeric)
AS 'MODULE_PATHNAME', 'sh_cancel' LANGUAGE C VOLATILE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp;

CREATE FUNCTION stockhold.receive(sku text, qty numeric, location text DEFAULT 'default', reason text DEFAULT NULL,
                                  lot text DEFAULT NULL, best_before date DEFAULT NULL)
RETURNS numeric
AS 'MODULE_PATHNAME', 'sh_receive' LANGUAGE C VOLATILE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp;

CREATE FUNCTION stockhold.adjust(sku text, counted numeric, location text DEFAULT 'default', reason text DEFAULT NULL,
                                 lot text DEFAULT NULL)
RETURNS numeric
AS 'MODULE_PATHNAME', 'sh_adjust' LANGUAGE C VOLATILE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp;

CREATE FUNCTION stockhold.upsert_item(sku text, name text DEFAULT NULL, unit text DEFAULT 'each',
                                      low_stock_threshold numeric DEFAULT NULL, strategy text DEFAULT NULL)
RETURNS bigint
AS 'MODULE_PATHNAME', 'sh_upsert_item' LANGUAGE C VOLATILE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp;

CREATE FUNCTION stockhold.upsert_location(code text, name text DEFAULT NULL, priority integer DEFAULT 100)
RETURNS integer
AS 'MODULE_PATHNAME', 'sh_upsert_location' LANGUAGE C VOLATILE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp;

CREATE FUNCTION stockhold.expire_holds(batch_size integer DEFAULT 1000)
RETURNS integer
AS 'MODULE_PATHNAME', 'sh_expire_holds' LANGUAGE C VOLATILE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp;

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

CREATE FUNCTION stockhold.fulfil(order_ref text, lines jsonb DEFAULT NULL, release_remainder boolean DEFAULT false)
RETURNS TABLE (sku text, location text, qty numeric)
AS 'MODULE_PATHNAME', 'sh_fulfil' LANGUAGE C VOLATILE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp;

CREATE FUNCTION stockhold.return_stock(order_ref text, lines jsonb, to_location text DEFAULT NULL)
RETURNS TABLE (sku text, location text, qty numeric)
AS 'MODULE_PATHNAME', 'sh_return_stock' LANGUAGE C VOLATILE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
-- stock_levels triggers (C++, src/triggers.cpp). The guard runs first and
-- also fixes available; the alert trigger runs after the row is written.
CREATE FUNCTION stockhold.stock_levels_guard() RETURNS trigger
AS 'MODULE_PATHNAME', 'stock_levels_guard' LANGUAGE C;

CREATE FUNCTION stockhold.stock_levels_alert() RETURNS trigger
AS 'MODULE_PATHNAME', 'stock_levels_alert' LANGUAGE C;

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
AS 'MODULE_PATHNAME', 'holds_guard' LANGUAGE C;

CREATE TRIGGER holds_guard
    BEFORE INSERT OR UPDATE ON stockhold.holds
    FOR EACH ROW EXECUTE FUNCTION stockhold.holds_guard();

CREATE FUNCTION stockhold.ledger_append_only() RETURNS trigger
AS 'MODULE_PATHNAME', 'ledger_append_only' LANGUAGE C;

CREATE TRIGGER ledger_append_only
    BEFORE UPDATE OR DELETE ON stockhold.ledger
    FOR EACH ROW EXECUTE FUNCTION stockhold.ledger_append_only();

CREATE TRIGGER ledger_no_truncate
    BEFORE TRUNCATE ON stockhold.ledger
    FOR EACH STATEMENT EXECUTE FUNCTION stockhold.ledger_append_only();

-- pg_restore's copy of the install-time 'default' location updates the row
-- CREATE EXTENSION made (see schema/06_dump.sql).
CREATE FUNCTION stockhold.locations_restore_default() RETURNS trigger
AS 'MODULE_PATHNAME', 'locations_restore_default' LANGUAGE C;

CREATE TRIGGER locations_restore_default
    BEFORE INSERT ON stockhold.locations
    FOR EACH ROW EXECUTE FUNCTION stockhold.locations_restore_default();
-- Read-only views for applications (granted to stockhold_app).

CREATE VIEW stockhold.availability AS
SELECT i.sku, l.code AS location, sl.on_hand, sl.reserved, sl.available
  FROM stockhold.stock_levels sl
  JOIN stockhold.items i ON i.id = sl.item_id
  JOIN stockhold.locations l ON l.id = sl.location_id;

CREATE VIEW stockhold.item_availability AS
SELECT i.sku, i.unit,
       coalesce(sum(sl.on_hand), 0)   AS on_hand,
       coalesce(sum(sl.reserved), 0)  AS reserved,
       coalesce(sum(sl.available), 0) AS available,
       i.low_stock_threshold
  FROM stockhold.items i
  LEFT JOIN stockhold.stock_levels sl ON sl.item_id = i.id
 GROUP BY i.id;

CREATE VIEW stockhold.low_stock AS
SELECT i.sku,
       coalesce((SELECT sum(sl.available) FROM stockhold.stock_levels sl WHERE sl.item_id = i.id), 0) AS available,
       i.low_stock_threshold, a.raised_at
  FROM stockhold.alerts a
  JOIN stockhold.items i ON i.id = a.item_id
 WHERE a.cleared_at IS NULL;

CREATE VIEW stockhold.order_lines AS
SELECT o.order_ref, o.order_state::text AS order_state, o.fulfilment_state::text AS fulfilment_state,
       s.session_ref, c.checkout_ref, i.sku, l.code AS location, h.status::text AS status, h.qty, h.expires_at,
       lt.lot
  FROM stockhold.holds h
  JOIN stockhold.orders o ON o.id = h.order_id
  JOIN stockhold.checkouts c ON c.id = h.checkout_id
  JOIN stockhold.items i ON i.id = h.item_id
  JOIN stockhold.locations l ON l.id = h.location_id
  LEFT JOIN stockhold.sessions s ON s.id = o.session_id
  LEFT JOIN stockhold.lots lt ON lt.id = h.lot_id;

-- Stock per lot. An expired lot (best_before before today) is never
-- allocated; it stays on hand until written off with adjust().
CREATE VIEW stockhold.lot_availability AS
SELECT i.sku, l.code AS location, lt.lot, lt.best_before, lt.received_at,
       lt.on_hand, lt.reserved, lt.available, coalesce(lt.best_before < current_date, false) AS expired
  FROM stockhold.lots lt
  JOIN stockhold.items i ON i.id = lt.item_id
  JOIN stockhold.locations l ON l.id = lt.location_id;

-- Lots with stock that are past their best-before date or reach it within
-- seven days, soonest first: what to sell first or write off.
CREATE VIEW stockhold.expiring_lots AS
SELECT i.sku, l.code AS location, lt.lot, lt.best_before, lt.best_before - current_date AS days_left,
       lt.on_hand, lt.reserved, lt.best_before < current_date AS expired
  FROM stockhold.lots lt
  JOIN stockhold.items i ON i.id = lt.item_id
  JOIN stockhold.locations l ON l.id = lt.location_id
 WHERE lt.on_hand > 0 AND lt.best_before <= current_date + 7
 ORDER BY lt.best_before, i.sku, l.code, lt.lot;
-- Roles (SPEC section 7). Roles are cluster-wide, so they are created only
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
    stockhold.hold(text, jsonb, text, text, interval, text, boolean),
    stockhold.confirm(text),
    stockhold.release(text, jsonb),
    stockhold.fulfil(text, jsonb, boolean),
    stockhold.cancel(text),
    stockhold.return_stock(text, jsonb, text)
    TO stockhold_app, stockhold_admin;
GRANT SELECT ON stockhold.availability, stockhold.item_availability, stockhold.low_stock, stockhold.order_lines,
                stockhold.lot_availability, stockhold.expiring_lots
    TO stockhold_app, stockhold_admin;

GRANT EXECUTE ON FUNCTION
    stockhold.receive(text, numeric, text, text, text, date),
    stockhold.adjust(text, numeric, text, text, text),
    stockhold.upsert_item(text, text, text, numeric, text),
    stockhold.upsert_location(text, text, integer),
    stockhold.open_session(text, text, timestamptz, timestamptz),
    stockhold.close_session(text),
    stockhold.expire_holds(integer),
    stockhold.close_due_sessions(),
    stockhold.check_invariants()
    TO stockhold_admin;
GRANT SELECT ON ALL TABLES IN SCHEMA stockhold TO stockhold_admin;
-- Data tables and their sequences are the user's data: pg_dump keeps them.
-- Every location is dumped, 'default' too: CREATE EXTENSION makes it again on
-- restore, and trigger locations_restore_default merges the dumped row into it.
SELECT pg_catalog.pg_extension_config_dump('stockhold.items', '');
SELECT pg_catalog.pg_extension_config_dump('stockhold.locations', '');
SELECT pg_catalog.pg_extension_config_dump('stockhold.stock_levels', '');
SELECT pg_catalog.pg_extension_config_dump('stockhold.lots', '');
SELECT pg_catalog.pg_extension_config_dump('stockhold.sessions', '');
SELECT pg_catalog.pg_extension_config_dump('stockhold.orders', '');
SELECT pg_catalog.pg_extension_config_dump('stockhold.checkouts', '');
SELECT pg_catalog.pg_extension_config_dump('stockhold.holds', '');
SELECT pg_catalog.pg_extension_config_dump('stockhold.ledger', '');
SELECT pg_catalog.pg_extension_config_dump('stockhold.alerts', '');
SELECT pg_catalog.pg_extension_config_dump('stockhold.idempotency_keys', '');
SELECT pg_catalog.pg_extension_config_dump('stockhold.idempotency_rows', '');
SELECT pg_catalog.pg_extension_config_dump('stockhold.session_totals', '');
SELECT pg_catalog.pg_extension_config_dump('stockhold.items_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('stockhold.locations_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('stockhold.stock_levels_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('stockhold.lots_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('stockhold.sessions_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('stockhold.orders_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('stockhold.checkouts_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('stockhold.holds_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('stockhold.ledger_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('stockhold.alerts_id_seq', '');
