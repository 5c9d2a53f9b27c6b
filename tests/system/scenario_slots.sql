-- Slotted stock levels (1.3 and later): a hot item in 8 slots with a
-- low-stock threshold (guards set), holds on several slots, a count lowered
-- to 3 so that rows beyond it keep their holds, a lot-tracked item in slots.
\set ON_ERROR_STOP 1
SELECT stockhold.upsert_item('ticket', low_stock_threshold => 10);
SELECT stockhold.receive('ticket', 100, 'shop');
SELECT stockhold.set_slots('ticket', 8);
SELECT count(*) FROM stockhold.hold('t-1', '[{"sku": "ticket", "qty": 30}]');
SELECT count(*) FROM stockhold.hold('t-2', '[{"sku": "ticket", "qty": 2}]');
SELECT count(*) FROM stockhold.hold('t-3', '[{"sku": "ticket", "qty": 5}]', ttl => '1 hour');
SELECT stockhold.set_slots('ticket', 3);
SELECT count(*) FROM stockhold.hold('t-4', '[{"sku": "ticket", "qty": 1}]');
SELECT stockhold.upsert_item('cheese', strategy => 'fifo');
SELECT stockhold.receive('cheese', 5, 'farm', lot => 'C1'), stockhold.receive('cheese', 5, 'farm', lot => 'C2');
SELECT stockhold.set_slots('cheese', 4);
SELECT count(*) FROM stockhold.hold('ch-1', '[{"sku": "cheese", "qty": 6}]');
