#!/usr/bin/env bash
# Backorder queues under load: 32 clients hold one or two of four thinly
# stocked SKUs with backorder => true (a TTL on a third of them), release
# their checkouts (whole, or part, which withdraws waiting quantities first),
# cancel, confirm, fulfil (with and without release_remainder) and sweep
# expired holds, a fifth of it in REPEATABLE READ, while client 0 keeps adding
# stock: receive, return_stock of what was shipped, adjust upward, and now and
# then a first receipt at a new location. A bounded number of transactions
# (-t), so the outcome does not depend on machine speed. At READ COMMITTED a
# 40001 is retried by pgbench; a REPEATABLE READ step that meets one is given
# up (undone). A final receipt of exactly what still waits drains the queues.
# Checked:
# - no client error, no failed transaction, no deadlock or crash; in the
#   server log no error but the documented 40001 retries (a backorder hold
#   whose item got a new stock level, a withdrawal that met a fill being
#   expired or made at a new level); check_invariants() empty (invariant 7
#   included);
# - release (whole), cancel and fulfil with release_remainder leave nothing
#   held or waiting (checked in the same transaction, right after the call);
# - every unit accounted for per sku and location: on_hand = received +
#   returned + adjusted - shipped (as the calls reported them, and as the
#   ledger says), reserved = the active holds, nothing negative;
# - each hold() call held plus queued exactly what it asked, its held rows are
#   its holds; per checkout and sku, fills plus what waits never exceed what
#   was queued, and equal it when nothing was withdrawn;
# - first come, first served: per item, fills in hold id order (ids are taken
#   under the item's lock) never go back in queued_at (fills: holds with
#   queued_at and created_by set), and no ordinary hold took stock while a
#   line queued before its transaction began still waited;
# - the drain fills every waiting line with exactly its quantity.
source "$(dirname "$0")/../lib/common.bash"
clients=${STRESS_CLIENTS:-32} transactions=${STRESS_TRANSACTIONS:-150}

"${psql[@]}" <<'SQL' >/dev/null
CREATE SCHEMA bo;
-- Each client's four order slots; an order cancelled or fulfilled is done
-- with (gen moves on), so every hold goes to a Held order.
CREATE TABLE bo.slots (client int, slot int, gen int NOT NULL DEFAULT 0, PRIMARY KEY (client, slot));
-- Checkouts that held something; withdrew: a release, cancel or fulfil with
-- release_remainder may have withdrawn waiting quantities.
CREATE TABLE bo.checkouts (checkout_ref text PRIMARY KEY, order_ref text NOT NULL, withdrew boolean NOT NULL DEFAULT false);
-- Each hold() call: its lines and the rows it returned.
CREATE TABLE bo.calls (id bigserial PRIMARY KEY, order_ref text, checkout_ref text);
CREATE TABLE bo.asked (call bigint, sku text, qty numeric);
CREATE TABLE bo.answered (call bigint, hold_id bigint, sku text, location text, qty numeric, expires_at timestamptz);
-- Stock moved, as the calls reported it: receive, return, adjust (+), ship (-).
CREATE TABLE bo.moves (id bigserial PRIMARY KEY, kind text, order_ref text, sku text, location text, qty numeric);
CREATE TABLE bo.actions (client int, action text, outcome text);
CREATE SEQUENCE bo.docks;

CREATE FUNCTION bo.step(client int, r int, a int, b int, q int, s int, alt int, rr boolean) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  g int;
  ord text;
  co text;
  qty numeric := CASE WHEN q = 1 THEN 0.5 ELSE q - 1 END;
  lines jsonb;
  call_id bigint;
  act text;
  outcome text := 'ok';
