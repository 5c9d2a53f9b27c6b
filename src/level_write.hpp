// Marks the stretch of a call in which the stock-level module itself writes
// stock_levels; the guard trigger refuses on_hand/reserved writes outside it.
// Transaction and subtransaction abort reset it (see settings.cpp), so a
// failure can never leave it open.
#pragma once

namespace sh::level_write {

bool active();
void reset();

class Scope {
public:
    Scope();
    ~Scope();
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;
};

}  // namespace sh::level_write
