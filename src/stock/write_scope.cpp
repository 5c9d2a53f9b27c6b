#include "stock/write_scope.hpp"

namespace sh::write_scope {

namespace {
int depth = 0;
}

bool active() { return depth > 0; }
void reset() { depth = 0; }

Scope::Scope() { ++depth; }
Scope::~Scope() {
    if (depth > 0) --depth;
}

}  // namespace sh::write_scope
