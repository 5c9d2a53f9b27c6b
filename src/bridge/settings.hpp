// stockhold.* settings (GUCs), defined in _PG_init.
#pragma once

namespace sh::settings {
extern char* hold_ttl;             // stockhold.hold_ttl: default hold lifetime, '' = none
extern bool allow_direct_writes;   // stockhold.allow_direct_writes: superuser repair switch
extern int allocation_strategy;    // stockhold.allocation_strategy: a Strategy, for items without their own
extern bool notify;                // stockhold.notify: send NOTIFYs (off for two-phase commit)
extern char* idempotency_retention;  // stockhold.idempotency_retention: how long keys are kept
}
