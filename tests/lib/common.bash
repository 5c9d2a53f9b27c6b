# Sourced by the stress and system test scripts: strict mode, psql that stops
# on the first error, a scratch directory removed on exit, fail(), the
# invariants check they all make, and the stress scripts' pgbench load.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[1]}")" && pwd)
psql=(psql -X -q -v ON_ERROR_STOP=1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# invariants_hold LABEL [DB]: check_invariants() is empty, or its rows are
# shown and the test fails.
invariants_hold() {
    local db=()
    if [ -n "${2:-}" ]; then db=(-d "$2"); fi
    if [ "$("${psql[@]}" "${db[@]}" -At -c "SELECT count(*) FROM stockhold.check_invariants()")" != 0 ]; then
        "${psql[@]}" "${db[@]}" -c "SELECT * FROM stockhold.check_invariants()"
        fail "invariants violated ($1)"
    fi
    echo "invariants hold ($1)"
}

# load_clients CLIENTS SECONDS SCRIPT: pgbench runs SCRIPT; the test fails if
# pgbench or any client aborted, or the server logged a deadlock or a crash.
load_clients() {
    local out
    out=$(pgbench -n -c "$1" -j 2 -T "$2" -f "$3" 2>&1) || { echo "$out"; fail "pgbench"; }
    echo "$out" | grep -E "transactions actually processed|failed transactions|tps =" || true
    if echo "$out" | grep -qE "aborted|client [0-9]+ .*error"; then echo "$out" | tail -20; fail "a client aborted"; fi
    if [ -n "${STOCKHOLD_CLUSTER_DIR:-}" ] && grep -E -A4 "deadlock detected|PANIC|TRAP" "$STOCKHOLD_CLUSTER_DIR/server.log"; then
        fail "deadlock or crash in the server log"
    fi
}
