// The SQLSTATEs of SPEC section 4, in one place. Applications and test suites
// match on these codes, so they never change meaning.
#pragma once

#include "pg.hpp"

namespace sh {

enum class Code : int {
    insufficient_stock = MAKE_SQLSTATE('S', 'H', '0', '0', '1'),
    unknown_sku = MAKE_SQLSTATE('S', 'H', '0', '0', '2'),
    unknown_location = MAKE_SQLSTATE('S', 'H', '0', '0', '3'),
    unknown_order = MAKE_SQLSTATE('S', 'H', '0', '0', '4'),
    unknown_session = MAKE_SQLSTATE('S', 'H', '0', '0', '5'),
    session_not_open = MAKE_SQLSTATE('S', 'H', '0', '1', '0'),
    bad_state = MAKE_SQLSTATE('S', 'H', '0', '1', '1'),
    hold_expired = MAKE_SQLSTATE('S', 'H', '0', '1', '2'),
    idempotency_mismatch = MAKE_SQLSTATE('S', 'H', '0', '1', '3'),
    more_than_held = MAKE_SQLSTATE('S', 'H', '0', '1', '4'),
    below_reserved = MAKE_SQLSTATE('S', 'H', '0', '1', '5'),
    direct_write = MAKE_SQLSTATE('S', 'H', '0', '2', '0'),
    bad_input = ERRCODE_INVALID_PARAMETER_VALUE,  // 22023
    check_violation = ERRCODE_CHECK_VIOLATION,    // 23514, a row breaking a level's, lot's or hold's rules
    internal = ERRCODE_INTERNAL_ERROR,            // XX000
    out_of_memory = ERRCODE_OUT_OF_MEMORY,        // 53200
    // the library and the database's extension objects are different versions
    version_mismatch = ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE,  // 55000
};

}  // namespace sh
