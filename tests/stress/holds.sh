#!/usr/bin/env bash
# Bounded stress run: 16 clients of random multi-line holds, releases,
# confirms, fulfils, cancels and expiry sweeps on five thinly stocked SKUs
# over two locations, two of them kept in lots (fefo with an expired lot, fifo).
# Afterwards: no client failed, no deadlock in the server log, no invariant
# violated, and an exact sell-out (what is held equals what is on hand).
source "$(dirname "$0")/../lib/common.bash"
clients=${STRESS_CLIENTS:-16} seconds=${STRESS_SECONDS:-20}

"${psql[@]}" -f "$here/driver.sql" >/dev/null
echo "stress: $clients clients for ${seconds}s"
load_clients "$clients" "$seconds" "$here/step.pgbench"

invariants_hold "after the run"
"${psql[@]}" -c "SELECT movement, count(*) FROM stockhold.movements GROUP BY 1 ORDER BY 1"

# Exact sell-out: restock every SKU, then hold one unit at a time until SH001, then what is left (a
# fraction) with partial => true. Every unit on hand ends up held, none twice.
"${psql[@]}" -c "SELECT stockhold.receive('sku' || i, 7, 'back', lot => CASE WHEN i >= 4 THEN 'L1' END)
                   FROM generate_series(1, 5) i" >/dev/null
"${psql[@]}" <<'SQL'
DO $$
DECLARE i int; n int := 0;
BEGIN
  FOR i IN 1..5 LOOP
    LOOP
      BEGIN  -- one subtransaction per hold, so SH001 undoes only the last attempt
        PERFORM stockhold.hold('sellout-' || i || '-' || n, jsonb_build_array(jsonb_build_object('sku', 'sku' || i, 'qty', 1)));
        n := n + 1;
      EXCEPTION WHEN SQLSTATE 'SH001' THEN EXIT;
      END;
    END LOOP;
    PERFORM stockhold.hold('sellout-rest-' || i, jsonb_build_array(jsonb_build_object('sku', 'sku' || i, 'qty', 1)), partial => true);
  END LOOP;
  RAISE NOTICE 'sell-out: % single-unit holds', n;
END $$;
SQL
# Expired lots are never held: they are all that is left.
expired="(SELECT coalesce(sum(on_hand), 0) FROM stockhold.lots WHERE best_before < current_date)"
left=$("${psql[@]}" -At -c "SELECT (SELECT sum(available) FROM stockhold.stock_levels) = $expired
                                 AND NOT EXISTS (SELECT FROM stockhold.lots WHERE best_before < current_date AND reserved > 0)")
held=$("${psql[@]}" -At -c "SELECT (SELECT sum(qty) FROM stockhold.holds WHERE status = 'active')
                                 = (SELECT sum(on_hand) FROM stockhold.stock_levels) - $expired")
if [ "$left" != t ] || [ "$held" != t ]; then
    "${psql[@]}" -c "SELECT * FROM stockhold.availability ORDER BY 1, 2" -c "SELECT * FROM stockhold.lot_availability ORDER BY 1, 2, 3"
    fail "sell-out not exact"
fi
echo "exact sell-out: every unit on hand that is not past its best-before is held, none twice"
invariants_hold "after the sell-out"
echo "stress: 1 passed, 0 failed"
