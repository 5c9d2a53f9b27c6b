#include "stock/write_scope.hpp"

namespace sh::write_scope {

namespace {
int depth = 0;
int reshape_depth = 0;
}  // namespace

bool active() { return depth > 0; }
bool reshaping() { return reshape_depth > 0; }
void reset() { depth = reshape_depth = 0; }

Scope::Scope() { ++depth; }
Scope::~Scope() {
    if (depth > 0) --depth;
}

Reshaping::Reshaping() { ++reshape_depth; }
Reshaping::~Reshaping() {
    if (reshape_depth > 0) --reshape_depth;
}

}  // namespace sh::write_scope
