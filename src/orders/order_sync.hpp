// Orders that drive stock (attach_order_status): when an attached table's
// status column takes a value its actions name, the order with that
// order_ref is reconciled with the lines the table's lines function gives:
//   hold     hold what the lines ask beyond what the order holds or shipped,
//            release what it holds beyond them (holds get stockhold.hold_ttl)
//   confirm  as hold, then confirm
//   fulfil   as hold, then ship everything held
//   cancel   cancel the order (one stockhold never saw: nothing)
//   release  release the order's active holds (one never seen: nothing)
// Reconciling is idempotent: the same status and lines again change nothing.
// The lines function runs with the rights of the role that changed the
// table; the stock work as stockhold's owner (bridge/owner_rights.hpp), all
// through stockhold's own functions, so the ledger names that role. A
// refusal is raised, or, with on_failure 'record', caught: the order's stock
// stays as it was and the failure is written to order_sync_failures (with
// NOTIFY stockhold_order_sync). Serialization failures and deadlocks (class
// 40) always propagate.
#pragma once

#include <string>

#include "bridge/pg.hpp"

namespace sh::order_sync {

// Acts on order_ref of the attached table relid for status (nothing if
// status is not one of its actions). False if relid is not attached.
bool act(Oid relid, const std::string& order_ref, const std::string& status);

}  // namespace sh::order_sync
