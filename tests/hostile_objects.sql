-- A hostile user with CREATE on public (as in databases older than
-- PostgreSQL 15) plants functions and operators that shadow built-ins
-- stockhold's functions use, puts public first in its search_path, and calls
-- every function. stockhold's functions run with search_path pinned to
-- pg_catalog, pg_temp, so none of the planted objects is ever called.
BEGIN;
SELECT plan(4);

CREATE ROLE tap_intruder IN ROLE stockhold_app;
GRANT CREATE ON SCHEMA public TO tap_intruder;
CREATE TABLE public.intrusions (what text);
GRANT INSERT, SELECT ON public.intrusions TO tap_intruder;
SELECT stockhold.upsert_item('kettle', low_stock_threshold => 1), stockhold.receive('kettle', 5);
SELECT stockhold.open_session('fair', 'Fair', now() - interval '1 hour', now() + interval '1 hour');

SET LOCAL ROLE tap_intruder;
SET LOCAL search_path = public, pg_catalog;
-- Same names and argument types as built-ins, each recording that it ran.
CREATE FUNCTION public.now() RETURNS timestamptz LANGUAGE sql
  AS $$ INSERT INTO public.intrusions VALUES ('now'); SELECT pg_catalog.now() $$;
CREATE FUNCTION public.jsonb_array_length(jsonb) RETURNS integer LANGUAGE sql
  AS $$ INSERT INTO public.intrusions VALUES ('jsonb_array_length'); SELECT 0 $$;
CREATE FUNCTION public.numeric_eq_hijack(numeric, numeric) RETURNS boolean LANGUAGE sql
  AS $$ INSERT INTO public.intrusions VALUES ('numeric ='); SELECT true $$;
CREATE OPERATOR public.= (LEFTARG = numeric, RIGHTARG = numeric, FUNCTION = public.numeric_eq_hijack);
CREATE FUNCTION public.text_eq_hijack(text, text) RETURNS boolean LANGUAGE sql
  AS $$ INSERT INTO public.intrusions VALUES ('text ='); SELECT true $$;
CREATE OPERATOR public.= (LEFTARG = text, RIGHTARG = text, FUNCTION = public.text_eq_hijack);
CREATE FUNCTION public.sum(numeric) RETURNS numeric LANGUAGE sql
  AS $$ INSERT INTO public.intrusions VALUES ('sum'); SELECT 0::numeric $$;
CREATE FUNCTION public.pg_notify(text, text) RETURNS void LANGUAGE sql
  AS $$ INSERT INTO public.intrusions VALUES ('pg_notify') $$;
CREATE FUNCTION public.trim_scale(numeric) RETURNS numeric LANGUAGE sql
  AS $$ INSERT INTO public.intrusions VALUES ('trim_scale'); SELECT $1 $$;
CREATE FUNCTION public.md5(text) RETURNS text LANGUAGE sql
  AS $$ INSERT INTO public.intrusions VALUES ('md5'); SELECT 'x' $$;
CREATE TABLE public.holds (id bigint);  -- an unqualified "holds" would find this

-- The calls run in DO blocks (pgTAP itself would be fooled by the planted
-- operators); each records how it ended in pg_temp.outcomes.
CREATE TEMP TABLE outcomes (step text, sqlstate text);
GRANT ALL ON outcomes TO PUBLIC;
DO $$
BEGIN
  PERFORM count(*) FROM stockhold.hold('w1', '[{"sku": "kettle", "qty": 2}, {"sku": "kettle", "qty": 1}]',
                                       ttl => '1 hour', idempotency_key => 'k1');
  PERFORM count(*) FROM stockhold.hold('w1', '[{"sku": "kettle", "qty": 2}, {"sku": "kettle", "qty": 1}]',
                                       ttl => '1 hour', idempotency_key => 'k1');
  PERFORM stockhold.confirm('w1');
  PERFORM count(*) FROM stockhold.release('w1', '[{"sku": "kettle", "qty": 1}]');
  PERFORM count(*) FROM stockhold.fulfil('w1', '[{"sku": "kettle", "qty": 1}]');
  PERFORM count(*) FROM stockhold.return_stock('w1', '[{"sku": "kettle", "qty": 1}]');
  PERFORM count(*) FROM stockhold.hold('w2', '[{"sku": "kettle", "qty": 4}]', session_ref => 'fair');
  PERFORM count(*) FROM stockhold.cancel('w2');
  PERFORM count(*) FROM stockhold.hold('w3', '[{"sku": "kettle", "qty": 1}]', session_ref => 'fair');
  INSERT INTO pg_temp.outcomes VALUES ('app flow', 'ok');
  BEGIN
    PERFORM count(*) FROM stockhold.hold('w4', '[{"sku": "kettle", "qty": 99}]');
    INSERT INTO pg_temp.outcomes VALUES ('oversized hold', 'ok');
  EXCEPTION WHEN OTHERS THEN
    INSERT INTO pg_temp.outcomes VALUES ('oversized hold', SQLSTATE);
  END;
EXCEPTION WHEN OTHERS THEN
  INSERT INTO pg_temp.outcomes VALUES ('app flow', SQLSTATE || ' ' || SQLERRM);
END $$;

RESET ROLE;
DO $$
BEGIN
  PERFORM stockhold.receive('kettle', 1), stockhold.adjust('kettle', 6), stockhold.upsert_item('kettle', 'Kettle');
  PERFORM stockhold.upsert_location('stall', priority => 1), stockhold.expire_holds();
  PERFORM count(*) FROM stockhold.close_session('fair');
  PERFORM count(*) FROM stockhold.close_due_sessions();
  INSERT INTO pg_temp.outcomes VALUES ('admin flow', 'ok');
EXCEPTION WHEN OTHERS THEN
  INSERT INTO pg_temp.outcomes VALUES ('admin flow', SQLSTATE || ' ' || SQLERRM);
END $$;
SET LOCAL search_path = public, pg_catalog;  -- back to one where pgTAP finds its own operators: drop the plants
DROP OPERATOR public.= (numeric, numeric);
DROP OPERATOR public.= (text, text);

SELECT results_eq($$ SELECT step, sqlstate FROM pg_temp.outcomes $$,
                  $$ VALUES ('app flow', 'ok'), ('oversized hold', 'SH001'), ('admin flow', 'ok') $$,
                  'every function works with the planted objects first in the search_path, and SH001 still comes');
SELECT is_empty($$ SELECT * FROM stockhold.check_invariants() $$, 'invariants hold');
SELECT is_empty($$ SELECT what FROM public.intrusions $$, 'no planted function or operator was ever called');
SELECT is((SELECT count(*) FROM public.holds), 0::bigint, 'the planted holds table was never touched');

SELECT * FROM finish();
ROLLBACK;
