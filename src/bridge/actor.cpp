#include "bridge/actor.hpp"

#include "bridge/guard.hpp"

namespace sh {

std::string actor() {
    return pg_guard([] { return GetUserNameFromId(GetOuterUserId(), false); });
}

}  // namespace sh
