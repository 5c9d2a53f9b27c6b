#!/usr/bin/env bash
# Upgrade: for every released version (schema/released/), a database created
# at that version and filled by that version's own library (built from
# history by scripts/lib/build-release-lib), holding data in every state, is
# updated with ALTER EXTENSION ... UPDATE under this library. Afterwards its
# extension objects are exactly those of a fresh install, its data is what it
# was, its invariants hold, and it keeps working, lots included.
source "$(dirname "$0")/../lib/common.bash"

current=$("${psql[@]}" -At -c "SELECT default_version FROM pg_available_extensions WHERE name = 'stockhold'")
# Every version installed beside the current one is a released one.
releases=$("${psql[@]}" -At -c "SELECT version FROM pg_available_extension_versions
                                WHERE name = 'stockhold' AND version <> '$current' ORDER BY string_to_array(version, '.')::int[]")
createdb fresh
"${psql[@]}" -d fresh -c "CREATE EXTENSION stockhold"
"${psql[@]}" -d fresh -At -f "$here/objects.sql" >"$work/fresh.objects"

# Columns a version added after `from`, left out when comparing data, and
# the condition that says they hold their defaults after the update.
# 1.1 added lots; 1.3 the record of a reservation on its hold row, levels'
# watched, slots, and backorders (holds' queued_at).
added_columns() {
    case $1 in
        1.0) echo '{lot_id,strategy,lot_tracked,lot,created_by,held_qty,ended_by,watched,slot,slots,guard,level_slot,scope,queued_at}' ;;
        *) echo '{created_by,held_qty,ended_by,watched,slot,slots,guard,level_slot,scope,queued_at}' ;;
    esac
}
defaults_hold() {
    local record="(SELECT count(*) FROM stockhold.holds
                    WHERE created_by IS NOT NULL OR held_qty IS NOT NULL OR ended_by IS NOT NULL OR slot <> 0
                       OR queued_at IS NOT NULL)
                 + (SELECT count(*) FROM stockhold.stock_levels WHERE slot <> 0 OR slots <> 1 OR guard IS NOT NULL)
                 + (SELECT count(*) FROM stockhold.items WHERE slots <> 1)
                 + (SELECT count(*) FROM stockhold.idempotency_keys WHERE scope <> 'hold') = 0"
    case $1 in
        1.0) echo "(SELECT count(*) FROM stockhold.holds WHERE lot_id IS NOT NULL)
                   + (SELECT count(*) FROM stockhold.ledger WHERE lot_id IS NOT NULL)
                   + (SELECT count(*) FROM stockhold.items WHERE lot_tracked OR strategy IS NOT NULL) = 0 AND $record" ;;
        *) echo "$record" ;;
    esac
}

