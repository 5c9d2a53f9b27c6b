-- The contents of every stockhold table and view, sorted, one row a line:
-- equal output means equal data. psql variable ignore (a text[] literal,
-- default '{}') names columns to leave out, e.g. those an upgrade added.
\pset format unaligned
\pset tuples_only on
\if :{?ignore}
\else
\set ignore '{}'
\endif
SELECT 'items', (to_jsonb(t) - :'ignore'::text[])::text FROM stockhold.items t UNION ALL
SELECT 'locations', (to_jsonb(t) - :'ignore'::text[])::text FROM stockhold.locations t UNION ALL
SELECT 'stock_levels', (to_jsonb(t) - :'ignore'::text[])::text FROM stockhold.stock_levels t UNION ALL
SELECT 'sessions', (to_jsonb(t) - :'ignore'::text[])::text FROM stockhold.sessions t UNION ALL
SELECT 'orders', (to_jsonb(t) - :'ignore'::text[])::text FROM stockhold.orders t UNION ALL
SELECT 'checkouts', (to_jsonb(t) - :'ignore'::text[])::text FROM stockhold.checkouts t UNION ALL
SELECT 'holds', (to_jsonb(t) - :'ignore'::text[])::text FROM stockhold.holds t UNION ALL
SELECT 'ledger', (to_jsonb(t) - :'ignore'::text[])::text FROM stockhold.ledger t UNION ALL
SELECT 'alerts', (to_jsonb(t) - :'ignore'::text[])::text FROM stockhold.alerts t UNION ALL
SELECT 'idempotency_keys', (to_jsonb(t) - :'ignore'::text[])::text FROM stockhold.idempotency_keys t UNION ALL
SELECT 'idempotency_rows', (to_jsonb(t) - :'ignore'::text[])::text FROM stockhold.idempotency_rows t UNION ALL
SELECT 'session_totals', (to_jsonb(t) - :'ignore'::text[])::text FROM stockhold.session_totals t UNION ALL
SELECT 'availability', (to_jsonb(t) - :'ignore'::text[])::text FROM stockhold.availability t UNION ALL
SELECT 'item_availability', (to_jsonb(t) - :'ignore'::text[])::text FROM stockhold.item_availability t UNION ALL
SELECT 'low_stock', (to_jsonb(t) - :'ignore'::text[])::text FROM stockhold.low_stock t UNION ALL
SELECT 'order_lines', (to_jsonb(t) - :'ignore'::text[])::text FROM stockhold.order_lines t UNION ALL
SELECT 'violation', (to_jsonb(t) - :'ignore'::text[])::text FROM stockhold.check_invariants() t
ORDER BY 1, 2;
-- Lots (from 1.1 on).
SELECT to_regclass('stockhold.lots') IS NOT NULL AS has_lots \gset
\if :has_lots
SELECT 'lots', (to_jsonb(t) - :'ignore'::text[])::text FROM stockhold.lots t UNION ALL
SELECT 'lot_availability', (to_jsonb(t) - :'ignore'::text[])::text FROM stockhold.lot_availability t UNION ALL
SELECT 'expiring_lots', (to_jsonb(t) - :'ignore'::text[])::text FROM stockhold.expiring_lots t
ORDER BY 1, 2;
\endif
-- Backorder queues (from 1.3 on).
SELECT to_regclass('stockhold.backorder_lines') IS NOT NULL AS has_backorders \gset
\if :has_backorders
SELECT 'backorder_lines', (to_jsonb(t) - :'ignore'::text[])::text FROM stockhold.backorder_lines t UNION ALL
SELECT 'backorders', (to_jsonb(t) - :'ignore'::text[])::text FROM stockhold.backorders t UNION ALL
SELECT 'checkout_confirmations', (to_jsonb(t) - :'ignore'::text[])::text FROM stockhold.checkout_confirmations t
ORDER BY 1, 2;
\endif
-- Attached orders tables (from 1.3 on).
SELECT to_regclass('stockhold.order_status_sources') IS NOT NULL AS has_sources \gset
\if :has_sources
SELECT 'order_status_sources', (to_jsonb(t) - :'ignore'::text[])::text FROM stockhold.order_status_sources t UNION ALL
SELECT 'order_sync_failures', (to_jsonb(t) - :'ignore'::text[])::text FROM stockhold.order_sync_failures t
ORDER BY 1, 2;
\endif
