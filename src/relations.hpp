// stockhold's own tables, indexes and sequences, and their columns, by
// name, and reading a row by key, for the code that reads and writes rows
// without SQL (table_write, level_scan, alerts). Plain functions: they raise
// PostgreSQL errors, so call them inside pg_guard.
#pragma once

#include "pg.hpp"

namespace sh::relations {

// The OID of stockhold.<name>.
Oid oid(const char* name);

// The attribute number of a column, by name.
AttrNumber column(TupleDesc desc, const char* name);

// A column's value in a slot, which must not be null.
Datum value(TupleTableSlot* slot, AttrNumber att);

// The snapshot a new statement would use (registered: unregister it), after
// making the call's earlier writes visible to it.
Snapshot statement_snapshot();

// Reads into slot the first row of table whose index stockhold.<index> has
// key in its first column; false if there is none.
bool find_one(Relation table, const char* index, ScanKeyData* key, Snapshot snapshot, TupleTableSlot* slot);

// One column of the row of stockhold.<table> whose index stockhold.<index>
// has key (compared with equality function eq) in its first column, as a new
// statement would see it, copied into the caller's memory. False if there is
// no such row; *isnull says whether the column is NULL.
bool lookup(const char* table, const char* index, RegProcedure eq, Datum key, const char* column, Datum* value,
            bool* isnull);

}  // namespace sh::relations
