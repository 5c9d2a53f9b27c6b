-- Sales sessions, the DFC state machine, fulfil and return_stock: every
-- transition allowed and refused, each refusal changing nothing.
SET client_min_messages = warning;
DROP EXTENSION IF EXISTS stockhold CASCADE;
CREATE EXTENSION stockhold;
RESET client_min_messages;
\set SHOW_CONTEXT never
CREATE VIEW pg_temp.states AS SELECT order_ref, order_state, fulfilment_state FROM stockhold.orders ORDER BY 1;
SELECT stockhold.upsert_item('flour', unit => 'kg'), stockhold.upsert_location('mill', priority => 1);
SELECT stockhold.receive('flour', 20, 'mill'), stockhold.receive('flour', 5);

-- open_session: refusals, then a session open now, one not yet open, one past its close.
SELECT public.stockhold_digest() AS before \gset
SELECT stockhold.open_session(NULL, 'Hub');
\echo :LAST_ERROR_SQLSTATE
SELECT stockhold.open_session('', 'Hub');
\echo :LAST_ERROR_SQLSTATE
SELECT stockhold.open_session('s', NULL);
\echo :LAST_ERROR_SQLSTATE
SELECT stockhold.open_session('s', 'Hub', now(), now() - interval '1 hour');
\echo :LAST_ERROR_SQLSTATE
SELECT stockhold.open_session('s', 'Hub', NULL);
\echo :LAST_ERROR_SQLSTATE
SELECT public.stockhold_digest() = :'before' AS unchanged;
SELECT stockhold.open_session('now', 'Hub N', now() - interval '1 day', now() + interval '1 day') AS id \gset
SELECT stockhold.open_session('now', 'Hub N renamed', now() - interval '1 day', now() + interval '2 days') = :id AS same_id;
SELECT trader FROM stockhold.sessions WHERE session_ref = 'now';
SELECT stockhold.open_session('later', 'Hub L', now() + interval '1 day') > 0 AS later;
SELECT stockhold.open_session('past', 'Hub P', now() - interval '2 days', now() - interval '1 day') > 0 AS past;

