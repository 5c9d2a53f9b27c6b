-- The contents of every stockhold table and view, sorted, one row a line:
-- equal output means equal data.
\pset format unaligned
\pset tuples_only on
SELECT 'items', t::text FROM stockhold.items t UNION ALL
SELECT 'locations', t::text FROM stockhold.locations t UNION ALL
SELECT 'stock_levels', t::text FROM stockhold.stock_levels t UNION ALL
SELECT 'sessions', t::text FROM stockhold.sessions t UNION ALL
SELECT 'orders', t::text FROM stockhold.orders t UNION ALL
SELECT 'checkouts', t::text FROM stockhold.checkouts t UNION ALL
SELECT 'holds', t::text FROM stockhold.holds t UNION ALL
SELECT 'ledger', t::text FROM stockhold.ledger t UNION ALL
SELECT 'alerts', t::text FROM stockhold.alerts t UNION ALL
SELECT 'idempotency_keys', t::text FROM stockhold.idempotency_keys t UNION ALL
SELECT 'idempotency_rows', t::text FROM stockhold.idempotency_rows t UNION ALL
SELECT 'session_totals', t::text FROM stockhold.session_totals t UNION ALL
SELECT 'availability', t::text FROM stockhold.availability t UNION ALL
SELECT 'item_availability', t::text FROM stockhold.item_availability t UNION ALL
SELECT 'low_stock', t::text FROM stockhold.low_stock t UNION ALL
SELECT 'order_lines', t::text FROM stockhold.order_lines t UNION ALL
SELECT 'violation', t::text FROM stockhold.check_invariants() t
ORDER BY 1, 2;
