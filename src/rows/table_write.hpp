// Writing rows of stockhold's tables without planning a statement, the way
// PostgreSQL's logical replication applies rows (executor/execReplication.c):
// BEFORE row triggers fire per row, AFTER row triggers (foreign key checks
// included, but for the known keys of known_keys.hpp) at finish(), NOT NULL
// is checked and every index gets its entry, as in an INSERT or UPDATE.
// Statement-level triggers do not fire.
//
// Plain data and plain functions only: each may raise a PostgreSQL error,
// so callers run them inside one pg_guard. Nothing here outlives the call.
#pragma once

#include "bridge/pg.hpp"
#include "rows/relations.hpp"

namespace sh::table_write {

constexpr int max_tables = 4;

// One statement's worth of writes to up to max_tables tables.
struct Statement {
    EState* estate;
    int ntables;
    ResultRelInfo* tables[max_tables];
    TupleTableSlot* old_row[max_tables];  // filled by fetch()
    TupleTableSlot* new_row[max_tables];
};

struct Column {
    const char* name;
    Datum value;
    bool null;
};

// Opens stockhold.<names[i]> as table i (RowExclusiveLock) after making the
// call's earlier writes visible, as the next statement would see them. Bit
// i of unless_tables: table i is written with insert_unless().
void begin(Statement* s, const char* const* names, int n, unsigned unless_tables = 0);

// Reads into s->old_row[t] the row version at tid, which the caller has
// locked (so it is the newest); returns the value of one of its columns.
void fetch(Statement* s, int t, ItemPointer tid);
Datum old_value(Statement* s, int t, const char* column);

// Reads into s->old_row[t] the row of table t whose bigint key in
// unique_index is key, as a new statement would see it. The caller holds
// the lock that keeps others from changing it (so it is the newest).
void fetch_by_key(Statement* s, int t, const char* unique_index, int64 key);

// A foreign key of the inserted row (its columns, in the constraint's
// order) whose referenced row in stockhold.<referenced> this transaction
// created earlier in the same call or has updated: see known_keys.hpp.
constexpr int max_key_columns = 3;
struct KnownKey {
    const char* referenced;
    const char* columns[max_key_columns];
    int ncolumns;
};

// Inserts a row into table t; every column of the table must be given.
// PostgreSQL checks its foreign keys, except the known ones.
void insert(Statement* s, int t, const Column* columns, int n, const KnownKey* known = nullptr, int nknown = 0);

// The same, unless a row with the same key in unique_index exists: as
// INSERT ... ON CONFLICT (that key) DO NOTHING. True if inserted. Expect
// says whether to look for the key before the first try, as PostgreSQL
// does: only an optimisation (the speculative insertion decides), which
// saves a dead row when the key often exists and costs an index descent
// when it rarely does.
enum class Expect { maybe_existing, new_key };
bool insert_unless(Statement* s, int t, const Column* columns, int n, const char* unique_index, Expect expect,
                   const KnownKey* known = nullptr, int nknown = 0);

// relations::probe_key() on a unique index of table t, which this statement
// has open (begin()).
relations::KeyTaken key_taken(Statement* s, int t, const char* unique_index, RegProcedure eq, Datum key, bool wait);

// Updates the fetched row of table t: the given columns change, the rest is
// kept. Returns the new version's tid.
ItemPointerData update(Statement* s, int t, const Column* changed, int n);

// Fires the statement's AFTER row triggers, then closes everything.
void finish(Statement* s);

// The next value of sequence stockhold.<sequence>.
int64 next_id(const char* sequence);

// The value of an enum column of table t from its label (static text).
Datum enum_value(Statement* s, int t, const char* column, const char* label);

// Empties the cache of enum_value(); the syscache callback on types
// registered by _PG_init.
void forget();

}  // namespace sh::table_write
