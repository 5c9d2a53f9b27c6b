-- Backorders (1.3 and later): a queue of three lines on one item (one at a
-- named location, one of a confirmed checkout), a partial fill, a filled
-- and a withdrawn line, so that restored data must keep the queue's order.
\set ON_ERROR_STOP 1
SELECT stockhold.upsert_item('jam');
SELECT stockhold.receive('jam', 1, 'shop');
SELECT count(*) FROM stockhold.hold('j-1', '[{"sku": "jam", "qty": 3}]', ttl => '1 hour', backorder => true);
SELECT count(*) FROM stockhold.hold('j-2', '[{"sku": "jam", "qty": 2, "location": "farm"}]', backorder => true);
SELECT count(*) FROM stockhold.hold('j-3', '[{"sku": "jam", "qty": 2}]', ttl => '1 hour', backorder => true);
SELECT stockhold.confirm('j-3');
SELECT count(*) FROM stockhold.hold('j-4', '[{"sku": "jam", "qty": 1}]', backorder => true);
SELECT count(*) FROM stockhold.cancel('j-4');
SELECT stockhold.receive('jam', 1, 'shop');
