// pg_guard: the one way C++ code calls a PostgreSQL function that may raise.
// An ERROR (a longjmp) is caught here, copied out of ErrorContext and turned
// into a PgError, so the C++ frames above unwind and run their destructors.
// The callable must be plain C calls: nothing in it may throw.
#pragma once

#include <exception>
#include <type_traits>
#include <utility>

#include "bridge/pg.hpp"

namespace sh {

// A PostgreSQL ERROR caught by pg_guard; the ErrorData lives in the memory
// context of the call and is re-raised unchanged at the boundary.
class PgError : public std::exception {
public:
    explicit PgError(ErrorData* data) noexcept : data_(data) {}
    ErrorData* data() const noexcept { return data_; }
    const char* what() const noexcept override { return data_->message ? data_->message : "PostgreSQL error"; }

private:
    ErrorData* data_;
};

template <typename F>
auto pg_guard(F&& call) -> decltype(call()) {
    using R = decltype(call());
    if constexpr (std::is_void_v<R>) {
        pg_guard([&] {
            call();
            return true;
        });
    } else {
        static_assert(std::is_scalar_v<R>, "pg_guard returns plain values only");
        MemoryContext caller_cxt = CurrentMemoryContext;
        ErrorData* volatile caught = nullptr;
        // volatile: assigned between setjmp and a possible longjmp.
        std::add_volatile_t<R> result{};
        PG_TRY();
        { result = call(); }
        PG_CATCH();
        {
            MemoryContextSwitchTo(caller_cxt);
            caught = CopyErrorData();
            FlushErrorState();
        }
        PG_END_TRY();
        if (caught) throw PgError(caught);
        return result;
    }
}

}  // namespace sh
