#!/usr/bin/env bash
# Dump and restore: pg_dump of a database holding stockhold data in every
# state (lots, slots, backorder queues and an attached orders table too),
# restored with pg_restore into a new database, gives the same extension
# objects, the same rows in every table and view, an empty
# check_invariants(), and a database that keeps working (sequences continue).
source "$(dirname "$0")/../lib/common.bash"

createdb src
"${psql[@]}" -d src -c "CREATE EXTENSION stockhold"
"${psql[@]}" -d src -f "$here/scenario.sql" >/dev/null
"${psql[@]}" -d src -f "$here/scenario_lots.sql" >/dev/null
"${psql[@]}" -d src -f "$here/scenario_slots.sql" >/dev/null
"${psql[@]}" -d src -f "$here/scenario_orders.sql" >/dev/null
"${psql[@]}" -d src -f "$here/scenario_backorders.sql" >/dev/null
pg_dump -Fc -d src -f "$work/src.dump" 2>"$work/pg_dump.err"
[ -s "$work/pg_dump.err" ] && { cat "$work/pg_dump.err"; fail "pg_dump warned"; }
createdb dst
pg_restore --exit-on-error -d dst "$work/src.dump"

for db in src dst; do
    "${psql[@]}" -d $db -At -f "$here/objects.sql" >"$work/$db.objects"
    "${psql[@]}" -d $db -f "$here/data.sql" >"$work/$db.data"
done
diff -u "$work/src.objects" "$work/dst.objects" || fail "restored extension objects differ"
diff -u "$work/src.data" "$work/dst.data" || fail "restored data differs"
grep -q '^violation' "$work/dst.data" && fail "invariants violated after the restore"
echo "restore: $(wc -l <"$work/dst.objects") catalog lines and $(wc -l <"$work/dst.data") rows identical, invariants hold"

# It keeps working: new rows take new ids (the sequences came along), holds
# and receipts behave, invariants hold.
last=$("${psql[@]}" -d src -At -c "SELECT max(id) FROM stockhold.holds")
"${psql[@]}" -d dst -At <<'SQL' >/dev/null
SELECT count(*) FROM stockhold.hold('after-1', '[{"sku": "mug", "qty": 1}]');
SELECT stockhold.receive('plum', 2, 'shop');
SELECT stockhold.upsert_item('new-item');
SELECT count(*) FROM stockhold.hold('after-2', '[{"sku": "ticket", "qty": 1}]');
SELECT stockhold.set_slots('ticket', 6);
INSERT INTO app.items VALUES ('a-3', 'mug', 1);
INSERT INTO app.orders VALUES ('a-3', 'paid');
SELECT stockhold.receive('jam', 10, 'shop');
SQL
# The restored queue is filled in its order: j-1's rest, then j-3 (j-2 waits for the farm).
[ "$("${psql[@]}" -d dst -At -c "SELECT string_agg(order_ref || ':' || status || ':' || qty, ',' ORDER BY order_ref, status)
                                   FROM stockhold.order_lines WHERE sku = 'jam' AND status IN ('active', 'waiting')")" = \
  "j-1:active:1,j-1:active:1,j-1:active:1,j-2:waiting:2,j-3:active:2" ] ||
    fail "the restored backorder queue was not filled in its order"
[ "$("${psql[@]}" -d dst -At -c "SELECT bool_and(h.expires_at IS NULL) FROM stockhold.holds h
                                   JOIN stockhold.orders o ON o.id = h.order_id WHERE o.order_ref = 'j-3'")" = t ] ||
    fail "the restored confirmed checkout's fill expires"

# The attached table's trigger came back with it and drives stock.
[ "$("${psql[@]}" -d dst -At -c "SELECT count(*) FROM stockhold.order_lines WHERE order_ref = 'a-3' AND status = 'active'")" = 1 ] ||
    fail "the restored orders table does not drive stock"
[ "$("${psql[@]}" -d dst -At -c "SELECT order_ref || ':' || sqlstate FROM stockhold.order_sync_failures")" = "a-2:SH001" ] ||
    fail "the recorded failure did not come back"
[ "$("${psql[@]}" -d dst -At -c "SELECT max(id) > $last FROM stockhold.holds")" = t ] || fail "hold ids start over"
invariants_hold "after using the restored database" dst
echo "dump_restore: 1 passed, 0 failed"
