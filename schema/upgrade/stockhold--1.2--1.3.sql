-- stockhold 1.2 -> 1.3
\echo Use "ALTER EXTENSION stockhold UPDATE TO '1.3'" to load this file. \quit

-- The trigger functions' C symbols take the sh_ prefix of every other
-- function (the library still exports the old names, which the scripts of
-- 1.0 to 1.2 name).
CREATE OR REPLACE FUNCTION stockhold.stock_levels_guard() RETURNS trigger
AS 'MODULE_PATHNAME', 'sh_stock_levels_guard' LANGUAGE C;
CREATE OR REPLACE FUNCTION stockhold.stock_levels_alert() RETURNS trigger
AS 'MODULE_PATHNAME', 'sh_stock_levels_alert' LANGUAGE C;
CREATE OR REPLACE FUNCTION stockhold.holds_guard() RETURNS trigger
AS 'MODULE_PATHNAME', 'sh_holds_guard' LANGUAGE C;
CREATE OR REPLACE FUNCTION stockhold.ledger_append_only() RETURNS trigger
AS 'MODULE_PATHNAME', 'sh_ledger_append_only' LANGUAGE C;
CREATE OR REPLACE FUNCTION stockhold.locations_restore_default() RETURNS trigger
AS 'MODULE_PATHNAME', 'sh_locations_restore_default' LANGUAGE C;

-- A lighter hold. A reservation is recorded on its hold row (who made it,
-- how much, when) and so is its release or expiry (who ended it); the ledger
-- records movements of on_hand only. Existing ledger rows stay as they are
-- (holds made before this update have created_by NULL: their reservations
-- are in the ledger); the view movements shows both as one ledger.
ALTER TABLE stockhold.holds
    ALTER COLUMN checkout_id DROP NOT NULL,
    ADD COLUMN created_by name,
    ADD COLUMN held_qty numeric,
    ADD COLUMN ended_by name;
-- An order's own checkout (checkout_ref = order_ref) needs no checkouts row
-- any more: new orders' holds have checkout_id NULL. Existing rows stay.
-- Holds are found by order (of a checkout: filtered by checkout_id); the
-- indexes only maintenance read are gone, or served by the order index.
DROP INDEX stockhold.holds_checkout_idx, stockhold.holds_order_active_idx, stockhold.holds_level_active_idx,
           stockhold.checkouts_order_id_idx;
CREATE INDEX holds_order_idx ON stockhold.holds (order_id);
-- holds_guard now keeps the record: no row is deleted, a reservation's
-- columns never change, an ended row changes only to record its renewal.
DROP TRIGGER holds_guard ON stockhold.holds;
CREATE TRIGGER holds_guard
    BEFORE INSERT OR UPDATE OR DELETE ON stockhold.holds
    FOR EACH ROW EXECUTE FUNCTION stockhold.holds_guard();

CREATE OR REPLACE VIEW stockhold.order_lines AS
SELECT o.order_ref, o.order_state::text AS order_state, o.fulfilment_state::text AS fulfilment_state,
       s.session_ref, coalesce(c.checkout_ref, o.order_ref) AS checkout_ref, i.sku, l.code AS location,
       h.status::text AS status, h.qty, h.expires_at, lt.lot
  FROM stockhold.holds h
  JOIN stockhold.orders o ON o.id = h.order_id
  LEFT JOIN stockhold.checkouts c ON c.id = h.checkout_id
  JOIN stockhold.items i ON i.id = h.item_id
  JOIN stockhold.locations l ON l.id = h.location_id
  LEFT JOIN stockhold.sessions s ON s.id = o.session_id
  LEFT JOIN stockhold.lots lt ON lt.id = h.lot_id;

