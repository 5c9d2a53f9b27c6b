// Who may change on_hand and reserved of stock levels and lots: the stock
// module inside its write scope, a superuser's repair under
// stockhold.allow_direct_writes, and (for INSERT only) a superuser's
// pg_restore. Everyone else gets SH020.
#pragma once

#include "bridge/pg.hpp"

namespace sh::direct_writes {

// The stock module is writing, or a superuser repairs.
bool allowed();

// A superuser repairs: stockhold.allow_direct_writes is on in the session.
bool repair_allowed();

// pg_restore loads stock_levels (a pg_extension_config_dump table) with
// COPY as a superuser; CREATE EXTENSION needs one anyway. Such rows are
// checked by check_invariants() against the restored holds and ledger.
bool restore_insert_allowed();

[[noreturn]] void refuse(Relation rel);

}  // namespace sh::direct_writes
