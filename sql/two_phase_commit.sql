-- Two-phase commit: a transaction that holds stock can end with PREPARE
-- TRANSACTION and COMMIT PREPARED or ROLLBACK PREPARED. PostgreSQL refuses
-- to prepare a transaction that ran NOTIFY (0A000), so a transaction whose
-- hold raises a low-stock alert prepares only with stockhold.notify = off;
-- the alert row is written either way. (two_phase_commit_1.out: a server
-- with max_prepared_transactions = 0, where PREPARE TRANSACTION is 55000.)
SET client_min_messages = warning;
DROP EXTENSION IF EXISTS stockhold CASCADE;
CREATE EXTENSION stockhold;
RESET client_min_messages;
SELECT stockhold.upsert_item('eggs', low_stock_threshold => 2) > 0 AS eggs;
SELECT stockhold.receive('eggs', 5);

-- With the NOTIFY on, PREPARE fails and the transaction rolls back.
SELECT public.stockhold_digest() AS before \gset
BEGIN;
SELECT qty FROM stockhold.hold('o1', '[{"sku": "eggs", "qty": 4}]');
PREPARE TRANSACTION 'stockhold-notify';
\echo :LAST_ERROR_SQLSTATE
SELECT public.stockhold_digest() = :'before' AS unchanged;

-- With stockhold.notify = off the same transaction prepares; until COMMIT
-- PREPARED, nothing of it is visible.
SET stockhold.notify = off;
BEGIN;
SELECT qty FROM stockhold.hold('o1', '[{"sku": "eggs", "qty": 4}]');
PREPARE TRANSACTION 'stockhold-1';
SELECT public.stockhold_digest() = :'before' AS unchanged_until_commit;
COMMIT PREPARED 'stockhold-1';
SELECT sku, on_hand, reserved, available FROM stockhold.availability;
SELECT sku, available, low_stock_threshold FROM stockhold.low_stock;

-- ROLLBACK PREPARED leaves nothing behind.
SELECT public.stockhold_digest() AS before \gset
BEGIN;
SELECT qty FROM stockhold.hold('o2', '[{"sku": "eggs", "qty": 1}]');
SELECT stockhold.receive('eggs', 10);
PREPARE TRANSACTION 'stockhold-2';
ROLLBACK PREPARED 'stockhold-2';
SELECT public.stockhold_digest() = :'before' AS unchanged;

-- Releasing and fulfilling prepare too; the invariants hold throughout.
BEGIN;
SELECT qty FROM stockhold.release('o1', '[{"sku": "eggs", "qty": 1}]');
SELECT qty FROM stockhold.fulfil('o1');
PREPARE TRANSACTION 'stockhold-3';
COMMIT PREPARED 'stockhold-3';
SELECT sku, on_hand, reserved, available FROM stockhold.availability;
RESET stockhold.notify;
SELECT * FROM stockhold.check_invariants();
