#!/usr/bin/env bash
# The demo (scripts/demo) tells seed 000's week as the seed tells it: Ali,
# Paul and David hold 9 of Jean's 10 kg, Michael, the last customer, is
# refused at checkout, Hub B orders 3 kg and Hub A 6; then the week with
# David's failed payment, where Michael gets his 2 kg. It runs to the end
# with every invariant holding.
source "$(dirname "$0")/../lib/common.bash"

createdb demo
"${psql[@]}" -d demo -f "$here/../../scripts/demo.sql" >"$work/demo.out" 2>&1 || { cat "$work/demo.out"; fail "the demo stopped"; }
checks=0
expect() {  # expect PATTERN WHAT
    grep -qE "$1" "$work/demo.out" || { cat "$work/demo.out"; fail "the demo does not show $2"; }
    checks=$((checks + 1))
}
expect 'Michael: REFUSED at checkout, insufficient stock .*week 1.* \(SQLSTATE SH001\)' "Michael refused in week 1"
expect 'Hub B -> Jean, week 1 +\| carrots \| +3$' "Hub B ordering 3 kg in week 1"
expect 'Hub A -> Jean, week 1 +\| carrots \| +6$' "Hub A ordering 6 kg in week 1"
expect 'Michael: 2 kg held through Hub B' "Michael's hold in week 2"
expect 'Hub B -> Jean, week 2 +\| carrots \| +2$' "Hub B ordering 2 kg in week 2"
expect 'all invariants hold' "the invariants holding"
echo "demo: $checks passed, 0 failed"
