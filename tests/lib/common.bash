# Sourced by the stress and system test scripts: strict mode, psql that stops
# on the first error, a scratch directory removed on exit, fail(), and the
# invariants check they all make.
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
