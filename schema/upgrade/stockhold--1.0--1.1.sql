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

-- Lots and allocation strategies (FIFO / FEFO).
ALTER TABLE stockhold.items
    ADD COLUMN strategy text CHECK (strategy IN ('priority', 'fifo', 'fefo')),
    ADD COLUMN lot_tracked boolean NOT NULL DEFAULT false;
ALTER TABLE stockhold.stock_levels ADD COLUMN lot_tracked boolean NOT NULL DEFAULT false;
ALTER TABLE stockhold.holds ADD COLUMN lot_id bigint;
ALTER TABLE stockhold.ledger ADD COLUMN lot_id bigint;

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
    CHECK (reserved >= 0 AND reserved <= on_hand),
    CHECK (available = on_hand - reserved),
    FOREIGN KEY (item_id, location_id) REFERENCES stockhold.stock_levels (item_id, location_id)
) WITH (fillfactor = 70);

CREATE TRIGGER lots_guard
    BEFORE INSERT OR UPDATE OR DELETE ON stockhold.lots
    FOR EACH ROW EXECUTE FUNCTION stockhold.stock_levels_guard();

-- New optional arguments at the end: old calls keep working.
DROP FUNCTION stockhold.receive(text, numeric, text, text);
DROP FUNCTION stockhold.adjust(text, numeric, text, text);
DROP FUNCTION stockhold.upsert_item(text, text, text, numeric);
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
REVOKE ALL ON FUNCTION stockhold.receive(text, numeric, text, text, text, date),
    stockhold.adjust(text, numeric, text, text, text),
    stockhold.upsert_item(text, text, text, numeric, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION stockhold.receive(text, numeric, text, text, text, date),
    stockhold.adjust(text, numeric, text, text, text),
    stockhold.upsert_item(text, text, text, numeric, text) TO stockhold_admin;

CREATE OR REPLACE VIEW stockhold.order_lines AS
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

GRANT SELECT ON stockhold.lot_availability, stockhold.expiring_lots TO stockhold_app, stockhold_admin;
GRANT SELECT ON stockhold.lots TO stockhold_admin;

SELECT pg_catalog.pg_extension_config_dump('stockhold.lots', '');
SELECT pg_catalog.pg_extension_config_dump('stockhold.lots_id_seq', '');
