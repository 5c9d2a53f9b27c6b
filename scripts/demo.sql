-- stockhold demo: seed 000's carrot week, as the seed tells it, then the
-- same week again with a failed payment.
\set VERBOSITY terse
\pset footer off
SET client_min_messages = notice;
CREATE EXTENSION stockhold;
CREATE TEMP VIEW carrots AS
  SELECT on_hand AS "on hand (kg)", reserved AS "held (kg)", available AS "available (kg)"
    FROM stockhold.availability WHERE sku = 'carrots';
CREATE TEMP VIEW held AS
  SELECT order_ref AS "hub order", checkout_ref AS customer, qty AS kg, status,
         CASE WHEN status = 'active' AND expires_at IS NOT NULL THEN 'awaiting payment'
              WHEN status = 'active' THEN 'paid' ELSE '' END AS payment
    FROM stockhold.order_lines WHERE status <> 'released' ORDER BY order_ref, checkout_ref, status;
-- A customer's checkout in week w: hold the carrots in the hub's order for
-- Jean (its sales session is the hub's cycle that week), or say why not,
-- without stopping the story. Paying confirms the holds.
CREATE FUNCTION pg_temp.checkout(w int, hub text, customer text, kg numeric) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  PERFORM stockhold.hold(format('Hub %s -> Jean, week %s', hub, w),
                         jsonb_build_array(jsonb_build_object('sku', 'carrots', 'qty', kg)),
                         checkout_ref => format('%s, week %s', customer, w), session_ref => format('hub%s-week%s', hub, w),
                         ttl => '30 minutes');
  RETURN format('%s: %s kg held through Hub %s, awaiting payment', customer, kg, hub);
EXCEPTION WHEN SQLSTATE 'SH001' THEN
  RETURN format('%s: REFUSED at checkout, %s (SQLSTATE %s)', customer, SQLERRM, SQLSTATE);
END $$;
CREATE FUNCTION pg_temp.pays(w int, customer text) RETURNS text LANGUAGE sql AS $$
  SELECT format('%s pays: %s hold(s) confirmed', customer, stockhold.confirm(format('%s, week %s', customer, w)))
$$;

\echo
\echo '######## Act 1: the week as seed 000 tells it ########'
\echo
\echo '== Jean has 10 kg of carrots to sell this week, through two hubs.'
SELECT stockhold.upsert_item('carrots', 'Jean''s carrots', unit => 'kg') AS item \gset
SELECT stockhold.receive('carrots', 10, reason => 'week 1 harvest') AS "Jean's stock (kg)";
\echo '   Hub A''s order cycle runs Monday to Friday, Hub B''s Tuesday to Thursday.'
SELECT stockhold.open_session('hubA-week1', 'Hub A', now() - interval '1 day', now() + interval '4 days') AS a \gset
SELECT stockhold.open_session('hubB-week1', 'Hub B', now() - interval '1 hour', now() + interval '2 days') AS b \gset

\echo '== Monday: Ali orders 1 kg of carrots through Hub A, and pays.'
SELECT pg_temp.checkout(1, 'A', 'Ali', 1) AS "what happened" UNION ALL SELECT pg_temp.pays(1, 'Ali');
\echo '== Tuesday: Paul orders 5 kg through Hub A, and pays.'
SELECT pg_temp.checkout(1, 'A', 'Paul', 5) AS "what happened" UNION ALL SELECT pg_temp.pays(1, 'Paul');
\echo '== Wednesday: David orders 3 kg through Hub B, and pays.'
SELECT pg_temp.checkout(1, 'B', 'David', 3) AS "what happened" UNION ALL SELECT pg_temp.pays(1, 'David');
SELECT * FROM carrots;
\echo '== Thursday: Michael orders 2 kg through Hub B. Only 1 kg is left.'
SELECT pg_temp.checkout(1, 'B', 'Michael', 2) AS "what happened";
\echo '   Without holds, Hub B would order 5 kg and Hub A 6 kg: 11 kg of Jean''s 10, and Ali or'
\echo '   Paul, who ordered first, would go short. With holds, Michael, the last customer,'
\echo '   learns it at checkout, and everyone who was told yes gets their carrots.'
SELECT * FROM held;

\echo '== Thursday evening: Hub B''s cycle closes; it orders from Jean what its customers hold.'
SELECT order_ref AS "Hub B orders from Jean", sku, qty AS kg FROM stockhold.close_session('hubB-week1');
\echo '== Friday: Hub A''s cycle closes.'
SELECT order_ref AS "Hub A orders from Jean", sku, qty AS kg FROM stockhold.close_session('hubA-week1');
SELECT order_ref AS "hub order", order_state, fulfilment_state FROM stockhold.orders ORDER BY 1;
\echo '== Jean ships both orders: 9 kg, and 1 kg is left over.'
SELECT order_ref AS "shipped for", s.qty AS kg
  FROM (VALUES ('Hub A -> Jean, week 1'), ('Hub B -> Jean, week 1')) o(order_ref), LATERAL stockhold.fulfil(o.order_ref) s;
SELECT * FROM carrots;

\echo
\echo '######## Act 2: the next week, when a payment fails ########'
\echo
\echo '== Jean counts 10 kg again. The hubs open their cycles; Ali, Paul and David order as before.'
SELECT stockhold.adjust('carrots', 10, reason => 'week 2 harvest') AS "Jean's stock (kg)";
SELECT stockhold.open_session('hubA-week2', 'Hub A', now() - interval '1 day', now() + interval '4 days') AS a \gset
SELECT stockhold.open_session('hubB-week2', 'Hub B', now() - interval '1 hour', now() + interval '2 days') AS b \gset
SELECT pg_temp.checkout(2, 'A', 'Ali', 1) AS "what happened" UNION ALL SELECT pg_temp.pays(2, 'Ali')
UNION ALL SELECT pg_temp.checkout(2, 'A', 'Paul', 5) UNION ALL SELECT pg_temp.pays(2, 'Paul')
UNION ALL SELECT pg_temp.checkout(2, 'B', 'David', 3);
\echo '== Wednesday: David''s payment fails. His 3 kg go back on sale at once.'
SELECT sku, qty AS "kg released" FROM stockhold.release('David, week 2');
\echo '== Thursday: Michael orders 2 kg through Hub B, gets them, and pays.'
SELECT pg_temp.checkout(2, 'B', 'Michael', 2) AS "what happened" UNION ALL SELECT pg_temp.pays(2, 'Michael');
SELECT * FROM held WHERE "hub order" LIKE '%week 2';
\echo '== Thursday and Friday the cycles close: Hub B orders 2 kg, Hub A 6 kg; 2 kg are left to sell.'
SELECT order_ref AS "Hub B orders from Jean", sku, qty AS kg FROM stockhold.close_session('hubB-week2');
SELECT order_ref AS "Hub A orders from Jean", sku, qty AS kg FROM stockhold.close_session('hubA-week2');
SELECT * FROM carrots;

\echo '== Every movement of both weeks is recorded (stockhold.movements), and every invariant holds.'
SELECT movement, sum(qty) AS kg FROM stockhold.movements GROUP BY 1 ORDER BY 1;
SELECT CASE WHEN count(*) = 0 THEN 'all invariants hold: nothing was oversold, nobody told yes went short'
            ELSE count(*) || ' invariant violations' END AS "check_invariants()"
  FROM stockhold.check_invariants();
