// stockhold's own tables, indexes and sequences, and their columns, by
// name, and reading a row by key, for the code that reads and writes rows
// without SQL (table_write, level_scan, alerts). Plain functions: they raise
// PostgreSQL errors, so call them inside pg_guard.
#pragma once

#include "bridge/pg.hpp"

namespace sh::relations {

// The OID of stockhold.<name>, from a per-backend cache that forget()
// empties whenever a pg_class or pg_namespace entry changes. Only for a
// relation whose table this transaction has already locked (an index of a
// table being written); anything else goes through lock().
Oid oid(const char* name);

// The OID of stockhold.<name>, locked in mode. If names changed while the
// lock was being taken (the relation dropped, renamed or replaced), it looks
// again, as RangeVarGetRelidExtended does, so the OID returned is the
// relation that has the name now.
Oid lock(const char* name, LOCKMODE mode);

// Empties the cache of oid(); the syscache callback registered by _PG_init.
void forget();

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
bool read_column(const char* table, const char* index, RegProcedure eq, Datum key, const char* column, Datum* value,
            bool* isnull);

}  // namespace sh::relations
