#include "orders/order_sync.hpp"

#include <map>
#include <optional>
#include <vector>

#include "bridge/caller_text.hpp"
#include "bridge/guard.hpp"
#include "bridge/owner_rights.hpp"
#include "bridge/parse_lines.hpp"
#include "bridge/settings.hpp"
#include "bridge/spi.hpp"
#include "core/errors.hpp"
#include "core/interrupts.hpp"
#include "core/lines.hpp"

namespace sh::order_sync {

namespace {

struct Source {
    Oid lines_function;
    std::string action;  // for the status; empty: none
    bool record;         // on_failure 'record'
    bool skip_unknown_skus;
};

// The attached table's settings, read as stockhold's owner; nullopt if the
// table is not attached.
std::optional<Source> source_of(Oid relid, const std::string& status) {
    static spi::Plan plan(
        "SELECT lines_function::oid, actions ->> $2, on_failure = 'record', skip_unknown_skus"
        "  FROM stockhold.order_status_sources WHERE orders::oid = $1",
        {OIDOID, TEXTOID});
    spi::Result r = spi::run(plan, {spi::datum(ObjectIdGetDatum(relid)), spi::text(status)});
    if (r.empty()) return std::nullopt;
    return Source{DatumGetObjectId(r.get(0, 1)), r.is_null(0, 2) ? std::string() : r.text(0, 2), r.boolean(0, 3),
                  r.boolean(0, 4)};
}

// The order's lines from the application's function, called with the rights
// of the role that runs this call.
std::vector<Line> lines_of(Oid function, const std::string& order_ref) {
    const char* ref = order_ref.c_str();
    Jsonb* lines = pg_guard([&] {
        LOCAL_FCINFO(call, 1);
        FmgrInfo info;
        fmgr_info(function, &info);
        InitFunctionCallInfoData(*call, &info, 1, InvalidOid, nullptr, nullptr);
        call->args[0].value = CStringGetTextDatum(ref);
        call->args[0].isnull = false;
        Datum result = FunctionCallInvoke(call);
        return call->isnull ? static_cast<Jsonb*>(nullptr) : DatumGetJsonbP(result);
    });
    if (!lines) fail(Code::bad_input, "the lines function returned NULL for order \"" + shown(order_ref) + "\"");
    if (JB_ROOT_IS_ARRAY(lines) && !JB_ROOT_IS_SCALAR(lines) && JB_ROOT_COUNT(lines) == 0) return {};  // no lines
    return parse_lines(lines);
}

// Lines whose sku stockhold does not know, taken out of lines.
std::vector<Line> take_unknown(std::vector<Line>& lines) {
    static spi::Plan known("SELECT EXISTS (SELECT 1 FROM stockhold.items WHERE sku = $1)", {TEXTOID});
    std::vector<Line> unknown, kept;
    for (Line& l : lines) {
        check_interrupts();
        if (spi::run(known, {spi::text(l.sku)}).boolean(0, 1))
            kept.push_back(std::move(l));
        else
            unknown.push_back(std::move(l));
    }
    lines = std::move(kept);
    return unknown;
}

// Holds what the lines ask beyond what the order holds or shipped; releases
// what it holds beyond them. Compared per sku: a line naming a location or
// lot passes it on when it is the sku's only line.
void reconcile(const std::string& order_ref, const std::vector<Line>& lines) {
    static spi::Plan held(
        "SELECT i.sku, coalesce(sum(h.qty) FILTER (WHERE h.status = 'active'), 0),"
        "       coalesce(sum(h.qty) FILTER (WHERE h.status = 'fulfilled'), 0)"
        "  FROM stockhold.orders o JOIN stockhold.holds h ON h.order_id = o.id"
        "  JOIN stockhold.items i ON i.id = h.item_id"
        " WHERE o.order_ref = $1 AND h.status IN ('active', 'fulfilled') GROUP BY i.sku",
        {TEXTOID});
    static spi::Plan release("SELECT count(*) FROM stockhold.release($1, $2::jsonb)", {TEXTOID, TEXTOID});
    static spi::Plan hold("SELECT count(*) FROM stockhold.hold($1, $2::jsonb)", {TEXTOID, TEXTOID});
    struct Had {
        qty_t active = 0, shipped = 0;
    };
    std::map<std::string, Had> had;
    spi::Result r = spi::run(held, {spi::text(order_ref)});
    for (uint64 i = 0; i < r.size(); ++i) had[r.text(i, 1)] = {r.qty(i, 2), r.qty(i, 3)};
    std::map<std::string, std::vector<const Line*>> wanted;
    for (const Line& l : lines) wanted[l.sku].push_back(&l);
    std::vector<Line> more, less;
    for (const auto& [sku, of_sku] : wanted) {
        check_interrupts();
        qty_t want = 0;
        for (const Line* l : of_sku) want += l->qty;
        const Had& h = had[sku];
        if (want > h.active + h.shipped) {
            Line l = of_sku.size() == 1 ? *of_sku.front() : Line{sku, std::nullopt, std::nullopt, 0};
            l.qty = want - h.active - h.shipped;
            more.push_back(l);
        } else if (want < h.active + h.shipped && h.active > 0) {
            less.push_back({sku, std::nullopt, std::nullopt, std::min(h.active, h.active + h.shipped - want)});
        }
    }
    for (const auto& [sku, h] : had)  // held, no longer asked for
        if (!wanted.count(sku) && h.active > 0) less.push_back({sku, std::nullopt, std::nullopt, h.active});
    if (!less.empty()) spi::run(release, {spi::text(order_ref), spi::text(lines_json(less))});
    if (!more.empty()) spi::run(hold, {spi::text(order_ref), spi::text(lines_json(more))});
}

// The stock work of one action, as stockhold's owner.
void apply(const std::string& action, const std::string& order_ref, const std::vector<Line>& lines) {
    static spi::Plan state(
        "SELECT o.order_state::text, EXISTS (SELECT 1 FROM stockhold.holds h WHERE h.order_id = o.id AND h.status = 'active')"
        "                         OR EXISTS (SELECT 1 FROM stockhold.backorder_lines b WHERE b.order_id = o.id)"
        "  FROM stockhold.orders o WHERE o.order_ref = $1",
        {TEXTOID});
    static spi::Plan confirm("SELECT stockhold.confirm($1)", {TEXTOID});
    static spi::Plan fulfil("SELECT count(*) FROM stockhold.fulfil($1)", {TEXTOID});
    static spi::Plan cancel("SELECT count(*) FROM stockhold.cancel($1)", {TEXTOID});
    static spi::Plan release("SELECT count(*) FROM stockhold.release($1)", {TEXTOID});
    auto holding = [&] {
        spi::Result r = spi::run(state, {spi::text(order_ref)});
        return !r.empty() && r.boolean(0, 2);
    };
    if (action == "hold" || action == "confirm" || action == "fulfil") {
        reconcile(order_ref, lines);
        // Nothing held or waiting (shipped already, or no lines): nothing to
        // confirm or ship.
        if (action == "confirm" && holding()) spi::run(confirm, {spi::text(order_ref)});
        if (action == "fulfil" && holding()) spi::run(fulfil, {spi::text(order_ref)});
    } else if (action == "cancel") {
        spi::Result r = spi::run(state, {spi::text(order_ref)});
        if (!r.empty() && r.text(0, 1) != "Cancelled") spi::run(cancel, {spi::text(order_ref)});
    } else if (action == "release") {
        if (holding()) spi::run(release, {spi::text(order_ref)});
    }
}

void record_failure(Oid relid, const std::string& order_ref, const std::string& status, int code,
                    const std::string& message) {
    static spi::Plan insert(
        "INSERT INTO stockhold.order_sync_failure_log (orders, order_ref, status, sqlstate, message)"
        " VALUES ($1::oid::regclass, $2, $3, $4, $5)",
        {OIDOID, TEXTOID, TEXTOID, TEXTOID, TEXTOID});
    static spi::Plan announce(
        "SELECT pg_catalog.pg_notify('stockhold_order_sync', pg_catalog.json_build_object("
        "  'orders', $1::oid::regclass::text, 'order_ref', $2, 'sqlstate', $3)::text)",
        {OIDOID, TEXTOID, TEXTOID});
    const char* packed = pg_guard([&] { return unpack_sql_state(code); });
    std::string sqlstate(packed);
    spi::run(insert, {spi::datum(ObjectIdGetDatum(relid)), spi::text(order_ref), spi::text(status), spi::text(sqlstate),
                      spi::text(message)});
    if (settings::notify) spi::run(announce, {spi::datum(ObjectIdGetDatum(relid)), spi::text(order_ref), spi::text(sqlstate)});
}

// A refusal with_record mode catches: stockhold's own SQLSTATEs and 22023.
bool refusal(int code) {
    const char* packed = unpack_sql_state(code);
    return (packed[0] == 'S' && packed[1] == 'H') || code == static_cast<int>(Code::bad_input);
}

// Runs work in a subtransaction; a caught error rolls it back and is
// returned (its code and message). Class 40 always propagates, as does any
// error catch() does not accept.
template <typename Work, typename Catch>
std::optional<std::pair<int, std::string>> contained(Work&& work, Catch&& catches) {
    MemoryContext cxt = CurrentMemoryContext;
    ResourceOwner owner = CurrentResourceOwner;
    pg_guard([&] {
        BeginInternalSubTransaction(nullptr);
        MemoryContextSwitchTo(cxt);
    });
    auto end = [&](bool keep) {
        pg_guard([&] {
            if (keep)
                ReleaseCurrentSubTransaction();
            else
                RollbackAndReleaseCurrentSubTransaction();
            MemoryContextSwitchTo(cxt);
            CurrentResourceOwner = owner;
        });
    };
    int code = 0;
    std::string message;
    try {
        work();
    } catch (const PgError& e) {
        code = e.data()->sqlerrcode;
        message = e.data()->message ? e.data()->message : "";
        end(false);
        if (ERRCODE_TO_CATEGORY(code) == ERRCODE_TRANSACTION_ROLLBACK || !catches(code)) throw;
        return std::make_pair(code, message);
    } catch (const StockError& e) {
        end(false);
        if (!catches(static_cast<int>(e.code()))) throw;
        return std::make_pair(static_cast<int>(e.code()), std::string(e.what()));
    } catch (...) {  // never leave the subtransaction open under the caller's own
        end(false);
        throw;
    }
    end(true);
    return std::nullopt;
}

}  // namespace

bool act(Oid relid, const std::string& order_ref, const std::string& status) {
    // The role that changed the order acts on stock: it must be one that may.
    bool allowed = pg_guard([] {
        return has_privs_of_role(GetUserId(), get_role_oid("stockhold_app", false)) ||
               has_privs_of_role(GetUserId(), get_role_oid("stockhold_admin", false));
    });
    if (!allowed)
        fail(Code::insufficient_privilege, "permission denied to change stock through an attached orders table", {},
             "The role that changes the orders needs stockhold_app.");
    static spi::Plan resolved(
        "DELETE FROM stockhold.order_sync_failure_log WHERE orders::oid = $1 AND order_ref = $2", {OIDOID, TEXTOID});
    std::optional<Source> source;
    {
        OwnerRights owner;
        source = source_of(relid, status);
    }
    if (!source) return false;
    if (source->action.empty()) return true;  // a status without an action
    bool needs_lines = source->action == "hold" || source->action == "confirm" || source->action == "fulfil";
    std::vector<Line> unknown;
    bool in_lines_function = false;
    auto work = [&] {
        std::vector<Line> lines;
        if (needs_lines) {
            in_lines_function = true;
            lines = lines_of(source->lines_function, order_ref);
            in_lines_function = false;
        }
        OwnerRights owner;
        if (source->skip_unknown_skus) unknown = take_unknown(lines);
        apply(source->action, order_ref, lines);
        spi::run(resolved, {spi::datum(ObjectIdGetDatum(relid)), spi::text(order_ref)});
    };
    std::optional<std::pair<int, std::string>> failed;
    if (source->record)
        failed = contained(work, [&](int code) { return in_lines_function || refusal(code); });
    else
        work();
    OwnerRights owner;
    for (const Line& l : unknown)
        record_failure(relid, order_ref, status, static_cast<int>(Code::unknown_sku),
                       "unknown sku \"" + shown(l.sku) + "\": its line was left out");
    if (failed) record_failure(relid, order_ref, status, failed->first, failed->second);
    return true;
}

}  // namespace sh::order_sync