BEGIN
  SELECT gen INTO g FROM bo.slots WHERE slots.client = step.client AND slot = s;
  ord := 'c' || client || '-' || s || '-' || g;
  co := CASE WHEN alt = 1 THEN ord || '/b' ELSE ord END;
  BEGIN
  IF r <= 45 THEN
    act := 'hold';
    lines := jsonb_build_array(jsonb_build_object('sku', 'b' || a, 'qty', qty));
    IF a <> b AND r % 2 = 0 THEN
      lines := lines || jsonb_build_array(jsonb_build_object('sku', 'b' || b, 'qty', 1 + r % 3));
    END IF;
    INSERT INTO bo.checkouts VALUES (co, ord) ON CONFLICT DO NOTHING;
    INSERT INTO bo.calls (order_ref, checkout_ref) VALUES (ord, co) RETURNING id INTO call_id;
    INSERT INTO bo.asked SELECT call_id, l->>'sku', (l->>'qty')::numeric FROM jsonb_array_elements(lines) l;
    INSERT INTO bo.answered
      SELECT call_id, h.hold_id, h.sku, h.location, h.qty, h.expires_at
        FROM stockhold.hold(ord, lines, checkout_ref => co, ttl => CASE WHEN r % 3 = 0 THEN interval '1 second' END,
                            backorder => true) h;
  ELSIF r >= 94 THEN
    act := 'expire_holds';
    PERFORM stockhold.expire_holds(20);
  ELSIF NOT EXISTS (SELECT FROM bo.checkouts WHERE checkout_ref = co) THEN
    act := 'other'; outcome := 'nothing held yet';
  ELSIF r <= 58 THEN
    act := 'release';
    PERFORM stockhold.release(co);
    UPDATE bo.checkouts SET withdrew = true WHERE checkout_ref = co;
  ELSIF r <= 70 THEN
    act := 'release part';
    PERFORM stockhold.release(co, jsonb_build_array(jsonb_build_object('sku', 'b' || a, 'qty', qty)));
    UPDATE bo.checkouts SET withdrew = true WHERE checkout_ref = co;
  ELSIF r <= 78 THEN
    act := 'cancel';
    PERFORM stockhold.cancel(ord);
    UPDATE bo.checkouts SET withdrew = true WHERE order_ref = ord;
    UPDATE bo.slots SET gen = gen + 1 WHERE slots.client = step.client AND slot = s;
  ELSIF r <= 85 THEN
    act := CASE WHEN r % 2 = 0 THEN 'fulfil, release_remainder' ELSE 'fulfil' END;
    INSERT INTO bo.moves (kind, order_ref, sku, location, qty)
      SELECT 'ship', ord, f.sku, f.location, -f.qty FROM stockhold.fulfil(ord, release_remainder => r % 2 = 0) f;
    IF r % 2 = 0 THEN
      UPDATE bo.checkouts SET withdrew = true WHERE order_ref = ord;
    END IF;
    UPDATE bo.slots SET gen = gen + 1 WHERE slots.client = step.client AND slot = s;
  ELSE
    act := 'confirm';
    BEGIN
      PERFORM stockhold.confirm(co);
    EXCEPTION WHEN SQLSTATE 'SH012' THEN  -- its expired holds' stock is gone: documented
      outcome := SQLSTATE;
    END;
  END IF;
  -- What release (whole), cancel and fulfil with release_remainder leave:
  -- nothing held, nothing waiting (only this client holds for its orders,
  -- and a fill needs a waiting line). At READ COMMITTED this statement sees
  -- whatever committed before it, a fill racing the call included.
  IF NOT rr AND act IN ('release', 'cancel', 'fulfil, release_remainder')
     AND EXISTS (SELECT FROM stockhold.order_lines
                  WHERE status IN ('active', 'waiting')
                    AND CASE WHEN act = 'release' THEN checkout_ref = co ELSE order_ref = ord END) THEN
    outcome := 'still held or waiting afterwards';
  END IF;
  EXCEPTION WHEN serialization_failure THEN
    -- A REPEATABLE READ caller whose snapshot missed a change: under this
    -- contention a retry would mostly fail again, so the step is given up
    -- (undone with its bookkeeping). At READ COMMITTED it goes to pgbench.
    IF NOT rr THEN RAISE; END IF;
    outcome := SQLSTATE;
  END;
  INSERT INTO bo.actions VALUES (client, act, outcome);
END $$;

-- Client 0: stock comes in.
CREATE FUNCTION bo.supply(r int, a int, q int) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  v_sku text := 'b' || a;
  loc text := CASE WHEN r % 3 = 0 THEN 'farm' ELSE 'default' END;
  amount numeric := q + CASE WHEN r % 4 = 0 THEN 0.5 ELSE 0 END;
  ord text;
  left_qty numeric;
  before numeric;
  act text;
