// Sales sessions (seed 000): a trader's order cycle. Customer checkouts hold
// stock into the session's orders while it is open; close_session() ends it
// and consolidates each order for the producer.
#include "bridge/args.hpp"
#include "bridge/boundary.hpp"
#include "bridge/caller_text.hpp"
#include "bridge/result_set.hpp"
#include "orders/orders.hpp"
#include "stock/backorders.hpp"
#include "stock/holds.hpp"

namespace sh {

namespace {

Datum open_session(FunctionCallInfo fcinfo) {
    static spi::Plan plan(
        "INSERT INTO stockhold.sessions AS s (session_ref, trader, opens_at, closes_at) VALUES ($1, $2, $3, $4)"
        " ON CONFLICT (session_ref) DO UPDATE SET trader = excluded.trader, opens_at = excluded.opens_at,"
        "   closes_at = excluded.closes_at WHERE s.closed_at IS NULL RETURNING id",
        {TEXTOID, TEXTOID, TIMESTAMPTZOID, TIMESTAMPTZOID});
    std::string ref = args::name(fcinfo, 0, "session_ref");
    std::string trader = args::name(fcinfo, 1, "trader");
    if (PG_ARGISNULL(2)) fail(Code::bad_input, "opens_at must not be NULL");
    TimestampTz opens = PG_GETARG_TIMESTAMPTZ(2);
    bool open_ended = PG_ARGISNULL(3);
    TimestampTz closes = open_ended ? 0 : PG_GETARG_TIMESTAMPTZ(3);
    if (TIMESTAMP_NOT_FINITE(opens) || (!open_ended && TIMESTAMP_NOT_FINITE(closes)))
        fail(Code::bad_input, "opens_at and closes_at must be finite");
    if (!open_ended && closes <= opens) fail(Code::bad_input, "closes_at must be after opens_at");
    spi::Connection spi;
    spi::Result r = spi::run(plan, {spi::text(ref), spi::text(trader), spi::datum(TimestampTzGetDatum(opens)),
                                    spi::datum(TimestampTzGetDatum(closes), open_ended)});
    if (r.empty()) fail(Code::session_not_open, "sales session \"" + shown(ref) + "\" is closed and cannot be changed");
    int64 id = r.int8(0, 1);
    spi.finish();
    PG_RETURN_INT64(id);
}

void emit_totals(int64 session_id, ResultSet& out) {
    static spi::Plan totals(
        "SELECT o.order_ref, i.sku, t.qty FROM stockhold.session_totals t"
        "  JOIN stockhold.orders o ON o.id = t.order_id JOIN stockhold.items i ON i.id = t.item_id"
        " WHERE t.session_id = $1 ORDER BY o.order_ref, i.sku",
        {INT8OID});
    spi::Result r = spi::run(totals, {spi::int8(session_id)});
    for (uint64 i = 0; i < r.size(); ++i)
        out.add({spi::datum(r.get(i, 1)), spi::datum(r.get(i, 2)), spi::datum(r.get(i, 3))});
}

// Closes a session locked FOR UPDATE by the caller.
void close_locked(int64 session_id) {
    static spi::Plan mark("UPDATE stockhold.sessions SET closed_at = now() WHERE id = $1", {INT8OID});
    static spi::Plan lock_orders(
        "SELECT o.id FROM stockhold.session_orders so JOIN stockhold.orders o ON o.id = so.order_id"
        " WHERE so.session_id = $1 AND o.order_state = 'Held' ORDER BY o.id FOR UPDATE OF o",
        {INT8OID});
    static spi::Plan unconfirmed(
        "SELECT h.id, h.order_id, h.checkout_id, h.item_id, h.location_id, h.qty, h.lot_id, h.slot::integer"
        "  FROM stockhold.holds h"
        "  JOIN stockhold.session_orders so ON so.order_id = h.order_id"
        " WHERE so.session_id = $1 AND h.status = 'active' AND h.expires_at IS NOT NULL"
        " ORDER BY h.item_id, h.location_id, h.id FOR UPDATE OF h",
        {INT8OID});
    static spi::Plan unconfirmed_again(  // see holds::read_again()
        "WITH mine AS (SELECT h.id FROM stockhold.holds h"
        "                JOIN stockhold.session_orders so ON so.order_id = h.order_id"
        "               WHERE so.session_id = $1 AND h.status = 'active' AND h.expires_at IS NOT NULL"
        "               ORDER BY h.item_id, h.location_id, h.id FOR UPDATE OF h SKIP LOCKED)"
        " SELECT h.id, h.order_id, h.checkout_id, h.item_id, h.location_id, h.qty, h.lot_id, h.slot::integer,"
        "        h.id IN (SELECT id FROM mine)"
        "   FROM stockhold.holds h"
        "   JOIN stockhold.session_orders so ON so.order_id = h.order_id"
        "  WHERE so.session_id = $1 AND h.status = 'active' AND h.expires_at IS NOT NULL"
        "  ORDER BY h.item_id, h.location_id, h.id",
        {INT8OID});
    static spi::Plan settle(
        "UPDATE stockhold.orders o SET updated_at = now(),"
        "  order_state = CASE WHEN a.held THEN 'Complete' ELSE 'Cancelled' END::stockhold.order_state,"
        "  fulfilment_state = CASE WHEN a.held THEN 'Unfulfilled' ELSE 'Cancelled' END::stockhold.fulfilment_state"
        "  FROM (SELECT o2.id, EXISTS (SELECT 1 FROM stockhold.holds h WHERE h.order_id = o2.id AND h.status = 'active') AS held"
        "          FROM stockhold.session_orders so JOIN stockhold.orders o2 ON o2.id = so.order_id"
        "         WHERE so.session_id = $1 AND o2.order_state = 'Held') a"
        " WHERE o.id = a.id",
        {INT8OID});
    static spi::Plan total(
        "INSERT INTO stockhold.session_totals (session_id, order_id, item_id, qty)"
        " SELECT $1, h.order_id, h.item_id, pg_catalog.trim_scale(sum(h.qty)) FROM stockhold.holds h"
        "   JOIN stockhold.orders o ON o.id = h.order_id"
        "   JOIN stockhold.session_orders so ON so.order_id = o.id"
        "  WHERE so.session_id = $1 AND o.order_state = 'Complete' AND h.status = 'active'"
        "  GROUP BY h.order_id, h.item_id",
        {INT8OID});
    spi::run(mark, {spi::int8(session_id)});
    spi::run(lock_orders, {spi::int8(session_id)});
    // Waiting lines are withdrawn (only held stock is consolidated), then
    // what the unconfirmed holds give back goes to other orders' lines.
    // Every level of the waiting lines' items and their queues are locked
    // first, so no fill for the session is in flight or can come, and the
    // holds are read again.
    std::vector<int64> waiting = backorders::items_of_session(session_id);
    std::vector<holds::Held> held = holds::read_all(spi::run(unconfirmed, {spi::int8(session_id)}));
    std::vector<Level> locked = holds::lock_levels(held, waiting);
    backorders::lock_queues(locked, waiting);
    if (!waiting.empty())
        held = holds::read_again(held, spi::run(unconfirmed_again, {spi::int8(session_id)}), waiting, locked);
    backorders::withdraw_session(session_id, waiting);
    holds::release_all(held, locked, "session closed before confirmation");
    spi::run(settle, {spi::int8(session_id)});
    spi::run(total, {spi::int8(session_id)});
}

Datum close_session(FunctionCallInfo fcinfo) {
    static spi::Plan lock("SELECT id, closed_at IS NOT NULL FROM stockhold.sessions WHERE session_ref = $1 FOR UPDATE",
                          {TEXTOID});
    std::string ref = args::text(fcinfo, 0, "session_ref");
    spi::Connection spi;
    ResultSet out(fcinfo);
    spi::Result s = spi::run(lock, {spi::text(ref)});
    if (s.empty()) fail(Code::unknown_session, "unknown sales session \"" + shown(ref) + "\"");
    int64 id = s.int8(0, 1);
    if (!s.boolean(0, 2)) close_locked(id);  // closing again only reports
    emit_totals(id, out);
    spi.finish();
    return out.done();
}

Datum close_due_sessions(FunctionCallInfo) {
    static spi::Plan due(
        "SELECT id FROM stockhold.sessions WHERE closed_at IS NULL AND closes_at <= now()"
        " ORDER BY closes_at, id FOR UPDATE SKIP LOCKED",
        {});
    spi::Connection spi;
    spi::Result r = spi::run(due, {});
    for (uint64 i = 0; i < r.size(); ++i) close_locked(r.int8(i, 1));
    int32 closed = int32(r.size());
    spi.finish();
    PG_RETURN_INT32(closed);
}

}  // namespace

}  // namespace sh

SH_FUNCTION(sh_open_session, sh::open_session)
SH_FUNCTION(sh_close_session, sh::close_session)
SH_FUNCTION(sh_close_due_sessions, sh::close_due_sessions)
