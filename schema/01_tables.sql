-- stockhold data tables. Constraints state the invariants PostgreSQL can check
-- itself; the rest is kept by the C++ stock-level module and its triggers.
-- Every constraint and index is named here (with the name PostgreSQL would
-- generate, so databases made before the names were written keep theirs):
-- the C++ and the upgrade scripts refer to them by name.
\echo Use "CREATE EXTENSION stockhold" to load this file. \quit

-- States and movements are enums, not CHECK lists: the type itself refuses a
-- wrong value, and the executor does not re-evaluate a constraint per row.
-- Values are declared in name order, so they sort as their text would.
CREATE TYPE stockhold.order_state AS ENUM ('Cancelled', 'Complete', 'Held');
CREATE TYPE stockhold.fulfilment_state AS ENUM ('Cancelled', 'Fulfilled', 'Held', 'Unfulfilled');
CREATE TYPE stockhold.hold_status AS ENUM ('active', 'expired', 'fulfilled', 'released');
CREATE TYPE stockhold.movement AS ENUM ('adjust', 'expire', 'fulfil', 'hold', 'receive', 'release', 'return');

CREATE TABLE stockhold.items (
    id                  bigserial CONSTRAINT items_pkey PRIMARY KEY,
    sku                 text NOT NULL CONSTRAINT items_sku_key UNIQUE
                             CONSTRAINT items_sku_check CHECK (length(sku) BETWEEN 1 AND 200),
    name                text,
    unit                text NOT NULL DEFAULT 'each' CONSTRAINT items_unit_check CHECK (length(unit) BETWEEN 1 AND 50),
    low_stock_threshold numeric CONSTRAINT items_low_stock_threshold_check CHECK (low_stock_threshold >= 0),
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    -- last stock change that re-decided the item's alert (threshold items only)
    stock_changed_at    timestamptz,
    -- allocation strategy; NULL follows the stockhold.allocation_strategy setting
    strategy            text CONSTRAINT items_strategy_check CHECK (strategy IN ('priority', 'fifo', 'fefo')),
    -- set by the item's first receipt of a lot: from then on all its stock is in lots
    lot_tracked         boolean NOT NULL DEFAULT false,
    -- rows per stock level (set_slots): 1, or more for a hot item
    slots               smallint NOT NULL DEFAULT 1
);

