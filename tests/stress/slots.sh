#!/usr/bin/env bash
# A flash sale on one slotted item: 64 clients hold one to three units (and
# now and then half a unit) of an item split into 16 slots of uneven stock,
# releasing some, until it is sold out. Afterwards: no client failed, no
# deadlock in the server log, no invariant violated, and an exact sell-out:
# the active holds are exactly the stock, none of it left available.
source "$(dirname "$0")/../lib/common.bash"
clients=${STRESS_CLIENTS:-64} seconds=${STRESS_SECONDS:-15}

"${psql[@]}" <<'SQL' >/dev/null
CREATE SCHEMA sale;
SELECT stockhold.upsert_item('hot', low_stock_threshold => 50);
SELECT stockhold.receive('hot', 20000.5);
SELECT stockhold.set_slots('hot', 16);
-- Uneven slots: a hold of most of the stock, given back, leaves the spread
-- to the holds that follow.
SELECT count(*) FROM stockhold.hold('uneven', '[{"sku": "hot", "qty": 1234.5}]');
SELECT count(*) FROM stockhold.hold('uneven2', '[{"sku": "hot", "qty": 3}]');
SELECT count(*) FROM stockhold.release('uneven');
CREATE FUNCTION sale.step(client int, r int) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  ref text := 'c' || client || '-' || r % 50;
  qty numeric := CASE WHEN r % 11 = 0 THEN 0.5 ELSE 1 + r % 3 END;
BEGIN
  IF r % 17 = 0 THEN
    PERFORM stockhold.release(ref);
  ELSE
    PERFORM stockhold.hold(ref, jsonb_build_array(jsonb_build_object('sku', 'hot', 'qty', qty)));
  END IF;
  RETURN 'ok';
EXCEPTION WHEN SQLSTATE 'SH001' OR SQLSTATE 'SH004' THEN
  RETURN SQLSTATE;
END $$;
SQL
cat >"$work/step.pgbench" <<'PGB'
\set r random(1, 1000000000)
SELECT sale.step(:client_id, :r);
PGB
echo "flash sale: $clients clients for ${seconds}s on one item in 16 slots"
load_clients "$clients" "$seconds" "$work/step.pgbench"
invariants_hold "after the sale"

# Whatever the clients left, hold the rest one unit at a time, then the
# fraction: every unit ends up held exactly once.
"${psql[@]}" <<'SQL'
DO $$
DECLARE n int := 0;
BEGIN
  LOOP
    BEGIN
      PERFORM stockhold.hold('last-' || n, '[{"sku": "hot", "qty": 1}]');
      n := n + 1;
    EXCEPTION WHEN SQLSTATE 'SH001' THEN EXIT;
    END;
  END LOOP;
  PERFORM stockhold.hold('last-rest', '[{"sku": "hot", "qty": 1}]', partial => true);
  RAISE NOTICE 'after the sale: % more single units held', n;
END $$;
SQL
state=$("${psql[@]}" -At -c "SELECT (SELECT sum(available) FROM stockhold.stock_levels),
                                     (SELECT sum(qty) FROM stockhold.holds WHERE status = 'active')
                                      = (SELECT sum(on_hand) FROM stockhold.stock_levels),
                                     (SELECT count(*) FROM stockhold.holds WHERE status = 'active')")
IFS='|' read -r left exact holds <<<"$state"
if [ "$left" != 0 ] || [ "$exact" != t ]; then
    "${psql[@]}" -c "SELECT slot, on_hand, reserved, available FROM stockhold.stock_levels ORDER BY slot"
    fail "sell-out not exact (available left: $left)"
fi
echo "exact sell-out: 20000.5 units, $holds active holds, nothing left available"
"${psql[@]}" -c "SELECT * FROM stockhold.low_stock"
invariants_hold "after the sell-out"
echo "stress: 1 passed, 0 failed"
