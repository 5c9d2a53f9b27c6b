"""A checkout service on stockhold, with psycopg 3.

Each function is one step of a customer's checkout. The service connects as a role granted
stockhold_app:

    place_hold(conn, order, basket, key=...)  reserve the basket while the customer pays (hold)
    pay(conn, checkout)                       payment succeeded: the holds stop expiring (confirm)
    ship(conn, order)                         the goods leave: the held stock is consumed (fulfil)
    cancel(conn, order)                       the customer gave up: the stock is back on sale

Each returns a Result: outcome "ok", or this shop's name for one of stockhold's refusals (such as
"out_of_stock"), which the shop shows the customer. Any other error is a bug or an outage, and is raised.
"""
from __future__ import annotations

import json
import logging
import random
import select
import time
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Callable

import psycopg
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

log = logging.getLogger(__name__)

# stockhold's refusals (docs/reference.md#errors) as this shop's outcomes. psycopg has no exception
# classes for the SH codes: they arrive as a plain psycopg.Error whose sqlstate is the code.
OUTCOMES = {
    "SH001": "out_of_stock",  # the DETAIL has one line per short line
    "SH002": "unknown_product",
    "SH004": "unknown_checkout",
    "SH010": "sales_closed",
    "SH011": "order_closed",  # e.g. paying for an order that was cancelled meanwhile
    "SH012": "hold_lost",  # paid too late: the hold expired and its stock was sold (refund)
}

# Serialization failure and deadlock: PostgreSQL undid the transaction, which may simply run again.
RETRYABLE = {"40001", "40P01"}
ATTEMPTS = 5


@dataclass
class Result:
    outcome: str  # "ok", or one of OUTCOMES' values
    value: Any = None  # what stockhold returned
    detail: str | None = None  # the refusal's detail, for the customer or the log

    @property
    def ok(self) -> bool:
        return self.outcome == "ok"


def connect(user: str | None = None) -> psycopg.Connection:
    """A connection for the service; host, port, database and password come from the PG* variables.

    Autocommit, so that every transaction is an explicit in_transaction(). REPEATABLE READ, so that a
    checkout reads prices and stock from one snapshot; stockhold then raises 40001 rather than decide
    on stale stock, and in_transaction() retries. (Under READ COMMITTED stockhold never raises 40001:
    the retry costs nothing there.)
    """
    conn = psycopg.connect(user=user, autocommit=True, row_factory=dict_row)
    conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
    return conn


def in_transaction(conn: psycopg.Connection, work: Callable[[psycopg.Cursor], Any]) -> Any:
    """Runs work(cursor) in one transaction, and the whole transaction again on 40001 or 40P01.

    work must be safe to run again from the start: each stockhold call in it takes the same
    idempotency key every time, so a retry never holds or ships twice.
    """
    for attempt in range(1, ATTEMPTS + 1):
        try:
            with conn.transaction(), conn.cursor() as cur:
                return work(cur)
        except psycopg.Error as e:
            if e.sqlstate not in RETRYABLE or attempt == ATTEMPTS:
                raise
            log.info("retrying after %s (%s), attempt %d of %d",
                     e.sqlstate, e.diag.message_primary, attempt + 1, ATTEMPTS)
            # A random pause, growing with each attempt, so that the racers do not meet again.
            time.sleep(random.uniform(0, 0.05 * 2**attempt))


def _call(conn: psycopg.Connection, work: Callable[[psycopg.Cursor], Any]) -> Result:
    """in_transaction(), with stockhold's refusals turned into outcomes."""
    try:
        return Result("ok", in_transaction(conn, work))
    except psycopg.Error as e:
        outcome = OUTCOMES.get(e.sqlstate)
        if outcome is None:
            raise
        return Result(outcome, detail=e.diag.message_detail or e.diag.message_primary)


