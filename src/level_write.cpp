#include "level_write.hpp"

namespace sh::level_write {

namespace {
int depth = 0;
}

bool active() { return depth > 0; }
void reset() { depth = 0; }

Scope::Scope() { ++depth; }
Scope::~Scope() {
    if (depth > 0) --depth;
}

}  // namespace sh::level_write
