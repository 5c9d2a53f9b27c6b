'use strict';
// Seed 000's wholesale week on stockhold, with the calls in stock.js: Jean
// sells 10 kg of carrots through Hub A (open Monday to Friday) and Hub B
// (Tuesday to Thursday). Each customer's checkout holds carrots in the hub's
// order for Jean; Michael, the last customer, is refused at checkout instead
// of Jean being 1 kg short; each hub's order is what its customers hold when
// its sales session closes; Jean ships both.
//
// Run it against an empty database (see README.md). It prints what happens,
// checks each outcome, and exits 1 if any is not what the seed expects.

const stock = require('./stock');

const ALERT_WAIT_MS = 60000; // the alert is sent when the hold commits: this only stops a hang
let unexpected = 0;

function expect(what, actual, wanted) {
  const [a, w] = [JSON.stringify(actual), JSON.stringify(wanted)];
  if (a === w) {
    console.log(`   ok: ${what}: ${a}`);
  } else {
    unexpected++;
    console.log(`   UNEXPECTED: ${what}: ${a}, expected ${w}`);
  }
}

const order = (hub) => `Hub ${hub} -> Jean, week 1`;
const holdFor = (customer) => ({
  order: order(customer.hub),
  lines: [{ sku: 'carrots', qty: customer.kg }], // kg as a decimal string
  checkout: `${customer.name}, week 1`,
  session: `hub${customer.hub}-week1`,
  key: `checkout:${customer.name}:week1`,
});

// The back office's part (a role with stockhold_admin): Jean's carrots and
// the two hubs' sales sessions.
async function setUpWeek(office) {
  // Only a superuser can create it; IF NOT EXISTS lets any role run this once it exists.
  await office.query('CREATE EXTENSION IF NOT EXISTS stockhold');
  const { rows } = await office.query('SELECT EXISTS (SELECT FROM stockhold.orders) AS used');
  if (rows[0].used) throw new Error('this database has orders already: run the example against an empty one');
  await office.query(`SELECT stockhold.upsert_item('carrots', 'Jean''s carrots', unit => 'kg',
                                                   low_stock_threshold => $1)`, ['2']);
  await office.query(`SELECT stockhold.receive('carrots', $1, reason => 'harvest, week 1',
                                               idempotency_key => 'jean-harvest-week1')`, ['10']);
  // The sessions open now and close when the story says so (close_session).
  await office.query(`SELECT stockhold.open_session('hubA-week1', 'Hub A', now() - interval '1 hour',
                                                    now() + interval '4 days')`);
  await office.query(`SELECT stockhold.open_session('hubB-week1', 'Hub B', now() - interval '1 hour',
                                                    now() + interval '2 days')`);
}

async function checkOut(shop, customer) {
  const held = await stock.placeHold(shop, holdFor(customer));
  expect(`${customer.name}'s checkout`, held.outcome, 'ok');
  expect(`${customer.name} pays: holds confirmed`, (await stock.pay(shop, holdFor(customer).checkout)).value, 1);
}

async function week(office, shop, otherShop, alerts) {
  console.log("Jean has 10 kg of carrots for Hub A and Hub B (low-stock alert at 2 kg).");

  console.log('Monday: Ali orders 1 kg through Hub A.');
  await checkOut(shop, { name: 'Ali', hub: 'A', kg: '1' });

  console.log('Tuesday night: Paul (5 kg, Hub A) and David (3 kg, Hub B) check out at the same moment,');
  console.log('   on two checkout servers. David\'s reads the stock left, then holds, in one snapshot;');
  console.log('   Paul\'s commits in between (staged here), so David\'s hold gets 40001 and runs again.');
  const paul = { name: 'Paul', hub: 'A', kg: '5' };
  const david = { name: 'David', hub: 'B', kg: '3' };
  let attempts = 0;
  const davidHolds = await stock.inTransaction(shop, async (client) => {
    attempts++;
    const { rows } = await client.query("SELECT available FROM stockhold.item_availability WHERE sku = 'carrots'");
    console.log(`   David's page: ${rows[0].available} kg of carrots left`);
    if (attempts === 1) expect("Paul's checkout", (await stock.placeHold(otherShop, holdFor(paul))).outcome, 'ok');
    return stock.holdLines(client, holdFor(david));
  });
  expect("David's checkout ran", `${attempts} times`, '2 times');
  expect('David holds', davidHolds.map((h) => h.qty), ['3']);
  for (const c of [paul, david]) {
    expect(`${c.name} pays: holds confirmed`, (await stock.pay(shop, holdFor(c).checkout)).value, 1);
  }
  const alert = await alerts.next(ALERT_WAIT_MS);
  console.log(`   Jean hears: ${JSON.stringify(alert)}`);
  expect('the low-stock alert', alert, { sku: 'carrots', available: 1, threshold: 2 });

  console.log('Thursday: Michael orders 2 kg through Hub B. Only 1 kg is left.');
  const michael = await stock.placeHold(shop, holdFor({ name: 'Michael', hub: 'B', kg: '2' }));
  expect('Michael is told', michael.outcome, 'out_of_stock');
  if (michael.detail) console.log(`   stockhold says: ${michael.detail}`);

  console.log("Thursday evening: Hub B's session closes; its order is what its customers hold.");
  expect("Hub B's order for Jean", (await stock.closeSession(office, 'hubB-week1')).value,
    [{ order_ref: order('B'), sku: 'carrots', qty: '3' }]);
  console.log("Friday: Hub A's session closes.");
  expect("Hub A's order for Jean", (await stock.closeSession(office, 'hubA-week1')).value,
    [{ order_ref: order('A'), sku: 'carrots', qty: '6' }]);

  console.log('Jean ships both orders.');
  for (const hub of ['B', 'A']) {
    const shipped = await stock.ship(shop, order(hub));
    expect(`shipped to Hub ${hub}`, shipped.value.map((r) => r.qty), [hub === 'A' ? '6' : '3']);
  }
  const { rows } = await shop.query(
    "SELECT on_hand, reserved FROM stockhold.item_availability WHERE sku = 'carrots'");
  expect("Jean's carrots left: on hand, held", rows[0], { on_hand: '1', reserved: '0' });
}

async function main() {
  const office = await stock.connect(process.env.BACKOFFICE_USER);
  const listener = await stock.connect(process.env.BACKOFFICE_USER);
  const shop = await stock.connect(process.env.SHOP_USER);
  const otherShop = await stock.connect(process.env.SHOP_USER);
  try {
    await setUpWeek(office);
    // Listening from here: an item with a threshold and no stock yet is low too, so
    // setting up sends an alert of its own.
    await week(office, shop, otherShop, await stock.listenLowStock(listener));
  } finally {
    await Promise.all([office, listener, shop, otherShop].map((c) => c.end()));
  }
  console.log(unexpected === 0 ? 'all outcomes as expected' : `${unexpected} UNEXPECTED outcome(s)`);
  return unexpected === 0 ? 0 : 1;
}

main().then((status) => { process.exitCode = status; }, (err) => {
  console.error(err);
  process.exitCode = 2;
});
