#!/usr/bin/env bash
# pg_cron runs the maintenance (Debian's postgresql-15-cron): the cluster,
# restarted with the postgresql.conf lines of docs/operations.md#with-pg_cron
# and set up and scheduled with that section's SQL, word for word, expires the
# overdue hold, closes the due session and forgets the old idempotency key by
# itself, as the maintenance role, and leaves alone what is not due. Nobody
# here calls expire_holds, close_due_sessions or forget_idempotency_keys;
# cron.job_run_details shows each job's runs succeeded, and the failure of the
# same job scheduled for a role with stockhold_app only. The nightly keys job is
# moved to every minute (cron.alter_job) so that the test need not wait for
# 03:15; the other jobs keep their documented schedule, so the test waits for
# the next minute (about 30 s on average), polling, with a hang guard only.
source "$(dirname "$0")/../lib/common.bash"

control=$(pg_config --sharedir)/extension/pg_cron.control
[ -f "$control" ] || fail "pg_cron is not installed: no $control (Debian: postgresql-15-cron, which scripts/lib/setup.sh installs)"
guard=300                         # seconds; only a hang ends the wait
deadline=$((SECONDS + guard))
in_shop=("${psql[@]}" -d shop -At)
in_cron=("${psql[@]}" -d postgres -At)  # pg_cron's own database (cron.database_name)

createdb shop
"${in_shop[@]}" -c "CREATE EXTENSION stockhold"
# A shop in one transaction, so that the 1-second ttl and closes_at count from
# one now() whatever the machine's load: a hold that will be overdue (web-1),
# one that will not (web-2); session hub-a due in a second with a confirmed
# checkout (ali) and an unconfirmed one (paul); hub-b closing in a week; an
# idempotency key older than stockhold.idempotency_retention (7 days) and a new one.
"${in_shop[@]}" >/dev/null <<'SQL'
BEGIN;
SELECT stockhold.upsert_item('carrots', 'Carrots', unit => 'kg');
SELECT stockhold.receive('carrots', 10);
SELECT stockhold.open_session('hub-a', 'Hub A', closes_at => now() + interval '1 second');
SELECT stockhold.open_session('hub-b', 'Hub B', closes_at => now() + interval '7 days');
SELECT count(*) FROM stockhold.hold('web-1', '[{"sku": "carrots", "qty": 3}]', ttl => '1 second', idempotency_key => 'k-old');
SELECT count(*) FROM stockhold.hold('web-2', '[{"sku": "carrots", "qty": 1}]', ttl => '1 hour', idempotency_key => 'k-new');
SELECT count(*) FROM stockhold.hold('hub-a-week', '[{"sku": "carrots", "qty": 2}]', checkout_ref => 'ali',
                                    session_ref => 'hub-a', ttl => '1 hour');
SELECT stockhold.confirm('ali');
SELECT count(*) FROM stockhold.hold('hub-a-week', '[{"sku": "carrots", "qty": 1}]', checkout_ref => 'paul',
                                    session_ref => 'hub-a', ttl => '1 hour');
SELECT count(*) FROM stockhold.hold('hub-b-week', '[{"sku": "carrots", "qty": 1}]', checkout_ref => 'mo',
                                    session_ref => 'hub-b', ttl => '1 hour');
UPDATE stockhold.idempotency_keys SET created_at = now() - interval '8 days' WHERE key = 'k-old';
COMMIT;
SQL

# What maintenance changes, one line per hold, order, session, level and key.
state() {
    "${in_shop[@]}" <<'SQL'
SELECT line FROM (
  SELECT 1 AS k, format('hold %s/%s %s: %s%s', o.order_ref, coalesce(c.checkout_ref, o.order_ref), h.qty, h.status,
                        CASE WHEN h.ended_by IS NOT NULL THEN format(' by %s (%s)', h.ended_by, h.end_reason) END) AS line
    FROM stockhold.holds h JOIN stockhold.orders o ON o.id = h.order_id
    LEFT JOIN stockhold.checkouts c ON c.id = h.checkout_id
  UNION ALL
  SELECT 2, format('order %s: %s/%s', order_ref, order_state, fulfilment_state) FROM stockhold.orders
  UNION ALL
  SELECT 3, format('session %s: %s', session_ref, CASE WHEN closed_at IS NULL THEN 'open' ELSE 'closed' END)
    FROM stockhold.sessions
  UNION ALL
  SELECT 4, format('carrots: on_hand %s, reserved %s, available %s', on_hand::int, reserved::int, available::int)
    FROM stockhold.item_availability WHERE sku = 'carrots'
  UNION ALL
  SELECT 5, format('key %s', key) FROM stockhold.idempotency_keys
) s ORDER BY k, line;
SQL
}
wait_for() {  # wait_for WHAT SQL: polls every 0.5 s until SQL (in shop) returns t
    until [ "$("${in_shop[@]}" -c "$2")" = t ]; do
        [ $SECONDS -lt $deadline ] || { state; fail "still waiting for $1 after ${guard} s"; }
        sleep 0.5
    done
}

