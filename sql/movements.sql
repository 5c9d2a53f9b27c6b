-- Every movement of stock is recorded, with the role that made it: the
-- ledger records movements of on_hand (receive, adjust, fulfil, return); a
-- hold row records its reservation (created_by, held_qty) and its release or
-- expiry (ended_by); the view movements shows them all as one ledger, and
-- each level's movements add up to its on_hand and reserved. The hold rows
-- keep that record: what they record never changes and none is deleted
-- (SH020), but for a superuser's repair, which check_invariants() then judges.
SET client_min_messages = warning;
DROP EXTENSION IF EXISTS stockhold CASCADE;
CREATE EXTENSION stockhold;
RESET client_min_messages;
CREATE ROLE movements_clerk;
GRANT stockhold_app TO movements_clerk;
SELECT stockhold.upsert_item('soap') > 0 AS soap;
SELECT stockhold.receive('soap', 10, reason => 'delivery');
SET ROLE movements_clerk;
SELECT qty FROM stockhold.hold('o1', '[{"sku": "soap", "qty": 4}]', ttl => '1 hour');
SELECT qty FROM stockhold.release('o1', '[{"sku": "soap", "qty": 1}]');
SELECT qty FROM stockhold.hold('o2', '[{"sku": "soap", "qty": 2}]', ttl => '1 millisecond');
RESET ROLE;
SELECT pg_sleep(0.01);
SELECT stockhold.expire_holds() AS expired;
SET ROLE movements_clerk;
SELECT qty FROM stockhold.fulfil('o1');
SELECT qty FROM stockhold.return_stock('o1', '[{"sku": "soap", "qty": 1}]');
RESET ROLE;
SELECT stockhold.adjust('soap', 8, reason => 'stock take');
SELECT movement, location, qty, on_hand_delta, reserved_delta, order_ref, reason, actor
  FROM stockhold.movements ORDER BY at, hold_id NULLS FIRST, movement;
SELECT l.on_hand, l.reserved,
       (SELECT sum(on_hand_delta) FROM stockhold.movements) AS moved_on_hand,
       (SELECT sum(reserved_delta) FROM stockhold.movements) AS moved_reserved
  FROM stockhold.availability l;
-- The ledger itself holds only the movements of on_hand.
SELECT movement, count(*) FROM stockhold.ledger GROUP BY 1 ORDER BY 1;

-- An order's own checkout (checkout_ref = order_ref) is no row of checkouts;
-- another customer's checkout is.
SELECT qty FROM stockhold.hold('o3', '[{"sku": "soap", "qty": 1}]', checkout_ref => 'o3-ann');
SELECT checkout_ref FROM stockhold.checkouts;
SELECT order_ref, checkout_ref, qty, status FROM stockhold.order_lines WHERE status = 'active' ORDER BY 1, 2;

-- The record does not change, and no hold row is deleted: SH020, nothing changed.
SELECT public.stockhold_digest() AS before \gset
UPDATE stockhold.holds SET created_by = 'someone' WHERE held_qty IS NOT NULL;
\echo :LAST_ERROR_SQLSTATE
UPDATE stockhold.holds SET held_qty = 100 WHERE held_qty IS NOT NULL;
\echo :LAST_ERROR_SQLSTATE
UPDATE stockhold.holds SET qty = qty + 1 WHERE status = 'active';
\echo :LAST_ERROR_SQLSTATE
UPDATE stockhold.holds SET end_reason = 'rewritten' WHERE status = 'released';
\echo :LAST_ERROR_SQLSTATE
UPDATE stockhold.holds SET status = 'active', ended_at = NULL WHERE status = 'expired';
\echo :LAST_ERROR_SQLSTATE
DELETE FROM stockhold.holds;
\echo :LAST_ERROR_SQLSTATE
SELECT public.stockhold_digest() = :'before' AS unchanged;
-- A superuser's repair may change it; check_invariants() says what no longer adds up.
SET stockhold.allow_direct_writes = on;
UPDATE stockhold.holds SET held_qty = held_qty + 1 WHERE order_id = (SELECT id FROM stockhold.orders WHERE order_ref = 'o3');
RESET stockhold.allow_direct_writes;
SELECT check_name, sku, location, detail FROM stockhold.check_invariants();