-- Every movement of stock as one ledger (for stockhold_admin): the ledger's
-- rows (on_hand: receive, adjust, fulfil, return; and, made before 1.3,
-- holds, releases and expiries), and from the hold rows each reservation
-- ('hold', by created_by) and each release or expiry ('release', 'expire',
-- by ended_by). The quantities of each level's movements add up to its
-- on_hand and reserved (check_invariants() checks that they do).
CREATE VIEW stockhold.movements AS
SELECT m.at, m.movement, i.sku, l.code AS location, lt.lot, m.qty, m.on_hand_delta, m.reserved_delta,
       o.order_ref, m.hold_id, m.reason, m.actor
  FROM (SELECT g.at, g.movement::text AS movement, g.item_id, g.location_id, g.lot_id, g.qty, g.on_hand_delta,
               g.reserved_delta, g.order_id, g.hold_id, g.reason, g.actor
          FROM stockhold.ledger g
        UNION ALL
        SELECT h.created_at, 'hold', h.item_id, h.location_id, h.lot_id, h.held_qty, 0, h.held_qty, h.order_id, h.id,
               CASE WHEN r.id IS NOT NULL THEN 're-reserved on confirm' END, h.created_by
          FROM stockhold.holds h LEFT JOIN stockhold.holds r ON r.renewed_by = h.id
         WHERE h.created_by IS NOT NULL
        UNION ALL
        SELECT h.ended_at, CASE h.status WHEN 'released' THEN 'release' ELSE 'expire' END, h.item_id, h.location_id,
               h.lot_id, h.qty, 0, -h.qty, h.order_id, h.id, h.end_reason, h.ended_by
          FROM stockhold.holds h
         WHERE h.status IN ('released', 'expired') AND h.ended_by IS NOT NULL) m
  JOIN stockhold.items i ON i.id = m.item_id
  JOIN stockhold.locations l ON l.id = m.location_id
  LEFT JOIN stockhold.lots lt ON lt.id = m.lot_id
  LEFT JOIN stockhold.orders o ON o.id = m.order_id;
GRANT SELECT ON stockhold.movements TO stockhold_admin;

-- Each level says whether its item has a low-stock threshold, so that the
-- alert trigger needs no read of the item for a stock change of an item
-- without one. (The triggers are off while the column is filled: they would
-- refuse to run before the update is done.)
ALTER TABLE stockhold.stock_levels ADD COLUMN watched boolean NOT NULL DEFAULT false;
ALTER TABLE stockhold.stock_levels DISABLE TRIGGER USER;
UPDATE stockhold.stock_levels sl SET watched = true
  FROM stockhold.items i WHERE i.id = sl.item_id AND i.low_stock_threshold IS NOT NULL;
ALTER TABLE stockhold.stock_levels ENABLE TRIGGER USER;

-- The orders of each sales session move to a table of their own (for
-- close_session()), so that an order outside sessions writes no entry of a
-- session index.
CREATE TABLE stockhold.session_orders (
    session_id bigint NOT NULL CONSTRAINT session_orders_session_id_fkey REFERENCES stockhold.sessions,
    order_id   bigint NOT NULL CONSTRAINT session_orders_order_id_fkey REFERENCES stockhold.orders,
    CONSTRAINT session_orders_pkey PRIMARY KEY (session_id, order_id)
);
INSERT INTO stockhold.session_orders (session_id, order_id)
SELECT session_id, id FROM stockhold.orders WHERE session_id IS NOT NULL;
DROP INDEX stockhold.orders_session_id_idx;
SELECT pg_catalog.pg_extension_config_dump('stockhold.session_orders', '');
REVOKE ALL ON stockhold.session_orders FROM PUBLIC;
GRANT SELECT ON stockhold.session_orders TO stockhold_admin;

-- A hot item's levels can be split into slots (set_slots()): a level's
-- on_hand and reserved become the sums of its rows, and a hold records the
-- row it reserved. Lots refer to their level's first row (slot 0), which
-- every level has. Existing levels keep one row each.
ALTER TABLE stockhold.items ADD COLUMN slots smallint NOT NULL DEFAULT 1;
ALTER TABLE stockhold.stock_levels
    ADD COLUMN slot smallint NOT NULL DEFAULT 0,
    ADD COLUMN slots smallint NOT NULL DEFAULT 1,
    ADD COLUMN guard numeric;
ALTER TABLE stockhold.holds ADD COLUMN slot smallint NOT NULL DEFAULT 0;
ALTER TABLE stockhold.lots ADD COLUMN level_slot smallint NOT NULL GENERATED ALWAYS AS (0) STORED;
ALTER TABLE stockhold.holds DROP CONSTRAINT holds_item_id_location_id_fkey;
ALTER TABLE stockhold.lots DROP CONSTRAINT lots_item_id_location_id_fkey;
ALTER TABLE stockhold.stock_levels
    DROP CONSTRAINT stock_levels_item_id_location_id_key,
    ADD CONSTRAINT stock_levels_item_id_location_id_slot_key UNIQUE (item_id, location_id, slot);
ALTER TABLE stockhold.holds ADD CONSTRAINT holds_item_id_location_id_slot_fkey
    FOREIGN KEY (item_id, location_id, slot) REFERENCES stockhold.stock_levels (item_id, location_id, slot);
ALTER TABLE stockhold.lots ADD CONSTRAINT lots_item_id_location_id_level_slot_fkey
    FOREIGN KEY (item_id, location_id, level_slot) REFERENCES stockhold.stock_levels (item_id, location_id, slot);

