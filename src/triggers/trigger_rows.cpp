#include "triggers/trigger_rows.hpp"

#include "bridge/guard.hpp"
#include "core/errors.hpp"
#include "rows/relations.hpp"

namespace sh::trigger_rows {

TriggerData* trigger_data(FunctionCallInfo fcinfo) {
    if (!CALLED_AS_TRIGGER(fcinfo)) fail(Code::internal, "stockhold trigger function called outside a trigger");
    return reinterpret_cast<TriggerData*>(fcinfo->context);
}

int column(TupleDesc desc, const char* name) {
    int attno = relations::column_or_zero(desc, name);
    if (attno <= 0) fail(Code::internal, std::string("the trigger's table has no column ") + name);
    return attno;
}

Datum quantity(HeapTuple tuple, TupleDesc desc, int attno) {
    bool isnull = false;
    Datum d = pg_guard([&] { return heap_getattr(tuple, attno, desc, &isnull); });
    if (isnull) fail(Code::bad_input, "stock level quantities must not be NULL");
    return d;
}

bool value_of(HeapTuple tuple, TupleDesc desc, int attno, Datum* value) {
    bool isnull = false;
    *value = pg_guard([&] { return heap_getattr(tuple, attno, desc, &isnull); });
    return !isnull;
}

bool numeric_equal(Datum a, Datum b) {
    return pg_guard([&] { return DatumGetBool(DirectFunctionCall2(numeric_eq, a, b)); });
}

Datum numeric_zero() {
    return pg_guard([] { return NumericGetDatum(int64_to_numeric(0)); });
}

bool numeric_less(Datum a, Datum b) {
    return pg_guard([&] { return DatumGetBool(DirectFunctionCall2(numeric_lt, a, b)); });
}

std::string numeric_text(Datum d) {
    return pg_guard([&] { return DatumGetCString(DirectFunctionCall1(numeric_out, d)); });
}

}  // namespace sh::trigger_rows
