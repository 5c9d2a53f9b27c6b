#include "actor.hpp"

#include "guard.hpp"

namespace sh {

std::string actor() {
    return pg_guard([] { return GetUserNameFromId(GetOuterUserId(), false); });
}

}  // namespace sh
