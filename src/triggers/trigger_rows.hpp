// What stockhold's C++ triggers read of the row they fire for. Refusals
// here are internal errors (a trigger function attached where it does not
// belong) or 22023 (a NULL quantity).
#pragma once

#include <string>

#include "bridge/pg.hpp"

namespace sh::trigger_rows {

// The trigger's data; XX000 if the function was not called as a trigger.
TriggerData* trigger_data(FunctionCallInfo fcinfo);

// The attribute number of a column of the trigger's table.
int column(TupleDesc desc, const char* name);

// A quantity column of a row (NULL refused: 22023).
Datum quantity(HeapTuple tuple, TupleDesc desc, int attno);

// Any column of a row: false (and *value unset) if NULL.
bool value_of(HeapTuple tuple, TupleDesc desc, int attno, Datum* value);

bool numeric_equal(Datum a, Datum b);
bool numeric_less(Datum a, Datum b);
Datum numeric_zero();
std::string numeric_text(Datum d);

}  // namespace sh::trigger_rows
