-- stockhold demo: seed 000's carrot week, as a producer would follow it.
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
    FROM stockhold.order_lines ORDER BY order_ref, checkout_ref, status;
-- Show a refusal without stopping the story.
CREATE FUNCTION pg_temp.try_hold(order_ref text, customer text, session text, kg numeric) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  PERFORM stockhold.hold(order_ref, jsonb_build_array(jsonb_build_object('sku', 'carrots', 'qty', kg)),
                         checkout_ref => customer, session_ref => session, ttl => '30 minutes');
  RETURN format('%s: %s kg held through %s', customer, kg, session);
EXCEPTION WHEN OTHERS THEN
  RETURN format('%s: REFUSED, %s (SQLSTATE %s)', customer, SQLERRM, SQLSTATE);
END $$;

\echo
\echo '== Jean, a producer, has 10 kg of carrots to sell this week through two hubs.'
SELECT stockhold.upsert_item('carrots', 'Jean''s carrots', unit => 'kg') AS item \gset
SELECT stockhold.receive('carrots', 10, reason => 'this week''s harvest') AS "Jean's stock (kg)";
SELECT stockhold.open_session('hubA', 'Hub A (Monday-Friday)', now() - interval '1 day', now() + interval '4 days') AS a \gset
SELECT stockhold.open_session('hubB', 'Hub B (Tuesday-Thursday)', now() - interval '1 hour', now() + interval '2 days') AS b \gset
SELECT session_ref AS hub, trader FROM stockhold.sessions ORDER BY 1;

\echo '== Monday: Ali orders 1 kg through Hub A, and pays.'
SELECT pg_temp.try_hold('hubA->Jean', 'Ali', 'hubA', 1) AS "what happened";
SELECT stockhold.confirm('Ali') AS "holds confirmed";
\echo '== Tuesday: Paul orders 5 kg through Hub A, and pays.'
SELECT pg_temp.try_hold('hubA->Jean', 'Paul', 'hubA', 5) AS "what happened";
SELECT stockhold.confirm('Paul') AS "holds confirmed";
\echo '== Wednesday: David orders 3 kg through Hub B; his payment is pending.'
SELECT pg_temp.try_hold('hubB->Jean', 'David', 'hubB', 3) AS "what happened";
SELECT * FROM carrots;
\echo '== Thursday: Michael wants 2 kg through Hub B. Only 1 kg is left.'
SELECT pg_temp.try_hold('hubB->Jean', 'Michael', 'hubB', 2) AS "what happened";
\echo '   Ali and Paul ordered first, so their carrots stay theirs: nothing is oversold.'
\echo '== David''s payment fails: his 3 kg go back on sale at once.'
SELECT sku, qty AS "kg released" FROM stockhold.release('David');
\echo '== Michael tries again, gets his 2 kg, and pays.'
SELECT pg_temp.try_hold('hubB->Jean', 'Michael', 'hubB', 2) AS "what happened";
SELECT stockhold.confirm('Michael') AS "holds confirmed";
\echo '== Zoe starts a 1.5 kg checkout at Hub B but never pays.'
SELECT pg_temp.try_hold('hubB->Jean', 'Zoe', 'hubB', 1.5) AS "what happened";
SELECT * FROM held;
SELECT * FROM carrots;

\echo '== Thursday evening: Hub B''s cycle closes. Unpaid holds are released;'
\echo '   Hub B sends Jean one consolidated order.'
SELECT order_ref AS "Hub B orders from Jean", sku, qty AS kg FROM stockhold.close_session('hubB');
\echo '== Friday: Hub A''s cycle closes.'
SELECT order_ref AS "Hub A orders from Jean", sku, qty AS kg FROM stockhold.close_session('hubA');
SELECT order_ref AS "hub order", order_state, fulfilment_state FROM stockhold.orders ORDER BY 1;
SELECT * FROM carrots;

\echo '== Jean ships both orders.'
SELECT order_ref AS "shipped for", s.qty AS kg
  FROM (VALUES ('hubA->Jean'), ('hubB->Jean')) o(order_ref), LATERAL stockhold.fulfil(o.order_ref) s;
SELECT * FROM carrots;
SELECT movement, sum(qty) AS kg FROM stockhold.ledger GROUP BY 1 ORDER BY 1;
SELECT CASE WHEN count(*) = 0 THEN 'all invariants hold: Jean was never short, nothing was oversold'
            ELSE count(*) || ' invariant violations' END AS "check_invariants()"
  FROM stockhold.check_invariants();