CREATE FUNCTION stockhold.set_slots(sku text, slots integer)
RETURNS integer
AS 'MODULE_PATHNAME', 'sh_set_slots' LANGUAGE C VOLATILE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
REVOKE ALL ON FUNCTION stockhold.set_slots(text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION stockhold.set_slots(text, integer) TO stockhold_admin;

CREATE OR REPLACE VIEW stockhold.availability AS
SELECT i.sku, l.code AS location, sl.on_hand, sl.reserved, sl.available
  FROM (SELECT item_id, location_id, sum(on_hand) AS on_hand, sum(reserved) AS reserved, sum(available) AS available
          FROM stockhold.stock_levels GROUP BY item_id, location_id) sl
  JOIN stockhold.items i ON i.id = sl.item_id
  JOIN stockhold.locations l ON l.id = sl.location_id;

-- Idempotency keys for every function that changes stock, scoped per
-- function; the keys made so far are hold()'s. A result may be one value
-- (sku NULL).
ALTER TABLE stockhold.idempotency_keys ADD COLUMN scope text NOT NULL DEFAULT 'hold';
ALTER TABLE stockhold.idempotency_rows ADD COLUMN scope text NOT NULL DEFAULT 'hold';
ALTER TABLE stockhold.idempotency_rows
    DROP CONSTRAINT idempotency_rows_key_fkey,
    DROP CONSTRAINT idempotency_rows_pkey,
    ALTER COLUMN sku DROP NOT NULL;
ALTER TABLE stockhold.idempotency_keys
    DROP CONSTRAINT idempotency_keys_pkey,
    ADD CONSTRAINT idempotency_keys_pkey PRIMARY KEY (scope, key);
ALTER TABLE stockhold.idempotency_rows
    ADD CONSTRAINT idempotency_rows_pkey PRIMARY KEY (scope, key, ord),
    ADD CONSTRAINT idempotency_rows_scope_key_fkey FOREIGN KEY (scope, key)
        REFERENCES stockhold.idempotency_keys ON DELETE CASCADE;
CREATE INDEX idempotency_keys_created_at_idx ON stockhold.idempotency_keys (created_at);

-- The functions that change stock take idempotency_key last; extend() and
-- forget_idempotency_keys() are new.
DROP FUNCTION stockhold.confirm(text);
DROP FUNCTION stockhold.release(text, jsonb);
DROP FUNCTION stockhold.cancel(text);
DROP FUNCTION stockhold.fulfil(text, jsonb, boolean);
DROP FUNCTION stockhold.return_stock(text, jsonb, text);
DROP FUNCTION stockhold.receive(text, numeric, text, text, text, date);
DROP FUNCTION stockhold.adjust(text, numeric, text, text, text);
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
CREATE FUNCTION stockhold.forget_idempotency_keys(batch_size integer DEFAULT 1000)
RETURNS integer
AS 'MODULE_PATHNAME', 'sh_forget_idempotency_keys' LANGUAGE C VOLATILE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
REVOKE ALL ON FUNCTION stockhold.confirm(text, text), stockhold.extend(text, interval, text),
    stockhold.release(text, jsonb, text), stockhold.cancel(text, text), stockhold.fulfil(text, jsonb, boolean, text),
    stockhold.return_stock(text, jsonb, text, text), stockhold.receive(text, numeric, text, text, text, date, text),
    stockhold.adjust(text, numeric, text, text, text, text), stockhold.forget_idempotency_keys(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION stockhold.confirm(text, text), stockhold.extend(text, interval, text),
    stockhold.release(text, jsonb, text), stockhold.cancel(text, text), stockhold.fulfil(text, jsonb, boolean, text),
    stockhold.return_stock(text, jsonb, text, text)
    TO stockhold_app, stockhold_admin;
GRANT EXECUTE ON FUNCTION stockhold.receive(text, numeric, text, text, text, date, text),
    stockhold.adjust(text, numeric, text, text, text, text), stockhold.forget_idempotency_keys(integer)
    TO stockhold_admin;

-- Orders that drive stock (attach_order_status).
-- Application tables whose order status drives stock (attach_order_status):
-- the columns and the lines function, named as the catalog names them
-- (regclass and regprocedure dump and restore as names), and what each
-- status does.
CREATE TABLE stockhold.order_status_sources (
    orders            regclass CONSTRAINT order_status_sources_pkey PRIMARY KEY,
    ref_column        name NOT NULL,
    status_column     name NOT NULL,
    lines_function    regprocedure NOT NULL,
    actions           jsonb NOT NULL,
    on_failure        text NOT NULL CONSTRAINT order_status_sources_on_failure_check CHECK (on_failure IN ('raise', 'record')),
    skip_unknown_skus boolean NOT NULL
);

-- Refusals an attached table's status changes met with on_failure 'record'
-- (and the lines skip_unknown_skus left out); an order's rows go when it is
-- reconciled without one.
CREATE TABLE stockhold.order_sync_failure_log (
    id        bigserial CONSTRAINT order_sync_failure_log_pkey PRIMARY KEY,
    orders    regclass NOT NULL,
    order_ref text NOT NULL,
    status    text NOT NULL,
    sqlstate  text NOT NULL,
    message   text NOT NULL,
    at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX order_sync_failure_log_order_idx ON stockhold.order_sync_failure_log (orders, order_ref);

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

-- The trigger attach_order_status() puts on an application's table. It runs
-- as the role that changed the row (see functions/order_sync.hpp).
CREATE FUNCTION stockhold.order_status_changed() RETURNS trigger
AS 'MODULE_PATHNAME', 'sh_order_status_changed' LANGUAGE C;

-- What attached tables' status changes could not do (on_failure 'record').
CREATE VIEW stockhold.order_sync_failures AS
SELECT orders, order_ref, status, sqlstate, message, at FROM stockhold.order_sync_failure_log;
REVOKE ALL ON FUNCTION stockhold.attach_order_status(regclass, name, name, regprocedure, jsonb, text, boolean),
    stockhold.detach_order_status(regclass), stockhold.resync_order(regclass, text),
    stockhold.order_status_changed() FROM PUBLIC;
REVOKE ALL ON stockhold.order_status_sources, stockhold.order_sync_failure_log, stockhold.order_sync_failures FROM PUBLIC;
GRANT EXECUTE ON FUNCTION stockhold.resync_order(regclass, text) TO stockhold_app, stockhold_admin;
GRANT EXECUTE ON FUNCTION stockhold.attach_order_status(regclass, name, name, regprocedure, jsonb, text, boolean),
    stockhold.detach_order_status(regclass) TO stockhold_admin;
GRANT SELECT ON stockhold.order_sync_failures TO stockhold_app, stockhold_admin;
GRANT SELECT ON stockhold.order_status_sources, stockhold.order_sync_failure_log TO stockhold_admin;
SELECT pg_catalog.pg_extension_config_dump('stockhold.order_status_sources', '');
SELECT pg_catalog.pg_extension_config_dump('stockhold.order_sync_failure_log', '');
SELECT pg_catalog.pg_extension_config_dump('stockhold.order_sync_failure_log_id_seq', '');

-- Backorders (1.3): hold(..., backorder => true) queues what it cannot hold
-- in the item's first-come-first-served queue.
ALTER TABLE stockhold.holds ADD COLUMN queued_at timestamptz;
-- Checkouts confirm() was called for (checkout_id 0: the order's own), when
-- first: their backorder fills never expire. A table of its own, written
-- only by confirm(), so that recording a confirmation takes no lock that
-- holds of the same order wait for.
CREATE TABLE stockhold.checkout_confirmations (
    order_id     bigint NOT NULL CONSTRAINT checkout_confirmations_order_id_fkey REFERENCES stockhold.orders,
    checkout_id  bigint NOT NULL,
    confirmed_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT checkout_confirmations_pkey PRIMARY KEY (order_id, checkout_id)
);
-- Backorders: what hold(..., backorder => true) could not hold waits here,
-- one row per line (the part still waiting), in its item's queue: ordered by
-- queued_at (taken under the item's row lock, never before a line already
-- there), then id. A line naming a location (or a lot) waits for stock there
-- only. ttl: the expiry its fills get, unless its checkout is confirmed
-- by then (NULL: none). Stock that becomes free goes to the queue in the same
-- transaction (stock/backorders.cpp); a line that is filled or withdrawn is
-- deleted, and its fills are active holds.
CREATE TABLE stockhold.backorder_lines (
    id          bigserial CONSTRAINT backorder_lines_pkey PRIMARY KEY,
    order_id    bigint NOT NULL CONSTRAINT backorder_lines_order_id_fkey REFERENCES stockhold.orders,
    checkout_id bigint CONSTRAINT backorder_lines_checkout_id_fkey REFERENCES stockhold.checkouts,  -- NULL: the order's own
    item_id     bigint NOT NULL CONSTRAINT backorder_lines_item_id_fkey REFERENCES stockhold.items,
    location_id integer CONSTRAINT backorder_lines_location_id_fkey REFERENCES stockhold.locations,  -- NULL: any
    lot         text,  -- NULL: any lot
    qty         numeric NOT NULL CONSTRAINT backorder_lines_qty_check CHECK (qty > 0),
    ttl         interval,
    queued_at   timestamptz NOT NULL,
    queued_by   name NOT NULL
);
-- The queue of each item, head first.
CREATE INDEX backorder_lines_queue_idx ON stockhold.backorder_lines (item_id, queued_at, id);
-- The waiting lines of an order (of a checkout: filtered by checkout_id).
CREATE INDEX backorder_lines_order_idx ON stockhold.backorder_lines (order_id);

CREATE OR REPLACE VIEW stockhold.order_lines AS
SELECT o.order_ref, o.order_state::text AS order_state, o.fulfilment_state::text AS fulfilment_state,
       s.session_ref, coalesce(c.checkout_ref, o.order_ref) AS checkout_ref, i.sku, l.code AS location,
       h.status::text AS status, h.qty, h.expires_at, lt.lot
  FROM stockhold.holds h
  JOIN stockhold.orders o ON o.id = h.order_id
  LEFT JOIN stockhold.checkouts c ON c.id = h.checkout_id
  JOIN stockhold.items i ON i.id = h.item_id
  JOIN stockhold.locations l ON l.id = h.location_id
  LEFT JOIN stockhold.sessions s ON s.id = o.session_id
  LEFT JOIN stockhold.lots lt ON lt.id = h.lot_id
UNION ALL
-- What waits in a backorder queue: status 'waiting', at the line's named
-- location (NULL: any).
SELECT o.order_ref, o.order_state::text, o.fulfilment_state::text,
       s.session_ref, coalesce(c.checkout_ref, o.order_ref), i.sku, l.code,
       'waiting', b.qty, NULL::timestamptz, b.lot
  FROM stockhold.backorder_lines b
  JOIN stockhold.orders o ON o.id = b.order_id
  LEFT JOIN stockhold.checkouts c ON c.id = b.checkout_id
  JOIN stockhold.items i ON i.id = b.item_id
  LEFT JOIN stockhold.locations l ON l.id = b.location_id
  LEFT JOIN stockhold.sessions s ON s.id = o.session_id;

-- Each item's backorder queue, head first: position 1 is the line the next
-- free stock goes to (if it can take it: a line naming a location or a lot
-- waits for stock there).
CREATE VIEW stockhold.backorders AS
SELECT o.order_ref, coalesce(c.checkout_ref, o.order_ref) AS checkout_ref, i.sku, l.code AS location,
       b.qty, b.queued_at,
       row_number() OVER (PARTITION BY b.item_id ORDER BY b.queued_at, b.id) AS position, b.lot
  FROM stockhold.backorder_lines b
  JOIN stockhold.orders o ON o.id = b.order_id
  LEFT JOIN stockhold.checkouts c ON c.id = b.checkout_id
  JOIN stockhold.items i ON i.id = b.item_id
  LEFT JOIN stockhold.locations l ON l.id = b.location_id;

-- hold() takes a new last argument, backorder.
DROP FUNCTION stockhold.hold(text, jsonb, text, text, interval, text, boolean);
CREATE FUNCTION stockhold.hold(order_ref text, lines jsonb, checkout_ref text DEFAULT NULL,
                               session_ref text DEFAULT NULL, ttl interval DEFAULT NULL,
                               idempotency_key text DEFAULT NULL, partial boolean DEFAULT false,
                               backorder boolean DEFAULT false)
RETURNS TABLE (hold_id bigint, sku text, location text, qty numeric, expires_at timestamptz)
AS 'MODULE_PATHNAME', 'sh_hold' LANGUAGE C VOLATILE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp;

REVOKE ALL ON FUNCTION stockhold.hold(text, jsonb, text, text, interval, text, boolean, boolean) FROM PUBLIC;
REVOKE ALL ON stockhold.backorder_lines, stockhold.backorders, stockhold.checkout_confirmations FROM PUBLIC;
GRANT EXECUTE ON FUNCTION stockhold.hold(text, jsonb, text, text, interval, text, boolean, boolean)
    TO stockhold_app, stockhold_admin;
GRANT SELECT ON stockhold.backorders TO stockhold_app, stockhold_admin;
GRANT SELECT ON stockhold.backorder_lines, stockhold.checkout_confirmations TO stockhold_admin;
SELECT pg_catalog.pg_extension_config_dump('stockhold.backorder_lines', '');
SELECT pg_catalog.pg_extension_config_dump('stockhold.checkout_confirmations', '');
SELECT pg_catalog.pg_extension_config_dump('stockhold.backorder_lines_id_seq', '');

-- Order ids in blocks per backend (see schema/01_tables.sql).
ALTER SEQUENCE stockhold.orders_id_seq CACHE 64;
