-- The floor: one conditional UPDATE of a level and one INSERT of a hold per
-- transaction, on bare tables. Nothing can do less and still hold stock.
CREATE SCHEMA floor;
CREATE TABLE floor.levels (id bigint PRIMARY KEY, on_hand numeric NOT NULL, reserved numeric NOT NULL DEFAULT 0)
    WITH (fillfactor = 70);
CREATE TABLE floor.holds (id bigserial PRIMARY KEY, level_id bigint NOT NULL, qty numeric NOT NULL);
