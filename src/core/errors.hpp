// A refusal decided by stockhold itself: plain data (code, texts, and where
// in the source it was decided), so that catching it at the boundary never
// calls into PostgreSQL. Plain C++, usable by code that only decides.
#pragma once

#include <exception>
#include <string>

#include "core/sqlstate.hpp"

namespace sh {

class StockError : public std::exception {
public:
    StockError(Code code, std::string message, std::string detail, std::string hint, const char* file, int line,
               const char* function)
        : code_(code), message_(std::move(message)), detail_(std::move(detail)), hint_(std::move(hint)),
          file_(file), line_(line), function_(function) {}
    Code code() const noexcept { return code_; }
    const char* what() const noexcept override { return message_.c_str(); }
    const std::string& detail() const noexcept { return detail_; }
    const std::string& hint() const noexcept { return hint_; }
    // Where fail() was called: the error's LOCATION (string literals, static).
    const char* file() const noexcept { return file_; }
    int line() const noexcept { return line_; }
    const char* function() const noexcept { return function_; }

private:
    Code code_;
    std::string message_, detail_, hint_;
    const char* file_;
    int line_;
    const char* function_;
};

// Refuses: throws a StockError that records the caller's file, line and
// function (GCC's and Clang's builtins, as C++20's source_location would).
[[noreturn]] inline void fail(Code code, std::string message, std::string detail = {}, std::string hint = {},
                              const char* file = __builtin_FILE(), int line = __builtin_LINE(),
                              const char* function = __builtin_FUNCTION()) {
    throw StockError(code, std::move(message), std::move(detail), std::move(hint), file, line, function);
}

}  // namespace sh
