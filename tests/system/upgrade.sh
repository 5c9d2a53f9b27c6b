#!/usr/bin/env bash
# Upgrade: a database created at the released version 1.0, holding data in
# every state, is updated with ALTER EXTENSION ... UPDATE. Afterwards its
# extension objects are exactly those of a fresh install, its data is what it
# was, its invariants hold, and it keeps working.
source "$(dirname "$0")/common.bash"

current=$("${psql[@]}" -At -c "SELECT default_version FROM pg_available_extensions WHERE name = 'stockhold'")
echo "upgrade: 1.0 -> $current"
"${psql[@]}" -At -c "SELECT source || ' -> ' || target || ': ' || path FROM pg_extension_update_paths('stockhold')
                      WHERE source = '1.0' AND target = '$current' AND path IS NOT NULL" | grep . ||
    fail "no update path from 1.0 to $current"

createdb old
createdb fresh
"${psql[@]}" -d old -c "CREATE EXTENSION stockhold VERSION '1.0'"
"${psql[@]}" -d old -f "$here/scenario.sql" >/dev/null
"${psql[@]}" -d old -f "$here/data.sql" >"$work/before"
"${psql[@]}" -d old -c "ALTER EXTENSION stockhold UPDATE"
"${psql[@]}" -d fresh -c "CREATE EXTENSION stockhold"

[ "$("${psql[@]}" -d old -At -c "SELECT extversion FROM pg_extension WHERE extname = 'stockhold'")" = "$current" ] ||
    fail "the extension is not at $current after the update"
"${psql[@]}" -d old -At -f "$here/objects.sql" >"$work/updated.objects"
"${psql[@]}" -d fresh -At -f "$here/objects.sql" >"$work/fresh.objects"
diff -u "$work/fresh.objects" "$work/updated.objects" || fail "updated objects differ from a fresh install"
echo "objects: $(wc -l <"$work/fresh.objects") catalog lines identical to a fresh install"

"${psql[@]}" -d old -f "$here/data.sql" >"$work/after"
diff -u "$work/before" "$work/after" || fail "the update changed the data"
grep -q '^violation' "$work/after" && fail "invariants violated after the update"
echo "data: $(wc -l <"$work/after") rows unchanged, invariants hold"

# It keeps working: new holds, a return (the query 1.1 indexed), invariants.
"${psql[@]}" -d old -At <<'SQL' >/dev/null
SELECT count(*) FROM stockhold.hold('after-1', '[{"sku": "mug", "qty": 1}, {"sku": "carrots", "qty": 0.5}]');
SELECT stockhold.confirm('after-1');
SELECT count(*) FROM stockhold.fulfil('after-1');
SELECT count(*) FROM stockhold.return_stock('after-1', '[{"sku": "carrots", "qty": 0.5}]');
SQL
[ "$("${psql[@]}" -d old -At -c "SELECT count(*) FROM stockhold.check_invariants()")" = 0 ] ||
    fail "invariants violated after using the updated extension"
echo "upgrade: 1 passed, 0 failed"
