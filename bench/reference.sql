-- The PL/pgSQL reference: what a careful DBA would write instead of
-- stockhold for a one-line hold at the default location, with the same
-- semantics and the same work: order and checkout rows, the level locked and
-- checked, reserved and available updated, the hold and its ledger row
-- inserted (naming the caller), the low-stock alert kept right. Same table
-- shapes, indexes and foreign keys as stockhold's (a checkout references its
-- order, a hold its checkout and its level; the ledger none), same SECURITY
-- DEFINER and search_path. The row rules are CHECK constraints, where
-- stockhold has C++ triggers: what PL/pgSQL can do without C.
CREATE SCHEMA ref;
CREATE TABLE ref.items (id bigserial PRIMARY KEY, sku text NOT NULL UNIQUE, low_stock_threshold numeric);
CREATE TABLE ref.levels (
    id bigserial PRIMARY KEY, item_id bigint NOT NULL REFERENCES ref.items, location_id integer NOT NULL,
    on_hand numeric NOT NULL, reserved numeric NOT NULL DEFAULT 0, available numeric NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(), UNIQUE (item_id, location_id),
    CHECK (reserved >= 0 AND reserved <= on_hand), CHECK (available = on_hand - reserved)
) WITH (fillfactor = 70);
CREATE TABLE ref.orders (id bigserial PRIMARY KEY, order_ref text NOT NULL UNIQUE,
    order_state text NOT NULL DEFAULT 'Held', fulfilment_state text NOT NULL DEFAULT 'Held',
    created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE ref.checkouts (id bigserial PRIMARY KEY, checkout_ref text NOT NULL UNIQUE,
    order_id bigint NOT NULL REFERENCES ref.orders, created_at timestamptz NOT NULL DEFAULT now());
CREATE INDEX ON ref.checkouts (order_id);
CREATE TABLE ref.holds (id bigserial PRIMARY KEY, order_id bigint NOT NULL,
    checkout_id bigint NOT NULL REFERENCES ref.checkouts, item_id bigint NOT NULL,
    location_id integer NOT NULL, qty numeric NOT NULL CHECK (qty > 0), status text NOT NULL DEFAULT 'active',
    expires_at timestamptz, created_at timestamptz NOT NULL DEFAULT now(), ended_at timestamptz,
    FOREIGN KEY (item_id, location_id) REFERENCES ref.levels (item_id, location_id));
CREATE INDEX ON ref.holds (checkout_id);
CREATE INDEX ON ref.holds (order_id) WHERE status = 'active';
CREATE INDEX ON ref.holds (item_id, location_id) WHERE status = 'active';
CREATE INDEX ON ref.holds (expires_at) WHERE status = 'active' AND expires_at IS NOT NULL;
CREATE TABLE ref.ledger (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(), movement text NOT NULL,
    item_id bigint NOT NULL, location_id integer NOT NULL, qty numeric NOT NULL,
    on_hand_delta numeric NOT NULL DEFAULT 0, reserved_delta numeric NOT NULL DEFAULT 0,
    order_id bigint, hold_id bigint, reason text, actor name NOT NULL);
CREATE INDEX ON ref.ledger (item_id, location_id);
CREATE INDEX ON ref.ledger (order_id) WHERE order_id IS NOT NULL;
CREATE TABLE ref.alerts (id bigserial PRIMARY KEY, item_id bigint NOT NULL REFERENCES ref.items,
    available numeric NOT NULL, low_stock_threshold numeric NOT NULL, raised_at timestamptz NOT NULL DEFAULT now(),
    cleared_at timestamptz);
CREATE UNIQUE INDEX ON ref.alerts (item_id) WHERE cleared_at IS NULL;

CREATE FUNCTION ref.hold(p_order_ref text, p_sku text, p_qty numeric) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_order bigint; v_checkout bigint; v_item ref.items; v_level ref.levels; v_hold bigint; v_total numeric;
BEGIN
    IF p_qty IS NULL OR p_qty <= 0 OR p_qty = 'NaN' OR p_qty = 'Infinity' THEN
        RAISE EXCEPTION 'invalid quantity' USING ERRCODE = '22023';
    END IF;
    INSERT INTO ref.orders (order_ref) VALUES (p_order_ref) ON CONFLICT (order_ref) DO NOTHING RETURNING id INTO v_order;
    IF v_order IS NULL THEN
        SELECT id INTO v_order FROM ref.orders WHERE order_ref = p_order_ref AND order_state = 'Held' FOR SHARE;
        IF NOT FOUND THEN RAISE EXCEPTION 'order not Held' USING ERRCODE = 'SH011'; END IF;
    END IF;
    INSERT INTO ref.checkouts (checkout_ref, order_id) VALUES (p_order_ref, v_order)
        ON CONFLICT (checkout_ref) DO NOTHING RETURNING id INTO v_checkout;
    IF v_checkout IS NULL THEN
        SELECT id INTO v_checkout FROM ref.checkouts WHERE checkout_ref = p_order_ref AND order_id = v_order;
    END IF;
    SELECT * INTO v_item FROM ref.items WHERE sku = p_sku;
    IF NOT FOUND THEN RAISE EXCEPTION 'unknown sku %', p_sku USING ERRCODE = 'SH002'; END IF;
    SELECT * INTO v_level FROM ref.levels WHERE item_id = v_item.id AND location_id = 1 FOR UPDATE;
    IF NOT FOUND OR v_level.on_hand - v_level.reserved < p_qty THEN
        RAISE EXCEPTION 'insufficient stock' USING ERRCODE = 'SH001';
    END IF;
    UPDATE ref.levels SET reserved = reserved + p_qty, available = on_hand - reserved - p_qty, updated_at = now()
     WHERE id = v_level.id;
    INSERT INTO ref.holds (order_id, checkout_id, item_id, location_id, qty)
        VALUES (v_order, v_checkout, v_item.id, 1, p_qty) RETURNING id INTO v_hold;
    INSERT INTO ref.ledger (movement, item_id, location_id, qty, reserved_delta, order_id, hold_id, actor)
        VALUES ('hold', v_item.id, 1, p_qty, p_qty, v_order, v_hold, session_user);
    IF v_item.low_stock_threshold IS NOT NULL THEN
        UPDATE ref.items SET sku = sku WHERE id = v_item.id;  -- serialise alert decisions per item
        SELECT sum(available) INTO v_total FROM ref.levels WHERE item_id = v_item.id;
        IF v_total <= v_item.low_stock_threshold THEN
            INSERT INTO ref.alerts (item_id, available, low_stock_threshold)
                VALUES (v_item.id, v_total, v_item.low_stock_threshold) ON CONFLICT DO NOTHING;
            IF FOUND THEN
                PERFORM pg_notify('stockhold_low_stock', json_build_object('sku', p_sku, 'available', v_total,
                                  'threshold', v_item.low_stock_threshold)::text);
            END IF;
        END IF;
    END IF;
    RETURN v_hold;
END $$;
