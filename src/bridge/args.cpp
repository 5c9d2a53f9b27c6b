#include "bridge/args.hpp"

#include "bridge/caller_text.hpp"
#include "bridge/guard.hpp"
#include "core/errors.hpp"

namespace sh::args {

namespace {
// An optional argument is absent when NULL, or when the SQL definition in use
// predates it (a new library under an older extension version's functions).
bool absent(FunctionCallInfo fcinfo, int n) { return n >= PG_NARGS() || PG_ARGISNULL(n); }

void require(FunctionCallInfo fcinfo, int n, const char* name) {
    if (PG_ARGISNULL(n)) fail(Code::bad_input, std::string(name) + " must not be NULL");
}
}  // namespace

std::string text(FunctionCallInfo fcinfo, int n, const char* name) {
    require(fcinfo, n, name);
    Datum d = PG_GETARG_DATUM(n);
    struct varlena* t = pg_guard([&] { return pg_detoast_datum_packed(reinterpret_cast<struct varlena*>(DatumGetPointer(d))); });
    return std::string(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));
}

std::optional<std::string> opt_text(FunctionCallInfo fcinfo, int n) {
    if (absent(fcinfo, n)) return std::nullopt;
    return text(fcinfo, n, "");
}

std::string name(FunctionCallInfo fcinfo, int n, const char* what, int max_chars) {
    std::string v = text(fcinfo, n, what);
    require_length(v, what, max_chars);
    return v;
}

std::optional<std::string> opt_name(FunctionCallInfo fcinfo, int n, const char* what, int max_chars) {
    if (absent(fcinfo, n)) return std::nullopt;
    return name(fcinfo, n, what, max_chars);
}

bool boolean(FunctionCallInfo fcinfo, int n, const char* name) {
    require(fcinfo, n, name);
    return PG_GETARG_BOOL(n);
}

int32 int4(FunctionCallInfo fcinfo, int n, const char* name) {
    require(fcinfo, n, name);
    return PG_GETARG_INT32(n);
}

Jsonb* jsonb(FunctionCallInfo fcinfo, int n, const char* name) {
    require(fcinfo, n, name);
    Datum d = PG_GETARG_DATUM(n);
    return pg_guard([&] { return DatumGetJsonbP(d); });
}

Jsonb* opt_jsonb(FunctionCallInfo fcinfo, int n) {
    if (absent(fcinfo, n)) return nullptr;
    return jsonb(fcinfo, n, "");
}

qty_t qty(FunctionCallInfo fcinfo, int n, const char* name, bool zero_ok) {
    require(fcinfo, n, name);
    return user_qty(PG_GETARG_DATUM(n), name, zero_ok);
}

std::optional<qty_t> opt_qty(FunctionCallInfo fcinfo, int n, const char* name) {
    if (absent(fcinfo, n)) return std::nullopt;
    return user_qty(PG_GETARG_DATUM(n), name, true);
}

std::optional<int32> opt_date(FunctionCallInfo fcinfo, int n, const char* name) {
    if (absent(fcinfo, n)) return std::nullopt;
    DateADT d = PG_GETARG_DATEADT(n);
    if (DATE_NOT_FINITE(d)) fail(Code::bad_input, std::string(name) + " must be a finite date");
    return d;
}

}  // namespace sh::args
