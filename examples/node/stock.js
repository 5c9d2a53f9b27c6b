'use strict';
// The calls a trader platform makes to stockhold, with node-postgres (pg).
//
// Every call is one transaction, run again on 40001 / 40P01, and returns
// { outcome: 'ok', value } or, for one of stockhold's refusals,
// { outcome: 'out_of_stock' | ..., detail }. Any other error is a bug or an
// outage, and is thrown.
//
// Quantities are decimal strings both ways: node-postgres returns numeric as
// a string, and a line's qty goes as a JSON string ("1.5"), which stockhold
// reads as an exact decimal. A JavaScript number is a binary float
// (0.1 + 0.2 !== 0.3): never do arithmetic on quantities with one.

const { Client } = require('pg');

// stockhold's refusals (docs/reference.md#errors) as the platform's outcomes.
// err.code is the SQLSTATE; err.detail says, for SH001, what is short.
const OUTCOMES = {
  SH001: 'out_of_stock',
  SH002: 'unknown_product',
  SH004: 'unknown_checkout',
  SH005: 'unknown_session',
  SH010: 'session_closed',
  SH011: 'order_closed',
  SH012: 'hold_lost',
};

// Serialization failure and deadlock: PostgreSQL undid the transaction,
// which may simply run again.
const RETRYABLE = new Set(['40001', '40P01']);
const ATTEMPTS = 5;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// A connection; host, port, database and password come from the PG*
// variables, user too unless given.
async function connect(user) {
  const client = new Client({ user });
  await client.connect();
  return client;
}

// Runs work(client) in one REPEATABLE READ transaction (a checkout reads
// stock and prices from one snapshot), and the whole transaction again on
// 40001 or 40P01. work must be safe to run again from the start: each
// stockhold call in it takes the same idempotency key every time, so a retry
// never holds or ships twice. Under READ COMMITTED stockhold never raises
// 40001; the loop costs nothing there.
async function inTransaction(client, work) {
  for (let attempt = 1; ; attempt++) {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    try {
      const value = await work(client);
      await client.query('COMMIT');
      return value;
    } catch (err) {
      await client.query('ROLLBACK');
      if (!RETRYABLE.has(err.code) || attempt === ATTEMPTS) throw err;
      console.log(`   retrying after ${err.code} (${err.message}), attempt ${attempt + 1} of ${ATTEMPTS}`);
      // A random pause, growing with each attempt, so that the racers do not meet again.
      await sleep(Math.random() * 50 * 2 ** attempt);
    }
  }
}

// inTransaction(), with stockhold's refusals turned into outcomes.
async function call(client, work) {
  try {
    return { outcome: 'ok', value: await inTransaction(client, work) };
  } catch (err) {
    const outcome = OUTCOMES[err.code];
    if (!outcome) throw err;
    return { outcome, detail: err.detail || err.message };
  }
}

// lines: [{ sku, qty }] with qty a decimal string such as '1.5'.
function holdLines(client, { order, lines, checkout = null, session = null, ttl = '30 minutes', key }) {
  return client.query(
    `SELECT hold_id, sku, location, qty, expires_at
       FROM stockhold.hold($1, $2::jsonb, checkout_ref => $3, session_ref => $4, ttl => $5::interval,
                           idempotency_key => $6)`,
    [order, JSON.stringify(lines), checkout, session, ttl, key]).then((r) => r.rows);
}

// A customer's checkout: holds their lines in the order, all or nothing
// ('out_of_stock'). key names the customer's request: sent again, after a
// lost reply or by the retry, it returns the first holds and holds nothing
// more.
const placeHold = (client, hold) => call(client, (c) => holdLines(c, hold));

// Payment succeeded: the checkout's holds stop expiring. value: its holds.
const pay = (client, checkout) => call(client, (c) =>
  c.query('SELECT stockhold.confirm($1) AS holds', [checkout]).then((r) => r.rows[0].holds));

// Ships everything the order holds, once (the order names the request).
const ship = (client, order) => call(client, (c) =>
  c.query('SELECT sku, location, qty FROM stockhold.fulfil($1, idempotency_key => $2)',
    [order, `ship:${order}`]).then((r) => r.rows));

// The back office (stockhold_admin): a trader's sales session closes, and
// its orders are what its customers hold. value: [{ order_ref, sku, qty }].
const closeSession = (client, session) => call(client, (c) =>
  c.query('SELECT order_ref, sku, qty FROM stockhold.close_session($1)', [session]).then((r) => r.rows));

// Low-stock alerts: stockhold sends NOTIFY stockhold_low_stock with
// {"sku", "available", "threshold"} when an item's available stock falls to
// its threshold. Listen on a client of its own. Alerts are queued from the
// moment of LISTEN, so none is lost between two next() calls. Their numbers
// are JSON numbers, fine to show; for arithmetic, read
// stockhold.item_availability, whose numerics arrive as strings.
async function listenLowStock(client) {
  const queue = [];
  let wake = null;
  client.on('notification', (msg) => {
    if (msg.channel !== 'stockhold_low_stock') return;
    queue.push(JSON.parse(msg.payload));
    if (wake) wake();
  });
  await client.query('LISTEN stockhold_low_stock');
  return {
    // The next alert, or null when none came within timeoutMs.
    async next(timeoutMs) {
      if (queue.length === 0) {
        let timer;
        await new Promise((resolve) => {
          wake = resolve;
          timer = setTimeout(resolve, timeoutMs);
        });
        clearTimeout(timer);
        wake = null;
      }
      return queue.shift() ?? null;
    },
  };
}

module.exports = {
  OUTCOMES, connect, inTransaction, holdLines, placeHold, pay, ship, closeSession, listenLowStock,
};