def as_lines(basket: dict[str, Decimal]) -> Jsonb:
    """stockhold's lines for a basket {sku: quantity}.

    A quantity goes as a JSON string ("1.5"), which stockhold reads as an exact decimal: json.dumps
    (and so psycopg's Jsonb) cannot write a Decimal, and a float would not be exact. A float passed
    here by mistake becomes its exact binary value (0.1 -> 0.1000000000000000055...), which stockhold
    refuses (22023: more than 6 decimal places) rather than silently rounding.
    """
    return Jsonb([{"sku": sku, "qty": str(Decimal(qty))} for sku, qty in basket.items()])


def hold_lines(cur: psycopg.Cursor, order: str, basket: dict[str, Decimal], *, key: str,
               checkout: str | None = None, ttl: str = "15 minutes") -> list[dict]:
    """The hold itself, one statement, for use inside a transaction of your own."""
    cur.execute(
        "SELECT hold_id, sku, location, qty, expires_at FROM stockhold.hold(%(order)s, %(lines)s,"
        " checkout_ref => %(checkout)s, ttl => %(ttl)s::interval, idempotency_key => %(key)s)",
        {"order": order, "lines": as_lines(basket), "checkout": checkout, "ttl": ttl, "key": key})
    return cur.fetchall()


def place_hold(conn: psycopg.Connection, order: str, basket: dict[str, Decimal], *, key: str,
               checkout: str | None = None, ttl: str = "15 minutes") -> Result:
    """Holds the whole basket, or nothing ("out_of_stock", with what is short in detail).

    key identifies the customer's request (say, the checkout form's token): the same request sent
    again, after a lost reply or by in_transaction()'s retry, returns the first holds and holds
    nothing more.
    """
    return _call(conn, lambda cur: hold_lines(cur, order, basket, key=key, checkout=checkout, ttl=ttl))


def pay(conn: psycopg.Connection, checkout: str) -> Result:
    """Payment succeeded: the checkout's holds no longer expire. value: how many holds it has."""
    # confirm() is idempotent by nature: confirming again changes nothing.
    return _call(conn, lambda cur: cur.execute(
        "SELECT stockhold.confirm(%s) AS holds", [checkout]).fetchone()["holds"])


def ship(conn: psycopg.Connection, order: str) -> Result:
    """Ships everything the order holds. value: the lines shipped."""
    # Shipping everything happens once per order, so the order names the request.
    return _call(conn, lambda cur: cur.execute(
        "SELECT sku, location, qty FROM stockhold.fulfil(%s, idempotency_key => %s)",
        [order, f"ship:{order}"]).fetchall())


def cancel(conn: psycopg.Connection, order: str) -> Result:
    """Cancels the order; its stock is on sale again at once. value: the lines released."""
    return _call(conn, lambda cur: cur.execute(
        "SELECT sku, location, qty FROM stockhold.cancel(%s)", [order]).fetchall())


def available(conn_or_cur: psycopg.Connection | psycopg.Cursor, sku: str) -> Decimal:
    """What is left to sell of an item, all locations together."""
    row = conn_or_cur.execute(
        "SELECT available FROM stockhold.item_availability WHERE sku = %s", [sku]).fetchone()
    return row["available"]


# Low-stock alerts: stockhold sends NOTIFY stockhold_low_stock with {"sku", "available", "threshold"}
# when an item's available stock falls to its threshold. Listen on a connection of its own (autocommit,
# running nothing else), so that no query of the service swallows an alert.

def listen_low_stock(conn: psycopg.Connection) -> None:
    conn.execute("LISTEN stockhold_low_stock")


def next_alert(conn: psycopg.Connection, timeout: float) -> dict | None:
    """The next low-stock alert, quantities as Decimal, or None when none came within timeout seconds.

    (psycopg 3.2 and later can say conn.notifies(timeout=..., stop_after=1); Debian 12 has 3.1, so
    this reads libpq's queue of notifications, which also keeps the ones not read yet.)
    """
    deadline = time.monotonic() + timeout
    while (notification := conn.pgconn.notifies()) is None:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([conn], [], [], left)[0]:
            return None
        conn.pgconn.consume_input()
    return json.loads(notification.extra, parse_float=Decimal, parse_int=Decimal)
