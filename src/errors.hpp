// The two kinds of C++ exception that cross our own frames. Both carry plain
// data only, so catching them at the boundary never calls into PostgreSQL.
#pragma once

#include <exception>
#include <stdexcept>
#include <string>

#include "sqlstate.hpp"

namespace sh {

// A refusal decided by stockhold itself (SPEC section 4).
class StockError : public std::exception {
public:
    StockError(Code code, std::string message, std::string detail = {}, std::string hint = {})
        : code_(code), message_(std::move(message)), detail_(std::move(detail)), hint_(std::move(hint)) {}
    Code code() const noexcept { return code_; }
    const char* what() const noexcept override { return message_.c_str(); }
    const std::string& detail() const noexcept { return detail_; }
    const std::string& hint() const noexcept { return hint_; }

private:
    Code code_;
    std::string message_, detail_, hint_;
};

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

[[noreturn]] inline void fail(Code code, std::string message, std::string detail = {}, std::string hint = {}) {
    throw StockError(code, std::move(message), std::move(detail), std::move(hint));
}

}  // namespace sh
