#include "bridge/owner_rights.hpp"

#include <exception>

#include "bridge/guard.hpp"

namespace sh {

namespace {

// The owner of stockhold's tables (of stockhold.holds, as the extension
// script made them all).
Oid owner() {
    Oid schema = get_namespace_oid("stockhold", false);
    Oid holds = get_relname_relid("holds", schema);
    if (!OidIsValid(holds)) elog(ERROR, "stockhold.holds is missing");
    HeapTuple tuple = SearchSysCache1(RELOID, ObjectIdGetDatum(holds));
    if (!HeapTupleIsValid(tuple)) elog(ERROR, "cache lookup failed for relation %u", holds);
    Oid role = reinterpret_cast<Form_pg_class>(GETSTRUCT(tuple))->relowner;
    ReleaseSysCache(tuple);
    return role;
}

}  // namespace

OwnerRights::OwnerRights() {
    Oid user = InvalidOid;
    int context = 0;
    int level = pg_guard([&] {
        GetUserIdAndSecContext(&user, &context);
        Oid role = owner();
        int nest = NewGUCNestLevel();
        set_config_option("search_path", "pg_catalog, pg_temp", PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE, true, 0,
                          false);
        SetUserIdAndSecContext(role, context | SECURITY_LOCAL_USERID_CHANGE);
        return nest;
    });
    saved_user_ = user;
    saved_context_ = context;
    nest_level_ = level;
}

OwnerRights::~OwnerRights() {
    // On an error's unwinding the (sub)transaction abort restores both; a
    // failure here can only be dropped (a destructor must not throw).
    Oid user = saved_user_;
    int context = saved_context_, level = nest_level_;
    try {
        pg_guard([&] {
            SetUserIdAndSecContext(user, context);
            AtEOXact_GUC(true, level);
        });
    } catch (...) {  // NOLINT(bugprone-empty-catch): see above
    }
}

}  // namespace sh
