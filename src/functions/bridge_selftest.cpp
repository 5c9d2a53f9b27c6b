// stockhold.bridge_selftest(mode): exercises each path of the C++/PostgreSQL
// error bridge so the regression suite can prove it. Superuser only.
//   'stock'   a StockError (SH001) thrown from C++
//   'pg'      a PostgreSQL ERROR (22012) raised inside pg_guard
//   'cxx'     a std::runtime_error (XX000)
//   'oom'     std::bad_alloc (53200)
//   'unwound' how many guarded objects were destroyed while unwinding so far
//   'escape'  a C++ exception thrown inside PG_TRY, which the rules forbid:
//             the boundary restores PostgreSQL's error handler and warns
#include <stdexcept>

#include "bridge/args.hpp"
#include "bridge/boundary.hpp"
#include "bridge/guard.hpp"

namespace sh {

namespace {

int32 unwound = 0;

// Owns something and notices being destroyed by an exception unwinding.
struct Witness {
    std::string payload = std::string(64, 'x');
    ~Witness() {
        if (std::uncaught_exceptions() > 0) ++unwound;
    }
};

Datum bridge_selftest(FunctionCallInfo fcinfo) {
    std::string mode = args::text(fcinfo, 0, "mode");
    Witness witness;
    if (mode == "stock") fail(Code::insufficient_stock, "selftest: StockError from C++", "detail survives", "hint survives");
    if (mode == "pg") pg_guard([] { return DirectFunctionCall2(int4div, Int32GetDatum(1), Int32GetDatum(0)); });
    if (mode == "cxx") throw std::runtime_error("selftest: std::runtime_error from C++");
    if (mode == "oom") throw std::bad_alloc();
    if (mode == "unwound") PG_RETURN_INT32(unwound);
    if (mode == "escape") {
        PG_TRY();
        { throw std::runtime_error("selftest: C++ exception thrown inside PG_TRY"); }
        PG_CATCH();
        { PG_RE_THROW(); }
        PG_END_TRY();
    }
    fail(Code::bad_input, "unknown selftest mode \"" + mode + "\"", {}, "Modes: stock, pg, cxx, oom, unwound, escape.");
}

}  // namespace

}  // namespace sh

SH_FUNCTION(sh_bridge_selftest, sh::bridge_selftest)
