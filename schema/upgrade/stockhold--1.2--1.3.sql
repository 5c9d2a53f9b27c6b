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
