// The SQLSTATEs stockhold raises, in one place. Applications and test suites
// match on these codes, so they never change meaning. Plain C++: the codes
// are computed as PostgreSQL's MAKE_SQLSTATE computes them (boundary.cpp
// checks that both agree), so code that only decides may refuse.
#pragma once

namespace sh {

// PostgreSQL's packing of a five-character SQLSTATE into an int (elog.h).
constexpr int sqlstate(const char (&code)[6]) {
    int packed = 0;
    for (int i = 0; i < 5; ++i) packed += ((code[i] - '0') & 0x3F) << (6 * i);
    return packed;
}

enum class Code : int {
    insufficient_stock = sqlstate("SH001"),
    unknown_sku = sqlstate("SH002"),
    unknown_location = sqlstate("SH003"),
    unknown_order = sqlstate("SH004"),
    unknown_session = sqlstate("SH005"),
    session_not_open = sqlstate("SH010"),
    bad_state = sqlstate("SH011"),
    hold_expired = sqlstate("SH012"),
    idempotency_mismatch = sqlstate("SH013"),
    more_than_held = sqlstate("SH014"),
    below_reserved = sqlstate("SH015"),
    direct_write = sqlstate("SH020"),
    bad_input = sqlstate("22023"),        // invalid_parameter_value
    serialization_failure = sqlstate("40001"),  // retry the transaction
    check_violation = sqlstate("23514"),  // a row breaking a level's, lot's or hold's rules
    internal = sqlstate("XX000"),
    out_of_memory = sqlstate("53200"),
    // the library and the database's extension objects are different versions
    version_mismatch = sqlstate("55000"),  // object_not_in_prerequisite_state
    not_attached = sqlstate("55000"),      // a table that attach_order_status() did not attach
    insufficient_privilege = sqlstate("42501"),
};

}  // namespace sh
