-- Data tables and their sequences are the user's data: pg_dump keeps them.
-- Every location is dumped, 'default' too: CREATE EXTENSION makes it again on
-- restore, and trigger locations_restore_default merges the dumped row into it.
SELECT pg_catalog.pg_extension_config_dump('stockhold.items', '');
SELECT pg_catalog.pg_extension_config_dump('stockhold.locations', '');
SELECT pg_catalog.pg_extension_config_dump('stockhold.stock_levels', '');
SELECT pg_catalog.pg_extension_config_dump('stockhold.lots', '');
SELECT pg_catalog.pg_extension_config_dump('stockhold.sessions', '');
SELECT pg_catalog.pg_extension_config_dump('stockhold.orders', '');
SELECT pg_catalog.pg_extension_config_dump('stockhold.session_orders', '');
SELECT pg_catalog.pg_extension_config_dump('stockhold.checkouts', '');
SELECT pg_catalog.pg_extension_config_dump('stockhold.holds', '');
SELECT pg_catalog.pg_extension_config_dump('stockhold.ledger', '');
SELECT pg_catalog.pg_extension_config_dump('stockhold.backorder_lines', '');
SELECT pg_catalog.pg_extension_config_dump('stockhold.checkout_confirmations', '');
SELECT pg_catalog.pg_extension_config_dump('stockhold.alerts', '');
SELECT pg_catalog.pg_extension_config_dump('stockhold.idempotency_keys', '');
SELECT pg_catalog.pg_extension_config_dump('stockhold.idempotency_rows', '');
SELECT pg_catalog.pg_extension_config_dump('stockhold.session_totals', '');
SELECT pg_catalog.pg_extension_config_dump('stockhold.order_status_sources', '');
SELECT pg_catalog.pg_extension_config_dump('stockhold.order_sync_failure_log', '');
SELECT pg_catalog.pg_extension_config_dump('stockhold.items_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('stockhold.locations_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('stockhold.stock_levels_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('stockhold.lots_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('stockhold.sessions_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('stockhold.orders_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('stockhold.checkouts_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('stockhold.holds_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('stockhold.ledger_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('stockhold.backorder_lines_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('stockhold.alerts_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('stockhold.order_sync_failure_log_id_seq', '');
