// ledger_append_only (BEFORE UPDATE, DELETE and TRUNCATE on the ledger):
// refuses them all (SH020).
#include "bridge/boundary.hpp"
#include "triggers/trigger_rows.hpp"

namespace sh {

namespace {

using namespace trigger_rows;  // the row the trigger fires for

// The ledger is append-only: rows are inserted by the stock-level module
// (or restored by pg_restore) and never changed or removed.
Datum guard_ledger(FunctionCallInfo fcinfo) {
    trigger_data(fcinfo);
    fail(Code::direct_write, "stockhold.ledger is append-only", "Its rows record stock movements and never change.",
         "Record a correction with stockhold.adjust().");
}

}  // namespace

}  // namespace sh

SH_FUNCTION(sh_ledger_append_only, sh::guard_ledger)
// The symbol released versions' scripts (1.0 to 1.2) name; see schema/upgrade/stockhold--1.2--1.3.sql.
SH_FUNCTION(ledger_append_only, sh::guard_ledger)
