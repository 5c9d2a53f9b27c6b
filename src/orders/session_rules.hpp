// What a sales session requires of the holds that join it: a known session
// (SH005) that is open now (SH010, closed or outside its opening hours).
// Holds take the session row FOR SHARE, which close_session() waits for.
#pragma once

#include <string>

#include "bridge/pg.hpp"

namespace sh::session_rules {

// The session, locked for share; its id.
int64 lock_open(const std::string& session_ref);

// The same for a session known by id (an order's).
void check_open(int64 session_id);

}  // namespace sh::session_rules
