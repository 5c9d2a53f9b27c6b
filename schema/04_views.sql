-- Read-only views for applications (granted to stockhold_app).

-- A level's rows (one, or one per slot) summed.
CREATE VIEW stockhold.availability AS
SELECT i.sku, l.code AS location, sl.on_hand, sl.reserved, sl.available
  FROM (SELECT item_id, location_id, sum(on_hand) AS on_hand, sum(reserved) AS reserved, sum(available) AS available
          FROM stockhold.stock_levels GROUP BY item_id, location_id) sl
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

-- What attached tables' status changes could not do (on_failure 'record').
CREATE VIEW stockhold.order_sync_failures AS
SELECT orders, order_ref, status, sqlstate, message, at FROM stockhold.order_sync_failure_log;
