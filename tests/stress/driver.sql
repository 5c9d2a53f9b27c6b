-- Stress driver: one random stockhold call per transaction. Refusals the docs
-- promises (out of stock, unknown checkout, wrong state, ...) are counted as
-- outcomes; anything else (a deadlock, an internal error) fails the client.
CREATE SCHEMA stress;
CREATE FUNCTION stress.lines(a int, b int, c int, qty numeric) RETURNS jsonb LANGUAGE sql AS $$
  SELECT jsonb_agg(jsonb_build_object('sku', 'sku' || s, 'qty', qty))
    FROM unnest(ARRAY[a, b, c]) s
$$;
CREATE FUNCTION stress.step(client int, r int, a int, b int, c int) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  ref text := 'o' || client || '-' || (r % 40);
  qty numeric := CASE WHEN r % 7 = 0 THEN 0.5 ELSE 1 + r % 2 END;
BEGIN
  IF r <= 45 THEN
    PERFORM stockhold.hold(ref, stress.lines(a, b, CASE WHEN r % 3 = 0 THEN c ELSE a END, qty),
                           ttl => CASE WHEN r % 4 = 0 THEN interval '1 second' END);
  ELSIF r <= 58 THEN
    PERFORM stockhold.release(ref);
  ELSIF r <= 65 THEN
    PERFORM stockhold.release(ref, stress.lines(a, a, a, 0.5));
  ELSIF r <= 78 THEN
    PERFORM stockhold.confirm(ref);
  ELSIF r <= 83 THEN
    PERFORM stockhold.expire_holds(50);
  ELSIF r <= 88 THEN
    PERFORM stockhold.fulfil(ref, release_remainder => r % 2 = 0);
  ELSIF r <= 96 THEN
    PERFORM stockhold.cancel(ref);
  ELSE
    -- restock, so stock keeps flowing through holds and shipments
    PERFORM stockhold.receive('sku' || a, 1 + r % 2, CASE WHEN r % 2 = 0 THEN 'front' ELSE 'back' END,
                              lot => CASE WHEN a >= 4 THEN 'L' || r % 3 END,
                              best_before => CASE WHEN a = 4 THEN current_date + r % 3 END);
  END IF;
  RETURN 'ok';
EXCEPTION WHEN SQLSTATE 'SH001' OR SQLSTATE 'SH004' OR SQLSTATE 'SH011' OR SQLSTATE 'SH012' THEN
  RETURN SQLSTATE;
END $$;

-- Five SKUs with little stock, over two locations; sku4 (fefo, with an
-- expired lot that must never be held) and sku5 (fifo) are kept in lots.
SELECT stockhold.upsert_location('front', priority => 1), stockhold.upsert_location('back', priority => 2);
SELECT stockhold.upsert_item('sku' || i, low_stock_threshold => 3,
                             strategy => CASE i WHEN 4 THEN 'fefo' WHEN 5 THEN 'fifo' END) FROM generate_series(1, 5) i;
SELECT stockhold.receive('sku' || i, 10 + i, 'front', lot => CASE WHEN i >= 4 THEN 'L0' END,
                         best_before => CASE WHEN i = 4 THEN current_date END),
       stockhold.receive('sku' || i, 2 * i + 0.5, 'back', lot => CASE WHEN i >= 4 THEN 'L1' END,
                         best_before => CASE WHEN i = 4 THEN current_date + 1 END)
  FROM generate_series(1, 5) i;
SELECT stockhold.receive('sku4', 3, 'back', lot => 'OLD', best_before => current_date - 1);
