// Whether backorder lines exist, without a planned statement: the look
// every call that frees stock (or withdraws an order's lines) takes at the
// queues first, when most items and orders have none.
//
// A plain function: it may raise a PostgreSQL error, so callers run it
// inside pg_guard.
#pragma once

#include "bridge/pg.hpp"

namespace sh::queue_probe {

// Whether stockhold.backorder_lines has a row whose first column of
// stockhold.<index> is key, as a new statement would see it.
bool any(const char* index, int64 key);

}  // namespace sh::queue_probe
