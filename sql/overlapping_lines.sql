-- The lines of one fulfil(), return_stock() or release() are checked and
-- served together: overlapping lines never count the same hold or shipment
-- twice. fulfil and return_stock refuse (SH014, nothing changed) when the
-- lines together ask for more than there is; release gives back up to each
-- line's quantity, as much as the lines together allow. Lines are served
-- most specific first (location and lot, then one of them, then neither).
SET client_min_messages = warning;
DROP EXTENSION IF EXISTS stockhold CASCADE;
CREATE EXTENSION stockhold;
RESET client_min_messages;
SELECT stockhold.upsert_location('farm', priority => 10) > 0 AS farm;
SELECT stockhold.upsert_item('carrots', unit => 'kg') > 0 AS carrots;
SELECT stockhold.receive('carrots', 20), stockhold.receive('carrots', 20, 'farm');
CREATE TEMP VIEW carrots AS
  SELECT location, on_hand, reserved FROM stockhold.availability WHERE sku = 'carrots' ORDER BY location;

-- fulfil: two lines for the same 5 held are 10 asked: SH014, nothing shipped.
SELECT qty FROM stockhold.hold('o1', '[{"sku": "carrots", "qty": 5, "location": "default"}]');
SELECT public.stockhold_digest() AS before \gset
SELECT * FROM stockhold.fulfil('o1', '[{"sku": "carrots", "qty": 5}, {"sku": "carrots", "qty": 5, "location": "default"}]');
\echo :LAST_ERROR_SQLSTATE
SELECT public.stockhold_digest() = :'before' AS unchanged;
-- Lines that together fit are served, the one naming a location first.
SELECT qty FROM stockhold.hold('o1', '[{"sku": "carrots", "qty": 3, "location": "farm"}]');
SELECT * FROM stockhold.fulfil('o1', '[{"sku": "carrots", "qty": 5}, {"sku": "carrots", "qty": 3, "location": "farm"}]');
SELECT * FROM carrots;

-- return_stock: never more than shipped and not yet returned, all lines together.
SELECT public.stockhold_digest() AS before \gset
SELECT * FROM stockhold.return_stock('o1', '[{"sku": "carrots", "qty": 5}, {"sku": "carrots", "qty": 5, "location": "default"}]');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM stockhold.return_stock('o1', '[{"sku": "carrots", "qty": 6}, {"sku": "carrots", "qty": 3, "location": "farm"}]');
\echo :LAST_ERROR_SQLSTATE
SELECT public.stockhold_digest() = :'before' AS unchanged;
SELECT * FROM stockhold.return_stock('o1', '[{"sku": "carrots", "qty": 4}, {"sku": "carrots", "qty": 2, "location": "farm"}]');
SELECT * FROM carrots;

-- release: up to each line's quantity, no hold twice. Two lines for the same
-- 5 held release those 5 (not 10, and no error); releasing again is a no-op.
SELECT qty FROM stockhold.hold('r1', '[{"sku": "carrots", "qty": 5, "location": "default"}]');
SELECT * FROM stockhold.release('r1', '[{"sku": "carrots", "qty": 5}, {"sku": "carrots", "qty": 5, "location": "default"}]');
SELECT * FROM stockhold.release('r1', '[{"sku": "carrots", "qty": 5}]');
-- The line naming a location takes the holds there; the other takes the rest.
SELECT qty FROM stockhold.hold('r2', '[{"sku": "carrots", "qty": 2, "location": "default"}]');
SELECT qty FROM stockhold.hold('r2', '[{"sku": "carrots", "qty": 3, "location": "farm"}]');
SELECT * FROM stockhold.release('r2', '[{"sku": "carrots", "qty": 2}, {"sku": "carrots", "qty": 3, "location": "farm"}]');
SELECT * FROM carrots;

-- Lots: a line naming a location and a line naming a lot of the same item
-- compete for that lot's holds at that location. Holds: lot X at north (5),
-- lot Y at north (5), lot X at south (5). North 5 and lot X 10 fit (north
-- takes Y, lot X takes both X holds): shipped, though taking X at north for
-- the north line first would have left lot X short.
SELECT stockhold.upsert_location('north') > 0 AND stockhold.upsert_location('south') > 0 AS locations;
SELECT stockhold.upsert_item('milk', unit => 'l') > 0 AS milk;
SELECT stockhold.receive('milk', 5, 'north', lot => 'X'), stockhold.receive('milk', 5, 'north', lot => 'Y'),
       stockhold.receive('milk', 5, 'south', lot => 'X');
SELECT location, qty FROM stockhold.hold('m1', '[{"sku": "milk", "qty": 5, "location": "north", "lot": "X"},
    {"sku": "milk", "qty": 5, "location": "north", "lot": "Y"}, {"sku": "milk", "qty": 5, "location": "south", "lot": "X"}]')
 ORDER BY 1, 2;
SELECT public.stockhold_digest() AS before \gset
SELECT * FROM stockhold.fulfil('m1', '[{"sku": "milk", "qty": 10, "location": "north"}, {"sku": "milk", "qty": 10, "lot": "X"}]');
\echo :LAST_ERROR_SQLSTATE
SELECT public.stockhold_digest() = :'before' AS unchanged;
SELECT * FROM stockhold.fulfil('m1', '[{"sku": "milk", "qty": 5, "location": "north"}, {"sku": "milk", "qty": 10, "lot": "X"}]');
SELECT location, lot, status, qty FROM stockhold.order_lines WHERE order_ref = 'm1' ORDER BY 1, 2, 3;
-- The same shapes for return_stock: north 5 and lot X 10 of what shipped.
SELECT * FROM stockhold.return_stock('m1', '[{"sku": "milk", "qty": 5, "location": "north"}, {"sku": "milk", "qty": 10, "lot": "X"}]');
SELECT location, lot, on_hand, reserved FROM stockhold.lot_availability WHERE sku = 'milk' ORDER BY 1, 2;

SELECT * FROM stockhold.check_invariants();
