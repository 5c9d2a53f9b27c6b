#include "bridge/spi.hpp"

#include <stdexcept>

#include "core/errors.hpp"

namespace sh::spi {

Plan::Plan(const char* sql_text, std::initializer_list<Oid> arg_types) : sql(sql_text) {
    for (Oid t : arg_types) types[nargs++] = t;
}

Arg int8(int64 v) { return {Int64GetDatum(v), false}; }
Arg int4(int32 v) { return {Int32GetDatum(v), false}; }
Arg boolean(bool v) { return {BoolGetDatum(v), false}; }
Arg datum(Datum v, bool null) { return {v, null}; }
Arg qty(qty_t v) { return {qty_to_numeric(v), false}; }

namespace {

template <typename T>
Arg array_of(const std::vector<T>& v, Oid type, Datum (*to_datum)(T)) {
    return {pg_guard([&] {
                Datum* elems = static_cast<Datum*>(palloc(sizeof(Datum) * (v.size() + 1)));
                for (size_t i = 0; i < v.size(); ++i) elems[i] = to_datum(v[i]);
                int16 len;
                bool byval;
                char align;
                get_typlenbyvalalign(type, &len, &byval, &align);
                return PointerGetDatum(construct_array(elems, int(v.size()), type, len, byval, align));
            }),
            false};
}

Datum int8_datum(int64 v) { return Int64GetDatum(v); }
Datum int4_datum(int32 v) { return Int32GetDatum(v); }

}  // namespace

Arg int8_array(const std::vector<int64>& v) { return array_of<int64>(v, INT8OID, int8_datum); }
Arg int4_array(const std::vector<int32>& v) { return array_of<int32>(v, INT4OID, int4_datum); }

Arg text(const std::string& v) {
    const char* data = v.data();
    int len = int(v.size());
    return {pg_guard([&] { return PointerGetDatum(cstring_to_text_with_len(data, len)); }), false};
}

Arg name(const std::string& v) {
    const char* c = v.c_str();
    return {pg_guard([&] { return DirectFunctionCall1(namein, CStringGetDatum(c)); }), false};
}

Arg text_or_null(const char* v) {
    if (!v) return null();
    return text(std::string(v));
}

bool Result::is_null(uint64 row, int col) const {
    // SPI answers a column the statement does not have with NULL: a reader
    // out of step with its SELECT list would read NULLs and zeros silently.
    if (col < 1 || col > table_->tupdesc->natts || row >= rows_) throw std::logic_error("SPI result has no such column or row");
    bool isnull = false;
    SPI_getbinval(table_->vals[row], table_->tupdesc, col, &isnull);
    return isnull;
}

Datum Result::get(uint64 row, int col) const {
    if (col < 1 || col > table_->tupdesc->natts || row >= rows_) throw std::logic_error("SPI result has no such column or row");
    bool isnull = false;
    Datum d = SPI_getbinval(table_->vals[row], table_->tupdesc, col, &isnull);
    if (isnull) return Datum(0);
    return d;
}

std::string Result::text(uint64 row, int col) const {
    if (is_null(row, col)) return {};
    Datum d = get(row, col);
    struct varlena* t = pg_guard([&] { return pg_detoast_datum_packed(reinterpret_cast<struct varlena*>(DatumGetPointer(d))); });
    return std::string(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));
}

qty_t Result::qty(uint64 row, int col) const {
    if (is_null(row, col)) return 0;
    return qty_from_numeric(get(row, col), "stored quantity");
}

Result run(Plan& p, std::initializer_list<Arg> args, long limit) {
    if ((int)args.size() != p.nargs) throw std::logic_error(std::string("argument count mismatch for: ") + p.sql);
    if (!p.plan) {
        p.plan = pg_guard([&] {
            SPIPlanPtr prepared = SPI_prepare(p.sql, p.nargs, p.types);
            if (prepared == nullptr) elog(ERROR, "SPI_prepare failed (%s) for: %s", SPI_result_code_string(SPI_result), p.sql);
            SPI_keepplan(prepared);
            return prepared;
        });
    }
    Datum values[max_args];
    char nulls[max_args];
    int i = 0;
    for (const Arg& a : args) {
        values[i] = a.value;
        nulls[i] = a.null ? 'n' : ' ';
        ++i;
    }
    SPIPlanPtr plan = p.plan;
    int rc = pg_guard([&] { return SPI_execute_plan(plan, values, nulls, false, limit); });
    if (rc < 0) throw std::runtime_error(std::string("SPI_execute_plan failed: ") + SPI_result_code_string(rc));
    return Result(SPI_tuptable, SPI_processed);
}

Result run_once(const std::string& sql, std::initializer_list<Arg> args) {
    if (args.size() > size_t(max_args)) throw std::logic_error("too many arguments for: " + sql);
    Oid types[max_args];
    Datum values[max_args];
    char nulls[max_args];
    int n = 0;
    for (const Arg& a : args) {
        types[n] = TEXTOID;
        values[n] = a.value;
        nulls[n] = a.null ? 'n' : ' ';
        ++n;
    }
    const char* text = sql.c_str();
    int rc = pg_guard([&] { return SPI_execute_with_args(text, n, types, values, nulls, false, 0); });
    if (rc < 0) throw std::runtime_error(std::string("SPI_execute_with_args failed: ") + SPI_result_code_string(rc));
    return Result(SPI_tuptable, SPI_processed);
}

Connection::Connection() {
    pg_guard([] {
        if (SPI_connect() != SPI_OK_CONNECT) elog(ERROR, "SPI_connect failed");
    });
}

void Connection::finish() {
    pg_guard([] { SPI_finish(); });
}

}  // namespace sh::spi