-- hold's session rules.
SELECT public.stockhold_digest() AS before \gset
SELECT * FROM stockhold.hold('a', '[{"sku": "flour", "qty": 1}]', session_ref => 'nope');
\echo :LAST_ERROR_SQLSTATE
-- (terse: the DETAIL names the session's hours, which move with the clock)
\set VERBOSITY terse
SELECT * FROM stockhold.hold('a', '[{"sku": "flour", "qty": 1}]', session_ref => 'later');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM stockhold.hold('a', '[{"sku": "flour", "qty": 1}]', session_ref => 'past');
\echo :LAST_ERROR_SQLSTATE
\set VERBOSITY default
SELECT public.stockhold_digest() = :'before' AS unchanged;
SELECT sku, qty FROM stockhold.hold('hub-order', '[{"sku": "flour", "qty": 2}]', checkout_ref => 'c1', session_ref => 'now');
SELECT sku, qty FROM stockhold.hold('plain', '[{"sku": "flour", "qty": 1}]');
-- an order bound to one session cannot join another, nor can a plain order join one
SELECT stockhold.open_session('other', 'Hub O', now() - interval '1 day') > 0 AS other;
SELECT public.stockhold_digest() AS before \gset
SELECT * FROM stockhold.hold('hub-order', '[{"sku": "flour", "qty": 1}]', checkout_ref => 'c2', session_ref => 'other');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM stockhold.hold('plain', '[{"sku": "flour", "qty": 1}]', session_ref => 'now');
\echo :LAST_ERROR_SQLSTATE
SELECT public.stockhold_digest() = :'before' AS unchanged;
-- a hold on a session's order without naming the session still needs it open
SELECT sku, qty FROM stockhold.hold('hub-order', '[{"sku": "flour", "qty": 1}]', checkout_ref => 'c2');
SELECT sku, qty FROM stockhold.hold('hub-order', '[{"sku": "flour", "qty": 1}]', checkout_ref => 'c3', ttl => '1 hour');

-- close_session: unknown, then the real close; an order with nothing held is Cancelled.
SELECT * FROM stockhold.close_session('nope');
\echo :LAST_ERROR_SQLSTATE
SELECT sku, qty FROM stockhold.hold('empty-order', '[{"sku": "flour", "qty": 1}]', checkout_ref => 'e1', session_ref => 'now');
SELECT * FROM stockhold.release('e1');
SELECT * FROM stockhold.close_session('now');
SELECT * FROM pg_temp.states;
SELECT checkout_ref, status, qty FROM stockhold.order_lines WHERE order_ref = 'hub-order' ORDER BY checkout_ref;
SELECT public.stockhold_digest() AS before \gset
SELECT * FROM stockhold.hold('hub-order', '[{"sku": "flour", "qty": 1}]', checkout_ref => 'c9', session_ref => 'now');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM stockhold.hold('hub-order', '[{"sku": "flour", "qty": 1}]', checkout_ref => 'c9');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM stockhold.close_session('now');
SELECT public.stockhold_digest() = :'before' AS unchanged;
SELECT stockhold.open_session('now', 'Hub N');
\echo :LAST_ERROR_SQLSTATE

-- close_due_sessions closes only sessions past closes_at.
SELECT stockhold.close_due_sessions() AS closed;
SELECT session_ref, closed_at IS NOT NULL AS closed FROM stockhold.sessions ORDER BY 1;
SELECT stockhold.close_due_sessions() AS closed_again;

-- fulfil: partial, then the rest; SH014 above what is held.
SELECT public.stockhold_digest() AS before \gset
SELECT * FROM stockhold.fulfil('hub-order', '[{"sku": "flour", "qty": 3.5}]');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM stockhold.fulfil('hub-order', '[{"sku": "flour", "qty": 1}, {"sku": "flour", "qty": 99, "location": "default"}]');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM stockhold.fulfil('nope');
\echo :LAST_ERROR_SQLSTATE
SELECT public.stockhold_digest() = :'before' AS unchanged;
SELECT * FROM stockhold.fulfil('hub-order', '[{"sku": "flour", "qty": 0.25}]');
SELECT * FROM pg_temp.states WHERE order_ref = 'hub-order';
SELECT location, on_hand, reserved, available FROM stockhold.availability ORDER BY location;
SELECT * FROM stockhold.fulfil('hub-order');
SELECT * FROM pg_temp.states WHERE order_ref = 'hub-order';
SELECT public.stockhold_digest() AS before \gset
SELECT * FROM stockhold.fulfil('hub-order');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM stockhold.cancel('hub-order');
\echo :LAST_ERROR_SQLSTATE
SELECT public.stockhold_digest() = :'before' AS unchanged;

-- fulfil with release_remainder on a Held order: ships part, releases the rest.
SELECT sku, qty FROM stockhold.hold('rr', '[{"sku": "flour", "qty": 4}]');
SELECT * FROM stockhold.fulfil('rr', '[{"sku": "flour", "qty": 1.5}]', release_remainder => true);
SELECT * FROM pg_temp.states WHERE order_ref = 'rr';
SELECT status, qty FROM stockhold.order_lines WHERE order_ref = 'rr' ORDER BY status;
-- fulfil of a Cancelled order is refused.
SELECT * FROM stockhold.cancel('plain');
SELECT * FROM stockhold.fulfil('plain');
\echo :LAST_ERROR_SQLSTATE

-- return_stock: back where it shipped from, or to another location; never
-- more than shipped and not yet returned.
SELECT * FROM stockhold.return_stock('hub-order', '[{"sku": "flour", "qty": 0.25}]');
SELECT * FROM stockhold.return_stock('hub-order', '[{"sku": "flour", "qty": 1}]', to_location => 'default');
SELECT public.stockhold_digest() AS before \gset
SELECT * FROM stockhold.return_stock('hub-order', '[{"sku": "flour", "qty": 3}]');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM stockhold.return_stock('hub-order', '[{"sku": "flour", "qty": 1}]', to_location => 'mars');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM stockhold.return_stock('nope', '[{"sku": "flour", "qty": 1}]');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM stockhold.return_stock('hub-order', NULL);
\echo :LAST_ERROR_SQLSTATE
SELECT public.stockhold_digest() = :'before' AS unchanged;
SELECT * FROM stockhold.return_stock('hub-order', '[{"sku": "flour", "qty": 1.75}]');
SELECT * FROM stockhold.return_stock('hub-order', '[{"sku": "flour", "qty": 0.000001}]');
\echo :LAST_ERROR_SQLSTATE
SELECT movement, sum(qty) FROM stockhold.ledger WHERE movement IN ('fulfil', 'return') GROUP BY 1 ORDER BY 1;
SELECT location, on_hand, reserved, available FROM stockhold.availability ORDER BY location;
SELECT * FROM stockhold.check_invariants();
