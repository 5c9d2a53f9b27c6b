#!/usr/bin/env bash
# Upgrade: a database created at the released version 1.0 and filled by the
# 1.0 library (built from history by scripts/lib/build-release-lib), holding
# data in every state, is updated with ALTER EXTENSION ... UPDATE under this
# library. Afterwards its extension objects are exactly those of a fresh
# install, its data is what it was, its invariants hold, and it keeps working,
# lots included.
source "$(dirname "$0")/../lib/common.bash"

current=$("${psql[@]}" -At -c "SELECT default_version FROM pg_available_extensions WHERE name = 'stockhold'")
echo "upgrade: 1.0 -> $current"
"${psql[@]}" -At -c "SELECT source || ' -> ' || target || ': ' || path FROM pg_extension_update_paths('stockhold')
                      WHERE source = '1.0' AND target = '$current' AND path IS NOT NULL" | grep . ||
    fail "no update path from 1.0 to $current"

createdb old
createdb fresh
lib=${STOCKHOLD_RELEASE_LIB_1_0:-}
[ -f "$lib" ] || fail "no 1.0 library at '$lib' (scripts/lib/build-release-lib needs the repository's git history)"
"${psql[@]}" -d old -c "CREATE EXTENSION stockhold VERSION '1.0'"
# The 1.0 functions run the 1.0 library (each session loads one library only).
"${psql[@]}" -d old -c "UPDATE pg_proc SET probin = '$lib' WHERE probin = '\$libdir/stockhold'"
"${psql[@]}" -d old -f "$here/scenario.sql" >/dev/null
"${psql[@]}" -d old -f "$here/data.sql" >"$work/before"
# Install the new library: until the update, every call refuses with 55000.
"${psql[@]}" -d old -c "UPDATE pg_proc SET probin = '\$libdir/stockhold' WHERE probin = '$lib'"
refused=$(psql -X -q -d old -v VERBOSITY=verbose -c "SELECT * FROM stockhold.check_invariants()" 2>&1 || true)
echo "$refused" | grep -q "ERROR:  55000: the stockhold library is version $current but this database's extension is version 1.0" ||
    { echo "$refused"; fail "the new library did not refuse to run under the 1.0 objects"; }
echo "before the update: the new library refuses with 55000 and says to run ALTER EXTENSION stockhold UPDATE"
"${psql[@]}" -d old -c "ALTER EXTENSION stockhold UPDATE"
"${psql[@]}" -d fresh -c "CREATE EXTENSION stockhold"

[ "$("${psql[@]}" -d old -At -c "SELECT extversion FROM pg_extension WHERE extname = 'stockhold'")" = "$current" ] ||
    fail "the extension is not at $current after the update"
"${psql[@]}" -d old -At -f "$here/objects.sql" >"$work/updated.objects"
"${psql[@]}" -d fresh -At -f "$here/objects.sql" >"$work/fresh.objects"
diff -u "$work/fresh.objects" "$work/updated.objects" || fail "updated objects differ from a fresh install"
echo "objects: $(wc -l <"$work/fresh.objects") catalog lines identical to a fresh install"

# The update adds columns: compare without them, then check their values.
"${psql[@]}" -d old -v ignore='{lot_id,strategy,lot_tracked,lot}' -f "$here/data.sql" >"$work/after"
diff -u "$work/before" "$work/after" || fail "the update changed the data"
[ "$("${psql[@]}" -d old -At -c "SELECT (SELECT count(*) FROM stockhold.holds WHERE lot_id IS NOT NULL)
                                      + (SELECT count(*) FROM stockhold.ledger WHERE lot_id IS NOT NULL)
                                      + (SELECT count(*) FROM stockhold.items WHERE lot_tracked OR strategy IS NOT NULL)")" = 0 ] ||
    fail "the columns the update added do not hold their defaults"
grep -q '^violation' "$work/after" && fail "invariants violated after the update"
echo "data: $(wc -l <"$work/after") rows unchanged, invariants hold"

# It keeps working: new holds, a return (the query 1.1 indexed), lots, invariants.
"${psql[@]}" -d old -At <<'SQL' >/dev/null
SELECT count(*) FROM stockhold.hold('after-1', '[{"sku": "mug", "qty": 1}, {"sku": "carrots", "qty": 0.5}]');
SELECT stockhold.confirm('after-1');
SELECT count(*) FROM stockhold.fulfil('after-1');
SELECT count(*) FROM stockhold.return_stock('after-1', '[{"sku": "carrots", "qty": 0.5}]');
SELECT stockhold.upsert_item('milk', strategy => 'fefo');
SELECT stockhold.receive('milk', 4, 'shop', lot => 'M1', best_before => current_date + 3),
       stockhold.receive('milk', 4, 'farm', lot => 'M2', best_before => current_date + 1);
SELECT count(*) FROM stockhold.hold('after-2', '[{"sku": "milk", "qty": 5}]');
SQL
[ "$("${psql[@]}" -d old -At -c "SELECT string_agg(lot || ':' || qty, ',' ORDER BY lot) FROM stockhold.order_lines WHERE order_ref = 'after-2'")" = "M1:1,M2:4" ] ||
    fail "fefo allocation after the update"

invariants_hold "after using the updated extension" old
echo "upgrade: 1 passed, 0 failed"