CREATE TABLE stockhold.locations (
    id         serial CONSTRAINT locations_pkey PRIMARY KEY,
    code       text NOT NULL CONSTRAINT locations_code_key UNIQUE
                    CONSTRAINT locations_code_check CHECK (length(code) BETWEEN 1 AND 200),
    name       text,
    priority   integer NOT NULL DEFAULT 100,
    created_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO stockhold.locations (code, name, priority) VALUES ('default', 'Default location', 100);

-- One row per (item, location), or, for a hot item split with set_slots(),
-- one row per slot: the level's on_hand and reserved are its rows' sums, and
-- a hold takes one slot, so that holds of the item need not all lock the
-- same row. Only the stock-level module writes on_hand, reserved and the
-- slot columns (trigger stock_levels_guard refuses anyone else, SH020, keeps
-- available = on_hand - reserved and refuses rows outside 0 <= reserved <=
-- on_hand, 23514, where a CHECK would be re-parsed per statement). fillfactor
-- leaves room for HOT updates: the row of a selling item changes constantly.
CREATE TABLE stockhold.stock_levels (
    id          bigserial CONSTRAINT stock_levels_pkey PRIMARY KEY,
    item_id     bigint NOT NULL CONSTRAINT stock_levels_item_id_fkey REFERENCES stockhold.items,
    location_id integer NOT NULL CONSTRAINT stock_levels_location_id_fkey REFERENCES stockhold.locations,
    on_hand     numeric NOT NULL DEFAULT 0,
    reserved    numeric NOT NULL DEFAULT 0,
    available   numeric NOT NULL DEFAULT 0,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    -- a copy of the item's lot_tracked, read with the level at no extra cost
    lot_tracked boolean NOT NULL DEFAULT false,
    -- whether the item has a low-stock threshold: the alert trigger reads it
    -- from the row it fires for. upsert_item() sets it on every level under
    -- the level's lock; a new level copies it under a share lock on the item.
    watched     boolean NOT NULL DEFAULT false,
    -- the row's slot, and the number of slots in use at the level (a copy of
    -- the item's); rows from slots on are left empty when the count falls
    slot        smallint NOT NULL DEFAULT 0,
    slots       smallint NOT NULL DEFAULT 1,
    -- the slot's share of the item's low-stock threshold: while every slot
    -- keeps this much available, the item's total is above its threshold and
    -- a hold of one slot leaves the alert alone (NULL: no guard)
    guard       numeric,
    CONSTRAINT stock_levels_item_id_location_id_slot_key UNIQUE (item_id, location_id, slot)
) WITH (fillfactor = 70);

-- Lots (batches) of a lot-tracked item at one location. A level's on_hand and
-- reserved are the sums of its lots'; the stock-level module changes both in
-- the same statement, under the level's row lock. The same lot code at two
-- locations is two rows.
CREATE TABLE stockhold.lots (
    id          bigserial CONSTRAINT lots_pkey PRIMARY KEY,
    item_id     bigint NOT NULL,
    location_id integer NOT NULL,
    lot         text NOT NULL CONSTRAINT lots_lot_check CHECK (length(lot) BETWEEN 1 AND 200),
    best_before date,
    received_at timestamptz NOT NULL DEFAULT now(),
    on_hand     numeric NOT NULL DEFAULT 0,
    reserved    numeric NOT NULL DEFAULT 0,
    available   numeric NOT NULL DEFAULT 0,
    -- a lot belongs to its level, whose first row (slot 0) always exists
    level_slot  smallint NOT NULL GENERATED ALWAYS AS (0) STORED,
    CONSTRAINT lots_item_id_location_id_lot_key UNIQUE (item_id, location_id, lot),
    CONSTRAINT lots_item_id_location_id_level_slot_fkey FOREIGN KEY (item_id, location_id, level_slot)
        REFERENCES stockhold.stock_levels (item_id, location_id, slot)
) WITH (fillfactor = 70);

CREATE TABLE stockhold.sessions (
    id          bigserial CONSTRAINT sessions_pkey PRIMARY KEY,
    session_ref text NOT NULL CONSTRAINT sessions_session_ref_key UNIQUE
                     CONSTRAINT sessions_session_ref_check CHECK (length(session_ref) BETWEEN 1 AND 200),
    trader      text NOT NULL CONSTRAINT sessions_trader_check CHECK (length(trader) BETWEEN 1 AND 200),
    opens_at    timestamptz NOT NULL,
    closes_at   timestamptz,
    closed_at   timestamptz,
    CONSTRAINT sessions_check CHECK (closes_at IS NULL OR closes_at > opens_at)
);

-- Orders carry the Data Food Consortium states.
CREATE TABLE stockhold.orders (
    id               bigserial CONSTRAINT orders_pkey PRIMARY KEY,
    order_ref        text NOT NULL CONSTRAINT orders_order_ref_key UNIQUE,  -- 1 to 200 characters, checked by hold()
    session_id       bigint CONSTRAINT orders_session_id_fkey REFERENCES stockhold.sessions,
    order_state      stockhold.order_state NOT NULL DEFAULT 'Held',
    fulfilment_state stockhold.fulfilment_state NOT NULL DEFAULT 'Held',
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);
-- Each backend takes order ids in blocks, so that sessions creating orders at
-- once insert into different leaves of orders_pkey and holds_order_idx, not
-- all into the rightmost one. An id orders nothing across sessions
-- (created_at does); a block's unused ids are skipped when its backend exits.
ALTER SEQUENCE stockhold.orders_id_seq CACHE 64;

-- The orders of each sales session, for close_session(): a table of its own,
-- so that an order outside sessions writes nothing for it.
CREATE TABLE stockhold.session_orders (
    session_id bigint NOT NULL CONSTRAINT session_orders_session_id_fkey REFERENCES stockhold.sessions,
    order_id   bigint NOT NULL CONSTRAINT session_orders_order_id_fkey REFERENCES stockhold.orders,
    CONSTRAINT session_orders_pkey PRIMARY KEY (session_id, order_id)
);

-- A customer's checkout; it belongs to exactly one order. An order's own
-- checkout (checkout_ref = order_ref, plain e-commerce) has no row here: its
-- holds have checkout_id NULL. A checkout_ref names either a row here or an
-- order's own checkout, never both (orders/checkouts.cpp keeps it so).
-- Databases made before 1.3 keep a row for their orders' own checkouts.
CREATE TABLE stockhold.checkouts (
    id           bigserial CONSTRAINT checkouts_pkey PRIMARY KEY,
    checkout_ref text NOT NULL CONSTRAINT checkouts_checkout_ref_key UNIQUE,  -- 1 to 200 characters, checked by hold()
    order_id     bigint NOT NULL CONSTRAINT checkouts_order_id_fkey REFERENCES stockhold.orders,
    created_at   timestamptz NOT NULL DEFAULT now()
);

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

-- A hold is active, then exactly one of released, expired, fulfilled. The
-- row is the record of the reservation and of how it ended: who made it
-- (created_by, held_qty at created_at) and who ended it (ended_by, ended_at,
-- end_reason). A partial end splits the row: the active part keeps the row
-- (qty drops), the ended part becomes a row of its own, which records no
-- reservation (created_by and held_qty NULL). Ledger rows record only
-- on_hand movements; the view movements shows both as one ledger. Rows made
-- before 1.3 have created_by NULL: their reservations are in the ledger.
-- holds_guard keeps the record: qty > 0, ended_at set exactly when not
-- active, the reservation's columns never change, an ended row changes only
-- to record its renewal, no row is deleted.
-- renewed_by links an expired hold to the hold confirm() re-reserved for it.
CREATE TABLE stockhold.holds (
    id          bigserial CONSTRAINT holds_pkey PRIMARY KEY,
    order_id    bigint NOT NULL,  -- the checkout's order (checkouts reference orders)
    checkout_id bigint CONSTRAINT holds_checkout_id_fkey REFERENCES stockhold.checkouts,  -- NULL: the order's own
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
    created_by  name,
    held_qty    numeric,
    ended_by    name,
    slot        smallint NOT NULL DEFAULT 0,  -- the row of its level it reserved
    -- a fill of a backorder: when its line was queued (the line's place in
    -- its item's queue; fills of an item follow it)
    queued_at   timestamptz,
    -- A hold is of a stock level's row (which references its item and
    -- location). One key check on the row the hold already locks, instead of
    -- key share locks on the item and on a location row every hold shares.
    CONSTRAINT holds_item_id_location_id_slot_fkey FOREIGN KEY (item_id, location_id, slot)
        REFERENCES stockhold.stock_levels (item_id, location_id, slot)
);
-- Every hold of an order (of a checkout: filtered by checkout_id): what
-- confirm, release, fulfil, cancel, return_stock and close_session read.
CREATE INDEX holds_order_idx ON stockhold.holds (order_id);
-- Overdue holds, for expire_holds() and for hold() before it refuses.
CREATE INDEX holds_expiry_idx ON stockhold.holds (expires_at) WHERE status = 'active' AND expires_at IS NOT NULL;

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

-- Append-only record of every movement of on_hand (receive, adjust, fulfil,
-- return); holds record reservations and their ends (see holds). Rows made
-- before 1.3 also record holds, releases and expiries. on_hand_delta and
-- reserved_delta are what the movement did to the level; actor is the role
-- that called stockhold (not the functions' owner).
CREATE TABLE stockhold.ledger (
    id             bigserial CONSTRAINT ledger_pkey PRIMARY KEY,
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
CREATE INDEX ledger_item_id_location_id_idx ON stockhold.ledger (item_id, location_id);
CREATE INDEX ledger_order_id_idx ON stockhold.ledger (order_id) WHERE order_id IS NOT NULL;
-- return_stock() sums what was already returned of each shipped hold.
CREATE INDEX ledger_returns_idx ON stockhold.ledger (hold_id) WHERE movement = 'return';

-- Low-stock alerts: open while cleared_at is NULL, at most one open per item.
CREATE TABLE stockhold.alerts (
    id                  bigserial CONSTRAINT alerts_pkey PRIMARY KEY,
    item_id             bigint NOT NULL CONSTRAINT alerts_item_id_fkey REFERENCES stockhold.items,
    available           numeric NOT NULL,
    low_stock_threshold numeric NOT NULL,
    raised_at           timestamptz NOT NULL DEFAULT now(),
    cleared_at          timestamptz
);
CREATE UNIQUE INDEX alerts_open_idx ON stockhold.alerts (item_id) WHERE cleared_at IS NULL;

-- Calls made with an idempotency key: the arguments' fingerprint and the
-- result the first call returned, replayed on a repeat. Keys are scoped per
-- function (scope: its name; keys made before 1.3 are hold()'s). The
-- result is rows of up to five values: hold()'s rows, the (sku, location,
-- qty) rows of the functions that move stock, or one count or quantity in
-- qty. forget_idempotency_keys() forgets keys older than
-- stockhold.idempotency_retention, oldest first (created_at's index).
CREATE TABLE stockhold.idempotency_keys (
    key         text NOT NULL CONSTRAINT idempotency_keys_key_check CHECK (length(key) BETWEEN 1 AND 200),
    fingerprint text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    scope       text NOT NULL DEFAULT 'hold',
    CONSTRAINT idempotency_keys_pkey PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_keys_created_at_idx ON stockhold.idempotency_keys (created_at);
CREATE TABLE stockhold.idempotency_rows (
    key        text NOT NULL,
    ord        integer NOT NULL,
    hold_id    bigint,
    sku        text,
    location   text,
    qty        numeric NOT NULL,
    expires_at timestamptz,
    scope      text NOT NULL DEFAULT 'hold',
    CONSTRAINT idempotency_rows_pkey PRIMARY KEY (scope, key, ord),
    CONSTRAINT idempotency_rows_scope_key_fkey FOREIGN KEY (scope, key)
        REFERENCES stockhold.idempotency_keys ON DELETE CASCADE
);

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

-- What close_session() consolidated, so closing again returns the same rows.
CREATE TABLE stockhold.session_totals (
    session_id bigint NOT NULL CONSTRAINT session_totals_session_id_fkey REFERENCES stockhold.sessions,
    order_id   bigint NOT NULL CONSTRAINT session_totals_order_id_fkey REFERENCES stockhold.orders,
    item_id    bigint NOT NULL CONSTRAINT session_totals_item_id_fkey REFERENCES stockhold.items,
    qty        numeric NOT NULL,
    CONSTRAINT session_totals_pkey PRIMARY KEY (session_id, order_id, item_id)
);
