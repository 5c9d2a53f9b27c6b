// Cancellation for loops that grow with the caller's input: a statement
// timeout or pg_cancel_backend() ends the call there instead of after the
// loop. Declared here without server headers, so plain C++ can call it;
// defined in interrupts.cpp. Throws (PgError) when the call is to end.
#pragma once

namespace sh {

void check_interrupts();

}  // namespace sh
