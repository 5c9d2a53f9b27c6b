#!/usr/bin/env bash
# What a client sees of an error: a refusal reports where stockhold decided
# it (LOCATION: the C++ function and file, never the boundary that raises
# every error), a PostgreSQL error raised inside the C++ keeps its own
# location, and a C++ failure that is not a refusal reports none.
source "$(dirname "$0")/../lib/common.bash"

createdb reports
"${psql[@]}" -d reports -c "CREATE EXTENSION stockhold"
verbose() { psql -X -q -d reports -v VERBOSITY=verbose -c "$1" 2>&1 || true; }
location() { verbose "$1" | sed -n 's/^LOCATION:  //p'; }

checks=0
expect() {  # expect LABEL ACTUAL PATTERN
    echo "$2" | grep -qE "$3" || fail "$1: '$2' does not match '$3'"
    checks=$((checks + 1))
}
expect "unknown sku" "$(location "SELECT stockhold.receive('nope', 1)")" '^[a-z_]+, [a-z_]+\.cpp:[0-9]+$'
! location "SELECT stockhold.receive('nope', 1)" | grep -q boundary || fail "unknown sku: reported at the boundary"
expect "SH001" "$(verbose "SELECT stockhold.upsert_item('a'); SELECT * FROM stockhold.hold('o', '[{\"sku\": \"a\", \"qty\": 1}]')")" \
    'LOCATION:  [a-z_]+, hold\.cpp:[0-9]+'
expect "a refusal thrown by the selftest" "$(location "SELECT stockhold.bridge_selftest('stock')")" \
    '^bridge_selftest, bridge_selftest\.cpp:[0-9]+$'
expect "a PostgreSQL error inside the C++" "$(location "SELECT stockhold.bridge_selftest('pg')")" '^int4div, int\.c:[0-9]+$'
expect "a C++ exception: no location" "$(verbose "SELECT stockhold.bridge_selftest('cxx')" | grep -c LOCATION || true)" '^0$'
expect "its SQLSTATE" "$(verbose "SELECT stockhold.bridge_selftest('cxx')")" '^ERROR:  XX000: selftest: std::runtime_error'
echo "error_reports: $checks passed, 0 failed"