upgrade_from() {
    local from=$1 db=old_${1//./_} lib=${STOCKHOLD_RELEASES:-}/$1/stockhold.so
    echo "upgrade: $from -> $current"
    "${psql[@]}" -At -c "SELECT source || ' -> ' || target || ': ' || path FROM pg_extension_update_paths('stockhold')
                          WHERE source = '$from' AND target = '$current' AND path IS NOT NULL" | grep . ||
        fail "no update path from $from to $current"
    [ -f "$lib" ] || fail "no $from library at '$lib' (scripts/lib/build-release-lib needs the repository's git history)"
    createdb "$db"
    "${psql[@]}" -d "$db" -c "CREATE EXTENSION stockhold VERSION '$from'"
    # The old functions run the old library (each session loads one library only).
    "${psql[@]}" -d "$db" -c "UPDATE pg_proc SET probin = '$lib' WHERE probin = '\$libdir/stockhold'"
    "${psql[@]}" -d "$db" -f "$here/scenario.sql" >/dev/null
    if [ "$from" != 1.0 ]; then "${psql[@]}" -d "$db" -f "$here/scenario_lots.sql" >/dev/null; fi
    "${psql[@]}" -d "$db" -f "$here/data.sql" >"$work/before"
    # Install the new library: until the update, every call refuses with 55000.
    "${psql[@]}" -d "$db" -c "UPDATE pg_proc SET probin = '\$libdir/stockhold' WHERE probin = '$lib'"
    local refused
    refused=$(psql -X -q -d "$db" -v VERBOSITY=verbose -c "SELECT * FROM stockhold.check_invariants()" 2>&1 || true)
    echo "$refused" | grep -q "ERROR:  55000: the stockhold library is version $current but this database's extension is version $from" ||
        { echo "$refused"; fail "the new library did not refuse to run under the $from objects"; }
    echo "before the update: the new library refuses with 55000 and says to run ALTER EXTENSION stockhold UPDATE"
    "${psql[@]}" -d "$db" -c "ALTER EXTENSION stockhold UPDATE"

    [ "$("${psql[@]}" -d "$db" -At -c "SELECT extversion FROM pg_extension WHERE extname = 'stockhold'")" = "$current" ] ||
        fail "the extension is not at $current after the update from $from"
    "${psql[@]}" -d "$db" -At -f "$here/objects.sql" >"$work/updated.objects"
    diff -u "$work/fresh.objects" "$work/updated.objects" || fail "objects updated from $from differ from a fresh install"
    echo "objects: $(wc -l <"$work/fresh.objects") catalog lines identical to a fresh install"

    "${psql[@]}" -d "$db" -v ignore="$(added_columns "$from")" -f "$here/data.sql" >"$work/after"
    diff -u "$work/before" "$work/after" || fail "the update from $from changed the data"
    [ "$("${psql[@]}" -d "$db" -At -c "SELECT $(defaults_hold "$from")")" = t ] ||
        fail "the columns the update from $from added do not hold their defaults"
    grep -q '^violation' "$work/after" && fail "invariants violated after the update from $from"
    # The ledger of the old version is the whole record of its movements.
    [ "$("${psql[@]}" -d "$db" -At -c "SELECT (SELECT count(*) FROM stockhold.movements) = (SELECT count(*) FROM stockhold.ledger)")" = t ] ||
        fail "movements after the update from $from are not the old ledger's rows"
    echo "data: $(wc -l <"$work/after") rows unchanged, invariants hold, movements are the old ledger"

    # A key the old version recorded still replays its first rows and changes
    # nothing, and still refuses other arguments (SH013).
    local replayed other
    replayed=$("${psql[@]}" -d "$db" -At -c "SELECT count(*) FROM stockhold.hold('web-1',
        '[{\"sku\": \"mug\", \"qty\": 2}, {\"sku\": \"plum\", \"qty\": 0.5}]', idempotency_key => 'req-1')")
    [ "$replayed" = 2 ] || fail "a retry of a key recorded by $from returned $replayed rows, not the first call's 2"
    "${psql[@]}" -d "$db" -v ignore="$(added_columns "$from")" -f "$here/data.sql" >"$work/retried"
    diff -u "$work/after" "$work/retried" || fail "a retry of a key recorded by $from changed the data"
    other=$(psql -X -q -d "$db" -v VERBOSITY=sqlstate -c "SELECT * FROM stockhold.hold('web-1',
        '[{\"sku\": \"mug\", \"qty\": 3}]', idempotency_key => 'req-1')" 2>&1 || true)
    [ "$other" = "ERROR:  SH013" ] || fail "other arguments under a key recorded by $from: $other"
    echo "idempotency: a key recorded by $from replays, and refuses other arguments"

    # It keeps working: new holds, a return (the query 1.1 indexed), lots,
    # slots for an item with the old version's holds, invariants.
    "${psql[@]}" -d "$db" -At <<'SQL' >/dev/null
SELECT count(*) FROM stockhold.hold('after-1', '[{"sku": "mug", "qty": 1}, {"sku": "carrots", "qty": 0.5}]');
SELECT stockhold.confirm('after-1');
SELECT count(*) FROM stockhold.fulfil('after-1');
SELECT count(*) FROM stockhold.return_stock('after-1', '[{"sku": "carrots", "qty": 0.5}]');
SELECT stockhold.upsert_item('cream', strategy => 'fefo');
SELECT stockhold.receive('cream', 4, 'shop', lot => 'C1', best_before => current_date + 3),
       stockhold.receive('cream', 4, 'farm', lot => 'C2', best_before => current_date + 1);
SELECT count(*) FROM stockhold.hold('after-2', '[{"sku": "cream", "qty": 5}]');
SELECT count(*) FROM stockhold.hold('web-2', '[{"sku": "mug", "qty": 1}]');
SELECT count(*) FROM stockhold.release('web-2');
SELECT stockhold.set_slots('mug', 4), stockhold.set_slots('cream', 3);
SELECT count(*) FROM stockhold.hold('after-3', '[{"sku": "mug", "qty": 1}]');
SELECT count(*) FROM stockhold.hold('after-4', '[{"sku": "cream", "qty": 1}]');
SELECT stockhold.set_slots('mug', 1);
SELECT stockhold.upsert_item('jam');
SELECT count(*) FROM stockhold.hold('after-5', '[{"sku": "jam", "qty": 2}]', backorder => true);
SELECT stockhold.receive('jam', 3);
SQL
    # Backorders work: the line waited for the receipt, which filled it.
    [ "$("${psql[@]}" -d "$db" -At -c "SELECT (SELECT count(*) FROM stockhold.backorders)
                                               || ',' || (SELECT string_agg(status || ':' || qty, ',') FROM stockhold.order_lines
                                                           WHERE order_ref = 'after-5')")" = "0,active:2" ] ||
        fail "backorders after the update from $from"
    # A new order's own checkout has no row; an old order's own checkout keeps
    # its row, which its new holds join and release() finds.
    [ "$("${psql[@]}" -d "$db" -At -c "SELECT (SELECT count(*) FROM stockhold.checkouts WHERE checkout_ref = 'after-1')
                                               || ',' || (SELECT count(*) FROM stockhold.holds h JOIN stockhold.checkouts c
                                                            ON c.id = h.checkout_id WHERE c.checkout_ref = 'web-2')
                                               || ',' || (SELECT count(*) FROM stockhold.order_lines
                                                           WHERE order_ref = 'web-2' AND status = 'active')")" = "0,3,0" ] ||
        fail "checkouts after the update from $from"
    [ "$("${psql[@]}" -d "$db" -At -c "SELECT string_agg(lot || ':' || qty, ',' ORDER BY lot) FROM stockhold.order_lines WHERE order_ref = 'after-2'")" = "C1:1,C2:4" ] ||
        fail "fefo allocation after the update from $from"
    invariants_hold "after using the extension updated from $from" "$db"
}

passed=0
for from in $releases; do
    upgrade_from "$from"
    passed=$((passed + 1))
done
[ "$passed" -gt 0 ] || fail "no released version to update from"
echo "upgrade: $passed passed, 0 failed"