BEGIN
  IF r <= 70 THEN
    act := 'receive';
    PERFORM stockhold.receive(v_sku, amount, loc);
    INSERT INTO bo.moves (kind, sku, location, qty) VALUES ('receive', v_sku, loc, amount);
  ELSIF r <= 85 THEN
    act := 'return_stock';
    SELECT m.order_ref, m.sku, -sum(m.qty) INTO ord, v_sku, left_qty
      FROM bo.moves m WHERE m.kind IN ('ship', 'return')
     GROUP BY 1, 2 HAVING sum(m.qty) < 0 ORDER BY random() LIMIT 1;
    IF FOUND THEN
      INSERT INTO bo.moves (kind, order_ref, sku, location, qty)
        SELECT 'return', ord, rs.sku, rs.location, rs.qty
          FROM stockhold.return_stock(ord, jsonb_build_array(jsonb_build_object('sku', v_sku, 'qty', least(left_qty, amount)))) rs;
    END IF;
  ELSIF r <= 95 THEN
    -- A stock take that finds more: the item's levels locked first, in the
    -- global lock order (location, slot) adjust keeps, so that what it adds
    -- is known exactly.
    act := 'adjust';
    PERFORM FROM stockhold.stock_levels WHERE item_id = (SELECT id FROM stockhold.items WHERE sku = v_sku)
      ORDER BY location_id, slot FOR UPDATE;
    SELECT sl.on_hand INTO before
      FROM stockhold.stock_levels sl JOIN stockhold.items i ON i.id = sl.item_id
      JOIN stockhold.locations l ON l.id = sl.location_id
     WHERE i.sku = v_sku AND l.code = loc AND sl.slot = 0;
    PERFORM stockhold.adjust(v_sku, before + amount, loc);
    INSERT INTO bo.moves (kind, sku, location, qty) VALUES ('adjust', v_sku, loc, amount);
  ELSE
    -- A first receipt at a new location: a new stock level appears under
    -- the holds deciding what to queue (they retry, 40001).
    act := 'receive at a new location';
    loc := 'dock' || nextval('bo.docks');
    PERFORM stockhold.upsert_location(loc, priority => 50);
    PERFORM stockhold.receive(v_sku, amount, loc);
    INSERT INTO bo.moves (kind, sku, location, qty) VALUES ('receive', v_sku, loc, amount);
  END IF;
  INSERT INTO bo.actions VALUES (0, act, 'ok');
END $$;

SELECT stockhold.upsert_location('farm', priority => 10);
SELECT stockhold.upsert_item('b' || i, low_stock_threshold => 2) FROM generate_series(1, 4) i;
SELECT stockhold.receive('b' || i, 6, loc) FROM generate_series(1, 4) i, unnest(ARRAY['default', 'farm']) loc;
INSERT INTO bo.moves (kind, sku, location, qty) SELECT 'receive', 'b' || i, loc, 6 FROM generate_series(1, 4) i, unnest(ARRAY['default', 'farm']) loc;
SQL
"${psql[@]}" -c "INSERT INTO bo.slots SELECT c, s FROM generate_series(1, $clients) c, generate_series(0, 3) s" >/dev/null

cat >"$work/backorders.pgbench" <<'PGB'
\set r random(1, 100)
\set a random(1, 4)
\set b random(1, 4)
\set q random(1, 4)
\set s random(0, 3)
\set alt random(0, 1)
\set iso random(1, 100)
\if :client_id = 0
SELECT bo.supply(:r, :a, 1 + :q * 3);
\elif :iso <= 20
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT bo.step(:client_id, :r, :a, :b, :q, :s, :alt, true);
END;
\else
SELECT bo.step(:client_id, :r, :a, :b, :q, :s, :alt, false);
\endif
PGB

total=$((clients + 1))
echo "backorders: $clients clients and a receiver, $transactions transactions each"
log_lines=0
if [ -n "${STOCKHOLD_CLUSTER_DIR:-}" ]; then log_lines=$(wc -l <"$STOCKHOLD_CLUSTER_DIR/server.log"); fi
out=$(pgbench -n -c "$total" -j 2 -t "$transactions" --max-tries=100 -f "$work/backorders.pgbench" 2>&1) ||
    { echo "$out"; fail "pgbench"; }
