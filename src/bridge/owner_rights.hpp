// Part of a call run with the rights of stockhold's owner (the role that owns
// its tables), with search_path pinned to pg_catalog, pg_temp: what a
// SECURITY DEFINER function gets, for the code that must first run as its
// caller (the order-status trigger and resync_order() call the application's
// lines function with the caller's rights). The caller stays the outer user:
// the ledger still names it. Leaving the scope restores both; an error
// leaves that to the (sub)transaction's abort, which restores them too.
#pragma once

namespace sh {

class OwnerRights {
public:
    OwnerRights();
    ~OwnerRights();
    OwnerRights(const OwnerRights&) = delete;
    OwnerRights& operator=(const OwnerRights&) = delete;

private:
    unsigned int saved_user_;
    int saved_context_;
    int nest_level_;
};

}  // namespace sh
