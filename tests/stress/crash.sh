#!/usr/bin/env bash
# ctest-label: long
# Crash recovery: under a pgbench load of holds, confirms, releases, fulfils,
# cancels and expiry sweeps, the postmaster and every backend are killed
# with SIGKILL, several times, and the server restarted (crash recovery
# replays the WAL). After each restart: check_invariants() is empty, every
# hold a client was told had committed is there, and each order's movements
# add up to its active holds (no record lost or doubled).
# The harness runs with fsync = off: a killed process loses nothing the
# kernel already has, so this tests PostgreSQL's and stockhold's own
# atomicity, not the disk.
source "$(dirname "$0")/../lib/common.bash"
data=$STOCKHOLD_CLUSTER_DIR/data
rounds=${CRASH_ROUNDS:-3}
pids=()
# Stops the load: pgbench, the writers and the psql each writer is running.
stop_load() {
    local p
    for p in "${pids[@]}"; do pkill -P "$p" 2>/dev/null || true; kill "$p" 2>/dev/null || true; done
    pids=()
}
cleanup() { stop_load; rm -rf "$work"; }
trap cleanup EXIT

"${psql[@]}" -f "$here/driver.sql" >/dev/null
"${psql[@]}" -c "SELECT stockhold.upsert_item('acked'), stockhold.receive('acked', 1000000)" >/dev/null
: >"$work/acked"

# Holds on their own SKU with their own order refs; a ref is written down
# only after psql returned success, i.e. after the server acknowledged the commit.
writer() {
    local i=0
    while :; do
        i=$((i + 1))
        psql -X -q -c "SELECT count(*) FROM stockhold.hold('ack-$1-$i', '[{\"sku\": \"acked\", \"qty\": 0.5}]')" \
            >/dev/null 2>&1 && echo "ack-$1-$i" >>"$work/acked"
    done
}

check() {
    local bad
    invariants_hold "round $1"
    "${psql[@]}" -c "CREATE TEMP TABLE acked (ref text)" -c "\\copy acked FROM '$work/acked'" \
        -At -c "SELECT count(*) FROM acked a WHERE NOT EXISTS (
                  SELECT 1 FROM stockhold.orders o JOIN stockhold.holds h ON h.order_id = o.id
                   WHERE o.order_ref = a.ref AND h.status = 'active' AND h.qty = 0.5)" >"$work/missing"
    [ "$(cat "$work/missing")" = 0 ] || fail "$(cat "$work/missing") acknowledged holds are missing ($1)"
    bad=$("${psql[@]}" -At -c "
        WITH moved AS (SELECT order_ref, sum(reserved_delta) AS reserved FROM stockhold.movements GROUP BY 1),
             held AS (SELECT order_id, sum(qty) AS qty FROM stockhold.holds WHERE status = 'active' GROUP BY 1)
        SELECT count(*) FROM stockhold.orders o LEFT JOIN moved m USING (order_ref) LEFT JOIN held h ON h.order_id = o.id
         WHERE coalesce(m.reserved, 0) <> coalesce(h.qty, 0)")
    [ "$bad" = 0 ] || fail "$bad orders whose movements do not add up to their holds ($1)"
    echo "round $1: $("${psql[@]}" -At -c "SELECT count(*) FROM stockhold.movements") movements," \
         "$(wc -l <"$work/acked") acknowledged holds all present, every order's movements add up"
}

for round in $(seq 1 "$rounds"); do
    pgbench -n -c 8 -j 2 -T 60 -f "$here/step.pgbench" >"$work/pgbench.$round" 2>&1 &
    pids=($!)
    writer "$round-a" & pids+=($!)
    writer "$round-b" & pids+=($!)
    sleep 4
    postmaster=$(head -1 "$data/postmaster.pid")
    kill -STOP "$postmaster"  # no new backend may start between listing them and killing them
    backends=$(pgrep -P "$postmaster" | tr '\n' ' ')
    # shellcheck disable=SC2086
    kill -9 "$postmaster" $backends
    for p in $postmaster $backends; do while kill -0 "$p" 2>/dev/null; do sleep 0.1; done; done
    stop_load
    wait 2>/dev/null || true
    pg_ctl -D "$data" -l "$STOCKHOLD_CLUSTER_DIR/server.log" -w start >/dev/null
    grep -q "database system was interrupted\|was not properly shut down" "$STOCKHOLD_CLUSTER_DIR/server.log" ||
        fail "the server did not go through crash recovery"
    check "$round"
done
echo "crash: 1 passed, 0 failed"
