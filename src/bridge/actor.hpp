// The role that called stockhold, as the ledger records it. Functions run
// SECURITY DEFINER, so current_user is the owner; the outer user ID is the
// caller's role (after SET ROLE), which is what an audit trail wants.
#pragma once

#include <string>

namespace sh {
std::string actor();
}
