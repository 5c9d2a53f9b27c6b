#include "rows/queue_probe.hpp"

#include "rows/relations.hpp"

namespace sh::queue_probe {

bool any(const char* index, int64 key) {
    Snapshot snapshot = relations::statement_snapshot();
    Relation lines = table_open(relations::lock("backorder_lines", AccessShareLock), NoLock);
    TupleTableSlot* slot = table_slot_create(lines, nullptr);
    ScanKeyData scan_key;
    ScanKeyInit(&scan_key, 1, BTEqualStrategyNumber, F_INT8EQ, Int64GetDatum(key));
    bool found = relations::find_one(lines, index, &scan_key, snapshot, slot);
    ExecDropSingleTupleTableSlot(slot);
    table_close(lines, NoLock);
    UnregisterSnapshot(snapshot);
    return found;
}

}  // namespace sh::queue_probe
