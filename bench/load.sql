-- The catalogue: :items items, each with plenty of stock at the default
-- location, loaded identically into stockhold, the reference and the floor.
SET client_min_messages = warning;
CREATE EXTENSION stockhold;
\i reference.sql
\i floor.sql
SELECT count(stockhold.upsert_item('i' || g)) FROM generate_series(1, :items) g;
SELECT count(stockhold.receive('i' || g, 1000000)) FROM generate_series(1, :items) g;
-- One hot item split into 16 slots, with stock for every hold of a run.
SELECT stockhold.upsert_item('hot16') > 0, stockhold.receive('hot16', 100000000) > 0, stockhold.set_slots('hot16', 16);
INSERT INTO ref.items (sku) SELECT 'i' || g FROM generate_series(1, :items) g;
INSERT INTO ref.levels (item_id, location_id, on_hand, available) SELECT id, 1, 1000000, 1000000 FROM ref.items;
INSERT INTO floor.levels (id, on_hand) SELECT g, 1000000 FROM generate_series(1, :items) g;
-- The hot SKU (i1) takes every hot-scenario hold of a run: 1,000,000 units ran
-- out in a run with huge pages, so it has a hundred times as many.
SELECT stockhold.receive('i1', 99000000) > 0;
UPDATE ref.levels SET on_hand = on_hand + 99000000, available = available + 99000000
 WHERE item_id = (SELECT id FROM ref.items WHERE sku = 'i1');
UPDATE floor.levels SET on_hand = on_hand + 99000000 WHERE id = 1;
VACUUM ANALYZE;
