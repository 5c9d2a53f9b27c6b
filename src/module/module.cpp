// Module entry: PG_MODULE_MAGIC, settings, the abort callbacks that close
// any stock-level write scope a failed call left open, and the invalidation
// callback that keeps the cache of relation OIDs true.
#include "bridge/pg.hpp"
#include "bridge/settings.hpp"
#include "core/strategy.hpp"
#include "rows/known_keys.hpp"
#include "rows/relations.hpp"
#include "rows/table_write.hpp"
#include "stock/write_scope.hpp"

namespace sh::settings {
char* hold_ttl = nullptr;
bool allow_direct_writes = false;
int allocation_strategy = static_cast<int>(Strategy::priority);
bool notify = true;
char* idempotency_retention = nullptr;
}  // namespace sh::settings

namespace {
const config_enum_entry strategies[] = {
    {"priority", static_cast<int>(sh::Strategy::priority), false},
    {"fifo", static_cast<int>(sh::Strategy::fifo), false},
    {"fefo", static_cast<int>(sh::Strategy::fefo), false},
    {nullptr, 0, false},
};
}  // namespace

extern "C" {

PG_MODULE_MAGIC;

static void sh_xact_callback(XactEvent event, void*) {
    if (event == XACT_EVENT_ABORT || event == XACT_EVENT_PARALLEL_ABORT) sh::write_scope::reset();
}

static void sh_subxact_callback(SubXactEvent event, SubTransactionId, SubTransactionId, void*) {
    if (event == SUBXACT_EVENT_ABORT_SUB) sh::write_scope::reset();
}

// Any change to a pg_class or pg_namespace entry (a DDL anywhere in the
// database, or a cache reset) empties the whole cache: refilling it is cheap.
static void sh_names_changed(Datum, int, uint32) { sh::relations::forget(); }

// Any relcache invalidation (a trigger or constraint may have changed)
// empties what known_keys remembered of foreign keys.
static void sh_relation_changed(Datum, Oid) {
    sh::known_keys::forget();
    sh::relations::forget_columns();
}

// Any change of a type (an enum dropped with the extension) empties the
// enum values table_write remembered.
static void sh_types_changed(Datum, int, uint32) { sh::table_write::forget(); }

void _PG_init(void);  // NOLINT(bugprone-reserved-identifier): PostgreSQL's name

// Plain C calls only: nothing here can throw, and an ERROR has no C++ frame to skip.
void _PG_init(void) {
    DefineCustomStringVariable("stockhold.hold_ttl", "Default lifetime of a hold until confirm(); empty means holds never expire.",
                               "An interval such as '15 minutes'. hold(ttl => ...) overrides it per call.",
                               &sh::settings::hold_ttl, "", PGC_USERSET, 0, nullptr, nullptr, nullptr);
    DefineCustomBoolVariable("stockhold.allow_direct_writes",
                             "Lets a superuser's session UPDATE stock_levels.on_hand/reserved directly (repairs only).",
                             nullptr, &sh::settings::allow_direct_writes, false, PGC_SUSET, 0, nullptr, nullptr, nullptr);
    DefineCustomEnumVariable("stockhold.allocation_strategy",
                             "How hold() picks stock of items that have no strategy of their own: priority, fifo or fefo.",
                             "priority: by location priority; fifo: oldest received lot first; fefo: earliest best-before "
                             "first. fifo and fefo apply to lot-tracked items.",
                             &sh::settings::allocation_strategy, static_cast<int>(sh::Strategy::priority), strategies,
                             PGC_USERSET, 0, nullptr, nullptr, nullptr);
    DefineCustomBoolVariable("stockhold.notify", "Sends NOTIFY stockhold_low_stock when a low-stock alert is raised.",
                             "Turn it off in transactions that end with PREPARE TRANSACTION: PostgreSQL cannot prepare "
                             "a transaction that ran NOTIFY. The alert row is written either way.",
                             &sh::settings::notify, true, PGC_USERSET, 0, nullptr, nullptr, nullptr);
    DefineCustomStringVariable("stockhold.idempotency_retention",
                               "How long idempotency keys are kept: forget_idempotency_keys() forgets older ones.",
                               "An interval such as '7 days'. A retry with a forgotten key is a new call.",
                               &sh::settings::idempotency_retention, "7 days", PGC_SUSET, 0, nullptr, nullptr, nullptr);
    MarkGUCPrefixReserved("stockhold");
    RegisterXactCallback(sh_xact_callback, nullptr);
    RegisterSubXactCallback(sh_subxact_callback, nullptr);
    CacheRegisterSyscacheCallback(RELNAMENSP, sh_names_changed, 0);
    CacheRegisterSyscacheCallback(NAMESPACENAME, sh_names_changed, 0);
    CacheRegisterRelcacheCallback(sh_relation_changed, 0);
    CacheRegisterSyscacheCallback(TYPEOID, sh_types_changed, 0);
}

}  // extern "C"
