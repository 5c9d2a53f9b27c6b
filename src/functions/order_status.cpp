// attach_order_status() / detach_order_status(): an application's orders
// table drives stock (functions/order_sync.hpp). resync_order(): reconciles
// one of its orders now.
#include <set>

#include "bridge/args.hpp"
#include "bridge/boundary.hpp"
#include "bridge/caller_text.hpp"
#include "bridge/owner_rights.hpp"
#include "bridge/spi.hpp"
#include "orders/order_sync.hpp"

namespace sh {

namespace {

const std::set<std::string> action_names = {"hold", "confirm", "fulfil", "cancel", "release"};

// The relation of a regclass argument, which must be an ordinary table.
Oid table_arg(FunctionCallInfo fcinfo, int n, const char* name) {
    if (PG_ARGISNULL(n)) fail(Code::bad_input, std::string(name) + " must not be NULL");
    Oid relid = PG_GETARG_OID(n);
    char kind = pg_guard([&] { return get_rel_relkind(relid); });
    if (kind != RELKIND_RELATION && kind != RELKIND_PARTITIONED_TABLE)
        fail(Code::bad_input, std::string(name) + " must be a table");
    return relid;
}

// A `name` argument (a column's name).
std::string column_arg(FunctionCallInfo fcinfo, int n, const char* what) {
    if (PG_ARGISNULL(n)) fail(Code::bad_input, std::string(what) + " must not be NULL");
    return std::string(NameStr(*PG_GETARG_NAME(n)));
}

// The table's name, schema-qualified and quoted, for the DDL attach runs.
std::string qualified(Oid relid) {
    return pg_guard([&] {
        return quote_qualified_identifier(get_namespace_name(get_rel_namespace(relid)), get_rel_name(relid));
    });
}

void require_column(Oid relid, const std::string& column, const char* what) {
    const char* c = column.c_str();
    AttrNumber attnum = pg_guard([&] { return get_attnum(relid, c); });
    if (attnum <= 0) fail(Code::bad_input, std::string(what) + " \"" + shown(column) + "\" is not a column of " + qualified(relid));
}

// lines_function(order_ref text) RETURNS jsonb.
void require_lines_function(Oid function) {
    bool fits = pg_guard([&] {
        HeapTuple tuple = SearchSysCache1(PROCOID, ObjectIdGetDatum(function));
        if (!HeapTupleIsValid(tuple)) return false;
        Form_pg_proc proc = reinterpret_cast<Form_pg_proc>(GETSTRUCT(tuple));
        bool ok = proc->pronargs == 1 && proc->proargtypes.values[0] == TEXTOID && proc->prorettype == JSONBOID &&
                  !proc->proretset && proc->prokind == PROKIND_FUNCTION;
        ReleaseSysCache(tuple);
        return ok;
    });
    if (!fits) fail(Code::bad_input, "lines_function must take (order_ref text) and return jsonb");
}

bool has_trigger(Oid relid) {
    static spi::Plan plan(
        "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_trigger WHERE tgrelid = $1 AND tgname = 'stockhold_order_status')",
        {OIDOID});
    return spi::run(plan, {spi::datum(ObjectIdGetDatum(relid))}).boolean(0, 1);
}

Datum attach_order_status(FunctionCallInfo fcinfo) {
    static spi::Plan actions_ok(
        "SELECT jsonb_typeof($1) = 'object' AND NOT EXISTS ("
        "  SELECT 1 FROM jsonb_each($1) e WHERE jsonb_typeof(e.value) <> 'string'"
        "    OR e.value #>> '{}' NOT IN ('hold', 'confirm', 'fulfil', 'cancel', 'release'))",
        {JSONBOID});
    static spi::Plan save(
        "INSERT INTO stockhold.order_status_sources"
        "  (orders, ref_column, status_column, lines_function, actions, on_failure, skip_unknown_skus)"
        " VALUES ($1::oid::regclass, $2, $3, $4::oid::regprocedure, $5, $6, $7)"
        " ON CONFLICT (orders) DO UPDATE SET ref_column = excluded.ref_column, status_column = excluded.status_column,"
        "   lines_function = excluded.lines_function, actions = excluded.actions, on_failure = excluded.on_failure,"
        "   skip_unknown_skus = excluded.skip_unknown_skus",
        {OIDOID, NAMEOID, NAMEOID, OIDOID, JSONBOID, TEXTOID, BOOLOID});
    Oid relid = table_arg(fcinfo, 0, "orders");
    std::string ref_column = column_arg(fcinfo, 1, "ref_column");
    std::string status_column = column_arg(fcinfo, 2, "status_column");
    if (PG_ARGISNULL(3)) fail(Code::bad_input, "lines_function must not be NULL");
    Oid function = PG_GETARG_OID(3);
    Jsonb* actions = args::jsonb(fcinfo, 4, "actions");
    std::string on_failure = args::text(fcinfo, 5, "on_failure");
    bool skip_unknown = args::boolean(fcinfo, 6, "skip_unknown_skus");
    // The caller (not stockhold's owner) must be allowed to put a trigger on the table.
    AclResult allowed = pg_guard([&] { return pg_class_aclcheck(relid, GetOuterUserId(), ACL_TRIGGER); });
    if (allowed != ACLCHECK_OK)
        fail(Code::insufficient_privilege, "permission denied to attach " + qualified(relid), {},
             "It needs the TRIGGER privilege on the table (its owner has it).");
    require_column(relid, ref_column, "ref_column");
    require_column(relid, status_column, "status_column");
    require_lines_function(function);
    if (on_failure != "raise" && on_failure != "record") fail(Code::bad_input, "on_failure must be raise or record");
    spi::Connection spi;
    if (!spi::run(actions_ok, {spi::datum(JsonbPGetDatum(actions))}).boolean(0, 1))
        fail(Code::bad_input, "actions must be a JSON object mapping statuses to hold, confirm, fulfil, cancel or release",
             {}, R"(For example {"processing": "confirm", "shipped": "fulfil", "cancelled": "cancel"}.)");
    spi::run(save, {spi::datum(ObjectIdGetDatum(relid)), spi::name(ref_column), spi::name(status_column),
                    spi::datum(ObjectIdGetDatum(function)), spi::datum(JsonbPGetDatum(actions)), spi::text(on_failure),
                    spi::boolean(skip_unknown)});
    // Identifiers from the catalog, quoted: no SQL is made of caller text.
    std::string table = qualified(relid);
    std::string column = pg_guard([&] { return quote_identifier(status_column.c_str()); });
    if (has_trigger(relid)) spi::run_once("DROP TRIGGER stockhold_order_status ON " + table);
    spi::run_once("CREATE TRIGGER stockhold_order_status AFTER INSERT OR UPDATE OF " + column + " ON " + table +
                  " FOR EACH ROW EXECUTE FUNCTION stockhold.order_status_changed()");
    spi.finish();
    PG_RETURN_VOID();
}

Datum detach_order_status(FunctionCallInfo fcinfo) {
    static spi::Plan forget("DELETE FROM stockhold.order_status_sources WHERE orders::oid = $1 RETURNING 1", {OIDOID});
    Oid relid = table_arg(fcinfo, 0, "orders");
    AclResult allowed = pg_guard([&] { return pg_class_aclcheck(relid, GetOuterUserId(), ACL_TRIGGER); });
    if (allowed != ACLCHECK_OK) fail(Code::insufficient_privilege, "permission denied to detach " + qualified(relid));
    spi::Connection spi;
    if (spi::run(forget, {spi::datum(ObjectIdGetDatum(relid))}).empty())
        fail(Code::not_attached, qualified(relid) + " is not attached to stockhold");
    if (has_trigger(relid)) spi::run_once("DROP TRIGGER stockhold_order_status ON " + qualified(relid));
    spi.finish();
    PG_RETURN_VOID();
}

// Runs as its caller (SECURITY INVOKER, unlike stockhold's other functions):
// it reads the caller's table and calls the lines function with the
// caller's rights; the stock work runs as stockhold's owner.
Datum resync_order(FunctionCallInfo fcinfo) {
    static spi::Plan columns(
        "SELECT ref_column::text, status_column::text FROM stockhold.order_status_sources WHERE orders::oid = $1",
        {OIDOID});
    Oid relid = table_arg(fcinfo, 0, "orders");
    std::string order_ref = args::text(fcinfo, 1, "order_ref");
    spi::Connection spi;
    std::string ref_column, status_column;
    {
        OwnerRights owner;
        spi::Result r = spi::run(columns, {spi::datum(ObjectIdGetDatum(relid))});
        if (r.empty()) fail(Code::not_attached, qualified(relid) + " is not attached to stockhold");
        ref_column = r.text(0, 1);
        status_column = r.text(0, 2);
    }
    std::string ref = pg_guard([&] { return quote_identifier(ref_column.c_str()); });
    std::string status = pg_guard([&] { return quote_identifier(status_column.c_str()); });
    spi::Result row = spi::run_once("SELECT " + status + "::text FROM " + qualified(relid) + " WHERE " + ref + "::text = $1",
                                    {spi::text(order_ref)});
    if (row.empty()) fail(Code::unknown_order, qualified(relid) + " has no order \"" + shown(order_ref) + "\"");
    if (!row.is_null(0, 1)) order_sync::act(relid, order_ref, row.text(0, 1));
    spi.finish();
    PG_RETURN_VOID();
}

}  // namespace

}  // namespace sh

SH_FUNCTION(sh_resync_order, sh::resync_order)
SH_FUNCTION(sh_attach_order_status, sh::attach_order_status)
SH_FUNCTION(sh_detach_order_status, sh::detach_order_status)
