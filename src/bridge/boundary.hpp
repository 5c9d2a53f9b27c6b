// The boundary every SQL-callable and trigger function goes through. The body
// runs inside try; whatever it throws is reduced to plain data in the catch
// blocks, and the PostgreSQL ERROR is raised only after every C++ frame
// (and the exception object itself) is gone.
#pragma once

#include <cstring>
#include <new>

#include "bridge/guard.hpp"
#include "bridge/schema_version.hpp"
#include "core/errors.hpp"

namespace sh {

// Plain-data form of a failure, filled in by the catch blocks without
// allocating, so nothing in them can itself raise.
// Only the first byte of each text is set up front: copy_text writes a whole
// string, and clearing 5 KB on every call showed in profiles of hold().
// A text longer than its buffer is cut there, possibly inside a character:
// raise_failure() drops such a partial character.
struct Failure {
    ErrorData* pg = nullptr;  // a PostgreSQL error caught by pg_guard
    int sqlstate = 0;
    const char* file = nullptr;  // where a StockError was decided (static text); none otherwise
    int line = 0;
    const char* function = nullptr;
    char message[512];
    char detail[4096];
    char hint[512];
    Failure() { message[0] = detail[0] = hint[0] = '\0'; }
};

// Raises the failure as a PostgreSQL ERROR (original ErrorData unchanged).
[[noreturn]] void raise_failure(const Failure& failure);

inline void copy_text(char* dst, std::size_t size, const char* src) {
    std::strncpy(dst, src ? src : "", size - 1);
    dst[size - 1] = '\0';
}

// The rules forbid leaving a PG_TRY block by a C++ exception (or a return):
// that skips PG_END_TRY, and PostgreSQL's error handler would then jump
// into a frame that is gone. The boundary notices (the handler is not the
// one it started with), restores it, and says so with a WARNING.
void restore_error_handler(sigjmp_buf* exception_stack, ErrorContextCallback* context_stack);

template <typename Body>
Datum boundary(FunctionCallInfo fcinfo, Body body) {
    sigjmp_buf* exception_stack = PG_exception_stack;
    ErrorContextCallback* context_stack = error_context_stack;
    Failure failure;
    try {
        schema_version::require();
        Datum result = body(fcinfo);
        if (PG_exception_stack != exception_stack) restore_error_handler(exception_stack, context_stack);
        return result;
    } catch (const PgError& e) {
        failure.pg = e.data();
    } catch (const StockError& e) {
        failure.sqlstate = static_cast<int>(e.code());
        failure.file = e.file();
        failure.line = e.line();
        failure.function = e.function();
        copy_text(failure.message, sizeof failure.message, e.what());
        copy_text(failure.detail, sizeof failure.detail, e.detail().c_str());
        copy_text(failure.hint, sizeof failure.hint, e.hint().c_str());
    } catch (const std::bad_alloc&) {
        failure.sqlstate = static_cast<int>(Code::out_of_memory);
        copy_text(failure.message, sizeof failure.message, "out of memory in stockhold");
    } catch (const std::exception& e) {
        failure.sqlstate = static_cast<int>(Code::internal);
        copy_text(failure.message, sizeof failure.message, e.what());
    } catch (...) {
        failure.sqlstate = static_cast<int>(Code::internal);
        copy_text(failure.message, sizeof failure.message, "unknown C++ exception in stockhold");
    }
    if (PG_exception_stack != exception_stack) restore_error_handler(exception_stack, context_stack);
    raise_failure(failure);
}

}  // namespace sh

// Declares a V1 function whose body is sh::NAME(fcinfo), wrapped by the boundary.
#define SH_FUNCTION(sqlname, impl)                                         \
    extern "C" {                                                           \
    PG_FUNCTION_INFO_V1(sqlname);                                          \
    Datum sqlname(PG_FUNCTION_ARGS) { return sh::boundary(fcinfo, impl); } \
    }
