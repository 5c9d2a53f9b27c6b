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

// The attribute number of a column, by name (a string literal: its address
// keys a cache, which forget_columns(), the relcache callback registered by
// _PG_init, empties). column_or_zero() says 0 for a missing column.
AttrNumber column(TupleDesc desc, const char* name);
AttrNumber column_or_zero(TupleDesc desc, const char* name);
void forget_columns();

// A column's value in a slot, which must not be null.
Datum value(TupleTableSlot* slot, AttrNumber att);

// The snapshot a new statement would use (registered: unregister it), after
// making the call's earlier writes visible to it.
Snapshot statement_snapshot();

// Reads into slot the first row of table whose index stockhold.<index> has
// key in its first column; false if there is none.
bool find_one(Relation table, const char* index, ScanKeyData* key, Snapshot snapshot, TupleTableSlot* slot);

// Whether a row of table has key in the first column of unique index,
// counting rows that other transactions are inserting or deleting right now
// (a dirty snapshot, as ON CONFLICT's check of its arbiter index does). With
// wait, such a transaction is waited for and the index looked at again;
// without, it is reported as in_progress. A committed row that this
// transaction's snapshot cannot see (REPEATABLE READ) is a serialization
// failure (40001): it may not decide anything. slot receives the row found.
enum class KeyTaken { no, yes, in_progress };
KeyTaken probe_key(Relation table, Relation index, RegProcedure eq, Datum key, bool wait, TupleTableSlot* slot);

// The same for stockhold.<table> and stockhold.<index>, opened here.
KeyTaken probe_key(const char* table, const char* index, RegProcedure eq, Datum key, bool wait);

}  // namespace sh::relations
