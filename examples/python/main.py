"""A day at Jean's farm shop online, on stockhold, with the checkout service in checkout.py.

Run it against an empty database (see README.md). It prints what happens, checks each outcome, and
exits 1 if any is not what this story expects.
"""
from __future__ import annotations

import logging
import os
import sys
from decimal import Decimal as D

import psycopg

import checkout as shop

ALERT_WAIT = 60  # seconds; the alert is sent when the hold commits: this only stops a hang
unexpected = 0


def expect(what: str, actual, wanted) -> None:
    global unexpected
    if actual == wanted:
        print(f"   ok: {what}: {actual}")
    else:
        unexpected += 1
        print(f"   UNEXPECTED: {what}: {actual!r}, expected {wanted!r}")


def set_up_shop(office: psycopg.Connection) -> None:
    """The back office's part (a role with stockhold_admin): the products and Jean's harvest."""
    # Only a superuser can create it; IF NOT EXISTS lets any role run this once it exists.
    office.execute("CREATE EXTENSION IF NOT EXISTS stockhold")
    if office.execute("SELECT EXISTS (SELECT FROM stockhold.orders)").fetchone()[0]:
        sys.exit("this database has orders already: run the example against an empty one")
    office.execute("SELECT stockhold.upsert_item('carrots', 'Carrots', unit => 'kg', low_stock_threshold => 2)")
    office.execute("SELECT stockhold.upsert_item('leeks', 'Leeks', unit => 'kg')")
    office.execute("SELECT stockhold.receive('carrots', 10, reason => 'harvest', idempotency_key => 'harvest-carrots')")
    office.execute("SELECT stockhold.receive('leeks', 4, reason => 'harvest', idempotency_key => 'harvest-leeks')")


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="   %(message)s")  # shows the retries
    office_user, shop_user = os.environ.get("BACKOFFICE_USER"), os.environ.get("SHOP_USER")
    with psycopg.connect(user=office_user, autocommit=True) as office, \
         psycopg.connect(user=office_user, autocommit=True) as alerts, \
         shop.connect(shop_user) as web, shop.connect(shop_user) as stall:
        set_up_shop(office)
        # Listening from here: an item with a threshold and no stock yet is low too, so setting
        # up sent an alert of its own.
        shop.listen_low_stock(alerts)
        print("Jean's farm shop opens: 10 kg of carrots (low-stock alert at 2 kg), 4 kg of leeks.")

        print("1. Ana checks out 1.5 kg of carrots and 0.5 kg of leeks.")
        basket = {"carrots": D("1.5"), "leeks": D("0.5")}
        first = shop.place_hold(web, "web-1", basket, key="form-ana-1")
        expect("Ana's basket", first.outcome, "ok")
        print("   Her browser sends the form again (the reply was lost): same key, same holds.")
        again = shop.place_hold(web, "web-1", basket, key="form-ana-1")
        expect("the same holds", [h["hold_id"] for h in again.value], [h["hold_id"] for h in first.value])
        expect("carrots left", shop.available(web, "carrots"), D("8.5"))
        expect("Ana pays: holds confirmed", shop.pay(web, "web-1").value, 2)

        print("2. Ben wants 12 kg of carrots.")
        ben = shop.place_hold(web, "web-2", {"carrots": D("12")}, key="form-ben-1")
        expect("Ben is told", ben.outcome, "out_of_stock")
        if ben.detail:
            print(f"   stockhold says: {ben.detail}")

        print("3. Cleo checks out 3 kg of carrots while the market stall sells 2.5 kg.")
        print("   Her checkout reads the stock left, then holds, in one snapshot; the stall's sale")
        print("   commits in between (staged here), so the hold gets 40001 and the checkout runs again.")
        attempts = 0

        def quote_then_hold(cur):
            nonlocal attempts
            attempts += 1
            print(f"   Cleo's page: {shop.available(cur, 'carrots')} kg of carrots left")
            if attempts == 1:
                sale = shop.place_hold(stall, "stall-1", {"carrots": D("2.5")}, key="stall-sale-1")
                expect("the stall's sale", sale.outcome, "ok")
            return shop.hold_lines(cur, "web-3", {"carrots": D("3")}, key="form-cleo-1")

        cleo = shop.in_transaction(web, quote_then_hold)
        expect("Cleo's checkout ran", f"{attempts} times", "2 times")
        expect("Cleo holds", [h["qty"] for h in cleo], [D("3")])

        print("4. Dan checks out 1.25 kg of carrots: 1.75 kg are left, below the 2 kg alert level.")
        expect("Dan's basket", shop.place_hold(web, "web-4", {"carrots": D("1.25")}, key="form-dan-1").outcome, "ok")
        alert = shop.next_alert(alerts, ALERT_WAIT)
        print(f"   the back office hears: {alert}")
        expect("the low-stock alert", alert, {"sku": "carrots", "available": D("1.75"), "threshold": D("2")})
        expect("Dan pays: holds confirmed", shop.pay(web, "web-4").value, 1)

        print("5. Cleo's payment fails: her order is cancelled and her 3 kg are on sale again.")
        expect("Cleo's order released", [r["qty"] for r in shop.cancel(web, "web-3").value], [D("3")])
        expect("a late payment for it", shop.pay(web, "web-3").outcome, "order_closed")

        print("6. Ana's and Dan's orders ship.")
        expect("Ana's parcel", {r["sku"]: r["qty"] for r in shop.ship(web, "web-1").value},
               {"carrots": D("1.5"), "leeks": D("0.5")})
        expect("Dan's parcel", {r["sku"]: r["qty"] for r in shop.ship(web, "web-4").value}, {"carrots": D("1.25")})

        print("At closing time (the stall's customer is still paying for 2.5 kg):")
        stock = {r["sku"]: (r["on_hand"], r["reserved"]) for r in web.execute(
            "SELECT sku, on_hand, reserved FROM stockhold.item_availability")}
        expect("carrots on hand, held", stock["carrots"], (D("7.25"), D("2.5")))
        expect("leeks on hand, held", stock["leeks"], (D("3.5"), D("0")))

    print(f"{'all outcomes as expected' if unexpected == 0 else f'{unexpected} UNEXPECTED outcome(s)'}")
    return 1 if unexpected else 0


if __name__ == "__main__":
    sys.exit(main())