wait_for "web-1 and hub-a to be due" \
    "SELECT (SELECT bool_and(expires_at <= now()) FROM stockhold.order_lines WHERE order_ref = 'web-1')
        AND (SELECT closes_at <= now() FROM stockhold.sessions WHERE session_ref = 'hub-a')"
before='hold hub-a-week/ali 2: active
hold hub-a-week/paul 1: active
hold hub-b-week/mo 1: active
hold web-1/web-1 3: active
hold web-2/web-2 1: active
order hub-a-week: Held/Held
order hub-b-week: Held/Held
order web-1: Held/Held
order web-2: Held/Held
session hub-a: open
session hub-b: open
carrots: on_hand 10, reserved 8, available 2
key k-new
key k-old'
# Due is not done: an overdue hold stays reserved and a due session open until maintenance runs.
diff -u <(echo "$before") <(state) || fail "the shop is not as set up (nothing has run maintenance yet)"
echo "before pg_cron: web-1 overdue but active, hub-a due but open, k-old past retention"

# The cluster as docs/operations.md#with-pg_cron sets it up: these lines in
# postgresql.conf (later lines win over with-cluster's), then a restart.
cat >>"$STOCKHOLD_CLUSTER_DIR/data/postgresql.conf" <<'CONF'
shared_preload_libraries = 'pg_cron'   # with the libraries already listed there, if any
cron.database_name = 'postgres'        # the default: pg_cron's tables stay out of the shop's database
cron.use_background_workers = on       # jobs run in background workers: no connection, no pg_hba.conf entry
CONF
pg_ctl -D "$STOCKHOLD_CLUSTER_DIR/data" -l "$STOCKHOLD_CLUSTER_DIR/server.log" -m fast -w restart >/dev/null ||
    { tail -30 "$STOCKHOLD_CLUSTER_DIR/server.log"; fail "the cluster did not restart with pg_cron"; }
[ "$("${in_cron[@]}" -c "SHOW shared_preload_libraries")" = pg_cron ] || fail "pg_cron is not preloaded"

# The section's SQL, as a superuser in the postgres database.
"${in_cron[@]}" >/dev/null <<'SQL'
CREATE EXTENSION pg_cron;
CREATE ROLE stockhold_maintenance LOGIN IN ROLE stockhold_admin;
SELECT cron.schedule_in_database('stockhold-expire', '* * * * *', 'SELECT stockhold.expire_holds()',
                                 database => 'shop', username => 'stockhold_maintenance');
SELECT cron.schedule_in_database('stockhold-close', '* * * * *', 'SELECT stockhold.close_due_sessions()',
                                 database => 'shop', username => 'stockhold_maintenance');
SELECT cron.schedule_in_database('stockhold-keys', '15 3 * * *', 'SELECT stockhold.forget_idempotency_keys(100000)',
                                 database => 'shop', username => 'stockhold_maintenance');
