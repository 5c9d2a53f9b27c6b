#include "triggers/direct_writes.hpp"

#include <string>

#include "bridge/settings.hpp"
#include "core/errors.hpp"
#include "stock/write_scope.hpp"

namespace sh::direct_writes {

bool repair_allowed() { return settings::allow_direct_writes && superuser(); }

bool allowed() { return write_scope::active() || repair_allowed(); }

bool restore_insert_allowed() { return superuser(); }

void refuse(Relation rel) {
    fail(Code::direct_write, std::string("direct writes to stockhold.") + RelationGetRelationName(rel) + " are refused",
         "on_hand and reserved change only through stockhold's functions (receive, adjust, hold, release, fulfil, ...).",
         "Use stockhold.adjust() for a stock take. For a repair, a superuser may SET stockhold.allow_direct_writes = on.");
}

}  // namespace sh::direct_writes
