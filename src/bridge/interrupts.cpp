#include "core/interrupts.hpp"

#include "bridge/guard.hpp"

namespace sh {

void check_interrupts() {
    // CHECK_FOR_INTERRUPTS(), with the guard only when one is pending.
    if (INTERRUPTS_PENDING_CONDITION()) pg_guard([] { ProcessInterrupts(); });
}

}  // namespace sh
