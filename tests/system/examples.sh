#!/usr/bin/env bash
# The examples a developer copies (examples/) run as their READMEs say and
# do what they claim: each exits 0 with every outcome as its story expects
# (a refusal mapped from its SQLSTATE, a retry after 40001, a low-stock
# NOTIFY received), and the stock, orders and holds it leaves are checked
# here too, apart from its own checks. The checkouts run as a login role
# granted stockhold_app, as in production. Each example also runs against a
# database that differs from its story, where it must exit 1: its exit
# status means something.
source "$(dirname "$0")/../lib/common.bash"

examples=$(cd "$here/../../examples" && pwd)
# The Debian interpreter has Debian's psycopg (python3-psycopg); another
# python3 first on the PATH may not.
python=
for candidate in python3 /usr/bin/python3; do
    if "$candidate" -c 'import psycopg' 2>/dev/null; then python=$candidate; break; fi
done
[ -n "$python" ] || fail "psycopg 3 is missing (apt-get install python3-psycopg)"
(cd "$examples/node" && node -e 'require("pg")') 2>/dev/null ||
    fail "node or node-postgres is missing (apt-get install nodejs node-pg, or npm ci in examples/node)"

checks=0
expect() {  # expect LABEL ACTUAL WANTED
    [ "$2" = "$3" ] || fail "$1: '$2', expected '$3'"
    checks=$((checks + 1))
}
q() { "${psql[@]}" -d "$1" -At -F ' ' -c "$2"; }
list() { q "$1" "SELECT string_agg($2, ', ' ORDER BY $2) FROM $3"; }  # list DB EXPR FROM: sorted, joined
run() {  # run NAME DB CMD...: the example's output in $work/NAME.out, its exit status in $status
    local name=$1 db=$2; shift 2
    status=0
    PGDATABASE=$db "$@" >"$work/$name.out" 2>&1 || status=$?
}
shows() {  # shows NAME PATTERN WHAT
    grep -qE "$2" "$work/$1.out" || { cat "$work/$1.out"; fail "$1 does not show $3"; }
    checks=$((checks + 1))
}
orders="order_ref || ' ' || order_state || '/' || fulfilment_state"

# What a DBA does once (README.md): the extension, and login roles for the
# applications. Roles are the cluster's, so the Python example's database
# can use them too.
createdb wholesale
"${psql[@]}" -d wholesale -c "CREATE EXTENSION stockhold" \
    -c "CREATE ROLE shop_app LOGIN IN ROLE stockhold_app" -c "CREATE ROLE back_office LOGIN IN ROLE stockhold_admin"

# Node: seed 000's week, the checkouts as shop_app, the back office as back_office.
run node wholesale env SHOP_USER=shop_app BACKOFFICE_USER=back_office node "$examples/node/wholesale-week.js"
[ $status = 0 ] || { cat "$work/node.out"; fail "the Node example exited with $status"; }
shows node '^all outcomes as expected$' "every outcome as expected"
shows node "retrying after 40001" "David's checkout retried after 40001"
shows node 'Jean hears: .*"sku":"carrots","available":1,' "the low-stock alert"
shows node "stockhold says: .*carrots.*requested 2, available 1" "Michael refused for short stock"
expect "Jean's carrots (on hand, reserved)" \
    "$(q wholesale "SELECT on_hand, reserved FROM stockhold.availability WHERE sku = 'carrots'")" "1 0"
expect "the hubs' orders" "$(list wholesale "$orders" stockhold.orders)" \
    "Hub A -> Jean, week 1 Complete/Fulfilled, Hub B -> Jean, week 1 Complete/Fulfilled"
expect "the customers' holds: one each (also David, who retried), shipped; none for Michael" \
    "$(list wholesale "checkout_ref || ' ' || qty || ' ' || status" stockhold.order_lines)" \
    "Ali, week 1 1 fulfilled, David, week 1 3 fulfilled, Paul, week 1 5 fulfilled"
expect "the open low-stock alert" "$(q wholesale "SELECT sku, available, low_stock_threshold FROM stockhold.low_stock")" \
    "carrots 1 2"
expect "who held (the holds' actor)" \
    "$(q wholesale "SELECT string_agg(DISTINCT created_by, ',') FROM stockhold.holds")" "shop_app"
invariants_hold "node example" wholesale

# Python: a farm shop's day. Its database starts empty and its back office is
# the superuser, so the example creates the extension itself; its checkouts
# run as shop_app.
createdb farmshop
run python farmshop env SHOP_USER=shop_app "$python" "$examples/python/main.py"
[ $status = 0 ] || { cat "$work/python.out"; fail "the Python example exited with $status"; }
shows python '^all outcomes as expected$' "every outcome as expected"
shows python "retrying after 40001" "Cleo's checkout retried after 40001"
shows python "back office hears: .*'available': Decimal\('1.75'\)" "the low-stock alert"
shows python "stockhold says: .*carrots.*requested 12, available 8.5" "Ben refused for short stock"
expect "stock (sku, on hand, reserved)" "$(list farmshop "sku || ' ' || on_hand || ' ' || reserved" stockhold.availability)" \
    "carrots 7.25 2.5, leeks 3.5 0"
expect "orders (none for Ben, who was refused)" "$(list farmshop "$orders" stockhold.orders)" \
    "stall-1 Held/Held, web-1 Complete/Fulfilled, web-3 Cancelled/Cancelled, web-4 Complete/Fulfilled"
expect "holds: one per line, also for Ana's form sent twice and Cleo's retry" \
    "$(list farmshop "order_ref || ' ' || sku || ' ' || qty || ' ' || status" stockhold.order_lines)" \
    "stall-1 carrots 2.5 active, web-1 carrots 1.5 fulfilled, web-1 leeks 0.5 fulfilled, web-3 carrots 3 released, web-4 carrots 1.25 fulfilled"
expect "who held (the holds' actor)" \
    "$(q farmshop "SELECT string_agg(DISTINCT created_by, ',') FROM stockhold.holds")" "shop_app"
invariants_hold "python example" farmshop

# A second run is refused: the example wants an empty database.
run python_again farmshop env SHOP_USER=shop_app "$python" "$examples/python/main.py"
[ $status != 0 ] || fail "the Python example ran twice on one database"
shows python_again "has orders already" "why it refuses a used database"

# Where the story does not hold, each example says so and exits 1: a
# kilogram more of Jean's carrots and Michael gets his; a kilogram more of
# leeks and the shop's closing stock is off.
for db in node_other python_other; do createdb $db; "${psql[@]}" -d $db -c "CREATE EXTENSION stockhold"; done
"${psql[@]}" -d node_other -o /dev/null -c "SELECT stockhold.upsert_item('carrots')" -c "SELECT stockhold.receive('carrots', 1)"
"${psql[@]}" -d python_other -o /dev/null -c "SELECT stockhold.upsert_item('leeks')" -c "SELECT stockhold.receive('leeks', 1)"
run node_other node_other env SHOP_USER=shop_app BACKOFFICE_USER=back_office node "$examples/node/wholesale-week.js"
expect "the Node example where Michael gets his carrots exits" "$status" 1
shows node_other "UNEXPECTED: Michael is told" "the outcome it did not expect"
run python_other python_other env SHOP_USER=shop_app "$python" "$examples/python/main.py"
expect "the Python example with more leeks exits" "$status" 1
shows python_other "UNEXPECTED: leeks on hand" "the outcome it did not expect"

echo "examples: $checks passed, 0 failed"