SQL
echo "pg_cron $("${in_cron[@]}" -c "SELECT extversion FROM pg_extension WHERE extname = 'pg_cron'"), background workers, jobs scheduled"
jobs='stockhold-close|* * * * *|SELECT stockhold.close_due_sessions()|shop|stockhold_maintenance|t
stockhold-expire|* * * * *|SELECT stockhold.expire_holds()|shop|stockhold_maintenance|t
stockhold-keys|15 3 * * *|SELECT stockhold.forget_idempotency_keys(100000)|shop|stockhold_maintenance|t'
diff -u <(echo "$jobs") <("${in_cron[@]}" -c "SELECT jobname, schedule, command, database, username, active
                                               FROM cron.job ORDER BY jobname") || fail "cron.job is not as documented"
# Not 03:15 UTC: the nightly job runs every minute here.
"${in_cron[@]}" -c "SELECT cron.alter_job(jobid, schedule => '* * * * *') FROM cron.job WHERE jobname = 'stockhold-keys'" >/dev/null
# The role matters: the same job as a role with stockhold_app only fails, and
# says so in cron.job_run_details (so a run's status means something).
"${in_cron[@]}" >/dev/null <<'SQL'
CREATE ROLE shop_app LOGIN IN ROLE stockhold_app;
SELECT cron.schedule_in_database('app-expire', '* * * * *', 'SELECT stockhold.expire_holds()',
                                 database => 'shop', username => 'shop_app');
SQL

failed_runs() {  # the maintenance role's failed runs
    "${in_cron[@]}" -c "SELECT format('%s run %s: %s', j.jobname, d.runid, d.return_message)
                          FROM cron.job_run_details d JOIN cron.job j USING (jobid)
                         WHERE d.status = 'failed' AND j.username = 'stockhold_maintenance'"
}
after='hold hub-a-week/ali 2: active
hold hub-a-week/paul 1: released by stockhold_maintenance (session closed before confirmation)
hold hub-b-week/mo 1: active
hold web-1/web-1 3: expired by stockhold_maintenance (ttl)
hold web-2/web-2 1: active
order hub-a-week: Complete/Unfulfilled
order hub-b-week: Held/Held
order web-1: Held/Held
order web-2: Held/Held
session hub-a: closed
session hub-b: open
carrots: on_hand 10, reserved 4, available 6
key k-new'
started=$SECONDS
until [ "$(state)" = "$after" ]; do
    failed=$(failed_runs)
    [ -z "$failed" ] || fail "a pg_cron run failed: $failed"
    [ $SECONDS -lt $deadline ] || { diff -u <(echo "$after") <(state); fail "pg_cron did not run the maintenance within ${guard} s"; }
    sleep 0.5
done
echo "after $((SECONDS - started)) s: web-1 expired, hub-a closed (paul released, ali kept), k-old forgotten, by stockhold_maintenance"

# The runs are recorded as succeeded (the launcher records a run when its
# worker reports, which may come just after the commit that changed the shop),
# and shop_app's as failed for want of stockhold_admin.
all='app-expire failed: ERROR: permission denied for function expire_holds
stockhold-close succeeded
stockhold-expire succeeded
stockhold-keys succeeded'
until [ "$("${in_cron[@]}" -c "SELECT DISTINCT j.jobname || ' ' || d.status || coalesce(': ' || nullif(d.return_message, 'SELECT 1'), '')
                                 FROM cron.job j JOIN cron.job_run_details d USING (jobid)
                                WHERE d.status IN ('succeeded', 'failed') AND d.database = 'shop'
                                  AND d.username = j.username ORDER BY 1")" = "$all" ]; do
    failed=$(failed_runs)
    [ -z "$failed" ] || fail "a pg_cron run failed: $failed"
    [ $SECONDS -lt $deadline ] || { "${in_cron[@]}" -c "TABLE cron.job_run_details"; fail "cron.job_run_details not as expected after ${guard} s"; }
    sleep 0.5
done
failed=$(failed_runs)
[ -z "$failed" ] || fail "a pg_cron run failed: $failed"
# The section's check, and its clean-up of old runs (none is old here).
"${psql[@]}" -d postgres <<'SQL'
SELECT j.jobname, d.status, d.return_message, d.start_time
  FROM cron.job_run_details d JOIN cron.job j USING (jobid)
 WHERE j.jobname LIKE 'stockhold-%' ORDER BY d.start_time DESC LIMIT 10;
SQL
"${in_cron[@]}" -c "DELETE FROM cron.job_run_details WHERE end_time < now() - interval '7 days'" >/dev/null
[ "$("${in_cron[@]}" -c "SELECT count(*) > 0 FROM cron.job_run_details")" = t ] || fail "the clean-up deleted recent runs"
invariants_hold "after pg_cron's runs" shop
echo "pg_cron: 1 passed, 0 failed"