echo "$out" | grep -E "transactions actually processed|failed transactions|retried|total number of retries" || true
if echo "$out" | grep -qE "aborted|client [0-9]+ .*error"; then echo "$out" | tail -20; fail "a client aborted"; fi
failed=$(echo "$out" | sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p')
[ "$failed" = 0 ] || { echo "$out" | tail -20; fail "failed transactions: ${failed:-unknown}"; }
if [ -n "${STOCKHOLD_CLUSTER_DIR:-}" ]; then
    log=$STOCKHOLD_CLUSTER_DIR/server.log
    if grep -E -A4 "deadlock detected|PANIC|TRAP" "$log"; then fail "deadlock or crash in the server log"; fi
    # log_line_prefix '%m [%p] %e ': the SQLSTATE of every error a client
    # met. At READ COMMITTED (REPEATABLE READ steps catch theirs) the only
    # 40001s are the documented retries: a backorder hold whose item got a
    # new stock level, and a withdrawal that met a fill being expired or one
    # made at a new stock level.
    errors=$(tail -n +"$((log_lines + 1))" "$log" | grep -E ' (ERROR|FATAL): ' || true)
    others=$(grep -vE '\] 40001 ERROR:  (sku b[0-9] got a new stock level while this hold decided what to queue|a hold of this order (is being ended by another transaction|was made at a stock level made meanwhile))$' <<<"$errors" || true)
    if [ -n "$others" ]; then sed "s/^[^]]*\] //" <<<"$others" | cut -c1-200 | sort | uniq -c | sort -rn | head -20; fail "unexpected errors in the server log"; fi
    echo "server log: $(grep -c . <<<"$errors" || true) retries (40001: a hold or a withdrawal that met a new stock level, a withdrawal that met an expiry), no other error"
fi
"${psql[@]}" -c "SELECT action, outcome, count(*) FROM bo.actions GROUP BY 1, 2 ORDER BY 1, 2"
invariants_hold "after the run"

# Drain: receive exactly what waits, per sku; every waiting line must be filled
# by it (available stays 0), each by exactly its quantity.
"${psql[@]}" <<'SQL' >/dev/null
CREATE TABLE bo.waiting_before AS
  SELECT b.id, b.order_id, b.checkout_id, i.sku, b.qty, b.queued_at FROM stockhold.backorder_lines b JOIN stockhold.items i ON i.id = b.item_id;
CREATE TABLE bo.max_hold AS SELECT max(id) AS id FROM stockhold.holds;
SELECT stockhold.receive(sku, sum(qty)) FROM bo.waiting_before GROUP BY sku ORDER BY sku;
INSERT INTO bo.moves (kind, sku, location, qty) SELECT 'receive', sku, 'default', sum(qty) FROM bo.waiting_before GROUP BY sku;
SQL
"${psql[@]}" -c "SELECT sku, count(*) AS lines_drained, sum(qty) AS qty_drained FROM bo.waiting_before GROUP BY 1 ORDER BY 1"
invariants_hold "after the drain"

# check LABEL QUERY: the query returns the rows that break a rule; none, or
# they are shown and the test fails.
check() {
    local rows
    rows=$("${psql[@]}" -c "$2")
    if ! grep -q '^(0 rows)$' <<<"$rows"; then echo "$rows"; fail "$1"; fi
    echo "ok: $1"
}

check "release (whole), cancel and fulfil with release_remainder left nothing held or waiting" "
  SELECT action, outcome, count(*) FROM bo.actions WHERE outcome = 'still held or waiting afterwards' GROUP BY 1, 2"
check "the drain filled every waiting line (nothing waits, nothing left available)" "
  SELECT 'waiting' AS what, sku, qty FROM stockhold.backorders
  UNION ALL SELECT 'available', sku, available FROM stockhold.item_availability
             WHERE available <> 0 AND sku IN (SELECT sku FROM bo.waiting_before)"
check "the drain filled each line with exactly its quantity" "
  SELECT w.*, f.filled FROM bo.waiting_before w
    FULL JOIN (SELECT h.order_id, h.checkout_id, i.sku, h.queued_at, sum(h.held_qty) AS filled
                 FROM stockhold.holds h JOIN stockhold.items i ON i.id = h.item_id
                WHERE h.id > (SELECT id FROM bo.max_hold) AND h.created_by IS NOT NULL
                GROUP BY 1, 2, 3, 4) f
      ON (f.order_id, coalesce(f.checkout_id, 0), f.sku, f.queued_at) = (w.order_id, coalesce(w.checkout_id, 0), w.sku, w.queued_at)
   WHERE w.qty IS DISTINCT FROM f.filled"

check "nothing negative, reserved = the level's active holds" "
  SELECT i.sku, l.code, sl.on_hand, sl.reserved, sl.available, h.held
    FROM stockhold.stock_levels sl JOIN stockhold.items i ON i.id = sl.item_id JOIN stockhold.locations l ON l.id = sl.location_id
    LEFT JOIN (SELECT item_id, location_id, sum(qty) AS held FROM stockhold.holds WHERE status = 'active' GROUP BY 1, 2) h
      ON (h.item_id, h.location_id) = (sl.item_id, sl.location_id)
   WHERE sl.on_hand < 0 OR sl.reserved < 0 OR sl.available < 0 OR sl.available <> sl.on_hand - sl.reserved
      OR sl.reserved <> coalesce(h.held, 0)
   UNION ALL SELECT 'hold ' || id, NULL, NULL, qty, NULL, NULL FROM stockhold.holds WHERE qty <= 0"
check "every unit accounted for: on_hand = received + returned + adjusted - shipped (calls and ledger agree)" "
  SELECT coalesce(a.sku, m.sku) AS sku, coalesce(a.location, m.location) AS location, a.on_hand, m.moved, g.ledger
    FROM stockhold.availability a
    FULL JOIN (SELECT sku, location, sum(qty) AS moved FROM bo.moves GROUP BY 1, 2) m ON (m.sku, m.location) = (a.sku, a.location)
    LEFT JOIN (SELECT i.sku, l.code AS location, sum(g.on_hand_delta) AS ledger
                 FROM stockhold.ledger g JOIN stockhold.items i ON i.id = g.item_id JOIN stockhold.locations l ON l.id = g.location_id
                GROUP BY 1, 2) g ON (g.sku, g.location) = (coalesce(a.sku, m.sku), coalesce(a.location, m.location))
   WHERE a.on_hand IS DISTINCT FROM m.moved OR a.on_hand IS DISTINCT FROM g.ledger"
check "what fulfil reported shipped is what the fulfilled holds held" "
  SELECT * FROM (SELECT o.order_ref, i.sku, sum(h.qty) AS qty FROM stockhold.holds h
                   JOIN stockhold.orders o ON o.id = h.order_id JOIN stockhold.items i ON i.id = h.item_id
                  WHERE h.status = 'fulfilled' GROUP BY 1, 2) h
    FULL JOIN (SELECT order_ref, sku, -sum(qty) AS qty FROM bo.moves WHERE kind = 'ship' GROUP BY 1, 2) m USING (order_ref, sku)
   WHERE h.qty IS DISTINCT FROM m.qty"
check "each hold() call held plus queued exactly what it asked" "
  SELECT call, sku, a.qty AS asked, r.qty AS answered
    FROM bo.asked a FULL JOIN (SELECT call, sku, sum(qty) AS qty FROM bo.answered GROUP BY 1, 2) r USING (call, sku)
   WHERE a.qty IS DISTINCT FROM r.qty
  UNION ALL
  SELECT call, sku, qty, NULL FROM bo.answered WHERE hold_id IS NULL AND (location IS NOT NULL OR expires_at IS NOT NULL OR qty <= 0)"
check "the holds hold() returned are exactly the ordinary holds (less confirm's renewals)" "
  SELECT r.call, r.hold_id, r.sku, r.qty, h.id, h.held_qty FROM
    (SELECT c.id AS call, a.hold_id, a.sku, a.qty, o.id AS order_id, k.id AS checkout_id
       FROM bo.answered a JOIN bo.calls c ON c.id = a.call JOIN stockhold.orders o ON o.order_ref = c.order_ref
       LEFT JOIN stockhold.checkouts k ON k.checkout_ref = c.checkout_ref
      WHERE a.hold_id IS NOT NULL) r
    FULL JOIN (SELECT h.*, i.sku FROM stockhold.holds h JOIN stockhold.items i ON i.id = h.item_id
                WHERE h.created_by IS NOT NULL AND h.queued_at IS NULL
                  AND h.id NOT IN (SELECT renewed_by FROM stockhold.holds WHERE renewed_by IS NOT NULL)) h
      ON h.id = r.hold_id
   WHERE h.id IS NULL OR r.hold_id IS NULL OR h.held_qty <> r.qty OR h.sku <> r.sku OR h.order_id <> r.order_id
      OR coalesce(h.checkout_id, 0) <> coalesce(r.checkout_id, 0)"
check "per checkout and sku, fills plus what waits never exceed what was queued (equal it if nothing was withdrawn)" "
  WITH queued AS (SELECT c.checkout_ref, a.sku, sum(a.qty) AS qty FROM bo.answered a JOIN bo.calls c ON c.id = a.call
                   WHERE a.hold_id IS NULL GROUP BY 1, 2),
       filled AS (SELECT coalesce(k.checkout_ref, o.order_ref) AS checkout_ref, i.sku, sum(h.held_qty) AS qty
                    FROM stockhold.holds h JOIN stockhold.orders o ON o.id = h.order_id
                    LEFT JOIN stockhold.checkouts k ON k.id = h.checkout_id JOIN stockhold.items i ON i.id = h.item_id
                   WHERE h.queued_at IS NOT NULL AND h.created_by IS NOT NULL GROUP BY 1, 2),
       waiting AS (SELECT checkout_ref, sku, sum(qty) AS qty FROM stockhold.backorders GROUP BY 1, 2)
  SELECT checkout_ref, sku, q.qty AS queued, f.qty AS filled, w.qty AS waiting, c.withdrew
    FROM queued q FULL JOIN filled f USING (checkout_ref, sku) FULL JOIN waiting w USING (checkout_ref, sku)
    LEFT JOIN bo.checkouts c USING (checkout_ref)
   WHERE coalesce(f.qty, 0) + coalesce(w.qty, 0) > coalesce(q.qty, 0)
      OR (NOT c.withdrew AND coalesce(f.qty, 0) + coalesce(w.qty, 0) <> q.qty)
      OR c.withdrew IS NULL"
check "fills in queue order: per item, by hold id, queued_at never goes back" "
  SELECT * FROM (SELECT i.sku, h.id, h.queued_at, lag(h.id) OVER w AS prev_id, lag(h.queued_at) OVER w AS prev_queued_at
                   FROM stockhold.holds h JOIN stockhold.items i ON i.id = h.item_id
                  WHERE h.queued_at IS NOT NULL AND h.created_by IS NOT NULL
                 WINDOW w AS (PARTITION BY h.item_id ORDER BY h.id)) f
   WHERE queued_at < prev_queued_at"
check "no ordinary hold took stock while a line queued before its transaction began still waited" "
  SELECT sku, id AS hold_id, created_at, first_queued_of_later_fills FROM
    (SELECT i.sku, h.id, h.created_at, h.queued_at,
            min(h.queued_at) OVER (PARTITION BY h.item_id ORDER BY h.id DESC ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
              AS first_queued_of_later_fills
       FROM stockhold.holds h JOIN stockhold.items i ON i.id = h.item_id WHERE h.created_by IS NOT NULL) h
   WHERE queued_at IS NULL AND first_queued_of_later_fills < created_at"
"${psql[@]}" -c "SELECT (SELECT count(*) FROM stockhold.holds WHERE queued_at IS NOT NULL AND created_by IS NOT NULL) AS fills,
                        (SELECT count(*) FROM stockhold.holds WHERE queued_at IS NULL AND created_by IS NOT NULL) AS ordinary_holds,
                        (SELECT count(*) FROM stockhold.holds WHERE status = 'expired') AS expired,
                        (SELECT count(*) FROM bo.answered WHERE hold_id IS NULL) AS lines_queued"
echo "stress: 1 passed, 0 failed"
