// Foreign keys a write proves itself. PostgreSQL checks each foreign key of
// an inserted row with an AFTER trigger that runs SELECT ... FOR KEY SHARE
// through SPI (about 5% of a hold each). When this transaction created the
// referenced row earlier in the same call (so no other transaction can see
// it, let alone delete it), or has just updated it (so holds its row lock
// to the end), that query can find nothing the write does not already
// know: the row exists and nobody else can delete it or change its key.
// For such keys the insert goes without the check; every other key, and
// every other writer, is checked by PostgreSQL as always.
//
// Plain functions for table_write, inside its pg_guard.
#pragma once

#include "rows/table_write.hpp"

namespace sh::known_keys {

// The trigger descriptor to insert into table t with: the table's own, or
// a shallow copy in the statement's memory without the insert checks of
// the known keys (matched by referenced table and columns).
TriggerDesc* without_checks(table_write::Statement* s, int t, const table_write::KnownKey* keys, int nkeys);

// After the insert: refuses the row (ERROR) if a BEFORE trigger changed a
// known key's columns, which the skipped check would then not have covered.
void check_unchanged(table_write::Statement* s, int t, TupleTableSlot* slot, const table_write::Column* columns,
                     int n, const table_write::KnownKey* keys, int nkeys);

// Empties the cache of which foreign keys are known ones; the relcache
// callback registered by _PG_init (a trigger or constraint may have changed).
void forget();

}  // namespace sh::known_keys
