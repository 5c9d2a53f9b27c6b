// SPI with plans prepared once per backend (SPI_keepplan) and every call
// that may raise routed through pg_guard. Results are plain views on the
// SPI tuple table: valid until the call's SPI_finish.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "bridge/guard.hpp"
#include "bridge/numeric.hpp"

namespace sh::spi {

constexpr int max_args = 12;

// A statement with fixed argument types. Declare one as a function-local
// static; it is prepared on first use and kept for the life of the backend
// (the plan cache re-plans it after DDL on the tables it reads).
struct Plan {
    Plan(const char* sql_text, std::initializer_list<Oid> arg_types);
    const char* sql;
    int nargs = 0;
    Oid types[max_args] = {};
    SPIPlanPtr plan = nullptr;
};

struct Arg {
    Datum value;
    bool null;
};

Arg int8(int64 v);
Arg int4(int32 v);
Arg boolean(bool v);
Arg text(const std::string& v);
Arg name(const std::string& v);  // a role name (type name)
Arg text_or_null(const char* v);
Arg qty(qty_t v);
Arg datum(Datum v, bool null = false);
// An int8[] / int4[] argument (for = ANY($n)).
Arg int8_array(const std::vector<int64>& v);
Arg int4_array(const std::vector<int32>& v);
inline Arg null() { return {Datum(0), true}; }

class Result {
public:
    Result(SPITupleTable* table, uint64 rows) : table_(table), rows_(rows) {}
    uint64 size() const { return rows_; }
    bool empty() const { return rows_ == 0; }
    bool is_null(uint64 row, int col) const;
    Datum get(uint64 row, int col) const;  // col is 1-based, as in SPI
    int64 int8(uint64 row, int col) const { return DatumGetInt64(get(row, col)); }
    int32 int4(uint64 row, int col) const { return DatumGetInt32(get(row, col)); }
    bool boolean(uint64 row, int col) const { return DatumGetBool(get(row, col)); }
    std::string text(uint64 row, int col) const;
    qty_t qty(uint64 row, int col) const;  // NULL reads as 0

private:
    SPITupleTable* table_;
    uint64 rows_;
};

// Runs a kept plan (read-write, new snapshot per statement under READ COMMITTED).
Result run(Plan& plan, std::initializer_list<Arg> args, long limit = 0);

// Runs a statement once, planned for this call only: for SQL that names an
// application's objects (quoted identifiers from the catalog, never caller
// text). Its arguments are text.
Result run_once(const std::string& sql, std::initializer_list<Arg> args = {});

// SPI connection for the duration of one SQL-callable function. On success
// call finish(); after an error the transaction abort cleans SPI up, so the
// object deliberately does nothing when unwinding.
class Connection {
public:
    Connection();
    void finish();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
};

}  // namespace sh::spi
