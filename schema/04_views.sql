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
