// Marks the stretch of a call in which the stock-level module itself writes
// stock_levels; the guard trigger refuses on_hand/reserved writes outside it.
// Transaction and subtransaction abort reset it (module/module.cpp), so a
// failure can never leave it open.
#pragma once

namespace sh::write_scope {

bool active();
void reset();

class Scope {
public:
    Scope();
    ~Scope();
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;
};

}  // namespace sh::write_scope
