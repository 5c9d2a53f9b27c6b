#include "bridge/boundary.hpp"

namespace sh {

// sqlstate.hpp computes the codes itself; they must be PostgreSQL's.
static_assert(int(Code::bad_input) == ERRCODE_INVALID_PARAMETER_VALUE);
static_assert(int(Code::check_violation) == ERRCODE_CHECK_VIOLATION);
static_assert(int(Code::internal) == ERRCODE_INTERNAL_ERROR);
static_assert(int(Code::out_of_memory) == ERRCODE_OUT_OF_MEMORY);
static_assert(int(Code::version_mismatch) == ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE);
static_assert(int(Code::insufficient_stock) == MAKE_SQLSTATE('S', 'H', '0', '0', '1'));

namespace {

// The length of text in whole characters of the database encoding: a buffer
// cut inside a multi-byte character would otherwise reach the client as an
// invalid byte sequence (and a conversion error instead of our SQLSTATE).
int whole_characters(const char* text) {
    int len = int(strlen(text));
    return pg_mbcliplen(text, len, len);
}

}  // namespace

void restore_error_handler(sigjmp_buf* exception_stack, ErrorContextCallback* context_stack) {
    PG_exception_stack = exception_stack;
    error_context_stack = context_stack;
    ereport(WARNING, (errcode(ERRCODE_INTERNAL_ERROR),
                      errmsg_internal("stockhold left a PG_TRY block without PG_END_TRY; the error handler was restored"),
                      errhint("This is a bug in stockhold: please report it.")));
}

void raise_failure(const Failure& f) {
    if (f.pg) ReThrowError(f.pg);
    // ereport() with the location where the refusal was decided, not this line.
    if (errstart(ERROR, TEXTDOMAIN)) {
        errcode(f.sqlstate);
        errmsg_internal("%.*s", whole_characters(f.message), f.message);
        if (f.detail[0]) errdetail_internal("%.*s", whole_characters(f.detail), f.detail);
        if (f.hint[0]) errhint("%.*s", whole_characters(f.hint), f.hint);
        errfinish(f.file, f.line, f.function);
    }
    pg_unreachable();
}

}  // namespace sh
